//! The tower stack under every call: Google's headers, a check that the answer is gRPC,
//! and a round-robin pool of HTTP/2 connections. The token is not the stack's business:
//! each attempt of the retry loop puts it on (`ChatClient::send_with`), so every attempt
//! carries a valid token and a failure to get one is an auth error where it happens.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use http::{HeaderMap, HeaderName, HeaderValue};
use tonic::body::Body;
use tonic::transport::Channel;
use tower::ServiceExt;

use crate::error::NonGrpcResponse;
use crate::response_check::CheckedBody;

/// `x-goog-api-client` as Google's libraries send it: language, library and transport.
///
/// Static, so its clone on every call copies a pointer instead of touching a reference count
/// the other workers share; a `const`, so a version string that could not be a header value
/// fails the build instead of panicking at run time.
pub(crate) const API_CLIENT: HeaderValue = HeaderValue::from_static(concat!(
    "gl-rust/",
    env!("GOOGLE_CHAT_GRPC_RUSTC_VERSION"),
    " gccl/",
    env!("CARGO_PKG_VERSION"),
    // The exact version from the build's Cargo.lock, else the release line "0.14":
    // see `tonic_version` in build.rs for why and how.
    " grpc/",
    env!("GOOGLE_CHAT_GRPC_TONIC_VERSION")
));

/// N HTTP/2 connections used round-robin. One connection carries about 100 concurrent
/// streams on Google's frontends, so busy clients need several (Go's client pools too).
///
/// One `Arc` for the channels and the cursor: a clone of the stack, on every call, then
/// touches one reference count that all workers share instead of two.
#[derive(Clone, Debug)]
pub(crate) struct ChannelPool(Arc<Pool>);

#[derive(Debug)]
struct Pool {
    channels: Box<[Channel]>,
    next: AtomicUsize,
}

impl ChannelPool {
    pub(crate) fn new(channels: Vec<Channel>) -> Self {
        assert!(!channels.is_empty(), "a pool needs at least one channel");
        Self(Arc::new(Pool {
            channels: channels.into(),
            next: AtomicUsize::new(0),
        }))
    }
}

impl tower::Service<http::Request<Body>> for ChannelPool {
    type Response = http::Response<Body>;
    type Error = tonic::transport::Error;
    type Future = tower::util::Oneshot<Channel, http::Request<Body>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        // Readiness is per channel, and which one is picked at call time.
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: http::Request<Body>) -> Self::Future {
        let pool = &*self.0;
        // One channel (the default) needs no cursor: every call from every worker writing
        // the same cache line would make it bounce between cores for nothing.
        let channel = match &*pool.channels {
            [only] => only,
            channels => &channels[pool.next.fetch_add(1, Ordering::Relaxed) % channels.len()],
        };
        channel.clone().oneshot(request)
    }
}

/// Adds the headers every call carries, and those of one attempt, and turns a non-gRPC
/// answer into a status that says so.
#[derive(Clone, Debug)]
pub(crate) struct GoogleHeaders<S> {
    inner: S,
    headers: Arc<HeaderMap>,
    /// This attempt's headers, taken by the one `call` a unary request makes.
    attempt: AttemptHeaders,
}

/// The headers that differ between attempts: `grpc-timeout`, `x-goog-request-params`,
/// `authorization`.
///
/// They go on here, below tonic, rather than into the request's metadata: tonic removes its
/// reserved names from every request's metadata before sending it, a hash and probe per name,
/// which an empty map skips.
#[derive(Clone, Default)]
pub(crate) struct AttemptHeaders {
    pub(crate) timeout: Option<HeaderValue>,
    pub(crate) routing: Option<HeaderValue>,
    pub(crate) authorization: Option<HeaderValue>,
}

impl std::fmt::Debug for AttemptHeaders {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The token's value is marked sensitive, which `HeaderValue`'s `Debug` honours; this
        // does not rely on it.
        f.debug_struct("AttemptHeaders")
            .field("timeout", &self.timeout)
            .field("routing", &self.routing)
            .field(
                "authorization",
                &self.authorization.as_ref().map(|_| "<redacted>"),
            )
            .finish()
    }
}

