//! Availability: states, Do Not Disturb expiry, custom statuses.

use super::*;

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
