//! The one error type of the client: what failed, whether retrying can help, and the
//! `google.rpc` details the server attached.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use tonic::Code;
use tonic_types::{
    BadRequest, DebugInfo, ErrorDetails, ErrorInfo, Help, LocalizedMessage, PreconditionFailure,
    QuotaFailure, RequestInfo, ResourceInfo, RetryInfo, StatusExt,
};

use crate::auth::AuthError;

/// What went wrong with a call.
///
/// **Who said no matters**: [`InvalidArgument`](Self::InvalidArgument) is this client
/// refusing a request before sending it (nothing reached the server), while the server's own
/// `INVALID_ARGUMENT` is kind [`Rpc`](Self::Rpc). Both have
/// [`code()`](Error::code) `INVALID_ARGUMENT`; match on the kind to tell them apart.
///
/// ```
/// use google_chat_grpc::{Error, ErrorKind, RpcRequest};
/// use google_chat_grpc::proto::chat::v1::GetSpaceRequest;
///
/// // Refused by the client: the name is not `spaces/{space}`. Nothing was sent.
/// let local = GetSpaceRequest { name: "AAAA".into(), ..Default::default() }.validate().unwrap_err();
/// assert_eq!(local.kind(), ErrorKind::InvalidArgument);
/// assert_eq!(local.attempts(), 0);
/// assert!(local.status().is_none());
///
/// // Refused by the server.
/// let remote = Error::from(tonic::Status::invalid_argument("message text too long"));
/// assert_eq!(remote.kind(), ErrorKind::Rpc);
/// assert_eq!(remote.code(), local.code());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The server answered with a non-OK gRPC status (its `INVALID_ARGUMENT` included).
    Rpc,
    /// No token could be obtained from the credentials.
    Auth,
    /// The connection failed or broke, or the server did not speak gRPC.
    Transport,
    /// The call's deadline (or an attempt's timeout) passed.
    Timeout,
    /// **The client** rejected the request before anything went on the wire (a name without
    /// the resource's pattern, a broken update-mask rule, ...): the server never saw it. Not
    /// the server's `INVALID_ARGUMENT`, which is [`Rpc`](Self::Rpc).
    InvalidArgument,
    /// The retry policy would have tried again, but the deadline, the retry budget or the
    /// attempt limit stopped it; the last failure is [`Error::last_attempt`].
    RetriesExhausted,
    /// The client was configured in a way that cannot work (bad endpoint, plaintext with
    /// credentials, ...).
    Config,
    /// Reading or writing on this side failed: an attachment's source (a file, your reader
    /// or stream) or a download's destination (your writer). Nothing the server did; not
    /// retried.
    Io,
}

/// An error from the Chat client.
///
/// Carries the gRPC [`Status`](tonic::Status) when there is one, with the `google.rpc`
/// error details decoded. Never holds a credential: tokens are not part of any status
/// or message.
///
/// `Display` is one line with the whole story: the method, the code (or what failed on this
/// side), the cause, and the limit that ended the call, e.g. `GetSpace: gave up after 3
/// attempts (the deadline of 2s leaves no time for another attempt): transport error: tcp
/// connect error: Connection refused (os error 111)`. For that reason `source()` is `None`
/// (a chain printer would repeat the causes); the parts stay reachable through
/// [`status`](Self::status), [`last_attempt`](Self::last_attempt) and [`details`](Self::details).
///
/// [`kind`](Self::kind) is the same for the same cause: a failure the retry policy would
/// have retried, stopped by the deadline, the budget or the attempt limit, is
/// [`ErrorKind::RetriesExhausted`] (with the cause in [`last_attempt`](Self::last_attempt)),
/// however many attempts were made.
///
/// ```
/// use google_chat_grpc::{Error, ErrorKind};
///
/// let err = Error::from(tonic::Status::unavailable("backend restarting"));
/// assert_eq!(err.kind(), ErrorKind::Rpc);
/// assert_eq!(err.code(), Some(tonic::Code::Unavailable));
/// assert!(err.is_transient());
/// ```
#[derive(Clone)]
pub struct Error {
    kind: ErrorKind,
    message: String,
    status: Option<tonic::Status>,
    attempts: u32,
    source: Option<Arc<dyn std::error::Error + Send + Sync>>,
    /// The `request_id` the create carried (filled by the client unless the caller set one).
    request_id: Option<String>,
    /// Whether an attempt before the last one may have taken effect on the server.
    earlier_attempt_may_have_applied: bool,
    /// The RPC the call was for, when the error comes from a call.
    method: Option<&'static str>,
}

