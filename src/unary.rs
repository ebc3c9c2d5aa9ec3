//! One unary gRPC call over the stack, in place of tonic's `Grpc::unary`.
//!
//! tonic's client is built for streams: a unary call goes through its client-streaming path,
//! which boxes an encoder stream around the message and copies it into an 8 KiB buffer, then
//! boxes the response body and a decoder and copies the answer into a second buffer. Every
//! Chat RPC is one message each way, and the request is already encoded (once, before the
//! first attempt), so here the request body is those bytes, and the answer is decoded from
//! the frame it arrived in. What tonic checks on the way is checked here too, with tonic's
//! codes and messages: a trailers-only status, the response's compression, the message's
//! flag and length limit, a body cut short, the final status or its absence.

use std::pin::Pin;
use std::task::{Context, Poll};

use http::header::{CONTENT_TYPE, TE};
use http::uri::PathAndQuery;
use http::{HeaderMap, HeaderValue, StatusCode};
use http_body::{Body as _, Frame};
use prost::bytes::{Buf as _, BufMut as _, Bytes, BytesMut};
use tonic::{Code, Status};
use tower::ServiceExt as _;

use crate::response_check::CheckedBody;

/// A gRPC message's prefix: the compressed flag and the big-endian length.
const PREFIX: usize = 5;

/// Headers a call carries: `grpc-timeout` and `x-goog-request-params` (the attempt's), `te`
/// and `content-type` (here), `user-agent` (tonic's channel), `authorization`,
/// `x-goog-api-client` and `x-goog-user-project`: sized once, so the map never grows on the
/// way down.
const REQUEST_HEADERS: usize = 10;

/// `message` encoded behind its gRPC prefix, in one allocation of the exact size; an error,
/// before the wire, for a message over gRPC's 4 GiB frame limit.
pub(crate) fn frame(message: &impl prost::Message) -> Result<Bytes, crate::Error> {
    let len = message.encoded_len();
    let Ok(prefix_len) = u32::try_from(len) else {
        return Err(crate::Error::invalid_argument(format!(
            "the request encodes to {len} bytes, over gRPC's limit of 4 GiB for one message"
        )));
    };
    let mut out = Vec::with_capacity(PREFIX + len);
    out.put_u8(0);
    out.put_u32(prefix_len);
    // Cannot fail: the capacity is exactly the encoded length.
    message
        .encode(&mut out)
        .map_err(|e| crate::Error::invalid_argument(e.to_string()))?;
    Ok(Bytes::from(out))
}

/// Sends `framed` (from [`frame`]) to `path` over `service` and decodes the one message of
/// the answer.
pub(crate) async fn call<S, U>(
    service: S,
    path: PathAndQuery,
    framed: Bytes,
    max_decoding_message_size: usize,
) -> Result<U, Status>
where
    S: tower::Service<
            http::Request<tonic::body::Body>,
            Response = http::Response<CheckedBody>,
            Error = tower::BoxError,
        >,
    U: prost::Message + Default,
{
    let mut request = http::Request::new(tonic::body::Body::new(Once(Some(framed))));
    *request.method_mut() = http::Method::POST;
    *request.version_mut() = http::Version::HTTP_2;
    // The path alone: the channel sets the scheme and the authority (tonic's `AddOrigin`).
    *request.uri_mut() = http::Uri::from(path);
    *request.headers_mut() = HeaderMap::with_capacity(REQUEST_HEADERS);
    let map = request.headers_mut();
    map.insert(TE, HeaderValue::from_static("trailers"));
    map.insert(CONTENT_TYPE, HeaderValue::from_static("application/grpc"));

    let response = service.oneshot(request).await.map_err(Status::from_error)?;
    let http_status = response.status();
    let (parts, mut body) = response.into_parts();
    // No encoding is accepted (the request says none), so a compressed answer is refused
    // as tonic refuses one it was not configured for.
    if let Some(encoding) = parts.headers.get("grpc-encoding")
        && encoding != "identity"
    {
        return Err(Status::unimplemented(format!(
            "Content is compressed with `{}` which isn't supported",
            String::from_utf8_lossy(encoding.as_bytes())
        )));
    }
    // A trailers-only answer: its status is all there is.
    if let Some(status) = Status::from_header_map(&parts.headers) {
        return Err(if status.code() == Code::Ok {
            missing()
        } else {
            status
        });
    }

    // An error met before the message is in carries the response's headers in its metadata,
    // as tonic's unary call adds them.
    let headers = &parts.headers;
    let early = |status: Status| with_headers(status, headers);
    let mut message = Message::default();
    // The payload, once it is all in. Decoded at the end, so the future does not hold a
    // decoded message (hundreds of bytes, copied with the future) while it waits for the
    // trailers. A payload that does not decode still fails before the trailers' status, as
    // with tonic, which decodes first; one difference: a server that stalls after such a
    // payload is this attempt's timeout rather than `INTERNAL`.
    let mut payload = None;
    let decode = |payload: Option<Bytes>, status: Result<(), Status>| match payload {
        Some(bytes) => {
            let decoded = U::decode(bytes).map_err(|e| early(Status::internal(e.to_string())))?;
            status.map(|()| decoded)
        }
        None => Err(status.err().map_or_else(missing, early)),
    };
    loop {
        let frame = std::future::poll_fn(|cx| poll_frame(&mut body, cx)).await;
        let frame = match frame {
            Some(Ok(frame)) => frame,
            Some(Err(status)) if payload.is_none() => return Err(early(status)),
            Some(Err(status)) => return Err(status),
            // The body ended without trailers.
            None if payload.is_none() && message.held() > 0 => {
                return Err(early(Status::internal("Unexpected EOF decoding stream.")));
            }
            None => return decode(payload, final_status(None, http_status)),
        };
        let chunk = match frame.into_data() {
            Ok(chunk) => chunk,
            // Trailers end the answer: the message is in, or it never will be.
            Err(frame) => return decode(payload, final_status(frame.trailers_ref(), http_status)),
        };
        if payload.is_none() {
            payload = message
                .push(chunk, max_decoding_message_size, http_status)
                .map_err(early)?;
        } else if !chunk.is_empty() {
            return Err(second_message());
        }
    }
}

