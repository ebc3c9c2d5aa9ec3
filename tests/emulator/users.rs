//! Emulator: per-user state: availability (`GetAvailability`, `MarkAsActive`, `MarkAsAway`,
//! `MarkAsDoNotDisturb`, `UpdateAvailability`), space notification settings and space and
//! thread read states; the caller's own only, with user authentication only.

use crate::emulator_support;

use emulator_support::*;

use std::time::Duration as StdDuration;

use google_chat_grpc::emulator::{Emulator, EmulatorHandle};
use google_chat_grpc::proto::chat::v1::availability::{State as Avail, StateMetadata};
use google_chat_grpc::proto::chat::v1::chat_service_client::ChatServiceClient;
use google_chat_grpc::proto::chat::v1::space_notification_setting::{
    MuteSetting, NotificationSetting,
};
use google_chat_grpc::proto::chat::v1::*;
use prost_types::{Duration, FieldMask, Timestamp};
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
            memberships: members.iter().map(|m| member(m)).collect(),
            ..Default::default()
        },
    ))
    .await
    .unwrap()
    .into_inner()
}

fn now_nanos() -> i128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as i128
}

fn ts_nanos(t: &Timestamp) -> i128 {
    i128::from(t.seconds) * 1_000_000_000 + i128::from(t.nanos)
}

fn millis(ms: i32) -> Duration {
    Duration {
        seconds: 0,
        nanos: ms * 1_000_000,
    }
}

async fn availability(
    c: &mut ChatServiceClient<Channel>,
    who: &str,
    name: &str,
) -> Result<Availability, Status> {
    c.get_availability(as_(who, GetAvailabilityRequest { name: name.into() }))
        .await
        .map(|r| r.into_inner())
}

fn dnd_until(a: &Availability) -> i128 {
    match &a.state_metadata {
        Some(StateMetadata::DoNotDisturbMetadata(m)) => {
            ts_nanos(m.expiration_time.as_ref().unwrap())
        }
        None => panic!("no DND metadata in {a:?}"),
    }
}

