//! Credentials end to end: the token cache under concurrency and failure, the token on
//! every attempt, domain-wide delegation against a local token endpoint, plaintext refusal,
//! and tokens kept out of Debug, Display and logs.

use crate::support;

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use base64::Engine as _;
use google_chat_grpc::auth::{
    AccessToken, AuthError, BoxFuture, Credentials, Token, TokenCache, TokenSource, scopes,
};
use google_chat_grpc::{ChatClient, ErrorKind};
use support::{MockChat, Reply};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Hands out numbered tokens valid for `lifetime`, slowly, counting fetches; fails while
/// `failing` is set.
struct CountingSource {
    fetches: AtomicUsize,
    lifetime: Duration,
    /// Lifetime of the first token only, when set.
    first_lifetime: Mutex<Option<Duration>>,
    failing: std::sync::atomic::AtomicBool,
}

impl CountingSource {
    fn new(lifetime: Duration) -> Arc<Self> {
        Arc::new(Self {
            fetches: AtomicUsize::new(0),
            lifetime,
            first_lifetime: Mutex::new(None),
            failing: false.into(),
        })
    }
    fn fetches(&self) -> usize {
        self.fetches.load(Ordering::SeqCst)
    }
}

impl TokenSource for CountingSource {
    fn token(&self) -> BoxFuture<'_, Result<Token, AuthError>> {
        Box::pin(async move {
            let n = self.fetches.fetch_add(1, Ordering::SeqCst) + 1;
            tokio::time::sleep(Duration::from_millis(50)).await;
            if self.failing.load(Ordering::SeqCst) {
                return Err(AuthError::new("token endpoint said no"));
            }
            let lifetime = self
                .first_lifetime
                .lock()
                .unwrap()
                .take()
                .unwrap_or(self.lifetime);
            let expires = SystemTime::now() + lifetime;
            Ok(Token::new(
                AccessToken::new(format!("token-{n}")),
                Some(expires),
            ))
        })
    }
}

#[tokio::test]
async fn concurrent_callers_without_a_token_cause_one_fetch() {
    let source = CountingSource::new(Duration::from_secs(3600));
    let cache = TokenCache::new(Arc::new(source.clone()), Duration::from_secs(60));

    let tasks: Vec<_> = (0..100)
        .map(|_| {
            let cache = cache.clone();
            tokio::spawn(async move { cache.header().await.unwrap() })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap(), "Bearer token-1");
    }
    assert_eq!(source.fetches(), 1);
}

#[tokio::test]
async fn a_hundred_callers_across_an_expiry_cause_one_refresh() {
    // The first token is usable for about 200 ms (the cache drops tokens 10 s before
    // expiry); the next ones for an hour. No refresh-ahead window, to isolate expiry.
    let source = CountingSource::new(Duration::from_secs(3600));
    *source.first_lifetime.lock().unwrap() = Some(Duration::from_millis(10_200));
    let cache = TokenCache::new(Arc::new(source.clone()), Duration::ZERO);
    assert_eq!(cache.header().await.unwrap(), "Bearer token-1");
    tokio::time::sleep(Duration::from_millis(300)).await;

    let tasks: Vec<_> = (0..100)
        .map(|_| {
            let cache = cache.clone();
            tokio::spawn(async move { cache.header().await.unwrap() })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap(), "Bearer token-2");
    }
    assert_eq!(source.fetches(), 2, "one fetch for the whole wave");
}

