//! Emulator: documented rules found by the sweep behind `src/emulator/RULES.md` that no other
//! test covered, one file per proto file. Each test names the rules it checks; the table
//! cites it.

use google_chat_grpc::proto::chat::v1::*;
use prost_types::FieldMask;
use tonic::Code;

use crate::emulator_support::*;

mod annotations;
mod attachments;
mod deletion;
mod events;
mod lists;
mod memberships;
mod messages;
mod reactions;
mod sections;
mod service;
mod setup;
mod spaces;
mod users;

fn mask(paths: &[&str]) -> Option<FieldMask> {
    Some(FieldMask {
        paths: paths.iter().map(|p| (*p).to_owned()).collect(),
    })
}

fn named(display_name: &str) -> Space {
    Space {
        space_type: space::SpaceType::Space as i32,
        display_name: display_name.into(),
        ..Default::default()
    }
}
