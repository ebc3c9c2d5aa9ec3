//! Emulator: custom emojis, message pins, `UpdateMembership` (role changes, admin access)
//! and `UpdateMessage` with `allow_missing`.

use crate::emulator_support;

use emulator_support::*;

use google_chat_grpc::emulator::{Emulator, EmulatorHandle};
use google_chat_grpc::proto::chat::v1::chat_service_client::ChatServiceClient;
use google_chat_grpc::proto::chat::v1::membership::{MembershipRole, MembershipState};
use google_chat_grpc::proto::chat::v1::*;
use prost_types::FieldMask;
use tonic::transport::Channel;
use tonic::{Code, Status};

mod emojis;
mod pins;
mod updates;

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

fn member(user: &str, kind: user::Type) -> Membership {
    Membership {
        member_type: Some(membership::MemberType::Member(User {
            name: user.into(),
            r#type: kind as i32,
            ..Default::default()
        })),
        ..Default::default()
    }
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
            memberships: members
                .iter()
                .map(|m| member(m, user::Type::Human))
                .collect(),
            ..Default::default()
        },
    ))
    .await
    .unwrap()
    .into_inner()
}

async fn post(c: &mut ChatServiceClient<Channel>, who: &str, space: &str, text: &str) -> Message {
    c.create_message(as_(
        who,
        CreateMessageRequest {
            parent: space.into(),
            message: Some(Message {
                text: text.into(),
                ..Default::default()
            }),
            ..Default::default()
        },
    ))
    .await
    .unwrap()
    .into_inner()
}

async fn pins(
    c: &mut ChatServiceClient<Channel>,
    who: &str,
    space: &str,
    page_size: i32,
    page_token: &str,
) -> Result<ListMessagePinsResponse, Status> {
    c.list_message_pins(as_(
        who,
        ListMessagePinsRequest {
            parent: space.into(),
            page_size,
            page_token: page_token.into(),
        },
    ))
    .await
    .map(|r| r.into_inner())
}

fn role_update(
    name: &str,
    role: MembershipRole,
    paths: &[&str],
    admin: bool,
) -> UpdateMembershipRequest {
    UpdateMembershipRequest {
        membership: Some(Membership {
            name: name.into(),
            role: role as i32,
            ..Default::default()
        }),
        update_mask: mask(paths),
        use_admin_access: admin,
    }
}
