//! What a server's answer must not do to the client: the status headers tonic would panic on
//! or misread are made safe before tonic reads them. [`crate::transport::CheckGrpc`] applies
//! [`checked`] to every response; a second message in a unary answer is refused where the
//! message is read ([`crate::unary`]).
//!
//! tonic 0.14 reads a status with `Status::from_header_map`, from the response headers (a
//! trailers-only answer) and from the trailers, and that function panics on a
//! `grpc-status-details-bin` that is not base64, and replaces the server's code with
//! `UNKNOWN` when `grpc-message` escapes bytes that are not UTF-8. Both are the server's
//! status with a broken attachment, so the fix keeps the status and mends the attachment:
//! the undecodable details are dropped (and the message says so), and the message is decoded
//! lossily, as gRPC's spec asks ("MUST NOT error or throw away the message").

use std::pin::Pin;
use std::task::{Context, Poll};

use base64::Engine as _;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use http::{HeaderMap, HeaderValue};
use http_body::Frame;
use prost::bytes::Bytes;
use tonic::body::Body;

/// `response` with its status headers made safe and its body wrapped in [`CheckedBody`],
/// which does the same for the trailers.
///
/// The body is wrapped in place rather than boxed into a `tonic::body::Body`: one
/// allocation less on every call.
pub(crate) fn checked(mut response: http::Response<Body>) -> http::Response<CheckedBody> {
    mend_status(response.headers_mut());
    response.map(|body| CheckedBody { inner: body })
}

/// Appended to `grpc-message` when undecodable details are dropped. ASCII without `%`, so it
/// goes after a percent-encoded message as it is.
const DETAILS_DROPPED: &str =
    " (the server's grpc-status-details-bin was not valid base64 and was dropped)";

/// The base64 engine tonic decodes `grpc-status-details-bin` with (`tonic::util::base64`):
/// what it accepts, this accepts, so no valid details are dropped.
const TONIC_BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// Makes the status in `headers` (response headers or trailers) one tonic reads without
/// panicking and without losing the server's code.
fn mend_status(headers: &mut HeaderMap) {
    // One pass over the map instead of a lookup per name: response headers and trailers hold
    // a handful of entries, and each lookup by name parses and hashes it. The first value of
    // each name, as tonic's `get` reads it.
    let (mut status, mut message, mut details) = (false, None, None);
    for (name, value) in headers.iter() {
        match name.as_str() {
            "grpc-status" => status = true,
            "grpc-message" if message.is_none() => message = Some(value),
            "grpc-status-details-bin" if details.is_none() => details = Some(value),
            _ => {}
        }
    }
    // tonic reads nothing else where there is no `grpc-status`.
    if !status {
        return;
    }
    let details_ok = details.is_none_or(|v| TONIC_BASE64.decode(v.as_bytes()).is_ok());
    let mut mended = message.and_then(|v| lossy_message(v.as_bytes()));
    if !details_ok {
        let mut value = mended
            .take()
            .unwrap_or_else(|| message.map(|v| v.as_bytes().to_vec()).unwrap_or_default());
        value.extend_from_slice(DETAILS_DROPPED.as_bytes());
        mended = Some(value);
        headers.remove(tonic::Status::GRPC_STATUS_DETAILS);
    }
    if let Some(value) = mended {
        // Percent-encoded ASCII: always a valid header value.
        if let Ok(value) = HeaderValue::from_bytes(&value) {
            headers.insert(tonic::Status::GRPC_MESSAGE, value);
        }
    }
}

