//! The connection pool, unreachable servers, non-gRPC answers, and decoded error details.

use crate::support;

use std::collections::HashSet;
use std::convert::Infallible;
use std::task::{Context, Poll};

use google_chat_grpc::proto::chat::v1::{GetSpaceRequest, Space};
use google_chat_grpc::{ChatClient, ErrorKind};
use prost::Message as _;
use support::{MockChat, Reply};
use tonic::body::Body;
use tonic::{Code, Status};
use tonic_types::{ErrorDetails, StatusExt};

#[tokio::test]
async fn calls_spread_across_the_pools_connections() {
    let (mock, addr) = MockChat::start().await;
    let client = support::client_builder(addr)
        .channels(4)
        .connect()
        .await
        .unwrap();
    for _ in 0..12 {
        client.send(support::get_space()).await.unwrap();
    }
    let peers: Vec<_> = mock
        .calls()
        .iter()
        .map(|c| c.peer.expect("peer address"))
        .collect();
    let distinct: HashSet<_> = peers.iter().collect();
    assert_eq!(distinct.len(), 4, "{peers:?}");
    // Round-robin: each connection took three calls.
    for peer in &distinct {
        assert_eq!(peers.iter().filter(|p| p == peer).count(), 3);
    }
}

#[tokio::test]
async fn one_connection_by_default() {
    let (mock, addr) = MockChat::start().await;
    let client = support::client_builder(addr).build().await.unwrap();
    for _ in 0..5 {
        client.send(support::get_space()).await.unwrap();
    }
    let distinct: HashSet<_> = mock.calls().iter().map(|c| c.peer).collect();
    assert_eq!(distinct.len(), 1);
}

#[tokio::test]
async fn an_unreachable_server_is_a_transient_transport_error() {
    // Bind then drop a listener: the port is closed.
    let addr = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let client = support::client_builder(addr)
        .deadline(std::time::Duration::from_secs(2))
        .build()
        .await
        .unwrap();
    let err = client.send(support::get_space()).await.unwrap_err();
    assert!(err.is_transient(), "{err:?}");
    assert_eq!(err.code(), Some(Code::Unavailable), "{err:?}");
    let last = err.last_attempt().unwrap_or(&err);
    assert_eq!(last.kind(), ErrorKind::Transport, "{err:?}");
    assert!(
        err.attempts() > 1,
        "connection failures are retried: {err:?}"
    );

    let eager = support::client_builder(addr).connect().await.unwrap_err();
    assert_eq!(eager.kind(), ErrorKind::Transport);
}

/// Answers everything with an HTML error page, as a misconfigured proxy would.
#[derive(Clone)]
struct HtmlProxy(u16);

impl tonic::server::NamedService for HtmlProxy {
    const NAME: &'static str = "google.chat.v1.ChatService";
}

impl tower::Service<http::Request<Body>> for HtmlProxy {
    type Response = http::Response<Body>;
    type Error = Infallible;
    type Future = std::future::Ready<Result<Self::Response, Infallible>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, _: http::Request<Body>) -> Self::Future {
        let response = http::Response::builder()
            .status(self.0)
            .header("content-type", "text/html; charset=utf-8")
            .body(Body::new(
                "<html><body>Bad gateway</body></html>".to_owned(),
            ))
            .unwrap();
        std::future::ready(Ok(response))
    }
}

#[tokio::test]
async fn a_non_grpc_answer_says_so() {
    let addr = support::serve(HtmlProxy(404)).await;
    let client = support::client_builder(addr).build().await.unwrap();
    let err = client.send(support::get_space()).await.unwrap_err();
    assert!(err.is_non_grpc_response(), "{err:?}");
    assert_eq!(err.kind(), ErrorKind::Transport);
    assert_eq!(err.code(), Some(Code::Unimplemented));
    let text = err.to_string();
    assert!(
        text.contains("not gRPC") && text.contains("text/html") && text.contains("404"),
        "{text}"
    );

    // A 502 page maps to UNAVAILABLE, so it is retried like any outage.
    let addr = support::serve(HtmlProxy(502)).await;
    let client = support::client_builder(addr).build().await.unwrap();
    let err = client.send(support::get_space()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::RetriesExhausted, "{err:?}");
    assert!(err.last_attempt().unwrap().is_non_grpc_response());
    assert_eq!(err.code(), Some(Code::Unavailable));
}

