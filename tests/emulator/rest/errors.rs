//! Error bodies as Google's REST frontends return them: the HTTP status of the gRPC code and
//! `{"error": {"code", "message", "status", "details"}}` with `@type`d details; and no
//! request, however malformed, is answered with anything but a typed 4xx.

use std::time::Duration;

use google_chat_grpc::emulator::{Emulator, Fault};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tonic::Code;

use super::{Rest, Version, s, send_raw, team};

#[tokio::test]
async fn rpc_errors_carry_the_http_status_code_name_and_typed_details() {
    let emu = Emulator::builder().start().await.unwrap();
    let u1 = Rest::new(emu.addr(), "user:1");
    let space = team(&u1, "Errors").await;

    // NOT_FOUND with ResourceInfo.
    let e = u1.get("/v1/spaces/missing").await.err(404);
    assert_eq!(e["status"], "NOT_FOUND");
    assert_eq!(
        e["details"][0]["@type"],
        "type.googleapis.com/google.rpc.ResourceInfo"
    );
    assert_eq!(e["details"][0]["resourceName"], "spaces/missing");
    assert!(e["message"].as_str().unwrap().contains("spaces/missing"));

    // INVALID_ARGUMENT with BadRequest field violations.
    let e = u1
        .post(&format!("/v1/{space}/messages"), "{}")
        .await
        .err(400);
    assert_eq!(e["status"], "INVALID_ARGUMENT");
    assert_eq!(
        e["details"][0]["@type"],
        "type.googleapis.com/google.rpc.BadRequest"
    );
    assert!(
        e["details"][0]["fieldViolations"][0]["field"].is_string(),
        "{e}"
    );

    // UNAUTHENTICATED (no token) with ErrorInfo.
    let r = super::send(emu.addr(), Version::Http1, "GET", "/v1/spaces", None, None).await;
    let e = r.err(401);
    assert_eq!(e["status"], "UNAUTHENTICATED");
    assert_eq!(
        e["details"][0]["@type"],
        "type.googleapis.com/google.rpc.ErrorInfo"
    );
    assert_eq!(e["details"][0]["domain"], "chat.googleapis.com");

    // PERMISSION_DENIED: a Chat app on a user-only RPC.
    let e = Rest::new(emu.addr(), "app")
        .get("/v1/customEmojis")
        .await
        .err(403);
    assert_eq!(e["status"], "PERMISSION_DENIED");

    // ALREADY_EXISTS: the same client-assigned message ID twice.
    let path = format!("/v1/{space}/messages?messageId=client-dup");
    u1.post(&path, r#"{"text": "a"}"#).await.ok();
    let e = u1.post(&path, r#"{"text": "b"}"#).await.err(409);
    assert_eq!(e["status"], "ALREADY_EXISTS");

    // FAILED_PRECONDITION is a 400 too: completing the import of a live space.
    let e = u1
        .post(&format!("/v1/{space}:completeImport"), "{}")
        .await
        .err(400);
    assert_eq!(e["status"], "FAILED_PRECONDITION");
}

#[tokio::test]
async fn injected_faults_map_to_http_statuses_and_latency_applies() {
    let emu = Emulator::builder().start().await.unwrap();
    let u1 = Rest::new(emu.addr(), "user:1");
    let space = team(&u1, "Faults").await;
    let path = format!("/v1/{space}");
    for (code, http, name) in [
        (Code::ResourceExhausted, 429, "RESOURCE_EXHAUSTED"),
        (Code::Unavailable, 503, "UNAVAILABLE"),
        (Code::Aborted, 409, "ABORTED"),
        (Code::OutOfRange, 400, "OUT_OF_RANGE"),
        (Code::Internal, 500, "INTERNAL"),
        (Code::DeadlineExceeded, 504, "DEADLINE_EXCEEDED"),
        (Code::Unimplemented, 501, "UNIMPLEMENTED"),
        (Code::Cancelled, 499, "CANCELLED"),
        (Code::DataLoss, 500, "DATA_LOSS"),
        (Code::Unknown, 500, "UNKNOWN"),
    ] {
        emu.faults().inject(Fault::fail("GetSpace", code));
        let e = u1.get(&path).await.err(http);
        assert_eq!(e["status"], name);
    }
    // RetryInfo renders its Duration as a string.
    emu.faults().inject(
        Fault::fail("GetSpace", Code::Unavailable).with_retry_delay(Duration::from_millis(1500)),
    );
    let e = u1.get(&path).await.err(503);
    assert_eq!(
        e["details"][0]["@type"],
        "type.googleapis.com/google.rpc.RetryInfo"
    );
    assert_eq!(e["details"][0]["retryDelay"], "1.500s");
    // The same latency as gRPC.
    emu.faults().set_latency(Duration::from_millis(150));
    let t = std::time::Instant::now();
    u1.get(&path).await.ok();
    assert!(t.elapsed() >= Duration::from_millis(150));
    emu.faults().set_latency(Duration::ZERO);
    // A dropped connection is dropped for REST too.
    emu.faults().inject(Fault::drop_connection("GetSpace"));
    let mut stream = tokio::net::TcpStream::connect(emu.addr()).await.unwrap();
    stream
        .write_all(
            format!("GET {path} HTTP/1.1\r\nhost: x\r\nauthorization: Bearer user:1\r\n\r\n")
                .as_bytes(),
        )
        .await
        .unwrap();
    let mut buf = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut buf))
        .await
        .expect("the connection ends");
    assert!(
        read.is_err() || buf.is_empty(),
        "{}",
        String::from_utf8_lossy(&buf)
    );
    // And the next connection works.
    assert_eq!(s(&u1.get(&path).await.ok(), "name"), space);
}