#[tokio::test]
async fn availability_states_and_expiry() {
    let (_emu, mut c) = start().await;
    // `me`, the ID and the email all name the caller's own availability.
    let a = availability(&mut c, "user:1", "users/me/availability")
        .await
        .unwrap();
    assert_eq!(a.name, "users/1/availability");
    for n in [
        "users/1/availability",
        "users/alice@example.com/availability",
    ] {
        assert_eq!(
            availability(&mut c, "user:1", n).await.unwrap().name,
            a.name
        );
    }

    // Away persists regardless of activity.
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
    assert_eq!(away.state, Avail::Away as i32);
    assert_eq!(
        availability(&mut c, "user:1", "users/me/availability")
            .await
            .unwrap()
            .state,
        Avail::Away as i32
    );

    // Active without an expiration lasts 30 minutes; with a short TTL it lapses to AWAY.
    let active = c
        .mark_as_active(as_(
            "user:1",
            MarkAsActiveRequest {
                name: "users/me/availability".into(),
                expiration: None,
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(active.state, Avail::Active as i32);
    assert!(active.state_metadata.is_none());
    c.mark_as_active(as_(
        "user:1",
        MarkAsActiveRequest {
            name: "users/me/availability".into(),
            expiration: Some(mark_as_active_request::Expiration::Ttl(millis(60))),
        },
    ))
    .await
    .unwrap();
    assert_eq!(
        availability(&mut c, "user:1", "users/me/availability")
            .await
            .unwrap()
            .state,
        Avail::Active as i32
    );
    tokio::time::sleep(StdDuration::from_millis(120)).await;
    assert_eq!(
        availability(&mut c, "user:1", "users/me/availability")
            .await
            .unwrap()
            .state,
        Avail::Away as i32,
        "ACTIVE becomes AWAY at its expiration"
    );

    // Do not disturb needs an expiration, at most a year out, and lapses to AWAY.
    let before = now_nanos();
    let dnd = c
        .mark_as_do_not_disturb(as_(
            "user:1",
            MarkAsDoNotDisturbRequest {
                name: "users/me/availability".into(),
                expiration: Some(mark_as_do_not_disturb_request::Expiration::Ttl(Duration {
                    seconds: 3600,
                    nanos: 0,
                })),
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(dnd.state, Avail::DoNotDisturb as i32);
    let until = dnd_until(&dnd);
    assert!(until >= before + 3_600_000_000_000 && until <= now_nanos() + 3_600_000_000_000);
    let at = Timestamp {
        seconds: (now_nanos() / 1_000_000_000) as i64 + 86_400,
        nanos: 0,
    };
    let dnd = c
        .mark_as_do_not_disturb(as_(
            "user:1",
            MarkAsDoNotDisturbRequest {
                name: "users/me/availability".into(),
                expiration: Some(mark_as_do_not_disturb_request::Expiration::ExpireTime(at)),
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(dnd_until(&dnd), ts_nanos(&at));
    c.mark_as_do_not_disturb(as_(
        "user:1",
        MarkAsDoNotDisturbRequest {
            name: "users/me/availability".into(),
            expiration: Some(mark_as_do_not_disturb_request::Expiration::Ttl(millis(60))),
        },
    ))
    .await
    .unwrap();
    tokio::time::sleep(StdDuration::from_millis(120)).await;
    let lapsed = availability(&mut c, "user:1", "users/me/availability")
        .await
        .unwrap();
    assert_eq!(
        lapsed.state,
        Avail::Away as i32,
        "DND becomes AWAY at its expiration"
    );
    assert!(lapsed.state_metadata.is_none());

    let dnd = |e: Option<mark_as_do_not_disturb_request::Expiration>| MarkAsDoNotDisturbRequest {
        name: "users/me/availability".into(),
        expiration: e,
    };
    use mark_as_do_not_disturb_request::Expiration as E;
    for req in [
        dnd(None),
        dnd(Some(E::Ttl(Duration {
            seconds: 367 * 86_400,
            nanos: 0,
        }))),
        dnd(Some(E::ExpireTime(Timestamp {
            seconds: 1_000,
            nanos: 0,
        }))),
        dnd(Some(E::Ttl(Duration {
            seconds: -5,
            nanos: 0,
        }))),
    ] {
        let e = c
            .mark_as_do_not_disturb(as_("user:1", req))
            .await
            .unwrap_err();
        assert_eq!(e.code(), Code::InvalidArgument, "{e:?}");
    }
    let e = c
        .mark_as_active(as_(
            "user:1",
            MarkAsActiveRequest {
                name: "users/me/availability".into(),
                expiration: Some(mark_as_active_request::Expiration::ExpireTime(Timestamp {
                    seconds: 1_000,
                    nanos: 0,
                })),
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);

    // Only the caller's own, only users, only well-formed names.
    let e = availability(&mut c, "user:2", "users/1/availability")
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);
    let e = availability(&mut c, "app", "users/me/availability")
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);
    let e = c
        .mark_as_away(as_(
            "app",
            MarkAsAwayRequest {
                name: "users/me/availability".into(),
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);
    let e = availability(&mut c, "user:1", "users/me")
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);
    assert_eq!(violation_field(&e), "name");
    let e = c
        .mark_as_away(as_(
            "user:1",
            MarkAsAwayRequest {
                name: "users/2/availability".into(),
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);
}

fn status(text: &str, emoji: Option<emoji::Content>) -> CustomStatus {
    CustomStatus {
        text: text.into(),
        emoji: emoji.map(|c| Emoji { content: Some(c) }),
        expiration: None,
    }
}

#[tokio::test]
async fn custom_status_updates() {
    let (_emu, mut c) = start().await;
    let update = |cs: Option<CustomStatus>, paths: &[&str]| UpdateAvailabilityRequest {
        availability: Some(Availability {
            name: "users/me/availability".into(),
            custom_status: cs,
            ..Default::default()
        }),
        update_mask: mask(paths),
    };
    let coffee = || Some(emoji::Content::Unicode("☕".into()));
    let mut cs = status("Coffee break", coffee());
    cs.expiration = Some(custom_status::Expiration::Ttl(Duration {
        seconds: 600,
        nanos: 0,
    }));
    let before = now_nanos();
    let a = c
        .update_availability(as_("user:1", update(Some(cs), &["custom_status"])))
        .await
        .unwrap()
        .into_inner();
    let got = a.custom_status.unwrap();
    assert_eq!(got.text, "Coffee break");
    // The TTL is input only: it comes back as an expire time.
    match got.expiration {
        Some(custom_status::Expiration::ExpireTime(t)) => {
            assert!(ts_nanos(&t) >= before + 600_000_000_000);
        }
        other => panic!("expected an expire_time, got {other:?}"),
    }
    // The state is not changed by UpdateAvailability.
    assert_eq!(a.state, Avail::Active as i32);
    let read = availability(&mut c, "user:1", "users/me/availability")
        .await
        .unwrap();
    assert_eq!(read.custom_status.unwrap().text, "Coffee break");

    // A status expiring soon disappears.
    let mut short = status("Brb", coffee());
    short.expiration = Some(custom_status::Expiration::Ttl(millis(50)));
    c.update_availability(as_("user:1", update(Some(short), &["custom_status"])))
        .await
        .unwrap();
    tokio::time::sleep(StdDuration::from_millis(100)).await;
    let read = availability(&mut c, "user:1", "users/me/availability")
        .await
        .unwrap();
    assert!(read.custom_status.is_none());

    // Clearing with the mask and no status.
    c.update_availability(as_(
        "user:1",
        update(Some(status("x", coffee())), &["custom_status"]),
    ))
    .await
    .unwrap();
    let a = c
        .update_availability(as_("user:1", update(None, &["custom_status"])))
        .await
        .unwrap()
        .into_inner();
    assert!(a.custom_status.is_none());

    // Bad updates.
    let custom = emoji::Content::CustomEmoji(CustomEmoji {
        name: "customEmojis/abc".into(),
        ..Default::default()
    });
    for (req, field) in [
        (update(Some(status("x", coffee())), &[]), "update_mask"),
        (
            update(Some(status("x", coffee())), &["state"]),
            "update_mask",
        ),
        (
            update(Some(status(&"x".repeat(65), coffee())), &["custom_status"]),
            "availability.custom_status.text",
        ),
        (
            update(Some(status("", coffee())), &["custom_status"]),
            "availability.custom_status.text",
        ),
        (
            update(Some(status("x", None)), &["custom_status"]),
            "availability.custom_status.emoji",
        ),
        (
            update(Some(status("x", Some(custom))), &["custom_status"]),
            "availability.custom_status.emoji",
        ),
    ] {
        let e = c.update_availability(as_("user:1", req)).await.unwrap_err();
        assert_eq!(e.code(), Code::InvalidArgument, "{e:?}");
        assert_eq!(violation_field(&e), field);
    }
    c.update_availability(as_(
        "user:1",
        update(Some(status(&"x".repeat(64), coffee())), &["custom_status"]),
    ))
    .await
    .unwrap();
    let mut theirs = update(Some(status("x", coffee())), &["custom_status"]);
    theirs.availability.as_mut().unwrap().name = "users/1/availability".into();
    let e = c
        .update_availability(as_("user:2", theirs.clone()))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);
    let e = c.update_availability(as_("app", theirs)).await.unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);
}

fn setting_name(space: &str) -> String {
    format!("users/me/{space}/spaceNotificationSetting")
}

async fn setting(
    c: &mut ChatServiceClient<Channel>,
    who: &str,
    name: &str,
) -> Result<SpaceNotificationSetting, Status> {
    c.get_space_notification_setting(as_(
        who,
        GetSpaceNotificationSettingRequest { name: name.into() },
    ))
    .await
    .map(|r| r.into_inner())
}

fn update_setting(
    name: &str,
    n: Option<NotificationSetting>,
    m: Option<MuteSetting>,
    paths: &[&str],
) -> UpdateSpaceNotificationSettingRequest {
    UpdateSpaceNotificationSettingRequest {
        space_notification_setting: Some(SpaceNotificationSetting {
            name: name.into(),
            notification_setting: n.map(|n| n as i32),
            mute_setting: m.map(|m| m as i32),
        }),
        update_mask: mask(paths),
    }
}

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

async fn post(
    c: &mut ChatServiceClient<Channel>,
    who: &str,
    space: &str,
    text: &str,
    key: &str,
) -> Message {
    c.create_message(as_(
        who,
        CreateMessageRequest {
            parent: space.into(),
            message: Some(Message {
                text: text.into(),
                thread: Some(Thread {
                    thread_key: key.into(),
                    ..Default::default()
                }),
                ..Default::default()
            }),
            message_reply_option:
                create_message_request::MessageReplyOption::ReplyMessageFallbackToNewThread as i32,
            ..Default::default()
        },
    ))
    .await
    .unwrap()
    .into_inner()
}

async fn space_read_state(
    c: &mut ChatServiceClient<Channel>,
    who: &str,
    name: String,
) -> Result<SpaceReadState, Status> {
    c.get_space_read_state(as_(who, GetSpaceReadStateRequest { name }))
        .await
        .map(|r| r.into_inner())
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
