//! Uploads: [`AttachmentUpload`], and Google's two upload protocols under it, multipart for
//! small bodies and resumable (a session, chunks, the committed offset after a failure) for
//! large ones.

use std::sync::Arc;

use http::header::{CONTENT_RANGE, LOCATION, RANGE};
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri};
use hyper::body::Incoming;
use prost::bytes::Bytes;
use serde_json::Value;

use super::http::{
    Http, JSON_BODY_LIMIT, OutgoingBody, Segment, body_headers, error_from, header_value, pace,
    protocol_error, read_limited,
};
use super::source::{Chunk, Source, UploadBody, too_large};
use super::{
    CHUNK_GRANULARITY, DEFAULT_CHUNK_SIZE, DEFAULT_MULTIPART_THRESHOLD, MAX_UPLOAD_SIZE, Progress,
    ProgressFn,
};
use crate::auth::TokenCache;
use crate::builder::CreateMessage;
use crate::encoding::path_encode;
use crate::error::{Error, MEDIA_UPLOAD, Result};
use crate::proto::chat::v1::{
    Attachment, AttachmentDataRef, Message, UploadAttachmentRequest, UploadAttachmentResponse,
};
use crate::quotas::QuotaPacer;
use crate::retry::{self, RetrySettings};
use crate::rpc::{Idempotency, RpcRequest};
use crate::{CallOptions, ChatClient};

/// What an upload's errors name as their method: the RPC whose REST binding it is.
const METHOD: &str = <UploadAttachmentRequest as RpcRequest>::METHOD;

/// An attachment upload on its way: made by
/// [`body`](crate::builder::RequestBuilder::body) or [`file`](crate::builder::RequestBuilder::file)
/// on [`ChatClient::upload_attachment`]'s builder. Nothing happens until
/// [`send`](Self::send) (or [`send_in_message`](Self::send_in_message)) is awaited.
///
/// The call options (`with_timeout`, `with_deadline`, `with_retry_policy`, `without_retry`)
/// apply to each request of the transfer: see [the module](super#retries).
///
/// ```no_run
/// # async fn run(client: google_chat_grpc::ChatClient) -> Result<(), google_chat_grpc::Error> {
/// use google_chat_grpc::media::UploadBody;
/// use std::time::Duration;
///
/// // Any `AsyncRead`: a socket, a decompressor, a child's stdout...
/// let reader = std::io::Cursor::new(vec![0u8; 64 << 20]);
/// let uploaded = client
///     .upload_attachment("spaces/AAAA")
///     .set_filename("backup.tar")
///     .body(UploadBody::from_reader(reader))
///     .content_type("application/x-tar")
///     .chunk_size(16 << 20)
///     .with_timeout(Duration::from_secs(120))
///     .send()
///     .await?;
/// println!("{:?}", uploaded.attachment_data_ref);
/// # Ok(()) }
/// ```
#[must_use = "an upload does nothing until `.send().await`"]
pub struct AttachmentUpload {
    client: ChatClient,
    request: UploadAttachmentRequest,
    body: UploadBody,
    content_type: Option<String>,
    multipart_threshold: u64,
    chunk_size: u64,
    progress: Option<ProgressFn>,
    /// Its setters are [`CallOptions`]'s, written once in `src/options.rs`.
    pub(crate) options: CallOptions,
}

impl std::fmt::Debug for AttachmentUpload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AttachmentUpload")
            .field("request", &self.request)
            .field("body", &self.body)
            .field("content_type", &self.content_type)
            .field("multipart_threshold", &self.multipart_threshold)
            .field("chunk_size", &self.chunk_size)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

/// What a span records of an upload.
#[derive(Default)]
struct Stats {
    protocol: &'static str,
    bytes: u64,
    chunks: u32,
    retries: u32,
}

impl AttachmentUpload {
    pub(crate) fn new(
        client: ChatClient,
        request: UploadAttachmentRequest,
        body: UploadBody,
        options: CallOptions,
    ) -> Self {
        Self {
            client,
            request,
            body,
            content_type: None,
            multipart_threshold: DEFAULT_MULTIPART_THRESHOLD,
            chunk_size: DEFAULT_CHUNK_SIZE,
            progress: None,
            options,
        }
    }

