//! The emulator's HTTP side: REST/JSON on the same port as gRPC.
//!
//! # One port, two protocols
//!
//! The emulator is served by tonic's server with HTTP/1.1 accepted next to HTTP/2
//! (hyper-util's auto connection builder: HTTP/1.1 and h2c with prior knowledge), and
//! [`HttpLayer`] in front of tonic's routes. Each request is routed by its `content-type`:
//! `application/grpc*` goes on to the gRPC services (the Chat API and server reflection);
//! anything else is answered here ([`Router`]). Both kinds share the emulator's state, the
//! connection's kill switch (fault injection can drop a REST connection too), the caller
//! convention (`Authorization: Bearer user:alice@example.com`, or Google's `access_token`
//! query parameter), faults, latency and the per-call log line (`protocol="rest"`).
//!
//! # REST: transcoded, then the gRPC path
//!
//! A REST call is transcoded from its `google.api.http` rule ([`transcode`]) into the
//! protobuf bytes of the RPC's request and handed to
//! [`EmulatorService::call_encoded`](super::service::EmulatorService), which decodes the
//! prost request and runs the same per-RPC function the gRPC trait method runs. The seam is
//! the encoded message rather than a typed request so one generic handler serves all 52
//! RPCs without a per-RPC match on this side; the price, one protobuf encode and decode of
//! each request and response, is small next to the JSON work.
//!
//! # JSON machinery: prost-reflect's `serde` over the embedded descriptor set
//!
//! JSON ↔ protobuf goes through [`prost_reflect::DynamicMessage`] and its `serde` feature,
//! over [`crate::proto::FILE_DESCRIPTOR_SET`] (which keeps the `google.api.http` options)
//! plus tonic-types' descriptor set for `google.rpc.Status` and the error details. That
//! gives Google's proto3 JSON mapping (lowerCamelCase out, proto names accepted in, enums
//! by name, 64-bit integers as strings, `Timestamp` in RFC 3339, `FieldMask` as a
//! comma-separated string, `Empty` as `{}`, unknown fields rejected, defaults omitted)
//! without touching the public prost types: pbjson would have swapped `prost-types` for
//! `pbjson-types` in the crate's API and generated serde impls for every message of the
//! client too. prost-reflect was already a build dependency; the emulator feature adds
//! its `serde` feature.
//!
//! # Errors
//!
//! A failed call answers as Google's REST frontends do: the HTTP status of the gRPC code
//! and `{"error": {"code", "message", "status", "details"}}`, the details being the
//! status's `google.rpc` details rendered as proto3 JSON with `@type`. A request that does
//! not transcode (bad JSON, an unknown field or query parameter, a bad path, a body over
//! [`MAX_BODY`]) is a 4xx of the same shape.
//!
//! # Adding endpoints
//!
//! [`Router::route`] is the one place that picks a handler by path: the media endpoints
//! ([`media`]: `/upload/v1/...`, `/resumable/upload/v1/...`, `/v1/media/...`) go there,
//! next to the transcoded API.

pub(crate) mod media;
pub(crate) mod transcode;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use http::{HeaderValue, Request, Response, StatusCode, header};
use http_body_util::BodyExt as _;
use serde_json::Value;
use tonic::body::Body;
use tonic::codegen::Bytes;
use tonic::{Code, Status};
use tower::ServiceExt as _;

use super::service::{EmulatorService, Rest};
use transcode::{Transcoder, bad_request, parse_query, system_param};

/// The largest request body the REST side reads (the gRPC side's default limit too).
pub(crate) const MAX_BODY: usize = 4 * 1024 * 1024;

/// Routes gRPC requests to the inner (tonic) service and everything else to [`Router`].
#[derive(Debug, Clone)]
pub(crate) struct HttpLayer {
    router: Arc<Router>,
}

impl HttpLayer {
    pub(crate) fn new(service: EmulatorService) -> HttpLayer {
        HttpLayer {
            router: Arc::new(Router { service }),
        }
    }
}

