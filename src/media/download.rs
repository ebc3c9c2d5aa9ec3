//! Downloads: [`AttachmentDownload`] and the [`Download`] stream, which resumes a broken body
//! with `Range: bytes=N-` (Google's media download answers `206` with the rest) instead of
//! starting over.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Instant;

use http::header::{CONTENT_LENGTH, CONTENT_RANGE, CONTENT_TYPE, ETAG, IF_RANGE, RANGE};
use http::{HeaderMap, HeaderValue, Method, StatusCode, Uri};
use http_body::Body as _;
use hyper::body::Incoming;
use prost::bytes::Bytes;
use tokio::io::{AsyncWrite, AsyncWriteExt as _};
use tokio_stream::Stream;

use super::http::{
    Http, OutgoingBody, body_error, broken_body, error_from, header_value, pace, protocol_error,
};
use super::{MediaName, Progress, ProgressFn};
use crate::auth::TokenCache;
use crate::encoding::path_encode;
use crate::error::{Error, MEDIA_DOWNLOAD, Result};
use crate::quotas::QuotaPacer;
use crate::retry::{self, RetrySettings};
use crate::rpc::{Idempotency, RetryClass};
use crate::{CallOptions, ChatClient};

/// A download on its way, from [`ChatClient::download_attachment`]: read it as a
/// [`Download`] stream ([`stream`](Self::stream)) or write it to an `AsyncWrite`
/// ([`to_writer`](Self::to_writer)).
///
/// The call options (`with_timeout`, `with_deadline`, `with_retry_policy`, `without_retry`)
/// apply to each request (the first and each resume); the body may pause at most the attempt
/// timeout between two reads.
#[must_use = "a download does nothing until `.stream().await` or `.to_writer(..).await`"]
pub struct AttachmentDownload {
    client: ChatClient,
    name: MediaName,
    progress: Option<ProgressFn>,
    /// Its setters are [`CallOptions`]'s, written once in `src/options.rs`.
    pub(crate) options: CallOptions,
}

impl std::fmt::Debug for AttachmentDownload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AttachmentDownload")
            .field("name", &self.name)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

/// What a finished [`to_writer`](AttachmentDownload::to_writer) wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DownloadSummary {
    /// Bytes written.
    pub bytes: u64,
    /// The attachment's MIME type, as the server sent it.
    pub content_type: Option<String>,
    /// How many times a broken body was resumed.
    pub resumes: u32,
}

impl AttachmentDownload {
    pub(crate) fn new(client: ChatClient, name: MediaName) -> Self {
        Self {
            client,
            name,
            progress: None,
            options: CallOptions::default(),
        }
    }

    /// Called after each piece of the body received (see [`Progress`]). Runs on the task
    /// reading the download; keep it short.
    pub fn on_progress(mut self, progress: impl Fn(&Progress) + Send + Sync + 'static) -> Self {
        self.progress = Some(Arc::new(progress));
        self
    }