impl<S> GoogleHeaders<S> {
    pub(crate) fn new(inner: S, headers: HeaderMap) -> Self {
        Self {
            inner,
            headers: Arc::new(headers),
            attempt: AttemptHeaders::default(),
        }
    }

    /// A copy of this stack for one attempt, carrying its headers.
    pub(crate) fn for_attempt(&self, attempt: AttemptHeaders) -> Self
    where
        S: Clone,
    {
        Self {
            inner: self.inner.clone(),
            headers: Arc::clone(&self.headers),
            attempt,
        }
    }
}

impl<S> tower::Service<http::Request<Body>> for GoogleHeaders<S>
where
    S: tower::Service<http::Request<Body>, Response = http::Response<Body>>
        + Clone
        + Send
        + 'static,
    // The pool's future (a `Oneshot` over a tonic `Channel`) is `Unpin`, which lets the
    // response check be a plain future instead of a boxed one.
    S::Future: Send + Unpin + 'static,
    S::Error: Into<tower::BoxError>,
{
    type Response = http::Response<CheckedBody>;
    type Error = tower::BoxError;
    type Future = CheckGrpc<S::Future>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, mut request: http::Request<Body>) -> Self::Future {
        let map = request.headers_mut();
        for (name, value) in self.headers.iter() {
            map.insert(name, value.clone());
        }
        let attempt = std::mem::take(&mut self.attempt);
        let pairs = [
            (GRPC_TIMEOUT, attempt.timeout),
            (REQUEST_PARAMS, attempt.routing),
            (http::header::AUTHORIZATION, attempt.authorization),
        ];
        for (name, value) in pairs {
            if let Some(value) = value {
                map.insert(name, value);
            }
        }
        CheckGrpc(self.inner.call(request))
    }
}

/// The response future of [`GoogleHeaders`]: the inner response, checked by [`check_grpc`]
/// and [`crate::response_check::checked`].
pub(crate) struct CheckGrpc<F>(F);

impl<F, E> Future for CheckGrpc<F>
where
    F: Future<Output = Result<http::Response<Body>, E>> + Unpin,
    E: Into<tower::BoxError>,
{
    type Output = Result<http::Response<CheckedBody>, tower::BoxError>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let response = std::task::ready!(Pin::new(&mut self.0).poll(cx)).map_err(Into::into)?;
        check_grpc(&response)?;
        // Status headers tonic would panic on or misread, here and in the trailers.
        Poll::Ready(Ok(crate::response_check::checked(response)))
    }
}

/// A gRPC answer has `content-type: application/grpc...`. Anything else (an HTML page from
/// a proxy, a REST error) becomes a status with the code gRPC maps the HTTP status to, so
/// retries still see a 503 as `UNAVAILABLE`, and a message that names the real problem.
fn check_grpc(response: &http::Response<Body>) -> Result<(), tonic::Status> {
    let content_type = response
        .headers()
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if content_type.starts_with("application/grpc") {
        return Ok(());
    }
    let http_status = response.status();
    let code = code_for_http_status(http_status);
    let cause = NonGrpcResponse {
        http_status: http_status.as_u16(),
        content_type: content_type.to_owned(),
    };
    let mut status = tonic::Status::new(code, cause.to_string());
    status.set_source(Arc::new(cause));
    Err(status)
}

/// The gRPC code for an answer's HTTP status when it carries no `grpc-status`, by gRPC's
/// table (doc/http-grpc-status-mapping.md), as tonic maps it.
pub(crate) fn code_for_http_status(status: http::StatusCode) -> tonic::Code {
    match status.as_u16() {
        400 => tonic::Code::Internal,
        401 => tonic::Code::Unauthenticated,
        403 => tonic::Code::PermissionDenied,
        404 => tonic::Code::Unimplemented,
        429 | 502..=504 => tonic::Code::Unavailable,
        _ => tonic::Code::Unknown,
    }
}

/// Static header values, validated once when the client is built.
pub(crate) fn static_headers(
    user_project: Option<&str>,
) -> Result<HeaderMap, http::header::InvalidHeaderValue> {
    let mut headers = HeaderMap::new();
    headers.insert("x-goog-api-client", API_CLIENT);
    if let Some(project) = user_project {
        headers.insert("x-goog-user-project", HeaderValue::try_from(project)?);
    }
    Ok(headers)
}

