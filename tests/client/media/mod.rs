//! Attachment uploads and downloads (`google_chat_grpc::media`) on the wire: against a
//! scripted server of Google's media protocol (`server.rs`), for what the protocol allows
//! and the emulator does not do (a session that commits short, a foreign session URI, any
//! error body), and against the emulator (`emulator.rs`) for the round trips with the API.

mod server;

#[cfg(feature = "emulator")]
mod emulator;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use google_chat_grpc::auth::Credentials;
use google_chat_grpc::media::{MAX_UPLOAD_SIZE, Progress, UploadBody};
use google_chat_grpc::retry::{DefaultRetryPolicy, ExponentialBackoff};
use google_chat_grpc::{ChatClient, ClientBuilder, ErrorKind};
use prost::bytes::Bytes;
use server::{Action, GRANULE, Kind, MediaServer, content_range};
use tonic::Code;

const MIB: usize = 1 << 20;

/// Bytes that differ from one offset to the next, so a misplaced chunk shows.
pub fn pattern(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 31 + i / 977) as u8).collect()
}

fn builder(server: &MediaServer) -> ClientBuilder {
    ChatClient::builder()
        .endpoint(server.endpoint())
        .insecure_allow_plaintext()
        .credentials(Credentials::static_token("user:alice@example.com"))
        .backoff(ExponentialBackoff::new(
            Duration::from_millis(1),
            1.0,
            Duration::from_millis(2),
        ))
}

async fn client(server: &MediaServer) -> ChatClient {
    builder(server).build().await.unwrap()
}

/// A file under the temp dir, removed on drop.
struct TempFile(std::path::PathBuf);