#[tokio::test]
async fn a_token_near_expiry_is_served_while_one_background_refresh_runs() {
    // 60 s tokens, refreshed 120 s ahead: every token is due for refresh at once.
    let source = CountingSource::new(Duration::from_secs(60));
    let cache = TokenCache::new(Arc::new(source.clone()), Duration::from_secs(120));
    assert_eq!(cache.header().await.unwrap(), "Bearer token-1");

    let started = std::time::Instant::now();
    let tasks: Vec<_> = (0..100)
        .map(|_| {
            let cache = cache.clone();
            tokio::spawn(async move { cache.header().await.unwrap() })
        })
        .collect();
    for task in tasks {
        // Nobody waits for the refresh: the still-valid token comes back at once.
        assert_eq!(task.await.unwrap(), "Bearer token-1");
    }
    assert!(
        started.elapsed() < Duration::from_millis(45),
        "callers waited for the fetch"
    );
    tokio::time::sleep(Duration::from_millis(150)).await;
    assert_eq!(source.fetches(), 2, "exactly one background refresh");
    assert_eq!(cache.header().await.unwrap(), "Bearer token-2");
}

#[tokio::test]
async fn a_failed_fetch_is_an_auth_error_and_is_not_cached() {
    let (mock, addr) = MockChat::start().await;
    let source = CountingSource::new(Duration::from_secs(3600));
    source.failing.store(true, Ordering::SeqCst);
    let client = support::client_builder(addr)
        .credentials(Credentials::from_source(source.clone()))
        .build()
        .await
        .unwrap();

    let err = client.send(support::get_space()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Auth, "{err:?}");
    assert!(err.is_auth());
    assert!(err.to_string().contains("token endpoint said no"), "{err}");
    assert_eq!(
        mock.calls().len(),
        0,
        "nothing went on the wire without a token"
    );

    source.failing.store(false, Ordering::SeqCst);
    client.send(support::get_space()).await.unwrap();
    assert_eq!(source.fetches(), 2);
    assert_eq!(
        mock.calls()[0].header("authorization"),
        Some("Bearer token-2")
    );
}

#[tokio::test]
async fn concurrent_callers_share_one_failed_fetch_and_the_next_call_retries() {
    let source = CountingSource::new(Duration::from_secs(3600));
    source.failing.store(true, Ordering::SeqCst);
    let cache = TokenCache::new(Arc::new(source.clone()), Duration::from_secs(60));

    let tasks: Vec<_> = (0..100)
        .map(|_| {
            let cache = cache.clone();
            tokio::spawn(async move { cache.header().await })
        })
        .collect();
    for task in tasks {
        let err = task.await.unwrap().unwrap_err();
        assert!(err.to_string().contains("token endpoint said no"), "{err}");
    }
    assert_eq!(source.fetches(), 1, "the waiters shared the failed fetch");

    // The error is not cached: the next call fetches again.
    source.failing.store(false, Ordering::SeqCst);
    assert_eq!(cache.header().await.unwrap(), "Bearer token-2");
    assert_eq!(source.fetches(), 2);
}

#[tokio::test]
async fn every_attempt_carries_the_token() {
    let (mock, addr) = MockChat::start().await;
    mock.push_n(2, || Reply::Fail(tonic::Status::unavailable("")));
    let client = support::client_builder(addr).build().await.unwrap();
    client.send(support::get_space()).await.unwrap();
    let calls = mock.calls();
    assert_eq!(calls.len(), 3);
    for call in calls {
        assert_eq!(
            call.header("authorization"),
            Some("Bearer test-token-s3cr3t")
        );
    }
}

#[tokio::test]
async fn no_credentials_send_no_authorization_header() {
    let (mock, addr) = MockChat::start().await;
    let client = ChatClient::builder()
        .endpoint(format!("http://{addr}"))
        .credentials(Credentials::none())
        .build()
        .await
        .unwrap();
    client.send(support::get_space()).await.unwrap();
    assert_eq!(mock.calls()[0].header("authorization"), None);
}

#[tokio::test]
async fn plaintext_with_credentials_is_refused_unless_allowed() {
    let err = ChatClient::builder()
        .endpoint("http://127.0.0.1:1")
        .credentials(Credentials::static_token("secret-token"))
        .build()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config);
    assert!(err.to_string().contains("plaintext"), "{err}");
    assert!(!err.to_string().contains("secret-token"));

    ChatClient::builder()
        .endpoint("http://127.0.0.1:1")
        .credentials(Credentials::static_token("secret-token"))
        .insecure_allow_plaintext()
        .build()
        .await
        .expect("allowed explicitly");
}

