//! Typed update masks: every setter writes its field and adds its documented path, and every
//! documented client-checkable rule fails with `InvalidArgument` before anything is sent.

use std::time::{Duration, SystemTime};

use google_chat_grpc::prost_types::{FieldMask, Timestamp};
use google_chat_grpc::proto::chat::v1::space::{
    AccessPermissionSetting, PermissionSetting, PredefinedPermissionSettings, Principal,
    SpacePermissionSettings, SpaceType, principal::PrincipalType,
};
use google_chat_grpc::proto::chat::v1::space_notification_setting::{
    MuteSetting, NotificationSetting,
};
use google_chat_grpc::proto::chat::v1::{
    Audience, CardWithId, CustomEmoji, CustomStatus, Emoji, HistoryState, Membership, Message,
    QuotedMessageMetadata, Section, Space, SpaceNotificationSetting, SpaceReadState,
    UpdateAvailabilityRequest, UpdateMembershipRequest, UpdateMessageRequest, UpdateSectionRequest,
    UpdateSpaceNotificationSettingRequest, UpdateSpaceReadStateRequest, UpdateSpaceRequest, emoji,
    membership::MembershipRole,
};
use google_chat_grpc::update::{
    AvailabilityUpdate, MembershipUpdate, MessageUpdate, SectionUpdate,
    SpaceNotificationSettingUpdate, SpaceReadStateUpdate, SpaceUpdate, Update,
};
use google_chat_grpc::{ErrorKind, RpcRequest};
use proptest::prelude::*;

/// The update's request, which must be valid.
fn ok<U: Update>(update: U) -> U::Request {
    match update.into_request() {
        Ok(request) => request,
        Err(err) => panic!("expected a valid request, got: {err}"),
    }
}

/// The message of the error the update must fail with, before the wire.
fn invalid<U: Update>(update: U) -> String {
    let err = match update.into_request() {
        Ok(_) => panic!("expected InvalidArgument, got a request"),
        Err(err) => err,
    };
    assert_eq!(err.kind(), ErrorKind::InvalidArgument, "{err}");
    assert_eq!(err.code(), Some(tonic::Code::InvalidArgument));
    assert_eq!(err.attempts(), 0, "nothing may go on the wire");
    assert!(err.status().is_none());
    err.to_string()
}

fn paths(mask: Option<FieldMask>) -> Vec<String> {
    mask.expect("a mask").paths
}

fn audience(name: &str) -> Principal {
    Principal {
        principal_type: Some(PrincipalType::Audience(Audience { name: name.into() })),
    }
}

fn setting(audiences: &[&str]) -> AccessPermissionSetting {
    AccessPermissionSetting {
        principals: audiences.iter().map(|a| audience(a)).collect(),
    }
}

fn mask(paths: &[&str]) -> Option<FieldMask> {
    Some(FieldMask {
        paths: paths.iter().map(|p| p.to_string()).collect(),
    })
}

const SPACE: &str = "spaces/AAAA";
const MESSAGE: &str = "spaces/AAAA/messages/BBBB.CCCC";
const MEMBER: &str = "spaces/AAAA/members/123456789";
const READ_STATE: &str = "users/me/spaces/AAAA/spaceReadState";
const NOTIFICATIONS: &str = "users/me/spaces/AAAA/spaceNotificationSetting";
const SECTION: &str = "users/me/sections/abc123";
const AVAILABILITY: &str = "users/me/availability";

// ---------------------------------------------------------------------------------------
// UpdateSpace

#[test]
fn space_setters_write_values_and_paths() {
    let r = ok(SpaceUpdate::new(SPACE).set_display_name("Team"));
    assert_eq!(paths(r.update_mask), ["display_name"]);
    let space = r.space.unwrap();
    assert_eq!(space.name, SPACE);
    assert_eq!(space.display_name, "Team");
    assert!(!r.use_admin_access);

    let r = ok(SpaceUpdate::new(SPACE).set_space_details("about", "rules"));
    assert_eq!(paths(r.update_mask), ["space_details"]);
    let details = r.space.unwrap().space_details.unwrap();
    assert_eq!(
        (details.description.as_str(), details.guidelines.as_str()),
        ("about", "rules")
    );

    let r = ok(SpaceUpdate::new(SPACE)
        .set_space_type(SpaceType::Space)
        .set_display_name("Named"));
    assert_eq!(paths(r.update_mask), ["space_type", "display_name"]);
    assert_eq!(r.space.unwrap().space_type(), SpaceType::Space);

    let r = ok(SpaceUpdate::new(SPACE).convert_to_space("Named"));
    assert_eq!(paths(r.update_mask), ["space_type", "display_name"]);
    let space = r.space.unwrap();
    assert_eq!(space.space_type(), SpaceType::Space);
    assert_eq!(space.display_name, "Named");

    let r = ok(SpaceUpdate::new(SPACE).set_space_history_state(HistoryState::HistoryOff));
    assert_eq!(paths(r.update_mask), ["space_history_state"]);
    assert_eq!(
        r.space.unwrap().space_history_state(),
        HistoryState::HistoryOff
    );

    let r = ok(SpaceUpdate::new(SPACE).set_audience("audiences/default"));
    assert_eq!(paths(r.update_mask), ["access_settings.audience"]);
    assert_eq!(
        r.space.unwrap().access_settings.unwrap().audience,
        "audiences/default"
    );

    let r = ok(SpaceUpdate::new(SPACE).clear_audience());
    assert_eq!(paths(r.update_mask), ["access_settings.audience"]);
    assert_eq!(r.space.unwrap().access_settings.unwrap().audience, "");

    let r = ok(SpaceUpdate::new(SPACE)
        .set_discover_space_setting(setting(&["audiences/default", "audiences/eng"]))
        .set_join_space_setting(setting(&["audiences/eng"])));
    assert_eq!(
        paths(r.update_mask),
        [
            "access_settings.access_permission_settings.discover_space_setting",
            "access_settings.access_permission_settings.join_space_setting",
        ]
    );
    let aps = r
        .space
        .unwrap()
        .access_settings
        .unwrap()
        .access_permission_settings
        .unwrap();
    assert_eq!(aps.discover_space_setting.unwrap().principals.len(), 2);
    assert_eq!(
        aps.join_space_setting.unwrap().principals,
        [audience("audiences/eng")]
    );

    let r = ok(SpaceUpdate::new(SPACE)
        .set_display_name("Renamed")
        .set_use_admin_access(true));
    assert!(r.use_admin_access);
}