impl TempFile {
    fn new(bytes: &[u8]) -> Self {
        let path = std::env::temp_dir().join(format!("chat-media-{}", uuid::Uuid::new_v4()));
        std::fs::write(&path, bytes).unwrap();
        Self(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[tokio::test]
async fn a_multipart_upload_carries_the_metadata_the_bytes_and_the_clients_headers() {
    let server = MediaServer::start().await;
    let client = builder(&server)
        .quota_project("billing-project")
        .user_agent_suffix("my-app/1.2")
        .build()
        .await
        .unwrap();
    let data = pattern(100_000);
    let answer = client
        .upload_attachment("spaces/S")
        .set_filename("notes \"v2\".txt")
        .body(data.clone())
        .content_type("text/plain")
        .send()
        .await
        .unwrap();
    let data_ref = answer.attachment_data_ref.unwrap();
    assert_eq!(data_ref.resource_name, "spaces/S/attachments/up0");
    assert_eq!(data_ref.attachment_upload_token, "token-0");

    let uploads = server.uploads();
    assert_eq!(uploads.len(), 1);
    assert_eq!(uploads[0].filename, "notes \"v2\".txt", "JSON-escaped");
    assert_eq!(uploads[0].content_type, "text/plain");
    assert_eq!(uploads[0].bytes, data);

    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    let request = &seen[0];
    assert_eq!(request.kind, Kind::Multipart);
    assert_eq!(
        request.uri,
        "/upload/v1/spaces/S/attachments:upload?uploadType=multipart"
    );
    assert!(
        request
            .header("content-type")
            .unwrap()
            .starts_with("multipart/related; boundary=")
    );
    assert_eq!(
        request.header("content-length").unwrap(),
        request.body_len.to_string()
    );
    assert_eq!(
        request.header("authorization"),
        Some("Bearer user:alice@example.com")
    );
    assert_eq!(
        request.header("x-goog-user-project"),
        Some("billing-project")
    );
    let api_client = request.header("x-goog-api-client").unwrap();
    assert!(api_client.starts_with("gl-rust/"), "{api_client}");
    assert!(
        api_client.contains(&format!(" gccl/{} ", env!("CARGO_PKG_VERSION"))),
        "{api_client}"
    );
    assert_eq!(
        request.header("user-agent").unwrap(),
        format!("google-chat-grpc/{} my-app/1.2", env!("CARGO_PKG_VERSION"))
    );
}

/// The sources an upload can read from, each holding `data`.
async fn sources(data: &[u8], file: &TempFile) -> Vec<(&'static str, UploadBody)> {
    let pieces: Vec<Result<Bytes, std::io::Error>> = data
        .chunks(70_001)
        .map(|c| Ok(Bytes::copy_from_slice(c)))
        .collect();
    vec![
        ("bytes", UploadBody::from(data.to_vec())),
        ("file", UploadBody::from_path(&file.0)),
        (
            "reader",
            UploadBody::from_reader(std::io::Cursor::new(data.to_vec())),
        ),
        (
            "stream",
            UploadBody::from_stream(tokio_stream::iter(pieces)),
        ),
    ]
}

/// A connection cut in the middle of the second chunk: the client asks the session what it
/// committed and goes on from there, for every kind of source (a reader or a stream resends
/// the uncommitted tail it kept).
#[tokio::test]
async fn a_resumable_upload_cut_mid_chunk_resumes_from_the_committed_offset() {
    let data = pattern(3 * MIB + 12_345);
    let file = TempFile::new(&data);
    for (what, body) in sources(&data, &file).await {
        let server = MediaServer::start().await;
        let client = client(&server).await;
        server.fault_nth(Kind::Chunk, 1, Action::Cut { after: 300_000 });
        let progress = Arc::new(Mutex::new(Vec::<Progress>::new()));
        let log = progress.clone();
        let answer = client
            .upload_attachment("spaces/S")
            .set_filename("big.bin")
            .body(body)
            .content_type("application/zip")
            .multipart_threshold(0)
            .chunk_size(MIB as u64)
            .on_progress(move |p| log.lock().unwrap().push(*p))
            .send()
            .await
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        assert!(answer.attachment_data_ref.is_some());
        let uploads = server.uploads();
        assert_eq!(uploads.len(), 1, "{what}");
        assert!(uploads[0].bytes == data, "{what}: the bytes arrived intact");
        assert_eq!(uploads[0].content_type, "application/zip");

        let seen = server.seen();
        let kinds: Vec<Kind> = seen.iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds,
            [
                Kind::Start,
                Kind::Chunk,
                Kind::Chunk, // cut after 300,000 bytes: 256 KiB of it committed
                Kind::Query,
                Kind::Chunk, // from 1 MiB + 256 KiB
                Kind::Chunk, // the last, shorter
            ],
            "{what}"
        );
        assert_eq!(seen[3].method, http::Method::PUT);
        let start = &seen[0];
        assert_eq!(
            start.header("x-upload-content-type"),
            Some("application/zip")
        );
        let declared = start.header("x-upload-content-length");
        match what {
            "bytes" | "file" => assert_eq!(declared, Some(data.len().to_string().as_str())),
            _ => assert_eq!(declared, None, "{what}: size unknown"),
        }
        // After the query, the next chunk starts at the committed offset, not at zero.
        let resumed = content_range(&seen[4].headers).unwrap().0.unwrap();
        assert_eq!(resumed.0 as usize, MIB + GRANULE, "{what}");
        let chunk_bytes: usize = seen
            .iter()
            .filter(|s| s.kind == Kind::Chunk)
            .map(|s| s.body_len)
            .sum();
        assert_eq!(
            chunk_bytes,
            data.len() + 300_000 - GRANULE,
            "{what}: only the uncommitted part was sent again"
        );
        assert_eq!(
            seen[3].header("content-range").unwrap(),
            match what {
                "bytes" | "file" => format!("bytes */{}", data.len()),
                _ => "bytes */*".to_owned(),
            }
        );

        let progress = progress.lock().unwrap();
        let done: Vec<u64> = progress.iter().map(|p| p.transferred).collect();
        assert!(done.windows(2).all(|w| w[0] <= w[1]), "{what}: {done:?}");
        let last = progress.last().unwrap();
        assert_eq!(last.transferred, data.len() as u64);
        assert_eq!(last.total, Some(data.len() as u64));
        assert_eq!(last.retries, 1, "{what}");
    }
}

/// A session may commit less than a chunk: the next chunk starts where it stopped.
#[tokio::test]
async fn a_chunk_committed_short_is_sent_on_from_where_the_session_stopped() {
    let server = MediaServer::start().await;
    let client = client(&server).await;
    server.fault(Kind::Chunk, Action::CommitOnly(100_000));
    let data = pattern(2 * MIB + 5);
    let stream = tokio_stream::iter(
        data.chunks(4096)
            .map(|c| Ok::<_, std::io::Error>(c.to_vec()))
            .collect::<Vec<_>>(),
    );
    client
        .upload_attachment("spaces/S")
        .set_filename("s.bin")
        .body(UploadBody::from_stream(stream))
        .multipart_threshold(0)
        .chunk_size(MIB as u64)
        .send()
        .await
        .unwrap();
    assert!(server.uploads()[0].bytes == data);
    let starts: Vec<u64> = server
        .seen()
        .iter()
        .filter(|s| s.kind == Kind::Chunk)
        .map(|s| content_range(&s.headers).unwrap().0.unwrap().0)
        .collect();
    assert_eq!(starts, [0, 100_000, 100_000 + MIB as u64]);
}

/// A chunk answered 503 is retried (a session repeats safely); a multipart upload answered
/// 503 is not (it may have stored the upload), and says so.
#[tokio::test]
async fn a_503_chunk_is_retried_and_a_503_multipart_upload_is_not() {
    const UNAVAILABLE: &str =
        r#"{"error": {"code": 503, "message": "backend restarting", "status": "UNAVAILABLE"}}"#;
    let server = MediaServer::start().await;
    let client = client(&server).await;
    server.fault(
        Kind::Chunk,
        Action::Answer(503, "application/json", UNAVAILABLE.into()),
    );
    let data = pattern(MIB + 1);
    client
        .upload_attachment("spaces/S")
        .set_filename("a.bin")
        .body(data.clone())
        .multipart_threshold(0)
        .chunk_size(MIB as u64)
        .send()
        .await
        .unwrap();
    assert!(server.uploads()[0].bytes == data);
    assert!(server.seen().iter().any(|s| s.kind == Kind::Query));

    server.fault(
        Kind::Multipart,
        Action::Answer(503, "application/json", UNAVAILABLE.into()),
    );
    let err = client
        .upload_attachment("spaces/S")
        .set_filename("b.bin")
        .body(pattern(10))
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(Code::Unavailable));
    assert_eq!(err.attempts(), 1);
    assert!(err.may_have_applied());
    assert_eq!(
        server
            .seen()
            .iter()
            .filter(|s| s.kind == Kind::Multipart)
            .count(),
        1
    );
}

#[tokio::test]
async fn rest_error_bodies_become_the_same_error_as_over_grpc() {
    let server = MediaServer::start().await;
    let client = client(&server).await;
    server.fault(
        Kind::Multipart,
        Action::Answer(
            403,
            "application/json; charset=UTF-8",
            r#"{"error": {"code": 403, "message": "Request had insufficient authentication scopes.",
                "status": "PERMISSION_DENIED", "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "reason": "ACCESS_TOKEN_SCOPE_INSUFFICIENT", "domain": "googleapis.com",
                "metadata": {"service": "chat.googleapis.com", "method": "google.chat.v1.ChatService.UploadAttachment"}}]}}"#
                .into(),
        ),
    );
    let err = client
        .upload_attachment("spaces/S")
        .set_filename("a.txt")
        .body("x")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Rpc);
    assert_eq!(err.code(), Some(Code::PermissionDenied));
    assert_eq!(err.method(), Some("UploadAttachment"));
    let info = err.error_info().unwrap();
    assert_eq!(info.reason, "ACCESS_TOKEN_SCOPE_INSUFFICIENT");
    assert_eq!(info.metadata["service"], "chat.googleapis.com");
    let text = err.to_string();
    assert!(
        text.starts_with("UploadAttachment: PermissionDenied: Request had insufficient"),
        "{text}"
    );
    assert!(
        text.contains("chat.messages.create"),
        "names the scopes: {text}"
    );

    server.fault(
        Kind::Download,
        Action::Answer(
            404,
            "application/json",
            r#"{"error": {"code": 404, "message": "Attachment not found.", "status": "NOT_FOUND",
                "details": [{"@type": "type.googleapis.com/google.rpc.ResourceInfo",
                "resourceType": "chat.googleapis.com/Attachment", "resourceName": "spaces/S/attachments/x"}]}}"#
                .into(),
        ),
    );
    let err = client
        .download_attachment("spaces/S/attachments/x")
        .stream()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(Code::NotFound));
    assert_eq!(err.method(), Some("media.download"));
    assert_eq!(
        err.resource_info().unwrap().resource_name,
        "spaces/S/attachments/x"
    );

    // A proxy's page: the HTTP status's code, an excerpt, no panic.
    server.fault(
        Kind::Download,
        Action::Answer(
            502,
            "text/html",
            "<html><body>\n<h1>Bad Gateway</h1>\u{0}</body></html>".into(),
        ),
    );
    let err = client
        .download_attachment("spaces/S/attachments/x")
        .without_retry()
        .stream()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(Code::Unavailable));
    assert!(
        err.to_string()
            .contains("(text/html): <html><body> <h1>Bad Gateway"),
        "{err}"
    );

    // A 429 with RetryInfo, retried when the policy says so.
    server.put_file("spaces/S/attachments/f", "text/plain", "hello");
    server.fault(
        Kind::Download,
        Action::Answer(
            429,
            "application/json",
            r#"{"error": {"code": 429, "message": "Quota", "status": "RESOURCE_EXHAUSTED", "details": [
                {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "0.005s"}]}}"#
                .into(),
        ),
    );
    let mut out = Vec::new();
    let summary = client
        .download_attachment("spaces/S/attachments/f")
        .with_retry_policy(DefaultRetryPolicy::default().with_resource_exhausted(true))
        .to_writer(&mut out)
        .await
        .unwrap();
    assert_eq!(out, b"hello");
    assert_eq!(summary.bytes, 5);
}

