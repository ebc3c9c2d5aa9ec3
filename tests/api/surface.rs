//! The generated surface: for every RPC, the request builder (every setter called with a
//! sample's values) and the raw request struct put the same bytes on the wire; invalid
//! resource names fail before the wire.

use crate::support;

use google_chat_grpc::ErrorKind;
use google_chat_grpc::proto::chat::v1::*;
use google_chat_grpc::{ChatClient, RpcRequest};
use support::MockChat;
use support::samples::typed_sample;

/// `via_builder_<rpc>` for every RPC, and `for_each_rpc!`, generated with the builders.
#[macro_use]
#[allow(clippy::clone_on_copy)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/chat_surface_tests.rs"));
}
use generated::*;

/// The routing field of the sample is replaced with a valid name for the method, since the
/// sampler's strings (`parent-1`) are not names, and an update mask with a valid path.
fn made_sendable<R: RpcRequest>(request: R) -> R {
    let Some((field, _)) = request.routing_param() else {
        return request;
    };
    let info = google_chat_grpc::RPCS
        .iter()
        .find(|r| r.path == R::PATH)
        .unwrap();
    assert_eq!(info.routing_field, Some(field));
    // Re-encode with the routing field set through prost-reflect, whatever its nesting.
    let pool = support::samples::pool();
    let desc = pool.get_message_by_name(info.request_type).unwrap();
    let mut dynamic = prost_reflect::DynamicMessage::decode(
        desc,
        prost::Message::encode_to_vec(&request).as_slice(),
    )
    .unwrap();
    let value = prost_reflect::Value::String(valid_name(info.name).to_owned());
    match field.split_once('.') {
        None => dynamic.set_field_by_name(field, value),
        Some((outer, inner)) => {
            let mut nested = dynamic
                .get_field_by_name(outer)
                .unwrap()
                .as_message()
                .unwrap()
                .clone();
            nested.set_field_by_name(inner, value);
            dynamic.set_field_by_name(outer, prost_reflect::Value::Message(nested));
        }
    }
    // And an update mask the method's rules accept: the sampler's paths name no field.
    if let Some(path) = valid_mask_path(info.name) {
        let mask = prost_types::FieldMask {
            paths: vec![path.to_owned()],
        };
        let mask = prost_reflect::DynamicMessage::decode(
            pool.get_message_by_name("google.protobuf.FieldMask")
                .unwrap(),
            prost::Message::encode_to_vec(&mask).as_slice(),
        )
        .unwrap();
        dynamic.set_field_by_name("update_mask", prost_reflect::Value::Message(mask));
    }
    R::decode(prost::Message::encode_to_vec(&dynamic).as_slice()).unwrap()
}

/// A mask path each `Update*` method accepts with the sample's values.
fn valid_mask_path(rpc: &str) -> Option<&'static str> {
    Some(match rpc {
        "UpdateMessage" => "text",
        "UpdateSpace" => "display_name",
        "UpdateMembership" => "role",
        "UpdateSpaceReadState" => "last_read_time",
        "UpdateSpaceNotificationSetting" => "notification_setting",
        "UpdateSection" => "display_name",
        "UpdateAvailability" => "custom_status",
        _ => return None,
    })
}

/// A name of the right shape for each method's routing field.
fn valid_name(rpc: &str) -> &'static str {
    match rpc {
        "CreateMessage"
        | "ListMessages"
        | "ListMemberships"
        | "SearchMessages"
        | "UploadAttachment"
        | "GetSpace"
        | "DeleteSpace"
        | "CompleteImportSpace"
        | "CreateMembership"
        | "UpdateSpace"
        | "ListMessagePins"
        | "CreateMessagePin"
        | "ListSpaceEvents" => "spaces/AAAA",
        "GetMessage" | "UpdateMessage" | "DeleteMessage" | "CreateReaction" | "ListReactions" => {
            "spaces/AAAA/messages/client-1"
        }
        "GetMembership" | "UpdateMembership" | "DeleteMembership" => "spaces/AAAA/members/app",
        "GetAttachment" => "spaces/AAAA/messages/m/attachments/a",
        "DeleteReaction" => "spaces/AAAA/messages/m/reactions/r",
        "DeleteMessagePin" => "spaces/AAAA/messagePins/p",
        "GetCustomEmoji" | "DeleteCustomEmoji" => "customEmojis/e",
        "GetSpaceReadState" | "UpdateSpaceReadState" => "users/me/spaces/AAAA/spaceReadState",
        "GetThreadReadState" => "users/me/spaces/AAAA/threads/t/threadReadState",
        "GetAvailability" | "MarkAsActive" | "MarkAsAway" | "MarkAsDoNotDisturb"
        | "UpdateAvailability" => "users/me/availability",
        "GetSpaceEvent" => "spaces/AAAA/spaceEvents/e",
        "GetSpaceNotificationSetting" | "UpdateSpaceNotificationSetting" => {
            "users/alice@example.com/spaces/AAAA/spaceNotificationSetting"
        }
        "CreateSection" | "ListSections" => "users/me",
        "DeleteSection" | "UpdateSection" | "PositionSection" | "ListSectionItems" => {
            "users/me/sections/s"
        }
        "MoveSectionItem" => "users/me/sections/s/items/i",
        other => panic!("no valid name for {other}"),
    }
}

