//! Emulator: sections: system and custom sections, create/update/delete rules, positions,
//! section items (spaces) and moving them, the caller's own sections only, page sizes.

use crate::emulator_support;

use emulator_support::*;

use google_chat_grpc::emulator::{Emulator, EmulatorHandle};
use google_chat_grpc::proto::chat::v1::chat_service_client::ChatServiceClient;
use google_chat_grpc::proto::chat::v1::position_section_request::{Position, PositionOneOf};
use google_chat_grpc::proto::chat::v1::*;
use tonic::transport::Channel;
use tonic::{Code, Status};

mod custom;
mod items;
mod positions;

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

async fn create(
    c: &mut ChatServiceClient<Channel>,
    who: &str,
    parent: &str,
    name: &str,
) -> Result<Section, Status> {
    c.create_section(as_(
        who,
        CreateSectionRequest {
            parent: parent.into(),
            section: Some(Section {
                display_name: name.into(),
                r#type: section::SectionType::CustomSection as i32,
                ..Default::default()
            }),
        },
    ))
    .await
    .map(|r| r.into_inner())
}

async fn list(c: &mut ChatServiceClient<Channel>, who: &str) -> Vec<Section> {
    c.list_sections(as_(
        who,
        ListSectionsRequest {
            parent: "users/me".into(),
            page_size: 100,
            ..Default::default()
        },
    ))
    .await
    .unwrap()
    .into_inner()
    .sections
}

async fn items(c: &mut ChatServiceClient<Channel>, parent: &str, filter: &str) -> Vec<SectionItem> {
    c.list_section_items(as_(
        "user:1",
        ListSectionItemsRequest {
            parent: parent.into(),
            filter: filter.into(),
            ..Default::default()
        },
    ))
    .await
    .unwrap()
    .into_inner()
    .section_items
}

fn space_of(i: &SectionItem) -> &str {
    match &i.item {
        Some(section_item::Item::Space(s)) => s,
        None => "",
    }
}
