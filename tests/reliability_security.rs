//! Security properties, checked end to end: a token never shows in any `Debug` or `Display`
//! output nor in anything traced at `TRACE` (the client's, tonic's, h2's and the emulator's
//! events, captured through a `tracing_subscriber` writer around a flow with retries, lost
//! responses, timeouts and errors); credentials never go over plaintext unless the caller
//! allowed it explicitly (a listener records what reaches it); and the emulator refuses every
//! one of its 52 methods without a valid token, unless it runs permissive.

mod support;

use support::RawCodec;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use google_chat_grpc::auth::{AccessToken, AuthError, Credentials, Token, TokenSource};
use google_chat_grpc::emulator::{Emulator, Fault};
use google_chat_grpc::proto::chat::v1::*;
use google_chat_grpc::retry::ExponentialBackoff;
use google_chat_grpc::{CallOptions, ChatClient, ErrorKind};
use prost::bytes::Bytes;
use tokio::io::AsyncReadExt;
use tonic::Code;

/// A token the emulator accepts (user `users/tok3n-s3cr3t-4242`) and that must never be
/// printed: the caller's user name may show, `user:tok3n-s3cr3t-4242` may not.
const SECRET: &str = "user:tok3n-s3cr3t-4242";

/// The tracing test runs alone: tracing caches per call site whether anyone listens, and
/// call sites first hit on other tests' threads (which have no subscriber) could be missed.
static TRACING: tokio::sync::RwLock<()> = tokio::sync::RwLock::const_new(());

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
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

fn fast_retries() -> ExponentialBackoff {
    ExponentialBackoff::new(Duration::from_millis(1), 1.0, Duration::from_millis(2))
}

/// A token source that hands out `SECRET` once, then fails with a message of its own.
#[derive(Debug, Default)]
struct OnceThenFail(Mutex<bool>);

