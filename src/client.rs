//! [`ChatClient`] and its [`ClientBuilder`]: one cheap-to-clone handle whose every call goes
//! through the same path: request id, headers, retry loop, auth, connection pool.
//!
//! About 600 lines, kept together on purpose: the builder assembles exactly the inner state
//! the send path reads, and half the file is the builder's documented options.

use std::sync::Arc;
use std::time::Duration;

use http::uri::PathAndQuery;
use tonic::transport::{Channel, Endpoint};

use crate::auth::{Credentials, TokenCache};
use crate::encoding::routing_header;
use crate::error::{Error, Result};
use crate::options::CallOptions;
use crate::quotas::QuotaPacer;
use crate::retry::{
    self, DefaultRetryPolicy, ExponentialBackoff, NoRetry, RetryBudget, RetryPolicy, RetrySettings,
};
use crate::rpc::{RetryClass, RpcRequest};
use crate::transport::{AttemptHeaders, ChannelPool, GoogleHeaders, grpc_timeout, static_headers};

/// The Chat API's endpoint.
pub const DEFAULT_ENDPOINT: &str = "https://chat.googleapis.com";

/// A Google Chat API client.
///
/// Cheap to clone (an `Arc` inside) and `Send + Sync`: build one and share it. Every call
/// fills a missing `request_id` on creates (so a retried create cannot post twice), sets
/// Google's headers and the deadline, retries per the [`RetryPolicy`], and carries a
/// fresh token on every attempt.
///
/// ```no_run
/// use google_chat_grpc::ChatClient;
/// use google_chat_grpc::auth::{Credentials, scopes};
/// use google_chat_grpc::proto::chat::v1::{CreateMessageRequest, Message};
///
/// # async fn run() -> Result<(), google_chat_grpc::Error> {
/// let client = ChatClient::builder()
///     .credentials(Credentials::service_account_file("chat-app-key.json"))
///     .scopes(scopes::APP)
///     .build()
///     .await?;
/// let message = client
///     .send(CreateMessageRequest {
///         parent: "spaces/AAAAabcdef".into(),
///         message: Some(Message { text: "Hello from Rust".into(), ..Default::default() }),
///         ..Default::default()
///     })
///     .await?;
/// println!("posted {}", message.name);
/// # Ok(())
/// # }
/// ```
#[derive(Clone)]
pub struct ChatClient {
    inner: Arc<ClientInner>,
}

/// The stack under a [`ChatClient`], as `assemble` builds it; each attempt adds the token.
type Stack = GoogleHeaders<ChannelPool>;

struct ClientInner {
    /// Each attempt makes its call on a copy carrying its own headers.
    stack: Stack,
    /// The endpoint's path, when it has one (`https://proxy/chat`): it goes before every
    /// method's, as tonic puts an origin's path.
    path_prefix: Option<String>,
    max_decoding_message_size: usize,
    /// Where each attempt's token comes from; `None`: no `authorization` header.
    tokens: Option<Arc<TokenCache>>,
    retry: RetrySettings,
    /// `grpc-timeout` for `retry.attempt_timeout`, the value of almost every attempt,
    /// formatted once.
    timeout_header: http::HeaderValue,
    auto_request_id: bool,
    endpoint: String,
    /// The HTTP side for attachment bytes, to the same host (`src/media/`).
    #[cfg(feature = "media")]
    media: crate::media::MediaTransport,
    /// Paces calls to the usage limits (`ClientBuilder::pace_to_quotas`).
    pacer: Option<QuotaPacer>,
}

impl std::fmt::Debug for ChatClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ChatClient")
            .field("endpoint", &self.inner.endpoint)
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