impl Error {
    pub(crate) fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            status: None,
            attempts: 0,
            source: None,
            request_id: None,
            earlier_attempt_may_have_applied: false,
            method: None,
        }
    }

    /// A request that fails validation before the wire.
    pub(crate) fn invalid_argument(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::InvalidArgument, message)
    }

    pub(crate) fn config(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Config, message)
    }

    pub(crate) fn timeout(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Timeout, message)
    }

    /// A local read or write failed (an upload's source, a download's destination).
    #[cfg_attr(not(feature = "media"), allow(dead_code))]
    pub(crate) fn io(message: impl Into<String>, source: std::io::Error) -> Self {
        let message = format!("{}: {source}", message.into());
        Self::new(ErrorKind::Io, message).with_source(source)
    }

    /// A call the quota pacer held back: its wait for a free slot would outlast the
    /// attempt's time. A [`Timeout`](ErrorKind::Timeout) that never reached the server.
    pub(crate) fn paced_out(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Timeout, message).with_source(PacedOut)
    }

    /// Whether this is [`Error::paced_out`]: the call was not sent, and waiting for it again
    /// would take longer still.
    pub(crate) fn is_paced_out(&self) -> bool {
        self.source
            .as_deref()
            .is_some_and(|s| s.downcast_ref::<PacedOut>().is_some())
    }

    /// No token could be had: the credentials' error, made where it happens (resolving the
    /// credentials, or an attempt fetching its token).
    pub(crate) fn auth(error: AuthError) -> Self {
        Self::new(ErrorKind::Auth, error.to_string()).with_source(error)
    }

    pub(crate) fn with_source(
        mut self,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        self.source = Some(Arc::new(source));
        self
    }

    pub(crate) fn with_attempts(mut self, attempts: u32) -> Self {
        self.attempts = attempts;
        self
    }

    /// Wraps the last failure of a retry loop, which would have retried it but for `why`
    /// (the deadline, the budget, the policy's attempt limit).
    pub(crate) fn retries_exhausted(last: Error, attempts: u32, why: &str) -> Self {
        let plural = if attempts == 1 { "" } else { "s" };
        Self {
            kind: ErrorKind::RetriesExhausted,
            message: format!(
                "gave up after {attempts} attempt{plural} ({why}): {}",
                last.message
            ),
            status: last.status.clone(),
            attempts,
            request_id: last.request_id.clone(),
            earlier_attempt_may_have_applied: last.earlier_attempt_may_have_applied,
            method: last.method,
            source: Some(Arc::new(last)),
        }
    }

    /// Names the RPC the error is for; `Display` starts with it.
    ///
    /// A token without the method's scopes gets the method's scopes named in the message:
    /// Google's answer ("Request had insufficient authentication scopes.") does not say
    /// which, and the fix is to ask for one of them.
    pub(crate) fn with_method(mut self, method: &'static str) -> Self {
        self.method = Some(method);
        if self.code() == Some(Code::PermissionDenied)
            && self
                .error_info()
                .is_some_and(|info| info.reason == "ACCESS_TOKEN_SCOPE_INSUFFICIENT")
            && let Some(scopes) = scopes_of(method)
        {
            let see = if method == MEDIA_DOWNLOAD {
                "`auth::scopes::FOR_MEDIA_DOWNLOAD`"
            } else {
                "`RpcInfo::scopes`"
            };
            let names: Vec<&str> = scopes
                .iter()
                .map(|s| s.rsplit('/').next().unwrap_or(s))
                .collect();
            self.message = format!(
                "{} ({method} needs a token with one of these scopes: {}; see {see})",
                self.message,
                names.join(", ")
            );
        }
        self
    }

    /// The RPC the failed call was for (`GetSpace`), when the error comes from a call. An
    /// attachment upload's bytes are `UploadAttachment` (the REST binding of that RPC), a
    /// download is `media.download` (its REST method; there is no RPC).
    pub fn method(&self) -> Option<&'static str> {
        self.method
    }

    pub(crate) fn with_request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    pub(crate) fn with_earlier_attempt_may_have_applied(mut self, applied: bool) -> Self {
        self.earlier_attempt_may_have_applied = applied;
        self
    }

    /// Whether an attempt before the last one may have taken effect: what a reconcile
    /// ([`Idempotency::Reconciled`](crate::Idempotency::Reconciled)) needs to know.
    pub(crate) fn earlier_attempt_may_have_applied(&self) -> bool {
        self.earlier_attempt_may_have_applied
    }

    /// The `request_id` of the create that failed: the one the client generated before the
    /// first attempt (or the caller's own). Sending the same create again later with this
    /// id cannot post twice, even if an attempt of this call took effect.
    ///
    /// ```no_run
    /// # async fn run(client: google_chat_grpc::ChatClient) {
    /// use google_chat_grpc::proto::chat::v1::CreateMessageRequest;
    ///
    /// let request = CreateMessageRequest { parent: "spaces/AAAA".into(), ..Default::default() };
    /// if let Err(err) = client.send(request.clone()).await {
    ///     if let Some(id) = err.request_id() {
    ///         // Later: the same id makes the server answer with the message, if it exists.
    ///         let again = CreateMessageRequest { request_id: id.to_owned(), ..request };
    ///         let _ = client.send(again).await;
    ///     }
    /// }
    /// # }
    /// ```
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// Whether some attempt of this call may have taken effect on the server although the
    /// call failed (a lost response, a timeout, a connection broken mid-call). `false` when
    /// every attempt provably did nothing: refused before the wire, refused connections or
    /// streams, or answers such as `INVALID_ARGUMENT` or `PERMISSION_DENIED`.
    ///
    /// ```
    /// use google_chat_grpc::Error;
    ///
    /// assert!(Error::from(tonic::Status::unavailable("backend restarting")).may_have_applied());
    /// assert!(!Error::from(tonic::Status::permission_denied("not a member")).may_have_applied());
    /// ```
    pub fn may_have_applied(&self) -> bool {
        self.earlier_attempt_may_have_applied || self.attempt_may_have_applied()
    }

    /// Whether this error's own attempt (the last one) may have taken effect.
    pub(crate) fn attempt_may_have_applied(&self) -> bool {
        if let Some(last) = self.last_attempt() {
            return last.attempt_may_have_applied();
        }
        match self.kind {
            // A source that failed mid-body leaves the server a truncated request, which
            // it refuses.
            ErrorKind::Auth | ErrorKind::InvalidArgument | ErrorKind::Config | ErrorKind::Io => {
                false
            }
            ErrorKind::Timeout => !self.is_paced_out(),
            ErrorKind::Transport if self.never_reached_server() => false,
            // A proxy's error page: a 5xx may come after it forwarded the call.
            ErrorKind::Transport if self.is_non_grpc_response() => {
                self.non_grpc_http_status().is_some_and(|s| s >= 500)
            }
            ErrorKind::Transport => true,
            // A server's answer: only these may come after it did the work (a lost
            // response behind a proxy, a crash midway); the rest say it did nothing.
            ErrorKind::Rpc | ErrorKind::RetriesExhausted => matches!(
                self.code(),
                Some(
                    Code::Unavailable
                        | Code::DeadlineExceeded
                        | Code::Internal
                        | Code::Unknown
                        | Code::Aborted
                        | Code::Cancelled
                        | Code::DataLoss
                )
            ),
        }
    }

    /// Whether the attempt provably never reached the server, so repeating it cannot double
    /// anything (gRPC's "transparent retry" cases): the connection was refused, or HTTP/2
    /// refused the stream (`REFUSED_STREAM`, or a graceful `GOAWAY` that left it out).
    pub(crate) fn never_reached_server(&self) -> bool {
        let mut next = self.cause();
        while let Some(e) = next {
            if let Some(io) = e.downcast_ref::<std::io::Error>()
                && matches!(
                    io.kind(),
                    std::io::ErrorKind::ConnectionRefused | std::io::ErrorKind::AddrNotAvailable
                )
            {
                return true;
            }
            if let Some(h2) = e.downcast_ref::<h2::Error>() {
                return h2.reason() == Some(h2::Reason::REFUSED_STREAM)
                    || (h2.is_go_away()
                        && h2.is_remote()
                        && h2.reason() == Some(h2::Reason::NO_ERROR));
            }
            next = e.source();
        }
        false
    }

    fn non_grpc_http_status(&self) -> Option<u16> {
        self.status
            .as_ref()
            .and_then(|s| std::error::Error::source(s))
            .and_then(|s| s.downcast_ref::<NonGrpcResponse>())
            .map(|r| r.http_status)
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The gRPC code: the server's, or the one that describes a client-side failure
    /// (`DEADLINE_EXCEEDED` for timeouts, `UNAVAILABLE` for a failed or broken connection,
    /// `INVALID_ARGUMENT` before the wire, `UNAUTHENTICATED` for credentials). `None` for
    /// configuration errors and local I/O errors.
    pub fn code(&self) -> Option<Code> {
        if let Some(last) = self.last_attempt() {
            return last.code();
        }
        let server_code = self.status.as_ref().map(tonic::Status::code);
        match self.kind {
            ErrorKind::Rpc | ErrorKind::RetriesExhausted => server_code,
            ErrorKind::Timeout => Some(Code::DeadlineExceeded),
            ErrorKind::InvalidArgument => Some(Code::InvalidArgument),
            ErrorKind::Auth => Some(Code::Unauthenticated),
            // gRPC's code for a connection that failed or broke; a non-gRPC answer keeps
            // the code its HTTP status maps to.
            ErrorKind::Transport if self.is_non_grpc_response() => server_code,
            ErrorKind::Transport => Some(Code::Unavailable),
            ErrorKind::Config | ErrorKind::Io => None,
        }
    }

    /// For [`ErrorKind::RetriesExhausted`], the failure of the last attempt.
    pub fn last_attempt(&self) -> Option<&Error> {
        match self.kind {
            ErrorKind::RetriesExhausted => self
                .source
                .as_deref()
                .and_then(|s| s.downcast_ref::<Error>()),
            _ => None,
        }
    }

    /// The server's status, if the call got that far.
    pub fn status(&self) -> Option<&tonic::Status> {
        self.status.as_ref()
    }

    /// How many attempts were made (0 when the call never went on the wire).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Whether the same call may succeed if tried again later: `UNAVAILABLE`, transport
    /// failures and timeouts. (`RESOURCE_EXHAUSTED` is transient too, but only worth
    /// retrying after the server's `RetryInfo` delay.)
    pub fn is_transient(&self) -> bool {
        if let Some(last) = self.last_attempt() {
            return last.is_transient();
        }
        match self.kind {
            ErrorKind::Transport | ErrorKind::Timeout => true,
            ErrorKind::Rpc | ErrorKind::RetriesExhausted => matches!(
                self.code(),
                Some(Code::Unavailable | Code::ResourceExhausted | Code::DeadlineExceeded)
            ),
            _ => false,
        }
    }

    /// Whether credentials are the problem: no token, or the server said
    /// `UNAUTHENTICATED`.
    pub fn is_auth(&self) -> bool {
        self.kind == ErrorKind::Auth || self.code() == Some(Code::Unauthenticated)
    }

    /// Whether the peer answered with something that is not gRPC (an HTML error page from a
    /// proxy, a REST endpoint): usually a wrong endpoint.
    pub fn is_non_grpc_response(&self) -> bool {
        self.status
            .as_ref()
            .and_then(|s| std::error::Error::source(s))
            .is_some_and(|s| s.is::<NonGrpcResponse>())
    }

    /// The `google.rpc` error details the server attached, decoded: an
    /// [`ErrorDetails`](crate::error_details::ErrorDetails), whose types
    /// ([`BadRequest`](crate::error_details::BadRequest),
    /// [`ErrorInfo`](crate::error_details::ErrorInfo), ...) are re-exported in
    /// [`error_details`](crate::error_details). Empty when there are none.
    ///
    /// ```
    /// # async fn run(client: google_chat_grpc::ChatClient) {
    /// use google_chat_grpc::error_details::ErrorDetails;
    ///
    /// if let Err(e) = client.get_space("spaces/AAAA").send().await {
    ///     let details: ErrorDetails = e.details();
    ///     for v in details.bad_request().map(|b| b.field_violations.as_slice()).unwrap_or_default() {
    ///         eprintln!("{}: {}", v.field, v.description);
    ///     }
    /// }
    /// # }
    /// ```
    pub fn details(&self) -> ErrorDetails {
        self.status
            .as_ref()
            .and_then(|s| s.check_error_details().ok())
            .unwrap_or_default()
    }

    /// `google.rpc.ErrorInfo` ([`ErrorInfo`](crate::error_details::ErrorInfo)): the
    /// machine-readable reason and domain.
    pub fn error_info(&self) -> Option<ErrorInfo> {
        self.details().error_info().cloned()
    }

    /// `google.rpc.BadRequest` ([`BadRequest`](crate::error_details::BadRequest)): which
    /// request fields were wrong, and why.
    pub fn bad_request(&self) -> Option<BadRequest> {
        self.details().bad_request().cloned()
    }

    /// `google.rpc.RetryInfo`'s delay: how long the server asks the client to wait.
    pub fn retry_delay(&self) -> Option<Duration> {
        self.details()
            .retry_info()
            .and_then(|r: &RetryInfo| r.retry_delay)
    }

    /// `google.rpc.PreconditionFailure`: which precondition of the request failed (terms of
    /// service, state of the resource), and why.
    pub fn precondition_failure(&self) -> Option<PreconditionFailure> {
        self.details().precondition_failure().cloned()
    }

    /// `google.rpc.ResourceInfo`: the resource the error is about.
    pub fn resource_info(&self) -> Option<ResourceInfo> {
        self.details().resource_info().cloned()
    }

    /// `google.rpc.RequestInfo`: the server's id of the request, for a support ticket.
    pub fn request_info(&self) -> Option<RequestInfo> {
        self.details().request_info().cloned()
    }

    /// `google.rpc.DebugInfo`: the server's stack entries and detail, if it sent them.
    pub fn debug_info(&self) -> Option<DebugInfo> {
        self.details().debug_info().cloned()
    }

    /// `google.rpc.QuotaFailure`: which quota ran out.
    pub fn quota_failure(&self) -> Option<QuotaFailure> {
        self.details().quota_failure().cloned()
    }

    /// `google.rpc.Help`: links the server suggests.
    pub fn help(&self) -> Option<Help> {
        self.details().help().cloned()
    }

    /// `google.rpc.LocalizedMessage`: a message meant for end users.
    pub fn localized_message(&self) -> Option<LocalizedMessage> {
        self.details().localized_message().cloned()
    }
}

