//! The client core against a scripted server: headers, retries, credentials and transport.
//!
//! One test binary for several files (see `tests/api/main.rs`). `client_adc.rs` stays a
//! binary of its own because it sets a process-wide environment variable.

#[path = "../support/mod.rs"]
mod support;

mod auth;
mod errors;
mod headers;
mod hostile;
#[cfg(feature = "media")]
mod media;
mod quotas;
mod retry;
mod retry_classes;
mod transport;
