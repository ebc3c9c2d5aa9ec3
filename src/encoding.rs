//! Percent-encoding (RFC 3986's unreserved characters stay, everything else becomes
//! `%XX`) and the `x-goog-request-params` value built with it. A leaf: it knows nothing of
//! the stack, the client or auth, which all use it.

use http::HeaderValue;

/// The `x-goog-request-params` value `field=value`, the value percent-encoded, in one
/// allocation of the exact size (a `Vec` whose length is its capacity becomes `Bytes`, and
/// so a `HeaderValue`, without another allocation).
pub(crate) fn routing_header(
    field: &str,
    value: &str,
) -> Result<HeaderValue, http::header::InvalidHeaderValue> {
    let escaped = value.bytes().filter(|b| !unreserved(*b)).count();
    let mut out = Vec::with_capacity(field.len() + 1 + value.len() + 2 * escaped);
    out.extend_from_slice(field.as_bytes());
    out.push(b'=');
    // Runs of unreserved bytes are copied whole: a name has a few `/` to escape, no more.
    let mut rest = value.as_bytes();
    while let Some(i) = rest.iter().position(|b| !unreserved(*b)) {
        out.extend_from_slice(&rest[..i]);
        push_encoded(&mut out, rest[i]);
        rest = &rest[i + 1..];
    }
    out.extend_from_slice(rest);
    HeaderValue::from_maybe_shared(prost::bytes::Bytes::from(out))
}

/// Percent-encodes everything but RFC 3986's unreserved characters, as Google's clients do
/// for routing values (`spaces/A` -> `spaces%2FA`); also right for form values.
// Used by the refresh-token grant (feature `gcp-auth`) for form values.
#[cfg_attr(not(feature = "gcp-auth"), allow(dead_code))]
pub(crate) fn url_encode(value: &str) -> String {
    let mut out = Vec::with_capacity(value.len() + 8);
    for b in value.bytes() {
        push_encoded(&mut out, b);
    }
    String::from_utf8(out).expect("percent-encoding writes ASCII")
}

/// A resource name as a URL path (`{+name}` in Google's URL templates): `/` stays a path
/// separator, anything but unreserved characters is percent-encoded, so a name cannot
/// smuggle a query (`?`) or a fragment (`#`) into the URL.
#[cfg_attr(not(feature = "media"), allow(dead_code))]
pub(crate) fn path_encode(value: &str) -> String {
    let mut out = Vec::with_capacity(value.len() + 8);
    for b in value.bytes() {
        if b == b'/' {
            out.push(b);
        } else {
            push_encoded(&mut out, b);
        }
    }
    String::from_utf8(out).expect("percent-encoding writes ASCII")
}

/// RFC 3986's unreserved characters, which percent-encoding leaves as they are.
fn unreserved(b: u8) -> bool {
    UNRESERVED[usize::from(b)]
}

/// [`unreserved`] as a table: one load per byte on a path every call takes.
const UNRESERVED: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        // `b < 256`, so the cast cannot truncate.
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b'~');
        b += 1;
    }
    table
};

fn push_encoded(out: &mut Vec<u8>, b: u8) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    if unreserved(b) {
        out.push(b);
    } else {
        out.extend_from_slice(&[b'%', HEX[usize::from(b >> 4)], HEX[usize::from(b & 0xF)]]);
    }
}

#[cfg(test)]
mod tests {
    use super::{path_encode, routing_header, url_encode};

    #[test]
    fn resource_names_keep_their_slashes_in_paths() {
        assert_eq!(
            path_encode("spaces/A/attachments/b.c-d_e~"),
            "spaces/A/attachments/b.c-d_e~"
        );
        assert_eq!(path_encode("a?b#c d%/é"), "a%3Fb%23c%20d%25/%C3%A9");
    }

    #[test]
    fn routing_values_are_percent_encoded_like_googles_clients() {
        assert_eq!(
            url_encode("spaces/AAAA/messages/a.b"),
            "spaces%2FAAAA%2Fmessages%2Fa.b"
        );
        assert_eq!(
            url_encode("users/alice@example.com"),
            "users%2Falice%40example.com"
        );
        assert_eq!(url_encode("ümlaut"), "%C3%BCmlaut");
    }

    #[test]
    fn routing_header_is_exactly_sized() {
        let value = routing_header("space.name", "spaces/AAAA").unwrap();
        assert_eq!(value, "space.name=spaces%2FAAAA");
        for value in [
            "",
            "/",
            "a",
            "spaces/A/messages/a.b~c-d_e",
            "users/a@b.c",
            "ümlaut/",
        ] {
            let header = routing_header("name", value).unwrap();
            assert_eq!(header, format!("name={}", url_encode(value)).as_str());
        }
    }
}