impl ChatClient {
    /// A builder with Google's defaults: `https://chat.googleapis.com`, Application
    /// Default Credentials, app scope (`chat.bot`).
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client over a channel you built yourself (custom TLS, a proxy, an in-memory
    /// transport), without credentials. Use [`ClientBuilder::build_with_channel`] to add
    /// credentials and other settings.
    ///
    /// The `user-agent` header is then your channel's: tonic's `tonic/<version>`, after
    /// whatever you set with `Endpoint::user_agent`, without this crate's
    /// `google-chat-grpc/<version>`.
    pub fn from_channel(channel: Channel) -> Result<Self> {
        ClientBuilder::default()
            .credentials(Credentials::none())
            .assemble(vec![channel], None)
    }

    /// What the media transfers share with the gRPC calls: the HTTP transport to the same
    /// host, the token cache, the retry settings and the quota pacer.
    #[cfg(feature = "media")]
    pub(crate) fn media_parts(&self) -> crate::media::MediaParts<'_> {
        let inner = &*self.inner;
        crate::media::MediaParts {
            transport: &inner.media,
            tokens: inner.tokens.as_ref(),
            retry: &inner.retry,
            pacer: inner.pacer.as_ref(),
        }
    }

    /// Sends a request with the client's defaults. The request type picks the RPC.
    ///
    /// ```no_run
    /// # async fn run(client: google_chat_grpc::ChatClient) -> Result<(), google_chat_grpc::Error> {
    /// use google_chat_grpc::proto::chat::v1::GetSpaceRequest;
    ///
    /// let space = client.send(GetSpaceRequest { name: "spaces/AAAA".into(), ..Default::default() }).await?;
    /// # Ok(()) }
    /// ```
    pub fn send<R: RpcRequest>(
        &self,
        request: R,
    ) -> impl Future<Output = Result<R::Response>> + Send + use<'_, R> {
        call(self, request, CallOptions::default(), true)
    }

    /// Applies a typed update ([`SpaceUpdate`](crate::update::SpaceUpdate),
    /// [`MessageUpdate`](crate::update::MessageUpdate), ...): the field values and their
    /// mask paths together, with the documented rules checked before the wire.
    ///
    /// ```no_run
    /// # async fn run(client: google_chat_grpc::ChatClient) -> Result<(), google_chat_grpc::Error> {
    /// use google_chat_grpc::update::SpaceUpdate;
    ///
    /// let space = client
    ///     .update(SpaceUpdate::new("spaces/AAAA").set_space_details("Release planning", "Be kind"))
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn update<U: crate::update::Update>(
        &self,
        update: U,
    ) -> Result<<U::Request as RpcRequest>::Response> {
        // `into_request` runs the request's one check; sending does not repeat it.
        let request = update.into_request()?;
        call(self, request, CallOptions::default(), false).await
    }

    /// Sends a request with per-call options.
    pub fn send_with<R: RpcRequest>(
        &self,
        request: R,
        options: CallOptions,
    ) -> impl Future<Output = Result<R::Response>> + Send + use<'_, R> {
        call(self, request, options, true)
    }
}

