//! Emulator: the media endpoints through plain HTTP clients (hyper, HTTP/1.1 and h2c) on the
//! gRPC port: multipart, media and resumable uploads tied to `CreateMessage` and
//! `GetAttachment`, downloads with `Range`, the 200 MB cap, membership and authentication
//! rules, the media directory, and faults in the middle of bodies.

use std::net::SocketAddr;

use google_chat_grpc::emulator::{Emulator, EmulatorHandle, Fault, MEDIA_DOWNLOAD, MEDIA_UPLOAD};
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::rt::{TokioExecutor, TokioIo};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tonic::Code;

use crate::rest::{Rest, Version, s, team};

const KIB256: usize = 256 * 1024;

/// A response with its raw body; `body` holds what arrived before an error, if one broke it.
#[derive(Debug)]
struct Got {
    status: u16,
    headers: http::HeaderMap,
    body: Vec<u8>,
    broken: bool,
}

impl Got {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    #[track_caller]
    fn error_status(&self, http: u16) -> String {
        assert_eq!(self.status, http, "{}", String::from_utf8_lossy(&self.body));
        let json = self.json();
        assert_eq!(json["error"]["code"], http, "{json}");
        json["error"]["status"].as_str().unwrap_or("").to_owned()
    }
}

/// One request on a fresh connection; a failure to get a response is `Err`.
async fn request(
    addr: SocketAddr,
    version: Version,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Vec<u8>,
) -> Result<Got, String> {
    let stream = TcpStream::connect(addr).await.map_err(|e| e.to_string())?;
    let io = TokioIo::new(stream);
    let mut req = http::Request::builder()
        .method(method)
        .uri(format!("http://{addr}{path}"));
    if version == Version::Http1 {
        req = req.header("host", addr.to_string());
    }
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let req = req
        .body(Full::new(Bytes::from(body)))
        .map_err(|e| e.to_string())?;
    let response = match version {
        Version::Http1 => {
            let (mut sender, conn) = hyper::client::conn::http1::handshake(io)
                .await
                .map_err(|e| e.to_string())?;
            tokio::spawn(conn);
            sender.send_request(req).await.map_err(|e| e.to_string())?
        }
        Version::H2c => {
            let (mut sender, conn) =
                hyper::client::conn::http2::handshake(TokioExecutor::new(), io)
                    .await
                    .map_err(|e| e.to_string())?;
            tokio::spawn(conn);
            sender.send_request(req).await.map_err(|e| e.to_string())?
        }
    };
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let mut body = response.into_body();
    let mut bytes = Vec::new();
    let mut broken = false;
    while let Some(frame) = body.frame().await {
        match frame {
            Ok(f) => {
                if let Ok(d) = f.into_data() {
                    bytes.extend_from_slice(&d);
                }
            }
            Err(_) => {
                broken = true;
                break;
            }
        }
    }
    Ok(Got {
        status,
        headers,
        body: bytes,
        broken,
    })
}

async fn req(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Vec<u8>,
) -> Got {
    request(addr, Version::Http1, method, path, headers, body)
        .await
        .expect("a response")
}

/// Bytes that no boundary or delimiter search can be lucky with.
fn data(len: usize, seed: u32) -> Vec<u8> {
    let mut x = seed.wrapping_mul(2_654_435_761).max(1);
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            (x >> 24) as u8
        })
        .collect()
}

fn multipart_body(boundary: &str, metadata: &str, media_type: &str, media: &[u8]) -> Vec<u8> {
    let mut b = format!(
        "--{boundary}\r\nContent-Type: application/json; charset=UTF-8\r\n\r\n{metadata}\r\n\
         --{boundary}\r\nContent-Type: {media_type}\r\n\r\n"
    )
    .into_bytes();
    b.extend_from_slice(media);
    b.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    b
}

