//! The headers every call carries, as Google's own clients send them, checked on the wire.

use crate::support;

use std::time::Duration;

use google_chat_grpc::proto::chat::v1::*;
use google_chat_grpc::{CallOptions, RPCS, RpcRequest};
use support::MockChat;

/// Update requests carry a mask: the client checks it before the wire.
fn mask(path: &str) -> Option<prost_types::FieldMask> {
    Some(prost_types::FieldMask {
        paths: vec![path.into()],
    })
}

/// Sends `request` and returns the headers the server saw.
async fn headers_of<R: RpcRequest>(request: R) -> (support::Call, String) {
    let (mock, addr) = MockChat::start().await;
    let client = support::client_builder(addr)
        .quota_project("billing-project")
        .user_agent_suffix("my-app/1.2")
        .build()
        .await
        .unwrap();
    client
        .send_with(
            request,
            CallOptions::default().with_timeout(Duration::from_secs(7)),
        )
        .await
        .unwrap();
    let calls = mock.calls();
    assert_eq!(calls.len(), 1);
    (calls[0].clone(), R::PATH.to_owned())
}

#[tokio::test]
async fn routing_header_follows_each_methods_http_rule() {
    let message = |name: &str| {
        Some(Message {
            name: name.into(),
            ..Default::default()
        })
    };
    let cases: Vec<(support::Call, String, Option<&str>)> = vec![
        {
            let (c, p) = headers_of(CreateMessageRequest {
                parent: "spaces/AAAA".into(),
                ..Default::default()
            })
            .await;
            (c, p, Some("parent=spaces%2FAAAA"))
        },
        {
            let (c, p) = headers_of(UpdateMessageRequest {
                message: message("spaces/AAAA/messages/abc.def-1"),
                update_mask: mask("text"),
                ..Default::default()
            })
            .await;
            (
                c,
                p,
                Some("message.name=spaces%2FAAAA%2Fmessages%2Fabc.def-1"),
            )
        },
        {
            let (c, p) = headers_of(GetMembershipRequest {
                name: "spaces/AAAA/members/alice@example.com".into(),
                ..Default::default()
            })
            .await;
            (
                c,
                p,
                Some("name=spaces%2FAAAA%2Fmembers%2Falice%40example.com"),
            )
        },
        {
            let (c, p) = headers_of(UpdateSpaceReadStateRequest {
                space_read_state: Some(SpaceReadState {
                    name: "users/me/spaces/AAAA/spaceReadState".into(),
                    ..Default::default()
                }),
                update_mask: mask("last_read_time"),
            })
            .await;
            (
                c,
                p,
                Some("space_read_state.name=users%2Fme%2Fspaces%2FAAAA%2FspaceReadState"),
            )
        },
        {
            let (c, p) = headers_of(UpdateSpaceNotificationSettingRequest {
                space_notification_setting: Some(SpaceNotificationSetting {
                    name: "users/me/spaces/AAAA/spaceNotificationSetting".into(),
                    notification_setting: Some(
                        space_notification_setting::NotificationSetting::All as i32,
                    ),
                    ..Default::default()
                }),
                update_mask: mask("notification_setting"),
            })
            .await;
            (
                c,
                p,
                Some(
                    "space_notification_setting.name=users%2Fme%2Fspaces%2FAAAA%2FspaceNotificationSetting",
                ),
            )
        },
        {
            let (c, p) = headers_of(ListSpacesRequest::default()).await;
            (c, p, None)
        },
        {
            let (c, p) = headers_of(SetUpSpaceRequest::default()).await;
            (c, p, None)
        },
    ];

    for (call, path, routing) in cases {
        assert_eq!(call.path, path);
        assert_eq!(call.header("x-goog-request-params"), routing, "{path}");

        let api_client = call.header("x-goog-api-client").expect("x-goog-api-client");
        let parts: Vec<&str> = api_client.split(' ').collect();
        assert_eq!(parts.len(), 3, "{api_client}");
        assert!(parts[0].starts_with("gl-rust/1."), "{api_client}");
        assert_eq!(parts[1], concat!("gccl/", env!("CARGO_PKG_VERSION")));
        assert!(parts[2].starts_with("grpc/0.14"), "{api_client}");
        // Exactly the tonic that is linked: the lock's, and the one tonic's own user agent
        // names.
        assert_eq!(parts[2], format!("grpc/{}", locked_tonic()), "{api_client}");
        let user_agent = call.header("user-agent").unwrap_or_default();
        let tonic = user_agent
            .split(' ')
            .find_map(|part| part.strip_prefix("tonic/"))
            .expect("tonic's user agent");
        assert_eq!(parts[2], format!("grpc/{tonic}"), "{user_agent}");

        let user_agent = call.header("user-agent").expect("user-agent");
        assert!(
            user_agent.starts_with(concat!(
                "google-chat-grpc/",
                env!("CARGO_PKG_VERSION"),
                " my-app/1.2"
            )),
            "{user_agent}"
        );
        assert_eq!(call.header("x-goog-user-project"), Some("billing-project"));
        assert_eq!(
            call.header("authorization"),
            Some("Bearer test-token-s3cr3t")
        );
        // tonic writes the attempt's timeout as grpc-timeout; 7 s, give or take encoding.
        let timeout = call.header("grpc-timeout").expect("grpc-timeout");
        let micros: u64 = timeout
            .trim_end_matches('u')
            .parse()
            .unwrap_or_else(|_| panic!("{timeout}"));
        assert!((6_000_000..=7_000_000).contains(&micros), "{timeout}");

        // gRPC's own headers, as every gRPC client sends them, and no `content-length`
        // (which hyper adds for a body of known size; gRPC clients send none).
        assert_eq!(call.header("te"), Some("trailers"), "{path}");
        assert_eq!(
            call.header("content-type"),
            Some("application/grpc"),
            "{path}"
        );
        assert_eq!(call.header("content-length"), None, "{path}");
    }
}