#[test]
fn space_permission_setters_each_add_their_path() {
    type Setter = fn(SpaceUpdate, PermissionSetting) -> SpaceUpdate;
    let cases: [(Setter, &str); 7] = [
        (
            SpaceUpdate::set_manage_members_and_groups,
            "manage_members_and_groups",
        ),
        (
            SpaceUpdate::set_modify_space_details,
            "modify_space_details",
        ),
        (SpaceUpdate::set_toggle_history, "toggle_history"),
        (SpaceUpdate::set_use_at_mention_all, "use_at_mention_all"),
        (SpaceUpdate::set_manage_apps, "manage_apps"),
        (SpaceUpdate::set_manage_webhooks, "manage_webhooks"),
        (SpaceUpdate::set_reply_messages, "reply_messages"),
    ];
    let value = PermissionSetting {
        managers_allowed: true,
        assistant_managers_allowed: Some(true),
        members_allowed: false,
    };
    let mut all = SpaceUpdate::new(SPACE);
    for (setter, field) in cases {
        let r = ok(setter(SpaceUpdate::new(SPACE), value));
        assert_eq!(
            paths(r.update_mask),
            [format!("permission_settings.{field}")]
        );
        let Some(SpacePermissionSettings::PermissionSettings(settings)) =
            r.space.unwrap().space_permission_settings
        else {
            panic!("permission settings not set for {field}");
        };
        let set: Vec<_> = [
            settings.manage_members_and_groups,
            settings.modify_space_details,
            settings.toggle_history,
            settings.use_at_mention_all,
            settings.manage_apps,
            settings.manage_webhooks,
            settings.reply_messages,
        ]
        .into_iter()
        .flatten()
        .collect();
        assert_eq!(set, [value], "{field}: exactly its own setting is written");
        all = setter(all, value);
    }
    // All seven together are one group, so they combine.
    let r = ok(all);
    assert_eq!(paths(r.update_mask).len(), 7);
}

#[test]
fn setting_a_field_twice_keeps_one_path_and_the_last_value() {
    let r = ok(SpaceUpdate::new(SPACE)
        .set_display_name("first")
        .set_space_details("d", "g")
        .set_display_name("second"));
    assert_eq!(paths(r.update_mask), ["display_name", "space_details"]);
    assert_eq!(r.space.unwrap().display_name, "second");
}

#[test]
fn empty_masks_are_rejected_for_every_rpc() {
    for msg in [
        invalid(SpaceUpdate::new(SPACE)),
        invalid(SpaceUpdate::new(SPACE).set_use_admin_access(true)),
        invalid(MessageUpdate::new(MESSAGE)),
        invalid(MembershipUpdate::new(MEMBER)),
        invalid(SpaceReadStateUpdate::new(READ_STATE)),
        invalid(SpaceNotificationSettingUpdate::new(NOTIFICATIONS)),
        invalid(SectionUpdate::new(SECTION)),
        invalid(AvailabilityUpdate::new(AVAILABILITY)),
    ] {
        assert!(msg.contains("update mask is empty"), "{msg}");
    }
    // A raw request without any mask at all, too.
    let raw = UpdateSpaceRequest {
        space: Some(Space {
            name: SPACE.into(),
            ..Default::default()
        }),
        update_mask: None,
        use_admin_access: false,
    };
    assert!(invalid(raw).contains("update mask is empty"));
}