/// A SPACE of users 1, 2 and 3 (user 1 manages it) with the Chat app in it.
async fn space(emu: &EmulatorHandle) -> String {
    let u1 = Rest::new(emu.addr(), "user:1");
    let space = team(&u1, "Files").await;
    u1.post(
        &format!("/v1/{space}/members"),
        r#"{"member": {"name": "users/app", "type": "BOT"}}"#,
    )
    .await
    .ok();
    space
}

/// A multipart upload as `token`; the answer.
async fn upload_multipart(
    addr: SocketAddr,
    version: Version,
    token: &str,
    space: &str,
    filename: &str,
    media_type: &str,
    media: &[u8],
) -> Got {
    let boundary = "==boundary-7f3a==";
    let body = multipart_body(
        boundary,
        &format!(r#"{{"filename": "{filename}"}}"#),
        media_type,
        media,
    );
    let content_type = format!("multipart/related; boundary=\"{boundary}\"");
    let auth = format!("Bearer {token}");
    request(
        addr,
        version,
        "POST",
        &format!("/upload/v1/{space}/attachments:upload?uploadType=multipart"),
        &[("authorization", &auth), ("content-type", &content_type)],
        body,
    )
    .await
    .expect("a response")
}

fn upload_token(got: &Got) -> String {
    assert_eq!(got.status, 200, "{}", String::from_utf8_lossy(&got.body));
    let json = got.json();
    json["attachmentDataRef"]["attachmentUploadToken"]
        .as_str()
        .unwrap_or_else(|| panic!("no upload token in {json}"))
        .to_owned()
}

/// Posts a message carrying the upload and returns the attachment as `GetAttachment` (app
/// authentication) shows it.
async fn post_and_get_attachment(emu: &EmulatorHandle, space: &str, token: &str) -> Value {
    let u1 = Rest::new(emu.addr(), "user:1");
    let body = format!(
        r#"{{"text": "the file", "attachment": [{{"attachmentDataRef": {{"attachmentUploadToken": "{token}"}}}}]}}"#
    );
    let message = u1.post(&format!("/v1/{space}/messages"), &body).await.ok();
    let name = s(&message["attachment"][0], "name");
    Rest::new(emu.addr(), "app")
        .get(&format!("/v1/{name}"))
        .await
        .ok()
}

fn resource_name(attachment: &Value) -> String {
    s(&attachment["attachmentDataRef"], "resourceName")
}

async fn download(
    addr: SocketAddr,
    version: Version,
    token: &str,
    resource: &str,
    range: Option<&str>,
) -> Got {
    let auth = format!("Bearer {token}");
    let mut headers = vec![("authorization", auth.as_str())];
    if let Some(r) = range {
        headers.push(("range", r));
    }
    request(
        addr,
        version,
        "GET",
        &format!("/v1/media/{resource}?alt=media"),
        &headers,
        Vec::new(),
    )
    .await
    .expect("a response")
}

#[tokio::test]
async fn multipart_upload_posts_and_downloads_the_exact_bytes_over_http1_and_h2c() {
    let emu = Emulator::builder().start().await.unwrap();
    let addr = emu.addr();
    let space = space(&emu).await;
    for (i, version) in [Version::Http1, Version::H2c].into_iter().enumerate() {
        let bytes = data(3 * 1024 * 1024 + 17, i as u32 + 1);
        let got = upload_multipart(
            addr,
            version,
            "user:1",
            &space,
            "pic.png",
            "image/png",
            &bytes,
        )
        .await;
        let token = upload_token(&got);
        let attachment = post_and_get_attachment(&emu, &space, &token).await;
        assert_eq!(s(&attachment, "contentName"), "pic.png");
        assert_eq!(s(&attachment, "contentType"), "image/png");
        let resource = resource_name(&attachment);
        // Another member downloads it: the bytes, their type and length.
        let got = download(addr, version, "user:2", &resource, None).await;
        assert_eq!(got.status, 200);
        assert_eq!(got.header("content-type"), Some("image/png"));
        assert_eq!(
            got.header("content-length"),
            Some(bytes.len().to_string().as_str())
        );
        assert!(!got.broken);
        assert!(
            got.body == bytes,
            "the downloaded bytes differ ({} bytes)",
            got.body.len()
        );
        // The Chat app, a member too, may download; the download form of the path works.
        let auth = "Bearer app";
        let got = req(
            addr,
            "GET",
            &format!("/download/v1/media/{resource}?alt=media"),
            &[("authorization", auth)],
            Vec::new(),
        )
        .await;
        assert!(got.status == 200 && got.body == bytes);
        // Without alt=media: the Media resource.
        let got = req(
            addr,
            "GET",
            &format!("/v1/media/{resource}"),
            &[("authorization", "Bearer user:3")],
            Vec::new(),
        )
        .await;
        assert_eq!(got.status, 200);
        assert_eq!(got.json()["resourceName"], resource.as_str());
    }
}

#[tokio::test]
async fn multipart_bodies_with_bare_lf_and_bad_shapes() {
    let emu = Emulator::builder().start().await.unwrap();
    let addr = emu.addr();
    let space = space(&emu).await;
    let path = format!("/upload/v1/{space}/attachments:upload?uploadType=multipart");
    // Python's email package writes LF line ends.
    let bytes = data(70_000, 9);
    let mut body = b"--b1\nContent-Type: application/json\n\n{\"filename\": \"notes.txt\"}\n--b1\nContent-Type: text/plain\n\n".to_vec();
    body.extend_from_slice(&bytes);
    body.extend_from_slice(b"\n--b1--\n");
    let got = req(
        addr,
        "POST",
        &path,
        &[
            ("authorization", "Bearer user:1"),
            ("content-type", "multipart/related; boundary=b1"),
        ],
        body,
    )
    .await;
    let token = upload_token(&got);
    let resource = resource_name(&post_and_get_attachment(&emu, &space, &token).await);
    let got = download(addr, Version::Http1, "user:1", &resource, None).await;
    assert!(got.body == bytes);
    assert_eq!(got.header("content-type"), Some("text/plain"));
    // Only the metadata; no closing boundary; not multipart/related; no file name.
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "multipart/related; boundary=b1",
            b"--b1\r\nContent-Type: application/json\r\n\r\n{\"filename\": \"a\"}\r\n--b1--\r\n".to_vec(),
        ),
        (
            "multipart/related; boundary=b1",
            b"--b1\r\nContent-Type: application/json\r\n\r\n{\"filename\": \"a\"}\r\n--b1\r\n\r\nno end".to_vec(),
        ),
        ("multipart/form-data; boundary=b1", multipart_body("b1", "{}", "text/plain", b"x")),
        ("multipart/related; boundary=b1", multipart_body("b1", "{}", "text/plain", b"x")),
        (
            "multipart/related; boundary=b1",
            multipart_body("b1", r#"{"filename": "a", "nope": 1}"#, "text/plain", b"x"),
        ),
    ];
    for (content_type, body) in cases {
        let got = req(
            addr,
            "POST",
            &path,
            &[
                ("authorization", "Bearer user:1"),
                ("content-type", content_type),
            ],
            body,
        )
        .await;
        assert_eq!(got.error_status(400), "INVALID_ARGUMENT", "{content_type}");
    }
}

