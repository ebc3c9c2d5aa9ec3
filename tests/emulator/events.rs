//! Emulator: reactions (summaries, filters, ownership) and space events (payloads, filters).

use google_chat_grpc::proto::chat::v1::*;
use tonic::Code;

use crate::emulator_support;

use emulator_support::*;

fn react(parent: &str, e: &str) -> CreateReactionRequest {
    CreateReactionRequest {
        parent: parent.into(),
        reaction: Some(Reaction {
            emoji: Some(Emoji {
                content: Some(emoji::Content::Unicode(e.into())),
            }),
            ..Default::default()
        }),
    }
}

#[tokio::test]
async fn reactions_keep_summaries_in_step() {
    let (_emu, mut c) = start().await;
    let s = team(&mut c, "Team").await;
    let m = post(&mut c, "user:1", &s.name, "hello").await;
    let r1 = c
        .create_reaction(as_("user:1", react(&m.name, "🙂")))
        .await
        .unwrap()
        .into_inner();
    c.create_reaction(as_("user:2", react(&m.name, "🙂")))
        .await
        .unwrap();
    c.create_reaction(as_("user:2", react(&m.name, "👍")))
        .await
        .unwrap();
    assert_eq!(
        c.create_reaction(as_("user:1", react(&m.name, "🙂")))
            .await
            .unwrap_err()
            .code(),
        Code::AlreadyExists
    );
    assert_eq!(
        c.create_reaction(as_("app", react(&m.name, "🙂")))
            .await
            .unwrap_err()
            .code(),
        Code::PermissionDenied
    );
    let got = c
        .get_message(as_(
            "user:3",
            GetMessageRequest {
                name: m.name.clone(),
                markup_syntax: 0,
            },
        ))
        .await
        .unwrap()
        .into_inner();
    let counts: Vec<i32> = got
        .emoji_reaction_summaries
        .iter()
        .map(|s| s.reaction_count.unwrap())
        .collect();
    assert_eq!(counts, vec![2, 1]);

    let list = |f: &str| ListReactionsRequest {
        parent: m.name.clone(),
        filter: f.into(),
        ..Default::default()
    };
    assert_eq!(
        c.list_reactions(as_(
            "user:3",
            list("emoji.unicode = \"🙂\" AND user.name = \"users/2\"")
        ))
        .await
        .unwrap()
        .into_inner()
        .reactions
        .len(),
        1
    );
    assert_eq!(
        c.list_reactions(as_(
            "user:3",
            list("user.name = \"users/1\" OR user.name = \"users/2\"")
        ))
        .await
        .unwrap()
        .into_inner()
        .reactions
        .len(),
        3
    );
    for bad in [
        "emoji.unicode = \"🙂\" AND emoji.unicode = \"👍\"",
        "emoji.unicode = \"🙂\" OR user.name = \"users/1\"",
        "emoji.unicode = \"a\" OR emoji.unicode = \"b\" AND user.name = \"users/1\"",
    ] {
        let err = c
            .list_reactions(as_("user:3", list(bad)))
            .await
            .unwrap_err();
        assert_eq!(violation_field(&err), "filter", "{bad}");
    }
    // Only the reacting user deletes a reaction; the summary follows.
    assert_eq!(
        c.delete_reaction(as_(
            "user:2",
            DeleteReactionRequest {
                name: r1.name.clone()
            }
        ))
        .await
        .unwrap_err()
        .code(),
        Code::PermissionDenied
    );
    c.delete_reaction(as_(
        "user:1",
        DeleteReactionRequest {
            name: r1.name.clone(),
        },
    ))
    .await
    .unwrap();
    let got = c
        .get_message(as_(
            "user:3",
            GetMessageRequest {
                name: m.name.clone(),
                markup_syntax: 0,
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(got.emoji_reaction_summaries[0].reaction_count, Some(1));
}

#[tokio::test]
async fn every_mutation_is_a_space_event() {
    let (_emu, mut c) = start().await;
    let s = team(&mut c, "Team").await;
    let m = post(&mut c, "user:1", &s.name, "hello").await;
    c.create_reaction(as_("user:2", react(&m.name, "🎉")))
        .await
        .unwrap();
    let mut edit = m.clone();
    edit.text = "hello!".into();
    c.update_message(as_(
        "user:1",
        UpdateMessageRequest {
            message: Some(edit),
            update_mask: Some(prost_types::FieldMask {
                paths: vec!["text".into()],
            }),
            allow_missing: false,
        },
    ))
    .await
    .unwrap();
    c.delete_message(as_(
        "user:1",
        DeleteMessageRequest {
            name: m.name.clone(),
            force: false,
        },
    ))
    .await
    .unwrap();

    let list = |f: &str| ListSpaceEventsRequest {
        parent: s.name.clone(),
        filter: f.into(),
        ..Default::default()
    };
    let msgs = c
        .list_space_events(as_("app", list("event_types:\"google.workspace.chat.message.v1.created\" OR event_types:\"google.workspace.chat.message.v1.updated\" OR event_types:\"google.workspace.chat.message.v1.deleted\"")))
        .await;
    // The app is not a member of this space.
    assert_eq!(msgs.unwrap_err().code(), Code::PermissionDenied);
    let msgs = c
        .list_space_events(as_("user:3", list("event_types:\"google.workspace.chat.message.v1.created\" OR event_types:\"google.workspace.chat.message.v1.updated\" OR event_types:\"google.workspace.chat.message.v1.deleted\"")))
        .await
        .unwrap()
        .into_inner()
        .space_events;
    let kinds: Vec<&str> = msgs
        .iter()
        .map(|e| e.event_type.rsplit('.').next().unwrap())
        .collect();
    assert_eq!(kinds, vec!["created", "updated", "deleted"]);
    assert!(
        matches!(&msgs[0].payload, Some(space_event::Payload::MessageCreatedEventData(d)) if d.message.as_ref().unwrap().name == m.name)
    );
    assert!(matches!(
        &msgs[2].payload,
        Some(space_event::Payload::MessageDeletedEventData(_))
    ));
    let got = c
        .get_space_event(as_(
            "user:3",
            GetSpaceEventRequest {
                name: msgs[1].name.clone(),
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(got, msgs[1]);
    let reactions = c
        .list_space_events(as_(
            "user:3",
            list("event_types:\"google.workspace.chat.reaction.v1.created\""),
        ))
        .await
        .unwrap()
        .into_inner();
    assert!(matches!(
        &reactions.space_events[0].payload,
        Some(space_event::Payload::ReactionCreatedEventData(_))
    ));
    let windowed = c
        .list_space_events(as_("user:3", list("start_time=\"2999-01-01T00:00:00Z\" AND (event_types:\"google.workspace.chat.message.v1.created\")")))
        .await
        .unwrap()
        .into_inner();
    assert!(windowed.space_events.is_empty());
    for bad in [
        "",
        "start_time=\"2023-08-23T19:20:33+00:00\"",
        "event_types:\"google.workspace.chat.message.v1.batchCreated\"",
        "event_types:\"google.workspace.chat.space.v1.updated\" AND event_types:\"google.workspace.chat.message.v1.created\"",
        "start_time=\"2020-01-01T00:00:00Z\" AND event_types:\"google.workspace.chat.message.v1.created\"",
    ] {
        let err = c
            .list_space_events(as_("user:3", list(bad)))
            .await
            .unwrap_err();
        assert_eq!(violation_field(&err), "filter", "{bad}");
    }
}

#[tokio::test]
async fn read_states_emojis_pins_and_settings() {
    let (_emu, mut c) = start().await;
    let s = team(&mut c, "Team").await;
    let m = post(&mut c, "user:1", &s.name, "hello").await;
    let id = s.name.trim_start_matches("spaces/");
    // users/me read state: a time past the newest message is coerced to it.
    let upd = UpdateSpaceReadStateRequest {
        space_read_state: Some(SpaceReadState {
            name: format!("users/me/spaces/{id}/spaceReadState"),
            last_read_time: Some(prost_types::Timestamp {
                seconds: 4_000_000_000,
                nanos: 0,
            }),
        }),
        update_mask: Some(prost_types::FieldMask {
            paths: vec!["last_read_time".into()],
        }),
    };
    let rs = c
        .update_space_read_state(as_("user:2", upd))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(rs.last_read_time, m.create_time);
    assert_eq!(rs.name, format!("users/2/spaces/{id}/spaceReadState"));
    assert_eq!(
        c.get_space_read_state(as_(
            "user:3",
            GetSpaceReadStateRequest {
                name: format!("users/2/spaces/{id}/spaceReadState")
            }
        ))
        .await
        .unwrap_err()
        .code(),
        Code::PermissionDenied
    );

    // Custom emojis: create, get by name alias, react with it, creator-only delete.
    let emoji = c
        .create_custom_emoji(as_(
            "user:1",
            CreateCustomEmojiRequest {
                custom_emoji: Some(CustomEmoji {
                    emoji_name: ":party:".into(),
                    payload: Some(custom_emoji::CustomEmojiPayload {
                        file_content: vec![1, 2, 3],
                        filename: "p.png".into(),
                    }),
                    ..Default::default()
                }),
            },
        ))
        .await
        .unwrap()
        .into_inner();
    let by_name = c
        .get_custom_emoji(as_(
            "user:2",
            GetCustomEmojiRequest {
                name: "customEmojis/:party:".into(),
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(by_name.uid, emoji.uid);
    let mine = c
        .list_custom_emojis(as_(
            "user:2",
            ListCustomEmojisRequest {
                filter: "NOT creator(\"users/me\")".into(),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(mine.custom_emojis.len(), 1);
    assert_eq!(
        c.delete_custom_emoji(as_(
            "user:2",
            DeleteCustomEmojiRequest {
                name: emoji.name.clone()
            }
        ))
        .await
        .unwrap_err()
        .code(),
        Code::PermissionDenied
    );

    // Pins.
    let pin = c
        .create_message_pin(as_(
            "user:2",
            CreateMessagePinRequest {
                parent: s.name.clone(),
                message_pin: Some(MessagePin {
                    message: m.name.clone(),
                    ..Default::default()
                }),
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert!(pin.name.starts_with(&format!("{}/messagePins/", s.name)));
    let pins = c
        .list_message_pins(as_(
            "user:3",
            ListMessagePinsRequest {
                parent: s.name.clone(),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(pins.message_pins, vec![pin]);

    // Notification settings and availability are the caller's own.
    let ns = c
        .get_space_notification_setting(as_(
            "user:2",
            GetSpaceNotificationSettingRequest {
                name: format!("users/me/spaces/{id}/spaceNotificationSetting"),
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        ns.mute_setting,
        Some(space_notification_setting::MuteSetting::Unmuted as i32)
    );
    let away = c
        .mark_as_away(as_(
            "user:2",
            MarkAsAwayRequest {
                name: "users/me/availability".into(),
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(away.state, availability::State::Away as i32);
    assert_eq!(
        c.get_availability(as_(
            "user:2",
            GetAvailabilityRequest {
                name: "users/3/availability".into()
            }
        ))
        .await
        .unwrap_err()
        .code(),
        Code::PermissionDenied
    );

    // Sections: system sections exist; the space is an item of default-spaces.
    let secs = c
        .list_sections(as_(
            "user:2",
            ListSectionsRequest {
                parent: "users/me".into(),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(secs.sections.len(), 3);
    let items = c
        .list_section_items(as_(
            "user:2",
            ListSectionItemsRequest {
                parent: "users/2/sections/default-spaces".into(),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(items.section_items.len(), 1);
}

/// Events are resolved when read: the latest version of a message, a deleted message as only
/// its name, create time and deletion metadata, a removed membership as only its name and
/// state, and nothing of a private message for those who may not see it (they used to see
/// the text stored when the event was recorded).
#[tokio::test]
async fn events_carry_the_latest_resource_and_only_what_the_caller_may_see() {
    let (_emu, mut c) = start().await;
    let s = team(&mut c, "Team").await;
    let list = |f: &str| ListSpaceEventsRequest {
        parent: s.name.clone(),
        filter: f.into(),
        ..Default::default()
    };
    const CREATED: &str = "event_types:\"google.workspace.chat.message.v1.created\"";

    // Updated after the event: the event shows the new text.
    let m = post(&mut c, "user:1", &s.name, "draft").await;
    let mut edit = m.clone();
    edit.text = "final".into();
    c.update_message(as_(
        "user:1",
        UpdateMessageRequest {
            message: Some(edit),
            update_mask: Some(prost_types::FieldMask {
                paths: vec!["text".into()],
            }),
            allow_missing: false,
        },
    ))
    .await
    .unwrap();
    let created = |events: &[SpaceEvent], name: &str| -> Option<Message> {
        events.iter().find_map(|e| match &e.payload {
            Some(space_event::Payload::MessageCreatedEventData(d))
                if d.message.as_ref().is_some_and(|m| m.name == name) =>
            {
                d.message.clone()
            }
            _ => None,
        })
    };
    let events = c
        .list_space_events(as_("user:3", list(CREATED)))
        .await
        .unwrap()
        .into_inner()
        .space_events;
    assert_eq!(created(&events, &m.name).unwrap().text, "final");

    // Deleted: no text left anywhere, in the created event either.
    c.delete_message(as_(
        "user:1",
        DeleteMessageRequest {
            name: m.name.clone(),
            force: false,
        },
    ))
    .await
    .unwrap();
    let events = c
        .list_space_events(as_("user:3", list(CREATED)))
        .await
        .unwrap()
        .into_inner()
        .space_events;
    let gone = created(&events, &m.name).unwrap();
    assert!(
        gone.text.is_empty() && gone.formatted_text.is_empty(),
        "{gone:?}"
    );
    assert_eq!(gone.create_time, m.create_time);
    assert!(gone.deletion_metadata.is_some());
    assert_eq!(
        gone,
        Message {
            name: gone.name.clone(),
            create_time: gone.create_time,
            deletion_metadata: gone.deletion_metadata,
            ..Default::default()
        },
        "only name, create time and deletion metadata"
    );

    // A private message, from an app to user 2: user 3 sees no event of it, user 2 does.
    add_app(&mut c, "user:1", &s.name).await;
    let private = c
        .create_message(as_(
            "app",
            CreateMessageRequest {
                parent: s.name.clone(),
                message: Some(Message {
                    text: "for user 2 only".into(),
                    private_message_viewer: Some(User {
                        name: "users/2".into(),
                        ..Default::default()
                    }),
                    ..Default::default()
                }),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    for (who, sees) in [("user:3", false), ("user:2", true)] {
        let events = c
            .list_space_events(as_(who, list(CREATED)))
            .await
            .unwrap()
            .into_inner()
            .space_events;
        assert_eq!(created(&events, &private.name).is_some(), sees, "{who}");
    }

    // A removed member: the deleted event carries only the name and the state.
    c.delete_membership(as_(
        "user:1",
        DeleteMembershipRequest {
            name: format!("{}/members/3", s.name),
            use_admin_access: false,
        },
    ))
    .await
    .unwrap();
    let events = c
        .list_space_events(as_(
            "user:2",
            list("event_types:\"google.workspace.chat.membership.v1.deleted\""),
        ))
        .await
        .unwrap()
        .into_inner()
        .space_events;
    let Some(space_event::Payload::MembershipDeletedEventData(d)) = &events[0].payload else {
        panic!("{events:?}");
    };
    assert_eq!(
        d.membership,
        Some(Membership {
            name: format!("{}/members/3", s.name),
            state: membership::MembershipState::NotAMember as i32,
            ..Default::default()
        })
    );

    // Its created event now carries an empty membership ("If new members were removed ...,
    // the event payload contains an empty `Membership` resource").
    let events = c
        .list_space_events(as_(
            "user:2",
            list("event_types:\"google.workspace.chat.membership.v1.created\""),
        ))
        .await
        .unwrap()
        .into_inner()
        .space_events;
    let empty = events
        .iter()
        .filter(|e| {
            matches!(&e.payload, Some(space_event::Payload::MembershipCreatedEventData(d))
                if d.membership == Some(Membership::default()))
        })
        .count();
    assert_eq!(empty, 1, "{events:?}");

    // A space event's space has no permission settings (chat_service.proto, GetSpaceEvent).
    c.update_space(as_(
        "user:1",
        UpdateSpaceRequest {
            space: Some(Space {
                name: s.name.clone(),
                display_name: "Team 2".into(),
                ..Default::default()
            }),
            update_mask: Some(prost_types::FieldMask {
                paths: vec!["display_name".into()],
            }),
            use_admin_access: false,
        },
    ))
    .await
    .unwrap();
    let events = c
        .list_space_events(as_(
            "user:2",
            list("event_types:\"google.workspace.chat.space.v1.updated\""),
        ))
        .await
        .unwrap()
        .into_inner()
        .space_events;
    let Some(space_event::Payload::SpaceUpdatedEventData(d)) = &events[0].payload else {
        panic!("{events:?}");
    };
    let space = d.space.as_ref().unwrap();
    assert_eq!(space.display_name, "Team 2");
    assert!(space.space_permission_settings.is_none(), "{space:?}");
}
