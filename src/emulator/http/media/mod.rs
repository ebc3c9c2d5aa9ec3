//! The media endpoints: attachment bytes up (`chat.media.upload`) and down
//! (`chat.media.download`), on the emulator's one port, as Google's upload and download
//! frontends speak them (the discovery document's `mediaUpload`: simple and resumable
//! protocols, `maxSize` 209,715,200, any content type).
//!
//! # Upload
//!
//! `POST /upload/v1/spaces/{space}/attachments:upload?uploadType=...`:
//!
//! - `multipart`: a `multipart/related` body, the `UploadAttachmentRequest` as JSON
//!   (`{"filename": "report.pdf"}`) then the media part with its `Content-Type`.
//! - `media`: the raw bytes, their type in `Content-Type`. That protocol has no metadata,
//!   and Chat requires a file name: it comes from the `filename` query parameter (the way
//!   Google's REST surface binds any non-body field), and without one the upload is a 400
//!   `INVALID_ARGUMENT`.
//! - `resumable` (also on `/resumable/upload/v1/...`): the POST carries the metadata JSON
//!   (and optionally `X-Upload-Content-Type`, `X-Upload-Content-Length`) and is answered
//!   `200` with `Location:` the session URI (this host and port, `upload_id=`). Chunks are
//!   `PUT` there with `Content-Range: bytes a-b/total` (`bytes a-b/*` while the total is
//!   unknown); every chunk but the last is a multiple of 256 KiB (else 400). Until the
//!   upload is complete the answer is `308` with `Range: bytes=0-N` of the committed bytes
//!   (no `Range` when none are); then `200` with the response. `Content-Range: bytes */total`
//!   (or `*/*`) with an empty body asks for the committed range (or the final response, or
//!   completes an upload whose last chunk did not know the total). As Google does, bytes of
//!   a chunk that are already committed are skipped, a chunk that starts past the
//!   committed end (a gap) is a 400, and a chunk cut short (a dropped connection) keeps the
//!   bytes that arrived: ask, then resume from there. The session URI is the credential
//!   for its chunks (no `Authorization` needed); `DELETE` on it cancels (`499`).
//!
//! Every upload answers with the `UploadAttachmentResponse` the gRPC `UploadAttachment`
//! gives; its `attachmentUploadToken` works in `CreateMessage`'s attachments, and
//! `GetAttachment` then shows `attachmentDataRef.resourceName`, the name to download.
//! The rules of `UploadAttachment` apply: user authentication (a Chat app gets 403, as the
//! method's documentation says; the discovery document lists `chat.bot` among the scopes,
//! and the emulator follows the documentation), one of `scopes::FOR_MEDIA_UPLOAD`, a joined
//! member of the space, a file name. Over 200 MB is a 413: up front when `Content-Length`
//! or `X-Upload-Content-Length` (or a chunk's `Content-Range`) says so, before a byte of
//! the body is read, and otherwise as soon as the count passes it. A multipart body's
//! `Content-Length` may exceed the cap by the metadata's allowance ([`HEAD_LIMIT`]).
//!
//! # Download
//!
//! `GET /v1/media/{resourceName}?alt=media` (also `/download/v1/media/...`) streams the
//! bytes with their `Content-Type` and `Content-Length`; `Range: bytes=a-b`, `a-` or `-n`
//! gives a `206` with `Content-Range`, an unsatisfiable one a `416` (`Content-Range:
//! bytes */len`); a multi-range request gets the whole body (`200`), as RFC 9110 allows.
//! Only a reader of the message (a joined member of its space, user or app, with one of
//! `scopes::FOR_MEDIA_DOWNLOAD`) may download: others get the 403 every read of the space
//! gives them; an unknown name, or the attachment of a deleted message, is a 404. Without
//! `alt=media` (or with `alt=json`) the answer is the `Media` resource, `{"resourceName":
//! ...}`, as Google's frontend gives it.
//!
//! # Shared with the RPCs
//!
//! Each HTTP request is one call named [`MEDIA_UPLOAD`] or [`MEDIA_DOWNLOAD`] for fault
//! injection, latency and the log line (`protocol="media"`). A fault before the call
//! answers its status (after reading and dropping the body, so the client can read the
//! answer); after the call, the bytes are stored and the answer is lost; mid-body
//! ([`Fault::after_bytes`](crate::emulator::Fault::after_bytes)) it cuts an upload's body
//! (the bytes before it stay committed to a resumable session) or a download's after that
//! many bytes. Bytes are streamed to and from the store ([`crate::emulator::media`]): no
//! request is buffered whole, and the REST side's 4 MiB body limit does not apply here.

mod download;
mod multipart;
mod upload;

use std::time::Instant;

use http::request::Parts;
use http::{HeaderValue, Request, Response, StatusCode, header};
use http_body_util::BodyExt as _;
use tonic::body::Body;
use tonic::codegen::Bytes;
use tonic::{Code, Status};

use super::transcode::{bad_request, parse_query, percent_decode, system_param};
use super::{error_with, http_status};
use crate::emulator::connection::KillSwitch;
use crate::emulator::faults::{FaultAction, MEDIA_DOWNLOAD, MEDIA_UPLOAD};
use crate::emulator::service::{EmulatorService, fault_status, log_call};