#[tokio::test]
async fn media_upload_takes_its_file_name_from_the_query() {
    let emu = Emulator::builder().start().await.unwrap();
    let addr = emu.addr();
    let space = space(&emu).await;
    let bytes = data(5000, 3);
    let got = req(
        addr,
        "POST",
        &format!("/upload/v1/{space}/attachments:upload?uploadType=media&filename=report.pdf"),
        &[
            ("authorization", "Bearer user:1"),
            ("content-type", "application/pdf"),
        ],
        bytes.clone(),
    )
    .await;
    let token = upload_token(&got);
    let attachment = post_and_get_attachment(&emu, &space, &token).await;
    assert_eq!(s(&attachment, "contentName"), "report.pdf");
    let got = download(
        addr,
        Version::Http1,
        "user:1",
        &resource_name(&attachment),
        None,
    )
    .await;
    assert!(got.body == bytes);
    assert_eq!(got.header("content-type"), Some("application/pdf"));
    // Chat requires a file name, and this protocol has no metadata to carry one.
    let got = req(
        addr,
        "POST",
        &format!("/upload/v1/{space}/attachments:upload?uploadType=media"),
        &[("authorization", "Bearer user:1")],
        bytes.clone(),
    )
    .await;
    assert_eq!(got.error_status(400), "INVALID_ARGUMENT");
    // No uploadType at all, or an unknown one.
    for q in ["", "?uploadType=chunked"] {
        let got = req(
            addr,
            "POST",
            &format!("/upload/v1/{space}/attachments:upload{q}"),
            &[("authorization", "Bearer user:1")],
            bytes.clone(),
        )
        .await;
        assert_eq!(got.error_status(400), "INVALID_ARGUMENT", "{q}");
    }
}

