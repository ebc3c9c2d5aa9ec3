//! Errors a person can read: `Display` is one line with the method, the code or what
//! failed, the cause and the limit that ended the call; the same cause gets the same kind;
//! nothing is said twice.

use crate::support;

use std::time::Duration;

use google_chat_grpc::auth::{AuthError, BoxFuture, Credentials, Token, TokenSource};
use google_chat_grpc::emulator::{Emulator, Fault};
use google_chat_grpc::{CallOptions, ChatClient, ErrorKind};
use support::{MockChat, Reply};
use tonic::{Code, Status};
use tonic_types::{ErrorDetails, StatusExt};

/// A port nothing listens on.
fn dead_port() -> std::net::SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    addr
}

/// No part of `a: b: c` twice.
fn assert_no_repeats(text: &str) {
    let parts: Vec<&str> = text.split(": ").collect();
    for (i, part) in parts.iter().enumerate() {
        assert!(!parts[..i].contains(part), "{part:?} twice in {text:?}");
    }
}

#[tokio::test]
async fn connect_to_a_dead_port_says_why() {
    let addr = dead_port();
    let err = support::client_builder(addr).connect().await.unwrap_err();
    let text = err.to_string();
    assert!(
        text.starts_with(&format!("connecting to http://{addr}: ")),
        "{text}"
    );
    assert!(text.to_lowercase().contains("refused"), "{text}");
    assert_no_repeats(&text);
}

/// The same dead endpoint is the same kind whatever the deadline, and says once what
/// happened, for which method, and what stopped the retries.
#[tokio::test]
async fn a_dead_endpoint_reads_the_same_whatever_the_deadline() {
    let addr = dead_port();
    // Google's backoff (1 s, x1.3): the deadline, not the attempt limit, ends the retries.
    let client = ChatClient::builder()
        .endpoint(format!("http://{addr}"))
        .credentials(Credentials::none())
        .build()
        .await
        .unwrap();
    for deadline in [Duration::from_millis(500), Duration::from_secs(2)] {
        let err = client
            .send_with(
                support::get_space(),
                CallOptions::default().with_deadline(deadline),
            )
            .await
            .unwrap_err();
        assert_eq!(
            err.kind(),
            ErrorKind::RetriesExhausted,
            "{deadline:?}: {err:?}"
        );
        assert_eq!(err.code(), Some(Code::Unavailable));
        assert_eq!(err.method(), Some("GetSpace"));
        let text = err.to_string();
        assert!(text.starts_with("GetSpace: gave up after "), "{text}");
        assert!(
            text.contains(&format!("the deadline of {deadline:?}")),
            "{text}"
        );
        assert!(text.to_lowercase().contains("refused"), "{text}");
        assert!(!text.contains('\n'), "one line: {text}");
        assert_no_repeats(&text);
    }
}

#[tokio::test]
async fn a_timeout_names_the_method_and_the_limit() {
    let (mock, addr) = MockChat::start().await;
    mock.always(|| {
        Reply::After(
            Duration::from_secs(5),
            Box::new(Reply::Ok(Default::default())),
        )
    });
    let client = support::client_builder(addr)
        .timeout(Duration::from_millis(100))
        .build()
        .await
        .unwrap();

    let err = client
        .send_with(support::get_space(), CallOptions::default().without_retry())
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout);
    let text = err.to_string();
    assert!(
        text.starts_with("GetSpace: attempt 1 timed out after 100ms"),
        "{text}"
    );
    assert!(text.contains("the attempt timeout"), "{text}");

    let err = client
        .send_with(
            support::get_space(),
            CallOptions::default()
                .with_timeout(Duration::from_secs(10))
                .with_deadline(Duration::from_millis(150))
                .without_retry(),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout);
    let text = err.to_string();
    assert!(
        text.starts_with("GetSpace: deadline of 150ms exceeded"),
        "{text}"
    );
}

#[tokio::test]
async fn a_server_status_reads_method_code_message_once() {
    let emulator = Emulator::builder().start().await.unwrap();
    emulator
        .faults()
        .inject(Fault::fail("GetSpace", Code::PermissionDenied));
    let client = ChatClient::builder()
        .endpoint(emulator.uri())
        .insecure_allow_plaintext()
        .credentials(Credentials::static_token("user:1"))
        .build()
        .await
        .unwrap();
    let err = client.get_space("spaces/AAAA").send().await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "GetSpace: PermissionDenied: injected fault"
    );
}

#[tokio::test]
async fn an_auth_failure_is_said_once_and_has_no_chain_to_repeat_it() {
    struct Refusing;
    impl TokenSource for Refusing {
        fn token(&self) -> BoxFuture<'_, Result<Token, AuthError>> {
            Box::pin(async { Err(AuthError::new("the vault is sealed")) })
        }
    }
    let (_mock, addr) = MockChat::start().await;
    let client = support::client_builder(addr)
        .credentials(Credentials::from_source(Refusing))
        .build()
        .await
        .unwrap();
    let err = client.send(support::get_space()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Auth);
    assert_eq!(
        err.to_string().matches("the vault is sealed").count(),
        1,
        "{err}"
    );
    assert!(std::error::Error::source(&err).is_none());
}

#[tokio::test]
async fn every_google_rpc_detail_is_reachable_and_counted_in_debug() {
    let (mock, addr) = MockChat::start().await;
    let mut details = ErrorDetails::new();
    details.add_precondition_failure_violation("TOS", "chat.googleapis.com", "terms not accepted");
    details.set_resource_info("chat.googleapis.com/Space", "spaces/A", "users/1", "gone");
    details.set_request_info("req-42", "");
    details.set_debug_info(vec!["frame".into()], "detail");
    mock.push(Reply::Fail(Status::with_error_details(
        Code::FailedPrecondition,
        "not yet",
        details,
    )));
    let client = support::client_builder(addr).build().await.unwrap();
    let err = client.send(support::get_space()).await.unwrap_err();

    let precondition = err.precondition_failure().expect("PreconditionFailure");
    assert_eq!(precondition.violations[0].r#type, "TOS");
    assert_eq!(err.resource_info().unwrap().resource_name, "spaces/A");
    assert_eq!(err.request_info().unwrap().request_id, "req-42");
    assert_eq!(err.debug_info().unwrap().detail, "detail");
    let debug = format!("{err:?}");
    assert!(debug.contains("details: 4"), "{debug}");
    assert!(debug.contains(r#"method: "GetSpace""#), "{debug}");
}