#[tokio::test]
async fn malformed_requests_get_typed_4xx_answers() {
    let emu = Emulator::builder().start().await.unwrap();
    let addr = emu.addr();
    let u1 = Rest::new(addr, "user:1");
    let space = team(&u1, "Garbage").await;
    let msgs = format!("/v1/{space}/messages");
    let bodies: Vec<Vec<u8>> = vec![
        b"{".to_vec(),
        b"not json".to_vec(),
        b"\"a string\"".to_vec(),
        b"null".to_vec(),
        vec![0xff, 0xfe, 0x00, 0x7b],
        format!("{}1{}", "[".repeat(200), "]".repeat(200)).into_bytes(),
        format!("{{\"text\": {}}}", "{\"a\":".repeat(300)).into_bytes(),
        br#"{"text": 12}"#.to_vec(),
        br#"{"text": "x", "text": "y", "thread": 5}"#.to_vec(),
        br#"{"createTime": "2020-13-45T99:99:99Z", "text": "x"}"#.to_vec(),
    ];
    for body in bodies {
        for version in [Version::Http1, Version::H2c] {
            let r = send_raw(
                addr,
                version,
                "POST",
                &msgs,
                Some("user:1"),
                &[],
                Some(body.clone()),
            )
            .await;
            assert_eq!(
                r.status,
                400,
                "{:?}: {}",
                String::from_utf8_lossy(&body),
                r.text
            );
            assert_eq!(r.json["error"]["status"], "INVALID_ARGUMENT", "{}", r.text);
        }
    }
    // Pseudo-random bytes on every kind of route: never a 5xx, never a dropped connection.
    let mut seed = 0x9e3779b97f4a7c15u64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for i in 0..60 {
        let len = (next() % 200) as usize;
        let body: Vec<u8> = (0..len).map(|_| (next() % 256) as u8).collect();
        let (method, path) = match i % 4 {
            0 => ("POST", msgs.clone()),
            1 => ("POST", "/v1/spaces:setup".to_owned()),
            2 => ("PATCH", format!("/v1/{space}?updateMask=displayName")),
            _ => (
                "POST",
                "/v1/users/me/availability:markAsDoNotDisturb".to_owned(),
            ),
        };
        let r = send_raw(
            addr,
            Version::Http1,
            method,
            &path,
            Some("user:1"),
            &[],
            Some(body),
        )
        .await;
        assert!((400..500).contains(&r.status), "{}", r.text);
    }
    // A body over the limit is a 413 in the same shape.
    let huge = format!("{{\"text\": \"{}\"}}", "a".repeat(5 * 1024 * 1024));
    let r = send_raw(
        addr,
        Version::Http1,
        "POST",
        &msgs,
        Some("user:1"),
        &[],
        Some(huge.into_bytes()),
    )
    .await;
    assert_eq!(r.status, 413, "{}", r.text);
    assert_eq!(r.json["error"]["code"], 413);
}
