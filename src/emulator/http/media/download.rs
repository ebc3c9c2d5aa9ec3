//! `chat.media.download`: an attachment's bytes by its `attachment_data_ref.resource_name`,
//! whole or a `Range` of them, streamed from the store by [`DownloadBody`].

use std::future::Future as _;
use std::pin::Pin;
use std::task::{Context, Poll};

use http::request::Parts;
use http::{HeaderValue, Method, Response, StatusCode, header};
use tonic::body::Body;
use tonic::codegen::Bytes;
use tonic::metadata::MetadataMap;
use tonic::{Code, Status};

use super::{Call, Failure, check_query, header_str, json};
use crate::emulator::connection::KillSwitch;
use crate::emulator::errors::not_found;
use crate::emulator::faults::{FaultAction, FaultStage, MEDIA_DOWNLOAD};
use crate::emulator::http::transcode::{bad_request, system_param};
use crate::emulator::identity::Caller;
use crate::emulator::media::BlobReader;
use crate::emulator::quotas;
use crate::emulator::service::{Auth, EmulatorService, fault_status};
use crate::emulator::state::{MediaRef, State};
use crate::proto::chat::v1::attachment;

/// Serves one download request.
pub(super) async fn serve(
    call: &mut Call<'_>,
    parts: &Parts,
    query: &[(String, String)],
    resource: &str,
) -> Result<Response<Body>, Failure> {
    let faults = &call.service.shared().faults;
    if let Some(action) = faults.take(MEDIA_DOWNLOAD, FaultStage::BeforeApply) {
        return Err(call.fault(action).into());
    }
    let strike = faults.take_mid_body(MEDIA_DOWNLOAD);
    if parts.method != Method::GET && parts.method != Method::HEAD {
        return Err(Status::not_found(format!(
            "The requested URL {} was not found (no {} binding).",
            parts.uri.path(),
            parts.method
        ))
        .into());
    }
    check_query(query, &[])?;
    let metadata = MetadataMap::from_headers(parts.headers.clone());
    let token = call.service.authenticate(MEDIA_DOWNLOAD, &metadata)?;
    let media = {
        let mut state = call.service.shared().lock();
        let caller = state.caller(&token);
        call.caller.clone_from(&caller.name);
        EmulatorService::check_auth_kind(MEDIA_DOWNLOAD, Auth::Both, &caller)?;
        // Each request draws, a resume's `Range` request too: each is a call of its own.
        quotas::check_method(&mut state, &parts.headers, MEDIA_DOWNLOAD, resource)?;
        find(&state, &caller, resource)?
    };
    let bytes_wanted = match system_param(query, "alt") {
        Some("media") => true,
        None | Some("json") => false,
        Some(other) => {
            return Err(bad_request(format!(
                "Invalid value for `alt`: `{other}` (`media` for the bytes, `json` for the \
                 Media resource)"
            ))
            .into());
        }
    };
    if let Some(action) = faults.take(MEDIA_DOWNLOAD, FaultStage::AfterApply) {
        return Err(call.fault(action).into());
    }
    if !bytes_wanted {
        let body = serde_json::json!({ "resourceName": resource });
        let mut bytes = if call.pretty {
            serde_json::to_vec_pretty(&body)
        } else {
            serde_json::to_vec(&body)
        }
        .unwrap_or_default();
        if call.pretty {
            bytes.push(b'\n');
        }
        return Ok(json(StatusCode::OK, bytes));
    }
    let blob = media.media.blob();
    let size = blob.len;
    let (status, start, end) = match wanted(header_str(parts, header::RANGE), size) {
        Wanted::All => (StatusCode::OK, 0, size),
        Wanted::Part(start, end) => (StatusCode::PARTIAL_CONTENT, start, end),
        Wanted::Unsatisfiable => {
            let mut headers = Vec::new();
            if let Ok(v) = HeaderValue::from_str(&format!("bytes */{size}")) {
                headers.push((header::CONTENT_RANGE, v));
            }
            return Err(Failure {
                status: Status::new(
                    Code::OutOfRange,
                    format!("Request range not satisfiable: the media is {size} bytes"),
                ),
                http: Some(StatusCode::RANGE_NOT_SATISFIABLE),
                headers,
            });
        }
    };
    let reader = blob
        .read(start, end)
        .await
        .map_err(|e| Status::internal(format!("cannot read the media: {e}")))?;
    let body = DownloadBody {
        reader,
        left: end - start,
        sent: 0,
        strike,
        kill: call.kill.clone(),
        cutting: None,
    };
    let mut response = Response::new(Body::new(body));
    *response.status_mut() = status;
    let headers = response.headers_mut();
    let content_type = HeaderValue::from_str(&media.media.content_type)
        .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"));
    headers.insert(header::CONTENT_TYPE, content_type);
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(end - start));
    headers.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    if status == StatusCode::PARTIAL_CONTENT
        && let Ok(v) = HeaderValue::from_str(&format!("bytes {start}-{}/{size}", end - 1))
    {
        headers.insert(header::CONTENT_RANGE, v);
    }
    Ok(response)
}

