//! The Chat API emulator as a standalone server (work in progress).
fn main() {}
