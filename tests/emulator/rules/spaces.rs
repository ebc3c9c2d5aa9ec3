//! `space.proto`: output-only fields, text lengths, which fields each space type carries, and
//! what a list leaves out.
// The deprecated `type` and `threaded` are output only too.
#![allow(deprecated)]

use super::*;

#[tokio::test]
async fn output_only_space_fields_sent_on_create_are_ignored() {
    let (_emu, mut c) = start().await;
    let past = prost_types::Timestamp {
        seconds: 1_000_000_000,
        nanos: 0,
    };
    let sent = Space {
        name: "spaces/mine".into(),
        r#type: space::Type::Dm as i32,
        threaded: false,
        space_threading_state: space::SpaceThreadingState::GroupedMessages as i32,
        create_time: Some(past),
        last_active_time: Some(past),
        admin_installed: true,
        membership_count: Some(space::MembershipCount {
            joined_direct_human_user_count: 40,
            joined_group_count: 3,
        }),
        access_settings: Some(space::AccessSettings {
            access_state: space::access_settings::AccessState::Discoverable as i32,
            ..Default::default()
        }),
        space_uri: "https://example.com/forged".into(),
        import_mode_expire_time: Some(past),
        ..named("Output only")
    };
    let got = c
        .create_space(as_(
            "user:1",
            CreateSpaceRequest {
                space: Some(sent),
                request_id: String::new(),
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert!(got.name.starts_with("spaces/") && got.name != "spaces/mine");
    assert_eq!(got.r#type, space::Type::Room as i32);
    assert_eq!(
        got.space_threading_state,
        space::SpaceThreadingState::ThreadedMessages as i32
    );
    assert!(got.threaded);
    assert_ne!(got.create_time, Some(past));
    assert_ne!(got.last_active_time, Some(past));
    assert!(!got.admin_installed);
    assert_eq!(
        got.membership_count,
        Some(space::MembershipCount {
            joined_direct_human_user_count: 1,
            joined_group_count: 0,
        })
    );
    assert_eq!(
        got.access_settings.unwrap().access_state,
        space::access_settings::AccessState::Private as i32
    );
    assert!(
        got.space_uri
            .ends_with(got.name.trim_start_matches("spaces/"))
    );
    assert_eq!(got.import_mode_expire_time, None, "only for import mode");
}

#[tokio::test]
async fn space_texts_are_limited_in_characters() {
    let (_emu, mut c) = start().await;
    let long = |n: usize| "é".repeat(n);
    let details = |description: String, guidelines: String| {
        Some(space::SpaceDetails {
            description,
            guidelines,
        })
    };
    let create = |space: Space| {
        as_(
            "user:1",
            CreateSpaceRequest {
                space: Some(space),
                request_id: String::new(),
            },
        )
    };

    // Exactly at each limit (in characters, not bytes) is fine.
    let s = c
        .create_space(create(Space {
            space_details: details(long(150), long(5000)),
            ..named(&long(128))
        }))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(s.display_name.chars().count(), 128);

    // One over: display_name on CreateSpace and SetUpSpace, then the two details.
    let err = c.create_space(create(named(&long(129)))).await.unwrap_err();
    assert_eq!(err.code(), Code::InvalidArgument);
    assert_eq!(violation_field(&err), "space.display_name");
    let err = c
        .set_up_space(as_(
            "user:1",
            SetUpSpaceRequest {
                space: Some(named(&long(129))),
                ..Default::default()
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(violation_field(&err), "space.display_name");
    for (space_details, field) in [
        (
            details(long(151), String::new()),
            "space.space_details.description",
        ),
        (
            details(String::new(), long(5001)),
            "space.space_details.guidelines",
        ),
    ] {
        let err = c
            .create_space(create(Space {
                space_details: space_details.clone(),
                ..named("Details")
            }))
            .await
            .unwrap_err();
        assert_eq!(violation_field(&err), field);

        // UpdateSpace applies the same limits to what its mask writes.
        let err = c
            .update_space(as_(
                "user:1",
                UpdateSpaceRequest {
                    space: Some(Space {
                        name: s.name.clone(),
                        space_details,
                        ..Default::default()
                    }),
                    update_mask: mask(&["space_details"]),
                    use_admin_access: false,
                },
            ))
            .await
            .unwrap_err();
        assert_eq!(violation_field(&err), field);
    }
    let err = c
        .update_space(as_(
            "user:1",
            UpdateSpaceRequest {
                space: Some(Space {
                    name: s.name.clone(),
                    ..named(&long(129))
                }),
                update_mask: mask(&["display_name"]),
                use_admin_access: false,
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(violation_field(&err), "space.display_name");
}

/// `create_time` only for GROUP_CHAT and SPACE; access and permission settings only for SPACE,
/// also once a group chat becomes one.
#[tokio::test]
async fn each_space_type_carries_its_documented_fields() {
    let (_emu, mut c) = start().await;
    let set_up = |space: Space, memberships: Vec<Membership>| {
        as_(
            "user:1",
            SetUpSpaceRequest {
                space: Some(space),
                memberships,
                ..Default::default()
            },
        )
    };
    let dm = c
        .set_up_space(set_up(
            Space {
                space_type: space::SpaceType::DirectMessage as i32,
                ..Default::default()
            },
            vec![member("users/2")],
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(dm.create_time, None, "{dm:?}");
    assert_eq!(dm.access_settings, None);
    assert_eq!(dm.space_permission_settings, None);
    assert!(
        dm.membership_count.is_some(),
        "populated for DIRECT_MESSAGE"
    );

    let group = c
        .set_up_space(set_up(
            Space {
                space_type: space::SpaceType::GroupChat as i32,
                ..Default::default()
            },
            vec![member("users/2"), member("users/3")],
        ))
        .await
        .unwrap()
        .into_inner();
    assert!(group.create_time.is_some());
    assert_eq!(group.access_settings, None);
    assert_eq!(group.space_permission_settings, None);
    assert!(group.membership_count.is_some());

    let named_space = c
        .set_up_space(set_up(named("Typed"), vec![]))
        .await
        .unwrap()
        .into_inner();
    assert!(named_space.create_time.is_some());
    assert!(named_space.access_settings.is_some());
    assert!(named_space.space_permission_settings.is_some());

    let converted = c
        .update_space(as_(
            "user:1",
            UpdateSpaceRequest {
                space: Some(Space {
                    name: group.name.clone(),
                    ..named("Promoted")
                }),
                update_mask: mask(&["space_type", "display_name"]),
                use_admin_access: false,
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(converted.space_type, space::SpaceType::Space as i32);
    assert_eq!(
        converted.access_settings.unwrap().access_state,
        space::access_settings::AccessState::Private as i32
    );
    assert!(matches!(
        converted.space_permission_settings,
        Some(space::SpacePermissionSettings::PermissionSettings(_))
    ));
}

#[tokio::test]
async fn list_spaces_leaves_out_permission_settings() {
    let (_emu, mut c) = start().await;
    let s = team(&mut c, "Listed").await;
    assert!(s.space_permission_settings.is_some());
    let listed = c
        .list_spaces(as_("user:1", ListSpacesRequest::default()))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(listed.spaces.len(), 1);
    assert_eq!(listed.spaces[0].name, s.name);
    assert_eq!(listed.spaces[0].space_permission_settings, None);
    assert!(
        listed.spaces[0].access_settings.is_some(),
        "the rest is there"
    );
}

/// `post_messages` is output only: replacing the whole `permission_settings` can't open an
/// announcement space to members.
#[tokio::test]
async fn post_messages_is_output_only_in_permission_updates() {
    let (_emu, mut c) = start().await;
    let announcement = c
        .set_up_space(as_(
            "user:1",
            SetUpSpaceRequest {
                space: Some(Space {
                    space_permission_settings: Some(
                        space::SpacePermissionSettings::PredefinedPermissionSettings(
                            space::PredefinedPermissionSettings::AnnouncementSpace as i32,
                        ),
                    ),
                    ..named("News")
                }),
                memberships: vec![member("users/2")],
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    let open = Some(space::PermissionSetting {
        managers_allowed: true,
        assistant_managers_allowed: Some(true),
        members_allowed: true,
    });
    let updated = c
        .update_space(as_(
            "user:1",
            UpdateSpaceRequest {
                space: Some(Space {
                    name: announcement.name.clone(),
                    space_permission_settings: Some(
                        space::SpacePermissionSettings::PermissionSettings(
                            space::PermissionSettings {
                                post_messages: open,
                                reply_messages: open,
                                ..Default::default()
                            },
                        ),
                    ),
                    ..Default::default()
                }),
                update_mask: mask(&["permission_settings"]),
                use_admin_access: false,
            },
        ))
        .await
        .unwrap()
        .into_inner();
    let Some(space::SpacePermissionSettings::PermissionSettings(p)) =
        updated.space_permission_settings
    else {
        panic!("no permission settings: {updated:?}");
    };
    assert!(!p.post_messages.unwrap().members_allowed, "{p:?}");
    let err = c
        .create_message(as_(
            "user:2",
            CreateMessageRequest {
                parent: announcement.name.clone(),
                message: Some(Message {
                    text: "still not mine to post".into(),
                    ..Default::default()
                }),
                ..Default::default()
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::PermissionDenied);
}

/// With app authentication, permission settings are "only populated and settable when the
/// Chat app created the space".
#[tokio::test]
async fn apps_see_and_set_permission_settings_only_of_spaces_they_created() {
    let (_emu, mut c) = start().await;
    let users_space = team(&mut c, "Theirs").await;
    add_app(&mut c, "user:1", &users_space.name).await;
    let own = c
        .create_space(as_(
            "app",
            CreateSpaceRequest {
                space: Some(Space {
                    customer: Some("customers/my_customer".into()),
                    ..named("Mine")
                }),
                request_id: String::new(),
            },
        ))
        .await
        .unwrap()
        .into_inner();
    let get = |name: &str| {
        as_(
            "app",
            GetSpaceRequest {
                name: name.into(),
                use_admin_access: false,
            },
        )
    };
    let theirs = c
        .get_space(get(&users_space.name))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(theirs.space_permission_settings, None, "{theirs:?}");
    let mine = c.get_space(get(&own.name)).await.unwrap().into_inner();
    assert!(mine.space_permission_settings.is_some());

    let history = |name: &str| {
        as_(
            "app",
            UpdateSpaceRequest {
                space: Some(Space {
                    name: name.into(),
                    space_permission_settings: Some(
                        space::SpacePermissionSettings::PermissionSettings(
                            space::PermissionSettings {
                                toggle_history: Some(space::PermissionSetting {
                                    managers_allowed: true,
                                    assistant_managers_allowed: Some(false),
                                    members_allowed: false,
                                }),
                                ..Default::default()
                            },
                        ),
                    ),
                    ..Default::default()
                }),
                update_mask: mask(&["permission_settings.toggle_history"]),
                use_admin_access: false,
            },
        )
    };
    let err = c
        .update_space(history(&users_space.name))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::PermissionDenied);
    c.update_space(history(&own.name)).await.unwrap();
}

/// GetSpace with app authentication: "`space.access_settings` is only populated when using
/// the `chat.app.spaces` scope", and permission settings "only when using the
/// `chat.app.spaces` scope, and only for spaces the app created" (chat_service.proto); the
/// audience "is not populated when using the `chat.bot` scope" (space.proto).
#[tokio::test]
async fn apps_see_access_settings_only_with_the_app_spaces_scope() {
    let (_emu, mut c) = start().await;
    let users_space = team(&mut c, "Theirs").await;
    add_app(&mut c, "user:1", &users_space.name).await;
    let own = c
        .create_space(as_(
            "app",
            CreateSpaceRequest {
                space: Some(Space {
                    customer: Some("customers/my_customer".into()),
                    ..named("Mine")
                }),
                request_id: String::new(),
            },
        ))
        .await
        .unwrap()
        .into_inner();
    let get = |token: &str, name: &str| {
        as_(
            token,
            GetSpaceRequest {
                name: name.into(),
                use_admin_access: false,
            },
        )
    };
    let bot = "app;scopes=chat.bot";
    let app_spaces = "app;scopes=chat.app.spaces";

    let mine = c.get_space(get(bot, &own.name)).await.unwrap().into_inner();
    assert_eq!(mine.access_settings, None, "{mine:?}");
    assert_eq!(mine.space_permission_settings, None, "{mine:?}");
    // The rest of the space is there.
    assert_eq!(mine.display_name, "Mine");
    let mine = c
        .get_space(get(app_spaces, &own.name))
        .await
        .unwrap()
        .into_inner();
    assert!(mine.access_settings.is_some(), "{mine:?}");
    assert!(mine.space_permission_settings.is_some(), "{mine:?}");

    let theirs = c
        .get_space(get(bot, &users_space.name))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(theirs.access_settings, None, "{theirs:?}");
    let theirs = c
        .get_space(get(app_spaces, &users_space.name))
        .await
        .unwrap()
        .into_inner();
    assert!(theirs.access_settings.is_some(), "{theirs:?}");
    assert_eq!(theirs.space_permission_settings, None, "{theirs:?}");

    // User authentication with a read-only scope sees both.
    let seen = c
        .get_space(get("user:1;scopes=chat.spaces.readonly", &users_space.name))
        .await
        .unwrap()
        .into_inner();
    assert!(seen.access_settings.is_some(), "{seen:?}");
    assert!(seen.space_permission_settings.is_some(), "{seen:?}");

    // "Updating the `space.access_settings.audience` is not supported for app
    // authentication" (chat_service.proto, UpdateSpace), even in a space the app created.
    let audience = |name: &str| UpdateSpaceRequest {
        space: Some(Space {
            name: name.into(),
            access_settings: Some(space::AccessSettings {
                audience: "audiences/default".into(),
                ..Default::default()
            }),
            ..Default::default()
        }),
        update_mask: mask(&["access_settings.audience"]),
        use_admin_access: false,
    };
    let err = c
        .update_space(as_(app_spaces, audience(&own.name)))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::PermissionDenied, "{err:?}");
    let unchanged = c
        .get_space(get(app_spaces, &own.name))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        unchanged.access_settings.map(|a| a.audience),
        Some(String::new())
    );
    // A manager with user authentication sets it.
    let set = c
        .update_space(as_("user:1", audience(&users_space.name)))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        set.access_settings.map(|a| a.audience),
        Some("audiences/default".to_owned())
    );
    // Wherever else an app is shown the space, `chat.bot` leaves the audience out too.
    let listed = c
        .list_spaces(as_(bot, ListSpacesRequest::default()))
        .await
        .unwrap()
        .into_inner();
    let seen = listed
        .spaces
        .iter()
        .find(|s| s.name == users_space.name)
        .expect("the app's space is listed");
    let access = seen
        .access_settings
        .as_ref()
        .expect("a SPACE's access settings");
    assert_eq!(access.audience, "", "{seen:?}");
    assert_eq!(
        access.access_state,
        space::access_settings::AccessState::Discoverable as i32
    );
    let full = c
        .get_space(get(app_spaces, &users_space.name))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        full.access_settings.map(|a| a.audience),
        Some("audiences/default".to_owned())
    );
}
