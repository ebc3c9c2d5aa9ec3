//! The HTTP side of the media transfers: one hyper client to the [`ChatClient`]'s endpoint,
//! made on first use, that puts the gRPC side's static headers, `user-agent` and a token from
//! the same cache on every request, and turns what goes wrong into the crate's [`Error`].
//!
//! [`ChatClient`]: crate::ChatClient

use std::collections::VecDeque;
use std::pin::Pin;
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};
use std::time::Duration;

use http::header::{AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE, USER_AGENT};
use http::{HeaderMap, HeaderValue, Method, Uri};
use http_body::Frame;
use http_body_util::BodyExt as _;
use hyper::body::Incoming;
use prost::bytes::Bytes;

use crate::auth::TokenCache;
use crate::error::{Error, ErrorKind};
use crate::quotas::{Permit, QuotaPacer};

/// What the builder hands over, checked when the client was assembled.
pub(crate) struct MediaConfig {
    /// The endpoint, or why media cannot go there (plaintext with a token to a remote host).
    pub(crate) endpoint: Result<Uri, Error>,
    pub(crate) user_agent: String,
    /// `x-goog-api-client` and `x-goog-user-project`, as the gRPC side sends them.
    pub(crate) headers: HeaderMap,
    pub(crate) connect_timeout: Duration,
}

/// The media side of a client: its settings, and the HTTP client made from them on first use
/// (loading TLS roots is not free, and most clients never transfer a file).
pub(crate) struct MediaTransport {
    config: MediaConfig,
    http: OnceLock<Result<Arc<Http>, Error>>,
}

impl std::fmt::Debug for MediaTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MediaTransport").finish_non_exhaustive()
    }
}

type HyperClient = hyper_util::client::legacy::Client<
    hyper_rustls::HttpsConnector<hyper_util::client::legacy::connect::HttpConnector>,
    OutgoingBody,
>;

/// The HTTP client and what every request carries.
pub(crate) struct Http {
    client: HyperClient,
    /// The endpoint without a trailing `/`: paths are appended to it.
    base: String,
    endpoint: Uri,
    headers: HeaderMap,
}

impl MediaTransport {
    pub(crate) fn new(config: MediaConfig) -> Self {
        Self {
            config,
            http: OnceLock::new(),
        }
    }

    /// The HTTP client, made on first use.
    pub(crate) fn http(&self) -> Result<Arc<Http>, Error> {
        self.http
            .get_or_init(|| Http::new(&self.config).map(Arc::new))
            .clone()
    }
}

impl Http {
    fn new(config: &MediaConfig) -> Result<Self, Error> {
        let endpoint = config.endpoint.clone()?;
        let https = endpoint.scheme_str() == Some("https");
        if https
            && !cfg!(any(
                feature = "tls-webpki-roots",
                feature = "tls-native-roots"
            ))
        {
            return Err(Error::config(
                "https endpoints need TLS: enable the `tls-webpki-roots` or `tls-native-roots` \
                 feature",
            ));
        }
        // An http:// endpoint has passed the plaintext rules already; it needs no roots, so
        // a machine without a certificate store can still reach the emulator.
        let roots = if https {
            crate::transport::tls_roots()
                .map_err(|e| Error::config(format!("TLS for the media endpoints: {e}")))?
        } else {
            rustls::RootCertStore::empty()
        };
        let tls = rustls::ClientConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .map_err(|e| Error::config("setting up TLS for the media endpoints").with_source(e))?
        .with_root_certificates(roots)
        .with_no_client_auth();
        let mut tcp = hyper_util::client::legacy::connect::HttpConnector::new();
        tcp.enforce_http(false);
        tcp.set_nodelay(true);
        tcp.set_connect_timeout(Some(config.connect_timeout));
        let builder = hyper_rustls::HttpsConnectorBuilder::new().with_tls_config(tls);
        let connector = if https {
            builder.https_only()
        } else {
            builder.https_or_http()
        }
        .enable_all_versions()
        .wrap_connector(tcp);
        let client =
            hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
                .pool_timer(hyper_util::rt::TokioTimer::new())
                .pool_idle_timeout(Duration::from_secs(90))
                .timer(hyper_util::rt::TokioTimer::new())
                // Downloads of 200 MB: let the window grow with the connection's bandwidth.
                .http2_adaptive_window(true)
                .build(connector);
        let mut headers = config.headers.clone();
        headers.insert(
            USER_AGENT,
            HeaderValue::try_from(config.user_agent.as_str())
                .map_err(|e| Error::config("invalid user agent").with_source(e))?,
        );
        Ok(Self {
            client,
            base: endpoint.to_string().trim_end_matches('/').to_owned(),
            endpoint,
            headers,
        })
    }

