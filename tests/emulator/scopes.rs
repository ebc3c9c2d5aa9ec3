//! OAuth scopes: a token of the emulator's convention may list the scopes it was granted
//! (`user:alice@example.com;scopes=chat.messages.readonly`), and every RPC accepts the
//! scopes Google's discovery document lists for it, answering a token without any of them
//! as Google's frontends do.

use google_chat_grpc::RPCS;
use google_chat_grpc::auth::scopes;
use google_chat_grpc::proto::chat::v1::*;
use tonic::{Code, Status};
use tonic_types::StatusExt;

use crate::emulator_support::{as_, call_raw, start, team};
use crate::rest::Rest;

fn short(scope: &str) -> &str {
    scope.rsplit('/').next().unwrap_or(scope)
}

#[track_caller]
fn assert_insufficient(status: &Status, rpc: &str) {
    assert_eq!(status.code(), Code::PermissionDenied, "{rpc}: {status:?}");
    assert_eq!(
        status.message(),
        "Request had insufficient authentication scopes.",
        "{rpc}"
    );
    let details = status.get_error_details();
    let info = details.error_info().expect("ErrorInfo");
    assert_eq!(info.reason, "ACCESS_TOKEN_SCOPE_INSUFFICIENT", "{rpc}");
    assert_eq!(info.domain, "googleapis.com", "{rpc}");
    assert_eq!(
        info.metadata.get("method").map(String::as_str),
        Some(format!("google.chat.v1.ChatService.{rpc}").as_str())
    );
    assert_eq!(
        info.metadata.get("service").map(String::as_str),
        Some("chat.googleapis.com")
    );
}

#[tokio::test]
async fn every_rpc_accepts_exactly_its_documented_scopes() {
    let (emu, _) = start().await;
    let channel = tonic::transport::Channel::from_shared(emu.uri())
        .unwrap()
        .connect()
        .await
        .unwrap();
    for rpc in RPCS {
        assert!(!rpc.scopes.is_empty(), "{}", rpc.name);
        // Every other scope of the API: still not enough.
        let others: Vec<&str> = scopes::ALL
            .iter()
            .filter(|s| !rpc.scopes.contains(s))
            .map(|s| short(s))
            .collect();
        let status = call_raw(
            &channel,
            rpc.path,
            &format!("user:1;scopes={}", others.join(",")),
        )
        .await;
        assert_insufficient(&status, rpc.name);
        // Any one of its own: past the scope check (whatever the empty request then does).
        for scope in rpc.scopes {
            for identity in ["user:1", "app"] {
                let status = call_raw(
                    &channel,
                    rpc.path,
                    &format!("{identity};scopes={}", short(scope)),
                )
                .await;
                assert_ne!(
                    status.message(),
                    "Request had insufficient authentication scopes.",
                    "{} with {scope}",
                    rpc.name
                );
            }
        }
    }
}

#[tokio::test]
async fn a_read_only_token_reads_but_cannot_post() {
    let (_emu, mut c) = start().await;
    let space = team(&mut c, "Scoped").await;
    let reader = "user:1;scopes=chat.messages.readonly,chat.spaces.readonly";
    let listed = c
        .list_messages(as_(
            reader,
            ListMessagesRequest {
                parent: space.name.clone(),
                ..Default::default()
            },
        ))
        .await
        .expect("chat.messages.readonly allows ListMessages");
    assert!(listed.into_inner().messages.is_empty());
    c.get_space(as_(
        reader,
        GetSpaceRequest {
            name: space.name.clone(),
            ..Default::default()
        },
    ))
    .await
    .expect("chat.spaces.readonly allows GetSpace");
    let refused = c
        .create_message(as_(
            reader,
            CreateMessageRequest {
                parent: space.name.clone(),
                message: Some(Message {
                    text: "hi".into(),
                    ..Default::default()
                }),
                ..Default::default()
            },
        ))
        .await
        .unwrap_err();
    assert_insufficient(&refused, "CreateMessage");
    // Nothing was posted.
    let listed = c
        .list_messages(as_(
            "user:1",
            ListMessagesRequest {
                parent: space.name.clone(),
                ..Default::default()
            },
        ))
        .await
        .unwrap();
    assert!(listed.into_inner().messages.is_empty());
    // A token without the suffix has every scope, as before scopes were modelled.
    c.create_message(as_(
        "user:1",
        CreateMessageRequest {
            parent: space.name,
            message: Some(Message {
                text: "hi".into(),
                ..Default::default()
            }),
            ..Default::default()
        },
    ))
    .await
    .expect("all scopes");
}

