//! `chat.media.upload`: the multipart, media and resumable protocols (see the module doc of
//! [`super`]), each streaming the body into the media store and ending in
//! [`attachments::register`], the token `CreateMessage` accepts.

use http::request::Parts;
use http::{HeaderValue, Method, Response, StatusCode, header};
use tonic::body::Body;
use tonic::codegen::Bytes;
use tonic::metadata::MetadataMap;
use tonic::{Code, Status};

use super::multipart::{self, Base64Stream, MediaScanner, Scan};
use super::{
    BodyStream, CHUNK_GRANULARITY, Call, Failure, HEAD_LIMIT, MAX_UPLOAD, check_query, header_str,
    header_u64, json,
};
use crate::emulator::errors::not_found;
use crate::emulator::faults::{FaultAction, FaultStage, MEDIA_UPLOAD};
use crate::emulator::http::transcode::{bad_request, system_param};
use crate::emulator::identity::Caller;
use crate::emulator::media::{BlobWriter, Media, Session};
use crate::emulator::service::{Auth, EmulatorService};
use crate::emulator::{attachments, quotas};
use crate::proto::chat::v1::{UploadAttachmentRequest, UploadAttachmentResponse};

/// Serves one request to the upload endpoints.
pub(super) async fn serve(
    call: &mut Call<'_>,
    parts: &Parts,
    query: &[(String, String)],
    body: Body,
    parent: String,
    resumable_path: bool,
) -> Result<Response<Body>, Failure> {
    let faults = &call.service.shared().faults;
    let strike = faults.take_mid_body(MEDIA_UPLOAD);
    let mut body = BodyStream::new(body, strike, call.kill.clone());
    if let Some(action) = faults.take(MEDIA_UPLOAD, FaultStage::BeforeApply) {
        let drop = matches!(action, FaultAction::DropConnection);
        let status = call.fault(action);
        if !drop {
            // Read what the client sends (up to the cap) so it gets to read the answer.
            let declared = header_u64(parts, "content-length").ok().flatten();
            body.drain(declared.unwrap_or(MAX_UPLOAD).min(MAX_UPLOAD))
                .await;
        }
        return Err(status.into());
    }
    check_query(query, &["upload_id", "filename"])?;
    if let Some(id) = system_param(query, "upload_id") {
        return session_request(call, parts, body, id).await;
    }
    if parts.method != Method::POST {
        return Err(Status::not_found(format!(
            "The requested URL {} was not found (no {} binding).",
            parts.uri.path(),
            parts.method
        ))
        .into());
    }
    let kind = system_param(query, "uploadType");
    match (kind, resumable_path) {
        (Some("resumable"), _) => start(call, parts, query, body, parent).await,
        (Some("multipart"), false) => multipart(call, parts, query, body, parent).await,
        (Some("media"), false) => media(call, parts, query, body, parent).await,
        (Some(other), true) => Err(bad_request(format!(
            "Invalid value for uploadType: `{other}`; /resumable/upload serves only \
             uploadType=resumable"
        ))
        .into()),
        (Some(other), false) => Err(bad_request(format!(
            "Invalid value for uploadType: `{other}` (`multipart`, `media` or `resumable`)"
        ))
        .into()),
        (None, _) => Err(bad_request(
            "Upload requests must include an uploadType URL parameter: `multipart`, `media` \
             or `resumable`",
        )
        .into()),
    }
}

/// The caller of a new upload: a token with an upload scope, user authentication.
fn caller(call: &mut Call<'_>, parts: &Parts) -> Result<Caller, Status> {
    let metadata = MetadataMap::from_headers(parts.headers.clone());
    let token = call.service.authenticate(MEDIA_UPLOAD, &metadata)?;
    let caller = call.service.shared().lock().caller(&token);
    call.caller.clone_from(&caller.name);
    EmulatorService::check_auth_kind(MEDIA_UPLOAD, Auth::User, &caller)?;
    Ok(caller)
}