/// One call, from the request's check (when `validate`: [`ChatClient::update`] has run it
/// already) to its result, for [`ChatClient::send`], [`ChatClient::send_with`] and
/// [`RequestBuilder::send`](crate::builder::RequestBuilder::send) alike, on a borrowed or an
/// owned client.
///
/// One `async` block over the arguments, not layers of `async fn`: every `async fn` layer
/// kept a copy of the request in its future (its argument, then the local it was moved
/// into), so a `CreateMessage` call's future had five copies of the 1.7 KB request and
/// weighed 15.8 KB, and moving it into place on each call was 18k instructions of
/// `memcpy`, more than the rest of the stack (BENCHMARKS.md, issue 16).
#[allow(clippy::manual_async_fn)]
pub(crate) fn call<C, R>(
    client: C,
    mut request: R,
    options: CallOptions,
    validate: bool,
) -> impl Future<Output = Result<R::Response>> + Send
where
    C: std::borrow::Borrow<ChatClient> + Send,
    R: RpcRequest,
{
    async move {
        if validate {
            request.validate().map_err(|e| e.with_method(R::METHOD))?;
        }
        let this: &ChatClient = client.borrow();
        let inner = &*this.inner;
        if options.auto_request_id.unwrap_or(inner.auto_request_id)
            && let Some(id) = request.request_id_mut()
            && id.is_empty()
        {
            // Filled once, before the first attempt: every retry carries the same id, so the
            // server returns the resource already created instead of creating another.
            *id = uuid::Uuid::new_v4().to_string();
        }
        // Built before the first attempt, so a value that cannot be a header fails the call
        // before the wire. Percent-encoding leaves only ASCII, so it cannot fail in practice.
        let routing = |request: &R| match request.routing_param() {
            Some((field, value)) => routing_header(field, value).map(Some).map_err(|_| {
                Error::invalid_argument(format!("{field} is not a valid header value"))
            }),
            None => Ok(None),
        };
        // The first attempt takes the bytes and the header as they are; a retry encodes
        // again (prost's encoding is deterministic, so every attempt sends the same bytes).
        // Sharing one `Bytes` between attempts would instead cost a reference-count
        // allocation on every call, for the rare call that is retried.
        let mut first = Some((crate::unary::frame(&request)?, routing(&request)?));
        let settings = retry::CallSettings {
            policy: match options.retry.as_deref() {
                Some(policy) => policy,
                // Google's service config retries nothing for this method.
                None if R::RETRY == RetryClass::NonIdempotent => &NoRetry,
                None => &*inner.retry.policy,
            },
            backoff: &inner.retry.backoff,
            budget: inner.retry.budget.as_ref(),
            attempt_timeout: options.timeout.unwrap_or(inner.retry.attempt_timeout),
            deadline: options.deadline.unwrap_or(inner.retry.deadline),
            idempotency: R::IDEMPOTENCY,
        };

        let mut attempts = 0;
        let mut reconciled = false;
        let pacer = inner.pacer.as_ref();
        let paced = &request;
        let retried = retry::run(settings, |n, timeout| {
            attempts = n;
            // A retry frames the request again; that succeeded once for the same request, so
            // an error here cannot happen, and would fail the attempt rather than send nothing.
            let (body, routing) = match first.take() {
                Some((body, routing)) => (Ok(body), routing),
                None => (
                    crate::unary::frame(&request),
                    routing(&request).ok().flatten(),
                ),
            };
            let mut headers = AttemptHeaders {
                timeout: Some(if timeout == inner.retry.attempt_timeout {
                    inner.timeout_header.clone()
                } else {
                    grpc_timeout(timeout)
                }),
                routing,
                authorization: None,
            };
            // The token goes on where the attempt is made: the cached one at once (no await,
            // no allocation), else fetched first, its failure this attempt's `Auth` error.
            // A paced call may wait for its slot first, so it takes the token after.
            let mut fetch = inner.tokens.as_ref();
            if pacer.is_none()
                && let Some(header) = fetch.and_then(|tokens| tokens.cached())
            {
                headers.authorization = Some(header);
                fetch = None;
            }
            async move {
                // Held until the answer is in: the slot's window starts then.
                let _slot = match pacer {
                    Some(pacer) => {
                        pacer
                            .acquire(crate::quotas::charges(paced), timeout)
                            .await?
                    }
                    None => None,
                };
                if let Some(tokens) = fetch {
                    let header = tokens.header().await.map_err(Error::auth)?;
                    headers.authorization = Some(header);
                }
                let body = body?;
                let path = match &inner.path_prefix {
                    None => PathAndQuery::from_static(R::PATH),
                    Some(prefix) => PathAndQuery::try_from(format!("{prefix}{}", R::PATH))
                        .map_err(|e| {
                            Error::config(format!(
                                "the endpoint's path {prefix:?} cannot prefix a method's"
                            ))
                            .with_source(e)
                        })?,
                };
                // Not boxed: tonic's call future was, as its 2-4 KB were copied with every
                // future around it; this one is smaller, and its copies cost less than an
                // allocation would (BENCHMARKS.md, 2026-12-04).
                crate::unary::call::<_, R::Response>(
                    inner.stack.for_attempt(headers),
                    path,
                    body,
                    inner.max_decoding_message_size,
                )
                .await
                .map_err(Error::from)
            }
        });
        let call = async {
            let error = match retried.await {
                Ok(response) => return Ok(response),
                Err(error) => error,
            };
            // A repeat reporting what an earlier attempt of this call did (`ALREADY_EXISTS`
            // after a lost response, ...) stands for the success it was.
            if error.earlier_attempt_may_have_applied()
                && let Some(reconcile) = request.reconcile(this, &options, &error)
            {
                let outcome = reconcile.await;
                if outcome.is_ok() {
                    tracing::debug!(code = ?error.code(), "reconciled a retry's answer");
                    reconciled = true;
                    return outcome;
                }
            }
            let error = error.with_method(R::METHOD);
            Err(match request.request_id() {
                Some(id) if !id.is_empty() => error.with_request_id(id),
                _ => error,
            })
        };

        let span = tracing::info_span!(
            "chat.call",
            method = R::METHOD,
            attempts = tracing::field::Empty,
            code = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
            reconciled = tracing::field::Empty,
        );
        if span.is_disabled() {
            // Nobody listens: no span to enter on every poll, no clock to read.
            return call.await;
        }
        let started = std::time::Instant::now();
        let result = tracing::Instrument::instrument(call, span.clone()).await;
        span.record("attempts", attempts);
        // To the microsecond: `0.431` rather than `0.43108300000000005` in the logs.
        span.record(
            "latency_ms",
            (started.elapsed().as_secs_f64() * 1e6).round() / 1e3,
        );
        if reconciled {
            span.record("reconciled", true);
        }
        span.record(
            "code",
            tracing::field::debug(match &result {
                Ok(_) => tonic::Code::Ok,
                Err(e) => e.code().unwrap_or(tonic::Code::Unknown),
            }),
        );
        result
    }
}