#[tokio::test]
async fn no_user_project_header_without_a_quota_project() {
    let (mock, addr) = MockChat::start().await;
    let client = support::client_builder(addr).build().await.unwrap();
    client
        .send(GetSpaceRequest {
            name: "spaces/A".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(mock.calls()[0].header("x-goog-user-project"), None);
}

#[test]
fn routing_fields_come_from_the_http_rules_of_all_52_methods() {
    assert_eq!(RPCS.len(), 52);
    let routing = |name: &str| RPCS.iter().find(|r| r.name == name).unwrap().routing_field;
    assert_eq!(routing("CreateMessage"), Some("parent"));
    assert_eq!(routing("UpdateSpace"), Some("space.name"));
    assert_eq!(routing("UpdateMembership"), Some("membership.name"));
    assert_eq!(routing("UpdateAvailability"), Some("availability.name"));
    assert_eq!(routing("FindDirectMessage"), None);
    assert_eq!(routing("CreateCustomEmoji"), None);
    let mut with_request_id: Vec<&str> = RPCS
        .iter()
        .filter(|r| r.has_request_id)
        .map(|r| r.name)
        .collect();
    with_request_id.sort_unstable();
    assert_eq!(
        with_request_id,
        ["CreateMessage", "CreateSpace", "SetUpSpace"]
    );
    let paginated = RPCS.iter().filter(|r| r.paginated).count();
    assert!(paginated >= 10, "{paginated} paginated RPCs");
}

/// A `grpc-timeout` value (`<digits><unit>`) as a duration.
fn parse_grpc_timeout(value: &str) -> Duration {
    let (digits, unit) = value.split_at(value.len() - 1);
    let n: u64 = digits.parse().unwrap_or_else(|_| panic!("{value}"));
    match unit {
        "H" => Duration::from_secs(n * 3600),
        "M" => Duration::from_secs(n * 60),
        "S" => Duration::from_secs(n),
        "m" => Duration::from_millis(n),
        "u" => Duration::from_micros(n),
        "n" => Duration::from_nanos(n),
        _ => panic!("bad grpc-timeout unit: {value}"),
    }
}

#[tokio::test]
async fn grpc_timeout_shrinks_with_the_remaining_deadline() {
    let (mock, addr) = MockChat::start().await;
    mock.push(support::Reply::Fail(tonic::Status::unavailable("once")));
    let client = support::client_builder(addr).build().await.unwrap();
    client
        .send_with(
            GetSpaceRequest {
                name: "spaces/A".into(),
                ..Default::default()
            },
            CallOptions::default()
                .with_timeout(Duration::from_secs(30))
                .with_deadline(Duration::from_secs(2)),
        )
        .await
        .unwrap();
    let calls = mock.calls();
    assert_eq!(calls.len(), 2, "one retry");
    let timeouts: Vec<Duration> = calls
        .iter()
        .map(|c| parse_grpc_timeout(c.header("grpc-timeout").expect("grpc-timeout")))
        .collect();
    // The 30 s attempt timeout is cut to what is left of the 2 s deadline ...
    assert!(timeouts[0] <= Duration::from_secs(2), "{timeouts:?}");
    assert!(timeouts[0] > Duration::from_secs(1), "{timeouts:?}");
    // ... and the retry gets only what the first attempt and the backoff left.
    assert!(timeouts[1] < timeouts[0], "{timeouts:?}");
}

#[tokio::test]
async fn a_callers_channel_sends_its_own_user_agent() {
    let (mock, addr) = MockChat::start().await;
    let channel = tonic::transport::Endpoint::from_shared(format!("http://{addr}"))
        .unwrap()
        .connect()
        .await
        .unwrap();
    let client = google_chat_grpc::ChatClient::from_channel(channel).unwrap();
    client
        .send(GetSpaceRequest {
            name: "spaces/A".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    let agent = mock.calls()[0].header("user-agent").unwrap().to_owned();
    assert!(agent.starts_with("tonic/"), "{agent}");
    assert!(!agent.contains("google-chat-grpc"), "{agent}");

    // Through the builder, the crate's own comes first.
    let (call, _) = headers_of(GetSpaceRequest {
        name: "spaces/A".into(),
        ..Default::default()
    })
    .await;
    let agent = call.header("user-agent").unwrap();
    assert!(agent.starts_with("google-chat-grpc/"), "{agent}");
}

/// The tonic version in this repository's Cargo.lock.
fn locked_tonic() -> String {
    let lock = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.lock"))
        .expect("Cargo.lock");
    let at = lock
        .find("\nname = \"tonic\"\n")
        .expect("tonic in Cargo.lock");
    let rest = &lock[at..];
    let version = rest
        .lines()
        .find_map(|l| l.strip_prefix("version = "))
        .expect("tonic's version");
    version.trim_matches('"').to_owned()
}