    /// `path` (starting with `/`, query included) on the endpoint.
    pub(crate) fn url(&self, path_and_query: &str) -> Result<Uri, Error> {
        format!("{}{path_and_query}", self.base)
            .parse()
            .map_err(|e| Error::invalid_argument(format!("not a valid URL path: {e}")))
    }

    /// An upload session's URI from a `Location` header: on the endpoint's own scheme and
    /// host only, since every chunk carries the token (a relative URI is on the endpoint).
    pub(crate) fn session_uri(&self, location: &str) -> Result<Uri, Error> {
        if location.starts_with('/') {
            return self.url_on_origin(location);
        }
        let uri: Uri = location.parse().map_err(|_| {
            protocol_error(format!(
                "the upload session's Location {location:?} is not a URI"
            ))
        })?;
        if uri.scheme() != self.endpoint.scheme() || uri.authority() != self.endpoint.authority() {
            return Err(protocol_error(format!(
                "the upload session's Location is on {}://{}, not the endpoint's {}://{}: \
                 the token is not sent there",
                uri.scheme_str().unwrap_or("?"),
                uri.authority().map_or("?", |a| a.as_str()),
                self.endpoint.scheme_str().unwrap_or("?"),
                self.endpoint.authority().map_or("?", |a| a.as_str()),
            )));
        }
        Ok(uri)
    }

    fn url_on_origin(&self, path_and_query: &str) -> Result<Uri, Error> {
        let mut parts = http::uri::Parts::default();
        parts.scheme = self.endpoint.scheme().cloned();
        parts.authority = self.endpoint.authority().cloned();
        parts.path_and_query = Some(path_and_query.parse().map_err(|_| {
            protocol_error(format!(
                "the upload session's Location {path_and_query:?} is not a URI path"
            ))
        })?);
        Uri::from_parts(parts).map_err(|e| protocol_error(format!("session URI: {e}")))
    }

    /// Sends one request with the client's headers and a token from `tokens` (the cached one,
    /// else fetched: its failure is this attempt's `Auth` error).
    pub(crate) async fn send(
        &self,
        tokens: Option<&Arc<TokenCache>>,
        method: Method,
        uri: Uri,
        headers: HeaderMap,
        body: OutgoingBody,
    ) -> Result<http::Response<Incoming>, Error> {
        let mut request = http::Request::new(body);
        *request.method_mut() = method;
        *request.uri_mut() = uri;
        let all = request.headers_mut();
        all.reserve(self.headers.len() + headers.len() + 2);
        for (name, value) in &self.headers {
            all.insert(name, value.clone());
        }
        for (name, value) in headers {
            if let Some(name) = name {
                all.insert(name, value);
            }
        }
        if let Some(tokens) = tokens {
            let header = match tokens.cached() {
                Some(header) => header,
                None => tokens.header().await.map_err(Error::auth)?,
            };
            all.insert(AUTHORIZATION, header);
        }
        self.client.request(request).await.map_err(request_error)
    }
}

/// What a transfer takes from its [`ChatClient`](crate::ChatClient).
pub(crate) struct MediaParts<'a> {
    pub(crate) transport: &'a MediaTransport,
    pub(crate) tokens: Option<&'a Arc<TokenCache>>,
    pub(crate) retry: &'a crate::retry::RetrySettings,
    pub(crate) pacer: Option<&'a QuotaPacer>,
}

/// Waits for the quota pacer's slots for one media call (`media.upload` on its space,
/// `media.download` on its resource name: the rows of [`crate::quotas::METHOD_QUOTAS`] the
/// emulator charges too), or fails at once if that would outlast `budget`. The permit is
/// held until the call's answer is in, as an RPC's is.
pub(crate) async fn pace(
    pacer: Option<&QuotaPacer>,
    method: &str,
    name: &str,
    budget: Duration,
) -> Result<Option<Permit>, Error> {
    match pacer {
        Some(pacer) => {
            pacer
                .acquire(crate::quotas::method_charges(method, name), budget)
                .await
        }
        None => Ok(None),
    }
}