/// A resumable session for `filename` of `total` bytes (if given): its session path.
async fn start_session(addr: SocketAddr, token: &str, space: &str, total: Option<usize>) -> String {
    let auth = format!("Bearer {token}");
    let total = total.map(|t| t.to_string());
    let mut headers = vec![
        ("authorization", auth.as_str()),
        ("content-type", "application/json; charset=UTF-8"),
        ("x-upload-content-type", "application/octet-stream"),
    ];
    if let Some(t) = &total {
        headers.push(("x-upload-content-length", t));
    }
    let got = req(
        addr,
        "POST",
        &format!("/resumable/upload/v1/{space}/attachments:upload?uploadType=resumable"),
        &headers,
        br#"{"filename": "data.bin"}"#.to_vec(),
    )
    .await;
    assert_eq!(got.status, 200, "{}", String::from_utf8_lossy(&got.body));
    let location = got.header("location").expect("Location").to_owned();
    let prefix = format!("http://{addr}");
    assert!(location.starts_with(&prefix), "{location}");
    assert!(location.contains("upload_id="), "{location}");
    location[prefix.len()..].to_owned()
}

async fn put(addr: SocketAddr, session: &str, range: &str, body: &[u8]) -> Got {
    req(
        addr,
        "PUT",
        session,
        &[("content-range", range)],
        body.to_vec(),
    )
    .await
}

#[track_caller]
fn committed(got: &Got) -> Option<String> {
    assert_eq!(got.status, 308, "{}", String::from_utf8_lossy(&got.body));
    got.header("range").map(str::to_owned)
}

