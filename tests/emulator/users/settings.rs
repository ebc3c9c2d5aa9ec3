//! Space notification settings, space and thread read states, and how a snapshot shows them.

use super::*;

#[tokio::test]
async fn notification_settings() {
    let (_emu, mut c) = start().await;
    let s = set_up(&mut c, space::SpaceType::Space, "Team", &["users/2"]).await;
    let dm = set_up(&mut c, space::SpaceType::DirectMessage, "", &["users/2"]).await;
    let id = s.name.trim_start_matches("spaces/");

    let got = setting(&mut c, "user:1", &setting_name(&s.name))
        .await
        .unwrap();
    assert_eq!(
        got.name,
        format!("users/1/spaces/{id}/spaceNotificationSetting")
    );
    assert!(got.notification_setting.is_some() && got.mute_setting.is_some());
    assert_eq!(got.mute_setting, Some(MuteSetting::Unmuted as i32));
    let by_email = setting(
        &mut c,
        "user:1",
        &format!("users/alice@example.com/spaces/{id}/spaceNotificationSetting"),
    )
    .await
    .unwrap();
    assert_eq!(by_email, got);

    // Update one field at a time; the other is kept.
    let muted = c
        .update_space_notification_setting(as_(
            "user:1",
            update_setting(
                &setting_name(&s.name),
                None,
                Some(MuteSetting::Muted),
                &["mute_setting"],
            ),
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(muted.mute_setting, Some(MuteSetting::Muted as i32));
    assert_eq!(muted.notification_setting, got.notification_setting);
    let off = c
        .update_space_notification_setting(as_(
            "user:1",
            update_setting(
                &setting_name(&s.name),
                Some(NotificationSetting::Off),
                Some(MuteSetting::Unmuted),
                &["notification_setting"],
            ),
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        off.notification_setting,
        Some(NotificationSetting::Off as i32)
    );
    assert_eq!(
        off.mute_setting,
        Some(MuteSetting::Muted as i32),
        "not in the mask"
    );
    let both = c
        .update_space_notification_setting(as_(
            "user:1",
            update_setting(
                &setting_name(&s.name),
                Some(NotificationSetting::MainConversations),
                Some(MuteSetting::Unmuted),
                &["notification_setting", "mute_setting"],
            ),
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        both.notification_setting,
        Some(NotificationSetting::MainConversations as i32)
    );
    assert_eq!(both.mute_setting, Some(MuteSetting::Unmuted as i32));
    assert_eq!(
        setting(&mut c, "user:1", &setting_name(&s.name))
            .await
            .unwrap(),
        both
    );
    // Settings are per user.
    let theirs = setting(&mut c, "user:2", &setting_name(&s.name))
        .await
        .unwrap();
    assert_eq!(theirs.mute_setting, Some(MuteSetting::Unmuted as i32));
    assert!(theirs.name.starts_with("users/2/"));

    // Direct messages: ALL by default; MAIN_CONVERSATIONS and FOR_YOU aren't available.
    let d = setting(&mut c, "user:1", &setting_name(&dm.name))
        .await
        .unwrap();
    assert_eq!(
        d.notification_setting,
        Some(NotificationSetting::All as i32)
    );
    for n in [
        NotificationSetting::MainConversations,
        NotificationSetting::ForYou,
    ] {
        let e = c
            .update_space_notification_setting(as_(
                "user:1",
                update_setting(
                    &setting_name(&dm.name),
                    Some(n),
                    None,
                    &["notification_setting"],
                ),
            ))
            .await
            .unwrap_err();
        assert_eq!(e.code(), Code::InvalidArgument, "{n:?}");
    }
    c.update_space_notification_setting(as_(
        "user:1",
        update_setting(
            &setting_name(&dm.name),
            Some(NotificationSetting::Off),
            None,
            &["notification_setting"],
        ),
    ))
    .await
    .unwrap();

    // Bad requests.
    let name = setting_name(&s.name);
    for req in [
        update_setting(&name, Some(NotificationSetting::All), None, &[]),
        update_setting(&name, Some(NotificationSetting::All), None, &["name"]),
        update_setting(&name, None, None, &["notification_setting"]),
        update_setting(
            &name,
            Some(NotificationSetting::Unspecified),
            None,
            &["notification_setting"],
        ),
        update_setting(
            &name,
            None,
            Some(MuteSetting::Unspecified),
            &["mute_setting"],
        ),
        update_setting(
            &format!("users/me/{}", s.name),
            None,
            Some(MuteSetting::Muted),
            &["mute_setting"],
        ),
    ] {
        let e = c
            .update_space_notification_setting(as_("user:1", req))
            .await
            .unwrap_err();
        assert_eq!(e.code(), Code::InvalidArgument, "{e:?}");
    }
    let e = setting(
        &mut c,
        "user:2",
        &format!("users/1/spaces/{id}/spaceNotificationSetting"),
    )
    .await
    .unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);
    let e = setting(&mut c, "app", &name).await.unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);
    let e = setting(&mut c, "user:9", &name).await.unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied, "not a member");
    let e = setting(
        &mut c,
        "user:1",
        "users/me/spaces/NOPE/spaceNotificationSetting",
    )
    .await
    .unwrap_err();
    assert_eq!(e.code(), Code::NotFound);
    let e = setting(&mut c, "user:1", &format!("users/me/{}", s.name))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);
}

