//! A scripted server of Google's media protocol on `127.0.0.1:0`, for the client's side of
//! it: multipart and resumable uploads (sessions, `Content-Range`, `308` + `Range`) and
//! downloads (`Range` -> `206`). It records every request (method, URI, headers, body
//! length) and every connection, and takes faults: an HTTP answer for the next request of a
//! kind, a connection cut partway through a chunk or a download, a chunk committed short.

use std::collections::{HashMap, VecDeque};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use http::{HeaderMap, Method, Request, Response, StatusCode};
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::{Bytes, Frame, Incoming};
use hyper_util::rt::TokioIo;

/// The protocol's chunk granularity.
pub const GRANULE: usize = 256 << 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Multipart,
    Start,
    Chunk,
    Query,
    Download,
}

pub enum Action {
    /// Answer with this status, content type and body.
    Answer(u16, &'static str, String),
    /// Keep the first `after` bytes of the request body (a chunk: committed, rounded down
    /// to 256 KiB as Google's servers persist), then drop the connection; a download: send
    /// the first `after` bytes of the answer, then drop it.
    Cut { after: usize },
    /// Commit only the first `n` bytes of the chunk, and say so in the 308.
    CommitOnly(usize),
}

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub kind: Kind,
    pub method: Method,
    pub uri: String,
    pub headers: HeaderMap,
    pub body_len: usize,
}

impl Seen {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// A finished upload.
#[derive(Debug, Clone)]
pub struct Stored {
    pub filename: String,
    pub content_type: String,
    pub bytes: Bytes,
}

struct Session {
    filename: String,
    content_type: String,
    /// Bytes committed.
    len: usize,
    /// Those bytes, unless the server discards them.
    data: Vec<u8>,
}

impl Session {
    fn commit(&mut self, bytes: &[u8], discard: bool) {
        self.len += bytes.len();
        if !discard {
            self.data.extend_from_slice(bytes);
        }
    }
}

#[derive(Default)]
struct State {
    seen: Vec<Seen>,
    /// (kind, how many requests of the kind pass first, what to do).
    faults: VecDeque<(Kind, usize, Action)>,
    /// Count uploaded bytes without keeping them (a 200 MB stream).
    discard: bool,
    sessions: HashMap<String, Session>,
    /// Media by resource name: content type and bytes.
    files: HashMap<String, (String, Bytes)>,
    uploads: Vec<Stored>,
    /// An absolute Location to hand out instead of our own.
    location_override: Option<String>,
}

#[derive(Clone)]
pub struct MediaServer {
    pub addr: SocketAddr,
    state: Arc<Mutex<State>>,
    connections: Arc<AtomicUsize>,
}

impl MediaServer {
    pub async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = MediaServer {
            addr,
            state: Arc::default(),
            connections: Arc::default(),
        };
        let accept = server.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                accept.connections.fetch_add(1, Ordering::SeqCst);
                let server = accept.clone();
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |req| {
                        let server = server.clone();
                        async move { server.handle(req).await }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        server
    }