/// The largest attachment: the discovery document's `maxSize`, 209,715,200 bytes (200 MiB,
/// the "200 MB" of the method's documentation).
pub(crate) const MAX_UPLOAD: u64 = 209_715_200;
/// Resumable chunks other than the last are multiples of this.
pub(crate) const CHUNK_GRANULARITY: u64 = 256 * 1024;
/// The most a multipart body may hold before its media starts (both parts' headers and the
/// metadata), and the largest metadata body of a resumable session's start.
pub(crate) const HEAD_LIMIT: usize = 64 * 1024;

/// Query parameters any media request may carry besides its own.
const SYSTEM_PARAMS: &[&str] = &[
    "alt",
    "prettyPrint",
    "fields",
    "key",
    "access_token",
    "oauth_token",
    "quotaUser",
    "$.xgafv",
    "callback",
    "upload_protocol",
    "uploadType",
];

/// A media endpoint, by path.
#[derive(Debug)]
pub(crate) enum Endpoint {
    /// `/upload/v1/{parent}/attachments:upload` or `/resumable/upload/v1/...`.
    Upload {
        parent: String,
        /// Reached through `/resumable/...`, which serves only `uploadType=resumable`.
        resumable_path: bool,
    },
    /// `/v1/media/{resourceName}` or `/download/v1/media/{resourceName}`.
    Download { resource: String },
}

fn no_url(path: &str) -> Status {
    Status::not_found(format!("The requested URL {path} was not found."))
}

/// The media endpoint a path names: `None` if it is not a media path at all.
pub(crate) fn endpoint(path: &str) -> Option<Result<Endpoint, Status>> {
    let upload = |rest: &str, resumable_path| {
        let parent = rest
            .strip_suffix("/attachments:upload")
            .ok_or_else(|| no_url(path))?;
        let parent = percent_decode(parent)?;
        let ok = parent
            .strip_prefix("spaces/")
            .is_some_and(|id| !id.is_empty() && !id.contains('/'));
        if !ok {
            return Err(no_url(path));
        }
        Ok(Endpoint::Upload {
            parent,
            resumable_path,
        })
    };
    if let Some(rest) = path.strip_prefix("/upload/v1/") {
        return Some(upload(rest, false));
    }
    if let Some(rest) = path.strip_prefix("/resumable/upload/v1/") {
        return Some(upload(rest, true));
    }
    if let Some(rest) = path
        .strip_prefix("/v1/media/")
        .or_else(|| path.strip_prefix("/download/v1/media/"))
    {
        return Some(match percent_decode(rest) {
            Ok(resource) if !resource.is_empty() => Ok(Endpoint::Download { resource }),
            Ok(_) => Err(no_url(path)),
            Err(e) => Err(e),
        });
    }
    if ["/upload/", "/resumable/", "/download/"]
        .iter()
        .any(|p| path.starts_with(p))
    {
        return Some(Err(no_url(path)));
    }
    None
}

/// A failed media call: its status, and the HTTP status when it is not the code's own
/// (413 for the size cap, 416 for a range).
#[derive(Debug)]
pub(crate) struct Failure {
    status: Status,
    http: Option<StatusCode>,
    /// Extra headers (a 416's `Content-Range`).
    headers: Vec<(header::HeaderName, HeaderValue)>,
}

impl From<Status> for Failure {
    fn from(status: Status) -> Failure {
        Failure {
            status,
            http: None,
            headers: Vec::new(),
        }
    }
}

impl Failure {
    fn too_large(what: impl std::fmt::Display) -> Failure {
        Failure {
            status: Status::new(
                Code::InvalidArgument,
                format!(
                    "The attachment is too large: {what}; the maximum is {MAX_UPLOAD} bytes \
                     (200 MB)."
                ),
            ),
            http: Some(StatusCode::PAYLOAD_TOO_LARGE),
            headers: Vec::new(),
        }
    }
}

/// One media call: what the log line and the faults need.
pub(crate) struct Call<'a> {
    service: &'a EmulatorService,
    method: &'static str,
    started: Instant,
    /// `users/...` once known, for the log line.
    caller: String,
    kill: Option<KillSwitch>,
    pretty: bool,
}

impl Call<'_> {
    /// The status of a fault (resetting the connection for a drop).
    fn fault(&self, action: FaultAction) -> Status {
        fault_status(action, self.kill.as_ref())
    }

    fn finish(&self, result: Result<Response<Body>, Failure>) -> Response<Body> {
        let code = match &result {
            Ok(_) => Code::Ok,
            Err(f) => f.status.code(),
        };
        log_call(self.method, "media", &self.caller, code, self.started);
        match result {
            Ok(r) => r,
            Err(f) => {
                let http = f.http.unwrap_or_else(|| http_status(f.status.code()));
                let mut r = error_with(http, &f.status, self.pretty);
                r.headers_mut().extend(f.headers);
                r
            }
        }
    }
}