/// Over 200 MB, a known size is refused before any connection; a stream that grows past it
/// is stopped before the chunk that would cross it, and never completes an upload.
#[tokio::test]
async fn a_body_over_200_mb_is_refused_before_anything_is_sent() {
    let server = MediaServer::start().await;
    let client = client(&server).await;
    let upload = |body: UploadBody| {
        client
            .upload_attachment("spaces/S")
            .set_filename("huge.bin")
            .body(body)
    };
    let declared = UploadBody::from_reader(tokio::io::repeat(1)).with_size(MAX_UPLOAD_SIZE + 1);
    let err = upload(declared).send().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    assert!(
        err.to_string().contains("200 MB (209715200 bytes)"),
        "{err}"
    );

    // A sparse file: its size is read, not its bytes.
    let path = std::env::temp_dir().join(format!("chat-media-{}", uuid::Uuid::new_v4()));
    std::fs::File::create(&path)
        .unwrap()
        .set_len(MAX_UPLOAD_SIZE + 1)
        .unwrap();
    let file = TempFile(path);
    let err = upload(UploadBody::from_path(&file.0))
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument, "{err}");
    assert!(err.to_string().contains("209715201 bytes"), "{err}");
    assert_eq!(server.connections(), 0, "nothing reached the server");
    assert!(server.seen().is_empty());
}