/// A failed exchange: the source's read error if that is what broke the body, else the
/// connection's (with the cause kept, so a refused connection is known never to have reached
/// the server).
fn request_error(error: hyper_util::client::legacy::Error) -> Error {
    let mut next: Option<&(dyn std::error::Error + 'static)> = Some(&error);
    while let Some(e) = next {
        if let Some(source) = e.downcast_ref::<SourceError>() {
            return source.to_error();
        }
        next = e.source();
    }
    Error::new(
        ErrorKind::Transport,
        format!("media request failed: {}", crate::error::chain(&error)),
    )
    .with_source(error)
}

/// The body broke while it was being received.
pub(crate) fn body_error(error: hyper::Error) -> Error {
    let message = format!(
        "the response body broke off: {}",
        crate::error::chain(&error)
    );
    Error::new(ErrorKind::Transport, message).with_source(error)
}

/// The server broke the media protocol (a session URI elsewhere, a `Range` that goes back,
/// an answer that cannot be read): `INTERNAL`, as gRPC reports a peer's protocol violations.
/// Not retried by the default policy: the same server would answer the same way.
pub(crate) fn protocol_error(message: impl Into<String>) -> Error {
    Error::from(tonic::Status::internal(format!(
        "media protocol: {}",
        message.into()
    )))
}

/// A response body that ended early: a broken connection, as far as retries go.
pub(crate) fn broken_body(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::Transport, message)
}

/// The error a non-success response stands for: Google's REST error body decoded, or the
/// HTTP status alone when the body is something else. At most [`ERROR_BODY_LIMIT`] bytes of
/// it are read.
pub(crate) async fn error_from(response: http::Response<Incoming>) -> Error {
    let status = response.status();
    let content_type = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let body = match read_limited(response.into_body(), ERROR_BODY_LIMIT).await {
        Ok(body) => body,
        // The status says enough without the body.
        Err(_) => Bytes::new(),
    };
    super::rest_error::decode(status, &content_type, &body)
}

/// How much of an error body is read: Google's are a few KB.
const ERROR_BODY_LIMIT: usize = 64 << 10;

/// The JSON answer of an upload, at most this large.
pub(crate) const JSON_BODY_LIMIT: usize = 1 << 20;

/// Reads a whole body of at most `limit` bytes; more is an error, not a truncation.
pub(crate) async fn read_limited(body: Incoming, limit: usize) -> Result<Bytes, Error> {
    match http_body_util::Limited::new(body, limit).collect().await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(e) => match e.downcast::<hyper::Error>() {
            Ok(e) => Err(body_error(*e)),
            Err(e) => Err(protocol_error(format!(
                "the response body is over {limit} bytes: {e}"
            ))),
        },
    }
}

/// The value of a header for a request: a constant or a number.
pub(crate) fn header_value(value: &str) -> Result<HeaderValue, Error> {
    HeaderValue::try_from(value)
        .map_err(|_| Error::invalid_argument(format!("{value:?} cannot be an HTTP header value")))
}

/// `content-length`, and a `content-type` when given.
pub(crate) fn body_headers(content_type: Option<&str>, length: u64) -> Result<HeaderMap, Error> {
    let mut headers = HeaderMap::with_capacity(4);
    if let Some(content_type) = content_type {
        headers.insert(CONTENT_TYPE, header_value(content_type)?);
    }
    headers.insert(CONTENT_LENGTH, HeaderValue::from(length));
    Ok(headers)
}

/// A read of an upload's source failed while the body was being sent. Carried through hyper
/// as the body's error, and turned back into an [`ErrorKind::Io`] error.
#[derive(Debug)]
pub(crate) struct SourceError {
    kind: std::io::ErrorKind,
    message: String,
}

impl SourceError {
    pub(crate) fn new(error: &std::io::Error, what: &str) -> Self {
        Self {
            kind: error.kind(),
            message: format!("{what}: {error}"),
        }
    }

    fn to_error(&self) -> Error {
        Error::io(
            "reading the attachment's source",
            std::io::Error::new(self.kind, self.message.clone()),
        )
    }
}

impl std::fmt::Display for SourceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SourceError {}

/// One piece of a request body.
pub(crate) enum Segment {
    Bytes(Bytes),
    File(FileRange),
}

/// `len` bytes of an open file from where it is positioned, read on tokio's blocking pool
/// [`FILE_READ`] at a time and one read ahead of the body: the next block is read while
/// the last one is on the wire. (tokio's own `File` reads into a buffer of its own and
/// copies out, one block at a time.)
pub(crate) struct FileRange {
    /// The file; with the read in flight while there is one.
    file: Option<std::fs::File>,
    /// Bytes not yet asked of a read.
    unread: u64,
    /// Bytes not yet handed to the body.
    remaining: u64,
    reading: Option<(tokio::task::JoinHandle<Read>, usize)>,
}