impl From<tonic::Status> for Error {
    fn from(status: tonic::Status) -> Self {
        // A status the server sent has no source; one with a source was made on this side
        // (by tonic or by our own stack), and the source says what happened.
        let source = std::error::Error::source(&status);
        let kind = match source {
            None => ErrorKind::Rpc,
            // A standalone `AuthLayer` (around a raw tonic channel) that got no token.
            // `ChatClient` does not get here: its attempts map that failure themselves.
            Some(s) if s.is::<AuthError>() => ErrorKind::Auth,
            Some(s) if chain_has::<tonic::TimeoutExpired>(s) => ErrorKind::Timeout,
            // A broken or refused connection, an h2 reset, a non-gRPC answer.
            Some(_) => ErrorKind::Transport,
        };
        let message = match (kind, source) {
            (ErrorKind::Rpc, _) => format!("{:?}: {}", status.code(), status.message()),
            (ErrorKind::Transport, Some(s)) if !s.is::<NonGrpcResponse>() => {
                // tonic's message is usually the first link of the chain again.
                let causes = chain(s);
                if causes.split(": ").any(|part| part == status.message()) {
                    causes
                } else {
                    format!("{}: {causes}", status.message())
                }
            }
            (ErrorKind::Timeout, _) => format!(
                "timed out in the transport ({}): the attempt timeout or the call's deadline \
                 passed",
                status.message()
            ),
            _ => status.message().to_owned(),
        };
        Self {
            kind,
            message,
            status: Some(status),
            attempts: 1,
            source: None,
            request_id: None,
            earlier_attempt_may_have_applied: false,
            method: None,
        }
    }
}