    /// Sends the request and returns the body as a stream, once the server has answered
    /// (with the content type and length).
    pub async fn stream(self) -> Result<Download> {
        let span = tracing::info_span!(
            "chat.download",
            bytes = tracing::field::Empty,
            resumes = tracing::field::Empty,
            retries = tracing::field::Empty,
            code = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        let started = Instant::now();
        let name = self
            .name
            .checked()
            .map_err(|e| e.with_method(MEDIA_DOWNLOAD))?;
        let parts = self.client.media_parts();
        let prepared = parts.transport.http().and_then(|http| {
            let url = http.url(&format!("/v1/media/{}?alt=media", path_encode(name)))?;
            Ok((http, url))
        });
        let (http, url) = prepared.map_err(|e| e.with_method(MEDIA_DOWNLOAD))?;
        let ctx = Arc::new(Shared {
            http,
            url,
            tokens: parts.tokens.cloned(),
            pacer: parts.pacer.cloned(),
            name: name.to_owned(),
            // Google's config retries reads: the client's policy applies.
            settings: parts
                .retry
                .with_options(&self.options, RetryClass::Idempotent),
            progress: self.progress,
            span: span.clone(),
            started,
        });
        let mut download = Download {
            ctx: ctx.clone(),
            content_type: None,
            content_length: None,
            etag: None,
            received: 0,
            resumes: 0,
            retries: 0,
            state: State::Done,
        };
        let (opened, attempts) =
            tracing::Instrument::instrument(open(ctx, 0, None, None, None), span).await;
        download.retries += attempts.saturating_sub(1);
        match opened {
            Ok(opened) => {
                download.content_type = opened.content_type.clone();
                download.content_length = opened.total;
                download.etag = opened.etag.clone();
                download.start(opened);
                Ok(download)
            }
            Err(error) => Err(download.fail(error)),
        }
    }

    /// Downloads into `writer` (a file, a socket, a `Vec<u8>`), flushed at the end.
    ///
    /// ```no_run
    /// # async fn run(client: google_chat_grpc::ChatClient) -> Result<(), google_chat_grpc::Error> {
    /// let mut file = tokio::fs::File::create("video.mp4").await.expect("writable");
    /// let summary = client
    ///     .download_attachment("spaces/AAAA/attachments/BBBB")
    ///     .on_progress(|p| eprintln!("{} / {:?}", p.transferred, p.total))
    ///     .to_writer(&mut file)
    ///     .await?;
    /// # Ok(()) }
    /// ```
    pub async fn to_writer<W>(self, writer: &mut W) -> Result<DownloadSummary>
    where
        W: AsyncWrite + Unpin + ?Sized,
    {
        let mut download = self.stream().await?;
        while let Some(piece) = download.next().await {
            let piece = piece?;
            writer
                .write_all(&piece)
                .await
                .map_err(|e| Error::io("writing the download", e).with_method(MEDIA_DOWNLOAD))?;
        }
        writer
            .flush()
            .await
            .map_err(|e| Error::io("writing the download", e).with_method(MEDIA_DOWNLOAD))?;
        Ok(DownloadSummary {
            bytes: download.received,
            content_type: download.content_type.clone(),
            resumes: download.resumes,
        })
    }
}

/// What the requests of one download share.
struct Shared {
    http: Arc<Http>,
    url: Uri,
    tokens: Option<Arc<TokenCache>>,
    pacer: Option<QuotaPacer>,
    /// The resource name (what the quota pacer keys on).
    name: String,
    settings: RetrySettings,
    progress: Option<ProgressFn>,
    span: tracing::Span,
    started: Instant,
}

/// An attachment's bytes as they arrive: a `Stream` of `Bytes` (also with its own
/// [`next`](Self::next), no trait import needed), with the attachment's
/// [`content_type`](Self::content_type) and [`content_length`](Self::content_length).
///
/// A body that breaks off (a reset connection, fewer bytes than announced, a pause longer
/// than the attempt timeout) is resumed where it broke, if the retry policy allows: the
/// stream goes on as if nothing happened. A resume that finds the attachment changed fails
/// with `ABORTED`.
pub struct Download {
    ctx: Arc<Shared>,
    content_type: Option<String>,
    content_length: Option<u64>,
    etag: Option<HeaderValue>,
    received: u64,
    resumes: u32,
    retries: u32,
    state: State,
}

impl std::fmt::Debug for Download {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Download")
            .field("content_type", &self.content_type)
            .field("content_length", &self.content_length)
            .field("received", &self.received)
            .field("resumes", &self.resumes)
            .finish_non_exhaustive()
    }
}

type Opening = Pin<Box<dyn Future<Output = (Result<Opened>, u32)> + Send>>;

enum State {
    Body {
        body: Incoming,
        /// Bytes at the start of this body that were received before (a server that
        /// answered a resume with the whole body).
        skip: u64,
        /// When the body has paused too long.
        idle: Pin<Box<tokio::time::Sleep>>,
    },
    Opening(Opening),
    Done,
}

/// A response that carries the bytes from the requested offset on.
struct Opened {
    /// `None`: the server says there is nothing left (a resume at the end).
    body: Option<Incoming>,
    content_type: Option<String>,
    total: Option<u64>,
    etag: Option<HeaderValue>,
    skip: u64,
}

impl Download {
    /// The attachment's MIME type, as the server sent it.
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The attachment's length in bytes, when the server said it.
    pub fn content_length(&self) -> Option<u64> {
        self.content_length
    }

    /// Bytes received so far.
    pub fn received(&self) -> u64 {
        self.received
    }

    /// How many times a broken body was resumed so far.
    pub fn resumes(&self) -> u32 {
        self.resumes
    }

    /// The next piece of the body; `None` at the end.
    pub async fn next(&mut self) -> Option<Result<Bytes>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    fn start(&mut self, opened: Opened) {
        self.state = match opened.body {
            Some(body) => State::Body {
                body,
                skip: opened.skip,
                idle: Box::pin(tokio::time::sleep(self.ctx.settings.attempt_timeout)),
            },
            None => State::Done,
        };
        if matches!(self.state, State::Done) {
            self.finish(None);
        }
    }

