//! `space_event.proto` and `event_payload.proto`: ListSpaceEvents' window (the past 28 days
//! unless `start_time` says otherwise, `start_time` exclusive, `end_time` inclusive), its
//! chronological order and pages, and the payload variant of each membership, reaction and
//! space event type.

use std::time::Duration;

use super::*;
use crate::messages::chrono_like;

const CREATED: &str = "event_types:\"google.workspace.chat.message.v1.created\"";

fn events(parent: &str, filter: &str, page_size: i32, page_token: &str) -> ListSpaceEventsRequest {
    ListSpaceEventsRequest {
        parent: parent.into(),
        filter: filter.into(),
        page_size,
        page_token: page_token.into(),
    }
}

fn at(e: &SpaceEvent) -> String {
    let t = e.event_time.expect("event_time");
    chrono_like(t.seconds, t.nanos)
}

fn created_text(e: &SpaceEvent) -> &str {
    match &e.payload {
        Some(space_event::Payload::MessageCreatedEventData(d)) => {
            d.message.as_ref().map(|m| m.text.as_str()).unwrap_or("")
        }
        other => panic!("not a message.created payload: {other:?}"),
    }
}

#[tokio::test]
async fn space_events_list_the_past_28_days_in_order_within_their_window() {
    let (emu, mut c) = start().await;
    let s = team(&mut c, "Eventful").await;
    post(&mut c, "user:1", &s.name, "old").await;
    emu.advance_clock(Duration::from_secs(29 * 86_400));
    for text in ["a", "b", "c"] {
        post(&mut c, "user:2", &s.name, text).await;
    }

    // No start_time: only the past 28 days, oldest first.
    let got = c
        .list_space_events(as_("user:3", events(&s.name, CREATED, 0, "")))
        .await
        .unwrap()
        .into_inner()
        .space_events;
    let texts: Vec<&str> = got.iter().map(created_text).collect();
    assert_eq!(texts, ["a", "b", "c"]);
    assert!(
        got.iter()
            .all(|e| e.name.starts_with(&format!("{}/spaceEvents/", s.name)))
    );
    assert!(
        got.iter()
            .all(|e| e.event_type == "google.workspace.chat.message.v1.created")
    );

    // start_time is exclusive, end_time inclusive, joined with AND.
    let window = format!(
        "start_time=\"{}\" AND end_time=\"{}\" AND {CREATED}",
        at(&got[0]),
        at(&got[1])
    );
    let only_b = c
        .list_space_events(as_("user:3", events(&s.name, &window, 0, "")))
        .await
        .unwrap()
        .into_inner()
        .space_events;
    assert_eq!(only_b.iter().map(created_text).collect::<Vec<_>>(), ["b"]);
    let either = format!(
        "start_time=\"{}\" OR end_time=\"{}\"",
        at(&got[0]),
        at(&got[1])
    );
    let e = c
        .list_space_events(as_("user:3", events(&s.name, &either, 0, "")))
        .await
        .unwrap_err();
    assert_eq!(violation_field(&e), "filter");

    // Pages: negative sizes are refused, tokens belong to their filter.
    let e = c
        .list_space_events(as_("user:3", events(&s.name, CREATED, -1, "")))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);
    let first = c
        .list_space_events(as_("user:3", events(&s.name, CREATED, 2, "")))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(first.space_events.len(), 2);
    let rest = c
        .list_space_events(as_(
            "user:3",
            events(&s.name, CREATED, 2, &first.next_page_token),
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        rest.space_events
            .iter()
            .map(created_text)
            .collect::<Vec<_>>(),
        ["c"]
    );
    assert!(rest.next_page_token.is_empty());
    let other = format!("{CREATED} OR event_types:\"google.workspace.chat.message.v1.updated\"");
    let e = c
        .list_space_events(as_(
            "user:3",
            events(&s.name, &other, 2, &first.next_page_token),
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);

    // Only members read events, listed or one by one.
    let e = c
        .list_space_events(as_("user:9", events(&s.name, CREATED, 0, "")))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);
    let e = c
        .get_space_event(as_(
            "user:9",
            GetSpaceEventRequest {
                name: got[0].name.clone(),
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);
}

#[tokio::test]
async fn membership_reaction_and_space_events_carry_their_payloads() {
    let (_emu, mut c) = start().await;
    let s = team(&mut c, "Payloads").await;
    let added = c
        .create_membership(as_(
            "user:1",
            CreateMembershipRequest {
                parent: s.name.clone(),
                membership: Some(member("users/4")),
                use_admin_access: false,
            },
        ))
        .await
        .unwrap()
        .into_inner();
    c.update_membership(as_(
        "user:1",
        UpdateMembershipRequest {
            membership: Some(Membership {
                name: added.name.clone(),
                role: membership::MembershipRole::RoleManager as i32,
                ..Default::default()
            }),
            update_mask: mask(&["role"]),
            use_admin_access: false,
        },
    ))
    .await
    .unwrap();
    let m = post(&mut c, "user:1", &s.name, "react").await;
    let r = c
        .create_reaction(as_(
            "user:2",
            CreateReactionRequest {
                parent: m.name.clone(),
                reaction: Some(Reaction {
                    emoji: Some(Emoji {
                        content: Some(emoji::Content::Unicode("🎉".into())),
                    }),
                    ..Default::default()
                }),
            },
        ))
        .await
        .unwrap()
        .into_inner();
    c.delete_reaction(as_(
        "user:2",
        DeleteReactionRequest {
            name: r.name.clone(),
        },
    ))
    .await
    .unwrap();
    c.update_space(as_(
        "user:1",
        UpdateSpaceRequest {
            space: Some(Space {
                name: s.name.clone(),
                display_name: "Payloads 2".into(),
                ..Default::default()
            }),
            update_mask: mask(&["display_name"]),
            use_admin_access: false,
        },
    ))
    .await
    .unwrap();

    for (kind, check) in [
        (
            "membership.v1.created",
            (|p: &space_event::Payload| matches!(p, space_event::Payload::MembershipCreatedEventData(d) if d.membership.is_some()))
                as fn(&space_event::Payload) -> bool,
        ),
        ("membership.v1.updated", |p| {
            matches!(p, space_event::Payload::MembershipUpdatedEventData(d)
                if d.membership.as_ref().is_some_and(|m| m.role == membership::MembershipRole::RoleManager as i32))
        }),
        (
            "reaction.v1.created",
            |p| matches!(p, space_event::Payload::ReactionCreatedEventData(d) if d.reaction.is_some()),
        ),
        (
            "reaction.v1.deleted",
            |p| matches!(p, space_event::Payload::ReactionDeletedEventData(d) if d.reaction.is_some()),
        ),
        ("space.v1.updated", |p| {
            matches!(p, space_event::Payload::SpaceUpdatedEventData(d)
                if d.space.as_ref().is_some_and(|s| s.display_name == "Payloads 2"))
        }),
    ] {
        let event_type = format!("google.workspace.chat.{kind}");
        let got = c
            .list_space_events(as_(
                "user:3",
                events(&s.name, &format!("event_types:\"{event_type}\""), 0, ""),
            ))
            .await
            .unwrap()
            .into_inner()
            .space_events;
        // The membership events of SetUpSpace come first; the last one is ours.
        let last = got.last().unwrap_or_else(|| panic!("no {kind} event"));
        assert_eq!(last.event_type, event_type);
        assert!(got.iter().all(|e| e.event_type == event_type), "{kind}");
        assert!(
            check(last.payload.as_ref().expect("payload")),
            "{kind}: {last:?}"
        );
    }
}