/// A stream of unknown size that grows past 200 MB is stopped before the chunk that would
/// cross the limit: the session never completes, nothing is stored.
#[tokio::test]
async fn a_stream_growing_past_200_mb_is_stopped_with_a_clear_error() {
    let server = MediaServer::start().await;
    server.discard_uploads();
    let client = client(&server).await;
    let err = client
        .upload_attachment("spaces/S")
        .set_filename("endless.bin")
        .body(UploadBody::from_reader(tokio::io::repeat(7)))
        .chunk_size(64 << 20)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    assert!(
        err.to_string()
            .contains("stream grew past 209715200 bytes; stopped before sending more"),
        "{err}"
    );
    assert!(server.uploads().is_empty());
    let sent = server.open_session_bytes();
    assert_eq!(
        sent,
        3 * (64 << 20),
        "three whole chunks; the fourth would cross 200 MB"
    );
}

#[tokio::test]
async fn a_download_cut_mid_body_resumes_with_range() {
    let server = MediaServer::start().await;
    let client = client(&server).await;
    let data = pattern(2 * MIB + 3);
    server.put_file("spaces/S/attachments/f", "image/png", data.clone());
    server.fault(Kind::Download, Action::Cut { after: 700_000 });
    let mut download = client
        .download_attachment("spaces/S/attachments/f")
        .stream()
        .await
        .unwrap();
    assert_eq!(download.content_type(), Some("image/png"));
    assert_eq!(download.content_length(), Some(data.len() as u64));
    let mut got = Vec::new();
    while let Some(piece) = download.next().await {
        got.extend_from_slice(&piece.unwrap());
    }
    assert!(got == data, "the bytes arrived intact");
    assert_eq!(download.resumes(), 1);
    let gets: Vec<_> = server
        .seen()
        .into_iter()
        .filter(|s| s.kind == Kind::Download)
        .collect();
    assert_eq!(gets.len(), 2);
    assert_eq!(gets[0].uri, "/v1/media/spaces/S/attachments/f?alt=media");
    assert_eq!(gets[0].header("range"), None);
    assert_eq!(gets[1].header("range"), Some("bytes=700000-"));
    assert_eq!(gets[1].header("if-range"), Some("\"v1\""));
    for seen in &gets {
        assert_eq!(
            seen.header("authorization"),
            Some("Bearer user:alice@example.com")
        );
        assert!(seen.header("x-goog-api-client").is_some());
    }

    // Into a writer, with progress; and without a retry policy the cut is the error.
    server.fault(Kind::Download, Action::Cut { after: 1_000_000 });
    let progress = Arc::new(Mutex::new(Vec::<Progress>::new()));
    let log = progress.clone();
    let mut out = Vec::new();
    let summary = client
        .download_attachment("spaces/S/attachments/f")
        .on_progress(move |p| log.lock().unwrap().push(*p))
        .to_writer(&mut out)
        .await
        .unwrap();
    assert!(out == data);
    assert_eq!((summary.bytes, summary.resumes), (data.len() as u64, 1));
    assert_eq!(summary.content_type.as_deref(), Some("image/png"));
    let last = *progress.lock().unwrap().last().unwrap();
    assert_eq!(
        (last.transferred, last.total),
        (data.len() as u64, Some(data.len() as u64))
    );

    server.fault(Kind::Download, Action::Cut { after: 1_000 });
    let err = client
        .download_attachment("spaces/S/attachments/f")
        .without_retry()
        .to_writer(&mut Vec::new())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Transport, "{err}");
    assert_eq!(err.method(), Some("media.download"));
}

