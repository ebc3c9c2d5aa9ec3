//! The `multipart/related` body of an `uploadType=multipart` upload, read as it streams in:
//! the head (the JSON metadata part and the media part's headers) is small and parsed from
//! a buffer ([`parse_head`]); the media that follows is scanned for its closing delimiter
//! chunk by chunk ([`MediaScanner`]), holding back only a delimiter's length of bytes.
//!
//! Line ends may be CRLF (RFC 2046, Node's clients) or bare LF (Python's `email` package,
//! which google-api-python-client builds the body with).

use memchr::memmem;

/// The head of a multipart upload: the metadata and what the media part says of itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Head {
    /// The first part's body (the `UploadAttachmentRequest` as JSON).
    pub(crate) metadata: Vec<u8>,
    /// The second part's `Content-Type`, if it has one.
    pub(crate) media_type: Option<String>,
    /// The second part's `Content-Transfer-Encoding`, lowercased (`binary`, `base64`).
    pub(crate) media_encoding: Option<String>,
}

/// The `boundary` parameter of a `multipart/related` content type; `Err` says what is wrong.
pub(crate) fn boundary(content_type: &str) -> Result<String, String> {
    let mut params = content_type.split(';');
    let essence = params.next().unwrap_or("").trim();
    if !essence.eq_ignore_ascii_case("multipart/related") {
        return Err(format!(
            "An uploadType=multipart request must be `Content-Type: multipart/related; \
             boundary=...`, not `{essence}`"
        ));
    }
    for param in params {
        let Some((key, value)) = param.split_once('=') else {
            continue;
        };
        if key.trim().eq_ignore_ascii_case("boundary") {
            let value = value.trim();
            let value = value
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .unwrap_or(value);
            // RFC 2046: 1 to 70 characters, not ending in a space.
            if value.is_empty() || value.len() > 70 || value.ends_with(' ') {
                return Err(format!("The multipart boundary `{value}` is not valid"));
            }
            return Ok(value.to_owned());
        }
    }
    Err("The multipart/related content type has no boundary parameter".to_owned())
}

/// The line starting at `from`, without its line end, and where the next one starts.
fn line(buf: &[u8], from: usize) -> Option<(&[u8], usize)> {
    let rest = buf.get(from..)?;
    let end = memchr::memchr(b'\n', rest)?;
    let text = &rest[..end];
    let text = text.strip_suffix(b"\r").unwrap_or(text);
    Some((text, from + end + 1))
}