/// What [`Error::method`] says for an attachment download, which has no RPC: the name of
/// its REST method in Google's discovery document.
pub(crate) const MEDIA_DOWNLOAD: &str = "media.download";

/// The REST name of the attachment upload: its row in [`crate::quotas::METHOD_QUOTAS`].
#[cfg(feature = "media")]
pub(crate) const MEDIA_UPLOAD: &str = "media.upload";

/// The scopes that allow `method`: an RPC's, or those of the media download.
fn scopes_of(method: &str) -> Option<&'static [&'static str]> {
    match crate::RPCS.iter().find(|rpc| rpc.name == method) {
        Some(rpc) => Some(rpc.scopes),
        None if method == MEDIA_DOWNLOAD => Some(crate::auth::scopes::FOR_MEDIA_DOWNLOAD),
        None => None,
    }
}

fn chain_has<E: std::error::Error + 'static>(err: &(dyn std::error::Error + 'static)) -> bool {
    let mut next = Some(err);
    while let Some(e) = next {
        if e.is::<E>() {
            return true;
        }
        next = e.source();
    }
    false
}

/// An error and its causes, `a: b: c`, each once: a cause whose text a link before it
/// already holds (as `tcp connect error: Connection refused` holds `Connection refused`) is
/// left out.
pub(crate) fn chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut next = Some(err);
    while let Some(e) = next {
        let text = e.to_string();
        if !text.is_empty() && !parts.iter().any(|p| p.contains(text.as_str())) {
            parts.push(text);
        }
        next = e.source();
    }
    parts.join(": ")
}