/// Builds a [`ChatClient`].
///
/// ```no_run
/// use google_chat_grpc::ChatClient;
/// use google_chat_grpc::auth::{Credentials, scopes};
/// use std::time::Duration;
///
/// # async fn run() -> Result<(), google_chat_grpc::Error> {
/// // Against the local emulator: plaintext is allowed explicitly, the token names a user.
/// let client = ChatClient::builder()
///     .endpoint("http://127.0.0.1:8085")
///     .insecure_allow_plaintext()
///     .credentials(Credentials::static_token("user:1001"))
///     .timeout(Duration::from_secs(5))
///     .connect()
///     .await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct ClientBuilder {
    endpoint: String,
    credentials: Credentials,
    scopes: Vec<String>,
    quota_project: Option<String>,
    user_agent_suffix: Option<String>,
    allow_plaintext: bool,
    channels: usize,
    retry: RetrySettings,
    auto_request_id: bool,
    refresh_ahead: Duration,
    connect_timeout: Duration,
    max_decoding_message_size: Option<usize>,
    pacer: Option<QuotaPacer>,
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self {
            endpoint: DEFAULT_ENDPOINT.to_owned(),
            #[cfg(feature = "gcp-auth")]
            credentials: Credentials::application_default(),
            #[cfg(not(feature = "gcp-auth"))]
            credentials: Credentials::none(),
            scopes: crate::auth::scopes::APP
                .iter()
                .map(|s| s.to_string())
                .collect(),
            quota_project: None,
            user_agent_suffix: None,
            allow_plaintext: false,
            channels: 1,
            retry: RetrySettings {
                policy: Arc::new(DefaultRetryPolicy::default()),
                backoff: ExponentialBackoff::default(),
                budget: Some(RetryBudget::default()),
                attempt_timeout: Duration::from_secs(30),
                deadline: Duration::from_secs(60),
            },
            auto_request_id: true,
            refresh_ahead: TokenCache::DEFAULT_REFRESH_AHEAD,
            connect_timeout: Duration::from_secs(10),
            max_decoding_message_size: None,
            pacer: None,
        }
    }
}

