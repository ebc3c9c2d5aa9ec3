//! A stateful in-memory Google Chat API server for tests (work in progress).
