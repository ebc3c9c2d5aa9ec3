//! The oneof helpers: each constructor builds the variant it names, the accessors return it
//! (and `None` for the others), and prost's encoding keeps it on the wire.

use google_chat_grpc::oneof::{Member, SpaceEventData, SpaceEventKind};
use google_chat_grpc::prost::Message as _;
use google_chat_grpc::prost_types::{Duration, Timestamp};
use google_chat_grpc::proto::apps::card::v1 as card;
use google_chat_grpc::proto::chat::v1::{self as chat, space_event::Payload};

/// Encodes and decodes `message`, checking the copy equals the original.
fn round_trip<M: google_chat_grpc::prost::Message + Default + PartialEq + std::fmt::Debug>(
    message: &M,
) -> M {
    let decoded = M::decode(message.encode_to_vec().as_slice()).expect("decodes");
    assert_eq!(&decoded, message);
    decoded
}

/// The key byte of a length-delimited field (`tag << 3 | 2`), for checking which oneof field
/// is on the wire.
fn len_key(tag: u8) -> u8 {
    tag << 3 | 2
}

#[test]
fn membership_for_user_app_group() {
    let user = Membership::for_user("users/123");
    match user.member() {
        Some(Member::User(u)) => {
            assert_eq!(u.name, "users/123");
            assert_eq!(u.r#type(), chat::user::Type::Human);
        }
        other => panic!("expected a user, got {other:?}"),
    }
    assert_eq!(user.member().map(|m| m.name()), Some("users/123"));
    assert!(user.group().is_none());

    let app = Membership::for_app("users/app");
    assert_eq!(app.user().map(|u| u.r#type()), Some(chat::user::Type::Bot));

    let group = Membership::for_group("groups/abc");
    assert!(matches!(group.member(), Some(Member::Group(g)) if g.name == "groups/abc"));
    assert!(group.user().is_none());

    let none = Membership::default();
    assert_eq!(none.member(), None);
    assert!(none.user().is_none() && none.group().is_none());

    // Field 3 is `member`, field 5 `group_member`.
    assert_eq!(user.encode_to_vec()[0], len_key(3));
    assert_eq!(group.encode_to_vec()[0], len_key(5));
    assert_eq!(round_trip(&group).group().unwrap().name, "groups/abc");
    assert_eq!(round_trip(&app).user().unwrap().name, "users/app");
}

use chat::Membership;

fn message(text: &str) -> chat::Message {
    chat::Message {
        text: text.into(),
        ..Default::default()
    }
}

fn membership(name: &str) -> Membership {
    Membership {
        name: name.into(),
        ..Default::default()
    }
}

fn reaction(name: &str) -> chat::Reaction {
    chat::Reaction {
        name: name.into(),
        ..Default::default()
    }
}

fn space(name: &str) -> chat::Space {
    chat::Space {
        name: name.into(),
        ..Default::default()
    }
}

/// Names of the resources an event carries, read through every accessor: exactly one of them
/// may be non-empty.
fn names_by_accessor(event: &chat::SpaceEvent) -> Vec<(SpaceEventKind, Vec<String>)> {
    let texts = |messages: Vec<&chat::Message>| messages.iter().map(|m| m.text.clone()).collect();
    let names =
        |memberships: Vec<&Membership>| memberships.iter().map(|m| m.name.clone()).collect();
    let reactions = |r: Vec<&chat::Reaction>| r.iter().map(|r| r.name.clone()).collect();
    let spaces = |s: Vec<&chat::Space>| s.iter().map(|s| s.name.clone()).collect();
    vec![
        (
            SpaceEventKind::MessageCreated,
            texts(event.messages_created()),
        ),
        (
            SpaceEventKind::MessageUpdated,
            texts(event.messages_updated()),
        ),
        (
            SpaceEventKind::MessageDeleted,
            texts(event.messages_deleted()),
        ),
        (
            SpaceEventKind::MembershipCreated,
            names(event.memberships_created()),
        ),
        (
            SpaceEventKind::MembershipUpdated,
            names(event.memberships_updated()),
        ),
        (
            SpaceEventKind::MembershipDeleted,
            names(event.memberships_deleted()),
        ),
        (
            SpaceEventKind::ReactionCreated,
            reactions(event.reactions_created()),
        ),
        (
            SpaceEventKind::ReactionDeleted,
            reactions(event.reactions_deleted()),
        ),
        (SpaceEventKind::SpaceUpdated, spaces(event.spaces_updated())),
    ]
}

/// The same names read through `data()`.
fn names_by_data(event: &chat::SpaceEvent) -> Option<(SpaceEventKind, Vec<String>)> {
    let texts = |messages: Vec<&chat::Message>| messages.iter().map(|m| m.text.clone()).collect();
    let names =
        |memberships: Vec<&Membership>| memberships.iter().map(|m| m.name.clone()).collect();
    Some(match event.data()? {
        SpaceEventData::MessagesCreated(m) => (SpaceEventKind::MessageCreated, texts(m)),
        SpaceEventData::MessagesUpdated(m) => (SpaceEventKind::MessageUpdated, texts(m)),
        SpaceEventData::MessagesDeleted(m) => (SpaceEventKind::MessageDeleted, texts(m)),
        SpaceEventData::MembershipsCreated(m) => (SpaceEventKind::MembershipCreated, names(m)),
        SpaceEventData::MembershipsUpdated(m) => (SpaceEventKind::MembershipUpdated, names(m)),
        SpaceEventData::MembershipsDeleted(m) => (SpaceEventKind::MembershipDeleted, names(m)),
        SpaceEventData::ReactionsCreated(r) => (
            SpaceEventKind::ReactionCreated,
            r.iter().map(|r| r.name.clone()).collect(),
        ),
        SpaceEventData::ReactionsDeleted(r) => (
            SpaceEventKind::ReactionDeleted,
            r.iter().map(|r| r.name.clone()).collect(),
        ),
        SpaceEventData::SpacesUpdated(s) => (
            SpaceEventKind::SpaceUpdated,
            s.iter().map(|s| s.name.clone()).collect(),
        ),
        other => panic!("a variant this test does not know: {other:?}"),
    })
}

/// Every payload variant, with the kind, batch flag, event type and resource names expected.
fn every_payload() -> Vec<(
    Payload,
    SpaceEventKind,
    bool,
    &'static str,
    Vec<&'static str>,
)> {
    use SpaceEventKind as K;
    let msg = |t: &str| Some(message(t));
    let mem = |n: &str| Some(membership(n));
    let rea = |n: &str| Some(reaction(n));
    let spa = |n: &str| Some(space(n));
    vec![
        (
            chat::MessageCreatedEventData { message: msg("m1") }.into(),
            K::MessageCreated,
            false,
            "google.workspace.chat.message.v1.created",
            vec!["m1"],
        ),
        (
            chat::MessageUpdatedEventData { message: msg("m2") }.into(),
            K::MessageUpdated,
            false,
            "google.workspace.chat.message.v1.updated",
            vec!["m2"],
        ),
        (
            chat::MessageDeletedEventData { message: msg("m3") }.into(),
            K::MessageDeleted,
            false,
            "google.workspace.chat.message.v1.deleted",
            vec!["m3"],
        ),
        (
            chat::MessageBatchCreatedEventData {
                messages: vec![
                    chat::MessageCreatedEventData { message: msg("a") },
                    chat::MessageCreatedEventData { message: None },
                    chat::MessageCreatedEventData { message: msg("b") },
                ],
            }
            .into(),
            K::MessageCreated,
            true,
            "google.workspace.chat.message.v1.batchCreated",
            vec!["a", "b"],
        ),
        (
            chat::MessageBatchUpdatedEventData {
                messages: vec![chat::MessageUpdatedEventData { message: msg("c") }],
            }
            .into(),
            K::MessageUpdated,
            true,
            "google.workspace.chat.message.v1.batchUpdated",
            vec!["c"],
        ),
        (
            chat::MessageBatchDeletedEventData {
                messages: vec![
                    chat::MessageDeletedEventData { message: msg("d") },
                    chat::MessageDeletedEventData { message: msg("e") },
                ],
            }
            .into(),
            K::MessageDeleted,
            true,
            "google.workspace.chat.message.v1.batchDeleted",
            vec!["d", "e"],
        ),
        (
            chat::SpaceUpdatedEventData {
                space: spa("spaces/1"),
            }
            .into(),
            K::SpaceUpdated,
            false,
            "google.workspace.chat.space.v1.updated",
            vec!["spaces/1"],
        ),
        (
            chat::SpaceBatchUpdatedEventData {
                spaces: vec![
                    chat::SpaceUpdatedEventData {
                        space: spa("spaces/1"),
                    },
                    chat::SpaceUpdatedEventData {
                        space: spa("spaces/1"),
                    },
                ],
            }
            .into(),
            K::SpaceUpdated,
            true,
            "google.workspace.chat.space.v1.batchUpdated",
            vec!["spaces/1", "spaces/1"],
        ),
        (
            chat::MembershipCreatedEventData {
                membership: mem("members/1"),
            }
            .into(),
            K::MembershipCreated,
            false,
            "google.workspace.chat.membership.v1.created",
            vec!["members/1"],
        ),
        (
            chat::MembershipUpdatedEventData {
                membership: mem("members/2"),
            }
            .into(),
            K::MembershipUpdated,
            false,
            "google.workspace.chat.membership.v1.updated",
            vec!["members/2"],
        ),
        (
            chat::MembershipDeletedEventData {
                membership: mem("members/3"),
            }
            .into(),
            K::MembershipDeleted,
            false,
            "google.workspace.chat.membership.v1.deleted",
            vec!["members/3"],
        ),
        (
            chat::MembershipBatchCreatedEventData {
                memberships: vec![chat::MembershipCreatedEventData {
                    membership: mem("members/4"),
                }],
            }
            .into(),
            K::MembershipCreated,
            true,
            "google.workspace.chat.membership.v1.batchCreated",
            vec!["members/4"],
        ),
        (
            chat::MembershipBatchUpdatedEventData {
                memberships: vec![chat::MembershipUpdatedEventData {
                    membership: mem("members/5"),
                }],
            }
            .into(),
            K::MembershipUpdated,
            true,
            "google.workspace.chat.membership.v1.batchUpdated",
            vec!["members/5"],
        ),
        (
            chat::MembershipBatchDeletedEventData {
                memberships: vec![
                    chat::MembershipDeletedEventData {
                        membership: mem("members/6"),
                    },
                    chat::MembershipDeletedEventData {
                        membership: mem("members/7"),
                    },
                ],
            }
            .into(),
            K::MembershipDeleted,
            true,
            "google.workspace.chat.membership.v1.batchDeleted",
            vec!["members/6", "members/7"],
        ),
        (
            chat::ReactionCreatedEventData {
                reaction: rea("reactions/1"),
            }
            .into(),
            K::ReactionCreated,
            false,
            "google.workspace.chat.reaction.v1.created",
            vec!["reactions/1"],
        ),
        (
            chat::ReactionDeletedEventData {
                reaction: rea("reactions/2"),
            }
            .into(),
            K::ReactionDeleted,
            false,
            "google.workspace.chat.reaction.v1.deleted",
            vec!["reactions/2"],
        ),
        (
            chat::ReactionBatchCreatedEventData {
                reactions: vec![chat::ReactionCreatedEventData {
                    reaction: rea("reactions/3"),
                }],
            }
            .into(),
            K::ReactionCreated,
            true,
            "google.workspace.chat.reaction.v1.batchCreated",
            vec!["reactions/3"],
        ),
        (
            chat::ReactionBatchDeletedEventData {
                reactions: vec![chat::ReactionDeletedEventData {
                    reaction: rea("reactions/4"),
                }],
            }
            .into(),
            K::ReactionDeleted,
            true,
            "google.workspace.chat.reaction.v1.batchDeleted",
            vec!["reactions/4"],
        ),
    ]
}

#[test]
fn space_event_every_payload_single_and_batch() {
    let payloads = every_payload();
    assert_eq!(
        payloads.len(),
        18,
        "one row per variant of SpaceEvent.payload"
    );
    for (payload, kind, batch, event_type, names) in payloads {
        assert_eq!(payload.kind(), kind, "{event_type}");
        assert_eq!(payload.is_batch(), batch, "{event_type}");
        assert_eq!(payload.event_type(), event_type);

        let event = round_trip(&chat::SpaceEvent::from_payload(payload));
        assert_eq!(event.event_type, event_type);
        assert_eq!(event.kind(), Some(kind));
        assert_eq!(event.is_batch(), batch);
        assert_eq!(SpaceEventKind::from_event_type(event_type), Some(kind));

        let expected: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        for (accessor_kind, found) in names_by_accessor(&event) {
            if accessor_kind == kind {
                assert_eq!(found, expected, "{event_type}");
            } else {
                assert!(
                    found.is_empty(),
                    "{event_type}: {accessor_kind:?} gave {found:?}"
                );
            }
        }
        assert_eq!(
            names_by_data(&event),
            Some((kind, expected)),
            "{event_type}"
        );
    }
}

#[test]
fn space_event_without_payload() {
    let empty = chat::SpaceEvent::default();
    assert_eq!(empty.kind(), None);
    assert_eq!(empty.data(), None);
    assert!(!empty.is_batch());
    assert!(
        names_by_accessor(&empty)
            .iter()
            .all(|(_, names)| names.is_empty())
    );

    // The kind can still come from `event_type`, single or batch; unknown types give `None`.
    let typed = chat::SpaceEvent {
        event_type: "google.workspace.chat.reaction.v1.batchDeleted".into(),
        ..Default::default()
    };
    assert_eq!(typed.kind(), Some(SpaceEventKind::ReactionDeleted));
    assert_eq!(typed.data(), None);
    let unknown = chat::SpaceEvent {
        event_type: "google.workspace.chat.x.v1.created".into(),
        ..Default::default()
    };
    assert_eq!(unknown.kind(), None);
    assert_eq!(SpaceEventKind::from_event_type(""), None);
}

#[test]
fn space_event_kind_event_types_are_distinct() {
    let mut seen = std::collections::HashSet::new();
    for (_, kind, _, _, _) in every_payload() {
        assert_eq!(
            SpaceEventKind::from_event_type(kind.event_type()),
            Some(kind)
        );
        assert_eq!(
            SpaceEventKind::from_event_type(kind.batch_event_type()),
            Some(kind)
        );
        assert!(kind.batch_event_type().contains(".batch"));
        seen.insert(kind.event_type());
        seen.insert(kind.batch_event_type());
    }
    assert_eq!(seen.len(), 18);
}

#[test]
fn emoji_unicode_and_custom() {
    let unicode = chat::Emoji::unicode("🙂");
    assert_eq!(unicode.as_unicode(), Some("🙂"));
    assert!(unicode.as_custom().is_none());
    assert_eq!(unicode.encode_to_vec()[0], len_key(1));
    assert_eq!(round_trip(&unicode).as_unicode(), Some("🙂"));

    let custom = chat::Emoji::custom(chat::CustomEmoji {
        uid: "ship-it".into(),
        ..Default::default()
    });
    assert_eq!(custom.as_custom().unwrap().uid, "ship-it");
    assert_eq!(custom.as_unicode(), None);
    assert_eq!(custom.encode_to_vec()[0], len_key(2));
    assert_eq!(round_trip(&custom).as_custom().unwrap().uid, "ship-it");

    assert_eq!(chat::Emoji::default().as_unicode(), None);
    assert!(chat::Emoji::default().as_custom().is_none());

    // The reaction a user sends carries the emoji intact.
    let reaction = chat::Reaction {
        emoji: Some(unicode),
        ..Default::default()
    };
    assert_eq!(
        round_trip(&reaction).emoji.unwrap().as_unicode(),
        Some("🙂")
    );
}

#[test]
fn attachment_uploaded_and_drive() {
    let data_ref = chat::AttachmentDataRef {
        resource_name: "spaces/S/attachments/A".into(),
        attachment_upload_token: "token".into(),
    };
    let uploaded = chat::Attachment::uploaded(data_ref.clone());
    assert_eq!(uploaded.attachment_data_ref(), Some(&data_ref));
    assert!(uploaded.drive_data_ref().is_none());
    assert_eq!(uploaded.drive_file_id(), None);
    assert!(!uploaded.is_drive_file());
    assert_eq!(round_trip(&uploaded).attachment_data_ref(), Some(&data_ref));

    let drive = chat::Attachment::drive_file("1AbC");
    assert_eq!(drive.drive_file_id(), Some("1AbC"));
    assert!(drive.is_drive_file());
    assert!(drive.attachment_data_ref().is_none());
    assert_eq!(
        round_trip(&drive).drive_data_ref().unwrap().drive_file_id,
        "1AbC"
    );

    let none = chat::Attachment::default();
    assert!(none.attachment_data_ref().is_none() && none.drive_data_ref().is_none());
}

#[test]
fn annotation_metadata_sets_type_and_reads_back() {
    let mut mention = chat::Annotation {
        start_index: Some(0),
        length: 6,
        ..Default::default()
    };
    mention.set_user_mention(chat::UserMentionMetadata {
        user: Some(chat::User {
            name: "users/1".into(),
            ..Default::default()
        }),
        ..Default::default()
    });
    let mention = round_trip(&mention);
    assert_eq!(mention.r#type(), chat::AnnotationType::UserMention);
    assert_eq!(
        mention
            .user_mention()
            .and_then(|m| m.user.as_ref())
            .unwrap()
            .name,
        "users/1"
    );
    assert!(mention.slash_command().is_none());
    assert!(mention.rich_link().is_none());
    assert!(mention.custom_emoji().is_none());

    let mut command = chat::Annotation::default();
    command.set_slash_command(chat::SlashCommandMetadata {
        command_id: 3,
        ..Default::default()
    });
    let command = round_trip(&command);
    assert_eq!(command.r#type(), chat::AnnotationType::SlashCommand);
    assert_eq!(command.slash_command().unwrap().command_id, 3);
    assert!(command.user_mention().is_none());

    let mut link = chat::Annotation::default();
    link.set_rich_link(chat::RichLinkMetadata {
        uri: "https://x".into(),
        ..Default::default()
    });
    assert_eq!(round_trip(&link).r#type(), chat::AnnotationType::RichLink);
    assert_eq!(link.rich_link().unwrap().uri, "https://x");

    let mut emoji = chat::Annotation::default();
    emoji.set_custom_emoji(chat::CustomEmojiMetadata::default());
    assert_eq!(
        round_trip(&emoji).r#type(),
        chat::AnnotationType::CustomEmoji
    );
    assert!(emoji.custom_emoji().is_some());

    let none = chat::Annotation::default();
    assert!(none.user_mention().is_none() && none.custom_emoji().is_none());
}

#[test]
fn rich_link_data_sets_type_and_reads_back() {
    use chat::rich_link_metadata::RichLinkType;

    let mut link = chat::RichLinkMetadata::default();
    assert!(link.drive_link_data().is_none());

    link.set_drive_link_data(chat::DriveLinkData {
        mime_type: "application/pdf".into(),
        ..Default::default()
    });
    assert_eq!(round_trip(&link).rich_link_type(), RichLinkType::DriveFile);
    assert_eq!(link.drive_link_data().unwrap().mime_type, "application/pdf");
    assert!(link.chat_space_link_data().is_none());

    link.set_chat_space_link_data(chat::ChatSpaceLinkData {
        space: "spaces/S".into(),
        ..Default::default()
    });
    assert_eq!(link.rich_link_type(), RichLinkType::ChatSpace);
    assert_eq!(
        round_trip(&link).chat_space_link_data().unwrap().space,
        "spaces/S"
    );
    assert!(
        link.drive_link_data().is_none(),
        "setting one variant replaces the other"
    );

    link.set_meet_space_link_data(chat::MeetSpaceLinkData {
        meeting_code: "abc".into(),
        ..Default::default()
    });
    assert_eq!(link.rich_link_type(), RichLinkType::MeetSpace);
    assert_eq!(
        round_trip(&link)
            .meet_space_link_data()
            .unwrap()
            .meeting_code,
        "abc"
    );

    link.set_calendar_event_link_data(chat::CalendarEventLinkData {
        event_id: "e".into(),
        ..Default::default()
    });
    assert_eq!(link.rich_link_type(), RichLinkType::CalendarEvent);
    assert_eq!(
        round_trip(&link)
            .calendar_event_link_data()
            .unwrap()
            .event_id,
        "e"
    );
    assert!(link.meet_space_link_data().is_none());
}

#[test]
fn availability_and_expirations() {
    let time = Timestamp {
        seconds: 1_800_000_000,
        nanos: 5,
    };
    let ttl = Duration {
        seconds: 90,
        nanos: 0,
    };

    let mut availability = chat::Availability::default();
    assert!(availability.do_not_disturb_metadata().is_none());
    availability.set_do_not_disturb_metadata(chat::DoNotDisturbMetadata {
        expiration_time: Some(time),
    });
    let availability = round_trip(&availability);
    assert_eq!(
        availability.state(),
        chat::availability::State::DoNotDisturb
    );
    assert_eq!(
        availability
            .do_not_disturb_metadata()
            .unwrap()
            .expiration_time,
        Some(time)
    );

    let mut status = chat::CustomStatus::default();
    assert_eq!((status.expire_time(), status.ttl()), (None, None));
    status.set_expire_time(time);
    assert_eq!(
        (round_trip(&status).expire_time(), status.ttl()),
        (Some(time), None)
    );
    status.set_ttl(ttl);
    assert_eq!(
        (round_trip(&status).ttl(), status.expire_time()),
        (Some(ttl), None)
    );

    let active = chat::MarkAsActiveRequest::until("users/me/availability", time);
    assert_eq!(active.name, "users/me/availability");
    assert_eq!(
        (round_trip(&active).expire_time(), active.ttl()),
        (Some(time), None)
    );
    let active = chat::MarkAsActiveRequest::lasting("users/me/availability", ttl);
    assert_eq!(
        (round_trip(&active).ttl(), active.expire_time()),
        (Some(ttl), None)
    );
    let none = chat::MarkAsActiveRequest::default();
    assert_eq!((none.expire_time(), none.ttl()), (None, None));

    let dnd = chat::MarkAsDoNotDisturbRequest::until("users/me/availability", time);
    assert_eq!(
        (round_trip(&dnd).expire_time(), dnd.ttl()),
        (Some(time), None)
    );
    let dnd = chat::MarkAsDoNotDisturbRequest::lasting("users/me/availability", ttl);
    assert_eq!(
        (round_trip(&dnd).ttl(), dnd.expire_time()),
        (Some(ttl), None)
    );
    let none = chat::MarkAsDoNotDisturbRequest::default();
    assert_eq!((none.expire_time(), none.ttl()), (None, None));
}

#[test]
fn sections_items_and_positions() {
    use chat::position_section_request::Position;

    let item = chat::SectionItem::for_space("spaces/AAAA");
    assert_eq!(round_trip(&item).space(), Some("spaces/AAAA"));
    assert_eq!(chat::SectionItem::default().space(), None);

    let absolute = chat::PositionSectionRequest::to_sort_order("users/me/sections/s", 0);
    assert_eq!(
        round_trip(&absolute).sort_order(),
        Some(0),
        "zero is set, not absent"
    );
    assert_eq!(absolute.relative_position(), None);

    for position in [Position::Start, Position::End] {
        let relative =
            chat::PositionSectionRequest::to_relative_position("users/me/sections/s", position);
        assert_eq!(round_trip(&relative).relative_position(), Some(position));
        assert_eq!(relative.sort_order(), None);
    }

    let none = chat::PositionSectionRequest::default();
    assert_eq!((none.sort_order(), none.relative_position()), (None, None));

    // A value newer than these protos reads as unspecified, as prost's getters do.
    let future = chat::PositionSectionRequest {
        position: Some(chat::position_section_request::PositionOneOf::RelativePosition(99)),
        ..Default::default()
    };
    assert_eq!(future.relative_position(), Some(Position::Unspecified));
}

#[test]
fn space_permission_settings_and_principal() {
    use chat::space::{PermissionSettings, PredefinedPermissionSettings, Principal};

    let mut space = chat::Space::default();
    assert_eq!(space.predefined_permission_settings(), None);
    assert!(space.permission_settings().is_none());

    space.set_predefined_permission_settings(PredefinedPermissionSettings::AnnouncementSpace);
    assert_eq!(
        round_trip(&space).predefined_permission_settings(),
        Some(PredefinedPermissionSettings::AnnouncementSpace)
    );
    assert!(space.permission_settings().is_none());

    let settings = PermissionSettings {
        manage_members_and_groups: Some(chat::space::PermissionSetting {
            managers_allowed: true,
            ..Default::default()
        }),
        ..Default::default()
    };
    space.set_permission_settings(settings);
    assert_eq!(round_trip(&space).permission_settings(), Some(&settings));
    assert_eq!(space.predefined_permission_settings(), None);

    let unknown = chat::Space {
        space_permission_settings: Some(
            chat::space::SpacePermissionSettings::PredefinedPermissionSettings(42),
        ),
        ..Default::default()
    };
    assert_eq!(
        unknown.predefined_permission_settings(),
        Some(PredefinedPermissionSettings::Unspecified)
    );

    let principal = Principal::audience("audiences/default");
    assert_eq!(
        round_trip(&principal).as_audience().unwrap().name,
        "audiences/default"
    );
    assert!(Principal::default().as_audience().is_none());
}

#[test]
fn message_accessory_dialog_and_suggestions() {
    let accessory = chat::AccessoryWidget::button_list([card::Button::new(
        "Open",
        card::OnClick::open_link("https://example.com"),
    )]);
    let accessory = round_trip(&accessory);
    let buttons = &accessory.as_button_list().unwrap().buttons;
    assert_eq!(buttons[0].text, "Open");
    assert!(chat::AccessoryWidget::default().as_button_list().is_none());

    let action = chat::DialogAction::open_dialog(card::Card {
        name: "form".into(),
        ..Default::default()
    });
    let body = round_trip(&action)
        .dialog()
        .and_then(|d| d.body.clone())
        .unwrap();
    assert_eq!(body.name, "form");
    assert!(chat::DialogAction::default().dialog().is_none());

    let updated = chat::action_response::UpdatedWidget::with_suggestions(
        "contacts",
        [
            card::selection_input::SelectionItem::new("Alice", "users/1"),
            card::selection_input::SelectionItem::new("Bob", "users/2"),
        ],
    );
    let updated = round_trip(&updated);
    assert_eq!(updated.widget, "contacts");
    let values: Vec<_> = updated
        .suggestions()
        .unwrap()
        .items
        .iter()
        .map(|i| i.value.as_str())
        .collect();
    assert_eq!(values, ["users/1", "users/2"]);
    assert!(
        chat::action_response::UpdatedWidget::default()
            .suggestions()
            .is_none()
    );
}

/// Which `as_*` accessors of a card widget return something.
fn widget_kinds(widget: &card::Widget) -> Vec<&'static str> {
    [
        ("text_paragraph", widget.as_text_paragraph().is_some()),
        ("image", widget.as_image().is_some()),
        ("decorated_text", widget.as_decorated_text().is_some()),
        ("button_list", widget.as_button_list().is_some()),
        ("text_input", widget.as_text_input().is_some()),
        ("selection_input", widget.as_selection_input().is_some()),
        ("date_time_picker", widget.as_date_time_picker().is_some()),
        ("divider", widget.as_divider().is_some()),
        ("grid", widget.as_grid().is_some()),
        ("columns", widget.as_columns().is_some()),
        ("carousel", widget.as_carousel().is_some()),
        ("chip_list", widget.as_chip_list().is_some()),
    ]
    .into_iter()
    .filter_map(|(name, present)| present.then_some(name))
    .collect()
}

#[test]
fn card_widget_constructors_build_their_variant() {
    let widgets = [
        ("text_paragraph", card::Widget::text_paragraph("hello")),
        ("image", card::Widget::image("https://example.com/a.png")),
        (
            "decorated_text",
            card::Widget::decorated_text(card::DecoratedText::default()),
        ),
        ("button_list", card::Widget::button_list([])),
        (
            "text_input",
            card::Widget::text_input(card::TextInput::default()),
        ),
        (
            "selection_input",
            card::Widget::selection_input(card::SelectionInput::default()),
        ),
        (
            "date_time_picker",
            card::Widget::date_time_picker(card::DateTimePicker::default()),
        ),
        ("divider", card::Widget::divider()),
        ("grid", card::Widget::grid(card::Grid::default())),
        ("columns", card::Widget::columns(card::Columns::default())),
        (
            "carousel",
            card::Widget::carousel(card::Carousel::default()),
        ),
        (
            "chip_list",
            card::Widget::chip_list(card::ChipList::default()),
        ),
    ];
    for (name, widget) in widgets {
        assert_eq!(widget_kinds(&widget), [name]);
        assert_eq!(
            widget_kinds(&round_trip(&widget)),
            [name],
            "{name} survives the wire"
        );
    }
    assert!(widget_kinds(&card::Widget::default()).is_empty());

    assert_eq!(
        card::Widget::text_paragraph("hello")
            .as_text_paragraph()
            .unwrap()
            .text,
        "hello"
    );
    assert_eq!(
        card::Widget::image("https://example.com/a.png")
            .as_image()
            .unwrap()
            .image_url,
        "https://example.com/a.png"
    );
    let from = card::Widget::from(card::TextParagraph {
        text: "x".into(),
        max_lines: 2,
        ..Default::default()
    });
    assert_eq!(from.as_text_paragraph().unwrap().max_lines, 2);
}

#[test]
fn a_card_message_round_trips() {
    let mut status = card::DecoratedText {
        top_label: "Status".into(),
        text: "green".into(),
        ..Default::default()
    };
    status.set_end_icon(card::Icon::known_icon("STAR"));
    let section = card::card::Section {
        header: "Build".into(),
        widgets: vec![
            card::Widget::text_paragraph("Build <b>42</b> passed"),
            card::Widget::decorated_text(status),
            card::Widget::button_list([
                card::Button::new(
                    "Logs",
                    card::OnClick::open_link("https://ci.example.com/42"),
                ),
                card::Button::new("Rerun", card::OnClick::action("rerun")),
            ]),
        ],
        ..Default::default()
    };
    let message = chat::Message {
        cards_v2: vec![chat::CardWithId {
            card_id: "build".into(),
            card: Some(card::Card {
                sections: vec![section],
                ..Default::default()
            }),
        }],
        accessory_widgets: vec![chat::AccessoryWidget::button_list([card::Button::new(
            "Ack",
            card::OnClick::action("ack"),
        )])],
        ..Default::default()
    };

    let decoded = round_trip(&message);
    let widgets = &decoded.cards_v2[0].card.as_ref().unwrap().sections[0].widgets;
    assert_eq!(
        widgets[0].as_text_paragraph().unwrap().text,
        "Build <b>42</b> passed"
    );
    let status = widgets[1].as_decorated_text().unwrap();
    assert_eq!(
        status.end_icon().and_then(card::Icon::as_known_icon),
        Some("STAR")
    );
    let buttons = &widgets[2].as_button_list().unwrap().buttons;
    let on_click = |i: usize| buttons[i].on_click.as_deref().unwrap();
    assert_eq!(
        on_click(0).as_open_link().unwrap().url,
        "https://ci.example.com/42"
    );
    assert_eq!(on_click(1).as_action().unwrap().function, "rerun");
}

#[test]
fn nested_and_column_widgets() {
    use card::card::NestedWidget;
    use card::columns::column::Widgets;

    let nested = [
        NestedWidget::text_paragraph("t"),
        NestedWidget::button_list([card::Button::new("b", card::OnClick::action("f"))]),
        NestedWidget::image("https://example.com/i.png"),
    ];
    let present = |w: &NestedWidget| {
        [
            w.as_text_paragraph().is_some(),
            w.as_button_list().is_some(),
            w.as_image().is_some(),
        ]
    };
    for (i, widget) in nested.iter().enumerate() {
        let flags = present(&round_trip(widget));
        assert_eq!(flags.iter().filter(|f| **f).count(), 1);
        assert!(flags[i]);
    }
    assert_eq!(present(&NestedWidget::default()), [false; 3]);

    let column = [
        Widgets::text_paragraph("t"),
        Widgets::image("https://example.com/i.png"),
        Widgets::from(card::DecoratedText::default()),
        Widgets::button_list([]),
        Widgets::from(card::TextInput::default()),
        Widgets::from(card::SelectionInput::default()),
        Widgets::from(card::DateTimePicker::default()),
        Widgets::from(card::ChipList::default()),
    ];
    let present = |w: &Widgets| {
        [
            w.as_text_paragraph().is_some(),
            w.as_image().is_some(),
            w.as_decorated_text().is_some(),
            w.as_button_list().is_some(),
            w.as_text_input().is_some(),
            w.as_selection_input().is_some(),
            w.as_date_time_picker().is_some(),
            w.as_chip_list().is_some(),
        ]
    };
    for (i, widget) in column.iter().enumerate() {
        let flags = present(&round_trip(widget));
        assert_eq!(flags.iter().filter(|f| **f).count(), 1, "column widget {i}");
        assert!(flags[i], "column widget {i}");
    }
    assert_eq!(present(&Widgets::default()), [false; 8]);
}

#[test]
fn on_click_variants() {
    let present = |c: &card::OnClick| {
        [
            c.as_action().is_some(),
            c.as_open_link().is_some(),
            c.as_open_dynamic_link_action().is_some(),
            c.as_card().is_some(),
            c.as_overflow_menu().is_some(),
        ]
    };
    let clicks = [
        card::OnClick::action("f"),
        card::OnClick::open_link("https://example.com"),
        card::OnClick::open_dynamic_link(card::Action {
            function: "g".into(),
            ..Default::default()
        }),
        card::OnClick::card(card::Card {
            name: "c".into(),
            ..Default::default()
        }),
        card::OnClick::overflow_menu(card::OverflowMenu::default()),
    ];
    for (i, click) in clicks.iter().enumerate() {
        let flags = present(&round_trip(click));
        assert_eq!(flags.iter().filter(|f| **f).count(), 1, "on-click {i}");
        assert!(flags[i], "on-click {i}");
    }
    assert_eq!(present(&card::OnClick::default()), [false; 5]);

    assert_eq!(clicks[0].as_action().unwrap().function, "f");
    assert_eq!(clicks[1].as_open_link().unwrap().url, "https://example.com");
    assert_eq!(clicks[3].as_card().unwrap().name, "c");

    let with_parameters = card::OnClick::from(card::Action {
        function: "vote".into(),
        parameters: vec![card::action::ActionParameter {
            key: "choice".into(),
            value: "yes".into(),
        }],
        ..Default::default()
    });
    assert_eq!(
        round_trip(&with_parameters).as_action().unwrap().parameters[0].value,
        "yes"
    );
}

#[test]
fn decorated_text_controls_and_icons() {
    let mut text = card::DecoratedText::default();
    assert!(
        text.button().is_none() && text.switch_control().is_none() && text.end_icon().is_none()
    );

    text.set_button(card::Button::new("Go", card::OnClick::action("go")));
    assert_eq!(round_trip(&text).button().unwrap().text, "Go");

    text.set_switch_control(card::decorated_text::SwitchControl {
        selected: true,
        ..Default::default()
    });
    assert!(round_trip(&text).switch_control().unwrap().selected);
    assert!(
        text.button().is_none(),
        "a control replaces the previous one"
    );

    text.set_end_icon(card::Icon::material_icon("check"));
    assert_eq!(
        round_trip(&text)
            .end_icon()
            .and_then(card::Icon::as_material_icon)
            .unwrap()
            .name,
        "check"
    );
    assert!(text.switch_control().is_none());

    let known = card::Icon::known_icon("EMAIL");
    let url = card::Icon::icon_url("https://example.com/i.png");
    assert_eq!(round_trip(&known).as_known_icon(), Some("EMAIL"));
    assert_eq!(known.as_icon_url(), None);
    assert_eq!(
        round_trip(&url).as_icon_url(),
        Some("https://example.com/i.png")
    );
    assert!(url.as_material_icon().is_none());
    assert_eq!(card::Icon::default().as_known_icon(), None);
}

#[test]
fn suggestions_selection_items_and_data_sources() {
    use card::selection_input::{
        PlatformDataSource, SelectionItem, platform_data_source::CommonDataSource,
    };
    use card::suggestions::SuggestionItem;

    assert_eq!(
        round_trip(&SuggestionItem::text("Berlin")).as_text(),
        Some("Berlin")
    );
    assert_eq!(SuggestionItem::default().as_text(), None);

    let mut item = SelectionItem::new("Alice", "users/1");
    assert_eq!(
        (item.text.as_str(), item.value.as_str(), item.selected),
        ("Alice", "users/1", false)
    );
    assert_eq!(item.start_icon_uri(), None);
    item.set_start_icon_uri("https://example.com/a.png");
    assert_eq!(
        round_trip(&item).start_icon_uri(),
        Some("https://example.com/a.png")
    );

    let mut input = card::SelectionInput::default();
    assert!(input.external_data_source().is_none() && input.platform_data_source().is_none());
    input.set_platform_data_source(PlatformDataSource::common_data_source(
        CommonDataSource::User,
    ));
    let source = round_trip(&input)
        .platform_data_source()
        .and_then(PlatformDataSource::as_common_data_source);
    assert_eq!(source, Some(CommonDataSource::User));
    assert!(input.external_data_source().is_none());

    input.set_external_data_source(card::Action {
        function: "find".into(),
        ..Default::default()
    });
    assert_eq!(
        round_trip(&input).external_data_source().unwrap().function,
        "find"
    );
    assert!(input.platform_data_source().is_none());

    assert_eq!(PlatformDataSource::default().as_common_data_source(), None);
}

#[test]
fn legacy_widget_markup() {
    use chat::WidgetMarkup;
    use chat::widget_markup::{Button, Icon, ImageButton, KeyValue, OnClick};

    let paragraph = WidgetMarkup::text_paragraph("hi");
    assert_eq!(
        round_trip(&paragraph).as_text_paragraph().unwrap().text,
        "hi"
    );
    assert!(paragraph.as_image().is_none() && paragraph.as_key_value().is_none());
    let image = WidgetMarkup::image("https://example.com/a.png");
    assert_eq!(
        round_trip(&image).as_image().unwrap().image_url,
        "https://example.com/a.png"
    );

    let mut key_value = KeyValue {
        content: "42".into(),
        ..Default::default()
    };
    key_value.set_icon(Icon::Clock);
    key_value.set_button(Button::text_button(
        "Open",
        OnClick::open_link("https://example.com"),
    ));
    let widget = round_trip(&WidgetMarkup::key_value(key_value));
    let key_value = widget.as_key_value().unwrap();
    assert_eq!(key_value.icon(), Some(Icon::Clock));
    assert_eq!(key_value.icon_url(), None);
    let button = key_value.button().and_then(Button::as_text_button).unwrap();
    assert_eq!(
        button
            .on_click
            .as_ref()
            .and_then(OnClick::as_open_link)
            .unwrap()
            .url,
        "https://example.com"
    );

    let mut image_button = ImageButton::default();
    image_button.set_icon_url("https://example.com/i.png");
    let button = round_trip(&Button::image_button(image_button));
    let image_button = button.as_image_button().unwrap();
    assert_eq!(image_button.icon_url(), Some("https://example.com/i.png"));
    assert_eq!(image_button.icon(), None);
    assert!(button.as_text_button().is_none());

    let action = round_trip(&OnClick::action("approve"));
    assert_eq!(action.as_action().unwrap().action_method_name, "approve");
    assert!(action.as_open_link().is_none());

    let empty = KeyValue::default();
    assert_eq!((empty.icon(), empty.icon_url()), (None, None));
    assert!(empty.button().is_none());
    assert!(WidgetMarkup::default().as_text_paragraph().is_none());
}

/// Every `oneof` of `google.chat.v1` and `google.apps.card.v1` in the embedded descriptor set
/// has a row in the generated `ONEOFS` table, and every variant a reader. build/oneof.rs
/// writes a row for each union it sees, so this fails when a proto refresh brings a variant
/// it had to skip (its accessor's name taken by another helper or by prost), a union in a
/// package it does not read, or a table that no longer matches the protos.
#[test]
fn every_oneof_has_accessors() {
    use google_chat_grpc::oneof::ONEOFS;
    use std::collections::BTreeSet;

    let pool = prost_reflect::DescriptorPool::decode(google_chat_grpc::proto::FILE_DESCRIPTOR_SET)
        .expect("the embedded descriptor set decodes");
    let mut seen = BTreeSet::new();
    let mut missing = Vec::new();
    for message in pool
        .all_messages()
        .filter(|m| matches!(m.package_name(), "google.chat.v1" | "google.apps.card.v1"))
    {
        for oneof in message.oneofs().filter(|o| !o.is_synthetic()) {
            let key = format!("{}.{}", message.full_name(), oneof.name());
            let Some(row) = ONEOFS
                .iter()
                .find(|row| row.message == message.full_name() && row.oneof == oneof.name())
            else {
                missing.push(format!("{key}: no row"));
                continue;
            };
            let fields: Vec<_> = oneof.fields().map(|f| f.name().to_owned()).collect();
            let rows: Vec<_> = row.variants.iter().map(|v| v.field.to_owned()).collect();
            assert_eq!(
                rows, fields,
                "{key}: the row's variants are the oneof's fields"
            );
            for variant in row.variants.iter().filter(|v| v.read.is_empty()) {
                missing.push(format!("{key}.{}: no reader", variant.field));
            }
            seen.insert(key);
        }
    }
    assert!(missing.is_empty(), "unions without accessors: {missing:#?}");
    // 33 when this test was written: a package filter that matches nothing must not pass.
    assert!(seen.len() >= 33, "only {} oneofs seen", seen.len());
    assert_eq!(
        seen.len(),
        ONEOFS.len(),
        "ONEOFS has rows for unions not in the protos"
    );
}

/// The table `every_oneof_has_accessors` reads records what was generated: a sample of rows
/// against the helpers they name.
#[test]
fn oneof_table_names_the_helpers() {
    use google_chat_grpc::oneof::ONEOFS;

    let row = |message: &str, oneof: &str| {
        ONEOFS
            .iter()
            .find(|r| r.message == message && r.oneof == oneof)
            .unwrap_or_else(|| panic!("{message}.{oneof} has a row"))
    };
    let emoji = row("google.chat.v1.Emoji", "content");
    let names: Vec<_> = emoji.variants.iter().map(|v| (v.field, v.read)).collect();
    assert_eq!(
        names,
        [("unicode", "as_unicode"), ("custom_emoji", "as_custom")]
    );

    let annotation = row("google.chat.v1.Annotation", "metadata");
    let user_mention = &annotation.variants[0];
    assert_eq!(
        (user_mention.read, user_mention.read_by_hand),
        ("user_mention", false)
    );
    assert_eq!(
        (user_mention.set, user_mention.set_by_hand),
        ("set_user_mention", true)
    );

    let payload = row("google.chat.v1.SpaceEvent", "payload");
    assert_eq!(payload.variants.len(), 18);
    assert!(
        payload
            .variants
            .iter()
            .all(|v| v.read == "data" && v.read_by_hand && v.from)
    );

    let on_click = row("google.apps.card.v1.OnClick", "data");
    let froms: Vec<_> = on_click
        .variants
        .iter()
        .filter(|v| v.from)
        .map(|v| v.field)
        .collect();
    assert_eq!(froms, ["action", "open_link"]);

    let key_value = row("google.chat.v1.WidgetMarkup.KeyValue", "icons");
    let setters: Vec<_> = key_value.variants.iter().map(|v| v.set).collect();
    assert_eq!(setters, ["set_icon", "set_icon_url"]);
}

/// The generated helpers keep the signatures their hand-written versions had (the
/// non-generic ones; the others are called in tests/api/oneof_examples.rs).
#[test]
fn generated_helpers_keep_their_signatures() {
    let _: fn(&card::card::NestedWidget) -> Option<&card::TextParagraph> =
        card::card::NestedWidget::as_text_paragraph;
    let _: fn(&card::card::NestedWidget) -> Option<&card::ButtonList> =
        card::card::NestedWidget::as_button_list;
    let _: fn(&card::card::NestedWidget) -> Option<&card::Image> =
        card::card::NestedWidget::as_image;
    let _: fn(&card::columns::column::Widgets) -> Option<&card::TextParagraph> =
        card::columns::column::Widgets::as_text_paragraph;
    let _: fn(&card::columns::column::Widgets) -> Option<&card::Image> =
        card::columns::column::Widgets::as_image;
    let _: fn(&card::columns::column::Widgets) -> Option<&card::DecoratedText> =
        card::columns::column::Widgets::as_decorated_text;
    let _: fn(&card::columns::column::Widgets) -> Option<&card::ButtonList> =
        card::columns::column::Widgets::as_button_list;
    let _: fn(&card::columns::column::Widgets) -> Option<&card::TextInput> =
        card::columns::column::Widgets::as_text_input;
    let _: fn(&card::columns::column::Widgets) -> Option<&card::SelectionInput> =
        card::columns::column::Widgets::as_selection_input;
    let _: fn(&card::columns::column::Widgets) -> Option<&card::DateTimePicker> =
        card::columns::column::Widgets::as_date_time_picker;
    let _: fn(&card::columns::column::Widgets) -> Option<&card::ChipList> =
        card::columns::column::Widgets::as_chip_list;
    let _: fn(&card::DecoratedText) -> Option<&card::Button> = card::DecoratedText::button;
    let _: fn(&mut card::DecoratedText, card::Button) = card::DecoratedText::set_button;
    let _: fn(&card::DecoratedText) -> Option<&card::decorated_text::SwitchControl> =
        card::DecoratedText::switch_control;
    let _: fn(&mut card::DecoratedText, card::decorated_text::SwitchControl) =
        card::DecoratedText::set_switch_control;
    let _: fn(&card::DecoratedText) -> Option<&card::Icon> = card::DecoratedText::end_icon;
    let _: fn(&mut card::DecoratedText, card::Icon) = card::DecoratedText::set_end_icon;
    let _: fn(&card::Icon) -> Option<&str> = card::Icon::as_known_icon;
    let _: fn(&card::Icon) -> Option<&str> = card::Icon::as_icon_url;
    let _: fn(&card::Icon) -> Option<&card::MaterialIcon> = card::Icon::as_material_icon;
    let _: fn(&card::OnClick) -> Option<&card::Action> = card::OnClick::as_action;
    let _: fn(&card::OnClick) -> Option<&card::OpenLink> = card::OnClick::as_open_link;
    let _: fn(&card::OnClick) -> Option<&card::Action> = card::OnClick::as_open_dynamic_link_action;
    let _: fn(&card::OnClick) -> Option<&card::Card> = card::OnClick::as_card;
    let _: fn(&card::OnClick) -> Option<&card::OverflowMenu> = card::OnClick::as_overflow_menu;
    let _: fn(&card::SelectionInput) -> Option<&card::Action> =
        card::SelectionInput::external_data_source;
    let _: fn(&mut card::SelectionInput, card::Action) =
        card::SelectionInput::set_external_data_source;
    let _: fn(&card::SelectionInput) -> Option<&card::selection_input::PlatformDataSource> =
        card::SelectionInput::platform_data_source;
    let _: fn(&mut card::SelectionInput, card::selection_input::PlatformDataSource) =
        card::SelectionInput::set_platform_data_source;
    let _: fn(
        &card::selection_input::PlatformDataSource,
    ) -> Option<card::selection_input::platform_data_source::CommonDataSource> =
        card::selection_input::PlatformDataSource::as_common_data_source;
    let _: fn(&card::selection_input::SelectionItem) -> Option<&str> =
        card::selection_input::SelectionItem::start_icon_uri;
    let _: fn(&card::suggestions::SuggestionItem) -> Option<&str> =
        card::suggestions::SuggestionItem::as_text;
    let _: fn(&card::Widget) -> Option<&card::TextParagraph> = card::Widget::as_text_paragraph;
    let _: fn(&card::Widget) -> Option<&card::Image> = card::Widget::as_image;
    let _: fn(&card::Widget) -> Option<&card::DecoratedText> = card::Widget::as_decorated_text;
    let _: fn(&card::Widget) -> Option<&card::ButtonList> = card::Widget::as_button_list;
    let _: fn(&card::Widget) -> Option<&card::TextInput> = card::Widget::as_text_input;
    let _: fn(&card::Widget) -> Option<&card::SelectionInput> = card::Widget::as_selection_input;
    let _: fn(&card::Widget) -> Option<&card::DateTimePicker> = card::Widget::as_date_time_picker;
    let _: fn(&card::Widget) -> Option<&card::Divider> = card::Widget::as_divider;
    let _: fn(&card::Widget) -> Option<&card::Grid> = card::Widget::as_grid;
    let _: fn(&card::Widget) -> Option<&card::Columns> = card::Widget::as_columns;
    let _: fn(&card::Widget) -> Option<&card::Carousel> = card::Widget::as_carousel;
    let _: fn(&card::Widget) -> Option<&card::ChipList> = card::Widget::as_chip_list;
    let _: fn(&chat::AccessoryWidget) -> Option<&card::ButtonList> =
        chat::AccessoryWidget::as_button_list;
    let _: fn(
        &chat::action_response::UpdatedWidget,
    ) -> Option<&chat::action_response::SelectionItems> =
        chat::action_response::UpdatedWidget::suggestions;
    let _: fn(&chat::Annotation) -> Option<&chat::UserMentionMetadata> =
        chat::Annotation::user_mention;
    let _: fn(&chat::Annotation) -> Option<&chat::SlashCommandMetadata> =
        chat::Annotation::slash_command;
    let _: fn(&chat::Annotation) -> Option<&chat::RichLinkMetadata> = chat::Annotation::rich_link;
    let _: fn(&chat::Annotation) -> Option<&chat::CustomEmojiMetadata> =
        chat::Annotation::custom_emoji;
    let _: fn(&chat::Attachment) -> Option<&chat::AttachmentDataRef> =
        chat::Attachment::attachment_data_ref;
    let _: fn(&chat::Attachment) -> Option<&chat::DriveDataRef> = chat::Attachment::drive_data_ref;
    let _: fn(&chat::Availability) -> Option<&chat::DoNotDisturbMetadata> =
        chat::Availability::do_not_disturb_metadata;
    let _: fn(&chat::CustomStatus) -> Option<google_chat_grpc::prost_types::Timestamp> =
        chat::CustomStatus::expire_time;
    let _: fn(&mut chat::CustomStatus, google_chat_grpc::prost_types::Timestamp) =
        chat::CustomStatus::set_expire_time;
    let _: fn(&chat::CustomStatus) -> Option<google_chat_grpc::prost_types::Duration> =
        chat::CustomStatus::ttl;
    let _: fn(&mut chat::CustomStatus, google_chat_grpc::prost_types::Duration) =
        chat::CustomStatus::set_ttl;
    let _: fn(&chat::DialogAction) -> Option<&chat::Dialog> = chat::DialogAction::dialog;
    let _: fn(&chat::Emoji) -> Option<&str> = chat::Emoji::as_unicode;
    let _: fn(&chat::Emoji) -> Option<&chat::CustomEmoji> = chat::Emoji::as_custom;
    let _: fn(&chat::MarkAsActiveRequest) -> Option<google_chat_grpc::prost_types::Timestamp> =
        chat::MarkAsActiveRequest::expire_time;
    let _: fn(&chat::MarkAsActiveRequest) -> Option<google_chat_grpc::prost_types::Duration> =
        chat::MarkAsActiveRequest::ttl;
    let _: fn(
        &chat::MarkAsDoNotDisturbRequest,
    ) -> Option<google_chat_grpc::prost_types::Timestamp> =
        chat::MarkAsDoNotDisturbRequest::expire_time;
    let _: fn(&chat::MarkAsDoNotDisturbRequest) -> Option<google_chat_grpc::prost_types::Duration> =
        chat::MarkAsDoNotDisturbRequest::ttl;
    let _: fn(&chat::Membership) -> Option<&chat::User> = chat::Membership::user;
    let _: fn(&chat::Membership) -> Option<&chat::Group> = chat::Membership::group;
    let _: fn(&chat::PositionSectionRequest) -> Option<i32> =
        chat::PositionSectionRequest::sort_order;
    let _: fn(&chat::PositionSectionRequest) -> Option<chat::position_section_request::Position> =
        chat::PositionSectionRequest::relative_position;
    let _: fn(&chat::RichLinkMetadata) -> Option<&chat::DriveLinkData> =
        chat::RichLinkMetadata::drive_link_data;
    let _: fn(&chat::RichLinkMetadata) -> Option<&chat::ChatSpaceLinkData> =
        chat::RichLinkMetadata::chat_space_link_data;
    let _: fn(&chat::RichLinkMetadata) -> Option<&chat::MeetSpaceLinkData> =
        chat::RichLinkMetadata::meet_space_link_data;
    let _: fn(&chat::RichLinkMetadata) -> Option<&chat::CalendarEventLinkData> =
        chat::RichLinkMetadata::calendar_event_link_data;
    let _: fn(&chat::SectionItem) -> Option<&str> = chat::SectionItem::space;
    let _: fn(&chat::Space) -> Option<chat::space::PredefinedPermissionSettings> =
        chat::Space::predefined_permission_settings;
    let _: fn(&mut chat::Space, chat::space::PredefinedPermissionSettings) =
        chat::Space::set_predefined_permission_settings;
    let _: fn(&chat::Space) -> Option<&chat::space::PermissionSettings> =
        chat::Space::permission_settings;
    let _: fn(&mut chat::Space, chat::space::PermissionSettings) =
        chat::Space::set_permission_settings;
    let _: fn(&chat::space::Principal) -> Option<&chat::Audience> =
        chat::space::Principal::as_audience;
    let _: fn(&chat::WidgetMarkup) -> Option<&chat::widget_markup::TextParagraph> =
        chat::WidgetMarkup::as_text_paragraph;
    let _: fn(&chat::WidgetMarkup) -> Option<&chat::widget_markup::Image> =
        chat::WidgetMarkup::as_image;
    let _: fn(&chat::WidgetMarkup) -> Option<&chat::widget_markup::KeyValue> =
        chat::WidgetMarkup::as_key_value;
    let _: fn(&chat::widget_markup::Button) -> Option<&chat::widget_markup::TextButton> =
        chat::widget_markup::Button::as_text_button;
    let _: fn(&chat::widget_markup::Button) -> Option<&chat::widget_markup::ImageButton> =
        chat::widget_markup::Button::as_image_button;
    let _: fn(&chat::widget_markup::ImageButton) -> Option<chat::widget_markup::Icon> =
        chat::widget_markup::ImageButton::icon;
    let _: fn(&mut chat::widget_markup::ImageButton, chat::widget_markup::Icon) =
        chat::widget_markup::ImageButton::set_icon;
    let _: fn(&chat::widget_markup::ImageButton) -> Option<&str> =
        chat::widget_markup::ImageButton::icon_url;
    let _: fn(&chat::widget_markup::KeyValue) -> Option<chat::widget_markup::Icon> =
        chat::widget_markup::KeyValue::icon;
    let _: fn(&mut chat::widget_markup::KeyValue, chat::widget_markup::Icon) =
        chat::widget_markup::KeyValue::set_icon;
    let _: fn(&chat::widget_markup::KeyValue) -> Option<&str> =
        chat::widget_markup::KeyValue::icon_url;
    let _: fn(&chat::widget_markup::KeyValue) -> Option<&chat::widget_markup::Button> =
        chat::widget_markup::KeyValue::button;
    let _: fn(&mut chat::widget_markup::KeyValue, chat::widget_markup::Button) =
        chat::widget_markup::KeyValue::set_button;
    let _: fn(&chat::widget_markup::OnClick) -> Option<&chat::widget_markup::FormAction> =
        chat::widget_markup::OnClick::as_action;
    let _: fn(&chat::widget_markup::OnClick) -> Option<&chat::widget_markup::OpenLink> =
        chat::widget_markup::OnClick::as_open_link;
    let _: fn(card::TextParagraph) -> card::columns::column::Widgets =
        card::columns::column::Widgets::from;
    let _: fn(card::Image) -> card::columns::column::Widgets = card::columns::column::Widgets::from;
    let _: fn(card::DecoratedText) -> card::columns::column::Widgets =
        card::columns::column::Widgets::from;
    let _: fn(card::ButtonList) -> card::columns::column::Widgets =
        card::columns::column::Widgets::from;
    let _: fn(card::TextInput) -> card::columns::column::Widgets =
        card::columns::column::Widgets::from;
    let _: fn(card::SelectionInput) -> card::columns::column::Widgets =
        card::columns::column::Widgets::from;
    let _: fn(card::DateTimePicker) -> card::columns::column::Widgets =
        card::columns::column::Widgets::from;
    let _: fn(card::ChipList) -> card::columns::column::Widgets =
        card::columns::column::Widgets::from;
    let _: fn(card::Action) -> card::OnClick = card::OnClick::from;
    let _: fn(card::OpenLink) -> card::OnClick = card::OnClick::from;
    let _: fn(card::TextParagraph) -> card::Widget = card::Widget::from;
    let _: fn(card::Image) -> card::Widget = card::Widget::from;
    let _: fn(card::DecoratedText) -> card::Widget = card::Widget::from;
    let _: fn(card::ButtonList) -> card::Widget = card::Widget::from;
    let _: fn(card::TextInput) -> card::Widget = card::Widget::from;
    let _: fn(card::SelectionInput) -> card::Widget = card::Widget::from;
    let _: fn(card::DateTimePicker) -> card::Widget = card::Widget::from;
    let _: fn(card::Divider) -> card::Widget = card::Widget::from;
    let _: fn(card::Grid) -> card::Widget = card::Widget::from;
    let _: fn(card::Columns) -> card::Widget = card::Widget::from;
    let _: fn(card::Carousel) -> card::Widget = card::Widget::from;
    let _: fn(card::ChipList) -> card::Widget = card::Widget::from;
    let _: fn(chat::MessageCreatedEventData) -> chat::space_event::Payload =
        chat::space_event::Payload::from;
    let _: fn(chat::MessageUpdatedEventData) -> chat::space_event::Payload =
        chat::space_event::Payload::from;
    let _: fn(chat::MessageDeletedEventData) -> chat::space_event::Payload =
        chat::space_event::Payload::from;
    let _: fn(chat::MessageBatchCreatedEventData) -> chat::space_event::Payload =
        chat::space_event::Payload::from;
    let _: fn(chat::MessageBatchUpdatedEventData) -> chat::space_event::Payload =
        chat::space_event::Payload::from;
    let _: fn(chat::MessageBatchDeletedEventData) -> chat::space_event::Payload =
        chat::space_event::Payload::from;
    let _: fn(chat::SpaceUpdatedEventData) -> chat::space_event::Payload =
        chat::space_event::Payload::from;
    let _: fn(chat::SpaceBatchUpdatedEventData) -> chat::space_event::Payload =
        chat::space_event::Payload::from;
    let _: fn(chat::MembershipCreatedEventData) -> chat::space_event::Payload =
        chat::space_event::Payload::from;
    let _: fn(chat::MembershipUpdatedEventData) -> chat::space_event::Payload =
        chat::space_event::Payload::from;
    let _: fn(chat::MembershipDeletedEventData) -> chat::space_event::Payload =
        chat::space_event::Payload::from;
    let _: fn(chat::MembershipBatchCreatedEventData) -> chat::space_event::Payload =
        chat::space_event::Payload::from;
    let _: fn(chat::MembershipBatchUpdatedEventData) -> chat::space_event::Payload =
        chat::space_event::Payload::from;
    let _: fn(chat::MembershipBatchDeletedEventData) -> chat::space_event::Payload =
        chat::space_event::Payload::from;
    let _: fn(chat::ReactionCreatedEventData) -> chat::space_event::Payload =
        chat::space_event::Payload::from;
    let _: fn(chat::ReactionDeletedEventData) -> chat::space_event::Payload =
        chat::space_event::Payload::from;
    let _: fn(chat::ReactionBatchCreatedEventData) -> chat::space_event::Payload =
        chat::space_event::Payload::from;
    let _: fn(chat::ReactionBatchDeletedEventData) -> chat::space_event::Payload =
        chat::space_event::Payload::from;
}