    pub fn endpoint(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// `action` for the next request of `kind`.
    pub fn fault(&self, kind: Kind, action: Action) {
        self.fault_nth(kind, 0, action);
    }

    /// `action` for the request of `kind` after `pass` more of them.
    pub fn fault_nth(&self, kind: Kind, pass: usize, action: Action) {
        self.state
            .lock()
            .unwrap()
            .faults
            .push_back((kind, pass, action));
    }

    pub fn discard_uploads(&self) {
        self.state.lock().unwrap().discard = true;
    }

    /// Bytes committed in all sessions not finished.
    pub fn open_session_bytes(&self) -> usize {
        self.state
            .lock()
            .unwrap()
            .sessions
            .values()
            .map(|s| s.len)
            .sum()
    }

    pub fn put_file(&self, name: &str, content_type: &str, bytes: impl Into<Bytes>) {
        self.state
            .lock()
            .unwrap()
            .files
            .insert(name.into(), (content_type.into(), bytes.into()));
    }

    pub fn override_location(&self, location: &str) {
        self.state.lock().unwrap().location_override = Some(location.into());
    }

    pub fn seen(&self) -> Vec<Seen> {
        self.state.lock().unwrap().seen.clone()
    }

    pub fn uploads(&self) -> Vec<Stored> {
        self.state.lock().unwrap().uploads.clone()
    }

    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    fn take_fault(&self, kind: Kind) -> Option<Action> {
        let mut state = self.state.lock().unwrap();
        let i = state.faults.iter().position(|(k, _, _)| *k == kind)?;
        if state.faults[i].1 > 0 {
            state.faults[i].1 -= 1;
            return None;
        }
        state.faults.remove(i).map(|(_, _, a)| a)
    }

    async fn handle(
        &self,
        req: Request<Incoming>,
    ) -> Result<Response<BoxBody<Bytes, std::io::Error>>, std::io::Error> {
        let uri = req.uri().to_string();
        let method = req.method().clone();
        let path = req.uri().path().to_owned();
        let query = req.uri().query().unwrap_or("").to_owned();
        let kind = match (req.method().clone(), path.as_str()) {
            (Method::POST, p) if p.starts_with("/upload/v1/") => Kind::Multipart,
            (Method::POST, p) if p.starts_with("/resumable/upload/v1/") => Kind::Start,
            (Method::PUT, _) if content_range(req.headers()).is_some_and(|r| r.0.is_none()) => {
                Kind::Query
            }
            (Method::PUT, _) => Kind::Chunk,
            (Method::GET, p) if p.starts_with("/v1/media/") => Kind::Download,
            _ => return Ok(answer(404, "text/plain", "no such route".into())),
        };
        let fault = self.take_fault(kind);
        let headers = req.headers().clone();
        let (cut, commit_only) = match fault {
            Some(Action::Answer(status, content_type, body)) => {
                let body_len = drain(req.into_body()).await;
                self.record(kind, method, &uri, &headers, body_len);
                return Ok(answer(status, content_type, body));
            }
            Some(Action::Cut { after }) => (Some(after), None),
            Some(Action::CommitOnly(n)) => (None, Some(n)),
            None => (None, None),
        };
        if kind == Kind::Download {
            self.record(kind, method, &uri, &headers, 0);
            return Ok(self.download(&path, &headers, cut));
        }
        // Read the body, stopping at the cut.
        let mut body = req.into_body();
        let mut data = Vec::new();
        let mut broken = false;
        while let Some(frame) = body.frame().await {
            let Ok(frame) = frame else {
                broken = true;
                break;
            };
            if let Ok(piece) = frame.into_data() {
                data.extend_from_slice(&piece);
            }
            if let Some(after) = cut
                && data.len() >= after
            {
                data.truncate(after);
                broken = true;
                break;
            }
        }
        self.record(kind, method, &uri, &headers, data.len());
        match kind {
            Kind::Multipart => {
                if broken {
                    return Err(std::io::Error::other("cut"));
                }
                Ok(self.multipart(&path, &headers, &data))
            }
            Kind::Start => Ok(self.open_session(&path, &headers, &data)),
            Kind::Chunk | Kind::Query => {
                let Some(id) = query.split('&').find_map(|p| p.strip_prefix("upload_id=")) else {
                    return Ok(answer(404, "text/plain", "no upload_id".into()));
                };
                if broken {
                    // Persist what arrived, in whole granules, and drop the connection.
                    let mut state = self.state.lock().unwrap();
                    let discard = state.discard;
                    if let Some(session) = state.sessions.get_mut(id) {
                        let (start, _) = content_range(&headers).unwrap();
                        let start = start.map_or(0, |(s, _)| s as usize);
                        if start == session.len {
                            let keep = (start + data.len()) / GRANULE * GRANULE;
                            let keep = keep.saturating_sub(start).min(data.len());
                            session.commit(&data[..keep], discard);
                        }
                    }
                    return Err(std::io::Error::other("cut"));
                }
                Ok(self.chunk(id, &headers, data, commit_only))
            }
            Kind::Download => unreachable!(),
        }
    }

    fn record(&self, kind: Kind, method: Method, uri: &str, headers: &HeaderMap, body_len: usize) {
        self.state.lock().unwrap().seen.push(Seen {
            kind,
            method,
            uri: uri.into(),
            headers: headers.clone(),
            body_len,
        });
    }

    fn finish(
        &self,
        state: &mut State,
        filename: String,
        content_type: String,
        bytes: Bytes,
    ) -> String {
        let n = state.uploads.len();
        let name = format!("spaces/S/attachments/up{n}");
        state
            .files
            .insert(name.clone(), (content_type.clone(), bytes.clone()));
        state.uploads.push(Stored {
            filename,
            content_type,
            bytes,
        });
        format!(
            r#"{{"attachmentDataRef": {{"resourceName": "{name}", "attachmentUploadToken": "token-{n}"}}}}"#
        )
    }

    fn multipart(
        &self,
        _path: &str,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Response<BoxBody<Bytes, std::io::Error>> {
        let content_type = headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let Some(boundary) = content_type.strip_prefix("multipart/related; boundary=") else {
            return answer(400, "text/plain", format!("content-type {content_type}"));
        };
        let Some((metadata, media_type, media)) = parse_multipart(body, boundary) else {
            return answer(400, "text/plain", "bad multipart body".into());
        };
        let filename = filename_of(&metadata);
        let mut state = self.state.lock().unwrap();
        let json = self.finish(&mut state, filename, media_type, Bytes::from(media));
        answer(200, "application/json", json)
    }

    fn open_session(
        &self,
        path: &str,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Response<BoxBody<Bytes, std::io::Error>> {
        let filename = filename_of(body);
        let content_type = headers
            .get("x-upload-content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("application/octet-stream")
            .to_owned();
        let mut state = self.state.lock().unwrap();
        let id = format!("s{}", state.sessions.len());
        state.sessions.insert(
            id.clone(),
            Session {
                filename,
                content_type,
                len: 0,
                data: Vec::new(),
            },
        );
        let location = state.location_override.clone().unwrap_or_else(|| {
            format!(
                "http://{}{path}?uploadType=resumable&upload_id={id}",
                self.addr
            )
        });
        let mut response = answer(200, "application/json", String::new());
        response
            .headers_mut()
            .insert("location", location.parse().unwrap());
        response
    }

    fn chunk(
        &self,
        id: &str,
        headers: &HeaderMap,
        data: Vec<u8>,
        commit_only: Option<usize>,
    ) -> Response<BoxBody<Bytes, std::io::Error>> {
        let mut state = self.state.lock().unwrap();
        let discard = state.discard;
        let Some(session) = state.sessions.get_mut(id) else {
            return answer(
                404,
                "application/json",
                r#"{"error": {"code": 404, "message": "no such session", "status": "NOT_FOUND"}}"#
                    .into(),
            );
        };
        let Some((range, total)) = content_range(headers) else {
            return answer(400, "text/plain", "no Content-Range".into());
        };
        if let Some((start, end)) = range {
            let (start, end) = (start as usize, end as usize);
            if end + 1 - start != data.len() {
                return answer(400, "text/plain", "Content-Range and body disagree".into());
            }
            let last = total.is_some_and(|t| t as usize == end + 1);
            if !last && !data.len().is_multiple_of(GRANULE) {
                return answer(
                    400,
                    "text/plain",
                    format!("a chunk of {} bytes", data.len()),
                );
            }
            if start > session.len {
                return answer(400, "text/plain", "a gap".into());
            }
            let overlap = session.len - start;
            let take = commit_only.unwrap_or(data.len()).min(data.len());
            if take > overlap {
                session.commit(&data[overlap..take], discard);
            }
        }
        if let Some(total) = total
            && session.len as u64 == total
        {
            let session = state.sessions.remove(id).unwrap();
            let json = self.finish(
                &mut state,
                session.filename,
                session.content_type,
                Bytes::from(session.data),
            );
            return answer(200, "application/json", json);
        }
        let mut response = answer(308, "text/plain", String::new());
        if session.len > 0 {
            response.headers_mut().insert(
                "range",
                format!("bytes=0-{}", session.len - 1).parse().unwrap(),
            );
        }
        response
    }

    fn download(
        &self,
        path: &str,
        headers: &HeaderMap,
        cut: Option<usize>,
    ) -> Response<BoxBody<Bytes, std::io::Error>> {
        let name = path.trim_start_matches("/v1/media/");
        let state = self.state.lock().unwrap();
        let Some((content_type, bytes)) = state.files.get(name).cloned() else {
            return answer(
                404,
                "application/json",
                r#"{"error": {"code": 404, "message": "no such media", "status": "NOT_FOUND"}}"#
                    .into(),
            );
        };
        let from = headers
            .get("range")
            .and_then(|v| v.to_str().ok())
            .and_then(|r| r.strip_prefix("bytes="))
            .and_then(|r| r.strip_suffix('-'))
            .and_then(|n| n.parse::<usize>().ok());
        let start = from.unwrap_or(0).min(bytes.len());
        let rest = bytes.slice(start..);
        let mut builder = Response::builder()
            .header("content-type", content_type)
            .header("content-length", rest.len())
            .header("etag", "\"v1\"");
        builder = match from {
            Some(from) => builder.status(206).header(
                "content-range",
                format!(
                    "bytes {from}-{}/{}",
                    bytes.len().saturating_sub(1),
                    bytes.len()
                ),
            ),
            None => builder.status(200),
        };
        let body = match cut {
            Some(after) => {
                let frames: Vec<Result<Frame<Bytes>, std::io::Error>> = vec![
                    Ok(Frame::data(rest.slice(..after.min(rest.len())))),
                    Err(std::io::Error::other("cut")),
                ];
                StreamBody::new(tokio_stream::iter(frames)).boxed()
            }
            None => Full::new(rest).map_err(|e: Infallible| match e {}).boxed(),
        };
        builder.body(body).unwrap()
    }
}

async fn drain(mut body: Incoming) -> usize {
    let mut n = 0;
    while let Some(Ok(frame)) = body.frame().await {
        if let Ok(piece) = frame.into_data() {
            n += piece.len();
        }
    }
    n
}

fn answer(
    status: u16,
    content_type: &str,
    body: String,
) -> Response<BoxBody<Bytes, std::io::Error>> {
    Response::builder()
        .status(StatusCode::from_u16(status).unwrap())
        .header("content-type", content_type)
        .body(
            Full::new(Bytes::from(body))
                .map_err(|e: Infallible| match e {})
                .boxed(),
        )
        .unwrap()
}

/// `Content-Range`: `(Some((start, end)), total)`, or `(None, total)` for `bytes */total`.
#[allow(clippy::type_complexity)]
pub fn content_range(headers: &HeaderMap) -> Option<(Option<(u64, u64)>, Option<u64>)> {
    let text = headers.get("content-range")?.to_str().ok()?;
    let (range, total) = text.strip_prefix("bytes ")?.split_once('/')?;
    let total = if total == "*" {
        None
    } else {
        Some(total.parse().ok()?)
    };
    if range == "*" {
        return Some((None, total));
    }
    let (a, b) = range.split_once('-')?;
    Some((Some((a.parse().ok()?, b.parse().ok()?)), total))
}

fn filename_of(json: &[u8]) -> String {
    serde_json::from_slice::<serde_json::Value>(json)
        .ok()
        .and_then(|v| v.get("filename")?.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The metadata, the media's content type and the media of a `multipart/related` body.
fn parse_multipart(body: &[u8], boundary: &str) -> Option<(Vec<u8>, String, Vec<u8>)> {
    let find = |hay: &[u8], needle: &[u8], from: usize| {
        hay.get(from..)?
            .windows(needle.len())
            .position(|w| w == needle)
            .map(|i| i + from)
    };
    let open = format!("--{boundary}\r\n");
    let sep = format!("\r\n--{boundary}\r\n");
    let close = format!("\r\n--{boundary}--");
    let mut at = find(body, open.as_bytes(), 0)? + open.len();
    let head_end = find(body, b"\r\n\r\n", at)?;
    at = head_end + 4;
    let meta_end = find(body, sep.as_bytes(), at)?;
    let metadata = body[at..meta_end].to_vec();
    at = meta_end + sep.len();
    let head_end = find(body, b"\r\n\r\n", at)?;
    let head = std::str::from_utf8(&body[at..head_end]).ok()?;
    let media_type = head
        .lines()
        .find_map(|l| l.strip_prefix("Content-Type: "))?
        .to_owned();
    at = head_end + 4;
    // The media may contain anything: the closing delimiter is the last one.
    let media_end = body
        .windows(close.len())
        .rposition(|w| w == close.as_bytes())?;
    (media_end >= at).then(|| (metadata, media_type, body[at..media_end].to_vec()))
}
