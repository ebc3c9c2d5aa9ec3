//! Emulator: fault injection from the handle (scripted codes with RetryInfo, failures after the mutation, random failures, latency, dropped connections).

use google_chat_grpc::proto::chat::v1::chat_service_client::ChatServiceClient;
use google_chat_grpc::proto::chat::v1::*;
use tonic::Code;
use tonic_types::StatusExt;

use crate::emulator_support;

use emulator_support::*;

use google_chat_grpc::emulator::Fault;
use std::time::{Duration, Instant};

#[tokio::test]
async fn scripted_faults_strike_the_next_calls_of_a_method() {
    let (emu, mut c) = start().await;
    let s = team(&mut c, "Team").await;
    emu.faults().inject(
        Fault::fail("CreateMessage", Code::Unavailable)
            .times(2)
            .with_retry_delay(Duration::from_millis(1500)),
    );
    let req = || CreateMessageRequest {
        parent: s.name.clone(),
        message: Some(Message {
            text: "x".into(),
            ..Default::default()
        }),
        ..Default::default()
    };
    for _ in 0..2 {
        let err = c.create_message(as_("user:1", req())).await.unwrap_err();
        assert_eq!(err.code(), Code::Unavailable);
        let retry = err
            .get_error_details()
            .retry_info()
            .cloned()
            .expect("RetryInfo");
        assert_eq!(retry.retry_delay, Some(Duration::from_millis(1500)));
    }
    assert!(
        emu.snapshot().messages.is_empty(),
        "failed calls change nothing"
    );
    c.create_message(as_("user:1", req())).await.unwrap();
    // Other methods are untouched.
    c.get_space(as_(
        "user:1",
        GetSpaceRequest {
            name: s.name.clone(),
            use_admin_access: false,
        },
    ))
    .await
    .unwrap();
    assert_eq!(emu.faults().pending(), 0);
}

#[tokio::test]
async fn after_apply_faults_lose_the_response_but_keep_the_change() {
    let (emu, mut c) = start().await;
    let s = team(&mut c, "Team").await;
    emu.faults()
        .inject(Fault::fail("CreateMessage", Code::DeadlineExceeded).after_apply());
    let req = CreateMessageRequest {
        parent: s.name.clone(),
        request_id: "once".into(),
        message: Some(Message {
            text: "x".into(),
            ..Default::default()
        }),
        ..Default::default()
    };
    assert_eq!(
        c.create_message(as_("user:1", req.clone()))
            .await
            .unwrap_err()
            .code(),
        Code::DeadlineExceeded
    );
    assert_eq!(emu.snapshot().messages.len(), 1);
    // The retry with the same request_id returns the message the lost call created.
    let again = c
        .create_message(as_("user:1", req))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(emu.snapshot().messages.len(), 1);
    assert_eq!(again.name, emu.snapshot().messages[0].name);
}

#[tokio::test]
async fn random_failures_repeat_with_the_same_seed() {
    async fn pattern(seed: u64) -> Vec<bool> {
        let (emu, mut c) = start().await;
        emu.faults()
            .set_random_failures(0.5, seed, Code::Unavailable);
        let mut out = Vec::new();
        for _ in 0..40 {
            out.push(
                c.list_spaces(as_("user:1", ListSpacesRequest::default()))
                    .await
                    .is_err(),
            );
        }
        out
    }
    let a = pattern(7).await;
    assert_eq!(a, pattern(7).await);
    let failures = a.iter().filter(|f| **f).count();
    assert!((8..=32).contains(&failures), "{failures} of 40");
}

#[tokio::test]
async fn latency_and_dropped_connections() {
    let (emu, mut c) = start().await;
    emu.faults().set_latency(Duration::from_millis(150));
    let t = Instant::now();
    c.list_spaces(as_("user:1", ListSpacesRequest::default()))
        .await
        .unwrap();
    assert!(t.elapsed() >= Duration::from_millis(150));
    emu.faults().clear();

    emu.faults().inject(Fault::drop_connection("ListSpaces"));
    let err = c
        .list_spaces(as_("user:1", ListSpacesRequest::default()))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err.code(),
            Code::Unavailable | Code::Unknown | Code::Internal
        ),
        "{err:?}"
    );
    // A new connection works again.
    let mut fresh = ChatServiceClient::connect(emu.uri()).await.unwrap();
    fresh
        .list_spaces(as_("user:1", ListSpacesRequest::default()))
        .await
        .unwrap();
    emu.shutdown().await;
}