#[tokio::test]
async fn space_and_thread_read_states() {
    let (_emu, mut c) = start().await;
    let s = set_up(&mut c, space::SpaceType::Space, "Team", &["users/2"]).await;
    let root = post(&mut c, "user:2", &s.name, "root", "k").await;
    let reply = post(&mut c, "user:2", &s.name, "reply", "k").await;
    let thread = root.thread.clone().unwrap().name;
    let tid = thread.rsplit('/').next().unwrap().to_owned();
    let id = s.name.trim_start_matches("spaces/");

    let initial = space_read_state(
        &mut c,
        "user:1",
        format!("users/me/{}/spaceReadState", s.name),
    )
    .await
    .unwrap();
    assert_eq!(initial.name, format!("users/1/spaces/{id}/spaceReadState"));

    // Reading up to the root message; an update past the newest message is coerced to it.
    let update = |t: Timestamp| UpdateSpaceReadStateRequest {
        space_read_state: Some(SpaceReadState {
            name: format!("users/me/{}/spaceReadState", s.name),
            last_read_time: Some(t),
        }),
        update_mask: mask(&["last_read_time"]),
    };
    let r = c
        .update_space_read_state(as_("user:1", update(root.create_time.unwrap())))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(r.last_read_time, root.create_time);
    let far = Timestamp {
        seconds: 4_000_000_000,
        nanos: 0,
    };
    let r = c
        .update_space_read_state(as_("user:1", update(far)))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(r.last_read_time, reply.create_time);

    // The thread read state of the caller.
    let t = c
        .get_thread_read_state(as_(
            "user:1",
            GetThreadReadStateRequest {
                name: format!("users/me/{}/threads/{tid}/threadReadState", s.name),
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        t.name,
        format!("users/1/spaces/{id}/threads/{tid}/threadReadState")
    );
    assert!(t.last_read_time.is_some());
    let by_email = c
        .get_thread_read_state(as_(
            "user:1",
            GetThreadReadStateRequest {
                name: format!(
                    "users/alice@example.com/{}/threads/{tid}/threadReadState",
                    s.name
                ),
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(by_email, t);
    for (who, name, code) in [
        (
            "user:1",
            format!("users/me/{}/threads/NOPE/threadReadState", s.name),
            Code::NotFound,
        ),
        (
            "user:1",
            format!("users/me/{}/threads/{tid}", s.name),
            Code::InvalidArgument,
        ),
        (
            "user:1",
            format!("users/me/{}/threadReadState", s.name),
            Code::InvalidArgument,
        ),
        (
            "user:2",
            format!("users/1/{}/threads/{tid}/threadReadState", s.name),
            Code::PermissionDenied,
        ),
        (
            "user:9",
            format!("users/me/{}/threads/{tid}/threadReadState", s.name),
            Code::PermissionDenied,
        ),
        (
            "app",
            format!("users/me/{}/threads/{tid}/threadReadState", s.name),
            Code::PermissionDenied,
        ),
        (
            "user:1",
            format!("users/me/spaces/NOPE/threads/{tid}/threadReadState"),
            Code::NotFound,
        ),
    ] {
        let e = c
            .get_thread_read_state(as_(who, GetThreadReadStateRequest { name: name.clone() }))
            .await
            .unwrap_err();
        assert_eq!(e.code(), code, "{who} {name}: {e:?}");
    }
    // Space read state errors.
    let e = space_read_state(
        &mut c,
        "user:2",
        format!("users/1/{}/spaceReadState", s.name),
    )
    .await
    .unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);
    let e = space_read_state(&mut c, "app", format!("users/me/{}/spaceReadState", s.name))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);
    let e = c
        .update_space_read_state(as_(
            "user:1",
            UpdateSpaceReadStateRequest {
                update_mask: mask(&["name"]),
                ..update(far)
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);
}

/// The handle's snapshot shows the per-user state too, as the Get calls return it.
#[tokio::test]
async fn snapshot_shows_read_states_settings_sections_and_availability() {
    let (emu, mut c) = start().await;
    let s = set_up(&mut c, space::SpaceType::Space, "Team", &["users/2"]).await;
    let id = s.name.trim_start_matches("spaces/").to_owned();
    let posted = post(&mut c, "user:2", &s.name, "hello", "k").await;

    let read = c
        .update_space_read_state(as_(
            "user:1",
            UpdateSpaceReadStateRequest {
                space_read_state: Some(SpaceReadState {
                    name: format!("users/me/spaces/{id}/spaceReadState"),
                    last_read_time: posted.create_time,
                }),
                update_mask: mask(&["last_read_time"]),
            },
        ))
        .await
        .unwrap()
        .into_inner();
    let muted = c
        .update_space_notification_setting(as_(
            "user:1",
            update_setting(
                &setting_name(&s.name),
                None,
                Some(MuteSetting::Muted),
                &["mute_setting"],
            ),
        ))
        .await
        .unwrap()
        .into_inner();
    let sections = c
        .list_sections(as_(
            "user:1",
            ListSectionsRequest {
                parent: "users/me".into(),
                page_size: 100,
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner()
        .sections;
    let away = c
        .mark_as_away(as_(
            "user:1",
            MarkAsAwayRequest {
                name: "users/me/availability".into(),
            },
        ))
        .await
        .unwrap()
        .into_inner();

    let snap = emu.snapshot();
    assert_eq!(snap.space_read_states, [read]);
    assert_eq!(snap.notification_settings, [muted]);
    assert!(!sections.is_empty());
    assert_eq!(snap.sections, sections);
    assert_eq!(snap.availabilities, [away]);
    assert_eq!(snap.availabilities[0].state(), Avail::Away);
}
