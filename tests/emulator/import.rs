//! Emulator: import mode: `CreateSpace` with `import_mode`, historical `create_time`s on the
//! space, messages and memberships, the space hidden from users until `CompleteImportSpace`,
//! and `import_mode_expire_time`.

use crate::emulator_support;

use emulator_support::*;

use google_chat_grpc::proto::chat::v1::chat_service_client::ChatServiceClient;
use google_chat_grpc::proto::chat::v1::*;
use prost_types::Timestamp;
use tonic::transport::Channel;
use tonic::{Code, Status};

/// 2021-01-01T00:00:00Z plus `days`.
fn past(days: i64) -> Timestamp {
    Timestamp {
        seconds: 1_609_459_200 + days * 86_400,
        nanos: 0,
    }
}

fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

async fn import_space(
    c: &mut ChatServiceClient<Channel>,
    who: &str,
    kind: space::SpaceType,
    name: &str,
) -> Result<Space, Status> {
    c.create_space(as_(
        who,
        CreateSpaceRequest {
            space: Some(Space {
                space_type: kind as i32,
                display_name: name.into(),
                import_mode: true,
                create_time: Some(past(0)),
                ..Default::default()
            }),
            ..Default::default()
        },
    ))
    .await
    .map(|r| r.into_inner())
}

async fn members(c: &mut ChatServiceClient<Channel>, who: &str, space: &str) -> Vec<Membership> {
    c.list_memberships(as_(
        who,
        ListMembershipsRequest {
            parent: space.into(),
            show_invited: true,
            ..Default::default()
        },
    ))
    .await
    .unwrap()
    .into_inner()
    .memberships
}