#[tokio::test]
async fn insecure_allow_plaintext_is_for_loopback_hosts_only() {
    // Nothing connects here: `build` opens connections on first use.
    for endpoint in [
        "http://10.0.0.8:8085",
        "http://chat.example.com",
        "http://[::2]:1",
        "http://127.0.0.1.nip.io:1",
        "http://localhost.example.com:1",
        "http://0.0.0.0:1",
    ] {
        let err = ChatClient::builder()
            .endpoint(endpoint)
            .credentials(Credentials::static_token("secret-token"))
            .insecure_allow_plaintext()
            .build()
            .await
            .expect_err(endpoint);
        assert_eq!(err.kind(), ErrorKind::Config, "{endpoint}: {err:?}");
        assert!(err.to_string().contains("loopback"), "{err}");
        assert!(!err.to_string().contains("secret-token"), "{err}");
    }
    for endpoint in [
        "http://127.0.0.1:1",
        "http://127.8.9.10:1",
        "http://[::1]:1",
        "http://[::ffff:127.0.0.1]:1",
        "http://localhost:1",
        "http://LocalHost:1",
    ] {
        ChatClient::builder()
            .endpoint(endpoint)
            .credentials(Credentials::static_token("secret-token"))
            .insecure_allow_plaintext()
            .build()
            .await
            .expect(endpoint);
    }
    // No token, nothing to protect: any host.
    ChatClient::builder()
        .endpoint("http://10.0.0.8:8085")
        .credentials(Credentials::none())
        .build()
        .await
        .expect("plaintext without credentials");
}

/// A one-shot OAuth token endpoint: returns the form it was sent.
async fn token_endpoint(reply: &'static str) -> (String, tokio::task::JoinHandle<String>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/token", listener.local_addr().unwrap());
    let handle = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut buf = Vec::new();
        let body = loop {
            let mut chunk = [0u8; 4096];
            let n = socket.read(&mut chunk).await.unwrap();
            buf.extend_from_slice(&chunk[..n]);
            let text = String::from_utf8_lossy(&buf).to_string();
            if let Some(end) = text.find("\r\n\r\n") {
                let length: usize = text[..end]
                    .lines()
                    .find_map(|l| {
                        let (k, v) = l.split_once(':')?;
                        k.eq_ignore_ascii_case("content-length")
                            .then(|| v.trim().parse().ok())?
                    })
                    .unwrap_or(0);
                if buf.len() >= end + 4 + length {
                    break text[end + 4..end + 4 + length].to_owned();
                }
            }
        };
        let response = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{reply}",
            reply.len()
        );
        socket.write_all(response.as_bytes()).await.unwrap();
        body
    });
    (url, handle)
}

fn form_field<'a>(form: &'a str, key: &str) -> Option<&'a str> {
    form.split('&')
        .find_map(|kv| kv.strip_prefix(key)?.strip_prefix('='))
}

const TOKEN_REPLY: &str =
    r#"{"access_token":"ya29.delegated","expires_in":3600,"token_type":"Bearer"}"#;