    /// Starts a resume after `error` broke the body: the retry loop's first attempt is the
    /// broken one, so the policy, backoff and budget decide about the next.
    fn resume(&mut self, error: Error) {
        tracing::debug!(parent: &self.ctx.span, received = self.received, %error, "download broke off");
        let future = open(
            self.ctx.clone(),
            self.received,
            self.content_length,
            self.etag.clone(),
            Some(error),
        );
        self.state = State::Opening(Box::pin(tracing::Instrument::instrument(
            future,
            self.ctx.span.clone(),
        )));
    }

    fn fail(&mut self, error: Error) -> Error {
        let error = error.with_method(MEDIA_DOWNLOAD);
        self.state = State::Done;
        self.finish(Some(&error));
        error
    }

    /// Records the span's fields, once.
    fn finish(&self, error: Option<&Error>) {
        let span = &self.ctx.span;
        if span.is_disabled() {
            return;
        }
        span.record("bytes", self.received);
        span.record("resumes", self.resumes);
        span.record("retries", self.retries);
        span.record("latency_ms", self.ctx.started.elapsed().as_secs_f64() * 1e3);
        span.record(
            "code",
            tracing::field::debug(error.map_or(tonic::Code::Ok, |e| {
                e.code().unwrap_or(tonic::Code::Unknown)
            })),
        );
    }

    fn report(&self) {
        if let Some(progress) = &self.ctx.progress {
            progress(&Progress {
                transferred: self.received,
                total: self.content_length,
                retries: self.retries,
            });
        }
    }
}

impl Stream for Download {
    type Item = Result<Bytes>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Bytes>>> {
        let this = self.get_mut();
        loop {
            match &mut this.state {
                State::Done => return Poll::Ready(None),
                State::Opening(opening) => {
                    let (opened, attempts) = std::task::ready!(opening.as_mut().poll(cx));
                    // The first attempt was the broken body.
                    this.retries += attempts.saturating_sub(1);
                    match opened {
                        Ok(opened) => {
                            this.resumes += 1;
                            if this.content_length.is_none() {
                                this.content_length = opened.total;
                            }
                            this.start(opened);
                        }
                        Err(error) => return Poll::Ready(Some(Err(this.fail(error)))),
                    }
                }
                State::Body { body, skip, idle } => match Pin::new(&mut *body).poll_frame(cx) {
                    Poll::Ready(Some(Ok(frame))) => {
                        let Ok(mut data) = frame.into_data() else {
                            continue;
                        };
                        if *skip > 0 {
                            let n = usize::try_from(*skip).unwrap_or(usize::MAX).min(data.len());
                            let _ = data.split_to(n);
                            *skip -= n as u64;
                        }
                        if data.is_empty() {
                            continue;
                        }
                        let deadline =
                            tokio::time::Instant::now() + this.ctx.settings.attempt_timeout;
                        idle.as_mut().reset(deadline);
                        this.received += data.len() as u64;
                        if let Some(total) = this.content_length
                            && this.received > total
                        {
                            let error = protocol_error(format!(
                                "the download gave more than the {total} bytes announced"
                            ));
                            return Poll::Ready(Some(Err(this.fail(error))));
                        }
                        this.report();
                        return Poll::Ready(Some(Ok(data)));
                    }
                    Poll::Ready(Some(Err(e))) => this.resume(body_error(e)),
                    Poll::Ready(None) => match this.content_length {
                        Some(total) if this.received < total => {
                            let error = broken_body(format!(
                                "the download's body ended after {} of {total} bytes",
                                this.received
                            ));
                            this.resume(error);
                        }
                        _ => {
                            this.state = State::Done;
                            this.finish(None);
                            return Poll::Ready(None);
                        }
                    },
                    Poll::Pending => {
                        if idle.as_mut().poll(cx).is_ready() {
                            let error = Error::timeout(format!(
                                "the download's body paused for longer than the attempt \
                                 timeout of {:?}",
                                this.ctx.settings.attempt_timeout
                            ));
                            this.resume(error);
                            continue;
                        }
                        return Poll::Pending;
                    }
                },
            }
        }
    }
}