#[tokio::test]
async fn resumable_upload_in_chunks_resumes_after_a_failed_chunk() {
    let emu = Emulator::builder().start().await.unwrap();
    let addr = emu.addr();
    let space = space(&emu).await;
    let total = 3 * KIB256 + 1000;
    let bytes = data(total, 5);
    let session = start_session(addr, "user:1", &space, Some(total)).await;
    let all = format!("bytes */{total}");
    let chunk = |a: usize, b: usize| format!("bytes {a}-{b}/{total}");
    // Nothing committed yet: 308 without Range.
    assert_eq!(committed(&put(addr, &session, &all, b"").await), None);
    // The next upload request passes, the one after fails.
    emu.faults()
        .inject(Fault::fail(MEDIA_UPLOAD, Code::Unavailable).skip(1));
    let got = put(addr, &session, &chunk(0, KIB256 - 1), &bytes[..KIB256]).await;
    assert_eq!(committed(&got).as_deref(), Some("bytes=0-262143"));
    let got = put(
        addr,
        &session,
        &chunk(KIB256, 2 * KIB256 - 1),
        &bytes[KIB256..2 * KIB256],
    )
    .await;
    assert_eq!(got.error_status(503), "UNAVAILABLE");
    // Ask where the upload stands, and resume from there.
    let got = put(addr, &session, &all, b"").await;
    assert_eq!(committed(&got).as_deref(), Some("bytes=0-262143"));
    let got = put(
        addr,
        &session,
        &chunk(KIB256, 2 * KIB256 - 1),
        &bytes[KIB256..2 * KIB256],
    )
    .await;
    assert_eq!(committed(&got).as_deref(), Some("bytes=0-524287"));
    // A chunk overlapping committed bytes: those are skipped.
    let got = put(
        addr,
        &session,
        &chunk(KIB256, 3 * KIB256 - 1),
        &bytes[KIB256..3 * KIB256],
    )
    .await;
    assert_eq!(committed(&got).as_deref(), Some("bytes=0-786431"));
    // A gap is refused and commits nothing.
    let got = put(
        addr,
        &session,
        &chunk(3 * KIB256 + 1, total - 1),
        &bytes[3 * KIB256 + 1..],
    )
    .await;
    assert_eq!(got.error_status(400), "INVALID_ARGUMENT");
    // The last chunk completes it.
    let got = put(
        addr,
        &session,
        &chunk(3 * KIB256, total - 1),
        &bytes[3 * KIB256..],
    )
    .await;
    let token = upload_token(&got);
    // Asking again gives the same answer.
    let again = put(addr, &session, &all, b"").await;
    assert_eq!(upload_token(&again), token);
    let attachment = post_and_get_attachment(&emu, &space, &token).await;
    assert_eq!(s(&attachment, "contentName"), "data.bin");
    let got = download(
        addr,
        Version::Http1,
        "user:2",
        &resource_name(&attachment),
        None,
    )
    .await;
    assert_eq!(got.header("content-type"), Some("application/octet-stream"));
    assert!(got.body == bytes, "{} of {total} bytes", got.body.len());
    emu.shutdown().await;
}

#[tokio::test]
async fn resumable_upload_of_unknown_size_and_chunk_rules() {
    let emu = Emulator::builder().start().await.unwrap();
    let addr = emu.addr();
    let space = space(&emu).await;
    let bytes = data(KIB256 + 10, 6);
    let session = start_session(addr, "user:1", &space, None).await;
    // A middle chunk (the total is unknown) must be a multiple of 256 KiB.
    let got = put(addr, &session, "bytes 0-99999/*", &bytes[..100_000]).await;
    assert_eq!(got.error_status(400), "INVALID_ARGUMENT");
    assert_eq!(
        committed(&put(addr, &session, "bytes */*", b"").await),
        None
    );
    let got = put(addr, &session, "bytes 0-262143/*", &bytes[..KIB256]).await;
    assert_eq!(committed(&got).as_deref(), Some("bytes=0-262143"));
    // The last chunk names the total; a short body for its range is refused.
    let last = format!("bytes {KIB256}-{}/{}", bytes.len() - 1, bytes.len());
    let got = put(addr, &session, &last, &bytes[KIB256..]).await;
    let token = upload_token(&got);
    let resource = resource_name(&post_and_get_attachment(&emu, &space, &token).await);
    assert!(
        download(addr, Version::Http1, "user:1", &resource, None)
            .await
            .body
            == bytes
    );
    // An unknown session, and a cancelled one.
    let got = put(
        addr,
        &format!("/upload/v1/{space}/attachments:upload?uploadType=resumable&upload_id=nope"),
        "bytes */*",
        b"",
    )
    .await;
    assert_eq!(got.error_status(404), "NOT_FOUND");
    let session = start_session(addr, "user:1", &space, Some(10)).await;
    let got = req(addr, "DELETE", &session, &[], Vec::new()).await;
    assert_eq!(got.error_status(499), "CANCELLED");
    assert_eq!(
        put(addr, &session, "bytes */10", b"")
            .await
            .error_status(404),
        "NOT_FOUND"
    );
}

