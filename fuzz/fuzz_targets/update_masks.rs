//! The update-mask builders and the raw `Update*` requests, with arbitrary names, values
//! and mask paths: `into_request` never panics, refuses only with `InvalidArgument` naming
//! the RPC, and never lets an empty mask through.
#![no_main]

use arbitrary::Arbitrary;
use google_chat_grpc::ErrorKind;
use google_chat_grpc::prost_types;
use google_chat_grpc::proto::chat::v1::*;
use google_chat_grpc::update::*;
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Input {
    name: String,
    ops: Vec<u8>,
    text: String,
    other: String,
    number: i32,
    seconds: i64,
    nanos: i32,
    paths: Vec<String>,
}

fn check<R>(rpc: &str, outcome: Result<R, google_chat_grpc::Error>, mask: impl Fn(&R) -> usize) {
    match outcome {
        Ok(request) => assert!(mask(&request) > 0, "{rpc}: an empty mask went through"),
        Err(err) => {
            assert_eq!(err.kind(), ErrorKind::InvalidArgument, "{rpc}: {err:?}");
            assert!(err.to_string().contains(rpc), "{rpc}: {err}");
        }
    }
}

fn paths(mask: &Option<prost_types::FieldMask>) -> usize {
    mask.as_ref().map_or(0, |m| m.paths.len())
}

fuzz_target!(|input: Input| {
    let Input {
        name,
        ops,
        text,
        other,
        number,
        seconds,
        nanos,
        paths: raw_paths,
    } = input;
    let setting = space::PermissionSetting {
        managers_allowed: number % 2 == 0,
        ..Default::default()
    };

    let mut u = SpaceUpdate::new(name.clone());
    for op in &ops {
        u = match op % 14 {
            0 => u.set_display_name(text.clone()),
            1 => u.set_space_type(
                space::SpaceType::try_from(number.rem_euclid(5)).unwrap_or_default(),
            ),
            2 => u.convert_to_space(other.clone()),
            3 => u.set_space_details(text.clone(), other.clone()),
            4 => u.set_space_history_state(
                HistoryState::try_from(number.rem_euclid(3)).unwrap_or_default(),
            ),
            5 => u.set_audience(other.clone()),
            6 => u.clear_audience(),
            7 => u.set_discover_space_setting(Default::default()),
            8 => u.set_join_space_setting(Default::default()),
            9 => u.set_manage_members_and_groups(setting),
            10 => u.set_modify_space_details(setting),
            11 => u.set_manage_apps(setting),
            12 => u.set_manage_webhooks(setting),
            _ => u.set_use_admin_access(number > 0),
        };
    }
    check("UpdateSpace", u.into_request(), |r| paths(&r.update_mask));

    let mut u = MessageUpdate::new(name.clone());
    for op in &ops {
        u = match op % 5 {
            0 => u.set_text(text.clone()),
            1 => u.set_cards_v2([CardWithId {
                card_id: other.clone(),
                ..Default::default()
            }]),
            2 => u.set_accessory_widgets([AccessoryWidget::default()]),
            3 => u.remove_quoted_message(),
            _ => u.set_allow_missing(true),
        };
    }
    check("UpdateMessage", u.into_request(), |r| paths(&r.update_mask));

    let u = MembershipUpdate::new(name.clone())
        .set_role(membership::MembershipRole::try_from(number.rem_euclid(4)).unwrap_or_default());
    check("UpdateMembership", u.into_request(), |r| {
        paths(&r.update_mask)
    });

    let u = SectionUpdate::new(name.clone()).set_display_name(text.clone());
    check("UpdateSection", u.into_request(), |r| paths(&r.update_mask));

    let u = SpaceNotificationSettingUpdate::new(name.clone()).set_mute_setting(
        space_notification_setting::MuteSetting::try_from(number.rem_euclid(3)).unwrap_or_default(),
    );
    check("UpdateSpaceNotificationSetting", u.into_request(), |r| {
        paths(&r.update_mask)
    });

    let u = SpaceReadStateUpdate::new(name.clone())
        .set_last_read_time(prost_types::Timestamp { seconds, nanos });
    check("UpdateSpaceReadState", u.into_request(), |r| {
        paths(&r.update_mask)
    });

    let u = AvailabilityUpdate::new(name.clone()).set_status(text.clone(), other.clone());
    check("UpdateAvailability", u.into_request(), |r| {
        paths(&r.update_mask)
    });

    // Raw requests with arbitrary mask paths.
    let mask = Some(prost_types::FieldMask { paths: raw_paths });
    let request = UpdateSpaceRequest {
        space: Some(Space {
            name: name.clone(),
            display_name: text.clone(),
            ..Default::default()
        }),
        update_mask: mask.clone(),
        ..Default::default()
    };
    check("UpdateSpace", request.into_request(), |r| {
        paths(&r.update_mask)
    });
    let request = UpdateMessageRequest {
        message: Some(Message {
            name: name.clone(),
            text: text.clone(),
            ..Default::default()
        }),
        update_mask: mask.clone(),
        ..Default::default()
    };
    check("UpdateMessage", request.into_request(), |r| {
        paths(&r.update_mask)
    });
    let request = UpdateMembershipRequest {
        membership: Some(Membership {
            name,
            ..Default::default()
        }),
        update_mask: mask,
        ..Default::default()
    };
    check("UpdateMembership", request.into_request(), |r| {
        paths(&r.update_mask)
    });
});