impl TokenSource for OnceThenFail {
    fn token(
        &self,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<Token, AuthError>> + Send + '_>>
    {
        Box::pin(async move {
            let mut used = self.0.lock().unwrap();
            if *used {
                return Err(AuthError::new("the token endpoint refused"));
            }
            *used = true;
            Ok(Token::new(
                AccessToken::new(SECRET),
                Some(std::time::SystemTime::now() + Duration::from_millis(200)),
            ))
        })
    }
}

// One thread, so the subscriber set for this test sees the server's and the connection
// tasks' events too.
#[tokio::test(flavor = "current_thread")]
async fn tokens_never_show_in_debug_display_or_traces() {
    let _alone = TRACING.write().await;
    let logs = Captured::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let emulator = Emulator::builder().start().await.expect("emulator");
    let credentials = Credentials::static_token(SECRET);
    let builder = ChatClient::builder()
        .endpoint(emulator.uri())
        .insecure_allow_plaintext()
        .credentials(credentials.clone())
        .backoff(fast_retries());
    let builder_debug = format!("{builder:?}");
    let client = builder.build().await.unwrap();

    let space = client
        .send(SetUpSpaceRequest {
            space: Some(Space {
                space_type: space::SpaceType::Space as i32,
                display_name: "Secrets".into(),
                ..Default::default()
            }),
            ..Default::default()
        })
        .await
        .unwrap();
    let post = |text: &str| CreateMessageRequest {
        parent: space.name.clone(),
        message: Some(Message {
            text: text.into(),
            ..Default::default()
        }),
        ..Default::default()
    };
    let mut errors = Vec::new();
    // Retried to success: two failures before applying, one lost response.
    emulator
        .faults()
        .inject(Fault::fail("CreateMessage", Code::Unavailable).times(2));
    emulator
        .faults()
        .inject(Fault::fail("CreateMessage", Code::Unavailable).after_apply());
    client.send(post("retried")).await.unwrap();
    // Retries exhausted.
    emulator
        .faults()
        .inject(Fault::fail("CreateMessage", Code::Unavailable).times(50));
    errors.push(
        client
            .send_with(
                post("never"),
                CallOptions::default().with_deadline(Duration::from_millis(200)),
            )
            .await
            .unwrap_err(),
    );
    emulator.faults().clear();
    // A dropped connection (retried to success by default; here with one attempt only,
    // so the transport error itself is what gets printed).
    emulator.faults().inject(Fault::drop_connection("GetSpace"));
    errors.push(
        client
            .send_with(
                GetSpaceRequest {
                    name: space.name.clone(),
                    ..Default::default()
                },
                CallOptions::default().without_retry(),
            )
            .await
            .unwrap_err(),
    );
    // A timeout.
    emulator.faults().set_latency(Duration::from_millis(300));
    errors.push(
        client
            .send_with(
                GetSpaceRequest {
                    name: space.name.clone(),
                    ..Default::default()
                },
                CallOptions::default().with_deadline(Duration::from_millis(100)),
            )
            .await
            .unwrap_err(),
    );
    emulator.faults().clear();
    // The server's refusals, and the client's own before the wire.
    errors.push(
        client
            .send(GetSpaceRequest {
                name: "spaces/missing".into(),
                ..Default::default()
            })
            .await
            .unwrap_err(),
    );
    errors.push(
        client
            .send(GetAttachmentRequest {
                name: format!("{}/messages/m/attachments/a", space.name),
            })
            .await
            .unwrap_err(),
    );
    errors.push(
        client
            .send(GetSpaceRequest {
                name: "not a name".into(),
                ..Default::default()
            })
            .await
            .unwrap_err(),
    );
    // A token source that fails on refresh: an auth error.
    let failing = ChatClient::builder()
        .endpoint(emulator.uri())
        .insecure_allow_plaintext()
        .credentials(Credentials::from_source(OnceThenFail::default()))
        .refresh_ahead(Duration::from_secs(1))
        .build()
        .await
        .unwrap();
    failing
        .send(ListSpacesRequest::default())
        .await
        .expect("the first token works");
    tokio::time::sleep(Duration::from_millis(250)).await;
    errors.push(
        failing
            .send(ListSpacesRequest::default())
            .await
            .unwrap_err(),
    );
    assert!(
        errors.iter().any(|e| e.kind() == ErrorKind::Auth),
        "{errors:?}"
    );

    let mut outputs = vec![
        builder_debug,
        format!("{client:?}"),
        format!("{client:#?}"),
        format!("{failing:?}"),
        format!("{credentials:?}"),
        format!("{:?}", AccessToken::new(SECRET)),
        format!("{}", AccessToken::new(SECRET)),
        format!(
            "{:?}",
            Token::new(AccessToken::new(SECRET), Some(std::time::SystemTime::now()))
        ),
        format!(
            "{:?}",
            Credentials::service_account_json(format!(
                r#"{{"type":"service_account","private_key":"{SECRET}"}}"#
            ))
        ),
        format!("{emulator:?}"),
    ];
    for err in &errors {
        outputs.push(format!("{err}"));
        outputs.push(format!("{err:?}"));
        outputs.push(format!("{err:#?}"));
        outputs.push(format!("{:?}", err.status()));
        outputs.push(format!("{:?}", err.details()));
        // The whole chain of sources.
        let mut source = std::error::Error::source(err);
        while let Some(s) = source {
            outputs.push(format!("{s} {s:?}"));
            source = s.source();
        }
    }
    emulator.shutdown().await;
    drop(_guard);
    let traced = logs.text();
    assert!(traced.contains("chat.call"), "client spans were traced");
    assert!(
        traced.contains("chat_emulator"),
        "server events were traced"
    );
    assert!(
        traced.contains("h2") || traced.contains("hyper"),
        "transport internals were traced at TRACE"
    );
    outputs.push(traced);
    let token_id = SECRET.trim_start_matches("user:");
    for output in outputs {
        assert!(!output.contains(SECRET), "token leaked in: {output}");
        // The emulator may name the caller (`users/<id>`); never `Bearer <token>`.
        assert!(
            !output.contains(&format!("Bearer {token_id}")),
            "token leaked in: {output}"
        );
    }
}

/// A listener that records every byte that reaches it and answers nothing.
struct Recorder {
    addr: std::net::SocketAddr,
    received: Arc<Mutex<Vec<u8>>>,
    connections: Arc<Mutex<usize>>,
}

impl Recorder {
    async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let received = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(Mutex::new(0));
        let (r, c) = (received.clone(), connections.clone());
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                *c.lock().unwrap() += 1;
                let r = r.clone();
                tokio::spawn(async move {
                    let mut buf = [0u8; 4096];
                    while let Ok(n) = socket.read(&mut buf).await {
                        if n == 0 {
                            break;
                        }
                        r.lock().unwrap().extend_from_slice(&buf[..n]);
                    }
                });
            }
        });
        Recorder {
            addr,
            received,
            connections,
        }
    }

    fn saw_token(&self) -> bool {
        let bytes = self.received.lock().unwrap();
        bytes.windows(SECRET.len()).any(|w| w == SECRET.as_bytes())
    }
}