/// `status` with the response's `headers` added to its metadata (theirs win where both have
/// a name), as tonic merges them.
fn with_headers(mut status: Status, headers: &HeaderMap) -> Status {
    let mut merged = std::mem::take(status.metadata_mut()).into_headers();
    merged.extend(headers.clone());
    *status.metadata_mut() = tonic::metadata::MetadataMap::from_headers(merged);
    status
}

fn missing() -> Status {
    Status::internal("Missing response message.")
}

/// Every Chat RPC is unary: a byte after the first message begins a second, which gRPC's
/// other clients refuse with `INTERNAL` (tonic's unary call dropped it silently).
fn second_message() -> Status {
    Status::internal(
        "protocol error: the server sent more than one response message for a unary call",
    )
}

fn poll_frame(
    body: &mut CheckedBody,
    cx: &mut Context<'_>,
) -> Poll<Option<Result<Frame<Bytes>, Status>>> {
    Pin::new(body).poll_frame(cx)
}

/// The response's one message as it arrives: usually whole in its first chunk, taken then
/// without a copy; else gathered. Bytes past its end fail the call: see [`second_message`].
#[derive(Default)]
struct Message {
    first: Option<Bytes>,
    gathered: Option<BytesMut>,
    /// The payload's length, once the prefix is in.
    len: Option<usize>,
}

impl Message {
    /// Bytes of the message held so far.
    fn held(&self) -> usize {
        self.bytes().len()
    }

    fn bytes(&self) -> &[u8] {
        match (&self.first, &self.gathered) {
            (Some(first), _) => first,
            (_, Some(gathered)) => gathered,
            (None, None) => &[],
        }
    }

    /// Takes the next chunk; the payload once it is all in.
    fn push(
        &mut self,
        chunk: Bytes,
        limit: usize,
        http_status: StatusCode,
    ) -> Result<Option<Bytes>, Status> {
        if self.first.is_none() && self.gathered.is_none() {
            self.first = Some(chunk);
        } else {
            let mut gathered = match self.gathered.take() {
                Some(gathered) => gathered,
                None => {
                    let first = self.first.take().unwrap_or_default();
                    // Sized by what arrived, not by the length the server declares: that
                    // is not trusted with an allocation.
                    let mut buf = BytesMut::with_capacity(first.len() + chunk.len());
                    buf.put(first);
                    buf
                }
            };
            gathered.put(chunk);
            self.gathered = Some(gathered);
        }
        let bytes = self.bytes();
        let held = bytes.len();
        if self.len.is_none() {
            let Some((prefix, _)) = bytes.split_first_chunk::<PREFIX>() else {
                return Ok(None);
            };
            let [flag, len @ ..] = *prefix;
            match flag {
                0 => {}
                1 => {
                    return Err(Status::internal(
                        "protocol error: received message with compressed-flag but no \
                         grpc-encoding was specified",
                    ));
                }
                f => {
                    return Err(Status::internal(format!(
                        "protocol error: received message with invalid compression flag: {f} \
                         (valid flags are 0 and 1) while receiving response with status: \
                         {http_status}"
                    )));
                }
            }
            let len = usize::try_from(u32::from_be_bytes(len)).unwrap_or(usize::MAX);
            if len > limit {
                return Err(Status::out_of_range(format!(
                    "Error, decoded message length too large: found {len} bytes, the limit \
                     is: {limit} bytes"
                )));
            }
            self.len = Some(len);
        }
        let end = self
            .len
            .map_or(usize::MAX, |len| len.saturating_add(PREFIX));
        if held < end {
            return Ok(None);
        }
        if held > end {
            return Err(second_message());
        }
        Ok(Some(match (self.first.take(), self.gathered.take()) {
            (Some(first), _) => first.slice(PREFIX..end),
            (_, Some(gathered)) => {
                let mut payload = gathered.freeze();
                payload.advance(PREFIX);
                payload.truncate(end - PREFIX);
                payload
            }
            (None, None) => Bytes::new(),
        }))
    }
}

