//! Application Default Credentials with a *user* credentials file named by
//! `GOOGLE_APPLICATION_CREDENTIALS` (gcp_auth reads those only from gcloud's own path).
//! Alone in its test binary because it sets a process-wide environment variable.
#![allow(unsafe_code)]

mod support;

use google_chat_grpc::auth::Credentials;
use support::MockChat;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::test]
async fn adc_reads_a_user_credentials_file_from_the_environment() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let token_uri = format!("http://{}/token", listener.local_addr().unwrap());
    let endpoint = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut buf = vec![0u8; 8192];
        let n = socket.read(&mut buf).await.unwrap();
        let body = r#"{"access_token":"ya29.adc-user","expires_in":3600}"#;
        let response = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        );
        socket.write_all(response.as_bytes()).await.unwrap();
        String::from_utf8_lossy(&buf[..n]).to_string()
    });
    let file = std::env::temp_dir().join(format!("gcg-adc-{}.json", std::process::id()));
    let json = serde_json::json!({
        "type": "authorized_user", "client_id": "c", "client_secret": "s",
        "refresh_token": "r", "token_uri": token_uri,
    });
    std::fs::write(&file, json.to_string()).unwrap();
    // SAFETY: the only test in this binary; nothing else reads the environment concurrently.
    unsafe { std::env::set_var("GOOGLE_APPLICATION_CREDENTIALS", &file) };

    let (mock, addr) = MockChat::start().await;
    let client = support::client_builder(addr)
        .credentials(Credentials::application_default())
        .build()
        .await
        .unwrap();
    client.send(support::get_space()).await.unwrap();

    assert!(endpoint.await.unwrap().contains("grant_type=refresh_token"));
    assert_eq!(
        mock.calls()[0].header("authorization"),
        Some("Bearer ya29.adc-user")
    );
    std::fs::remove_file(file).ok();
}