/// The media behind `resource`, if the caller may read its message and the attachment is
/// still on it.
fn find(state: &State, caller: &Caller, resource: &str) -> Result<MediaRef, Status> {
    let media = state
        .media
        .get(resource)
        .ok_or_else(|| not_found("Media", resource))?;
    let (space, i) = state.locate_message(caller, &media.message, "resourceName")?;
    let still_there = state
        .spaces
        .get(&space)
        .and_then(|rec| rec.messages.get(i))
        .is_some_and(|m| {
            m.message.attachment.iter().any(|a| {
                matches!(&a.data_ref, Some(attachment::DataRef::AttachmentDataRef(r))
                    if r.resource_name == resource)
            })
        });
    if !still_there {
        return Err(not_found("Media", resource));
    }
    Ok(media.clone())
}

/// What a `Range` header asks of a body of a given size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wanted {
    /// The whole body: no `Range`, one the emulator does not serve (another unit, several
    /// ranges), or a malformed one (RFC 9110 says to ignore it).
    All,
    /// Bytes `start..end`.
    Part(u64, u64),
    /// A range that starts past the end.
    Unsatisfiable,
}

fn wanted(range: Option<&str>, size: u64) -> Wanted {
    let Some(spec) = range.and_then(|r| r.trim().strip_prefix("bytes=")) else {
        return Wanted::All;
    };
    if spec.contains(',') {
        return Wanted::All;
    }
    let Some((first, last)) = spec.split_once('-') else {
        return Wanted::All;
    };
    match (first.trim(), last.trim()) {
        ("", "") => Wanted::All,
        ("", suffix) => match suffix.parse::<u64>() {
            Ok(0) => Wanted::Unsatisfiable,
            Ok(_) if size == 0 => Wanted::Unsatisfiable,
            Ok(n) => Wanted::Part(size - n.min(size), size),
            Err(_) => Wanted::All,
        },
        (first, last) => {
            let Ok(first) = first.parse::<u64>() else {
                return Wanted::All;
            };
            let last = if last.is_empty() {
                None
            } else {
                match last.parse::<u64>() {
                    Ok(l) if l >= first => Some(l),
                    _ => return Wanted::All,
                }
            };
            if first >= size {
                return Wanted::Unsatisfiable;
            }
            let end = last.map_or(size, |l| l.saturating_add(1).min(size));
            Wanted::Part(first, end)
        }
    }
}

/// How often a cut checks whether the connection is done writing the bytes before it.
const CUT_TICK: std::time::Duration = std::time::Duration::from_millis(5);

