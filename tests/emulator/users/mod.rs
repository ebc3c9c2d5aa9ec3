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

mod availability;
mod settings;

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