#[test]
fn space_history_state_cannot_be_combined() {
    let msg = invalid(
        SpaceUpdate::new(SPACE)
            .set_space_history_state(HistoryState::HistoryOn)
            .set_display_name("x"),
    );
    assert!(
        msg.contains("`space_history_state` must be the only path"),
        "{msg}"
    );
    assert!(msg.contains("space_history_state, display_name"), "{msg}");
    // Order does not matter.
    let msg = invalid(
        SpaceUpdate::new(SPACE)
            .set_space_details("d", "g")
            .set_space_history_state(HistoryState::HistoryOn),
    );
    assert!(msg.contains("`space_history_state` must be the only path"));
    invalid(
        SpaceUpdate::new(SPACE)
            .set_space_history_state(HistoryState::HistoryOn)
            .set_toggle_history(PermissionSetting::default()),
    );
}

#[test]
fn access_and_permission_groups_are_exclusive() {
    let msg = invalid(
        SpaceUpdate::new(SPACE)
            .set_audience("audiences/default")
            .set_display_name("x"),
    );
    assert!(msg.contains("`access_settings.audience` must be the only path"));
    let msg = invalid(
        SpaceUpdate::new(SPACE)
            .set_audience("audiences/default")
            .set_join_space_setting(setting(&[])),
    );
    assert!(msg.contains("`access_settings.audience` must be the only path"));
    let msg = invalid(
        SpaceUpdate::new(SPACE)
            .set_display_name("x")
            .set_discover_space_setting(setting(&["audiences/default"])),
    );
    assert!(msg.contains("access_permission_settings"), "{msg}");
    let msg = invalid(
        SpaceUpdate::new(SPACE)
            .set_space_details("d", "g")
            .set_manage_apps(PermissionSetting::default()),
    );
    assert!(
        msg.contains("`permission_settings.*` paths cannot be combined"),
        "{msg}"
    );
    invalid(
        SpaceUpdate::new(SPACE)
            .set_manage_apps(PermissionSetting::default())
            .set_join_space_setting(setting(&[])),
    );
}

#[test]
fn space_type_only_to_space_with_a_display_name() {
    for bad in [
        SpaceType::GroupChat,
        SpaceType::DirectMessage,
        SpaceType::Unspecified,
    ] {
        let msg = invalid(
            SpaceUpdate::new(SPACE)
                .set_space_type(bad)
                .set_display_name("x"),
        );
        assert!(msg.contains("can only be set to SPACE"), "{msg}");
        assert!(msg.contains(bad.as_str_name()), "{msg}");
    }
    let msg = invalid(SpaceUpdate::new(SPACE).set_space_type(SpaceType::Space));
    assert!(msg.contains("needs `display_name`"), "{msg}");
    let msg = invalid(SpaceUpdate::new(SPACE).convert_to_space("  "));
    assert!(msg.contains("non-empty"), "{msg}");
    // display_name alone needs no space_type.
    ok(SpaceUpdate::new(SPACE).set_display_name("x"));
}

#[test]
fn admin_access_excludes_the_documented_paths() {
    for update in [
        SpaceUpdate::new(SPACE).convert_to_space("Named"),
        SpaceUpdate::new(SPACE).set_space_history_state(HistoryState::HistoryOn),
        SpaceUpdate::new(SPACE).set_audience("audiences/default"),
        SpaceUpdate::new(SPACE).set_discover_space_setting(setting(&["audiences/default"])),
        SpaceUpdate::new(SPACE).set_join_space_setting(setting(&[])),
    ] {
        let msg = invalid(update.clone().set_use_admin_access(true));
        assert!(
            msg.contains("not supported with `use_admin_access`"),
            "{msg}"
        );
        ok(update);
    }
    ok(SpaceUpdate::new(SPACE)
        .set_space_details("d", "g")
        .set_display_name("x")
        .set_use_admin_access(true));
    ok(SpaceUpdate::new(SPACE)
        .set_manage_apps(PermissionSetting::default())
        .set_use_admin_access(true));
}

#[test]
fn documented_lengths_are_enforced_in_characters() {
    ok(SpaceUpdate::new(SPACE).set_display_name("é".repeat(128)));
    let msg = invalid(SpaceUpdate::new(SPACE).set_display_name("é".repeat(129)));
    assert!(msg.contains("`display_name` supports up to 128 characters, got 129"));
    ok(SpaceUpdate::new(SPACE).set_space_details("d".repeat(150), "g".repeat(5000)));
    invalid(SpaceUpdate::new(SPACE).set_space_details("d".repeat(151), ""));
    invalid(SpaceUpdate::new(SPACE).set_space_details("", "g".repeat(5001)));
    ok(SectionUpdate::new(SECTION).set_display_name("s".repeat(80)));
    invalid(SectionUpdate::new(SECTION).set_display_name("s".repeat(81)));
    ok(AvailabilityUpdate::new(AVAILABILITY).set_status("t".repeat(64), "🙂"));
    invalid(AvailabilityUpdate::new(AVAILABILITY).set_status("t".repeat(65), "🙂"));
}