type Read = (std::fs::File, std::io::Result<Vec<u8>>);

/// One read of a file body: large enough for few trips to the blocking pool, small enough
/// that the two blocks in flight keep a 200 MB upload flat.
const FILE_READ: usize = 1 << 20;

impl FileRange {
    pub(crate) fn new(file: std::fs::File, len: u64) -> Self {
        Self {
            file: Some(file),
            unread: len,
            remaining: len,
            reading: None,
        }
    }

    fn start_read(&mut self) {
        let Some(file) = self.file.take() else {
            return;
        };
        let want = usize::try_from(self.unread)
            .unwrap_or(usize::MAX)
            .min(FILE_READ);
        self.unread -= want as u64;
        let task = tokio::task::spawn_blocking(move || {
            use std::io::Read as _;
            let mut block = Vec::with_capacity(want);
            // `read_to_end` reads into the spare capacity: no zeroing first.
            let result = (&file).take(want as u64).read_to_end(&mut block);
            (file, result.map(|_| block))
        });
        self.reading = Some((task, want));
    }

    fn poll_block(&mut self, cx: &mut Context<'_>) -> Poll<Result<Bytes, SourceError>> {
        if self.reading.is_none() {
            self.start_read();
        }
        let Some((task, want)) = &mut self.reading else {
            let e = std::io::Error::other("the file's read was lost");
            return Poll::Ready(Err(SourceError::new(&e, "reading the file")));
        };
        let want = *want;
        let (file, result) = match Pin::new(task).poll(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(Ok(read)) => read,
            Poll::Ready(Err(e)) => {
                self.reading = None;
                let e = std::io::Error::other(e);
                return Poll::Ready(Err(SourceError::new(&e, "reading the file")));
            }
        };
        self.reading = None;
        self.file = Some(file);
        let block = match result {
            Ok(block) if block.len() == want => block,
            Ok(_) => {
                let e = std::io::Error::from(std::io::ErrorKind::UnexpectedEof);
                return Poll::Ready(Err(SourceError::new(
                    &e,
                    "the file got shorter while it was being uploaded",
                )));
            }
            Err(e) => return Poll::Ready(Err(SourceError::new(&e, "reading the file"))),
        };
        self.remaining -= want as u64;
        if self.unread > 0 {
            self.start_read();
        }
        Poll::Ready(Ok(Bytes::from(block)))
    }
}

/// The body of a media request: bytes and file ranges, sent in order with an exact length.
/// A file is read as hyper asks for more, so a 200 MB file is never in memory.
pub(crate) struct OutgoingBody {
    segments: VecDeque<Segment>,
    remaining: u64,
}

impl OutgoingBody {
    pub(crate) fn empty() -> Self {
        Self::new(Vec::new())
    }

    pub(crate) fn new(segments: impl IntoIterator<Item = Segment>) -> Self {
        let segments: VecDeque<Segment> = segments.into_iter().collect();
        let remaining = segments
            .iter()
            .map(|s| match s {
                Segment::Bytes(b) => b.len() as u64,
                Segment::File(range) => range.remaining,
            })
            .sum();
        Self {
            segments,
            remaining,
        }
    }
}

impl http_body::Body for OutgoingBody {
    type Data = Bytes;
    type Error = SourceError;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, SourceError>>> {
        let this = self.get_mut();
        loop {
            let Some(front) = this.segments.front_mut() else {
                return Poll::Ready(None);
            };
            let data = match front {
                Segment::Bytes(bytes) => {
                    let bytes = std::mem::take(bytes);
                    this.segments.pop_front();
                    bytes
                }
                Segment::File(range) if range.remaining == 0 => {
                    this.segments.pop_front();
                    continue;
                }
                Segment::File(range) => match range.poll_block(cx) {
                    Poll::Pending => return Poll::Pending,
                    Poll::Ready(Err(e)) => return Poll::Ready(Some(Err(e))),
                    Poll::Ready(Ok(block)) => block,
                },
            };
            if data.is_empty() {
                continue;
            }
            this.remaining -= data.len() as u64;
            return Poll::Ready(Some(Ok(Frame::data(data))));
        }
    }

    fn is_end_stream(&self) -> bool {
        self.remaining == 0
    }

    fn size_hint(&self) -> http_body::SizeHint {
        http_body::SizeHint::with_exact(self.remaining)
    }
}