/// For a `grpc-message` whose percent-decoding is not UTF-8 (which tonic turns into an
/// `UNKNOWN` status of its own), the same text decoded lossily and encoded again; `None`
/// when tonic reads it as it is.
fn lossy_message(raw: &[u8]) -> Option<Vec<u8>> {
    // Plain ASCII decodes to itself: the usual message takes one scan.
    if raw.iter().all(|b| b.is_ascii() && *b != b'%') {
        return None;
    }
    let decoded = percent_decode(raw);
    let text = match String::from_utf8(decoded) {
        Ok(_) => return None,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    };
    let mut out = Vec::with_capacity(text.len() + 16);
    for b in text.bytes() {
        // What tonic's own encoder leaves alone: printable ASCII but `%`.
        if (b' '..=b'~').contains(&b) && b != b'%' {
            out.push(b);
        } else {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.extend_from_slice(&[b'%', HEX[usize::from(b >> 4)], HEX[usize::from(b & 0xF)]]);
        }
    }
    Some(out)
}

/// Percent-decoding as tonic does it (the `percent-encoding` crate): `%` and two hex digits
/// are a byte, any other `%` is itself.
fn percent_decode(raw: &[u8]) -> Vec<u8> {
    let hex = |b: u8| char::from(b).to_digit(16);
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'%'
            && let (Some(h), Some(l)) = (
                raw.get(i + 1).copied().and_then(hex),
                raw.get(i + 2).copied().and_then(hex),
            )
        {
            // Two hex digits: at most 0xFF.
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(raw[i]);
            i += 1;
        }
    }
    out
}

/// A response body whose trailers' status is made safe as the headers' is.
pub(crate) struct CheckedBody {
    inner: Body,
}

impl http_body::Body for CheckedBody {
    type Data = Bytes;
    type Error = tonic::Status;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, tonic::Status>>> {
        let mut frame = std::task::ready!(Pin::new(&mut self.inner).poll_frame(cx));
        if let Some(Ok(frame)) = &mut frame
            && let Some(trailers) = frame.trailers_mut()
        {
            mend_status(trailers);
        }
        Poll::Ready(frame)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status_headers(pairs: &[(&'static str, &[u8])]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.append(*name, HeaderValue::from_bytes(value).unwrap());
        }
        headers
    }

    #[test]
    fn details_that_are_not_base64_are_dropped_and_the_message_says_so() {
        let mut headers = status_headers(&[
            ("grpc-status", b"5"),
            ("grpc-message", b"no%20such space"),
            ("grpc-status-details-bin", b"!!"),
        ]);
        mend_status(&mut headers);
        let status = tonic::Status::from_header_map(&headers).unwrap();
        assert_eq!(status.code(), tonic::Code::NotFound);
        assert_eq!(status.message(), format!("no such space{DETAILS_DROPPED}"));
        assert!(status.details().is_empty());
        assert!(!headers.contains_key("grpc-status-details-bin"));
    }

    #[test]
    fn valid_details_and_plain_messages_are_left_alone() {
        // Padded and unpadded base64 alike, as tonic decodes both.
        for value in ["AQID", "AQI=", "AQI", ""] {
            let before = status_headers(&[
                ("grpc-status", b"10"),
                ("grpc-message", b"50% off, caf%C3%A9"),
                ("grpc-status-details-bin", value.as_bytes()),
            ]);
            let mut after = before.clone();
            mend_status(&mut after);
            assert_eq!(after, before, "{value}");
        }
    }

    #[test]
    fn a_message_that_is_not_utf8_keeps_the_code() {
        let mut headers = status_headers(&[
            ("grpc-status", b"5"),
            ("grpc-message", b"caf%C3%A9 %FF gone \xe9"),
        ]);
        mend_status(&mut headers);
        let status = tonic::Status::from_header_map(&headers).unwrap();
        assert_eq!(status.code(), tonic::Code::NotFound);
        assert_eq!(status.message(), "café \u{FFFD} gone \u{FFFD}");
    }

    #[test]
    fn percent_decoding_matches_tonics() {
        assert_eq!(percent_decode(b"a%20b%2"), b"a b%2");
        assert_eq!(percent_decode(b"%zz%4a%4A%"), b"%zzJJ%");
    }
}
