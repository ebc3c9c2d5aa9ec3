//! Constructors and accessors for the oneof unions of the Chat API (in progress).