#[tokio::test]
async fn credentials_are_refused_over_plaintext_unless_allowed() {
    let _shared = TRACING.read().await;
    let recorder = Recorder::start().await;
    let token_sources: Vec<(&str, Credentials)> = vec![
        ("static", Credentials::static_token(SECRET)),
        (
            "source",
            Credentials::from_source(google_chat_grpc::auth::StaticToken(AccessToken::new(
                SECRET,
            ))),
        ),
    ];
    for endpoint in [
        format!("http://{}", recorder.addr),
        format!("HTTP://{}", recorder.addr),
        format!("http://localhost:{}", recorder.addr.port()),
    ] {
        for (what, credentials) in &token_sources {
            let builder = ChatClient::builder()
                .endpoint(endpoint.clone())
                .credentials(credentials.clone());
            let err = builder.clone().build().await.unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Config, "{endpoint} {what}: {err:?}");
            assert!(err.to_string().contains("plaintext"), "{err}");
            let err = builder.connect().await.unwrap_err();
            assert_eq!(err.kind(), ErrorKind::Config, "{endpoint} {what}: {err:?}");
        }
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(
        *recorder.connections.lock().unwrap(),
        0,
        "nothing connected"
    );

    // An https endpoint that is really plaintext: the TLS handshake fails, no token leaves.
    let client = ChatClient::builder()
        .endpoint(format!("https://127.0.0.1:{}", recorder.addr.port()))
        .credentials(Credentials::static_token(SECRET))
        .build()
        .await
        .unwrap();
    let outcome = tokio::time::timeout(
        Duration::from_secs(5),
        client.send_with(
            ListSpacesRequest::default(),
            CallOptions::default()
                .with_deadline(Duration::from_millis(500))
                .without_retry(),
        ),
    )
    .await
    .expect("the call ends");
    assert!(outcome.is_err());
    assert!(*recorder.connections.lock().unwrap() >= 1, "it did connect");
    assert!(!recorder.saw_token(), "the token went out in the clear");
}

#[tokio::test]
async fn plaintext_is_used_only_when_allowed_or_without_credentials() {
    let _shared = TRACING.read().await;
    let emulator = Emulator::builder().start().await.expect("emulator");
    // Allowed explicitly: the token goes, and the emulator knows the caller.
    let allowed = ChatClient::builder()
        .endpoint(emulator.uri())
        .insecure_allow_plaintext()
        .credentials(Credentials::static_token(SECRET))
        .build()
        .await
        .unwrap();
    allowed.send(ListSpacesRequest::default()).await.unwrap();
    // No credentials: plaintext is fine, and no token is sent (the emulator refuses).
    let anonymous = ChatClient::builder()
        .endpoint(emulator.uri())
        .credentials(Credentials::none())
        .build()
        .await
        .unwrap();
    let err = anonymous
        .send(ListSpacesRequest::default())
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(Code::Unauthenticated), "{err:?}");
    assert!(err.is_auth());
    emulator.shutdown().await;
}