/// The `UploadAttachmentRequest` from the metadata JSON (possibly empty) and the query:
/// the path's parent wins, `filename` may come from the query when the JSON has none.
fn request(
    parent: &str,
    metadata: &[u8],
    query: &[(String, String)],
) -> Result<UploadAttachmentRequest, Status> {
    let mut req = if metadata.iter().all(u8::is_ascii_whitespace) {
        UploadAttachmentRequest::default()
    } else {
        let text = std::str::from_utf8(metadata)
            .map_err(|_| bad_request("Invalid JSON payload received. The metadata is not UTF-8"))?;
        crate::json::from_str::<UploadAttachmentRequest>(text)
            .map_err(|e| bad_request(format!("Invalid JSON payload received. {e}")))?
    };
    if req.filename.is_empty()
        && let Some(name) = system_param(query, "filename")
    {
        req.filename = name.to_owned();
    }
    parent.clone_into(&mut req.parent);
    Ok(req)
}

/// Checks the request against the quotas (if enforced) and the state (space, membership,
/// file name) before any byte of the media is read. The quota is drawn once per upload:
/// by a multipart or media request, or by the request that opens a resumable session (its
/// chunks are that one call's body), in the order of an RPC (`EmulatorService::call`).
fn check(
    call: &Call<'_>,
    parts: &Parts,
    caller: &Caller,
    req: &UploadAttachmentRequest,
) -> Result<(), Status> {
    let mut state = call.service.shared().lock();
    quotas::check_method(&mut state, &parts.headers, MEDIA_UPLOAD, &req.parent)?;
    attachments::check(&state, caller, req).map(|_| ())
}

/// The media's content type: as given, else from the file name.
fn media_type(given: Option<&str>, filename: &str) -> String {
    given
        .map(str::trim)
        .filter(|t| !t.is_empty() && HeaderValue::from_str(t).is_ok())
        .map(str::to_owned)
        .unwrap_or_else(|| attachments::content_type(filename).to_owned())
}

/// A fresh name for a blob or session (its file name on disk).
fn new_id() -> String {
    format!("media-{}", uuid::Uuid::new_v4().simple())
}

async fn new_writer(call: &Call<'_>, id: &str) -> Result<BlobWriter, Status> {
    call.service
        .shared()
        .media
        .writer(id)
        .await
        .map_err(|e| Status::internal(format!("cannot store the upload: {e}")))
}

fn internal(e: std::io::Error) -> Status {
    Status::internal(format!("cannot store the upload: {e}"))
}

/// Stores a finished upload and answers with its token (or with an after-apply fault).
fn register(
    call: &Call<'_>,
    caller: &Caller,
    req: UploadAttachmentRequest,
    media: Media,
) -> Result<Vec<u8>, Failure> {
    let response = {
        let mut state = call.service.shared().lock();
        attachments::register(&mut state, caller, req, media)?
    };
    render(&response, call.pretty)
}

fn render(response: &UploadAttachmentResponse, pretty: bool) -> Result<Vec<u8>, Failure> {
    let text = if pretty {
        crate::json::to_string_pretty(response)
    } else {
        crate::json::to_string(response)
    }
    .map_err(|e| Status::internal(e.to_string()))?;
    let mut bytes = text.into_bytes();
    if pretty {
        bytes.push(b'\n');
    }
    Ok(bytes)
}

/// The answer to a completed upload, unless an after-apply fault takes its place.
fn answer(call: &Call<'_>, bytes: Vec<u8>) -> Result<Response<Body>, Failure> {
    if let Some(action) = call
        .service
        .shared()
        .faults
        .take(MEDIA_UPLOAD, FaultStage::AfterApply)
    {
        return Err(call.fault(action).into());
    }
    Ok(json(StatusCode::OK, bytes))
}

/// Adds `data` to `writer`, refusing to pass the cap.
async fn append(writer: &mut BlobWriter, data: Bytes) -> Result<(), Failure> {
    let after = writer.len() + data.len() as u64;
    if after > MAX_UPLOAD {
        return Err(Failure::too_large(format!(
            "more than {MAX_UPLOAD} bytes arrived"
        )));
    }
    writer.write(data).await.map_err(internal)?;
    Ok(())
}

/// Ends a one-request upload (`media`, `multipart`): a writer whose filling failed is
/// discarded, else its blob is stored and answered with its token.
async fn complete(
    call: &Call<'_>,
    caller: &Caller,
    req: UploadAttachmentRequest,
    content_type: String,
    writer: BlobWriter,
    filled: Result<(), Failure>,
) -> Result<Response<Body>, Failure> {
    if let Err(e) = filled {
        writer.discard().await;
        return Err(e);
    }
    let blob = writer.finish().await.map_err(internal)?;
    let media = Media {
        blob: Some(blob),
        content_type,
    };
    let bytes = register(call, caller, req, media)?;
    answer(call, bytes)
}

