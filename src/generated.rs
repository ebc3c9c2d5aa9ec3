//! Everything the build script generates for the hand-written layer, gathered in one place
//! (the prost and tonic modules themselves are in [`crate::proto`]). Each module includes one
//! file the build writes to `OUT_DIR`, and is re-exported where users look for it:
//!
//! | file | generator | what it holds | re-exported as |
//! | --- | --- | --- | --- |
//! | `chat_rpcs.rs` | `build/rpcs.rs` | `RpcRequest` and `Paginated` impls of the 52 requests, the data `src/validate.rs` checks them against, the [`RPCS`](crate::RPCS) table | `crate::RPCS` |
//! | `chat_scopes.rs` | `build/rpcs.rs` | one constant per OAuth scope of `ChatService` | [`crate::auth::scopes`] |
//! | `chat_names.rs` | `build/names.rs` | a typed name per `google.api.resource` pattern | [`crate::names`] |
//! | `chat_builders.rs` | `build/surface.rs` | a request builder alias, its setters and a `ChatClient` method per RPC | [`crate::builder`], `ChatClient::create_message`, ... |
//! | `chat_oneofs.rs` | `build/oneof.rs` | the accessors, setters and `From` impls of every `oneof`, and the table of them the tests check | [`crate::oneof`] (inherent methods of the proto types) |
//! | `chat_surface_tests.rs` | `build/surface.rs` | per-RPC test cases, for `tests/api/surface.rs` only | |
//!
//! **Reading the generated code**: the top-level `generated/` folder holds a copy of each
//! file, so `grep -rn "fn create_message"` finds it, and a proto refresh shows up in the diff.
//! The copy is not compiled: the build's own output is, so a refresh cannot leave stale code
//! behind. `tests/api/generated.rs` fails when the copy differs from what the build made, and
//! `GOOGLE_CHAT_GRPC_BLESS=1 cargo test --all-features --test api generated` rewrites it.

/// `RpcRequest`, `Paginated` and the RPC table.
pub(crate) mod rpcs {
    use crate::rpc::{Idempotency, RetryClass, RpcInfo, RpcRequest};

    include!(concat!(env!("OUT_DIR"), "/chat_rpcs.rs"));
}

/// The OAuth scope constants.
pub(crate) mod scopes {
    include!(concat!(env!("OUT_DIR"), "/chat_scopes.rs"));
}

/// The typed resource names, expanded by `names::resource_name!`.
pub(crate) mod names {
    use crate::names::resource_name;

    include!(concat!(env!("OUT_DIR"), "/chat_names.rs"));
}

/// The per-RPC request builders and `ChatClient` methods.
// Some requests have only the routing field, which makes `..Default::default()` redundant
// there; the generator writes one shape for all.
#[allow(clippy::needless_update)]
pub(crate) mod builders {
    use crate::builder::RequestBuilder;

    include!(concat!(env!("OUT_DIR"), "/chat_builders.rs"));
}

/// The `oneof` accessors, setters and `From` impls (inherent impls on the proto types).
pub(crate) mod oneofs {
    include!(concat!(env!("OUT_DIR"), "/chat_oneofs.rs"));
}
