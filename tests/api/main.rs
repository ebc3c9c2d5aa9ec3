//! The generated surface and the helpers on top of it: wire compatibility, every RPC, names,
//! oneofs, update masks, pagination and the task helpers.
//!
//! One test binary for several files: every integration test binary links the whole crate,
//! so fewer binaries build faster and take a fraction of the disk.

#[path = "../support/mod.rs"]
mod support;

mod all_rpcs;
mod cards;
mod examples;
mod generated;
mod golden;
mod json;
mod names;
mod oneof;
mod oneof_examples;
mod pagination;
mod shortcuts;
mod surface;
mod testing;
mod update_masks;
