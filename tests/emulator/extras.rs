//! Emulator: custom emojis, message pins, `UpdateMembership` (role changes, admin access)
//! and `UpdateMessage` with `allow_missing`.

use crate::emulator_support;

use emulator_support::*;

use google_chat_grpc::emulator::{Emulator, EmulatorHandle};
use google_chat_grpc::proto::chat::v1::chat_service_client::ChatServiceClient;
use google_chat_grpc::proto::chat::v1::membership::{MembershipRole, MembershipState};
use google_chat_grpc::proto::chat::v1::*;
use prost_types::FieldMask;
use tonic::transport::Channel;
use tonic::{Code, Status};

async fn start() -> (EmulatorHandle, ChatServiceClient<Channel>) {
    let emulator = Emulator::builder()
        .user("alice@example.com", "1", "Alice")
        .start()
        .await
        .expect("start");
    let client = ChatServiceClient::connect(emulator.uri())
        .await
        .expect("connect");
    (emulator, client)
}

fn mask(paths: &[&str]) -> Option<FieldMask> {
    Some(FieldMask {
        paths: paths.iter().map(|p| p.to_string()).collect(),
    })
}

fn member(user: &str, kind: user::Type) -> Membership {
    Membership {
        member_type: Some(membership::MemberType::Member(User {
            name: user.into(),
            r#type: kind as i32,
            ..Default::default()
        })),
        ..Default::default()
    }
}

async fn set_up(
    c: &mut ChatServiceClient<Channel>,
    kind: space::SpaceType,
    name: &str,
    members: &[&str],
) -> Space {
    c.set_up_space(as_(
        "user:1",
        SetUpSpaceRequest {
            space: Some(Space {
                space_type: kind as i32,
                display_name: name.into(),
                ..Default::default()
            }),
            memberships: members
                .iter()
                .map(|m| member(m, user::Type::Human))
                .collect(),
            ..Default::default()
        },
    ))
    .await
    .unwrap()
    .into_inner()
}

async fn post(c: &mut ChatServiceClient<Channel>, who: &str, space: &str, text: &str) -> Message {
    c.create_message(as_(
        who,
        CreateMessageRequest {
            parent: space.into(),
            message: Some(Message {
                text: text.into(),
                ..Default::default()
            }),
            ..Default::default()
        },
    ))
    .await
    .unwrap()
    .into_inner()
}

fn emoji(name: &str, filename: &str, bytes: usize) -> CreateCustomEmojiRequest {
    CreateCustomEmojiRequest {
        custom_emoji: Some(CustomEmoji {
            emoji_name: name.into(),
            payload: Some(custom_emoji::CustomEmojiPayload {
                file_content: vec![0x89; bytes],
                filename: filename.into(),
            }),
            ..Default::default()
        }),
    }
}

async fn list_emojis(
    c: &mut ChatServiceClient<Channel>,
    who: &str,
    filter: &str,
    page_size: i32,
    page_token: &str,
) -> Result<ListCustomEmojisResponse, Status> {
    c.list_custom_emojis(as_(
        who,
        ListCustomEmojisRequest {
            filter: filter.into(),
            page_size,
            page_token: page_token.into(),
        },
    ))
    .await
    .map(|r| r.into_inner())
}

