//! The emulator, through the generated client and as the `chat-emulator` binary.
//!
//! One test binary for several files (see `tests/api/main.rs`).

#[path = "../emulator_support/mod.rs"]
mod emulator_support;

mod attachments;
mod binary;
mod events;
mod extras;
mod faults;
mod import;
mod in_process;
mod mask_rules;
mod media;
mod members;
mod messages;
mod paging;
mod quotas;
mod reference;
mod rest;
mod rules;
mod rules_table;
mod scopes;
mod search;
mod sections;
mod spaces;
mod users;