    /// The attachment's MIME type (default `application/octet-stream`).
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// Bodies up to this many bytes go in one multipart request, larger ones resumable
    /// (default [`DEFAULT_MULTIPART_THRESHOLD`], 5 MiB). `0` makes every upload resumable. A
    /// reader or stream of unknown size is read up to this many bytes (kept in memory) to
    /// choose.
    pub fn multipart_threshold(mut self, bytes: u64) -> Self {
        self.multipart_threshold = bytes;
        self
    }

    /// The chunk of a resumable upload (default [`DEFAULT_CHUNK_SIZE`], 8 MiB), rounded up
    /// to a multiple of [`CHUNK_GRANULARITY`] (256 KiB) as the protocol requires. Each chunk
    /// is one request: it must go within the attempt timeout; a failed one is all that is
    /// sent again.
    pub fn chunk_size(mut self, bytes: u64) -> Self {
        self.chunk_size = bytes
            .max(1)
            .div_ceil(CHUNK_GRANULARITY)
            .saturating_mul(CHUNK_GRANULARITY);
        self
    }

    /// Called as the upload goes: after each committed chunk of a resumable upload, and once
    /// at the end of a multipart one (see [`Progress`]). Runs on the task awaiting the
    /// upload; keep it short.
    pub fn on_progress(mut self, progress: impl Fn(&Progress) + Send + Sync + 'static) -> Self {
        self.progress = Some(Arc::new(progress));
        self
    }