/// `uploadType=media`: the body is the file.
async fn media(
    call: &mut Call<'_>,
    parts: &Parts,
    query: &[(String, String)],
    mut body: BodyStream,
    parent: String,
) -> Result<Response<Body>, Failure> {
    let caller = caller(call, parts)?;
    let declared = header_u64(parts, "content-length")?;
    if let Some(len) = declared
        && len > MAX_UPLOAD
    {
        return Err(Failure::too_large(format!("Content-Length is {len}")));
    }
    let req = request(&parent, b"", query)?;
    check(call, parts, &caller, &req)?;
    let content_type = media_type(header_str(parts, header::CONTENT_TYPE), &req.filename);
    let mut writer = new_writer(call, &new_id()).await?;
    let filled = async {
        while let Some(data) = body.next().await? {
            append(&mut writer, data).await?;
        }
        Ok::<(), Failure>(())
    }
    .await;
    complete(call, &caller, req, content_type, writer, filled).await
}

/// `uploadType=multipart`: JSON metadata, then the media.
async fn multipart(
    call: &mut Call<'_>,
    parts: &Parts,
    query: &[(String, String)],
    mut body: BodyStream,
    parent: String,
) -> Result<Response<Body>, Failure> {
    let caller = caller(call, parts)?;
    let boundary = multipart::boundary(header_str(parts, header::CONTENT_TYPE).unwrap_or(""))
        .map_err(bad_request)?;
    let declared = header_u64(parts, "content-length")?;
    if let Some(len) = declared
        && len > MAX_UPLOAD + HEAD_LIMIT as u64
    {
        return Err(Failure::too_large(format!("Content-Length is {len}")));
    }
    // The head: both parts' headers and the metadata, before any media byte is stored.
    let mut buf = Vec::new();
    let (head, start) = loop {
        let Some(data) = body.next().await? else {
            return Err(bad_request("The multipart body ends before its media part").into());
        };
        buf.extend_from_slice(&data);
        match multipart::parse_head(&buf, &boundary) {
            Ok(Some(done)) => break done,
            Ok(None) if buf.len() > HEAD_LIMIT => {
                return Err(bad_request(format!(
                    "The multipart metadata part and headers exceed {HEAD_LIMIT} bytes"
                ))
                .into());
            }
            Ok(None) => {}
            Err(e) => return Err(bad_request(e).into()),
        }
    };
    let req = request(&parent, &head.metadata, query)?;
    check(call, parts, &caller, &req)?;
    let mut base64 = match head.media_encoding.as_deref() {
        None | Some("binary" | "8bit" | "7bit") => None,
        Some("base64") => Some(Base64Stream::default()),
        Some(other) => {
            return Err(bad_request(format!(
                "Content-Transfer-Encoding `{other}` is not supported (binary or base64)"
            ))
            .into());
        }
    };
    let content_type = media_type(head.media_type.as_deref(), &req.filename);
    let mut writer = new_writer(call, &new_id()).await?;
    let mut scanner = MediaScanner::new(&boundary);
    let mut decoded = Vec::new();
    let filled = async {
        let mut next = Some(buf.split_off(start));
        let mut ended = false;
        loop {
            let data = match next.take() {
                Some(d) => d,
                None => match body.next().await? {
                    Some(d) => d.to_vec(),
                    None => {
                        return Err(bad_request(
                            "The multipart body ends before its closing boundary",
                        )
                        .into());
                    }
                },
            };
            let media = match scanner.feed(&data) {
                Scan::Media(m) => m,
                Scan::End(m) => {
                    ended = true;
                    m
                }
            };
            match &mut base64 {
                None => append(&mut writer, Bytes::copy_from_slice(media)).await?,
                Some(d) => {
                    decoded.clear();
                    d.feed(media, &mut decoded).map_err(bad_request)?;
                    append(&mut writer, Bytes::copy_from_slice(&decoded)).await?;
                }
            }
            if ended && let Some(closed) = scanner.closed() {
                closed.map_err(bad_request)?;
                break;
            }
        }
        if let Some(d) = base64.take() {
            decoded.clear();
            d.finish(&mut decoded).map_err(bad_request)?;
            append(&mut writer, Bytes::from(decoded)).await?;
        }
        // The epilogue (a line end, usually) is read and dropped.
        body.drain(HEAD_LIMIT as u64).await;
        Ok::<(), Failure>(())
    }
    .await;
    complete(call, &caller, req, content_type, writer, filled).await
}