/// What user `who` finds of the "Legacy" space and its messages from 2021 by searching.
async fn searched(c: &mut ChatServiceClient<Channel>, who: &str) -> Vec<String> {
    let spaces = c
        .search_spaces(as_(
            who,
            SearchSpacesRequest {
                query: r#"space_type = "SPACE" AND display_name:"Legacy""#.into(),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner()
        .results;
    let messages = c
        .search_messages(as_(
            who,
            SearchMessagesRequest {
                parent: "spaces/-".into(),
                filter: "2021".into(),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner()
        .results;
    spaces
        .into_iter()
        .map(|s| s.space.unwrap().name)
        .chain(messages.into_iter().map(|m| m.message.unwrap().name))
        .collect()
}

#[tokio::test]
async fn import_mode_space_keeps_history_and_has_no_members() {
    let (_emu, mut c) = start().await;
    let s = import_space(&mut c, "user:1", space::SpaceType::Space, "Legacy")
        .await
        .unwrap();
    assert!(s.import_mode);
    assert_eq!(s.create_time, Some(past(0)), "historical create_time kept");
    let expire = s.import_mode_expire_time.expect("import_mode_expire_time");
    assert!(expire.seconds > now_secs(), "expires in the future");
    // Import mode: no members are created, not even the caller.
    assert!(members(&mut c, "user:1", &s.name).await.is_empty());

    // Historical messages keep their create_time.
    let m = c
        .create_message(as_(
            "user:1",
            CreateMessageRequest {
                parent: s.name.clone(),
                message: Some(Message {
                    text: "from 2021".into(),
                    create_time: Some(past(3)),
                    ..Default::default()
                }),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(m.create_time, Some(past(3)));

    // Historical memberships keep their create_time and delete_time.
    let mut joined = member("users/2");
    joined.create_time = Some(past(1));
    let joined = c
        .create_membership(as_(
            "user:1",
            CreateMembershipRequest {
                parent: s.name.clone(),
                membership: Some(joined),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(joined.create_time, Some(past(1)));
    assert_eq!(joined.state, membership::MembershipState::Joined as i32);
    let mut left = member("users/3");
    left.create_time = Some(past(1));
    left.delete_time = Some(past(2));
    let left = c
        .create_membership(as_(
            "user:1",
            CreateMembershipRequest {
                parent: s.name.clone(),
                membership: Some(left),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(left.delete_time, Some(past(2)));

    // Other users don't see the space while it is imported, members included.
    for who in ["user:2", "user:9"] {
        let e = c
            .get_space(as_(
                who,
                GetSpaceRequest {
                    name: s.name.clone(),
                    ..Default::default()
                },
            ))
            .await
            .unwrap_err();
        assert!(
            matches!(e.code(), Code::PermissionDenied | Code::NotFound),
            "{who}: {e:?}"
        );
        let listed = c
            .list_spaces(as_(who, ListSpacesRequest::default()))
            .await
            .unwrap()
            .into_inner();
        assert!(listed.spaces.iter().all(|x| x.name != s.name), "{who}");
        let e = c
            .create_message(as_(
                who,
                CreateMessageRequest {
                    parent: s.name.clone(),
                    message: Some(Message {
                        text: "too early".into(),
                        ..Default::default()
                    }),
                    ..Default::default()
                },
            ))
            .await
            .unwrap_err();
        assert!(matches!(e.code(), Code::PermissionDenied | Code::NotFound));
    }
    // Searches don't find it either.
    assert!(searched(&mut c, "user:2").await.is_empty());

    // The creator sees it.
    let got = c
        .get_space(as_(
            "user:1",
            GetSpaceRequest {
                name: s.name.clone(),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert!(got.import_mode);

    // Completing the import: the space leaves import mode and becomes visible.
    let done = c
        .complete_import_space(as_(
            "user:1",
            CompleteImportSpaceRequest {
                name: s.name.clone(),
            },
        ))
        .await
        .unwrap()
        .into_inner()
        .space
        .unwrap();
    assert!(!done.import_mode);
    assert!(done.import_mode_expire_time.is_none());
    assert_eq!(done.create_time, Some(past(0)));
    let got = c
        .get_space(as_(
            "user:2",
            GetSpaceRequest {
                name: s.name.clone(),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(got.name, s.name);
    assert_eq!(
        searched(&mut c, "user:2").await,
        [s.name.clone(), m.name.clone()]
    );
    let msgs = c
        .list_messages(as_(
            "user:2",
            ListMessagesRequest {
                parent: s.name.clone(),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner()
        .messages;
    assert_eq!(msgs.len(), 1);
    assert_eq!(msgs[0].create_time, Some(past(3)));
    // Former members stay former members.
    let now = members(&mut c, "user:2", &s.name).await;
    assert!(now.iter().all(|m| m.name != left.name));
    assert!(now.iter().any(|m| m.name == joined.name));

    // Completing twice, or a space never in import mode, fails.
    let e = c
        .complete_import_space(as_(
            "user:1",
            CompleteImportSpaceRequest {
                name: s.name.clone(),
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::FailedPrecondition);

    // Outside import mode create_time is output only.
    let m = c
        .create_message(as_(
            "user:2",
            CreateMessageRequest {
                parent: s.name.clone(),
                message: Some(Message {
                    text: "live".into(),
                    create_time: Some(past(4)),
                    ..Default::default()
                }),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert!(m.create_time.unwrap().seconds >= now_secs() - 60);
}

#[tokio::test]
async fn import_mode_rules_and_errors() {
    let (_emu, mut c) = start().await;
    // GROUP_CHAT only in import mode.
    let g = import_space(&mut c, "user:1", space::SpaceType::GroupChat, "")
        .await
        .unwrap();
    assert_eq!(g.space_type, space::SpaceType::GroupChat as i32);
    assert!(g.import_mode && g.import_mode_expire_time.is_some());
    let e = c
        .create_space(as_(
            "user:1",
            CreateSpaceRequest {
                space: Some(Space {
                    space_type: space::SpaceType::GroupChat as i32,
                    ..Default::default()
                }),
                ..Default::default()
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);
    assert_eq!(violation_field(&e), "space.space_type");
    // Direct messages can't be imported this way; a SPACE needs a display name.
    let e = import_space(&mut c, "user:1", space::SpaceType::DirectMessage, "")
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);
    let e = import_space(&mut c, "user:1", space::SpaceType::Space, "")
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);
    // Import mode needs user authentication.
    let e = c
        .create_space(as_(
            "app",
            CreateSpaceRequest {
                space: Some(Space {
                    space_type: space::SpaceType::Space as i32,
                    display_name: "By app".into(),
                    import_mode: true,
                    customer: Some("customers/my_customer".into()),
                    ..Default::default()
                }),
                ..Default::default()
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);

    // A space created normally has no expire time, and create_time is output only.
    let live = c
        .create_space(as_(
            "user:1",
            CreateSpaceRequest {
                space: Some(Space {
                    space_type: space::SpaceType::Space as i32,
                    display_name: "Live".into(),
                    create_time: Some(past(0)),
                    ..Default::default()
                }),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert!(!live.import_mode && live.import_mode_expire_time.is_none());
    assert_ne!(live.create_time, Some(past(0)));
    let e = c
        .complete_import_space(as_(
            "user:1",
            CompleteImportSpaceRequest {
                name: live.name.clone(),
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::FailedPrecondition);

    // CompleteImportSpace: user authentication, the importing user, an existing space.
    let e = c
        .complete_import_space(as_(
            "app",
            CompleteImportSpaceRequest {
                name: g.name.clone(),
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);
    let e = c
        .complete_import_space(as_(
            "user:2",
            CompleteImportSpaceRequest {
                name: g.name.clone(),
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);
    let e = c
        .complete_import_space(as_(
            "user:1",
            CompleteImportSpaceRequest {
                name: "spaces/NOPE".into(),
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::NotFound);
    let e = c
        .complete_import_space(as_(
            "user:1",
            CompleteImportSpaceRequest {
                name: "rooms/x".into(),
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);

    // The group chat completes too.
    let done = c
        .complete_import_space(as_(
            "user:1",
            CompleteImportSpaceRequest {
                name: g.name.clone(),
            },
        ))
        .await
        .unwrap()
        .into_inner()
        .space
        .unwrap();
    assert!(!done.import_mode);
}