    /// Uploads the bytes; the answer's `attachment_data_ref` goes in a message's
    /// `attachment` ([`Attachment::uploaded`]).
    ///
    /// Refused before anything is sent: a `parent` that is not `spaces/{space}`, an empty
    /// `filename`, a content type that cannot be a header, a body known to be over
    /// [`MAX_UPLOAD_SIZE`].
    ///
    /// Authentication: a user (`chat.messages.create`, `chat.messages`, or `chat.import` in
    /// import mode), member of the space ([`scopes::FOR_MEDIA_UPLOAD`](crate::auth::scopes::FOR_MEDIA_UPLOAD)).
    pub async fn send(self) -> Result<UploadAttachmentResponse> {
        let span = tracing::info_span!(
            "chat.upload",
            protocol = tracing::field::Empty,
            bytes = tracing::field::Empty,
            chunks = tracing::field::Empty,
            retries = tracing::field::Empty,
            code = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        let started = std::time::Instant::now();
        let mut stats = Stats::default();
        let result = tracing::Instrument::instrument(self.run(&mut stats), span.clone()).await;
        if !span.is_disabled() {
            if !stats.protocol.is_empty() {
                span.record("protocol", stats.protocol);
            }
            span.record("bytes", stats.bytes);
            span.record("chunks", stats.chunks);
            span.record("retries", stats.retries);
            span.record("latency_ms", started.elapsed().as_secs_f64() * 1e3);
            span.record(
                "code",
                tracing::field::debug(match &result {
                    Ok(_) => tonic::Code::Ok,
                    Err(e) => e.code().unwrap_or(tonic::Code::Unknown),
                }),
            );
        }
        result.map_err(|e| e.with_method(METHOD))
    }

    /// Uploads the bytes and posts a message carrying them in the same space, with `text`
    /// (empty for none). For a thread or other message fields, use [`send_in`](Self::send_in).
    ///
    /// ```no_run
    /// # async fn run(client: google_chat_grpc::ChatClient) -> Result<(), google_chat_grpc::Error> {
    /// let message = client
    ///     .upload_attachment("spaces/AAAA")
    ///     .file("chart.png")
    ///     .content_type("image/png")
    ///     .send_in_message("This week's numbers")
    ///     .await?;
    /// println!("{}: {:?}", message.name, message.attachment[0].name);
    /// # Ok(()) }
    /// ```
    pub async fn send_in_message(self, text: impl Into<String>) -> Result<Message> {
        let create = self
            .client
            .create_message(self.request.parent.clone())
            .set_text(text);
        self.send_in(create).await
    }

    /// Uploads the bytes, then sends `create` (a [`ChatClient::create_message`] builder, with
    /// its text, thread, options) with the attachment added to its message. Its `parent` is
    /// the upload's space if empty; another space is refused before the upload (an upload
    /// can only be attached in its own space).
    pub async fn send_in(self, mut create: CreateMessage) -> Result<Message> {
        let space = self.request.parent.clone();
        let request = create.request_mut();
        if request.parent.is_empty() {
            request.parent = space.clone();
        } else if request.parent != space {
            return Err(Error::invalid_argument(format!(
                "the message goes to {:?} but the attachment is uploaded to {space:?}: an \
                 upload can only be attached in its own space",
                request.parent
            ))
            .with_method(METHOD));
        }
        let uploaded = self.send().await?;
        let data_ref = uploaded.attachment_data_ref.unwrap_or_default();
        create
            .request_mut()
            .message
            .get_or_insert_with(Message::default)
            .attachment
            .push(Attachment::uploaded(data_ref));
        create.send().await
    }

    async fn run(self, stats: &mut Stats) -> Result<UploadAttachmentResponse> {
        self.request.validate()?;
        if self.request.filename.is_empty() {
            return Err(Error::invalid_argument(
                "filename is required: the attachment's file name, with its extension",
            ));
        }
        let content_type = self
            .content_type
            .as_deref()
            .unwrap_or("application/octet-stream");
        let content_type_header = header_value(content_type)?;
        if let Some(size) = self.body.size()
            && size > MAX_UPLOAD_SIZE
        {
            return Err(too_large(format!("the body is {size} bytes")));
        }
        let mut source = Source::open(self.body).await?;
        if let Some(size) = source.size()
            && size > MAX_UPLOAD_SIZE
        {
            return Err(too_large(format!("the file is {size} bytes")));
        }
        let parts = self.client.media_parts();
        let upload = Upload {
            http: parts.transport.http()?,
            tokens: parts.tokens,
            pacer: parts.pacer,
            space: &self.request.parent,
            settings: parts.retry.with_options(
                &self.options,
                <UploadAttachmentRequest as RpcRequest>::RETRY,
            ),
            parent: path_encode(&self.request.parent),
            metadata: serde_json::json!({ "filename": self.request.filename }).to_string(),
            content_type: content_type.to_owned(),
            content_type_header,
            progress: self.progress,
        };
        match source.whole_if_at_most(self.multipart_threshold).await? {
            Some(whole) => {
                stats.protocol = "multipart";
                upload.multipart(whole, stats).await
            }
            None => {
                stats.protocol = "resumable";
                upload.resumable(source, self.chunk_size, stats).await
            }
        }
    }
}

/// One upload's settled parts.
struct Upload<'a> {
    http: Arc<Http>,
    tokens: Option<&'a Arc<TokenCache>>,
    pacer: Option<&'a QuotaPacer>,
    /// The space, as its resource name (what the quota pacer keys on).
    space: &'a str,
    settings: RetrySettings,
    /// The space, as a URL path.
    parent: String,
    /// `{"filename": ...}`.
    metadata: String,
    content_type: String,
    content_type_header: HeaderValue,
    progress: Option<ProgressFn>,
}

/// What a request of a resumable session says.
enum Outcome {
    /// The upload is complete: the session's answer.
    Done(UploadAttachmentResponse),
    /// The session has the bytes before this offset.
    Committed(u64),
}

const JSON: &str = "application/json; charset=UTF-8";
const X_UPLOAD_CONTENT_TYPE: HeaderName = HeaderName::from_static("x-upload-content-type");
const X_UPLOAD_CONTENT_LENGTH: HeaderName = HeaderName::from_static("x-upload-content-length");