#[test]
fn space_values_are_checked() {
    let msg = invalid(SpaceUpdate::new(SPACE).set_space_history_state(HistoryState::Unspecified));
    assert!(msg.contains("HISTORY_STATE_UNSPECIFIED"));
    let msg = invalid(SpaceUpdate::new(SPACE).set_audience("default"));
    assert!(msg.contains("audiences/{audience}"), "{msg}");
    invalid(SpaceUpdate::new(SPACE).set_discover_space_setting(setting(&["groups/x"])));
    // Joiners must be able to discover, when both are replaced.
    let msg = invalid(
        SpaceUpdate::new(SPACE)
            .set_discover_space_setting(setting(&["audiences/eng"]))
            .set_join_space_setting(setting(&["audiences/default"])),
    );
    assert!(msg.contains("may join but not discover"), "{msg}");
    // With only the join setting, the discover setting is the server's.
    ok(SpaceUpdate::new(SPACE).set_join_space_setting(setting(&["audiences/default"])));
}

/// `into_request` on a raw request runs the same one check as a send: the mask's paths must
/// name fields of the resource there too, not only on the wire path.
#[test]
fn raw_requests_check_mask_fields_like_a_send() {
    let raw = UpdateSpaceRequest {
        space: Some(Space {
            name: SPACE.into(),
            ..Default::default()
        }),
        update_mask: mask(&["no_such_field"]),
        use_admin_access: false,
    };
    let msg = invalid(raw);
    assert!(msg.contains("not a field of the updated resource"), "{msg}");
    let raw = UpdateMessageRequest {
        message: Some(Message {
            name: "spaces/AAAA/messages/BBBB".into(),
            ..Default::default()
        }),
        update_mask: mask(&["text", "txet"]),
        ..Default::default()
    };
    let msg = invalid(raw);
    assert!(msg.contains("\"txet\""), "{msg}");
}

#[test]
fn raw_space_requests_get_the_same_checks() {
    let raw = |space: Space, paths: &[&str]| UpdateSpaceRequest {
        space: Some(space),
        update_mask: mask(paths),
        use_admin_access: false,
    };
    let named = Space {
        name: SPACE.into(),
        display_name: "x".into(),
        ..Default::default()
    };
    ok(raw(named.clone(), &["display_name"]));
    // camelCase paths, as Google's REST docs spell them, follow the same rules.
    let msg = invalid(raw(
        named.clone(),
        &["displayName", "permission_settings.manageMembersAndGroups"],
    ));
    assert!(msg.contains("`permission_settings.*` paths cannot be combined"));
    invalid(raw(named.clone(), &["spaceHistoryState", "displayName"]));

    let msg = invalid(raw(named.clone(), &["predefined_permission_settings"]));
    assert!(msg.contains("only be set when creating"), "{msg}");
    let msg = invalid(raw(named.clone(), &["permission_settings.post_messages"]));
    assert!(msg.contains("output only"), "{msg}");
    let predefined = Space {
        space_permission_settings: Some(SpacePermissionSettings::PredefinedPermissionSettings(
            PredefinedPermissionSettings::AnnouncementSpace as i32,
        )),
        ..named.clone()
    };
    let msg = invalid(raw(predefined, &["permission_settings.manage_apps"]));
    assert!(msg.contains("cannot be mixed"), "{msg}");

    let msg = invalid(raw(named.clone(), &[""]));
    assert!(msg.contains("blank"), "{msg}");
    invalid(raw(named.clone(), &["display_name", " "]));
    let msg = invalid(UpdateSpaceRequest {
        space: None,
        update_mask: mask(&["display_name"]),
        use_admin_access: false,
    });
    assert!(msg.contains("`space` is required"), "{msg}");
}

#[test]
fn space_names_are_checked() {
    for good in ["spaces/AAAA", "spaces/AAAAxyz_-1"] {
        ok(SpaceUpdate::new(good).set_display_name("x"));
    }
    for bad in [
        "",
        "AAAA",
        "spaces/",
        "spaces",
        "spaces/AAAA/",
        "/spaces/AAAA",
        "spaces/AAAA/messages/B",
        "rooms/AAAA",
        "Spaces/AAAA",
        "spaces/AA AA",
        "spaces/AA\nAA",
        "spaces/{space}",
    ] {
        let msg = invalid(SpaceUpdate::new(bad).set_display_name("x"));
        assert!(msg.contains("`spaces/{space}`"), "{bad:?}: {msg}");
        assert!(msg.contains(&format!("{bad:?}")), "{bad:?}: {msg}");
    }
}

// ---------------------------------------------------------------------------------------
// UpdateMessage