/// Every chunk carries the token: a session URI on another host is refused, not followed.
#[tokio::test]
async fn an_upload_session_on_another_host_is_refused() {
    let server = MediaServer::start().await;
    let client = client(&server).await;
    server.override_location(
        "http://127.0.0.2:9/resumable/upload/v1/spaces/S/attachments:upload?upload_id=x",
    );
    let err = client
        .upload_attachment("spaces/S")
        .set_filename("a.bin")
        .body(pattern(10))
        .multipart_threshold(0)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(Code::Internal), "{err}");
    assert!(err.to_string().contains("not the endpoint's"), "{err}");
    let kinds: Vec<Kind> = server.seen().iter().map(|s| s.kind).collect();
    assert_eq!(kinds, [Kind::Start], "not retried, nothing sent elsewhere");
}

#[tokio::test]
async fn bad_uploads_and_downloads_fail_before_the_wire() {
    let server = MediaServer::start().await;
    let client = client(&server).await;
    let err = client
        .upload_attachment("rooms/S")
        .set_filename("a.txt")
        .body("x")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    assert!(err.to_string().contains("spaces/{space}"), "{err}");
    let err = client
        .upload_attachment("spaces/S")
        .body("x")
        .send()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("filename is required"), "{err}");
    let err = client
        .upload_attachment("spaces/S")
        .set_filename("a.txt")
        .body("x")
        .content_type("text/plain\r\nx-evil: 1")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    let err = client
        .upload_attachment("spaces/S")
        .file("/nonexistent/dir/file.bin")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Io, "{err}");
    assert!(
        err.to_string().contains("/nonexistent/dir/file.bin"),
        "{err}"
    );
    let err = client
        .upload_attachment("spaces/S")
        .set_filename("a.txt")
        .body("x")
        .send_in(client.create_message("spaces/OTHER"))
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("only be attached in its own space"),
        "{err}"
    );

    let drive = google_chat_grpc::proto::chat::v1::Attachment::drive_file("1AbC");
    let err = client
        .download_attachment(&drive)
        .stream()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("Drive API"), "{err}");
    let err = client.download_attachment("").stream().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    assert_eq!(server.connections(), 0);
}
