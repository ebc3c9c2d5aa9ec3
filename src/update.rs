//! Typed update-mask builders for the `Update*` RPCs (in progress).
