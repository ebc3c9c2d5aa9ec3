//! Google's service config per method: the methods it marks non-idempotent are not retried
//! unless the call asks, the others retry `UNAVAILABLE`.

use crate::support;

use google_chat_grpc::proto::chat::v1::*;
use google_chat_grpc::retry::DefaultRetryPolicy;
use google_chat_grpc::{CallOptions, RPCS, RetryClass, RpcRequest};
use support::{MockChat, Reply};
use tonic::{Code, Status};

fn unavailable() -> Reply {
    Reply::Fail(Status::unavailable("try again"))
}

fn pin() -> CreateMessagePinRequest {
    CreateMessagePinRequest {
        parent: "spaces/A".into(),
        message_pin: Some(MessagePin {
            message: "spaces/A/messages/m".into(),
            ..Default::default()
        }),
    }
}

#[test]
fn the_table_follows_the_service_config() {
    let non_idempotent: Vec<_> = RPCS
        .iter()
        .filter(|rpc| rpc.retry == RetryClass::NonIdempotent)
        .map(|rpc| rpc.name)
        .collect();
    assert_eq!(
        non_idempotent,
        ["ListMessagePins", "CreateMessagePin", "DeleteMessagePin"]
    );
    assert_eq!(RPCS.len() - non_idempotent.len(), 49);
    assert_eq!(CreateMessagePinRequest::RETRY, RetryClass::NonIdempotent);
    assert_eq!(CreateMessageRequest::RETRY, RetryClass::Idempotent);
}

#[tokio::test]
async fn a_non_idempotent_method_is_tried_once() {
    let (mock, addr) = MockChat::start().await;
    mock.push_n(3, unavailable);
    let client = support::client_builder(addr).build().await.unwrap();

    let err = client.send(pin()).await.unwrap_err();

    assert_eq!(err.code(), Some(Code::Unavailable), "{err}");
    assert_eq!(mock.calls().len(), 1, "one attempt only");

    // The same failure on a method Google retries is retried.
    let (mock, addr) = MockChat::start().await;
    mock.push_n(2, unavailable);
    let client = support::client_builder(addr).build().await.unwrap();
    client.send(support::get_space()).await.unwrap();
    assert_eq!(mock.calls().len(), 3);
}

#[tokio::test]
async fn a_call_can_still_ask_for_retries() {
    let (mock, addr) = MockChat::start().await;
    mock.push_n(2, unavailable);
    let client = support::client_builder(addr).build().await.unwrap();

    client
        .send_with(
            pin(),
            CallOptions::default().with_retry_policy(DefaultRetryPolicy::default()),
        )
        .await
        .unwrap();

    assert_eq!(mock.calls().len(), 3, "2 failures + 1 success");
}