#[tokio::test]
async fn domain_wide_delegation_sends_subject_and_scopes_in_the_jwt() {
    let (token_uri, form) = token_endpoint(TOKEN_REPLY).await;
    let key = include_str!("../fixtures/test-service-account-key.pem");
    let json = serde_json::json!({
        "type": "service_account",
        "project_id": "test-project",
        "private_key_id": "k1",
        "private_key": key,
        "client_email": "importer@test-project.iam.gserviceaccount.com",
        "client_id": "1",
        "token_uri": token_uri,
    })
    .to_string();
    let (mock, addr) = MockChat::start().await;
    let client = support::client_builder(addr)
        .credentials(Credentials::service_account_json(json).with_subject("admin@example.com"))
        .scopes(scopes::IMPORT.iter().chain(scopes::USER_MESSAGING))
        .build()
        .await
        .unwrap();

    client.send(support::get_space()).await.unwrap();

    let form = form.await.unwrap();
    let assertion = form_field(&form, "assertion").expect("assertion in the form");
    let claims = assertion.split('.').nth(1).expect("JWT payload");
    // gcp_auth pads its base64url; the form encoding turned '=' into %3D.
    let claims = claims.replace("%3D", "");
    let claims = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(claims)
        .unwrap();
    let claims: serde_json::Value = serde_json::from_slice(&claims).unwrap();
    assert_eq!(claims["sub"], "admin@example.com");
    assert_eq!(
        claims["iss"],
        "importer@test-project.iam.gserviceaccount.com"
    );
    assert_eq!(claims["aud"], token_uri);
    let scope = claims["scope"].as_str().unwrap();
    let granted: Vec<&str> = scope.split(' ').collect();
    assert!(
        granted.contains(&scopes::CHAT_IMPORT) && granted.contains(&scopes::CHAT_MESSAGES),
        "{scope}"
    );
    assert_eq!(
        mock.calls()[0].header("authorization"),
        Some("Bearer ya29.delegated")
    );
}

