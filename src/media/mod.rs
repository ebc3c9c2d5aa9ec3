//! Attachment bytes (feature `media`, on by default): upload and download over Google's HTTP
//! media endpoints, which is where they travel (`UploadAttachmentRequest` carries only the
//! space and the file name, and there is no download RPC).
//!
//! Transfers go to the client's endpoint (`https://chat.googleapis.com`, or the emulator's
//! port) over HTTPS (HTTP/2 when TLS negotiates it, else HTTP/1.1; `http://` only where
//! the gRPC side allows it), with the **same** token cache, headers (`x-goog-api-client`,
//! `user-agent`, `x-goog-user-project`), retry policy, backoff, retry budget, timeout and
//! deadline as every gRPC call of the [`ChatClient`]. Errors are the crate's [`Error`](crate::Error), with
//! the code and `google.rpc` details decoded from Google's REST error bodies.
//!
//! ```no_run
//! # async fn run(client: google_chat_grpc::ChatClient) -> Result<(), google_chat_grpc::Error> {
//! use google_chat_grpc::media::UploadBody;
//!
//! // Upload (user authentication), then post it; or both in one call with `send_in_message`.
//! let uploaded = client
//!     .upload_attachment("spaces/AAAA")
//!     .set_filename("report.pdf")
//!     .body(UploadBody::from_path("out/report.pdf"))
//!     .content_type("application/pdf")
//!     .on_progress(|p| eprintln!("{} of {:?} bytes", p.transferred, p.total))
//!     .send()
//!     .await?;
//!
//! // Download what a message carries (`GetAttachment` gives its resource name).
//! let attachment = client.get_attachment("spaces/AAAA/messages/M/attachments/A").send().await?;
//! let mut file = tokio::fs::File::create("copy.pdf").await.expect("a writable file");
//! let summary = client.download_attachment(&attachment).to_writer(&mut file).await?;
//! println!("{} bytes of {:?}", summary.bytes, summary.content_type);
//! # Ok(()) }
//! ```
//!
//! # Protocols
//!
//! Google's, as the discovery document describes `media.upload` and `media.download`:
//!
//! | transfer | request | when |
//! | --- | --- | --- |
//! | multipart upload | `POST /upload/v1/{parent}/attachments:upload?uploadType=multipart`, `multipart/related`: the JSON metadata (`filename`), then the bytes | bodies up to [`DEFAULT_MULTIPART_THRESHOLD`] (5 MiB, [`multipart_threshold`](AttachmentUpload::multipart_threshold)) |
//! | resumable upload | `POST /resumable/upload/v1/{parent}/attachments:upload?uploadType=resumable` opens a session (its URI in `Location`); `PUT`s of chunks with `Content-Range`, answered `308` with the committed `Range` until the last | larger bodies, and bodies of unknown size that turn out larger |
//! | download | `GET /v1/media/{resourceName}?alt=media`; a broken body resumes with `Range: bytes=N-` (`206`) | always |
//!
//! Chunks are [`DEFAULT_CHUNK_SIZE`] (8 MiB, [`chunk_size`](AttachmentUpload::chunk_size)),
//! a multiple of 256 KiB as the protocol requires. After a failed chunk the client asks the
//! session how much it committed (`Content-Range: bytes */total`) and goes on from there, not
//! from zero. Bodies over [`MAX_UPLOAD_SIZE`] (200 MB) are refused: before any byte is sent
//! when the size is known, and as soon as a stream grows past it otherwise.
//!
//! # Retries
//!
//! Each HTTP request of a transfer is one call of the client's retry loop: the policy
//! decides, backoff and the shared budget apply, and the attempt timeout and deadline bound
//! that request and its retries (a chunk, a resume), not the whole file. A retry never
//! doubles an effect:
//!
//! - a **multipart** upload is [`UploadAttachment`](crate::RPCS)'s call, with its facts
//!   ([`Idempotency::NotIdempotent`](crate::Idempotency::NotIdempotent)): after an attempt
//!   that may have reached the server it is not repeated, since a repeat would store a second
//!   upload; a refused connection is retried.
//! - a **resumable** upload repeats safely by design: a session stores one upload, and a
//!   chunk resent is the same bytes at the same offset.
//! - a **download** is a read; a resume asks only for the bytes not yet received.
//!
//! HTTP statuses map to gRPC codes as Google's REST frontends do (`google/rpc/code.proto`):
//! 400 `INVALID_ARGUMENT`, 401 `UNAUTHENTICATED`, 403 `PERMISSION_DENIED`, 404 `NOT_FOUND`,
//! 409 `ABORTED`, 429 `RESOURCE_EXHAUSTED`, 499 `CANCELLED`, 500 `INTERNAL`, 501
//! `UNIMPLEMENTED`, 502 and 503 `UNAVAILABLE`, 504 `DEADLINE_EXCEEDED`; the error body's
//! `status` names the exact code when there is one. So the default policy retries a 503 and a
//! broken connection, and a 429 when [`DefaultRetryPolicy::with_resource_exhausted`](crate::retry::DefaultRetryPolicy::with_resource_exhausted)
//! says so, honouring a `RetryInfo` in the body.
//!
//! # Tracing
//!
//! One span per transfer at level `INFO`: `chat.upload` (fields `protocol` = `multipart` or
//! `resumable`, `bytes`, `chunks`, `retries`, `code`, `latency_ms`) and `chat.download`
//! (`bytes`, `resumes`, `retries`, `code`, `latency_ms`), recorded when it ends; the retry
//! loop's `DEBUG` events are inside. Tokens and bytes are never recorded.
//!
//! # Memory
//!
//! A transfer holds at most one chunk (plus one read of the source) whatever the file's size:
//! bytes you hand over are sliced, not copied; a file is read as it is sent, chunk by chunk
//! and again for a resend; a reader or stream keeps the part of the current chunk the server
//! has not committed, so it can resend it. A reader or stream of unknown size is read up to
//! the multipart threshold to choose the protocol.