/// A part's header lines up to the empty line: (lowercased name, value) and where the
/// part's body starts; `Ok(None)` when the empty line has not arrived yet.
#[allow(clippy::type_complexity)]
fn headers(buf: &[u8], mut at: usize) -> Result<Option<(Vec<(String, String)>, usize)>, String> {
    let mut out = Vec::new();
    loop {
        let Some((text, next)) = line(buf, at) else {
            return Ok(None);
        };
        at = next;
        if text.is_empty() {
            return Ok(Some((out, at)));
        }
        let text = std::str::from_utf8(text)
            .map_err(|_| "A multipart part header is not UTF-8".to_owned())?;
        let (name, value) = text
            .split_once(':')
            .ok_or_else(|| format!("`{text}` is not a multipart part header (`Name: value`)"))?;
        out.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
    }
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// What follows a delimiter (`--boundary`) at `at`: `Some(true)` for the closing one
/// (`--boundary--`), `Some(false)` for one that opens a part, with where the next line
/// starts; `None` when its line has not arrived yet.
fn after_delimiter(buf: &[u8], at: usize) -> Option<(bool, usize)> {
    let (rest, next) = line(buf, at)?;
    // Transport padding (spaces, tabs) may follow a delimiter.
    let closing = rest.starts_with(b"--");
    Some((closing, next))
}

/// Parses the head of a multipart upload from the first bytes of its body: `Ok(None)` if
/// more bytes are needed, else the head and the offset where the media starts.
pub(crate) fn parse_head(buf: &[u8], boundary: &str) -> Result<Option<(Head, usize)>, String> {
    let dash = format!("--{boundary}");
    let delimiter = format!("\n--{boundary}");
    // The first delimiter opens the body, or ends a preamble.
    let start = if buf.starts_with(dash.as_bytes()) {
        dash.len()
    } else {
        match memmem::find(buf, delimiter.as_bytes()) {
            Some(p) => p + delimiter.len(),
            None if buf.len() < dash.len() && dash.as_bytes().starts_with(buf) => return Ok(None),
            None => return Ok(None),
        }
    };
    let Some((closing, at)) = after_delimiter(buf, start) else {
        return Ok(None);
    };
    if closing {
        return Err("The multipart body has no parts".to_owned());
    }
    let Some((meta_headers, body_start)) = headers(buf, at)? else {
        return Ok(None);
    };
    if let Some(kind) = header(&meta_headers, "content-type") {
        let essence = kind.split(';').next().unwrap_or("").trim();
        if !essence.eq_ignore_ascii_case("application/json") {
            return Err(format!(
                "The first part of a multipart upload must be the JSON metadata \
                 (`Content-Type: application/json`), not `{essence}`"
            ));
        }
    }
    let Some(p) = memmem::find(&buf[body_start..], delimiter.as_bytes()) else {
        return Ok(None);
    };
    let end = body_start + p;
    let meta_end = if end > body_start && buf[end - 1] == b'\r' {
        end - 1
    } else {
        end
    };
    let metadata = buf[body_start..meta_end].to_vec();
    let Some((closing, at)) = after_delimiter(buf, end + delimiter.len()) else {
        return Ok(None);
    };
    if closing {
        return Err(
            "The multipart body has only the metadata part; the media part must follow it"
                .to_owned(),
        );
    }
    let Some((media_headers, media_start)) = headers(buf, at)? else {
        return Ok(None);
    };
    let head = Head {
        metadata,
        media_type: header(&media_headers, "content-type").map(str::to_owned),
        media_encoding: header(&media_headers, "content-transfer-encoding")
            .map(|e| e.to_ascii_lowercase()),
    };
    Ok(Some((head, media_start)))
}

/// What [`MediaScanner::feed`] found.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Scan<'a> {
    /// Media bytes (possibly none); the delimiter is not in sight yet.
    Media(&'a [u8]),
    /// The last media bytes; the delimiter after them was found.
    End(&'a [u8]),
}

/// Finds where the media part ends, chunk by chunk, passing the media bytes through.
#[derive(Debug)]
pub(crate) struct MediaScanner {
    delimiter: Vec<u8>,
    /// Bytes not yet handed out: at most a delimiter's length (plus a CR) of held-back
    /// tail, then the chunk being fed.
    pending: Vec<u8>,
    /// How many bytes at the front of `pending` the last call handed out.
    handed: usize,
    /// Where the delimiter starts in `pending`, once found.
    found: Option<usize>,
}

impl MediaScanner {
    pub(crate) fn new(boundary: &str) -> MediaScanner {
        MediaScanner {
            delimiter: format!("\n--{boundary}").into_bytes(),
            pending: Vec::new(),
            handed: 0,
            found: None,
        }
    }

    /// Feeds the next bytes of the body.
    pub(crate) fn feed(&mut self, data: &[u8]) -> Scan<'_> {
        self.pending.drain(..self.handed);
        if let Some(at) = &mut self.found {
            *at -= self.handed;
        }
        self.handed = 0;
        self.pending.extend_from_slice(data);
        if self.found.is_some() {
            return Scan::End(&[]);
        }
        match memmem::find(&self.pending, &self.delimiter) {
            Some(p) => {
                let end = if p > 0 && self.pending[p - 1] == b'\r' {
                    p - 1
                } else {
                    p
                };
                self.found = Some(p);
                self.handed = end;
                Scan::End(&self.pending[..end])
            }
            None => {
                // A delimiter may begin in the last bytes, after a CR that belongs to it.
                let safe = self.pending.len().saturating_sub(self.delimiter.len());
                self.handed = safe;
                Scan::Media(&self.pending[..safe])
            }
        }
    }

    /// Once the delimiter was found: `Some(Ok)` if it is the closing one, `Some(Err)` if
    /// another part follows, `None` if more bytes are needed to tell.
    pub(crate) fn closed(&self) -> Option<Result<(), String>> {
        let at = self.found? + self.delimiter.len();
        let rest = self.pending.get(at..)?;
        if rest.len() < 2 {
            return None;
        }
        if rest.starts_with(b"--") {
            Some(Ok(()))
        } else {
            Some(Err(
                "The multipart body has more than two parts (metadata, then media)".to_owned(),
            ))
        }
    }
}

/// Decodes `Content-Transfer-Encoding: base64` media as it streams (whitespace and line
/// breaks between groups are skipped, as MIME writes them).
#[derive(Debug, Default)]
pub(crate) struct Base64Stream {
    carry: Vec<u8>,
}

impl Base64Stream {
    /// Decodes what whole 4-character groups `data` completes; the rest waits.
    pub(crate) fn feed(&mut self, data: &[u8], out: &mut Vec<u8>) -> Result<(), String> {
        use base64::Engine as _;
        self.carry
            .extend(data.iter().copied().filter(|b| !b.is_ascii_whitespace()));
        let whole = self.carry.len() / 4 * 4;
        // Padding may only end the data: decode up to it only at the end.
        let upto = match memchr::memchr(b'=', &self.carry[..whole]) {
            Some(p) => p / 4 * 4,
            None => whole,
        };
        if upto > 0 {
            base64::engine::general_purpose::STANDARD
                .decode_vec(&self.carry[..upto], out)
                .map_err(|e| format!("The base64 media part does not decode: {e}"))?;
            self.carry.drain(..upto);
        }
        Ok(())
    }

    /// Decodes the rest at the end of the part.
    pub(crate) fn finish(mut self, out: &mut Vec<u8>) -> Result<(), String> {
        use base64::Engine as _;
        if self.carry.is_empty() {
            return Ok(());
        }
        base64::engine::general_purpose::STANDARD
            .decode_vec(std::mem::take(&mut self.carry), out)
            .map_err(|e| format!("The base64 media part does not decode: {e}"))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(eol: &str, media: &[u8]) -> Vec<u8> {
        let mut b = format!(
            "--XyZ{eol}Content-Type: application/json; charset=UTF-8{eol}{eol}\
             {{\"filename\": \"a.txt\"}}{eol}--XyZ{eol}Content-Type: text/plain{eol}{eol}"
        )
        .into_bytes();
        b.extend_from_slice(media);
        b.extend_from_slice(format!("{eol}--XyZ--{eol}").as_bytes());
        b
    }

    /// The whole parse, feeding `chunk` bytes at a time.
    fn parse(b: &[u8], chunk: usize) -> Result<(Head, Vec<u8>), String> {
        let mut at = 0;
        let (head, start) = loop {
            at = (at + chunk).min(b.len());
            if let Some(done) = parse_head(&b[..at], "XyZ")? {
                break done;
            }
            if at == b.len() {
                return Err("head incomplete".into());
            }
        };
        let mut scanner = MediaScanner::new("XyZ");
        let mut media = Vec::new();
        let mut rest = &b[start..];
        let mut ended = false;
        loop {
            let n = chunk.min(rest.len());
            let (now, later) = rest.split_at(n);
            rest = later;
            match scanner.feed(now) {
                Scan::Media(m) => media.extend_from_slice(m),
                Scan::End(m) => {
                    media.extend_from_slice(m);
                    ended = true;
                }
            }
            if ended && let Some(closed) = scanner.closed() {
                closed?;
                return Ok((head, media));
            }
            if rest.is_empty() {
                return Err("no closing delimiter".into());
            }
        }
    }

    #[test]
    fn reads_crlf_and_lf_bodies_in_any_chunking() {
        let media: Vec<u8> = (0..5000u32).map(|i| (i * 7 % 251) as u8).collect();
        for eol in ["\r\n", "\n"] {
            for chunk in [1, 2, 3, 7, 64, 4096, 1 << 20] {
                let (head, got) = parse(&body(eol, &media), chunk).unwrap();
                assert_eq!(
                    head.metadata, br#"{"filename": "a.txt"}"#,
                    "{eol:?} {chunk}"
                );
                assert_eq!(head.media_type.as_deref(), Some("text/plain"));
                assert_eq!(got, media, "{eol:?} {chunk}");
            }
        }
    }

    #[test]
    fn media_that_looks_like_a_delimiter_is_kept() {
        // CRs, LFs, dashes and most of the boundary inside the media are media.
        let media = b"\r\n--XyY\r\n--Xy\r\n-\r\r\n\n--X\n--".repeat(3);
        for chunk in [1, 5, 100] {
            let (_, got) = parse(&body("\r\n", &media), chunk).unwrap();
            assert_eq!(got, media, "{chunk}");
        }
        let (_, got) = parse(&body("\r\n", b""), 3).unwrap();
        assert!(got.is_empty());
        let (_, got) = parse(&body("\n", b"\r"), 1).unwrap();
        assert_eq!(got, b"");
    }

    #[test]
    fn refuses_bad_shapes() {
        assert!(parse_head(b"--XyZ--\r\n", "XyZ").is_err());
        let only_meta = b"--XyZ\r\nContent-Type: application/json\r\n\r\n{}\r\n--XyZ--\r\n";
        assert!(parse_head(only_meta, "XyZ").is_err());
        let not_json = b"--XyZ\r\nContent-Type: text/plain\r\n\r\n{}\r\n--XyZ\r\n\r\nx";
        assert!(parse_head(not_json, "XyZ").is_err());
        let bad_header = b"--XyZ\r\nno colon here\r\n\r\n";
        assert!(parse_head(bad_header, "XyZ").is_err());
        let mut three = body("\r\n", b"abc");
        three.truncate(three.len() - "--XyZ--\r\n".len());
        three.extend_from_slice(b"--XyZ\r\n\r\nmore\r\n--XyZ--\r\n");
        assert!(parse(&three, 4).is_err());
        // Missing bytes are not errors until the body ends.
        assert_eq!(parse_head(b"--Xy", "XyZ"), Ok(None));
        assert_eq!(parse_head(b"", "XyZ"), Ok(None));
    }

    #[test]
    fn boundary_parameter() {
        assert_eq!(boundary("multipart/related; boundary=abc").unwrap(), "abc");
        assert_eq!(
            boundary("Multipart/Related; type=\"application/json\"; boundary=\"a b\"").unwrap(),
            "a b"
        );
        assert!(boundary("multipart/form-data; boundary=abc").is_err());
        assert!(boundary("multipart/related").is_err());
        assert!(boundary(&format!("multipart/related; boundary={}", "x".repeat(71))).is_err());
    }

    #[test]
    fn base64_streams() {
        use base64::Engine as _;
        let data: Vec<u8> = (0..1000u32).map(|i| (i % 256) as u8).collect();
        let encoded = base64::engine::general_purpose::STANDARD.encode(&data);
        let wrapped: String = encoded
            .as_bytes()
            .chunks(76)
            .map(|c| format!("{}\r\n", std::str::from_utf8(c).unwrap()))
            .collect();
        for chunk in [1, 3, 5, 77, 4096] {
            let mut d = Base64Stream::default();
            let mut out = Vec::new();
            for piece in wrapped.as_bytes().chunks(chunk) {
                d.feed(piece, &mut out).unwrap();
            }
            d.finish(&mut out).unwrap();
            assert_eq!(out, data, "{chunk}");
        }
        let mut d = Base64Stream::default();
        let mut out = Vec::new();
        assert!(d.feed(b"!!!!", &mut out).is_err());
    }
}