impl Upload<'_> {
    fn report(&self, transferred: u64, total: Option<u64>, retries: u32) {
        if let Some(progress) = &self.progress {
            progress(&Progress {
                transferred,
                total,
                retries,
            });
        }
    }

    /// One `multipart/related` request: the metadata, then the bytes. Retried as
    /// `UploadAttachment` is: only when no attempt may have reached the server.
    async fn multipart(&self, whole: Chunk, stats: &mut Stats) -> Result<UploadAttachmentResponse> {
        let boundary = format!("chat_media_{}", uuid::Uuid::new_v4().simple());
        let head = Bytes::from(format!(
            "--{boundary}\r\nContent-Type: {JSON}\r\n\r\n{}\r\n--{boundary}\r\nContent-Type: {}\r\n\r\n",
            self.metadata, self.content_type
        ));
        let tail = Bytes::from(format!("\r\n--{boundary}--\r\n"));
        let url = self.http.url(&format!(
            "/upload/v1/{}/attachments:upload?uploadType=multipart",
            self.parent
        ))?;
        let length = head.len() as u64 + whole.len + tail.len() as u64;
        let headers = body_headers(
            Some(&format!("multipart/related; boundary={boundary}")),
            length,
        )?;
        let mut attempts = 0;
        let result = retry::run(
            self.settings
                .call(<UploadAttachmentRequest as RpcRequest>::IDEMPOTENCY),
            |n, timeout| {
                attempts = n;
                let (head, tail, url, headers) =
                    (head.clone(), tail.clone(), url.clone(), headers.clone());
                let data = &whole.data;
                async move {
                    let _slot = pace(self.pacer, MEDIA_UPLOAD, self.space, timeout).await?;
                    let mut segments = vec![Segment::Bytes(head)];
                    segments.extend(data.segments().await?);
                    segments.push(Segment::Bytes(tail));
                    let response = self
                        .http
                        .send(
                            self.tokens,
                            Method::POST,
                            url,
                            headers,
                            OutgoingBody::new(segments),
                        )
                        .await?;
                    match outcome(response).await? {
                        Outcome::Done(answer) => Ok(answer),
                        Outcome::Committed(_) => Err(protocol_error(
                            "the multipart upload was answered 308, which only a resumable \
                             session may",
                        )),
                    }
                }
            },
        )
        .await;
        stats.retries += attempts.saturating_sub(1);
        let answer = result?;
        stats.chunks = 1;
        stats.bytes = whole.len;
        self.report(whole.len, Some(whole.len), stats.retries);
        Ok(answer)
    }

    /// Opens a session, then sends chunks from the committed offset until the session
    /// answers with the upload. A failed chunk is retried per the policy: the retry asks the
    /// session what it committed and goes on from there.
    async fn resumable(
        &self,
        mut source: Source,
        chunk_size: u64,
        stats: &mut Stats,
    ) -> Result<UploadAttachmentResponse> {
        let session = self.open_session(source.size(), stats).await?;
        let mut offset = 0;
        // A session that commits nothing of a chunk, again and again, is not making progress.
        let mut stalls = 0;
        loop {
            let chunk = source.chunk(offset, chunk_size).await?;
            let total = if chunk.last {
                Some(chunk.start + chunk.len)
            } else {
                source.size()
            };
            let mut attempts = 0;
            let result = retry::run(self.settings.call(Idempotency::Repeatable), |n, _| {
                attempts = n;
                let (chunk, session) = (&chunk, &session);
                async move {
                    if n > 1 {
                        match self.query(session, total).await? {
                            Outcome::Committed(c) if c == chunk.start => {}
                            other => return Ok(other),
                        }
                    }
                    self.put(session, chunk, total).await
                }
            })
            .await;
            stats.retries += attempts.saturating_sub(1);
            match result? {
                Outcome::Done(answer) => {
                    let total = total.unwrap_or(chunk.start + chunk.len);
                    stats.chunks += 1;
                    stats.bytes = total;
                    self.report(total, Some(total), stats.retries);
                    return Ok(answer);
                }
                Outcome::Committed(committed) => {
                    if committed < offset || committed > chunk.start + chunk.len {
                        return Err(protocol_error(format!(
                            "the upload session says it committed {committed} bytes, after \
                             {offset} and a chunk up to {}",
                            chunk.start + chunk.len
                        )));
                    }
                    if committed == offset {
                        stalls += 1;
                        if stalls >= 3 {
                            return Err(protocol_error(format!(
                                "the upload session committed nothing of {stalls} chunks in a \
                                 row at byte {offset}"
                            )));
                        }
                    } else {
                        stalls = 0;
                        stats.chunks += 1;
                    }
                    offset = committed;
                    stats.bytes = committed;
                    self.report(committed, source.size(), stats.retries);
                }
            }
        }
    }

    /// `POST /resumable/upload/...`: the metadata and the media's type and length (when
    /// known); the session URI comes back in `Location`. A repeat opens another session,
    /// which stores nothing until its bytes are all sent.
    async fn open_session(&self, size: Option<u64>, stats: &mut Stats) -> Result<Uri> {
        let url = self.http.url(&format!(
            "/resumable/upload/v1/{}/attachments:upload?uploadType=resumable",
            self.parent
        ))?;
        let metadata = Bytes::from(self.metadata.clone());
        let mut headers = body_headers(Some(JSON), metadata.len() as u64)?;
        headers.insert(X_UPLOAD_CONTENT_TYPE, self.content_type_header.clone());
        if let Some(size) = size {
            headers.insert(X_UPLOAD_CONTENT_LENGTH, HeaderValue::from(size));
        }
        let mut attempts = 0;
        let result = retry::run(self.settings.call(Idempotency::Repeatable), |n, timeout| {
            attempts = n;
            let (url, headers, metadata) = (url.clone(), headers.clone(), metadata.clone());
            async move {
                // The session's chunks are this one call's body: it alone draws the quota.
                let _slot = pace(self.pacer, MEDIA_UPLOAD, self.space, timeout).await?;
                let response = self
                    .http
                    .send(
                        self.tokens,
                        Method::POST,
                        url,
                        headers,
                        OutgoingBody::new([Segment::Bytes(metadata)]),
                    )
                    .await?;
                if !response.status().is_success() {
                    return Err(error_from(response).await);
                }
                let location = response
                    .headers()
                    .get(LOCATION)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned);
                // Read to the end, so the connection can carry the chunks.
                let _ = read_limited(response.into_body(), JSON_BODY_LIMIT).await;
                let location = location.ok_or_else(|| {
                    protocol_error("the resumable upload was opened without a Location header")
                })?;
                self.http.session_uri(&location)
            }
        })
        .await;
        stats.retries += attempts.saturating_sub(1);
        result
    }

    /// `PUT` of one chunk, with its `Content-Range`.
    async fn put(&self, session: &Uri, chunk: &Chunk, total: Option<u64>) -> Result<Outcome> {
        let total_text = total.map_or_else(|| "*".to_owned(), |t| t.to_string());
        let range = if chunk.len == 0 {
            format!("bytes */{total_text}")
        } else {
            format!(
                "bytes {}-{}/{total_text}",
                chunk.start,
                chunk.start + chunk.len - 1
            )
        };
        let mut headers = body_headers(None, chunk.len)?;
        headers.insert(CONTENT_RANGE, header_value(&range)?);
        let body = OutgoingBody::new(chunk.data.segments().await?);
        let response = self
            .http
            .send(self.tokens, Method::PUT, session.clone(), headers, body)
            .await?;
        outcome(response).await
    }

    /// Asks the session what it has: an empty `PUT` with `Content-Range: bytes */total`.
    async fn query(&self, session: &Uri, total: Option<u64>) -> Result<Outcome> {
        let total = total.map_or_else(|| "*".to_owned(), |t| t.to_string());
        let mut headers = body_headers(None, 0)?;
        headers.insert(CONTENT_RANGE, header_value(&format!("bytes */{total}"))?);
        let response = self
            .http
            .send(
                self.tokens,
                Method::PUT,
                session.clone(),
                headers,
                OutgoingBody::empty(),
            )
            .await?;
        outcome(response).await
    }
}