#[tokio::test]
async fn a_dropped_chunk_keeps_the_bytes_that_arrived() {
    let emu = Emulator::builder().start().await.unwrap();
    let addr = emu.addr();
    let space = space(&emu).await;
    let total = 2 * KIB256 + 5;
    let bytes = data(total, 7);
    let session = start_session(addr, "user:1", &space, Some(total)).await;
    emu.faults()
        .inject(Fault::drop_connection(MEDIA_UPLOAD).after_bytes(100_000));
    // The connection breaks in the middle of the chunk: no answer (or not a 308).
    let broken = request(
        addr,
        Version::Http1,
        "PUT",
        &session,
        &[(
            "content-range",
            &format!("bytes 0-{}/{total}", 2 * KIB256 - 1),
        )],
        bytes[..2 * KIB256].to_vec(),
    )
    .await;
    assert!(
        broken.is_err() || broken.as_ref().is_ok_and(|g| g.status != 308),
        "{broken:?}"
    );
    let got = put(addr, &session, &format!("bytes */{total}"), b"").await;
    assert_eq!(committed(&got).as_deref(), Some("bytes=0-99999"));
    // Resume from the committed offset with the rest as the last chunk.
    let got = put(
        addr,
        &session,
        &format!("bytes 100000-{}/{total}", total - 1),
        &bytes[100_000..],
    )
    .await;
    let token = upload_token(&got);
    let resource = resource_name(&post_and_get_attachment(&emu, &space, &token).await);
    assert!(
        download(addr, Version::Http1, "user:1", &resource, None)
            .await
            .body
            == bytes
    );
}

#[tokio::test]
async fn sizes_over_200_mb_are_refused_before_the_body_is_sent() {
    let emu = Emulator::builder().start().await.unwrap();
    let addr = emu.addr();
    let space = space(&emu).await;
    let over = 209_715_200u64 + 1;
    // Headers only: the answer comes without a byte of the body.
    for (query, content_type, declared) in [
        (
            "uploadType=media&filename=big.bin",
            "application/octet-stream",
            over,
        ),
        (
            "uploadType=multipart",
            "multipart/related; boundary=x",
            over + 64 * 1024,
        ),
    ] {
        let mut tcp = TcpStream::connect(addr).await.unwrap();
        let head = format!(
            "POST /upload/v1/{space}/attachments:upload?{query} HTTP/1.1\r\nHost: {addr}\r\n\
             Authorization: Bearer user:1\r\nContent-Type: {content_type}\r\n\
             Content-Length: {declared}\r\n\r\n"
        );
        tcp.write_all(head.as_bytes()).await.unwrap();
        let mut answer = vec![0; 4096];
        let n = tcp.read(&mut answer).await.unwrap();
        let answer = String::from_utf8_lossy(&answer[..n]);
        assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
        assert!(answer.contains("\"code\": 413"), "{answer}");
    }
    // A resumable session that announces too much, and a chunk past the cap.
    let got = req(
        addr,
        "POST",
        &format!("/upload/v1/{space}/attachments:upload?uploadType=resumable"),
        &[
            ("authorization", "Bearer user:1"),
            ("x-upload-content-length", &over.to_string()),
        ],
        br#"{"filename": "big.bin"}"#.to_vec(),
    )
    .await;
    assert_eq!(got.status, 413, "{}", String::from_utf8_lossy(&got.body));
    let session = start_session(addr, "user:1", &space, None).await;
    let got = put(addr, &session, &format!("bytes */{over}"), b"").await;
    assert_eq!(got.status, 413);
    // Exactly the cap is allowed to start.
    let at_cap = req(
        addr,
        "POST",
        &format!("/upload/v1/{space}/attachments:upload?uploadType=resumable"),
        &[
            ("authorization", "Bearer user:1"),
            ("x-upload-content-length", "209715200"),
        ],
        br#"{"filename": "big.bin"}"#.to_vec(),
    )
    .await;
    assert_eq!(at_cap.status, 200);
}