/// Serves one media request.
pub(crate) async fn serve(
    service: &EmulatorService,
    endpoint: Endpoint,
    req: Request<Body>,
) -> Response<Body> {
    let (mut parts, body) = req.into_parts();
    let method = match endpoint {
        Endpoint::Upload { .. } => MEDIA_UPLOAD,
        Endpoint::Download { .. } => MEDIA_DOWNLOAD,
    };
    let mut call = Call {
        service,
        method,
        started: Instant::now(),
        caller: "-".to_owned(),
        kill: parts.extensions.get::<KillSwitch>().cloned(),
        pretty: true,
    };
    let query = match parse_query(parts.uri.query().unwrap_or("")) {
        Ok(q) => q,
        Err(status) => return call.finish(Err(status.into())),
    };
    call.pretty = !matches!(system_param(&query, "prettyPrint"), Some("false" | "0"));
    if !parts.headers.contains_key(header::AUTHORIZATION)
        && let Some(token) = system_param(&query, "access_token")
        && let Ok(value) = HeaderValue::from_str(&format!("Bearer {token}"))
    {
        parts.headers.insert(header::AUTHORIZATION, value);
    }
    let latency = service.shared().faults.latency();
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let result = match endpoint {
        Endpoint::Upload {
            parent,
            resumable_path,
        } => upload::serve(&mut call, &parts, &query, body, parent, resumable_path).await,
        Endpoint::Download { resource } => {
            download::serve(&mut call, &parts, &query, &resource).await
        }
    };
    call.finish(result)
}

/// Refuses query parameters that are neither system parameters nor in `own`.
fn check_query(query: &[(String, String)], own: &[&str]) -> Result<(), Status> {
    for (key, _) in query {
        if !SYSTEM_PARAMS.contains(&key.as_str()) && !own.contains(&key.as_str()) {
            return Err(bad_request(format!(
                "Invalid JSON payload received. Unknown name \"{key}\": Cannot bind query \
                 parameter."
            )));
        }
    }
    Ok(())
}

/// A header as text, if present and visible ASCII.
fn header_str(parts: &Parts, name: impl header::AsHeaderName) -> Option<&str> {
    parts.headers.get(name).and_then(|v| v.to_str().ok())
}

/// A numeric header (`Content-Length`, `X-Upload-Content-Length`); `Err` if malformed.
fn header_u64(parts: &Parts, name: &str) -> Result<Option<u64>, Status> {
    match parts.headers.get(name) {
        None => Ok(None),
        Some(v) => v
            .to_str()
            .ok()
            .and_then(|s| s.trim().parse::<u64>().ok())
            .map(Some)
            .ok_or_else(|| bad_request(format!("The {name} header is not a number of bytes"))),
    }
}

/// A request body read chunk by chunk, cut where the call's mid-body fault strikes.
pub(crate) struct BodyStream {
    body: Body,
    read: u64,
    strike: Option<(u64, FaultAction)>,
    kill: Option<KillSwitch>,
    /// The error to answer once the bytes before the fault were handed out.
    broken: Option<Status>,
}

impl BodyStream {
    fn new(body: Body, strike: Option<(u64, FaultAction)>, kill: Option<KillSwitch>) -> Self {
        BodyStream {
            body,
            read: 0,
            strike,
            kill,
            broken: None,
        }
    }

    /// The next bytes of the body; `None` at its end.
    async fn next(&mut self) -> Result<Option<Bytes>, Status> {
        if let Some(status) = self.broken.take() {
            return Err(status);
        }
        loop {
            let frame = match self.body.frame().await {
                None => return Ok(None),
                Some(Err(e)) => {
                    return Err(Status::new(
                        Code::Cancelled,
                        format!("The request body did not arrive: {}", e.message()),
                    ));
                }
                Some(Ok(frame)) => frame,
            };
            let Ok(mut data) = frame.into_data() else {
                continue;
            };
            if data.is_empty() {
                continue;
            }
            let len = data.len() as u64;
            if let Some((after, _)) = &self.strike
                && self.read + len >= *after
            {
                let keep = (*after).saturating_sub(self.read);
                data.truncate(usize::try_from(keep).unwrap_or(usize::MAX));
                self.read += keep;
                let status = match self.strike.take() {
                    Some((_, action)) => fault_status(action, self.kill.as_ref()),
                    None => Status::internal("fault already struck"),
                };
                if data.is_empty() {
                    return Err(status);
                }
                self.broken = Some(status);
                return Ok(Some(data));
            }
            self.read += len;
            return Ok(Some(data));
        }
    }

    /// Reads and drops the rest of the body, up to `limit` bytes, so that a client still
    /// sending it gets to read the answer.
    async fn drain(&mut self, limit: u64) {
        let mut seen = 0u64;
        while seen <= limit {
            match self.body.frame().await {
                Some(Ok(frame)) => {
                    if let Ok(data) = frame.into_data() {
                        seen += data.len() as u64;
                    }
                }
                _ => return,
            }
        }
    }
}

/// A JSON answer.
fn json(status: StatusCode, bytes: Vec<u8>) -> Response<Body> {
    super::json_response(status, bytes)
}