impl<S> tower::Layer<S> for HttpLayer {
    type Service = Split<S>;

    fn layer(&self, grpc: S) -> Split<S> {
        Split {
            grpc,
            router: self.router.clone(),
        }
    }
}

/// The service [`HttpLayer`] makes.
#[derive(Debug, Clone)]
pub(crate) struct Split<S> {
    grpc: S,
    router: Arc<Router>,
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

fn is_grpc(req: &Request<Body>) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/grpc"))
}

impl<S> tower::Service<Request<Body>> for Split<S>
where
    S: tower::Service<Request<Body>, Response = Response<Body>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
{
    type Response = Response<Body>;
    type Error = S::Error;
    type Future = BoxFuture<Result<Response<Body>, S::Error>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        // Each call readies its own clone of the inner service (tonic's routes are always
        // ready).
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: Request<Body>) -> Self::Future {
        if is_grpc(&req) {
            let grpc = self.grpc.clone();
            Box::pin(grpc.oneshot(req))
        } else {
            let router = self.router.clone();
            Box::pin(async move { Ok(router.route(req).await) })
        }
    }
}

/// The non-gRPC side of the port.
#[derive(Debug)]
pub(crate) struct Router {
    service: EmulatorService,
}

impl Router {
    /// Picks the handler for a request by its path.
    pub(crate) async fn route(&self, req: Request<Body>) -> Response<Body> {
        let path = req.uri().path();
        match media::endpoint(path) {
            Some(Ok(endpoint)) => return media::serve(&self.service, endpoint, req).await,
            Some(Err(status)) => return error_response(&status, true),
            None => {}
        }
        if path.starts_with("/v1/") {
            return self.rest(req).await;
        }
        error_response(
            &Status::not_found(format!("The requested URL {path} was not found.")),
            true,
        )
    }

    /// One transcoded API call.
    async fn rest(&self, req: Request<Body>) -> Response<Body> {
        let (mut parts, body) = req.into_parts();
        let query = match parse_query(parts.uri.query().unwrap_or("")) {
            Ok(q) => q,
            Err(status) => return error_response(&status, true),
        };
        let pretty = !matches!(system_param(&query, "prettyPrint"), Some("false" | "0"));
        let fail = |method: &str, status: Status| {
            log_rejected(method, &status);
            error_response(&status, pretty)
        };
        if let Some(alt) = system_param(&query, "alt")
            && alt != "json"
        {
            return fail(
                "-",
                bad_request(format!(
                    "Invalid value for `alt`: `{alt}` (only `json` is served)"
                )),
            );
        }
        let transcoder = match Transcoder::get() {
            Ok(t) => t,
            Err(e) => return fail("-", Status::internal(e.to_owned())),
        };
        // Google's clients send a long GET as a POST with the real method in this header.
        let mut method = parts.method.clone();
        if method == http::Method::POST
            && let Some(m) = parts.headers.get("x-http-method-override")
            && let Ok(m) = http::Method::from_bytes(m.as_bytes())
        {
            method = m;
        }
        let (route, path_values) = match transcoder.find(&method, parts.uri.path()) {
            Ok(Some(found)) => found,
            Ok(None) => {
                return fail(
                    "-",
                    Status::not_found(format!(
                        "The requested URL {} was not found (no {method} binding).",
                        parts.uri.path()
                    )),
                );
            }
            Err(status) => return fail("-", status),
        };
        let rpc = route.rpc();
        let bytes = match http_body_util::Limited::new(body, MAX_BODY).collect().await {
            Ok(collected) => collected.to_bytes(),
            Err(e) if e.is::<http_body_util::LengthLimitError>() => {
                let status = Status::new(
                    Code::InvalidArgument,
                    format!("The request body is larger than {MAX_BODY} bytes."),
                );
                log_rejected(rpc, &status);
                return error_with(StatusCode::PAYLOAD_TOO_LARGE, &status, pretty);
            }
            Err(e) => {
                return fail(
                    rpc,
                    bad_request(format!("The request body did not arrive: {e}")),
                );
            }
        };
        let encoded = match transcoder.request(route, path_values, &query, &bytes) {
            Ok(b) => b,
            Err(status) => return fail(rpc, status),
        };
        if !parts.headers.contains_key(header::AUTHORIZATION)
            && let Some(token) = system_param(&query, "access_token")
            && let Ok(value) = HeaderValue::from_str(&format!("Bearer {token}"))
        {
            parts.headers.insert(header::AUTHORIZATION, value);
        }
        let metadata = tonic::metadata::MetadataMap::from_headers(parts.headers);
        let mut extensions = parts.extensions;
        extensions.insert(Rest);
        let result = self
            .service
            .call_encoded(rpc, metadata, extensions, &encoded)
            .await
            .unwrap_or_else(|| Err(Status::unimplemented(format!("{rpc} is not served"))));
        match result.and_then(|bytes| transcoder.response(route, &bytes, pretty)) {
            Ok(json) => json_response(StatusCode::OK, json),
            Err(status) => error_response(&status, pretty),
        }
    }
}