#[tokio::test]
async fn rest_answers_insufficient_scopes_as_google_does() {
    let (emu, mut c) = start().await;
    let space = team(&mut c, "Scoped REST").await;
    let rest = Rest::new(emu.addr(), "user:1;scopes=chat.spaces.readonly");
    let error = rest
        .post(
            &format!("/v1/{}/messages", space.name),
            r#"{"text": "hello"}"#,
        )
        .await
        .err(403);
    assert_eq!(
        error["message"],
        "Request had insufficient authentication scopes."
    );
    assert_eq!(error["status"], "PERMISSION_DENIED");
    let info = &error["details"][0];
    assert_eq!(info["@type"], "type.googleapis.com/google.rpc.ErrorInfo");
    assert_eq!(info["reason"], "ACCESS_TOKEN_SCOPE_INSUFFICIENT");
    assert_eq!(info["domain"], "googleapis.com");
    assert_eq!(
        info["metadata"]["method"],
        "google.chat.v1.ChatService.CreateMessage"
    );
    // Full scope URLs work as well as their last segment.
    let reader = Rest::new(
        emu.addr(),
        "user:1;scopes=https://www.googleapis.com/auth/chat.spaces.readonly",
    );
    let got = reader.get(&format!("/v1/{}", space.name)).await.ok();
    assert_eq!(got["name"], space.name.as_str());
}

#[tokio::test]
async fn an_unknown_scope_is_a_bad_token() {
    let (_emu, mut c) = start().await;
    let err = c
        .list_spaces(as_(
            "user:1;scopes=chat.everything",
            ListSpacesRequest::default(),
        ))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::Unauthenticated);
    assert!(err.message().contains("`chat.everything`"), "{err:?}");
}

#[tokio::test]
async fn chat_client_names_the_scopes_the_method_needs() {
    let (emu, mut c) = start().await;
    let space = team(&mut c, "Scoped client").await;
    let client = emu
        .client("user:1;scopes=chat.spaces.readonly")
        .await
        .unwrap();
    let err = client
        .send_text(&space.name, "hello")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(Code::PermissionDenied));
    assert_eq!(
        err.error_info().map(|i| i.reason),
        Some("ACCESS_TOKEN_SCOPE_INSUFFICIENT".to_owned())
    );
    assert_eq!(
        err.to_string(),
        "CreateMessage: PermissionDenied: Request had insufficient authentication scopes. \
         (CreateMessage needs a \
         token with one of these scopes: chat.bot, chat.import, chat.messages, \
         chat.messages.create; see `RpcInfo::scopes`)"
    );
}

/// "User authentication grants administrator privileges when an administrator account
/// authenticates, `use_admin_access` is `true`, and one of the following authorization
/// scopes is used" (chat_service.proto): an admin scope serves only with admin access, and
/// admin access only with an admin scope, though both kinds pass the method's own check.
#[tokio::test]
async fn admin_scopes_serve_only_with_admin_access() {
    let (_emu, mut c) = start().await;
    let space = team(&mut c, "Administered scopes").await;
    let get = |admin: bool| GetSpaceRequest {
        name: space.name.clone(),
        use_admin_access: admin,
    };
    let admin_reader = "admin:7;scopes=chat.admin.spaces.readonly";
    let plain_reader = "admin:7;scopes=chat.spaces.readonly";
    c.get_space(as_(admin_reader, get(true)))
        .await
        .expect("chat.admin.spaces.readonly with admin access");
    // A member whose token has only the admin scope, asking without admin access.
    let err = c
        .get_space(as_("user:1;scopes=chat.admin.spaces.readonly", get(false)))
        .await
        .unwrap_err();
    assert_insufficient(&err, "GetSpace");
    let err = c.get_space(as_(plain_reader, get(true))).await.unwrap_err();
    assert_insufficient(&err, "GetSpace");
    // Without admin access a member's ordinary scope reads as before.
    c.get_space(as_("user:1;scopes=chat.spaces.readonly", get(false)))
        .await
        .expect("chat.spaces.readonly");

    let list = |admin: bool| ListMembershipsRequest {
        parent: space.name.clone(),
        filter: "member.type = \"HUMAN\"".into(),
        use_admin_access: admin,
        ..Default::default()
    };
    let listed = c
        .list_memberships(as_(
            "admin:7;scopes=chat.admin.memberships.readonly",
            list(true),
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(listed.memberships.len(), 3);
    let err = c
        .list_memberships(as_("admin:7;scopes=chat.memberships.readonly", list(true)))
        .await
        .unwrap_err();
    assert_insufficient(&err, "ListMemberships");
    let err = c
        .delete_space(as_(
            "admin:7;scopes=chat.delete",
            DeleteSpaceRequest {
                name: space.name.clone(),
                use_admin_access: true,
            },
        ))
        .await
        .unwrap_err();
    assert_insufficient(&err, "DeleteSpace");
}