/// Requests the bytes from `from` on (a `Range` request past 0), in the retry loop; `broken`
/// is the failure that made a resume necessary, the loop's first attempt. Returns the
/// number of attempts with the outcome.
async fn open(
    ctx: Arc<Shared>,
    from: u64,
    total: Option<u64>,
    etag: Option<HeaderValue>,
    broken: Option<Error>,
) -> (Result<Opened>, u32) {
    let mut broken = broken;
    let mut attempts = 0;
    let ctx = &ctx;
    let etag = etag.as_ref();
    let result = retry::run(ctx.settings.call(Idempotency::Repeatable), |n, timeout| {
        attempts = n;
        let broken = broken.take();
        async move {
            if let Some(error) = broken {
                return Err(error);
            }
            // Each request draws, a resume too: the emulator counts each as a call.
            let _slot = pace(ctx.pacer.as_ref(), MEDIA_DOWNLOAD, &ctx.name, timeout).await?;
            let mut headers = HeaderMap::new();
            if from > 0 {
                headers.insert(RANGE, header_value(&format!("bytes={from}-"))?);
                if let Some(etag) = etag {
                    // The rest of this version, or the whole of a new one (then refused).
                    headers.insert(IF_RANGE, etag.clone());
                }
            }
            let response = ctx
                .http
                .send(
                    ctx.tokens.as_ref(),
                    Method::GET,
                    ctx.url.clone(),
                    headers,
                    OutgoingBody::empty(),
                )
                .await?;
            opened(response, from, total, etag).await
        }
    })
    .await;
    (result, attempts)
}

/// Checks a download's response against what the download knows so far.
async fn opened(
    response: http::Response<Incoming>,
    from: u64,
    total: Option<u64>,
    etag: Option<&HeaderValue>,
) -> Result<Opened> {
    let status = response.status();
    let headers = response.headers();
    let changed = || {
        Error::from(tonic::Status::aborted(format!(
            "the attachment changed while it was being downloaded ({from} bytes in); \
             download it again"
        )))
    };
    let new_etag = headers.get(ETAG).cloned();
    if let (Some(before), Some(now)) = (etag, &new_etag)
        && before != now
    {
        return Err(changed());
    }
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let length = headers
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let (whole, skip) = match status {
        StatusCode::OK => (length, from),
        StatusCode::PARTIAL_CONTENT => {
            let (start, whole) = content_range(headers)?;
            if start != from {
                return Err(protocol_error(format!(
                    "asked for the bytes from {from} on, the server sent them from {start}"
                )));
            }
            (whole.or(length.map(|l| l + from)), 0)
        }
        StatusCode::RANGE_NOT_SATISFIABLE if from > 0 && total == Some(from) => {
            return Ok(Opened {
                body: None,
                content_type,
                total,
                etag: new_etag,
                skip: 0,
            });
        }
        _ => return Err(error_from(response).await),
    };
    if let (Some(before), Some(now)) = (total, whole)
        && before != now
    {
        return Err(changed());
    }
    Ok(Opened {
        body: Some(response.into_body()),
        content_type,
        total: whole.or(total),
        etag: new_etag,
        skip,
    })
}

/// `Content-Range: bytes S-E/T`: the first byte and the whole length (`*`: unknown).
fn content_range(headers: &HeaderMap) -> Result<(u64, Option<u64>)> {
    let value = headers.get(CONTENT_RANGE);
    let bad = || protocol_error(format!("a 206 answer with Content-Range {value:?}"));
    let text = value.and_then(|v| v.to_str().ok()).ok_or_else(bad)?;
    let (range, whole) = text
        .trim()
        .strip_prefix("bytes ")
        .and_then(|r| r.split_once('/'))
        .ok_or_else(bad)?;
    let (start, _end) = range.split_once('-').ok_or_else(bad)?;
    let start: u64 = start.trim().parse().map_err(|_| bad())?;
    let whole = match whole.trim() {
        "*" => None,
        n => Some(n.parse::<u64>().map_err(|_| bad())?),
    };
    Ok((start, whole))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_range_gives_the_start_and_the_whole() {
        let mut headers = HeaderMap::new();
        assert!(content_range(&headers).is_err());
        for (value, want) in [
            ("bytes 100-199/200", Some((100, Some(200)))),
            ("bytes 0-0/*", Some((0, None))),
            ("bytes */200", None),
            ("items 1-2/3", None),
            ("bytes x-2/3", None),
        ] {
            headers.insert(CONTENT_RANGE, HeaderValue::from_static(value));
            assert_eq!(content_range(&headers).ok(), want, "{value}");
        }
    }
}