/// `uploadType=resumable` without `upload_id`: opens a session.
async fn start(
    call: &mut Call<'_>,
    parts: &Parts,
    query: &[(String, String)],
    mut body: BodyStream,
    parent: String,
) -> Result<Response<Body>, Failure> {
    let caller = caller(call, parts)?;
    let total = header_u64(parts, "x-upload-content-length")?;
    if let Some(total) = total
        && total > MAX_UPLOAD
    {
        return Err(Failure::too_large(format!(
            "X-Upload-Content-Length is {total}"
        )));
    }
    let mut metadata = Vec::new();
    while let Some(data) = body.next().await? {
        metadata.extend_from_slice(&data);
        if metadata.len() > HEAD_LIMIT {
            return Err(bad_request(format!(
                "The metadata of a resumable upload exceeds {HEAD_LIMIT} bytes"
            ))
            .into());
        }
    }
    let req = request(&parent, &metadata, query)?;
    check(call, parts, &caller, &req)?;
    let host = header_str(parts, header::HOST)
        .map(str::to_owned)
        .or_else(|| parts.uri.authority().map(|a| a.to_string()))
        .ok_or_else(|| bad_request("The request has no Host header"))?;
    let id = new_id();
    let writer = new_writer(call, &id).await?;
    let location = format!(
        "http://{host}{}?uploadType=resumable&upload_id={id}",
        parts.uri.path()
    );
    let location = HeaderValue::from_str(&location)
        .map_err(|_| bad_request("The Host header does not make a URL"))?;
    let content_type = media_type(header_str(parts, "x-upload-content-type"), &req.filename);
    call.service.shared().media.start_session(
        id.clone(),
        Session {
            parent: req.parent,
            filename: req.filename,
            content_type,
            uploader: caller,
            total,
            writer: Some(writer),
            committed: 0,
            done: None,
        },
    );
    if let Some(action) = call
        .service
        .shared()
        .faults
        .take(MEDIA_UPLOAD, FaultStage::AfterApply)
    {
        return Err(call.fault(action).into());
    }
    let mut response = Response::new(Body::empty());
    response.headers_mut().insert(header::LOCATION, location);
    if let Ok(v) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-guploader-uploadid", v);
    }
    response
        .headers_mut()
        .insert(header::CONTENT_LENGTH, HeaderValue::from_static("0"));
    Ok(response)
}

/// What a session request's `Content-Range` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ChunkRange {
    /// `bytes */total` or `bytes */*`: a status query (or the close of an upload whose
    /// total is now known).
    Query { total: Option<u64> },
    /// `bytes first-last/total` (`total` `*` while unknown).
    Bytes {
        first: u64,
        last: u64,
        total: Option<u64>,
    },
    /// No `Content-Range`: the body is the whole file, from byte 0.
    Whole,
}

fn chunk_range(value: Option<&str>) -> Result<ChunkRange, String> {
    let Some(value) = value else {
        return Ok(ChunkRange::Whole);
    };
    let bad = || {
        format!(
            "`Content-Range: {value}` is not `bytes a-b/total`, `bytes a-b/*` or `bytes */total`"
        )
    };
    let rest = value.trim().strip_prefix("bytes").ok_or_else(bad)?;
    let rest = rest.trim_start_matches([' ', '=']);
    let (range, total) = rest.split_once('/').ok_or_else(bad)?;
    let total = match total.trim() {
        "*" => None,
        t => Some(t.parse::<u64>().map_err(|_| bad())?),
    };
    if range.trim() == "*" {
        return Ok(ChunkRange::Query { total });
    }
    let (first, last) = range.trim().split_once('-').ok_or_else(bad)?;
    let first = first.parse::<u64>().map_err(|_| bad())?;
    let last = last.parse::<u64>().map_err(|_| bad())?;
    if first > last {
        return Err(bad());
    }
    if let Some(t) = total
        && last >= t
    {
        return Err(format!(
            "`Content-Range: {value}`: the last byte is past the total size"
        ));
    }
    Ok(ChunkRange::Bytes { first, last, total })
}