#[tokio::test]
async fn google_rpc_details_are_decoded() {
    let (mock, addr) = MockChat::start().await;
    let mut details =
        ErrorDetails::with_bad_request_violation("space.display_name", "must not be empty");
    details.set_error_info(
        "INVALID_DISPLAY_NAME",
        "chat.googleapis.com",
        [("space".to_owned(), "spaces/A".to_owned())],
    );
    details.set_localized_message("en-US", "Give the space a name");
    details.add_help_link("setup docs", "https://developers.google.com/workspace/chat");
    details.add_quota_failure_violation("messages-per-space", "per minute");
    mock.push(Reply::Fail(Status::with_error_details(
        Code::InvalidArgument,
        "bad space",
        details,
    )));
    let client = support::client_builder(addr).build().await.unwrap();

    let err = client.send(support::get_space()).await.unwrap_err();

    let bad = err.bad_request().expect("BadRequest");
    assert_eq!(bad.field_violations[0].field, "space.display_name");
    assert_eq!(bad.field_violations[0].description, "must not be empty");
    let info = err.error_info().expect("ErrorInfo");
    assert_eq!(
        (info.reason.as_str(), info.domain.as_str()),
        ("INVALID_DISPLAY_NAME", "chat.googleapis.com")
    );
    assert_eq!(
        info.metadata.get("space").map(String::as_str),
        Some("spaces/A")
    );
    assert_eq!(
        err.localized_message().unwrap().message,
        "Give the space a name"
    );
    assert_eq!(
        err.help().unwrap().links[0].url,
        "https://developers.google.com/workspace/chat"
    );
    assert_eq!(
        err.quota_failure().unwrap().violations[0].subject,
        "messages-per-space"
    );
    assert_eq!(err.status().unwrap().message(), "bad space");
}

#[tokio::test]
async fn from_channel_uses_the_callers_channel() {
    let (mock, addr) = MockChat::start().await;
    let space = Space {
        name: "spaces/A".into(),
        display_name: "Team".into(),
        ..Default::default()
    };
    mock.push(Reply::Ok(space.encode_to_vec().into()));
    let channel = tonic::transport::Endpoint::from_shared(format!("http://{addr}"))
        .unwrap()
        .connect()
        .await
        .unwrap();
    let client = ChatClient::from_channel(channel).unwrap();
    let got = client
        .send(GetSpaceRequest {
            name: "spaces/A".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(got, space);
    let call = &mock.calls()[0];
    assert_eq!(call.path, "/google.chat.v1.ChatService/GetSpace");
    assert_eq!(
        call.header("x-goog-request-params"),
        Some("name=spaces%2FA")
    );
    assert!(call.header("x-goog-api-client").is_some());
}

/// A call's future is moved into place by whoever awaits it (a `memcpy` of its whole size),
/// so its size is a cost: 4.8 KB for a `GetSpace` and 8.6 KB for a `CreateMessage` while
/// tonic's call future sat inside it, 2.7 KB and 4.4 KB with that one boxed, 3.7 KB and
/// 5.4 KB with the crate's own unary call inline (cheaper than the box: BENCHMARKS.md). The
/// bounds leave room for small changes and catch a copy of the request or of a decoded
/// message creeping back in.
#[tokio::test]
async fn a_call_future_stays_small() {
    let (_mock, addr) = MockChat::start().await;
    let client = support::client_builder(addr).connect().await.unwrap();
    let get = client.send(support::get_space());
    let create = client.send(google_chat_grpc::proto::chat::v1::CreateMessageRequest::default());
    let (get_size, create_size) = (std::mem::size_of_val(&get), std::mem::size_of_val(&create));
    eprintln!("GetSpace future {get_size} B, CreateMessage future {create_size} B");
    assert!(get_size < 4_000, "GetSpace future: {get_size} B");
    assert!(create_size < 6_000, "CreateMessage future: {create_size} B");
    drop((get, create));
}

/// The answer's length prefix is checked against `max_decoding_message_size` before its
/// bytes are buffered, with tonic's code for it.
#[tokio::test]
async fn an_answer_over_the_decoding_limit_is_out_of_range() {
    let space = Space {
        name: "spaces/AAAA".into(),
        display_name: "x".repeat(100),
        ..Default::default()
    };
    let addr = MockChat::start_fixed(space.encode_to_vec().into()).await;
    let client = support::client_builder(addr)
        .max_decoding_message_size(64)
        .connect()
        .await
        .unwrap();
    let err = client.send(support::get_space()).await.unwrap_err();
    assert_eq!(err.code(), Some(Code::OutOfRange), "{err}");
    assert!(err.to_string().contains("the limit is: 64 bytes"), "{err}");

    let roomy = support::client_builder(addr)
        .max_decoding_message_size(1 << 10)
        .connect()
        .await
        .unwrap();
    assert_eq!(roomy.send(support::get_space()).await.unwrap(), space);
}
