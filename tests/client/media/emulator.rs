//! Round trips against the emulator's media endpoints (feature `emulator`).
