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
