//! Emulator: spaces and identity (SetUpSpace rules, CreateSpace idempotency, UpdateSpace
//! masks, ListSpaces filters and page tokens, authentication), through the generated client.

use crate::emulator_support;

use emulator_support::*;

use google_chat_grpc::emulator::{Emulator, EmulatorHandle};
use google_chat_grpc::proto::chat::v1::chat_service_client::ChatServiceClient;
use google_chat_grpc::proto::chat::v1::*;
use prost_types::FieldMask;
use tonic::transport::Channel;
use tonic::{Code, Request};

mod create;
mod lifecycle;
mod update;

async fn start() -> (EmulatorHandle, ChatServiceClient<Channel>) {
    let emulator = Emulator::builder()
        .user("alice@example.com", "111", "Alice")
        .start()
        .await
        .expect("start");
    let client = ChatServiceClient::connect(emulator.uri())
        .await
        .expect("connect");
    (emulator, client)
}

fn named_space(name: &str) -> Space {
    Space {
        space_type: space::SpaceType::Space as i32,
        display_name: name.into(),
        ..Default::default()
    }
}

fn mask(paths: &[&str]) -> Option<FieldMask> {
    Some(FieldMask {
        paths: paths.iter().map(|p| p.to_string()).collect(),
    })
}