#[tokio::test]
async fn only_members_upload_with_user_authentication_and_download() {
    let emu = Emulator::builder().start().await.unwrap();
    let addr = emu.addr();
    let space = space(&emu).await;
    let bytes = data(1000, 8);
    // Not a member; a Chat app (user authentication only); a token without the scopes.
    for (token, status) in [
        ("user:9", "PERMISSION_DENIED"),
        ("app", "PERMISSION_DENIED"),
        ("user:1;scopes=chat.spaces", "PERMISSION_DENIED"),
    ] {
        let got = upload_multipart(
            addr,
            Version::Http1,
            token,
            &space,
            "a.txt",
            "text/plain",
            &bytes,
        )
        .await;
        assert_eq!(got.error_status(403), status, "{token}");
    }
    let got = upload_multipart(
        addr,
        Version::Http1,
        "nobody",
        &space,
        "a.txt",
        "text/plain",
        &bytes,
    )
    .await;
    assert_eq!(got.error_status(401), "UNAUTHENTICATED");
    let got = upload_multipart(
        addr,
        Version::Http1,
        "user:1",
        "spaces/missing",
        "a.txt",
        "text/plain",
        &bytes,
    )
    .await;
    assert_eq!(got.error_status(404), "NOT_FOUND");
    let token = upload_token(
        &upload_multipart(
            addr,
            Version::Http1,
            "user:1",
            &space,
            "a.txt",
            "text/plain",
            &bytes,
        )
        .await,
    );
    let resource = resource_name(&post_and_get_attachment(&emu, &space, &token).await);
    // Readers download; others do not.
    assert_eq!(
        download(addr, Version::Http1, "user:3", &resource, None)
            .await
            .status,
        200
    );
    let got = download(addr, Version::H2c, "user:9", &resource, None).await;
    assert_eq!(got.error_status(403), "PERMISSION_DENIED");
    let got = download(addr, Version::Http1, "app:other", &resource, None).await;
    assert_eq!(got.error_status(403), "PERMISSION_DENIED");
    let got = download(
        addr,
        Version::Http1,
        "user:3;scopes=chat.spaces",
        &resource,
        None,
    )
    .await;
    assert_eq!(got.error_status(403), "PERMISSION_DENIED");
    let got = download(
        addr,
        Version::Http1,
        "user:1",
        &format!("{space}/messages/x/attachments/y/media"),
        None,
    )
    .await;
    assert_eq!(got.error_status(404), "NOT_FOUND");
}

#[tokio::test]
async fn range_downloads_give_the_exact_slice() {
    let emu = Emulator::builder().start().await.unwrap();
    let addr = emu.addr();
    let space = space(&emu).await;
    let bytes = data(500_000, 10);
    let token = upload_token(
        &upload_multipart(
            addr,
            Version::Http1,
            "user:1",
            &space,
            "b.bin",
            "application/octet-stream",
            &bytes,
        )
        .await,
    );
    let resource = resource_name(&post_and_get_attachment(&emu, &space, &token).await);
    for version in [Version::Http1, Version::H2c] {
        let got = download(
            addr,
            version,
            "user:1",
            &resource,
            Some("bytes=1000-199999"),
        )
        .await;
        assert_eq!(got.status, 206);
        assert_eq!(
            got.header("content-range"),
            Some("bytes 1000-199999/500000")
        );
        assert_eq!(got.header("content-length"), Some("199000"));
        assert!(got.body == bytes[1000..200_000]);
        let got = download(addr, version, "user:1", &resource, Some("bytes=499990-")).await;
        assert_eq!(got.status, 206);
        assert_eq!(got.body, bytes[499_990..]);
        let got = download(addr, version, "user:1", &resource, Some("bytes=-10")).await;
        assert_eq!(got.body, bytes[499_990..]);
        let got = download(addr, version, "user:1", &resource, Some("bytes=500000-")).await;
        assert_eq!(got.error_status(416), "OUT_OF_RANGE");
        assert_eq!(got.header("content-range"), Some("bytes */500000"));
    }
}