mod download;
mod http;
mod rest_error;
mod source;
mod upload;

pub use download::{AttachmentDownload, Download, DownloadSummary};
pub(crate) use http::{MediaConfig, MediaParts, MediaTransport};
pub use source::UploadBody;
pub use upload::AttachmentUpload;

use crate::ChatClient;
use crate::builder::RequestBuilder;
use crate::proto::chat::v1::{Attachment, AttachmentDataRef, UploadAttachmentRequest};

/// The largest attachment Chat takes: 200 MB (209,715,200 bytes, `maxSize` of
/// `media.upload` in Google's discovery document).
pub const MAX_UPLOAD_SIZE: u64 = 209_715_200;

/// Bodies up to this size (5 MiB) go in one multipart request; larger ones resumable.
pub const DEFAULT_MULTIPART_THRESHOLD: u64 = 5 << 20;

/// The chunk of a resumable upload (8 MiB), as Google's clients use for large files.
pub const DEFAULT_CHUNK_SIZE: u64 = 8 << 20;

/// Resumable chunks are multiples of this (256 KiB), the last one excepted.
pub const CHUNK_GRANULARITY: u64 = 256 << 10;

/// How far a transfer has come, given to the [`on_progress`](AttachmentUpload::on_progress)
/// callback of an upload or a download.
///
/// For a resumable upload, `transferred` is what the server committed (after each chunk); for
/// a multipart upload it is reported once, when the server has answered; for a download, after
/// each piece of the body received.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Progress {
    /// Bytes done.
    pub transferred: u64,
    /// The whole size, when known (a stream of unknown size: once it ended; a download: from
    /// the response's length).
    pub total: Option<u64>,
    /// Retries so far in this transfer (chunks resent, downloads resumed).
    pub retries: u32,
}

/// A progress callback, shared by the pieces of a transfer.
pub(crate) type ProgressFn = std::sync::Arc<dyn Fn(&Progress) + Send + Sync>;

/// What to download: the media resource name of an attachment, from its
/// `attachment_data_ref.resource_name` (as [`GetAttachment`](ChatClient::get_attachment) and
/// messages return it), or the name itself.
///
/// ```
/// use google_chat_grpc::media::MediaName;
/// use google_chat_grpc::proto::chat::v1::{Attachment, AttachmentDataRef};
///
/// let attachment = Attachment::uploaded(AttachmentDataRef {
///     resource_name: "spaces/A/attachments/B".into(),
///     ..Default::default()
/// });
/// assert_eq!(MediaName::from(&attachment).as_str(), "spaces/A/attachments/B");
/// assert_eq!(MediaName::from("spaces/A/attachments/B").as_str(), "spaces/A/attachments/B");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaName {
    name: String,
    /// Why an attachment gave no name, said when the download is sent.
    missing: Option<String>,
}

impl MediaName {
    /// The resource name (empty when an attachment had none).
    pub fn as_str(&self) -> &str {
        &self.name
    }

    /// The name, or why there is none, as an error before the wire.
    pub(crate) fn checked(&self) -> crate::Result<&str> {
        if let Some(why) = &self.missing {
            return Err(crate::Error::invalid_argument(why.clone()));
        }
        if self.name.is_empty() {
            return Err(crate::Error::invalid_argument(
                "the media resource name is empty: pass an attachment's \
                 attachment_data_ref.resource_name",
            ));
        }
        Ok(&self.name)
    }
}