/// The log line of a REST request rejected before it reached an RPC.
fn log_rejected(method: &str, status: &Status) {
    tracing::info!(
        target: "chat_emulator",
        method,
        protocol = "rest",
        caller = "-",
        code = ?status.code(),
        latency_ms = 0.0,
        "call"
    );
}

/// The HTTP status Google's frontends answer a gRPC code with.
pub(crate) fn http_status(code: Code) -> StatusCode {
    match code {
        Code::Ok => StatusCode::OK,
        Code::Cancelled => StatusCode::from_u16(499).unwrap_or(StatusCode::BAD_REQUEST),
        Code::InvalidArgument | Code::FailedPrecondition | Code::OutOfRange => {
            StatusCode::BAD_REQUEST
        }
        Code::Unauthenticated => StatusCode::UNAUTHORIZED,
        Code::PermissionDenied => StatusCode::FORBIDDEN,
        Code::NotFound => StatusCode::NOT_FOUND,
        Code::AlreadyExists | Code::Aborted => StatusCode::CONFLICT,
        Code::ResourceExhausted => StatusCode::TOO_MANY_REQUESTS,
        Code::Unimplemented => StatusCode::NOT_IMPLEMENTED,
        Code::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        Code::DeadlineExceeded => StatusCode::GATEWAY_TIMEOUT,
        Code::Unknown | Code::Internal | Code::DataLoss => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// `{"error": {"code", "message", "status", "details"}}` with the code's HTTP status.
pub(crate) fn error_response(status: &Status, pretty: bool) -> Response<Body> {
    error_with(http_status(status.code()), status, pretty)
}

/// [`error_response`] with another HTTP status (413 for a body over [`MAX_BODY`]).
pub(crate) fn error_with(http: StatusCode, status: &Status, pretty: bool) -> Response<Body> {
    let (name, details) = match Transcoder::get() {
        Ok(t) => (t.code_name(status.code()), t.details(status)),
        Err(_) => (format!("{:?}", status.code()), Vec::new()),
    };
    #[derive(serde::Serialize)]
    struct Envelope<'a> {
        error: Error<'a>,
    }
    // Google's key order: code, message, status, details.
    #[derive(serde::Serialize)]
    struct Error<'a> {
        code: u16,
        message: &'a str,
        status: String,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        details: Vec<Value>,
    }
    let body = Envelope {
        error: Error {
            code: http.as_u16(),
            message: status.message(),
            status: name,
            details,
        },
    };
    let mut bytes = if pretty {
        serde_json::to_vec_pretty(&body)
    } else {
        serde_json::to_vec(&body)
    }
    .unwrap_or_default();
    if pretty {
        bytes.push(b'\n');
    }
    json_response(http, bytes)
}

fn json_response(status: StatusCode, bytes: Vec<u8>) -> Response<Body> {
    let mut response = Response::new(Body::new(http_body_util::Full::new(Bytes::from(bytes))));
    *response.status_mut() = status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=UTF-8"),
    );
    response
}
