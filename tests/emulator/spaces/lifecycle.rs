//! `ListSpaces` filters and page tokens, authentication, `DeleteSpace`.

use super::*;

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
    add_app(&mut c, "user:1", &users_space.name).await;
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