#[tokio::test]
async fn user_credentials_use_the_refresh_token_grant() {
    let (token_uri, form) = token_endpoint(
        r#"{"access_token":"ya29.user","expires_in":3599,"scope":"x","token_type":"Bearer"}"#,
    )
    .await;
    let dir = std::env::temp_dir().join(format!("gcg-user-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("authorized_user.json");
    let json = serde_json::json!({
        "type": "authorized_user",
        "client_id": "123.apps.googleusercontent.com",
        "client_secret": "shh/secret",
        "refresh_token": "1//refresh+token",
        "token_uri": token_uri,
    });
    std::fs::write(&file, json.to_string()).unwrap();

    let (mock, addr) = MockChat::start().await;
    let client = support::client_builder(addr)
        .credentials(Credentials::authorized_user_file(&file))
        .build()
        .await
        .unwrap();
    client.send(support::get_space()).await.unwrap();

    let form = form.await.unwrap();
    assert_eq!(form_field(&form, "grant_type"), Some("refresh_token"));
    assert_eq!(
        form_field(&form, "client_id"),
        Some("123.apps.googleusercontent.com")
    );
    assert_eq!(form_field(&form, "client_secret"), Some("shh%2Fsecret"));
    assert_eq!(
        form_field(&form, "refresh_token"),
        Some("1%2F%2Frefresh%2Btoken")
    );
    assert_eq!(
        mock.calls()[0].header("authorization"),
        Some("Bearer ya29.user")
    );
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn user_credentials_refuse_a_plaintext_token_uri_unless_loopback_and_allowed() {
    let dir = std::env::temp_dir().join(format!("gcg-plain-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = |name: &str, token_uri: &str| {
        let path = dir.join(name);
        let json = serde_json::json!({
            "type": "authorized_user", "client_id": "c", "client_secret": "client-s3cret",
            "refresh_token": "refresh-s3cret", "token_uri": token_uri,
        });
        std::fs::write(&path, json.to_string()).unwrap();
        path
    };
    let remote = file("remote.json", "http://oauth.example.com/token");
    let local = file("local.json", "http://127.0.0.1:1/token");
    let (_mock, addr) = MockChat::start().await;

    // A remote http token_uri: refused even with the flag, before anything is sent.
    let insecure = support::client_builder(addr);
    // A loopback one: refused without the flag (the Chat endpoint is https here).
    let secure = ChatClient::builder().endpoint("https://127.0.0.1:1");
    for (builder, path) in [(insecure, &remote), (secure, &local)] {
        let err = builder
            .credentials(Credentials::authorized_user_file(path))
            .build()
            .await
            .expect_err("a plaintext token_uri was accepted");
        assert_eq!(err.kind(), ErrorKind::Auth, "{err:?}");
        let shown = format!("{err} {err:?}");
        assert!(
            shown.contains("plaintext") && shown.contains("token_uri"),
            "{shown}"
        );
        assert!(!shown.contains("s3cret"), "{shown}");
    }
    // Loopback and the flag: allowed (the grant itself is user_credentials_use_the_refresh_token_grant).
    support::client_builder(addr)
        .credentials(Credentials::authorized_user_file(&local))
        .build()
        .await
        .expect("loopback with insecure_allow_plaintext()");
    std::fs::remove_dir_all(dir).ok();
}

#[tokio::test]
async fn a_refused_refresh_token_is_an_auth_error_without_secrets() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let token_uri = format!("http://{}/token", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut buf = [0u8; 8192];
        let _ = socket.read(&mut buf).await;
        let body =
            r#"{"error":"invalid_grant","error_description":"Token has been expired or revoked."}"#;
        let response = format!(
            "HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        );
        socket.write_all(response.as_bytes()).await.unwrap();
    });
    let dir = std::env::temp_dir().join(format!("gcg-refused-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("authorized_user.json");
    let json = serde_json::json!({
        "type": "authorized_user", "client_id": "c", "client_secret": "client-s3cret",
        "refresh_token": "refresh-s3cret", "token_uri": token_uri,
    });
    std::fs::write(&file, json.to_string()).unwrap();
    let (_mock, addr) = MockChat::start().await;
    let client = support::client_builder(addr)
        .credentials(Credentials::authorized_user_file(&file))
        .build()
        .await
        .unwrap();

    let err = client.send(support::get_space()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Auth);
    let shown = format!("{err} {err:?}");
    assert!(
        shown.contains("invalid_grant") && shown.contains("expired or revoked"),
        "{shown}"
    );
    assert!(!shown.contains("s3cret"), "{shown}");
    std::fs::remove_dir_all(dir).ok();
}

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

/// Makes `subscriber` this thread's default until the guard drops.
///
/// tracing caches each callsite's interest process-wide, computed against the subscriber of
/// whichever thread reaches the callsite first: a parallel test without a subscriber would
/// cache `never` for `chat.call` and silence it here too. A global subscriber that answers
/// `sometimes` to every callsite and enables nothing keeps each event asking the current
/// thread's subscriber; the rebuild clears what was cached before it was installed.
fn capture(
    subscriber: impl tracing::Subscriber + Send + Sync,
) -> tracing::subscriber::DefaultGuard {
    static ANCHOR: std::sync::Once = std::sync::Once::new();
    ANCHOR.call_once(|| {
        let _ = tracing::subscriber::set_global_default(Anchor);
    });
    let guard = tracing::subscriber::set_default(subscriber);
    tracing::callsite::rebuild_interest_cache();
    guard
}

struct Anchor;

impl tracing::Subscriber for Anchor {
    fn register_callsite(
        &self,
        _: &'static tracing::Metadata<'static>,
    ) -> tracing::subscriber::Interest {
        tracing::subscriber::Interest::sometimes()
    }
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        false
    }
    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, _: &tracing::Event<'_>) {}
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn tokens_stay_out_of_debug_display_and_logs() {
    const SECRET: &str = "test-token-s3cr3t";
    let logs = Captured::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = capture(subscriber);

    let (mock, addr) = MockChat::start().await;
    mock.push(Reply::Fail(tonic::Status::unavailable("once")));
    mock.push(Reply::Fail(tonic::Status::permission_denied("no")));
    let credentials = Credentials::static_token(SECRET);
    let client = support::client_builder(addr)
        .credentials(credentials.clone())
        .build()
        .await
        .unwrap();
    let err = client.send(support::get_space()).await.unwrap_err();
    assert_eq!(
        mock.calls()[0].header("authorization"),
        Some("Bearer test-token-s3cr3t")
    );

    let outputs = [
        format!("{client:?}"),
        format!("{credentials:?}"),
        format!("{err:?}"),
        format!("{err}"),
        format!("{:?}", AccessToken::new(SECRET)),
        format!("{}", AccessToken::new(SECRET)),
        String::from_utf8(logs.0.lock().unwrap().clone()).unwrap(),
    ];
    assert!(
        outputs[6].contains("chat.call"),
        "the call was traced: {}",
        outputs[6]
    );
    for output in outputs {
        assert!(!output.contains(SECRET), "token leaked in: {output}");
    }
}

/// The per-call span carries what an operator needs: method, attempts, final code, latency.
#[tokio::test]
async fn the_call_span_records_method_attempts_code_and_latency() {
    let logs = Captured::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::INFO)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = capture(subscriber);

    let (mock, addr) = MockChat::start().await;
    mock.push(Reply::Fail(tonic::Status::unavailable("once")));
    let client = support::client_builder(addr).build().await.unwrap();
    client.send(support::get_space()).await.unwrap();
    mock.push(Reply::Fail(tonic::Status::permission_denied("no")));
    client.send(support::get_space()).await.unwrap_err();

    let text = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    let closes: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("chat.call") && l.contains("close"))
        .collect();
    assert_eq!(closes.len(), 2, "one span per call: {text}");
    assert!(closes[0].contains(r#"method="GetSpace""#), "{}", closes[0]);
    assert!(closes[0].contains("attempts=2"), "{}", closes[0]);
    assert!(closes[0].contains("code=Ok"), "{}", closes[0]);
    assert!(closes[0].contains("latency_ms="), "{}", closes[0]);
    assert!(closes[1].contains("attempts=1"), "{}", closes[1]);
    assert!(closes[1].contains("code=PermissionDenied"), "{}", closes[1]);
}

/// A retried delete whose repeat answers `NOT_FOUND` succeeds, and its span says it was
/// reconciled.
#[tokio::test]
async fn the_call_span_records_a_reconciled_outcome() {
    let logs = Captured::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::INFO)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = capture(subscriber);

    let (mock, addr) = MockChat::start().await;
    mock.push(Reply::Fail(tonic::Status::unavailable(
        "lost on the way back",
    )));
    mock.push(Reply::Fail(tonic::Status::not_found("already deleted")));
    let client = support::client_builder(addr).build().await.unwrap();
    client
        .delete_message("spaces/A/messages/B")
        .send()
        .await
        .unwrap();

    let text = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    let close = text
        .lines()
        .find(|l| l.contains("chat.call") && l.contains("close"))
        .unwrap_or_default();
    assert!(close.contains("attempts=2"), "{close}");
    assert!(close.contains("reconciled=true"), "{close}");
    assert!(close.contains("code=Ok"), "{close}");
}

/// An OAuth token endpoint answering every request (one per connection) with
/// `ya29.t<n>`, valid for `expires_in` seconds; counts the requests.
async fn counting_token_endpoint(expires_in: u64) -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/token", listener.local_addr().unwrap());
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let counter = counter.clone();
            tokio::spawn(async move {
                let mut buf = Vec::new();
                loop {
                    let mut chunk = [0u8; 4096];
                    let Ok(n) = socket.read(&mut chunk).await else {
                        return;
                    };
                    if n == 0 {
                        return;
                    }
                    buf.extend_from_slice(&chunk[..n]);
                    let text = String::from_utf8_lossy(&buf).to_string();
                    if let Some(end) = text.find("\r\n\r\n") {
                        let length: usize = text[..end]
                            .lines()
                            .find_map(|l| {
                                let (k, v) = l.split_once(':')?;
                                k.eq_ignore_ascii_case("content-length")
                                    .then(|| v.trim().parse().ok())?
                            })
                            .unwrap_or(0);
                        if buf.len() >= end + 4 + length {
                            break;
                        }
                    }
                }
                let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
                let body = format!(
                    r#"{{"access_token":"ya29.t{n}","expires_in":{expires_in},"token_type":"Bearer"}}"#
                );
                let response = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\ncontent-length: {}\r\n\r\n{body}",
                    body.len()
                );
                let _ = socket.write_all(response.as_bytes()).await;
            });
        }
    });
    (url, hits)
}

