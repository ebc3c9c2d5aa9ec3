//! `SetUpSpace` rules and `CreateSpace` idempotency.

use super::*;

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
    // Another caller's use of the same ID is a request of its own: it neither gets user 1's
    // space nor learns that the ID was used.
    let other = c
        .create_space(as_(
            "user:2",
            CreateSpaceRequest {
                space: Some(named_space("Theirs")),
                request_id: "r-1".into(),
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_ne!(other.name, a.name);

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
    let theirs = SetUpSpaceRequest {
        space: Some(named_space("Thrice")),
        request_id: "r-2".into(),
        ..Default::default()
    };
    let other = c
        .set_up_space(as_("user:3", theirs))
        .await
        .unwrap()
        .into_inner();
    assert_ne!(other.name, a.name);

    // A replay passes the access check of a read: a creator who has left gets no view of
    // the space as it is now.
    c.create_membership(as_(
        "user:1",
        CreateMembershipRequest {
            parent: a.name.clone(),
            membership: Some(member("users/4")),
            use_admin_access: false,
        },
    ))
    .await
    .unwrap();
    c.update_membership(as_(
        "user:1",
        UpdateMembershipRequest {
            membership: Some(Membership {
                name: format!("{}/members/4", a.name),
                role: membership::MembershipRole::RoleManager as i32,
                ..Default::default()
            }),
            update_mask: Some(FieldMask {
                paths: vec!["role".into()],
            }),
            use_admin_access: false,
        },
    ))
    .await
    .unwrap();
    c.delete_membership(as_(
        "user:1",
        DeleteMembershipRequest {
            name: format!("{}/members/1", a.name),
            use_admin_access: false,
        },
    ))
    .await
    .unwrap();
    let err = c.set_up_space(as_("user:1", setup())).await.unwrap_err();
    assert!(
        matches!(err.code(), Code::PermissionDenied | Code::NotFound),
        "{err:?}"
    );

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

/// `predefined_permission_settings` is input only: the new space lists the permission
/// settings it stands for instead, a collaboration space by default, and an announcement
/// space lets only managers post.
#[tokio::test]
async fn predefined_permission_settings_become_the_spaces_settings() {
    let (_emu, mut c) = emulator_support::start().await;
    let set_up = |predefined: Option<space::PredefinedPermissionSettings>| SetUpSpaceRequest {
        space: Some(Space {
            space_type: space::SpaceType::Space as i32,
            display_name: format!("{predefined:?}"),
            space_permission_settings: predefined
                .map(|p| space::SpacePermissionSettings::PredefinedPermissionSettings(p as i32)),
            ..Default::default()
        }),
        memberships: vec![member("users/2")],
        ..Default::default()
    };
    let settings = |s: &Space| match &s.space_permission_settings {
        Some(space::SpacePermissionSettings::PermissionSettings(p)) => *p,
        other => panic!("expected permission settings, got {other:?}"),
    };

    let announcement = c
        .set_up_space(as_(
            "user:1",
            set_up(Some(space::PredefinedPermissionSettings::AnnouncementSpace)),
        ))
        .await
        .unwrap()
        .into_inner();
    let got = c
        .get_space(as_(
            "user:2",
            GetSpaceRequest {
                name: announcement.name.clone(),
                use_admin_access: false,
            },
        ))
        .await
        .unwrap()
        .into_inner();
    for s in [&announcement, &got] {
        let post = settings(s).post_messages.unwrap();
        assert!(post.managers_allowed && !post.members_allowed, "{post:?}");
    }
    let member_post = c
        .create_message(as_(
            "user:2",
            CreateMessageRequest {
                parent: announcement.name.clone(),
                message: Some(Message {
                    text: "may I?".into(),
                    ..Default::default()
                }),
                ..Default::default()
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(
        member_post.code(),
        Code::PermissionDenied,
        "{member_post:?}"
    );
    post(
        &mut c,
        "user:1",
        &announcement.name,
        "the manager announces",
    )
    .await;

    let collaboration = c
        .set_up_space(as_("user:1", set_up(None)))
        .await
        .unwrap()
        .into_inner();
    assert!(
        settings(&collaboration)
            .post_messages
            .unwrap()
            .members_allowed
    );
    post(&mut c, "user:2", &collaboration.name, "anyone posts").await;
}