#[tokio::test]
async fn custom_emojis() {
    let (_emu, mut c) = start().await;
    let parrot = c
        .create_custom_emoji(as_("user:1", emoji(":party-parrot:", "parrot.gif", 1024)))
        .await
        .unwrap()
        .into_inner();
    assert!(parrot.name.starts_with("customEmojis/"));
    assert!(!parrot.uid.is_empty());
    assert_eq!(parrot.emoji_name, ":party-parrot:");
    assert!(parrot.payload.is_none(), "the payload is input only");
    assert!(
        parrot.temporary_image_uri.is_empty(),
        "not populated when the emoji is created"
    );

    // Get by name or by `:emoji-name:` alias; the image URL is there now.
    let got = c
        .get_custom_emoji(as_(
            "user:2",
            GetCustomEmojiRequest {
                name: parrot.name.clone(),
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(got.name, parrot.name);
    assert!(!got.temporary_image_uri.is_empty());
    assert!(got.payload.is_none());
    let by_alias = c
        .get_custom_emoji(as_(
            "user:2",
            GetCustomEmojiRequest {
                name: "customEmojis/:party-parrot:".into(),
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(by_alias, got);

    // Bad creates.
    let big = 256 * 1024 + 1;
    for (req, code, field) in [
        (
            emoji("party", "a.png", 10),
            Code::InvalidArgument,
            "custom_emoji.emoji_name",
        ),
        (
            emoji(":Party:", "a.png", 10),
            Code::InvalidArgument,
            "custom_emoji.emoji_name",
        ),
        (
            emoji(":a--b:", "a.png", 10),
            Code::InvalidArgument,
            "custom_emoji.emoji_name",
        ),
        (
            emoji(":a_-b:", "a.png", 10),
            Code::InvalidArgument,
            "custom_emoji.emoji_name",
        ),
        (
            emoji(":-ab:", "a.png", 10),
            Code::InvalidArgument,
            "custom_emoji.emoji_name",
        ),
        (
            emoji("::", "a.png", 10),
            Code::InvalidArgument,
            "custom_emoji.emoji_name",
        ),
        (
            emoji(":big:", "a.png", big),
            Code::InvalidArgument,
            "custom_emoji.payload.file_content",
        ),
        (
            emoji(":empty:", "a.png", 0),
            Code::InvalidArgument,
            "custom_emoji.payload.file_content",
        ),
        (
            emoji(":noname:", "", 10),
            Code::InvalidArgument,
            "custom_emoji.payload.filename",
        ),
        (
            emoji(":svg:", "a.svg", 10),
            Code::InvalidArgument,
            "custom_emoji.payload.filename",
        ),
        (
            CreateCustomEmojiRequest {
                custom_emoji: Some(CustomEmoji {
                    emoji_name: ":nopayload:".into(),
                    ..Default::default()
                }),
            },
            Code::InvalidArgument,
            "custom_emoji.payload",
        ),
        (
            emoji(":party-parrot:", "b.png", 10),
            Code::AlreadyExists,
            "",
        ),
    ] {
        let e = c.create_custom_emoji(as_("user:2", req)).await.unwrap_err();
        assert_eq!(e.code(), code, "{e:?}");
        if !field.is_empty() {
            assert_eq!(violation_field(&e), field);
        }
    }
    for ok in [(":a_b-c1:", "x.PNG"), (":x:", "x.jpg")] {
        c.create_custom_emoji(as_("user:2", emoji(ok.0, ok.1, 256 * 1024)))
            .await
            .unwrap();
    }
    let e = c
        .create_custom_emoji(as_("app", emoji(":bot:", "a.png", 10)))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);

    // Lists: all, mine, not mine; bad filters.
    let all = list_emojis(&mut c, "user:2", "", 0, "").await.unwrap();
    assert_eq!(all.custom_emojis.len(), 3);
    assert!(all.custom_emojis.iter().all(|e| e.payload.is_none()));
    let mine = list_emojis(&mut c, "user:2", r#"creator("users/me")"#, 0, "")
        .await
        .unwrap();
    assert_eq!(mine.custom_emojis.len(), 2);
    let others = list_emojis(&mut c, "user:2", r#"NOT creator("users/me")"#, 0, "")
        .await
        .unwrap();
    assert_eq!(others.custom_emojis.len(), 1);
    assert_eq!(others.custom_emojis[0].name, parrot.name);
    for f in [
        r#"creator("users/1")"#,
        "creator(users/me) AND x = 1",
        "emoji_name = \":x:\"",
    ] {
        let e = list_emojis(&mut c, "user:2", f, 0, "").await.unwrap_err();
        assert_eq!(e.code(), Code::InvalidArgument, "{f}");
    }
    // Pages with tokens bound to the filter.
    let first = list_emojis(&mut c, "user:2", "", 2, "").await.unwrap();
    assert_eq!(first.custom_emojis.len(), 2);
    let rest = list_emojis(&mut c, "user:2", "", 2, &first.next_page_token)
        .await
        .unwrap();
    assert_eq!(rest.custom_emojis.len(), 1);
    assert!(rest.next_page_token.is_empty());
    let e = list_emojis(
        &mut c,
        "user:2",
        r#"creator("users/me")"#,
        2,
        &first.next_page_token,
    )
    .await
    .unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);
    let e = list_emojis(&mut c, "user:2", "", -1, "").await.unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);

    // Delete: the creator only (or an administrator), by name or alias.
    let e = c
        .delete_custom_emoji(as_(
            "user:2",
            DeleteCustomEmojiRequest {
                name: parrot.name.clone(),
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);
    c.delete_custom_emoji(as_(
        "user:1",
        DeleteCustomEmojiRequest {
            name: "customEmojis/:party-parrot:".into(),
        },
    ))
    .await
    .unwrap();
    for name in [parrot.name.as_str(), "customEmojis/:party-parrot:"] {
        let e = c
            .get_custom_emoji(as_("user:1", GetCustomEmojiRequest { name: name.into() }))
            .await
            .unwrap_err();
        assert_eq!(e.code(), Code::NotFound);
    }
    c.delete_custom_emoji(as_(
        "admin:9",
        DeleteCustomEmojiRequest {
            name: "customEmojis/:x:".into(),
        },
    ))
    .await
    .unwrap();
    let e = c
        .get_custom_emoji(as_(
            "user:1",
            GetCustomEmojiRequest {
                name: "emojis/x".into(),
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);
    // The name is free again after deletion.
    c.create_custom_emoji(as_("user:2", emoji(":party-parrot:", "p.png", 10)))
        .await
        .unwrap();
}

async fn pin(
    c: &mut ChatServiceClient<Channel>,
    who: &str,
    space: &str,
    message: &str,
) -> Result<MessagePin, Status> {
    c.create_message_pin(as_(
        who,
        CreateMessagePinRequest {
            parent: space.into(),
            message_pin: Some(MessagePin {
                message: message.into(),
                ..Default::default()
            }),
        },
    ))
    .await
    .map(|r| r.into_inner())
}

async fn pins(
    c: &mut ChatServiceClient<Channel>,
    who: &str,
    space: &str,
    page_size: i32,
    page_token: &str,
) -> Result<ListMessagePinsResponse, Status> {
    c.list_message_pins(as_(
        who,
        ListMessagePinsRequest {
            parent: space.into(),
            page_size,
            page_token: page_token.into(),
        },
    ))
    .await
    .map(|r| r.into_inner())
}

#[tokio::test]
async fn message_pins() {
    let (_emu, mut c) = start().await;
    let s = set_up(&mut c, space::SpaceType::Space, "Pins", &["users/2"]).await;
    let other = set_up(&mut c, space::SpaceType::Space, "Elsewhere", &[]).await;
    let m = post(&mut c, "user:2", &s.name, "pin me").await;
    let p = pin(&mut c, "user:2", &s.name, &m.name).await.unwrap();
    // The pin's ID is the message's ID.
    let mid = m.name.rsplit('/').next().unwrap();
    assert_eq!(p.name, format!("{}/messagePins/{mid}", s.name));
    assert_eq!(p.message, m.name);
    let listed = pins(&mut c, "user:1", &s.name, 0, "").await.unwrap();
    assert_eq!(listed.message_pins, std::slice::from_ref(&p));

    // Bad pins.
    let e = pin(&mut c, "user:1", &s.name, &m.name).await.unwrap_err();
    assert_eq!(e.code(), Code::AlreadyExists);
    let e = pin(&mut c, "user:1", &other.name, &m.name)
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);
    let e = pin(&mut c, "user:1", &s.name, "").await.unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);
    assert_eq!(violation_field(&e), "message_pin.message");
    let e = pin(
        &mut c,
        "user:1",
        &s.name,
        &format!("{}/messages/nope", s.name),
    )
    .await
    .unwrap_err();
    assert_eq!(e.code(), Code::NotFound);
    let e = pin(&mut c, "user:9", &s.name, &m.name).await.unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);
    let e = pin(&mut c, "app", &s.name, &m.name).await.unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);
    let e = pins(&mut c, "app", &s.name, 0, "").await.unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);
    let e = pins(&mut c, "user:9", &s.name, 0, "").await.unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);
    let e = pins(&mut c, "user:1", &s.name, -1, "").await.unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);

    // Pages: at most 100, tokens bound to the parent.
    let mut names = vec![p.name.clone()];
    for i in 0..4 {
        let m = post(&mut c, "user:1", &s.name, &format!("more {i}")).await;
        names.push(pin(&mut c, "user:1", &s.name, &m.name).await.unwrap().name);
    }
    let first = pins(&mut c, "user:1", &s.name, 3, "").await.unwrap();
    assert_eq!(first.message_pins.len(), 3);
    let rest = pins(&mut c, "user:1", &s.name, 3, &first.next_page_token)
        .await
        .unwrap();
    assert_eq!(rest.message_pins.len(), 2);
    assert!(rest.next_page_token.is_empty());
    let e = pins(&mut c, "user:1", &other.name, 3, &first.next_page_token)
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);
    assert_eq!(
        pins(&mut c, "user:1", &s.name, 500, "")
            .await
            .unwrap()
            .message_pins
            .len(),
        5
    );

    // Unpin; then it's gone, and the message can be pinned again.
    c.delete_message_pin(as_(
        "user:1",
        DeleteMessagePinRequest {
            name: p.name.clone(),
        },
    ))
    .await
    .unwrap();
    let e = c
        .delete_message_pin(as_(
            "user:1",
            DeleteMessagePinRequest {
                name: p.name.clone(),
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::NotFound);
    for (who, name, code) in [
        (
            "user:1",
            format!("{}/messages/{mid}", s.name),
            Code::InvalidArgument,
        ),
        ("user:9", names[1].clone(), Code::PermissionDenied),
        ("app", names[1].clone(), Code::PermissionDenied),
    ] {
        let e = c
            .delete_message_pin(as_(who, DeleteMessagePinRequest { name }))
            .await
            .unwrap_err();
        assert_eq!(e.code(), code);
    }
    assert_eq!(
        pin(&mut c, "user:2", &s.name, &m.name).await.unwrap().name,
        p.name
    );

    // Deleting a message removes its pin.
    c.delete_message(as_(
        "user:2",
        DeleteMessageRequest {
            name: m.name.clone(),
            ..Default::default()
        },
    ))
    .await
    .unwrap();
    let left = pins(&mut c, "user:1", &s.name, 0, "").await.unwrap();
    assert!(left.message_pins.iter().all(|x| x.message != m.name));
    assert_eq!(left.message_pins.len(), 4);
}

fn role_update(
    name: &str,
    role: MembershipRole,
    paths: &[&str],
    admin: bool,
) -> UpdateMembershipRequest {
    UpdateMembershipRequest {
        membership: Some(Membership {
            name: name.into(),
            role: role as i32,
            ..Default::default()
        }),
        update_mask: mask(paths),
        use_admin_access: admin,
    }
}

#[tokio::test]
async fn update_membership_roles() {
    let (emu, mut c) = start().await;
    let s = set_up(
        &mut c,
        space::SpaceType::Space,
        "Roles",
        &["users/2", "users/3"],
    )
    .await;
    let two = format!("{}/members/2", s.name);
    let one = format!("{}/members/1", s.name);

    // A manager promotes a member; the role change is recorded as an event.
    let m = c
        .update_membership(as_(
            "user:1",
            role_update(&two, MembershipRole::RoleManager, &["role"], false),
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(m.name, two);
    assert_eq!(m.role, MembershipRole::RoleManager as i32);
    assert_eq!(m.state, MembershipState::Joined as i32);
    let got = c
        .get_membership(as_(
            "user:3",
            GetMembershipRequest {
                name: two.clone(),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(got.role, MembershipRole::RoleManager as i32);
    assert!(emu.snapshot().space_events.iter().any(|e| {
        e.event_type == "google.workspace.chat.membership.v1.updated"
            && matches!(&e.payload, Some(space_event::Payload::MembershipUpdatedEventData(d))
                if d.membership.as_ref().is_some_and(|m| m.name == two))
    }));
    // By email too; assistant managers exist.
    let m = c
        .update_membership(as_(
            "user:2",
            role_update(
                &format!("{}/members/alice@example.com", s.name),
                MembershipRole::RoleAssistantManager,
                &["role"],
                false,
            ),
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(m.name, one);
    assert_eq!(m.role, MembershipRole::RoleAssistantManager as i32);

    // Only managers change roles; the last manager can't step down.
    let e = c
        .update_membership(as_(
            "user:3",
            role_update(&two, MembershipRole::RoleMember, &["role"], false),
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);
    let e = c
        .update_membership(as_(
            "user:2",
            role_update(&two, MembershipRole::RoleMember, &["role"], false),
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::FailedPrecondition);

    // Bad requests.
    for (req, field) in [
        (
            role_update(&two, MembershipRole::RoleMember, &[], false),
            "update_mask",
        ),
        (
            role_update(&two, MembershipRole::RoleMember, &["state"], false),
            "update_mask",
        ),
        (
            role_update(&two, MembershipRole::Unspecified, &["role"], false),
            "membership.role",
        ),
    ] {
        let e = c.update_membership(as_("user:2", req)).await.unwrap_err();
        assert_eq!(e.code(), Code::InvalidArgument, "{e:?}");
        assert_eq!(violation_field(&e), field);
    }
    let e = c
        .update_membership(as_(
            "user:2",
            role_update(
                &format!("{}/members/77", s.name),
                MembershipRole::RoleMember,
                &["role"],
                false,
            ),
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::NotFound);
    let e = c
        .update_membership(as_(
            "user:9",
            role_update(&two, MembershipRole::RoleMember, &["role"], false),
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);

    // Admin access: an administrator who isn't a member; not for plain users or apps.
    let m = c
        .update_membership(as_(
            "admin:99",
            role_update(&one, MembershipRole::RoleManager, &["role"], true),
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(m.role, MembershipRole::RoleManager as i32);
    let e = c
        .update_membership(as_(
            "user:2",
            role_update(&one, MembershipRole::RoleMember, &["role"], true),
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);
    let e = c
        .update_membership(as_(
            "app",
            role_update(&one, MembershipRole::RoleMember, &["role"], true),
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);
    let e = c
        .update_membership(as_(
            "admin:99",
            role_update(&one, MembershipRole::RoleMember, &["role"], false),
        ))
        .await
        .unwrap_err();
    assert_eq!(
        e.code(),
        Code::PermissionDenied,
        "admin access must be asked for"
    );

    // Roles exist only in spaces of type SPACE.
    let group = set_up(
        &mut c,
        space::SpaceType::GroupChat,
        "",
        &["users/2", "users/3"],
    )
    .await;
    let e = c
        .update_membership(as_(
            "user:1",
            role_update(
                &format!("{}/members/2", group.name),
                MembershipRole::RoleManager,
                &["role"],
                false,
            ),
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);

    // An app may change roles only in spaces it created (and isn't a manager elsewhere).
    c.create_membership(as_(
        "user:1",
        CreateMembershipRequest {
            parent: s.name.clone(),
            membership: Some(member("users/app", user::Type::Bot)),
            ..Default::default()
        },
    ))
    .await
    .unwrap();
    let e = c
        .update_membership(as_(
            "app",
            role_update(&two, MembershipRole::RoleMember, &["role"], false),
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);
    // Bots have no roles to change.
    let e = c
        .update_membership(as_(
            "user:1",
            role_update(
                &format!("{}/members/app", s.name),
                MembershipRole::RoleManager,
                &["role"],
                false,
            ),
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);
}

#[tokio::test]
async fn update_message_allow_missing() {
    let (_emu, mut c) = start().await;
    let s = set_up(&mut c, space::SpaceType::Space, "Upserts", &["users/2"]).await;
    let upsert = |name: String, text: &str, paths: &[&str], allow: bool| UpdateMessageRequest {
        message: Some(Message {
            name,
            text: text.into(),
            ..Default::default()
        }),
        update_mask: mask(paths),
        allow_missing: allow,
    };
    let name = format!("{}/messages/client-report-1", s.name);
    // Missing without allow_missing: NOT_FOUND.
    let e = c
        .update_message(as_("user:1", upsert(name.clone(), "v1", &["text"], false)))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::NotFound);
    // Missing with allow_missing: created, the update mask ignored.
    let created = c
        .update_message(as_("user:1", upsert(name.clone(), "v1", &[], true)))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(created.client_assigned_message_id, "client-report-1");
    assert_eq!(created.text, "v1");
    assert_eq!(created.sender.as_ref().unwrap().name, "users/1");
    assert!(created.last_update_time.is_none());
    let got = c
        .get_message(as_(
            "user:2",
            GetMessageRequest {
                name: name.clone(),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(got.name, created.name);
    // Existing with allow_missing: an ordinary update, by the client-assigned name.
    let updated = c
        .update_message(as_("user:1", upsert(name.clone(), "v2", &["text"], true)))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(updated.name, created.name);
    assert_eq!(updated.text, "v2");
    assert!(updated.last_update_time.is_some());
    // ...which still needs a valid mask.
    let e = c
        .update_message(as_("user:1", upsert(name.clone(), "v3", &[], true)))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);
    // Only the sender updates; another user's upsert of an existing ID is denied.
    let e = c
        .update_message(as_("user:2", upsert(name.clone(), "mine", &["text"], true)))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);
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
    assert_eq!(listed.len(), 1, "no duplicate created");

    // allow_missing needs a client-assigned ID.
    let e = c
        .update_message(as_(
            "user:1",
            upsert(
                format!("{}/messages/AAAA.BBBB", s.name),
                "x",
                &["text"],
                true,
            ),
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);
    assert_eq!(violation_field(&e), "message.name");
    // A missing space is still NOT_FOUND, a non-member still denied.
    let e = c
        .update_message(as_(
            "user:1",
            upsert("spaces/NOPE/messages/client-x".into(), "x", &["text"], true),
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::NotFound);
    let e = c
        .update_message(as_(
            "user:9",
            upsert(
                format!("{}/messages/client-y", s.name),
                "x",
                &["text"],
                true,
            ),
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);
    // An app can upsert its own messages too.
    c.create_membership(as_(
        "user:1",
        CreateMembershipRequest {
            parent: s.name.clone(),
            membership: Some(member("users/app", user::Type::Bot)),
            ..Default::default()
        },
    ))
    .await
    .unwrap();
    let bot = c
        .update_message(as_(
            "app",
            upsert(
                format!("{}/messages/client-bot", s.name),
                "from the app",
                &["text"],
                true,
            ),
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(bot.sender.unwrap().r#type, user::Type::Bot as i32);
}