/// One line with the whole story: the method, the code or what failed, the cause, and the
/// limit that ended the call (`GetSpace: gave up after 3 attempts (the deadline of 2s leaves
/// no time for another): transport error: tcp connect error: Connection refused`).
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.method {
            Some(method) if !self.message.starts_with(method) => {
                write!(f, "{method}: {}", self.message)
            }
            _ => f.write_str(&self.message),
        }
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // tonic::Status's Debug prints metadata, which holds only response headers; the
        // request's authorization header never reaches a Status.
        let details = self
            .status
            .as_ref()
            .and_then(|s| s.check_error_details_vec().ok())
            .map_or(0, |d| d.len());
        let mut out = f.debug_struct("Error");
        out.field("kind", &self.kind);
        if let Some(method) = self.method {
            out.field("method", &method);
        }
        out.field("message", &self.message)
            .field("code", &self.code())
            .field("attempts", &self.attempts)
            .field("details", &details)
            .finish_non_exhaustive()
    }
}

/// No `source()`: `Display` already tells the causes, and an error reporter that walks the
/// chain (`anyhow`'s `{:#}`) would print them twice. What is behind an error stays reachable:
/// [`status`](Error::status), [`last_attempt`](Error::last_attempt), [`details`](Error::details)
/// and the predicates.
impl std::error::Error for Error {}