/// Records the total size a request states.
fn set_total(s: &mut Session, total: u64) -> Result<(), Failure> {
    if total > MAX_UPLOAD {
        return Err(Failure::too_large(format!("the total size is {total}")));
    }
    match s.total {
        Some(t) if t != total => Err(bad_request(format!(
            "The total size {total} differs from the {t} bytes stated before"
        ))
        .into()),
        _ if total < s.committed => Err(bad_request(format!(
            "The total size {total} is less than the {} bytes already uploaded",
            s.committed
        ))
        .into()),
        _ => {
            s.total = Some(total);
            Ok(())
        }
    }
}

/// `308 Resume Incomplete` with the committed range.
fn incomplete(committed: u64) -> Response<Body> {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::PERMANENT_REDIRECT;
    if committed > 0
        && let Ok(v) = HeaderValue::from_str(&format!("bytes=0-{}", committed - 1))
    {
        response.headers_mut().insert(header::RANGE, v);
    }
    response
        .headers_mut()
        .insert(header::CONTENT_LENGTH, HeaderValue::from_static("0"));
    response
}

/// A request on a session URI: a chunk, a status query, or a cancel.
async fn session_request(
    call: &mut Call<'_>,
    parts: &Parts,
    mut body: BodyStream,
    id: &str,
) -> Result<Response<Body>, Failure> {
    let store = &call.service.shared().media;
    let Some(shared) = store.session(id) else {
        return Err(not_found("Upload session", id).into());
    };
    let mut s = shared.lock().await;
    call.caller.clone_from(&s.uploader.name);
    if parts.method == Method::DELETE {
        store.end_session(id);
        if let Some(w) = s.writer.take() {
            w.discard().await;
        }
        return Err(Failure {
            status: Status::new(Code::Cancelled, "The upload was cancelled."),
            http: None,
            headers: Vec::new(),
        });
    }
    if parts.method != Method::PUT && parts.method != Method::POST {
        return Err(Status::not_found(format!(
            "The requested URL {} was not found (no {} binding).",
            parts.uri.path(),
            parts.method
        ))
        .into());
    }
    if let Some(done) = &s.done {
        let done = done.clone();
        body.drain(HEAD_LIMIT as u64).await;
        return Ok(json(StatusCode::OK, done));
    }
    let range = chunk_range(header_str(parts, header::CONTENT_RANGE)).map_err(bad_request)?;
    let declared = header_u64(parts, "content-length")?;
    let (first, len) = match range {
        ChunkRange::Query { total } => {
            if let Some(t) = total {
                set_total(&mut s, t)?;
            }
            if declared.is_some_and(|n| n > 0) {
                return Err(
                    bad_request("A `Content-Range: bytes */...` request carries no body").into(),
                );
            }
            return settle(call, id, &mut s).await;
        }
        ChunkRange::Bytes { first, last, total } => {
            if let Some(t) = total {
                set_total(&mut s, t)?;
            }
            if last >= MAX_UPLOAD {
                return Err(Failure::too_large(format!("the chunk ends at byte {last}")));
            }
            let len = last - first + 1;
            if let Some(n) = declared
                && n != len
            {
                return Err(bad_request(format!(
                    "Content-Length {n} does not match `Content-Range` ({len} bytes)"
                ))
                .into());
            }
            if first > s.committed {
                return Err(bad_request(format!(
                    "Invalid request. According to the Content-Range header, the upload \
                     offset is {first} byte(s), which exceeds already uploaded size of {} \
                     byte(s).",
                    s.committed
                ))
                .into());
            }
            let is_last = s.total == Some(last + 1);
            if !is_last && len % CHUNK_GRANULARITY != 0 {
                return Err(bad_request(format!(
                    "Invalid request. The number of bytes uploaded is required to be equal \
                     or greater than {CHUNK_GRANULARITY}, except for the final request (it's \
                     recommended to be the exact multiple of {CHUNK_GRANULARITY}). The \
                     received request contained {len} bytes, which does not meet this \
                     requirement."
                ))
                .into());
            }
            (first, Some(len))
        }
        ChunkRange::Whole => {
            if let Some(n) = declared
                && n > MAX_UPLOAD
            {
                return Err(Failure::too_large(format!("Content-Length is {n}")));
            }
            (0, declared)
        }
    };
    let copied = copy_chunk(&mut s, &mut body, first, len).await;
    if let Some(writer) = s.writer.as_mut() {
        writer.flush().await.map_err(internal)?;
    }
    let received = copied?;
    if let Some(len) = len
        && received < len
    {
        return Err(bad_request(format!(
            "The request body has {received} of the {len} bytes its Content-Range states"
        ))
        .into());
    }
    if range == ChunkRange::Whole {
        let total = first + received;
        set_total(&mut s, total)?;
    }
    if let Some(action) = call
        .service
        .shared()
        .faults
        .take(MEDIA_UPLOAD, FaultStage::AfterApply)
    {
        // The bytes are committed; the answer is lost.
        return Err(call.fault(action).into());
    }
    settle(call, id, &mut s).await
}