#[test]
fn message_setters_write_values_and_paths() {
    let r = ok(MessageUpdate::new(MESSAGE).set_text("edited"));
    assert_eq!(paths(r.update_mask), ["text"]);
    let message = r.message.unwrap();
    assert_eq!(
        (message.name.as_str(), message.text.as_str()),
        (MESSAGE, "edited")
    );
    assert!(!r.allow_missing);

    let r = ok(MessageUpdate::new(MESSAGE).set_attachments(Vec::new()));
    assert_eq!(paths(r.update_mask), ["attachment"]);

    let card = CardWithId {
        card_id: "one".into(),
        card: Some(Default::default()),
    };
    let r = ok(MessageUpdate::new(MESSAGE).set_cards_v2([card.clone()]));
    assert_eq!(paths(r.update_mask), ["cards_v2"]);
    assert_eq!(r.message.unwrap().cards_v2, [card]);

    let r = ok(MessageUpdate::new(MESSAGE).set_accessory_widgets([Default::default()]));
    assert_eq!(paths(r.update_mask), ["accessory_widgets"]);
    assert_eq!(r.message.unwrap().accessory_widgets.len(), 1);

    let r = ok(MessageUpdate::new(MESSAGE).remove_quoted_message());
    assert_eq!(paths(r.update_mask), ["quoted_message_metadata"]);
    assert!(r.message.unwrap().quoted_message_metadata.is_none());

    #[allow(deprecated)]
    let r = ok(MessageUpdate::new(MESSAGE).set_cards([Default::default()]));
    assert_eq!(paths(r.update_mask), ["cards"]);

    let r = ok(MessageUpdate::new(MESSAGE)
        .set_text("a")
        .set_cards_v2([])
        .set_text("b"));
    assert_eq!(paths(r.update_mask), ["text", "cards_v2"]);
    assert_eq!(r.message.unwrap().text, "b");
}

#[test]
fn message_ids_and_allow_missing() {
    ok(MessageUpdate::new("spaces/AAAA/messages/client-deploy-42").set_text("x"));
    let r = ok(MessageUpdate::new("spaces/AAAA/messages/client-deploy-42")
        .set_text("x")
        .set_allow_missing(true));
    assert!(r.allow_missing);
    let msg = invalid(
        MessageUpdate::new(MESSAGE)
            .set_text("x")
            .set_allow_missing(true),
    );
    assert!(
        msg.contains("`allow_missing` needs a client-assigned message ID"),
        "{msg}"
    );
    for bad in [
        "client-Upper",
        "client-under_score",
        "client-dot.ted",
        &format!("client-{}", "a".repeat(57)),
    ] {
        let msg = invalid(MessageUpdate::new(format!("spaces/AAAA/messages/{bad}")).set_text("x"));
        assert!(msg.contains("client-assigned ID"), "{bad}: {msg}");
    }
    ok(MessageUpdate::new(format!("spaces/AAAA/messages/client-{}", "a".repeat(56))).set_text("x"));
    for bad in [
        "spaces/AAAA/messages/",
        "spaces/AAAA/messages",
        "spaces/AAAA/threads/BBBB",
        "spaces//messages/BBBB",
        "spaces/AAAA/messages/BBBB/reactions/CCCC",
    ] {
        let msg = invalid(MessageUpdate::new(bad).set_text("x"));
        assert!(msg.contains("`spaces/{space}/messages/{message}`"), "{msg}");
    }
}

#[test]
fn message_rules() {
    let raw = UpdateMessageRequest {
        message: Some(Message {
            name: MESSAGE.into(),
            quoted_message_metadata: Some(QuotedMessageMetadata::default()),
            ..Default::default()
        }),
        update_mask: mask(&["quoted_message_metadata"]),
        allow_missing: false,
    };
    let msg = invalid(raw);
    assert!(msg.contains("can only be removed"), "{msg}");

    let card = |id: &str| CardWithId {
        card_id: id.into(),
        card: Some(Default::default()),
    };
    ok(MessageUpdate::new(MESSAGE).set_cards_v2([card("")]));
    ok(MessageUpdate::new(MESSAGE).set_cards_v2([card("a"), card("b")]));
    let msg = invalid(MessageUpdate::new(MESSAGE).set_cards_v2([card("a"), card("")]));
    assert!(msg.contains("needs a `card_id` on each card"), "{msg}");
    let msg = invalid(MessageUpdate::new(MESSAGE).set_cards_v2([card("a"), card("a")]));
    assert!(msg.contains("unique"), "{msg}");

    // The documented wildcard passes on a raw request.
    ok(UpdateMessageRequest {
        message: Some(Message {
            name: MESSAGE.into(),
            text: "all".into(),
            ..Default::default()
        }),
        update_mask: mask(&["*"]),
        allow_missing: false,
    });
    assert!(invalid(UpdateMessageRequest::default()).contains("`message` is required"));
}

// ---------------------------------------------------------------------------------------
// UpdateMembership