/// A download's body: the blob's bytes in chunks, cut where a mid-body fault strikes.
struct DownloadBody {
    reader: BlobReader,
    left: u64,
    sent: u64,
    strike: Option<(u64, FaultAction)>,
    kill: Option<KillSwitch>,
    /// Once the cut is due: the connection's written count at the last tick, and the tick.
    cutting: Option<(u64, Pin<Box<tokio::time::Sleep>>)>,
}

impl DownloadBody {
    /// Waits until the connection has written what the HTTP library holds of the bytes
    /// before the cut (its count stops growing between ticks), then resets it. Without
    /// the wait, hyper's write buffer (up to a megabyte of body) would go down with the
    /// connection, and the client would see fewer bytes than the fault names, or none.
    fn poll_cut(&mut self, cx: &mut Context<'_>) -> Poll<std::io::Error> {
        let written = self.kill.as_ref().map_or(0, KillSwitch::written);
        match &mut self.cutting {
            None => {
                self.cutting = Some((written, Box::pin(tokio::time::sleep(CUT_TICK))));
            }
            Some((last, tick)) => {
                if tick.as_mut().poll(cx).is_pending() {
                    return Poll::Pending;
                }
                if *last == written {
                    if let Some((_, action)) = self.strike.take() {
                        // The status line is gone: any fault here ends the body as a drop.
                        let _ = fault_status(action, self.kill.as_ref());
                    }
                    if let Some(kill) = &self.kill {
                        kill.kill();
                    }
                    return Poll::Ready(std::io::Error::new(
                        std::io::ErrorKind::ConnectionReset,
                        "download cut by the emulator's fault injection",
                    ));
                }
                *last = written;
                tick.as_mut().reset(tokio::time::Instant::now() + CUT_TICK);
            }
        }
        // Register the tick's waker.
        if let Some((_, tick)) = &mut self.cutting
            && tick.as_mut().poll(cx).is_ready()
        {
            cx.waker().wake_by_ref();
        }
        Poll::Pending
    }
}

impl http_body::Body for DownloadBody {
    type Data = Bytes;
    type Error = std::io::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, std::io::Error>>> {
        let this = self.get_mut();
        let mut max = usize::MAX;
        if let Some((after, _)) = &this.strike {
            if this.sent >= *after {
                return this.poll_cut(cx).map(|e| Some(Err(e)));
            }
            max = usize::try_from(*after - this.sent).unwrap_or(usize::MAX);
        }
        match this.reader.poll_chunk(cx, max) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(e))),
            Poll::Ready(Some(Ok(bytes))) => {
                this.sent += bytes.len() as u64;
                this.left = this.left.saturating_sub(bytes.len() as u64);
                Poll::Ready(Some(Ok(http_body::Frame::data(bytes))))
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.left == 0
    }

    fn size_hint(&self) -> http_body::SizeHint {
        http_body::SizeHint::with_exact(self.left)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges() {
        assert_eq!(wanted(None, 10), Wanted::All);
        assert_eq!(wanted(Some("bytes=0-4"), 10), Wanted::Part(0, 5));
        assert_eq!(wanted(Some("bytes=5-"), 10), Wanted::Part(5, 10));
        assert_eq!(wanted(Some("bytes=5-100"), 10), Wanted::Part(5, 10));
        assert_eq!(wanted(Some("bytes=-3"), 10), Wanted::Part(7, 10));
        assert_eq!(wanted(Some("bytes=-30"), 10), Wanted::Part(0, 10));
        assert_eq!(wanted(Some("bytes=10-"), 10), Wanted::Unsatisfiable);
        assert_eq!(wanted(Some("bytes=0-"), 0), Wanted::Unsatisfiable);
        assert_eq!(wanted(Some("bytes=-0"), 10), Wanted::Unsatisfiable);
        // Ignored: other units, several ranges, nonsense.
        for ignored in [
            "items=0-1",
            "bytes=0-1,3-4",
            "bytes=4-2",
            "bytes=x-",
            "bytes=-",
        ] {
            assert_eq!(wanted(Some(ignored), 10), Wanted::All, "{ignored}");
        }
    }
}
