//! Emulator: spaces and identity (SetUpSpace rules, CreateSpace idempotency, UpdateSpace
//! masks, ListSpaces filters and page tokens, authentication), through the generated client.

use crate::emulator_support;

use emulator_support::*;

use google_chat_grpc::emulator::{Emulator, EmulatorHandle};
use google_chat_grpc::proto::chat::v1::chat_service_client::ChatServiceClient;
use google_chat_grpc::proto::chat::v1::*;
use prost_types::FieldMask;
use tonic::transport::Channel;
use tonic::{Code, Request};

async fn start() -> (EmulatorHandle, ChatServiceClient<Channel>) {
    let emulator = Emulator::builder()
        .user("alice@example.com", "111", "Alice")
        .start()
        .await
        .expect("start");
    let client = ChatServiceClient::connect(emulator.uri())
        .await
        .expect("connect");
    (emulator, client)
}

fn named_space(name: &str) -> Space {
    Space {
        space_type: space::SpaceType::Space as i32,
        display_name: name.into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn set_up_space_follows_the_documented_rules() {
    let (emu, mut c) = start().await;
    let alice = "user:alice@example.com";

    // SPACE needs a display name; the error names the field.
    let err = c
        .set_up_space(as_(
            alice,
            SetUpSpaceRequest {
                space: Some(named_space("")),
                ..Default::default()
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::InvalidArgument);
    assert_eq!(violation_field(&err), "space.display_name");

    // A space with members; the caller joins as manager, the email alias resolves.
    let space = c
        .set_up_space(as_(
            alice,
            SetUpSpaceRequest {
                space: Some(named_space("Launch")),
                memberships: vec![member("users/bob@example.com")],
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert!(space.name.starts_with("spaces/AAAA"), "{}", space.name);
    assert_eq!(
        space
            .membership_count
            .unwrap()
            .joined_direct_human_user_count,
        2
    );
    let snap = emu.snapshot();
    let members: Vec<_> = snap.members_of(&space.name).collect();
    assert_eq!(members.len(), 2);
    assert!(
        members
            .iter()
            .any(|m| m.name == format!("{}/members/111", space.name)
                && m.role == membership::MembershipRole::RoleManager as i32)
    );

    // Duplicate display name.
    let err = c
        .set_up_space(as_(
            "user:carol",
            SetUpSpaceRequest {
                space: Some(named_space("launch")),
                ..Default::default()
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::AlreadyExists);

    // GROUP_CHAT: no display name, at least two memberships.
    let group = |ms: Vec<Membership>, name: &str| SetUpSpaceRequest {
        space: Some(Space {
            space_type: space::SpaceType::GroupChat as i32,
            display_name: name.into(),
            ..Default::default()
        }),
        memberships: ms,
        ..Default::default()
    };
    let err = c
        .set_up_space(as_(alice, group(vec![member("users/2")], "")))
        .await
        .unwrap_err();
    assert_eq!(violation_field(&err), "memberships");
    let err = c
        .set_up_space(as_(
            alice,
            group(vec![member("users/2"), member("users/3")], "x"),
        ))
        .await
        .unwrap_err();
    assert_eq!(violation_field(&err), "space.display_name");
    c.set_up_space(as_(
        alice,
        group(vec![member("users/2"), member("users/3")], ""),
    ))
    .await
    .unwrap();

    // Groups only in SPACE.
    let mut g = group(vec![member("users/2"), member("users/3")], "");
    g.memberships.push(Membership {
        member_type: Some(membership::MemberType::GroupMember(Group {
            name: "groups/9".into(),
        })),
        ..Default::default()
    });
    assert_eq!(
        c.set_up_space(as_(alice, g)).await.unwrap_err().code(),
        Code::InvalidArgument
    );

    // DIRECT_MESSAGE: exactly one human; an existing DM is returned, not duplicated.
    let dm = |ms: Vec<Membership>| SetUpSpaceRequest {
        space: Some(Space {
            space_type: space::SpaceType::DirectMessage as i32,
            ..Default::default()
        }),
        memberships: ms,
        ..Default::default()
    };
    let err = c
        .set_up_space(as_(alice, dm(vec![member("users/2"), member("users/3")])))
        .await
        .unwrap_err();
    assert_eq!(violation_field(&err), "memberships");
    let a = c
        .set_up_space(as_(alice, dm(vec![member("users/2")])))
        .await
        .unwrap()
        .into_inner();
    let b = c
        .set_up_space(as_("user:2", dm(vec![member("users/alice@example.com")])))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(a.name, b.name);
    let found = c
        .find_direct_message(as_(
            alice,
            FindDirectMessageRequest {
                name: "users/2".into(),
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(found.name, a.name);

    // At most 49 memberships besides the caller.
    let many = (0..50)
        .map(|i| member(&format!("users/{}", 1000 + i)))
        .collect();
    let err = c
        .set_up_space(as_(
            alice,
            SetUpSpaceRequest {
                space: Some(named_space("Big")),
                memberships: many,
                ..Default::default()
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(violation_field(&err), "memberships");

    // SetUpSpace needs user authentication.
    let err = c
        .set_up_space(as_(
            "app",
            SetUpSpaceRequest {
                space: Some(named_space("Bot")),
                ..Default::default()
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::PermissionDenied);
}

#[tokio::test]
async fn request_id_makes_creation_idempotent_per_caller() {
    let (emu, mut c) = start().await;
    let req = || CreateSpaceRequest {
        space: Some(named_space("Once")),
        request_id: "r-1".into(),
    };
    let a = c
        .create_space(as_("user:1", req()))
        .await
        .unwrap()
        .into_inner();
    let b = c
        .create_space(as_("user:1", req()))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(a.name, b.name);
    assert_eq!(emu.snapshot().spaces.len(), 1);
    let err = c.create_space(as_("user:2", req())).await.unwrap_err();
    assert_eq!(err.code(), Code::InvalidArgument);
    assert_eq!(violation_field(&err), "request_id");

    let setup = || SetUpSpaceRequest {
        space: Some(named_space("Twice")),
        request_id: "r-2".into(),
        ..Default::default()
    };
    let a = c
        .set_up_space(as_("user:1", setup()))
        .await
        .unwrap()
        .into_inner();
    let b = c
        .set_up_space(as_("user:1", setup()))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(a.name, b.name);
    assert!(c.set_up_space(as_("user:3", setup())).await.is_err());

    // An app creating a space must name the customer, and joins as a plain member.
    let err = c
        .create_space(as_(
            "app",
            CreateSpaceRequest {
                space: Some(named_space("Bots")),
                request_id: String::new(),
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(violation_field(&err), "space.customer");
    let mut s = named_space("Bots");
    s.customer = Some("customers/my_customer".into());
    let bots = c
        .create_space(as_(
            "app",
            CreateSpaceRequest {
                space: Some(s),
                request_id: String::new(),
            },
        ))
        .await
        .unwrap()
        .into_inner();
    let m = c
        .get_membership(as_(
            "app",
            GetMembershipRequest {
                name: format!("{}/members/app", bots.name),
                use_admin_access: false,
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(m.role, membership::MembershipRole::RoleMember as i32);
}

fn mask(paths: &[&str]) -> Option<FieldMask> {
    Some(FieldMask {
        paths: paths.iter().map(|p| p.to_string()).collect(),
    })
}

#[tokio::test]
async fn update_space_masks_follow_the_space_type() {
    let (emu, mut c) = start().await;
    let space = c
        .set_up_space(as_(
            "user:1",
            SetUpSpaceRequest {
                space: Some(named_space("Old")),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    let upd = |s: Space, paths: &[&str]| UpdateSpaceRequest {
        space: Some(s),
        update_mask: mask(paths),
        use_admin_access: false,
    };
    let mut s = space.clone();
    s.display_name = "New".into();
    s.space_details = Some(space::SpaceDetails {
        description: "d".into(),
        guidelines: "g".into(),
    });
    let out = c
        .update_space(as_(
            "user:1",
            upd(s.clone(), &["displayName", "space_details"]),
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(out.display_name, "New");
    assert_eq!(out.space_details.unwrap().description, "d");

    // Unknown paths, `space_history_state` combined, and a SPACE -> GROUP_CHAT change are invalid.
    for paths in [&["name"][..], &["space_history_state", "display_name"][..]] {
        let err = c
            .update_space(as_("user:1", upd(s.clone(), paths)))
            .await
            .unwrap_err();
        assert_eq!(
            (err.code(), violation_field(&err).as_str()),
            (Code::InvalidArgument, "update_mask"),
            "{paths:?}"
        );
    }
    let mut g = s.clone();
    g.space_type = space::SpaceType::GroupChat as i32;
    assert_eq!(
        c.update_space(as_("user:1", upd(g, &["space_type"])))
            .await
            .unwrap_err()
            .code(),
        Code::InvalidArgument
    );
    assert_eq!(
        c.update_space(as_("user:1", upd(s.clone(), &[])))
            .await
            .unwrap_err()
            .code(),
        Code::InvalidArgument
    );

    // GROUP_CHAT -> SPACE needs display_name in the mask with a non-empty name.
    let gc = c
        .set_up_space(as_(
            "user:1",
            SetUpSpaceRequest {
                space: Some(Space {
                    space_type: space::SpaceType::GroupChat as i32,
                    ..Default::default()
                }),
                memberships: vec![member("users/2"), member("users/3")],
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    let mut conv = gc.clone();
    conv.display_name = "Promoted".into();
    assert_eq!(
        c.update_space(as_("user:1", upd(conv.clone(), &["display_name"])))
            .await
            .unwrap_err()
            .code(),
        Code::InvalidArgument
    );
    conv.space_type = space::SpaceType::Space as i32;
    assert_eq!(
        c.update_space(as_("user:1", upd(conv.clone(), &["space_type"])))
            .await
            .unwrap_err()
            .code(),
        Code::InvalidArgument
    );
    let done = c
        .update_space(as_("user:1", upd(conv, &["space_type", "display_name"])))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(done.space_type, space::SpaceType::Space as i32);

    // Non-members can't see or change the space; each update is a space.v1.updated event.
    assert_eq!(
        c.get_space(as_(
            "user:9",
            GetSpaceRequest {
                name: space.name.clone(),
                use_admin_access: false
            }
        ))
        .await
        .unwrap_err()
        .code(),
        Code::PermissionDenied
    );
    assert!(
        c.get_space(as_(
            "admin:9",
            GetSpaceRequest {
                name: space.name.clone(),
                use_admin_access: true
            }
        ))
        .await
        .is_ok()
    );
    assert_eq!(
        c.get_space(as_(
            "user:9",
            GetSpaceRequest {
                name: space.name.clone(),
                use_admin_access: true
            }
        ))
        .await
        .unwrap_err()
        .code(),
        Code::PermissionDenied
    );
    let events = emu.snapshot().space_events;
    assert!(
        events
            .iter()
            .any(|e| e.event_type == "google.workspace.chat.space.v1.updated"
                && matches!(
                    e.payload,
                    Some(space_event::Payload::SpaceUpdatedEventData(_))
                ))
    );
}

#[tokio::test]
async fn list_spaces_filters_pages_and_authenticates() {
    let (_emu, mut c) = start().await;
    for i in 0..5 {
        c.set_up_space(as_(
            "user:1",
            SetUpSpaceRequest {
                space: Some(named_space(&format!("S{i}"))),
                ..Default::default()
            },
        ))
        .await
        .unwrap();
    }
    let list = |size: i32, token: String, filter: &str| ListSpacesRequest {
        page_size: size,
        page_token: token,
        filter: filter.into(),
    };
    let p1 = c
        .list_spaces(as_("user:1", list(2, String::new(), "")))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(p1.spaces.len(), 2);
    let p2 = c
        .list_spaces(as_("user:1", list(10, p1.next_page_token.clone(), "")))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(p2.spaces.len(), 3);
    assert!(p2.next_page_token.is_empty());
    // A token used with a different filter is rejected.
    let err = c
        .list_spaces(as_(
            "user:1",
            list(2, p1.next_page_token, "space_type = \"SPACE\""),
        ))
        .await
        .unwrap_err();
    assert_eq!(violation_field(&err), "page_token");
    let only = c
        .list_spaces(as_(
            "user:1",
            list(
                0,
                String::new(),
                "spaceType = \"GROUP_CHAT\" OR spaceType = \"DIRECT_MESSAGE\"",
            ),
        ))
        .await
        .unwrap()
        .into_inner();
    assert!(only.spaces.is_empty());
    for bad in [
        "space_type = \"SPACE_TYPE_UNSPECIFIED\"",
        "display_name = \"x\"",
        "space_type = ",
    ] {
        let err = c
            .list_spaces(as_("user:1", list(0, String::new(), bad)))
            .await
            .unwrap_err();
        assert_eq!(
            (err.code(), violation_field(&err).as_str()),
            (Code::InvalidArgument, "filter"),
            "{bad}"
        );
    }
    assert_eq!(
        c.list_spaces(as_("user:1", list(-1, String::new(), "")))
            .await
            .unwrap_err()
            .code(),
        Code::InvalidArgument
    );
    // Other users see nothing; no token or a foreign one is UNAUTHENTICATED.
    assert!(
        c.list_spaces(as_("user:2", list(0, String::new(), "")))
            .await
            .unwrap()
            .into_inner()
            .spaces
            .is_empty()
    );
    assert_eq!(
        c.list_spaces(Request::new(list(0, String::new(), "")))
            .await
            .unwrap_err()
            .code(),
        Code::Unauthenticated
    );
    assert_eq!(
        c.list_spaces(as_("ya29.token", list(0, String::new(), "")))
            .await
            .unwrap_err()
            .code(),
        Code::Unauthenticated
    );
}

#[tokio::test]
async fn permissive_mode_accepts_calls_without_a_token() {
    let emu = Emulator::builder().permissive(true).start().await.unwrap();
    let mut c = ChatServiceClient::connect(emu.uri()).await.unwrap();
    let s = c
        .set_up_space(Request::new(SetUpSpaceRequest {
            space: Some(named_space("Open")),
            ..Default::default()
        }))
        .await
        .unwrap()
        .into_inner();
    let snap = emu.snapshot();
    assert!(
        snap.members_of(&s.name)
            .any(|m| m.name.ends_with("/members/guest"))
    );
    emu.shutdown().await;
}

#[tokio::test]
async fn delete_space_follows_the_documented_rules() {
    let (emu, mut c) = emulator_support::start().await;
    let del = |name: &str, admin: bool| DeleteSpaceRequest {
        name: name.into(),
        use_admin_access: admin,
    };

    // A SPACE managed by users/1 with members 2 and 3, and a message in it.
    let s = team(&mut c, "Doomed").await;
    let msg = post(&mut c, "user:2", &s.name, "hello").await;
    assert_eq!(emu.snapshot().messages_in(&s.name).count(), 1);

    // A plain member, a non-member, a non-admin asking for admin access, and an app asking
    // for admin access are all denied; the space stays.
    for (who, admin) in [
        ("user:2", false),
        ("user:9", false),
        ("user:1", true),
        ("app", true),
    ] {
        let e = c
            .delete_space(as_(who, del(&s.name, admin)))
            .await
            .unwrap_err();
        assert_eq!(
            e.code(),
            Code::PermissionDenied,
            "{who} admin={admin}: {e:?}"
        );
    }
    assert!(emu.snapshot().spaces.iter().any(|x| x.name == s.name));

    // The manager deletes it: the space, its messages and its memberships are gone.
    c.delete_space(as_("user:1", del(&s.name, false)))
        .await
        .unwrap();
    let e = c
        .get_space(as_(
            "user:1",
            GetSpaceRequest {
                name: s.name.clone(),
                ..Default::default()
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::NotFound);
    let e = c
        .list_messages(as_(
            "user:2",
            ListMessagesRequest {
                parent: s.name.clone(),
                ..Default::default()
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::NotFound);
    let e = c
        .get_message(as_(
            "user:2",
            GetMessageRequest {
                name: msg.name.clone(),
                ..Default::default()
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::NotFound);
    let e = c
        .list_memberships(as_(
            "user:1",
            ListMembershipsRequest {
                parent: s.name.clone(),
                ..Default::default()
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::NotFound);
    let snap = emu.snapshot();
    assert!(snap.spaces.iter().all(|x| x.name != s.name));
    assert_eq!(snap.messages_in(&s.name).count(), 0);
    assert_eq!(snap.members_of(&s.name).count(), 0);
    // Deleting it again: NOT_FOUND.
    let e = c
        .delete_space(as_("user:1", del(&s.name, false)))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::NotFound);

    // An app deletes a space it created (app authentication)...
    let by_app = c
        .create_space(as_(
            "app",
            CreateSpaceRequest {
                space: Some(Space {
                    customer: Some("customers/my_customer".into()),
                    ..named_space("App made")
                }),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    // ...another app can't (it isn't even a member)...
    let e = c
        .delete_space(as_("app:other", del(&by_app.name, false)))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);
    c.delete_space(as_("app", del(&by_app.name, false)))
        .await
        .unwrap();
    let e = c
        .get_space(as_(
            "app",
            GetSpaceRequest {
                name: by_app.name.clone(),
                ..Default::default()
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::NotFound);

    // ...but not a space a user created, even as a member of it.
    let users_space = team(&mut c, "Has an app").await;
    c.create_membership(as_(
        "user:1",
        CreateMembershipRequest {
            parent: users_space.name.clone(),
            membership: Some(Membership {
                member_type: Some(membership::MemberType::Member(User {
                    name: "users/app".into(),
                    r#type: user::Type::Bot as i32,
                    ..Default::default()
                })),
                ..Default::default()
            }),
            ..Default::default()
        },
    ))
    .await
    .unwrap();
    let e = c
        .delete_space(as_("app", del(&users_space.name, false)))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied, "{e:?}");
    assert!(
        emu.snapshot()
            .spaces
            .iter()
            .any(|x| x.name == users_space.name)
    );

    // A Workspace administrator who isn't a member: denied without admin access, allowed
    // with it.
    let e = c
        .delete_space(as_("admin:99", del(&users_space.name, false)))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);
    c.delete_space(as_("admin:99", del(&users_space.name, true)))
        .await
        .unwrap();
    assert!(
        emu.snapshot()
            .spaces
            .iter()
            .all(|x| x.name != users_space.name)
    );

    // The importing user deletes a space in import mode (no membership in it yet).
    let imported = c
        .create_space(as_(
            "user:1",
            CreateSpaceRequest {
                space: Some(Space {
                    import_mode: true,
                    create_time: Some(prost_types::Timestamp {
                        seconds: 1_609_459_200,
                        nanos: 0,
                    }),
                    ..named_space("Importing")
                }),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    let e = c
        .delete_space(as_("user:2", del(&imported.name, false)))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);
    c.delete_space(as_("user:1", del(&imported.name, false)))
        .await
        .unwrap();
    assert!(emu.snapshot().spaces.is_empty());
    emu.shutdown().await;
}
