//! `chat_service.proto`, the method comments: which kinds of authentication each RPC
//! supports, read from the comments themselves (a proto refresh that changes one fails
//! here), and ListSpaces leaving out DMs and group chats without messages.

use google_chat_grpc::RPCS;

use super::*;

/// Each RPC of chat_service.proto with whether its comment links user authentication and
/// app authentication.
fn documented_kinds() -> Vec<(String, bool, bool)> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/proto/google/chat/v1/chat_service.proto"
    );
    let text = std::fs::read_to_string(path).expect("chat_service.proto");
    let mut out = Vec::new();
    let mut comment = String::new();
    for line in text.lines().map(str::trim) {
        if let Some(c) = line.strip_prefix("//") {
            comment.push_str(c);
            comment.push('\n');
            continue;
        }
        if let Some(rest) = line.strip_prefix("rpc ") {
            let name = rest.split('(').next().unwrap_or_default().to_owned();
            out.push((
                name,
                comment.contains("authenticate-authorize-chat-user"),
                comment.contains("authenticate-authorize-chat-app"),
            ));
        }
        comment.clear();
    }
    out
}

#[tokio::test]
async fn every_rpc_supports_the_authentication_its_comment_documents() {
    let (emu, _) = start().await;
    let channel = tonic::transport::Channel::from_shared(emu.uri())
        .unwrap()
        .connect()
        .await
        .unwrap();
    let kinds = documented_kinds();
    assert_eq!(kinds.len(), RPCS.len(), "{kinds:?}");
    for (name, user, app) in kinds {
        assert!(user || app, "{name}: no authentication documented");
        let rpc = RPCS
            .iter()
            .find(|r| r.name == name)
            .unwrap_or_else(|| panic!("{name} is not in RPCS"));
        for (token, supported, refusal) in [
            ("user:1", user, "requires app authentication"),
            ("app", app, "requires user authentication"),
        ] {
            let status = call_raw(&channel, rpc.path, token).await;
            let refused =
                status.code() == Code::PermissionDenied && status.message().contains(refusal);
            assert_eq!(
                refused,
                !supported,
                "{name} with `{token}`: documented {}, got {status:?}",
                if supported {
                    "supported"
                } else {
                    "unsupported"
                }
            );
        }
    }
}

#[tokio::test]
async fn list_spaces_leaves_out_dms_and_group_chats_until_their_first_message_find_direct_message_doesnt()
 {
    let (_emu, mut c) = start().await;
    let named_space = team(&mut c, "Listed").await;
    let set_up = |space_type: space::SpaceType, users: &[&str]| SetUpSpaceRequest {
        space: Some(Space {
            space_type: space_type as i32,
            ..Default::default()
        }),
        memberships: users.iter().map(|u| member(u)).collect(),
        ..Default::default()
    };
    let dm = c
        .set_up_space(as_(
            "user:1",
            set_up(space::SpaceType::DirectMessage, &["users/2"]),
        ))
        .await
        .unwrap()
        .into_inner();
    let group = c
        .set_up_space(as_(
            "user:1",
            set_up(space::SpaceType::GroupChat, &["users/2", "users/3"]),
        ))
        .await
        .unwrap()
        .into_inner();
    let listed = |c: chat_service_client::ChatServiceClient<tonic::transport::Channel>| async move {
        let mut c = c;
        let mut names: Vec<String> = c
            .list_spaces(as_("user:2", ListSpacesRequest::default()))
            .await
            .unwrap()
            .into_inner()
            .spaces
            .into_iter()
            .map(|s| s.name)
            .collect();
        names.sort();
        names
    };
    assert_eq!(
        listed(c.clone()).await,
        std::slice::from_ref(&named_space.name)
    );
    // FindDirectMessage finds the DM all the same; no DM is NOT_FOUND.
    let find = |name: &str| FindDirectMessageRequest { name: name.into() };
    let found = c
        .find_direct_message(as_("user:1", find("users/2")))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(found.name, dm.name);
    let e = c
        .find_direct_message(as_("user:1", find("users/3")))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::NotFound);
    post(&mut c, "user:2", &dm.name, "hello").await;
    post(&mut c, "user:3", &group.name, "hi all").await;
    let mut all = vec![named_space.name, dm.name, group.name];
    all.sort();
    assert_eq!(listed(c.clone()).await, all);
}

/// SearchMessages leaves out private messages the caller can see and messages in a DM with
/// a Chat app (chat_service.proto, SearchMessages); ListMessages shows them.
#[tokio::test]
async fn search_messages_leaves_out_private_messages_and_app_dms() {
    let (_emu, mut c) = start().await;
    let s = team(&mut c, "Searchable").await;
    add_app(&mut c, "user:1", &s.name).await;
    c.create_message(as_(
        "app",
        CreateMessageRequest {
            parent: s.name.clone(),
            message: Some(Message {
                text: "needle private".into(),
                private_message_viewer: Some(User {
                    name: "users/1".into(),
                    ..Default::default()
                }),
                ..Default::default()
            }),
            ..Default::default()
        },
    ))
    .await
    .unwrap();
    let bot_dm = c
        .set_up_space(as_(
            "user:1",
            SetUpSpaceRequest {
                space: Some(Space {
                    space_type: space::SpaceType::DirectMessage as i32,
                    single_user_bot_dm: true,
                    ..Default::default()
                }),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    post(&mut c, "user:1", &bot_dm.name, "needle in the app dm").await;
    post(&mut c, "user:1", &s.name, "needle public").await;

    let found: Vec<String> = c
        .search_messages(as_(
            "user:1",
            SearchMessagesRequest {
                parent: "spaces/-".into(),
                filter: "needle".into(),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner()
        .results
        .into_iter()
        .filter_map(|r| r.message.map(|m| m.text))
        .collect();
    assert_eq!(found, ["needle public"]);
    let listed = c
        .list_messages(as_(
            "user:1",
            ListMessagesRequest {
                parent: s.name.clone(),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner()
        .messages;
    assert!(listed.iter().any(|m| m.text == "needle private"));
}