/// `308 Resume Incomplete` (the status Google's upload servers use; not a redirect here).
const RESUME_INCOMPLETE: u16 = 308;

/// What an upload request's response says: the upload's answer (200, 201), how much a
/// session has (308 and its `Range`), or the error.
async fn outcome(response: http::Response<Incoming>) -> Result<Outcome> {
    let status = response.status();
    if status.as_u16() == RESUME_INCOMPLETE {
        let committed = committed(response.headers())?;
        let _ = read_limited(response.into_body(), JSON_BODY_LIMIT).await;
        return Ok(Outcome::Committed(committed));
    }
    if status == StatusCode::OK || status == StatusCode::CREATED {
        let body = read_limited(response.into_body(), JSON_BODY_LIMIT).await?;
        return parse_answer(&body).map(Outcome::Done);
    }
    Err(error_from(response).await)
}

/// The bytes a 308 says the session has: `Range: bytes=0-N` is N + 1; no `Range`, none.
fn committed(headers: &HeaderMap) -> Result<u64> {
    let Some(range) = headers.get(RANGE) else {
        return Ok(0);
    };
    let bad = || protocol_error(format!("the upload session answered Range {range:?}"));
    let text = range.to_str().map_err(|_| bad())?;
    let (first, last) = text
        .trim()
        .strip_prefix("bytes=")
        .and_then(|r| r.split_once('-'))
        .ok_or_else(bad)?;
    if first.trim() != "0" {
        return Err(bad());
    }
    let last: u64 = last.trim().parse().map_err(|_| bad())?;
    last.checked_add(1).ok_or_else(bad)
}