#[test]
fn membership_role() {
    let r = ok(MembershipUpdate::new(MEMBER).set_role(MembershipRole::RoleAssistantManager));
    assert_eq!(paths(r.update_mask), ["role"]);
    assert_eq!(r.membership.as_ref().unwrap().name, MEMBER);
    assert_eq!(
        r.membership.unwrap().role(),
        MembershipRole::RoleAssistantManager
    );
    assert!(!r.use_admin_access);
    let r = ok(
        MembershipUpdate::new("spaces/AAAA/members/alice@example.com")
            .set_role(MembershipRole::RoleMember)
            .set_use_admin_access(true),
    );
    assert!(r.use_admin_access);
    let msg = invalid(MembershipUpdate::new(MEMBER).set_role(MembershipRole::Unspecified));
    assert!(msg.contains("MEMBERSHIP_ROLE_UNSPECIFIED"));
    let raw = UpdateMembershipRequest {
        membership: Some(Membership {
            name: MEMBER.into(),
            role: MembershipRole::RoleManager as i32,
            ..Default::default()
        }),
        update_mask: mask(&["role"]),
        use_admin_access: false,
    };
    ok(raw);
    for bad in [
        "spaces/AAAA/members/",
        "spaces/AAAA/members/users/123",
        "spaces/AAAA/memberships/123",
        "users/123",
    ] {
        let msg = invalid(MembershipUpdate::new(bad).set_role(MembershipRole::RoleMember));
        assert!(msg.contains("`spaces/{space}/members/{member}`"), "{msg}");
    }
}

// ---------------------------------------------------------------------------------------
// UpdateSpaceReadState

#[test]
fn read_state_last_read_time() {
    let when = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    for name in [
        READ_STATE,
        "users/alice@example.com/spaces/AAAA/spaceReadState",
        "users/123456789/spaces/AAAA/spaceReadState",
    ] {
        let r = ok(SpaceReadStateUpdate::new(name).set_last_read_time(when));
        assert_eq!(paths(r.update_mask), ["last_read_time"]);
        let state = r.space_read_state.unwrap();
        assert_eq!(state.name, name);
        assert_eq!(
            state.last_read_time,
            Some(Timestamp {
                seconds: 1_700_000_000,
                nanos: 0
            })
        );
    }
    for bad in [
        "users/me/spaces/AAAA",
        "spaces/AAAA/spaceReadState",
        "users/me/spaces/AAAA/readState",
        "users//spaces/AAAA/spaceReadState",
        "users/me/spaces/AAAA/threads/T/threadReadState",
    ] {
        let msg = invalid(SpaceReadStateUpdate::new(bad).set_last_read_time(when));
        assert!(
            msg.contains("`users/{user}/spaces/{space}/spaceReadState`"),
            "{msg}"
        );
    }
    let raw = UpdateSpaceReadStateRequest {
        space_read_state: Some(SpaceReadState {
            name: READ_STATE.into(),
            last_read_time: None,
        }),
        update_mask: None,
    };
    invalid(raw);
}

// ---------------------------------------------------------------------------------------
// UpdateSpaceNotificationSetting

#[test]
fn notification_settings() {
    let r = ok(SpaceNotificationSettingUpdate::new(NOTIFICATIONS)
        .set_notification_setting(NotificationSetting::MainConversations)
        .set_mute_setting(MuteSetting::Muted));
    assert_eq!(
        paths(r.update_mask),
        ["notification_setting", "mute_setting"]
    );
    let s = r.space_notification_setting.unwrap();
    assert_eq!(s.name, NOTIFICATIONS);
    assert_eq!(
        s.notification_setting,
        Some(NotificationSetting::MainConversations as i32)
    );
    assert_eq!(s.mute_setting, Some(MuteSetting::Muted as i32));

    invalid(
        SpaceNotificationSettingUpdate::new(NOTIFICATIONS)
            .set_notification_setting(NotificationSetting::Unspecified),
    );
    invalid(
        SpaceNotificationSettingUpdate::new(NOTIFICATIONS)
            .set_mute_setting(MuteSetting::Unspecified),
    );
    let raw = UpdateSpaceNotificationSettingRequest {
        space_notification_setting: Some(SpaceNotificationSetting {
            name: NOTIFICATIONS.into(),
            notification_setting: Some(NotificationSetting::Off as i32),
            mute_setting: None,
        }),
        update_mask: mask(&["notification_setting", "mute_setting"]),
    };
    let msg = invalid(raw);
    assert!(
        msg.contains("`mute_setting` is in the mask but has no value"),
        "{msg}"
    );
    let msg = invalid(
        SpaceNotificationSettingUpdate::new("users/me/spaces/AAAA/spaceReadState")
            .set_mute_setting(MuteSetting::Muted),
    );
    assert!(msg.contains("spaceNotificationSetting"), "{msg}");
}

// ---------------------------------------------------------------------------------------
// UpdateSection

#[test]
fn sections() {
    let r = ok(SectionUpdate::new(SECTION).set_display_name("Launches"));
    assert_eq!(paths(r.update_mask), ["display_name"]);
    let section = r.section.unwrap();
    assert_eq!(
        (section.name.as_str(), section.display_name.as_str()),
        (SECTION, "Launches")
    );
    for system in ["default-direct-messages", "default-spaces", "default-apps"] {
        let msg = invalid(
            SectionUpdate::new(format!("users/me/sections/{system}")).set_display_name("Mine"),
        );
        assert!(msg.contains("system section"), "{msg}");
    }
    for bad in [
        "users/me/sections/",
        "users/me/sections",
        "sections/abc",
        "users/me/sections/a/items/b",
    ] {
        let msg = invalid(SectionUpdate::new(bad).set_display_name("x"));
        assert!(msg.contains("`users/{user}/sections/{section}`"), "{msg}");
    }
    let raw = UpdateSectionRequest {
        section: Some(Section {
            name: SECTION.into(),
            display_name: "x".into(),
            ..Default::default()
        }),
        update_mask: mask(&["displayName"]),
    };
    ok(raw);
}

