//! `UpdateMembership` (role changes, admin access) and `UpdateMessage` with `allow_missing`.

use super::*;

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