/// Calls `method` with an empty request (valid for every request type) and this
/// `authorization` value, if any.
async fn call_raw(
    channel: &tonic::transport::Channel,
    method: &str,
    authorization: Option<tonic::metadata::AsciiMetadataValue>,
) -> Code {
    let mut grpc = tonic::client::Grpc::new(channel.clone());
    grpc.ready().await.unwrap();
    let mut request = tonic::Request::new(Bytes::new());
    if let Some(value) = authorization {
        request.metadata_mut().insert("authorization", value);
    }
    let path = format!("/google.chat.v1.ChatService/{method}");
    match grpc
        .unary(
            request,
            http::uri::PathAndQuery::try_from(path.as_str()).unwrap(),
            RawCodec,
        )
        .await
    {
        Ok(_) => Code::Ok,
        Err(status) => status.code(),
    }
}

fn bad_authorizations() -> Vec<(&'static str, Option<tonic::metadata::AsciiMetadataValue>)> {
    let v = |s: &str| Some(s.parse().unwrap());
    vec![
        ("missing", None),
        ("empty", v("")),
        ("Bearer alone", v("Bearer")),
        ("empty bearer", v("Bearer ")),
        ("basic", v("Basic dXNlcjoxOnBhc3M=")),
        ("unknown token", v("Bearer ya29.not-an-emulator-token")),
        ("user without id", v("Bearer user:")),
        ("admin without id", v("Bearer admin:")),
        ("app with email", v("Bearer app:bot@example.com")),
        ("bad characters", v("Bearer user:a/b")),
        (
            "too long",
            Some(format!("Bearer user:{}", "a".repeat(300)).parse().unwrap()),
        ),
        (
            "not ASCII",
            Some(
                tonic::metadata::AsciiMetadataValue::try_from(&b"Bearer user:\xff"[..])
                    .unwrap_or_else(|_| "Bearer user:\u{7f}".parse().unwrap()),
            ),
        ),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_emulator_refuses_every_method_without_a_valid_token() {
    let _shared = TRACING.read().await;
    let emulator = Emulator::builder().start().await.expect("emulator");
    let channel = tonic::transport::Endpoint::from_shared(emulator.uri())
        .unwrap()
        .connect()
        .await
        .unwrap();
    let before = emulator.snapshot();
    let methods = google_chat_grpc::emulator::methods();
    assert_eq!(methods.len(), 52);
    let mut checked = 0;
    for method in methods {
        for (what, authorization) in bad_authorizations() {
            let code = call_raw(&channel, method, authorization).await;
            assert_eq!(code, Code::Unauthenticated, "{method} with {what}");
            checked += 1;
        }
        // A valid token gets past authentication (to whatever the empty request earns).
        let code = call_raw(&channel, method, Some("Bearer user:1".parse().unwrap())).await;
        assert_ne!(code, Code::Unauthenticated, "{method} with a valid token");
    }
    eprintln!("{checked} unauthenticated calls refused");
    // The refused calls changed nothing (the valid ones above had empty requests; the ones
    // that could create something need fields, so nothing was created either).
    assert_eq!(emulator.snapshot().spaces, before.spaces);
    assert_eq!(emulator.snapshot().messages, before.messages);
    emulator.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_permissive_emulator_takes_calls_without_a_token() {
    let _shared = TRACING.read().await;
    let emulator = Emulator::builder()
        .permissive(true)
        .start()
        .await
        .expect("emulator");
    let channel = tonic::transport::Endpoint::from_shared(emulator.uri())
        .unwrap()
        .connect()
        .await
        .unwrap();
    for method in google_chat_grpc::emulator::methods() {
        for (what, authorization) in bad_authorizations() {
            let code = call_raw(&channel, method, authorization).await;
            assert_ne!(code, Code::Unauthenticated, "{method} with {what}");
        }
    }
    emulator.shutdown().await;
}