// ---------------------------------------------------------------------------------------
// UpdateAvailability

#[test]
fn availability_custom_status() {
    let r = ok(AvailabilityUpdate::new(AVAILABILITY).set_status("In a meeting", "📅"));
    assert_eq!(paths(r.update_mask), ["custom_status"]);
    let availability = r.availability.unwrap();
    assert_eq!(availability.name, AVAILABILITY);
    let status = availability.custom_status.unwrap();
    assert_eq!(status.text, "In a meeting");
    assert_eq!(
        status.emoji.unwrap().content,
        Some(emoji::Content::Unicode("📅".into()))
    );

    let r =
        ok(AvailabilityUpdate::new("users/alice@example.com/availability").clear_custom_status());
    assert_eq!(paths(r.update_mask), ["custom_status"]);
    assert!(r.availability.unwrap().custom_status.is_none());

    let custom = CustomStatus {
        text: "Busy".into(),
        emoji: Some(Emoji {
            content: Some(emoji::Content::CustomEmoji(CustomEmoji::default())),
        }),
        expiration: None,
    };
    let msg = invalid(AvailabilityUpdate::new(AVAILABILITY).set_custom_status(custom));
    assert!(msg.contains("custom emojis are not supported"), "{msg}");
    let msg = invalid(
        AvailabilityUpdate::new(AVAILABILITY).set_custom_status(CustomStatus {
            text: "Busy".into(),
            emoji: None,
            expiration: None,
        }),
    );
    assert!(msg.contains("`custom_status.emoji` is required"), "{msg}");
    let msg = invalid(AvailabilityUpdate::new(AVAILABILITY).set_status("", "🙂"));
    assert!(msg.contains("`custom_status.text` is required"), "{msg}");
    for bad in [
        "users/me",
        "users/me/availability/x",
        "users//availability",
        "me/availability",
    ] {
        let msg = invalid(AvailabilityUpdate::new(bad).set_status("x", "🙂"));
        assert!(msg.contains("`users/{user}/availability`"), "{msg}");
    }
    invalid(UpdateAvailabilityRequest::default());
}

// ---------------------------------------------------------------------------------------
// The trait

fn method<U: Update>(update: U) -> &'static str {
    // The request is what `ChatClient::send` takes.
    let _request: U::Request = ok(update);
    U::Request::METHOD
}

#[test]
fn each_builder_makes_its_rpc() {
    assert_eq!(
        method(SpaceUpdate::new(SPACE).set_display_name("x")),
        "UpdateSpace"
    );
    assert_eq!(
        method(MessageUpdate::new(MESSAGE).set_text("x")),
        "UpdateMessage"
    );
    assert_eq!(
        method(MembershipUpdate::new(MEMBER).set_role(MembershipRole::RoleMember)),
        "UpdateMembership"
    );
    assert_eq!(
        method(SpaceReadStateUpdate::new(READ_STATE).set_last_read_time(SystemTime::now())),
        "UpdateSpaceReadState"
    );
    assert_eq!(
        method(
            SpaceNotificationSettingUpdate::new(NOTIFICATIONS).set_mute_setting(MuteSetting::Muted)
        ),
        "UpdateSpaceNotificationSetting"
    );
    assert_eq!(
        method(SectionUpdate::new(SECTION).set_display_name("x")),
        "UpdateSection"
    );
    assert_eq!(
        method(AvailabilityUpdate::new(AVAILABILITY).set_status("x", "🙂")),
        "UpdateAvailability"
    );
    // The routing header carries the resource name.
    let r = ok(SpaceUpdate::new(SPACE).set_display_name("x"));
    assert_eq!(r.routing_param(), Some(("space.name", SPACE)));
}

// ---------------------------------------------------------------------------------------
// Property tests: names and masks from arbitrary strings never panic, and the name check
// accepts exactly the well-formed segments.

/// Whether `s` is a segment the name check accepts.
fn good_segment(s: &str) -> bool {
    !s.is_empty()
        && !s.contains('/')
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
        && (!s.starts_with('{') || !s.ends_with('}'))
}

fn all_builders(name: &str) -> Vec<Result<(), google_chat_grpc::Error>> {
    vec![
        SpaceUpdate::new(name)
            .set_display_name("x")
            .into_request()
            .map(drop),
        MessageUpdate::new(name)
            .set_text("x")
            .into_request()
            .map(drop),
        MembershipUpdate::new(name)
            .set_role(MembershipRole::RoleMember)
            .into_request()
            .map(drop),
        SpaceReadStateUpdate::new(name)
            .set_last_read_time(SystemTime::UNIX_EPOCH)
            .into_request()
            .map(drop),
        SpaceNotificationSettingUpdate::new(name)
            .set_mute_setting(MuteSetting::Muted)
            .into_request()
            .map(drop),
        SectionUpdate::new(name)
            .set_display_name("x")
            .into_request()
            .map(drop),
        AvailabilityUpdate::new(name)
            .set_status("x", "🙂")
            .into_request()
            .map(drop),
    ]
}