impl From<String> for MediaName {
    fn from(name: String) -> Self {
        Self {
            name,
            missing: None,
        }
    }
}

impl From<&str> for MediaName {
    fn from(name: &str) -> Self {
        name.to_owned().into()
    }
}

impl From<&String> for MediaName {
    fn from(name: &String) -> Self {
        name.clone().into()
    }
}

impl From<&AttachmentDataRef> for MediaName {
    fn from(data_ref: &AttachmentDataRef) -> Self {
        data_ref.resource_name.clone().into()
    }
}

impl From<&Attachment> for MediaName {
    fn from(attachment: &Attachment) -> Self {
        match attachment.attachment_data_ref() {
            Some(data_ref) if !data_ref.resource_name.is_empty() => data_ref.into(),
            _ => Self {
                name: String::new(),
                missing: Some(if attachment.is_drive_file() {
                    format!(
                        "attachment {:?} is a Google Drive file (drive_data_ref): download it \
                         with the Drive API",
                        attachment.name
                    )
                } else {
                    format!(
                        "attachment {:?} has no attachment_data_ref.resource_name: get it with \
                         GetAttachment (app authentication) or from the message",
                        attachment.name
                    )
                }),
            },
        }
    }
}

impl From<Attachment> for MediaName {
    fn from(attachment: Attachment) -> Self {
        (&attachment).into()
    }
}

impl ChatClient {
    /// Downloads an attachment's bytes, by an [`Attachment`] (its
    /// `attachment_data_ref.resource_name`) or a media resource name: as a [`Download`]
    /// stream ([`stream`](AttachmentDownload::stream)) or into any `AsyncWrite`
    /// ([`to_writer`](AttachmentDownload::to_writer)). A broken body resumes with `Range`.
    ///
    /// ```no_run
    /// # async fn run(client: google_chat_grpc::ChatClient, attachment: google_chat_grpc::proto::chat::v1::Attachment) -> Result<(), google_chat_grpc::Error> {
    /// let mut download = client.download_attachment(&attachment).stream().await?;
    /// println!("{:?}, {:?} bytes", download.content_type(), download.content_length());
    /// while let Some(piece) = download.next().await {
    ///     let piece = piece?;
    ///     // ... use the bytes
    /// #   let _ = piece;
    /// }
    /// # Ok(()) }
    /// ```
    ///
    /// Authentication: a user (`chat.messages` or `chat.messages.readonly`) or a Chat app
    /// (`chat.bot`), who can read the message ([`scopes::FOR_MEDIA_DOWNLOAD`](crate::auth::scopes::FOR_MEDIA_DOWNLOAD)).
    pub fn download_attachment(&self, media: impl Into<MediaName>) -> AttachmentDownload {
        AttachmentDownload::new(self.clone(), media.into())
    }
}

/// The attachment's bytes: `body` turns an `UploadAttachment` request into a media upload
/// ([`AttachmentUpload`]), sent over Google's media endpoint with the request's `parent` and
/// `filename`.
///
/// ```no_run
/// # async fn run(client: google_chat_grpc::ChatClient) -> Result<(), google_chat_grpc::Error> {
/// // A file on disk: its name is the attachment's unless `set_filename` says otherwise.
/// let uploaded = client.upload_attachment("spaces/AAAA").file("build/log.txt").send().await?;
///
/// // Bytes in memory, posted in a message in one go.
/// let message = client
///     .upload_attachment("spaces/AAAA")
///     .set_filename("hello.txt")
///     .body(b"hello".to_vec())
///     .content_type("text/plain")
///     .send_in_message("A file for you")
///     .await?;
/// # Ok(()) }
/// ```
///
/// Without a body, `send()` is the bare gRPC `UploadAttachment` call, which carries no bytes.
impl RequestBuilder<UploadAttachmentRequest> {
    /// The bytes to upload: [`UploadBody`] from bytes, a file path, an `AsyncRead` or a
    /// `Stream` of bytes (`Vec<u8>`, `Bytes`, `&'static [u8]` and `String` convert).
    pub fn body(self, body: impl Into<UploadBody>) -> AttachmentUpload {
        AttachmentUpload::new(self.client, self.request, body.into(), self.options)
    }

    /// Uploads the file at `path`, read as it is sent; its file name is the attachment's,
    /// unless [`set_filename`](Self::set_filename) set one.
    pub fn file(mut self, path: impl AsRef<std::path::Path>) -> AttachmentUpload {
        let path = path.as_ref();
        if self.request.filename.is_empty()
            && let Some(name) = path.file_name()
        {
            self.request.filename = name.to_string_lossy().into_owned();
        }
        self.body(UploadBody::from_path(path))
    }
}