/// A service account key (the test RSA key) whose grants go to `token_uri`.
fn service_account_key(token_uri: &str) -> String {
    serde_json::json!({
        "type": "service_account",
        "project_id": "test-project",
        "private_key_id": "k1",
        "private_key": include_str!("../fixtures/test-service-account-key.pem"),
        "client_email": "app@test-project.iam.gserviceaccount.com",
        "client_id": "1",
        "token_uri": token_uri,
    })
    .to_string()
}

#[tokio::test]
async fn service_account_tokens_are_really_refreshed_ahead_of_expiry() {
    // 60 s tokens inside a 4-minute window: every token is due for refresh at once.
    // gcp_auth's own cache would hand the same token back until 20 s before its expiry,
    // so the refresh would not reach the endpoint for ~40 s.
    let (token_uri, hits) = counting_token_endpoint(60).await;
    let (mock, addr) = MockChat::start().await;
    let client = support::client_builder(addr)
        .credentials(Credentials::service_account_json(service_account_key(
            &token_uri,
        )))
        .refresh_ahead(Duration::from_secs(240))
        .build()
        .await
        .unwrap();

    client.send(support::get_space()).await.unwrap();
    assert_eq!(hits.load(Ordering::SeqCst), 1);
    assert_eq!(
        mock.calls()[0].header("authorization"),
        Some("Bearer ya29.t1")
    );

    // Each call is served at once (the cached token) while the refresh runs; well before
    // the first token's expiry (it is dropped 10 s before, at 50 s) the second one is in.
    let started = std::time::Instant::now();
    loop {
        client.send(support::get_space()).await.unwrap();
        let calls = mock.calls();
        let sent = calls.last().unwrap().header("authorization").unwrap();
        if sent == "Bearer ya29.t2" {
            break;
        }
        assert_eq!(sent, "Bearer ya29.t1");
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no refresh reached the token endpoint ahead of expiry ({} hit(s))",
            hits.load(Ordering::SeqCst)
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(hits.load(Ordering::SeqCst) >= 2);
}

#[tokio::test]
async fn with_subject_on_credentials_that_cannot_delegate_fails_the_build() {
    let (_mock, addr) = MockChat::start().await;
    let file = std::env::temp_dir().join(format!("gcg-subject-{}.json", std::process::id()));
    std::fs::write(
        &file,
        r#"{"type":"authorized_user","client_id":"c","client_secret":"s","refresh_token":"r"}"#,
    )
    .unwrap();
    let cases = [
        Credentials::static_token("t0ken-s3cret"),
        Credentials::from_source(CountingSource::new(Duration::from_secs(3600))),
        Credentials::metadata_server(),
        Credentials::authorized_user_file(&file),
        Credentials::none(),
    ];
    for credentials in cases {
        let credentials = credentials.with_subject("admin@example.com");
        let shown = format!("{credentials:?}");
        assert!(shown.contains("with_subject: unsupported"), "{shown}");
        let err = support::client_builder(addr)
            .credentials(credentials)
            .build()
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Auth, "{shown}: {err:?}");
        assert!(
            err.to_string().contains("with_subject")
                && err.to_string().contains("service account key"),
            "{err}"
        );
        assert!(!err.to_string().contains("t0ken-s3cret"), "{err}");
    }
    std::fs::remove_file(file).ok();
}