impl ClientBuilder {
    /// The server to talk to (default `https://chat.googleapis.com`).
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = endpoint.into();
        self
    }

    /// Allows an `http://` endpoint even when a token would be sent, for a server on this
    /// machine such as the emulator. Without it, plaintext with credentials is refused.
    ///
    /// Only loopback hosts qualify: `localhost`, an address in `127.0.0.0/8`, or `::1`.
    /// Building a client that would send a token in clear to any other host fails with an
    /// [`ErrorKind::Config`](crate::ErrorKind::Config) error, even with this flag; no host
    /// name is resolved to decide (a name that happens to point here is refused too). Use
    /// https there, or [`build_with_channel`](Self::build_with_channel) with a channel you
    /// vouch for. Without credentials ([`Credentials::none`]) an `http://` endpoint is
    /// allowed anywhere, with or without this flag.
    ///
    /// The same flag lets a user credentials file name a loopback `http://` `token_uri`
    /// (a local test token endpoint): see `authorized_user_file` on
    /// [`Credentials`](crate::auth::Credentials).
    pub fn insecure_allow_plaintext(mut self) -> Self {
        self.allow_plaintext = true;
        self
    }

    /// How to authenticate (default: Application Default Credentials).
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = credentials;
        self
    }

    /// The OAuth scopes to request (default [`scopes::APP`](crate::auth::scopes::APP)).
    pub fn scopes<I, S>(mut self, scopes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        self.scopes = scopes.into_iter().map(|s| s.as_ref().to_owned()).collect();
        self
    }

    /// The project billed for quota (`x-goog-user-project`).
    pub fn quota_project(mut self, project: impl Into<String>) -> Self {
        self.quota_project = Some(project.into());
        self
    }

    /// Paces calls to Chat's usage limits (off by default): before each attempt, a call
    /// waits until every quota it draws from ([`quotas::charges`](crate::quotas::charges):
    /// per space, from the request's routing field, and per project) has a free slot, so a
    /// bulk job spreads its calls under the limits instead of being answered
    /// `RESOURCE_EXHAUSTED` and sleeping. Give [`QuotaLimits`](crate::quotas::QuotaLimits)
    /// for a pacer of this client and its clones, or a [`QuotaPacer`] to share one between
    /// clients of the same project.
    ///
    /// The wait counts against the attempt's time: when it would take longer than the
    /// attempt timeout, or what the deadline leaves, the call fails at once with an
    /// [`ErrorKind::Timeout`](crate::ErrorKind::Timeout) error and is not sent. The pacer
    /// knows only this process's calls: other apps in a space still share its per-space
    /// limits, so an occasional `RESOURCE_EXHAUSTED` stays possible; retrying it is opt-in
    /// with [`DefaultRetryPolicy::with_resource_exhausted`], which waits the server's
    /// `RetryInfo`, paced or not.
    ///
    /// ```no_run
    /// use google_chat_grpc::ChatClient;
    /// use google_chat_grpc::quotas::{Quota, QuotaLimits};
    ///
    /// # async fn run() -> Result<(), google_chat_grpc::Error> {
    /// // A project whose message writes were raised to 6,000 a minute.
    /// let client = ChatClient::builder()
    ///     .pace_to_quotas(QuotaLimits::published().with_limit(Quota::MessageWrites, 6000))
    ///     .build()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn pace_to_quotas(mut self, pacer: impl Into<QuotaPacer>) -> Self {
        self.pacer = Some(pacer.into());
        self
    }

    /// Appended to the `user-agent` header, e.g. `my-app/1.2`.
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// Time allowed for each attempt (default 30 s, as Google's clients).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.retry.attempt_timeout = timeout;
        self
    }

    /// Time allowed for a whole call, retries included (default 60 s).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.retry.deadline = deadline;
        self
    }

    /// The retry policy (default [`DefaultRetryPolicy`]), for the methods Google's service
    /// config retries; the ones it marks [`RetryClass::NonIdempotent`] are retried only when
    /// the call's [`CallOptions`] give a policy.
    pub fn retry_policy(mut self, policy: impl RetryPolicy) -> Self {
        self.retry.policy = Arc::new(policy);
        self
    }

    /// The backoff between attempts (default 1 s, x1.3, at most 10 s, full jitter).
    pub fn backoff(mut self, backoff: ExponentialBackoff) -> Self {
        self.retry.backoff = backoff;
        self
    }

    /// The retry budget shared by all calls of the client; `None` disables it.
    pub fn retry_budget(mut self, budget: Option<RetryBudget>) -> Self {
        self.retry.budget = budget;
        self
    }

    /// Whether creates get a random `request_id` when they have none (default on).
    pub fn auto_request_id(mut self, enabled: bool) -> Self {
        self.auto_request_id = enabled;
        self
    }

    /// Number of HTTP/2 connections, used round-robin (default 1).
    pub fn channels(mut self, channels: usize) -> Self {
        self.channels = channels.max(1);
        self
    }

    /// How long before expiry a token is refreshed in the background (default 4 min). The
    /// sources Application Default Credentials leave to `gcp_auth` (gcloud's credentials,
    /// its metadata server client) hand out a new token only in their last 20 s; see
    /// [`TokenCache`].
    pub fn refresh_ahead(mut self, window: Duration) -> Self {
        self.refresh_ahead = window;
        self
    }

    /// The largest response message the client accepts, in bytes (default: no limit).
    ///
    /// Like Google's own clients (Python's set `grpc.max_receive_message_length` to -1), the
    /// client takes responses of any size by default: a page of 200 long messages is
    /// 18 MB, past tonic's default of 4 MiB. A larger response then fails with
    /// `OUT_OF_RANGE`. Requests are never capped on this side: the API enforces its own limits.
    /// Set a cap when talking to a server you do not trust: a gRPC length prefix can announce
    /// up to 4 GiB. The buffer grows only with the bytes that arrive, and a prefix over the
    /// cap fails the call before any of them are read.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), google_chat_grpc::Error> {
    /// let client = google_chat_grpc::ChatClient::builder()
    ///     .max_decoding_message_size(64 << 20)
    ///     .build()
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub fn max_decoding_message_size(mut self, limit: usize) -> Self {
        self.max_decoding_message_size = Some(limit);
        self
    }

    /// Builds the client; connections open on first use.
    pub async fn build(self) -> Result<ChatClient> {
        let endpoint = self.endpoint_config()?;
        let channels = (0..self.channels)
            .map(|_| endpoint.connect_lazy())
            .collect();
        let tokens = self.token_cache().await?;
        self.assemble(channels, tokens)
    }

    /// Builds the client and opens its connections now, failing if the server is
    /// unreachable.
    pub async fn connect(self) -> Result<ChatClient> {
        let endpoint = self.endpoint_config()?;
        let mut channels = Vec::with_capacity(self.channels);
        for _ in 0..self.channels {
            let channel = endpoint.connect().await.map_err(|e| {
                Error::new(
                    crate::ErrorKind::Transport,
                    format!(
                        "connecting to {}: {}",
                        self.endpoint,
                        crate::error::chain(&e)
                    ),
                )
                .with_source(e)
            })?;
            channels.push(channel);
        }
        let tokens = self.token_cache().await?;
        self.assemble(channels, tokens)
    }

    /// Builds the client over your own channel, with this builder's credentials and
    /// settings (the endpoint and channel count are the channel's business).
    ///
    /// The channel's transport is yours too: a `Channel` does not tell whether it encrypts,
    /// so the plaintext refusal of [`build`](Self::build) cannot apply here. Give it TLS
    /// (`Endpoint::tls_config`) whenever these credentials send a token.
    ///
    /// So is the `user-agent` header: tonic's `tonic/<version>`, after whatever you set
    /// with `Endpoint::user_agent`, without `google-chat-grpc/<version>`; this builder's
    /// [`user_agent_suffix`](Self::user_agent_suffix) does not apply.
    pub async fn build_with_channel(self, channel: Channel) -> Result<ChatClient> {
        let tokens = self.token_cache().await?;
        self.assemble(vec![channel], tokens)
    }

    fn endpoint_config(&self) -> Result<Endpoint> {
        let uri: http::Uri = self.endpoint.parse().map_err(|e| {
            Error::config(format!("invalid endpoint {:?}", self.endpoint)).with_source(e)
        })?;
        self.check_scheme(&uri)?;
        let mut endpoint = Endpoint::from(uri.clone())
            .user_agent(self.user_agent())
            .map_err(|e| Error::config("invalid user agent").with_source(e))?
            .connect_timeout(self.connect_timeout)
            .tcp_nodelay(true)
            .http2_keep_alive_interval(Duration::from_secs(30))
            .keep_alive_while_idle(true);
        if uri.scheme_str() == Some("https") {
            endpoint = with_tls(endpoint)?;
        }
        Ok(endpoint)
    }

    /// The endpoint's scheme, and plaintext only where a token may go in clear.
    fn check_scheme(&self, uri: &http::Uri) -> Result<()> {
        match uri.scheme_str() {
            Some("https") => {}
            Some("http") if self.credentials.sends_token() => {
                if !self.allow_plaintext {
                    return Err(Error::config(format!(
                        "refusing to send credentials over plaintext to {}: use https, or call \
                         insecure_allow_plaintext() for a loopback server such as the emulator",
                        self.endpoint
                    )));
                }
                if !crate::auth::is_loopback(uri) {
                    return Err(Error::config(format!(
                        "refusing to send credentials over plaintext to {}: \
                         insecure_allow_plaintext() allows only loopback hosts (localhost, \
                         127.0.0.0/8, ::1); use https for any other host",
                        self.endpoint
                    )));
                }
            }
            Some("http") => {}
            _ => {
                return Err(Error::config(format!(
                    "endpoint {:?} needs an http:// or https:// scheme",
                    self.endpoint
                )));
            }
        }
        Ok(())
    }

    /// `google-chat-grpc/<version>`, then the caller's suffix.
    fn user_agent(&self) -> String {
        match &self.user_agent_suffix {
            Some(suffix) => format!("google-chat-grpc/{} {suffix}", env!("CARGO_PKG_VERSION")),
            None => format!("google-chat-grpc/{}", env!("CARGO_PKG_VERSION")),
        }
    }

    /// The media side's settings: the same endpoint, headers and checks as the gRPC side.
    /// A client over a caller's channel never ran [`check_scheme`](Self::check_scheme); its
    /// media transfers do, when they start.
    #[cfg(feature = "media")]
    fn media_transport(&self, headers: &http::HeaderMap) -> crate::media::MediaTransport {
        let endpoint = self
            .endpoint
            .parse::<http::Uri>()
            .map_err(|e| {
                Error::config(format!("invalid endpoint {:?}", self.endpoint)).with_source(e)
            })
            .and_then(|uri| self.check_scheme(&uri).map(|()| uri));
        crate::media::MediaTransport::new(crate::media::MediaConfig {
            endpoint,
            user_agent: self.user_agent(),
            headers: headers.clone(),
            connect_timeout: self.connect_timeout,
        })
    }

    async fn token_cache(&self) -> Result<Option<Arc<TokenCache>>> {
        let source = self
            .credentials
            .resolve(&self.scopes, self.allow_plaintext)
            .await
            .map_err(Error::auth)?;
        Ok(source.map(|s| TokenCache::new(s, self.refresh_ahead)))
    }

    fn assemble(
        self,
        channels: Vec<Channel>,
        tokens: Option<Arc<TokenCache>>,
    ) -> Result<ChatClient> {
        let headers = static_headers(self.quota_project.as_deref())
            .map_err(|e| Error::config("invalid quota project").with_source(e))?;
        #[cfg(feature = "media")]
        let media = self.media_transport(&headers);
        let stack = GoogleHeaders::new(ChannelPool::new(channels), headers);
        let path_prefix = self
            .endpoint
            .parse::<http::Uri>()
            .ok()
            .and_then(|uri| uri.path_and_query().map(|p| p.path().to_owned()))
            .filter(|path| path != "/" && !path.is_empty());
        Ok(ChatClient {
            inner: Arc::new(ClientInner {
                stack,
                path_prefix,
                max_decoding_message_size: self.max_decoding_message_size.unwrap_or(usize::MAX),
                tokens,
                timeout_header: grpc_timeout(self.retry.attempt_timeout),
                retry: self.retry,
                auto_request_id: self.auto_request_id,
                endpoint: self.endpoint,
                #[cfg(feature = "media")]
                media,
                pacer: self.pacer,
            }),
        })
    }
}

#[cfg(any(feature = "tls-webpki-roots", feature = "tls-native-roots"))]
fn with_tls(endpoint: Endpoint) -> Result<Endpoint> {
    let config = tonic::transport::ClientTlsConfig::new();
    #[cfg(feature = "tls-webpki-roots")]
    let config = config.with_webpki_roots();
    #[cfg(feature = "tls-native-roots")]
    let config = config.with_native_roots();
    endpoint
        .tls_config(config)
        .map_err(|e| Error::config("TLS setup failed").with_source(e))
}

#[cfg(not(any(feature = "tls-webpki-roots", feature = "tls-native-roots")))]
fn with_tls(_: Endpoint) -> Result<Endpoint> {
    Err(Error::config(
        "https endpoints need TLS: enable the `tls-webpki-roots` or `tls-native-roots` feature",
    ))
}
