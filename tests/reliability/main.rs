//! Reliability under faults, deadlines and load.
//!
//! One test binary for several files (see `tests/api/main.rs`). `reliability_bad_input.rs`
//! (counts every panic in its process) and `reliability_security.rs` (captures tracing
//! output) stay binaries of their own: both observe process-wide state.

mod deadlines;
mod faults;
mod idempotency;
mod large;
mod soak;
