//! One port, one state: REST over HTTP/1.1 and h2c next to gRPC, sharing state and the
//! caller convention; Google's system parameters and method override.

use google_chat_grpc::emulator::Emulator;
use google_chat_grpc::proto::chat::v1::chat_service_client::ChatServiceClient;
use google_chat_grpc::proto::chat::v1::*;

use crate::emulator_support::as_;

use super::{Rest, Version, s, send, send_raw, team};

#[tokio::test]
async fn grpc_http1_and_h2c_share_one_port_and_one_state() {
    let emu = Emulator::builder().start().await.unwrap();
    let addr = emu.addr();
    let mut grpc = ChatServiceClient::connect(emu.uri()).await.unwrap();
    // REST creates, gRPC reads.
    let u1 = Rest::new(addr, "user:1");
    let space = team(&u1, "Both").await;
    let got = grpc
        .get_space(as_(
            "user:1",
            GetSpaceRequest {
                name: space.clone(),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(got.display_name, "Both");
    // gRPC creates, REST reads over both HTTP versions.
    let m = grpc
        .create_message(as_(
            "user:2",
            CreateMessageRequest {
                parent: space.clone(),
                message: Some(Message {
                    text: "over gRPC".into(),
                    ..Default::default()
                }),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    for version in [Version::Http1, Version::H2c] {
        let r = send(
            addr,
            version,
            "GET",
            &format!("/v1/{}", m.name),
            Some("user:1"),
            None,
        )
        .await;
        let json = r.ok();
        assert_eq!(s(&json, "text"), "over gRPC");
        assert_eq!(json["sender"]["name"], "users/2");
    }
    // gRPC still works on the same connection kind after REST traffic.
    let list = grpc
        .list_spaces(as_("user:1", ListSpacesRequest::default()))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(list.spaces.len(), 1);
}

#[tokio::test]
async fn system_parameters_tokens_and_method_override() {
    let emu = Emulator::builder().start().await.unwrap();
    let addr = emu.addr();
    let u1 = Rest::new(addr, "user:1");
    let space = team(&u1, "System").await;
    // `access_token` as the caller when there is no Authorization header.
    let r = send(
        addr,
        Version::Http1,
        "GET",
        &format!("/v1/{space}?access_token=user:2"),
        None,
        None,
    )
    .await;
    assert_eq!(s(&r.ok(), "name"), space);
    // Pretty-printed by default, compact with prettyPrint=false.
    let pretty = u1.get(&format!("/v1/{space}")).await;
    assert!(pretty.text.contains("\n  \""), "{}", pretty.text);
    let compact = u1.get(&format!("/v1/{space}?prettyPrint=false")).await;
    assert!(!compact.text.contains('\n'), "{}", compact.text);
    assert_eq!(pretty.json, compact.json);
    // A GET sent as a POST with X-HTTP-Method-Override.
    let r = send_raw(
        addr,
        Version::Http1,
        "POST",
        &format!("/v1/{space}/members?pageSize=10"),
        Some("user:1"),
        &[("x-http-method-override", "GET")],
        None,
    )
    .await;
    assert_eq!(r.ok()["memberships"].as_array().unwrap().len(), 3);
    // The media endpoints answer on the same port (tests/emulator/media.rs): an upload
    // without `uploadType` is a typed 400.
    let r = send(
        addr,
        Version::Http1,
        "POST",
        "/upload/v1/spaces/x/attachments:upload",
        Some("user:1"),
        None,
    )
    .await;
    assert_eq!(r.status, 400, "{}", r.text);
    assert_eq!(r.json["error"]["status"], "INVALID_ARGUMENT");
}