proptest! {
    #[test]
    fn arbitrary_names_never_panic(name in any::<String>()) {
        for result in all_builders(&name) {
            if let Err(err) = result {
                prop_assert_eq!(err.kind(), ErrorKind::InvalidArgument);
            }
        }
    }

    #[test]
    fn name_like_strings_never_panic(name in "[a-zA-Z0-9/{}@. \\-_é\u{0}]{0,40}") {
        for result in all_builders(&name) {
            if let Err(err) = result {
                prop_assert_eq!(err.kind(), ErrorKind::InvalidArgument);
            }
        }
    }

    #[test]
    fn segments_are_accepted_exactly_when_well_formed(
        space in "\\PC{0,12}|[{}/ a-z]{0,6}",
        user in "\\PC{0,12}|[{}/ a-z@.]{0,6}",
    ) {
        let good_space = good_segment(&space);
        let good_user = good_segment(&user);
        prop_assert_eq!(
            SpaceUpdate::new(format!("spaces/{space}")).set_display_name("x").into_request().is_ok(),
            good_space
        );
        prop_assert_eq!(
            SpaceReadStateUpdate::new(format!("users/{user}/spaces/{space}/spaceReadState"))
                .set_last_read_time(SystemTime::UNIX_EPOCH)
                .into_request()
                .is_ok(),
            good_space && good_user
        );
        prop_assert_eq!(
            MembershipUpdate::new(format!("spaces/{space}/members/{user}"))
                .set_role(MembershipRole::RoleMember)
                .into_request()
                .is_ok(),
            good_space && good_user
        );
        // A message ID is accepted if well formed, and a `client-` one only in the
        // documented alphabet.
        let client_ok = !user.starts_with("client-")
            || (user.len() <= 63 && user.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
        prop_assert_eq!(
            MessageUpdate::new(format!("spaces/{space}/messages/{user}"))
                .set_text("x")
                .into_request()
                .is_ok(),
            good_space && good_user && client_ok
        );
    }

    #[test]
    fn arbitrary_masks_never_panic(
        paths in proptest::collection::vec(any::<String>(), 0..4),
        admin in any::<bool>(),
    ) {
        let space = Space { name: SPACE.into(), ..Default::default() };
        let request = UpdateSpaceRequest {
            space: Some(space),
            update_mask: Some(FieldMask { paths: paths.clone() }),
            use_admin_access: admin,
        };
        if let Err(err) = request.into_request() {
            prop_assert_eq!(err.kind(), ErrorKind::InvalidArgument);
        }
        let request = UpdateMessageRequest {
            message: Some(Message { name: MESSAGE.into(), ..Default::default() }),
            update_mask: Some(FieldMask { paths }),
            allow_missing: admin,
        };
        if let Err(err) = request.into_request() {
            prop_assert_eq!(err.kind(), ErrorKind::InvalidArgument);
        }
    }
}

/// The rules hold on every path to the wire, not only through `ChatClient::update`: a raw
/// request given to `send` and the generated builder are checked the same way.
#[tokio::test]
async fn raw_requests_and_generated_builders_are_checked_too() {
    let (mock, addr) = crate::support::MockChat::start().await;
    let client = crate::support::client_builder(addr).build().await.unwrap();
    let request = |paths: &[&str]| UpdateSpaceRequest {
        space: Some(Space {
            name: "spaces/AAAA".into(),
            display_name: "Renamed".into(),
            space_history_state: HistoryState::HistoryOn as i32,
            ..Default::default()
        }),
        update_mask: Some(FieldMask {
            paths: paths.iter().map(|p| p.to_string()).collect(),
        }),
        ..Default::default()
    };

    let exclusive = client
        .send(request(&["space_history_state", "display_name"]))
        .await
        .unwrap_err();
    assert_eq!(exclusive.kind(), ErrorKind::InvalidArgument, "{exclusive}");
    assert_eq!(exclusive.attempts(), 0);
    assert!(
        exclusive.to_string().contains("space_history_state"),
        "{exclusive}"
    );

    let empty = client
        .update_space()
        .set_space(Space {
            name: "spaces/AAAA".into(),
            ..Default::default()
        })
        .send()
        .await
        .unwrap_err();
    assert_eq!(empty.kind(), ErrorKind::InvalidArgument, "{empty}");
    assert!(empty.to_string().contains("mask is empty"), "{empty}");

    let unknown = client.send(request(&["no_such_field"])).await.unwrap_err();
    assert_eq!(unknown.kind(), ErrorKind::InvalidArgument, "{unknown}");
    assert!(mock.calls().is_empty(), "nothing went on the wire");

    // A valid raw request goes through.
    client.send(request(&["display_name"])).await.unwrap();
    assert_eq!(mock.calls().len(), 1);
}