/// The upload's JSON answer, `{"attachmentDataRef": {"resourceName", "attachmentUploadToken"}}`
/// (proto names accepted too, as proto3 JSON parsers do).
fn parse_answer(body: &[u8]) -> Result<UploadAttachmentResponse> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| protocol_error(format!("the upload's answer is not JSON ({e})")))?;
    let data_ref = value
        .get("attachmentDataRef")
        .or_else(|| value.get("attachment_data_ref"))
        .filter(|v| v.is_object())
        .ok_or_else(|| protocol_error("the upload's answer has no attachmentDataRef"))?;
    let field = |camel: &str, snake: &str| {
        data_ref
            .get(camel)
            .or_else(|| data_ref.get(snake))
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    Ok(UploadAttachmentResponse {
        attachment_data_ref: Some(AttachmentDataRef {
            resource_name: field("resourceName", "resource_name"),
            attachment_upload_token: field("attachmentUploadToken", "attachment_upload_token"),
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn committed_reads_the_308_range() {
        let mut headers = HeaderMap::new();
        assert_eq!(committed(&headers).unwrap(), 0);
        headers.insert(RANGE, HeaderValue::from_static("bytes=0-262143"));
        assert_eq!(committed(&headers).unwrap(), 262_144);
        for bad in [
            "bytes=5-9",
            "bytes=0-x",
            "items=0-1",
            "bytes=0-18446744073709551615",
        ] {
            headers.insert(RANGE, HeaderValue::from_static(bad));
            assert!(committed(&headers).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_answer_is_read_in_either_case() {
        let camel =
            br#"{"attachmentDataRef": {"resourceName": "r", "attachmentUploadToken": "t"}}"#;
        let snake =
            br#"{"attachment_data_ref": {"resource_name": "r", "attachment_upload_token": "t"}}"#;
        for body in [&camel[..], &snake[..]] {
            let data_ref = parse_answer(body).unwrap().attachment_data_ref.unwrap();
            assert_eq!(
                (
                    data_ref.resource_name.as_str(),
                    data_ref.attachment_upload_token.as_str()
                ),
                ("r", "t")
            );
        }
        for bad in [
            &b"<html>"[..],
            b"{}",
            b"{\"attachmentDataRef\": 1}",
            b"\xff",
        ] {
            assert!(parse_answer(bad).is_err());
        }
    }

    #[tokio::test]
    async fn chunk_sizes_round_up_to_256_kib() {
        let client = ChatClient::builder()
            .endpoint("http://127.0.0.1:1")
            .credentials(crate::auth::Credentials::none())
            .build()
            .await
            .unwrap();
        let size = |n| {
            client
                .upload_attachment("spaces/A")
                .body(Vec::new())
                .chunk_size(n)
                .chunk_size
        };
        assert_eq!(size(0), CHUNK_GRANULARITY);
        assert_eq!(size(1), CHUNK_GRANULARITY);
        assert_eq!(size(CHUNK_GRANULARITY), CHUNK_GRANULARITY);
        assert_eq!(size(CHUNK_GRANULARITY + 1), 2 * CHUNK_GRANULARITY);
    }
}