#[tokio::test]
async fn a_dropped_download_resumes_with_a_range() {
    let emu = Emulator::builder().start().await.unwrap();
    let addr = emu.addr();
    let space = space(&emu).await;
    let bytes = data(2 * 1024 * 1024, 11);
    let token = upload_token(
        &upload_multipart(
            addr,
            Version::Http1,
            "user:1",
            &space,
            "c.bin",
            "application/octet-stream",
            &bytes,
        )
        .await,
    );
    let resource = resource_name(&post_and_get_attachment(&emu, &space, &token).await);
    for version in [Version::Http1, Version::H2c] {
        emu.faults()
            .inject(Fault::drop_connection(MEDIA_DOWNLOAD).after_bytes(300_000));
        let first = download(addr, version, "user:1", &resource, None).await;
        assert_eq!(first.status, 200);
        assert!(first.broken, "the body was not cut");
        assert!(first.body.len() <= 300_000, "{}", first.body.len());
        assert!(first.body[..] == bytes[..first.body.len()]);
        let range = format!("bytes={}-", first.body.len());
        let rest = download(addr, version, "user:1", &resource, Some(&range)).await;
        assert_eq!(rest.status, 206);
        let mut whole = first.body.clone();
        whole.extend_from_slice(&rest.body);
        assert!(whole == bytes, "{} of {} bytes", whole.len(), bytes.len());
    }
}

#[tokio::test]
async fn a_media_dir_keeps_the_bytes_on_disk() {
    let dir = std::env::temp_dir().join(format!("chat-emulator-media-{}", uuid::Uuid::new_v4()));
    let emu = Emulator::builder().media_dir(&dir).start().await.unwrap();
    let addr = emu.addr();
    let space = space(&emu).await;
    let bytes = data(1_500_000, 12);
    let token = upload_token(
        &upload_multipart(
            addr,
            Version::Http1,
            "user:1",
            &space,
            "d.bin",
            "application/octet-stream",
            &bytes,
        )
        .await,
    );
    let files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap())
        .collect();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].metadata().unwrap().len(), bytes.len() as u64);
    assert!(std::fs::read(files[0].path()).unwrap() == bytes);
    let resource = resource_name(&post_and_get_attachment(&emu, &space, &token).await);
    let got = download(
        addr,
        Version::Http1,
        "user:2",
        &resource,
        Some("bytes=100-"),
    )
    .await;
    assert!(got.body == bytes[100..]);
    // A resumable session has its own file, filled as chunks arrive.
    let session = start_session(addr, "user:1", &space, Some(KIB256 + 1)).await;
    let got = put(
        addr,
        &session,
        &format!("bytes 0-{}/{}", KIB256 - 1, KIB256 + 1),
        &bytes[..KIB256],
    )
    .await;
    assert_eq!(committed(&got).as_deref(), Some("bytes=0-262143"));
    let sizes: Vec<u64> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len())
        .collect();
    assert_eq!(sizes.len(), 2);
    assert!(sizes.contains(&(KIB256 as u64)), "{sizes:?}");
    emu.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_grpc_upload_without_bytes_downloads_as_zero_bytes() {
    let emu = Emulator::builder().start().await.unwrap();
    let addr = emu.addr();
    let space = space(&emu).await;
    let u1 = Rest::new(addr, "user:1");
    let got = u1
        .post(
            &format!("/v1/{space}/attachments:upload"),
            r#"{"filename": "e.txt"}"#,
        )
        .await
        .ok();
    let token = s(&got["attachmentDataRef"], "attachmentUploadToken");
    let attachment = post_and_get_attachment(&emu, &space, &token).await;
    assert_eq!(s(&attachment, "contentType"), "text/plain");
    let got = download(
        addr,
        Version::Http1,
        "user:1",
        &resource_name(&attachment),
        None,
    )
    .await;
    assert_eq!(got.status, 200);
    assert!(got.body.is_empty());
}