impl Error {
    /// What caused this error, for the checks above: the recorded cause, else the status
    /// and what tonic recorded in it.
    fn cause(&self) -> Option<&(dyn std::error::Error + 'static)> {
        if let Some(source) = &self.source {
            return Some(source.as_ref());
        }
        self.status
            .as_ref()
            .map(|s| s as &(dyn std::error::Error + 'static))
    }
}

/// The peer answered a gRPC call with something else: the source of the status in that
/// case, so [`Error::is_non_grpc_response`] can tell.
#[derive(Debug, Clone)]
pub(crate) struct NonGrpcResponse {
    pub(crate) http_status: u16,
    pub(crate) content_type: String,
}

impl fmt::Display for NonGrpcResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the server answered HTTP {} with content-type {:?}, which is not gRPC; \
             check the endpoint (the Chat API's gRPC endpoint is https://chat.googleapis.com)",
            self.http_status, self.content_type
        )
    }
}

impl std::error::Error for NonGrpcResponse {}

/// A convenient alias for results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The cause of [`Error::paced_out`], to tell it from a timeout on the wire.
#[derive(Debug)]
struct PacedOut;

impl fmt::Display for PacedOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("held back by the quota pacer")
    }
}

impl std::error::Error for PacedOut {}

#[cfg(test)]
mod tests {
    use super::*;

    /// A status tonic made of an `AuthError` (a standalone `AuthLayer`'s failure, which
    /// tonic keeps as the status's source) is an auth error.
    #[test]
    fn a_status_made_of_an_auth_error_is_an_auth_error() {
        let status = tonic::Status::from_error(Box::new(AuthError::new("token endpoint said no")));
        let error = Error::from(status);
        assert_eq!(error.kind(), ErrorKind::Auth, "{error:?}");
        assert!(error.is_auth());
        assert!(
            error.to_string().contains("token endpoint said no"),
            "{error}"
        );
    }
}