#[tokio::test]
async fn builder_and_raw_struct_put_the_same_bytes_on_the_wire_for_every_rpc() {
    let (mock, addr) = MockChat::start().await;
    let client = support::client_builder(addr).build().await.unwrap();
    let mut checked = Vec::new();

    macro_rules! check {
        ($method:ident, $rpc:ident, $req:ty, $via:ident) => {{
            let request: $req = made_sendable(typed_sample(
                <$req as RpcRequest>::PATH
                    .rsplit('/')
                    .next()
                    .map(|m| format!("google.chat.v1.{m}Request"))
                    .unwrap()
                    .as_str(),
                0,
            ));
            let before = mock.calls().len();
            client
                .send(request.clone())
                .await
                .unwrap_or_else(|e| panic!("{}: raw: {e}", stringify!($rpc)));
            $via(&client, request.clone())
                .send()
                .await
                .unwrap_or_else(|e| panic!("{}: builder: {e}", stringify!($rpc)));
            let calls = mock.calls();
            assert_eq!(calls.len(), before + 2);
            let (raw, built) = (&calls[before], &calls[before + 1]);
            assert_eq!(
                raw.path,
                format!("/google.chat.v1.ChatService/{}", stringify!($rpc))
            );
            assert_eq!(built.path, raw.path);
            assert_eq!(
                built.body,
                raw.body,
                "{}: the builder sent different bytes",
                stringify!($rpc)
            );
            assert_eq!(
                raw.decode::<$req>(),
                request,
                "{}: the request changed on the way",
                stringify!($rpc)
            );
            checked.push(stringify!($rpc));
        }};
    }
    for_each_rpc!(check);

    assert_eq!(checked.len(), 52);
}

#[tokio::test]
async fn a_bad_name_fails_before_the_wire_naming_the_pattern() {
    let (mock, addr) = MockChat::start().await;
    let client = support::client_builder(addr).build().await.unwrap();

    let err = client
        .create_message("space/AAAA")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    assert_eq!(err.code(), Some(tonic::Code::InvalidArgument));
    assert_eq!(
        err.to_string(),
        r#"CreateMessage: parent is "space/AAAA": expected a name like spaces/{space} (segment 1 should be `spaces`)"#
    );

    let err = client
        .get_message("spaces/AAAA/messages/")
        .send()
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("spaces/{space}/messages/{message}"),
        "{err}"
    );

    // An update without its resource: the documented rules speak first (src/validate.rs),
    // naming the missing resource rather than the field path of its name.
    let err = client.update_space().send().await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "UpdateSpace: `space` is required and missing; it carries the resource name and the new values"
    );

    let err = client
        .send(GetSpaceReadStateRequest {
            name: "users/me/spaces/AAAA".into(),
        })
        .await
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("users/{user}/spaces/{space}/spaceReadState"),
        "{err}"
    );

    assert!(mock.calls().is_empty(), "nothing went on the wire");
}

#[tokio::test]
async fn aliases_the_api_accepts_are_accepted() {
    let (mock, addr) = MockChat::start().await;
    let client = support::client_builder(addr).build().await.unwrap();
    client
        .delete_membership("spaces/AAAA/members/app")
        .send()
        .await
        .unwrap();
    client
        .get_membership("spaces/AAAA/members/alice@example.com")
        .send()
        .await
        .unwrap();
    client
        .get_message("spaces/AAAA/messages/client-custom-id")
        .send()
        .await
        .unwrap();
    client
        .get_space_read_state("users/me/spaces/AAAA/spaceReadState")
        .send()
        .await
        .unwrap();
    client.search_messages("spaces/-").send().await.unwrap();
    assert_eq!(mock.calls().len(), 5);
}

#[test]
fn client_methods_take_the_routing_field() {
    // Compile-time shape of the surface: these lines are the documentation's promises.
    fn _shape(client: ChatClient) {
        let _ = client.create_message("spaces/A").set_request_id("r");
        let _ = client.list_spaces().set_page_size(10);
        let _ = client.set_up_space().set_space(Space::default());
        let _ = client.update_message().set_message(Message::default());
        let _ = client.get_space("spaces/A").set_use_admin_access(true);
    }
}
