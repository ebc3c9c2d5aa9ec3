//! Credentials that read process-wide environment variables: Application Default
//! Credentials with a *user* credentials file named by `GOOGLE_APPLICATION_CREDENTIALS`
//! (gcp_auth reads those only from gcloud's own path), the TLS roots of the token endpoint
//! (`SSL_CERT_FILE`), and the metadata server (`GCE_METADATA_HOST`). A test binary of its
//! own so that no other test sees the variables; within it every test holds [`ENV`].
#![allow(unsafe_code)]

mod support;

use std::ffi::OsString;

use google_chat_grpc::auth::Credentials;
use support::MockChat;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Held by every test of this binary for its whole run: they set environment variables,
/// which nothing else may read or write meanwhile.
static ENV: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Sets (or, with `None`, removes) environment variables until dropped, then restores
/// them, also when the test panics.
struct EnvVars(Vec<(&'static str, Option<OsString>)>);

impl EnvVars {
    /// Call with [`ENV`] held.
    fn set(vars: &[(&'static str, Option<&std::ffi::OsStr>)]) -> Self {
        let saved = vars
            .iter()
            .map(|(name, value)| {
                let old = std::env::var_os(name);
                // SAFETY: the caller holds ENV, so no other test of this binary runs, and
                // nothing of the one running reads the environment while this runs.
                unsafe {
                    match value {
                        Some(value) => std::env::set_var(name, value),
                        None => std::env::remove_var(name),
                    }
                }
                (*name, old)
            })
            .collect();
        Self(saved)
    }
}

impl Drop for EnvVars {
    fn drop(&mut self) {
        for (name, old) in self.0.drain(..) {
            // SAFETY: as in `set`: ENV is still held by the test that owns this guard.
            unsafe {
                match old {
                    Some(old) => std::env::set_var(name, old),
                    None => std::env::remove_var(name),
                }
            }
        }
    }
}

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
    let _env = ENV.lock().await;
    let _vars = EnvVars::set(&[("GOOGLE_APPLICATION_CREDENTIALS", Some(file.as_os_str()))]);

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

/// The refresh-token grant trusts the roots the TLS features name, like the Chat endpoint:
/// with `tls-webpki-roots` alone the system's store is not read (here it is made empty
/// through `SSL_CERT_FILE`, which rustls-native-certs honours), with `tls-native-roots` an
/// empty store is an error.
#[tokio::test]
async fn the_token_endpoint_trusts_the_roots_of_the_tls_features() {
    let dir = std::env::temp_dir().join(format!("gcg-roots-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let no_roots = dir.join("no-roots.pem");
    std::fs::write(&no_roots, "").unwrap();
    // The default token_uri: Google's, over https. Nothing connects: `build` is lazy.
    let file = dir.join("authorized_user.json");
    std::fs::write(
        &file,
        r#"{"type":"authorized_user","client_id":"c","client_secret":"s","refresh_token":"r"}"#,
    )
    .unwrap();
    let (_mock, addr) = MockChat::start().await;

    let built = {
        let _env = ENV.lock().await;
        let _vars = EnvVars::set(&[
            ("SSL_CERT_FILE", Some(no_roots.as_os_str())),
            ("SSL_CERT_DIR", None),
        ]);
        support::client_builder(addr)
            .credentials(Credentials::authorized_user_file(&file))
            .build()
            .await
    };
    std::fs::remove_dir_all(dir).ok();
    if cfg!(feature = "tls-native-roots") {
        let err = built.expect_err("an empty system store was accepted");
        assert_eq!(err.kind(), google_chat_grpc::ErrorKind::Auth, "{err:?}");
        assert!(err.to_string().contains("tls-native-roots"), "{err}");
    } else {
        built.expect("the compiled-in roots, without the system's store");
    }
}

/// A fake GCE metadata server: answers the default service account's token path, with
/// `Metadata-Flavor: Google` (404 for anything else, 403 without the header, as the real
/// one does), with `ya29.m<n>` valid for `expires_in` seconds; counts the token requests.
async fn metadata_server(
    expires_in: std::sync::Arc<std::sync::atomic::AtomicU64>,
) -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::atomic::Ordering;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let host = listener.local_addr().unwrap().to_string();
    let hits = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = hits.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let (counter, expires_in) = (counter.clone(), expires_in.clone());
            tokio::spawn(async move {
                let mut buf = Vec::new();
                let head = loop {
                    let mut chunk = [0u8; 4096];
                    match socket.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
                    let text = String::from_utf8_lossy(&buf).to_string();
                    if let Some(end) = text.find("\r\n\r\n") {
                        break text[..end].to_owned();
                    }
                };
                let request_line = head.lines().next().unwrap_or_default();
                let flavored = head.lines().any(|l| {
                    l.split_once(':').is_some_and(|(k, v)| {
                        k.eq_ignore_ascii_case("metadata-flavor") && v.trim() == "Google"
                    })
                });
                let (status, body) = if request_line
                    != "GET /computeMetadata/v1/instance/service-accounts/default/token HTTP/1.1"
                {
                    ("404 Not Found", String::new())
                } else if !flavored {
                    ("403 Forbidden", String::new())
                } else {
                    let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
                    let expires_in = expires_in.load(Ordering::SeqCst);
                    (
                        "200 OK",
                        format!(
                            r#"{{"access_token":"ya29.m{n}","expires_in":{expires_in},"token_type":"Bearer"}}"#
                        ),
                    )
                };
                let response = format!(
                    "HTTP/1.1 {status}\r\ncontent-type: application/json\r\nmetadata-flavor: Google\r\nconnection: close\r\ncontent-length: {}\r\n\r\n{body}",
                    body.len()
                );
                let _ = socket.write_all(response.as_bytes()).await;
            });
        }
    });
    (host, hits)
}

#[tokio::test]
async fn the_metadata_server_gives_tokens_refreshed_at_expiry_and_ahead_of_it() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::time::Duration;

    let expires_in = Arc::new(AtomicU64::new(11));
    let (host, hits) = metadata_server(expires_in.clone()).await;
    let (mock, addr) = MockChat::start().await;
    let last_token = || {
        let calls = mock.calls();
        calls
            .last()
            .unwrap()
            .header("authorization")
            .unwrap()
            .to_owned()
    };
    let _env = ENV.lock().await;
    let _vars = EnvVars::set(&[
        ("GCE_METADATA_HOST", Some(host.as_ref())),
        ("GCE_METADATA_ROOT", None),
    ]);

    // Fetch: building asks the server once, and the first call carries that token.
    // 11 s tokens without refresh-ahead: usable for about 1 s (the cache drops a token 10 s
    // before its expiry).
    let client = support::client_builder(addr)
        .credentials(Credentials::metadata_server())
        .refresh_ahead(Duration::ZERO)
        .build()
        .await
        .unwrap();
    assert_eq!(hits.load(Ordering::SeqCst), 1);
    client.send(support::get_space()).await.unwrap();
    assert_eq!(last_token(), "Bearer ya29.m1");
    client.send(support::get_space()).await.unwrap();
    assert_eq!(last_token(), "Bearer ya29.m1");
    assert_eq!(hits.load(Ordering::SeqCst), 1, "the token was cached");

    // Expiry: past it, the next call waits for a new token from the server.
    tokio::time::sleep(Duration::from_millis(1200)).await;
    client.send(support::get_space()).await.unwrap();
    assert_eq!(last_token(), "Bearer ya29.m2");
    assert_eq!(hits.load(Ordering::SeqCst), 2);

    // Refresh ahead: 60 s tokens inside a 4-minute window are refreshed at once, in the
    // background, and the refresh reaches the server (gcp_auth's client would hand back
    // its cached token until 20 s before expiry).
    expires_in.store(60, Ordering::SeqCst);
    let client = support::client_builder(addr)
        .credentials(Credentials::metadata_server())
        .refresh_ahead(Duration::from_secs(240))
        .build()
        .await
        .unwrap();
    client.send(support::get_space()).await.unwrap();
    assert_eq!(last_token(), "Bearer ya29.m3");
    let started = std::time::Instant::now();
    loop {
        client.send(support::get_space()).await.unwrap();
        let sent = last_token();
        if sent == "Bearer ya29.m4" {
            break;
        }
        assert_eq!(sent, "Bearer ya29.m3");
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "no refresh reached the metadata server ahead of expiry"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    // Off GCP (here: nothing listens), building fails with an auth error.
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let nowhere = closed.local_addr().unwrap().to_string();
    drop(closed);
    let _vars = EnvVars::set(&[("GCE_METADATA_HOST", Some(nowhere.as_ref()))]);
    let err = support::client_builder(addr)
        .credentials(Credentials::metadata_server())
        .build()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), google_chat_grpc::ErrorKind::Auth, "{err:?}");
    assert!(err.to_string().contains("metadata server"), "{err}");
}