/// The status that ends the answer, from its trailers (`None`: the body ended without any)
/// or, where they have none, from the HTTP status, as tonic infers it.
fn final_status(trailers: Option<&HeaderMap>, http_status: StatusCode) -> Result<(), Status> {
    if let Some(status) = trailers.and_then(Status::from_header_map) {
        return if status.code() == Code::Ok {
            Ok(())
        } else {
            Err(status)
        };
    }
    // A 200 must end with a `grpc-status`: without one the answer may have been cut off.
    if http_status == StatusCode::OK {
        return Err(Status::unknown(
            "protocol error: missing grpc-status trailer, stream was terminated without a \
             final status (possible truncation by a proxy or load balancer)",
        ));
    }
    let code = crate::transport::code_for_http_status(http_status);
    Err(Status::new(
        code,
        format!(
            "grpc-status header missing, mapped from HTTP status code {}",
            http_status.as_u16()
        ),
    ))
}

/// A request body of one chunk.
struct Once(Option<Bytes>);

impl http_body::Body for Once {
    type Data = Bytes;
    type Error = Status;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Status>>> {
        Poll::Ready(self.0.take().map(|bytes| Ok(Frame::data(bytes))))
    }

    fn is_end_stream(&self) -> bool {
        self.0.is_none()
    }

    // The default, unknown size: an exact one would make hyper add `content-length`, which
    // gRPC's clients (tonic's among them) do not send.
}

#[cfg(test)]
mod tests {
    use super::*;

    fn framed(flag: u8, payload: &[u8]) -> Vec<u8> {
        let mut out = vec![flag];
        out.extend_from_slice(&u32::try_from(payload.len()).unwrap().to_be_bytes());
        out.extend_from_slice(payload);
        out
    }

    #[test]
    fn a_message_in_any_split_is_the_same_payload() {
        let body = framed(0, b"hello, chat");
        for split in 0..=body.len() {
            let mut message = Message::default();
            let mut out = None;
            for chunk in [&body[..split], &body[split..]] {
                if out.is_none() {
                    out = message
                        .push(Bytes::copy_from_slice(chunk), usize::MAX, StatusCode::OK)
                        .unwrap();
                }
            }
            assert_eq!(out.as_deref(), Some(&b"hello, chat"[..]), "split {split}");
        }
    }

    #[test]
    fn the_first_byte_of_a_second_message_fails() {
        for first in [0usize, 3, 70_000] {
            let mut body = framed(0, &vec![7; first]);
            body.extend_from_slice(&framed(0, b""));
            // Split anywhere, the call fails once a byte past the first message arrives,
            // and never hands over a payload.
            for split in 0..body.len() {
                let mut message = Message::default();
                let head = message.push(
                    Bytes::copy_from_slice(&body[..split]),
                    usize::MAX,
                    StatusCode::OK,
                );
                match head {
                    Ok(None) => {
                        let tail = message.push(
                            Bytes::copy_from_slice(&body[split..]),
                            usize::MAX,
                            StatusCode::OK,
                        );
                        assert!(tail.is_err(), "first {first} split {split}");
                    }
                    // The first message was whole in the head: the loop then refuses the
                    // tail as data after the message.
                    Ok(Some(payload)) => {
                        assert_eq!(payload.len(), first, "first {first} split {split}");
                        assert_eq!(split, first + PREFIX, "first {first} split {split}");
                    }
                    Err(_) => assert!(split > first + PREFIX, "first {first} split {split}"),
                }
            }
            let whole = Message::default().push(Bytes::from(body), usize::MAX, StatusCode::OK);
            assert!(whole.is_err(), "first {first}");
        }
    }

    #[test]
    fn a_declared_length_over_the_limit_fails_before_the_payload() {
        let mut message = Message::default();
        let status = message
            .push(Bytes::from(vec![0, 0, 0, 1, 0]), 255, StatusCode::OK)
            .unwrap_err();
        assert_eq!(status.code(), Code::OutOfRange);
        assert!(status.message().contains("found 256 bytes"), "{status:?}");
    }

    #[test]
    fn the_frame_is_the_prefix_and_the_encoding() {
        let space = crate::proto::chat::v1::Space {
            name: "spaces/A".into(),
            ..Default::default()
        };
        let bytes = frame(&space).unwrap();
        assert_eq!(
            &bytes[..],
            framed(0, &prost::Message::encode_to_vec(&space))
        );
    }
}