/// `x-goog-request-params`, built once: a constant name is not parsed again on every call.
pub(crate) const REQUEST_PARAMS: HeaderName = HeaderName::from_static("x-goog-request-params");

/// `grpc-timeout`, as tonic names it.
pub(crate) const GRPC_TIMEOUT: HeaderName = HeaderName::from_static("grpc-timeout");

/// The `grpc-timeout` value for `timeout`, exactly as tonic's `Request::set_timeout` writes
/// it (the most precise unit that fits in 8 digits), with one allocation instead of two.
pub(crate) fn grpc_timeout(timeout: Duration) -> HeaderValue {
    const MAX: u128 = 99_999_999;
    let secs = u128::from(timeout.as_secs());
    let (mut value, unit) = [
        (timeout.as_nanos(), b'n'),
        (timeout.as_micros(), b'u'),
        (timeout.as_millis(), b'm'),
        (secs, b'S'),
        (secs / 60, b'M'),
        (secs / 3600, b'H'),
    ]
    .into_iter()
    .find(|(value, _)| *value <= MAX)
    // Over 11,415 years, where tonic panics: the longest timeout the header can say.
    .unwrap_or((MAX, b'H'));
    let mut digits = [0u8; 9];
    let mut start = 8;
    digits[8] = unit;
    loop {
        start -= 1;
        // `value % 10` is a digit, so the cast cannot truncate.
        digits[start] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    HeaderValue::from_bytes(&digits[start..]).expect("digits and a unit letter")
}

/// The roots the crate's TLS features name, as tonic's rules for the Chat endpoint:
/// `tls-webpki-roots` the Mozilla roots compiled in, `tls-native-roots` the system's store
/// (which must not be empty), both when both are enabled. For the connections this crate
/// makes itself with rustls (the refresh-token grant, the media endpoints).
#[cfg(all(
    any(feature = "gcp-auth", feature = "media"),
    any(feature = "tls-webpki-roots", feature = "tls-native-roots")
))]
pub(crate) fn tls_roots() -> Result<rustls::RootCertStore, String> {
    let mut roots = rustls::RootCertStore::empty();
    #[cfg(feature = "tls-native-roots")]
    {
        let found = rustls_native_certs::load_native_certs();
        if found.certs.is_empty() {
            return Err(format!(
                "no TLS root certificates in the system's store (feature `tls-native-roots`): \
                 {:?}",
                found.errors
            ));
        }
        roots.add_parsable_certificates(found.certs);
    }
    #[cfg(feature = "tls-webpki-roots")]
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    Ok(roots)
}

/// Never called for an https endpoint: the callers refuse https without a TLS feature first.
#[cfg(all(
    any(feature = "gcp-auth", feature = "media"),
    not(any(feature = "tls-webpki-roots", feature = "tls-native-roots"))
))]
pub(crate) fn tls_roots() -> Result<rustls::RootCertStore, String> {
    Err("no TLS feature: enable `tls-webpki-roots` or `tls-native-roots`".into())
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::{AttemptHeaders, grpc_timeout};

    #[test]
    fn grpc_timeout_matches_tonic() {
        for timeout in [
            Duration::ZERO,
            Duration::from_nanos(1),
            Duration::from_nanos(99_999_999),
            Duration::from_millis(500),
            Duration::from_secs(30),
            Duration::from_secs(60),
            Duration::from_secs(3600),
            Duration::from_secs(86_400 * 365),
            Duration::from_secs(99_999_999 * 60),
        ] {
            let mut request = tonic::Request::new(());
            request.set_timeout(timeout);
            let tonic = request.metadata().get("grpc-timeout").unwrap();
            assert_eq!(grpc_timeout(timeout), tonic.as_bytes(), "{timeout:?}");
        }
    }

    #[test]
    fn attempt_headers_never_print_the_token() {
        let headers = AttemptHeaders {
            timeout: Some(grpc_timeout(Duration::from_secs(30))),
            routing: None,
            // Not marked sensitive: the redaction must not depend on it.
            authorization: Some(http::HeaderValue::from_static("Bearer ya29.secret")),
        };
        let printed = format!("{headers:?}");
        assert!(!printed.contains("ya29"), "{printed}");
        assert!(printed.contains("<redacted>"), "{printed}");
    }
}