/// Writes the part of a chunk (starting at byte `first`, `len` bytes if known) that is not
/// committed yet; the bytes that arrive before a failure stay committed. How many body
/// bytes arrived.
async fn copy_chunk(
    s: &mut Session,
    body: &mut BodyStream,
    first: u64,
    len: Option<u64>,
) -> Result<u64, Failure> {
    let Some(writer) = s.writer.as_mut() else {
        return Err(Status::internal("the session has no open writer").into());
    };
    let mut at = first;
    while let Some(data) = body.next().await? {
        let end = at + data.len() as u64;
        if let Some(len) = len
            && end > first + len
        {
            return Err(bad_request(format!(
                "The request body is longer than the {len} bytes its Content-Range states"
            ))
            .into());
        }
        // Bytes before the committed end were stored by an earlier attempt.
        let committed = writer.len();
        if end > committed {
            let skip = usize::try_from(committed.saturating_sub(at)).unwrap_or(usize::MAX);
            let fresh = if skip < data.len() {
                data.slice(skip..)
            } else {
                Bytes::new()
            };
            append(writer, fresh).await?;
            s.committed = writer.len();
        }
        at = end;
    }
    Ok(at - first)
}

/// Answers the session's state: the final response once every byte is in, else `308`.
async fn settle(call: &Call<'_>, id: &str, s: &mut Session) -> Result<Response<Body>, Failure> {
    if s.total != Some(s.committed) {
        return Ok(incomplete(s.committed));
    }
    let Some(writer) = s.writer.take() else {
        return Err(Status::internal("the session has no open writer").into());
    };
    let blob = writer.finish().await.map_err(internal)?;
    let media = Media {
        blob: Some(blob),
        content_type: s.content_type.clone(),
    };
    let req = UploadAttachmentRequest {
        parent: s.parent.clone(),
        filename: s.filename.clone(),
    };
    match register(call, &s.uploader, req, media) {
        Ok(bytes) => {
            s.done = Some(bytes.clone());
            Ok(json(StatusCode::OK, bytes))
        }
        Err(e) => {
            // The uploader left the space meanwhile (or the like): the session is over.
            call.service.shared().media.end_session(id);
            Err(e)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_ranges() {
        assert_eq!(chunk_range(None), Ok(ChunkRange::Whole));
        assert_eq!(
            chunk_range(Some("bytes 0-262143/1000000")),
            Ok(ChunkRange::Bytes {
                first: 0,
                last: 262_143,
                total: Some(1_000_000)
            })
        );
        assert_eq!(
            chunk_range(Some("bytes 5-9/*")),
            Ok(ChunkRange::Bytes {
                first: 5,
                last: 9,
                total: None
            })
        );
        assert_eq!(
            chunk_range(Some("bytes */*")),
            Ok(ChunkRange::Query { total: None })
        );
        assert_eq!(
            chunk_range(Some("bytes */42")),
            Ok(ChunkRange::Query { total: Some(42) })
        );
        for bad in [
            "bytes 9-5/10",
            "bytes 0-10/10",
            "0-1/2",
            "bytes 0-1",
            "bytes a-b/*",
            "bytes -1/2",
            "bytes 0-1/x",
        ] {
            assert!(chunk_range(Some(bad)).is_err(), "{bad}");
        }
    }
}
