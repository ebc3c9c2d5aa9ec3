//! Rust client for the [Google Chat API](https://developers.google.com/workspace/chat/api/reference/rpc)
//! over gRPC.
//!
//! The messages and the `ChatService` stubs are generated at build time from Google's own
//! `.proto` files, vendored unchanged in `proto/` (see its README for their origin), so field
//! numbers and names are exactly what `chat.googleapis.com` speaks. The build uses
//! [`protox`](https://docs.rs/protox) and needs no `protoc`.
//!
//! # Start here
//!
//! No Google account needed: the crate's [`emulator`] (feature
//! `emulator`) is a stateful Chat API in your process. This runs offline, as is:
//!
//! ```
//! # #[cfg(feature = "emulator")]
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use google_chat_grpc::emulator::Emulator;
//! use google_chat_grpc::text::mention;
//!
//! let emulator = Emulator::builder().user("bob@example.com", "1002", "Bob").start().await?;
//! let alice = emulator.client("user:alice@example.com").await?;
//! let space = alice.set_up_space_with("Launch", ["users/bob@example.com"]).send().await?;
//! alice.send_text(&space.name, format!("{} ships today", mention("users/1002"))).send().await?;
//! let mut messages = alice.list_messages(&space.name).by_item();
//! while let Some(message) = messages.next().await {
//!     println!("{}", message?.text);
//! }
//! # Ok(()) }
//! # #[cfg(not(feature = "emulator"))]
//! # fn main() {}
//! ```
//!
//! (`google-chat-grpc = { version = "0.1", features = ["emulator"] }` and
//! `tokio = { version = "1", features = ["macros", "rt-multi-thread"] }`; the emulator
//! belongs in `[dev-dependencies]` once you test against it.) Then:
//!
//! - **Examples**, each runnable with `cargo run --example <name> --all-features` against
//!   the emulator, and with `-- --live` against Chat:
//!   [`quickstart`](https://github.com/google-chat-grpc/google-chat-grpc/blob/main/examples/quickstart.rs)
//!   (a whole flow: space, messages, thread, reaction, events, members),
//!   [`set_up_space`](https://github.com/google-chat-grpc/google-chat-grpc/blob/main/examples/set_up_space.rs),
//!   [`update_space`](https://github.com/google-chat-grpc/google-chat-grpc/blob/main/examples/update_space.rs),
//!   [`delete_membership`](https://github.com/google-chat-grpc/google-chat-grpc/blob/main/examples/delete_membership.rs),
//!   and [`loadgen`](https://github.com/google-chat-grpc/google-chat-grpc/blob/main/examples/loadgen.rs)
//!   (a load generator for a running `chat-emulator`).
//! - **Everyday calls**: the one-liners on [`ChatClient`] (`send_text`, `reply_in_thread`,
//!   `send_card`, `add_user`, `react`, ..., with the authentication each needs), cards with
//!   [`cards::CardBuilder`], mentions with [`text::mention`], lists with
//!   [`paginate`].
//! - **Tests of your own code**: [Testing your code](#testing-your-code) below.
//!
//! # Quick start
//!
//! ```no_run
//! use google_chat_grpc::ChatClient;
//! use google_chat_grpc::auth::{Credentials, scopes};
//! use google_chat_grpc::proto::chat::v1::{CreateMessageRequest, Message};
//!
//! # async fn run() -> Result<(), google_chat_grpc::Error> {
//! // A Chat app authenticating as itself with its service account key.
//! let client = ChatClient::builder()
//!     .credentials(Credentials::service_account_file("chat-app-key.json"))
//!     .scopes(scopes::APP)
//!     .build()
//!     .await?;
//!
//! // The request type picks the RPC; a retried create cannot post twice, because the
//! // client fills `request_id` before the first attempt.
//! let message = client
//!     .send(CreateMessageRequest {
//!         parent: "spaces/AAAAabcdef".into(),
//!         message: Some(Message { text: "Deploy finished".into(), ..Default::default() }),
//!         ..Default::default()
//!     })
//!     .await?;
//! println!("posted {}", message.name);
//! # Ok(())
//! # }
//! ```
//!
//! Every call of a [`ChatClient`] goes through one path: `request_id` for creates, Google's
//! headers (`x-goog-api-client`, `x-goog-request-params` from each method's HTTP rule,
//! `x-goog-user-project`, `grpc-timeout`), the [`retry`] loop (only `UNAVAILABLE` by
//! default, jittered backoff, `RetryInfo`, a shared budget, an overall deadline), a fresh
//! token per attempt from the [token cache](auth::TokenCache), and a pool of HTTP/2
//! connections. Failures are one [`Error`] type with [`is_transient`](Error::is_transient)
//! and the decoded `google.rpc` details. Opt-in,
//! [`pace_to_quotas`](ClientBuilder::pace_to_quotas) makes calls wait for room under Chat's
//! usage limits ([`quotas`]) instead of collecting `RESOURCE_EXHAUSTED`.
//!
//! # Tracing
//!
//! Every call is one [`tracing`](https://docs.rs/tracing) span at level `INFO`,
//! `chat.call`, with these fields, recorded when the call ends (retries included):
//!
//! | field | value |
//! | --- | --- |
//! | `method` | the RPC, e.g. `CreateMessage` |
//! | `attempts` | how many attempts were sent |
//! | `latency_ms` | the whole call, retries and backoff included |
//! | `code` | the gRPC code of the outcome (`Ok`, `Unavailable`, ...) |
//! | `reconciled` | `true` when a retry's `ALREADY_EXISTS`/`NOT_FOUND` was turned into the lost attempt's answer |
//!
//! Each retry is a `DEBUG` event inside the span (`retrying`, with `attempt`, `wait` and
//! `code`), as are a spent retry budget and a deadline that leaves no time for another
//! attempt. Tokens and message contents are never recorded. With no subscriber the span
//! costs nothing. To see it: `tracing_subscriber::fmt().with_span_events(FmtSpan::CLOSE)`.
//!
//! # Credentials
//!
//! | [`Credentials`](auth::Credentials) | for |
//! | --- | --- |
//! | `application_default()` (default) | ADC: `GOOGLE_APPLICATION_CREDENTIALS` (service account or user file), gcloud's ADC file, the metadata server, the gcloud CLI |
//! | `service_account_file(path)`, `service_account_json(json)` | a Chat app's key |
//! | `....with_subject("user@example.com")` | domain-wide delegation: import mode, admin calls |
//! | `authorized_user_file(path)` | a user's refresh token (`gcloud auth application-default login`) |
//! | `metadata_server()` | GCE, GKE, Cloud Run |
//! | `static_token(token)` | a token you already have; the emulator's identities |
//! | `from_source(impl TokenSource)` | any other OAuth flow |
//! | `none()` | the emulator, or a proxy that authenticates |
//!
//! `http://` endpoints are refused when a token would be sent, unless the host is loopback
//! and [`insecure_allow_plaintext`](ClientBuilder::insecure_allow_plaintext) says it is meant.
//!
//! # Where things are
//!
//! | concern | module (file) | what it owns |
//! | --- | --- | --- |
//! | the client | [`ChatClient`], [`ClientBuilder`] (`src/client.rs`) | one call path: request id, validation, headers, retry, token, connection pool |
//! | request builders | [`builder`] (`src/builder.rs`; generated per RPC) | `client.create_message(..).set_text(..).send()`; call options from [`CallOptions`] (`src/options.rs`) |
//! | one-liners | `src/shortcuts.rs` | `send_text`, `reply_in_thread`, `react`, `add_user`, `mark_space_read`, ... on [`ChatClient`] |
//! | validation | `src/validate.rs`, [`names`], [`update`] | the one check before the wire ([`RpcRequest::validate`]), typed resource names, typed update masks |
//! | retry | [`retry`] (`src/retry.rs`) | policy, backoff, budget, the retry loop; per-method class in [`RetryClass`] |
//! | auth | [`auth`] (`src/auth/`) | [`Credentials`](auth::Credentials), token sources, the [`TokenCache`](auth::TokenCache), [`AuthLayer`](auth::AuthLayer) |
//! | transport | `src/transport.rs`, `src/encoding.rs` | Google's headers, the response check, the channel pool; percent-encoding and the routing header (a leaf module) |
//! | errors | [`Error`], [`ErrorKind`] (`src/error.rs`) | one error type, predicates, decoded `google.rpc` details |
//! | unions | [`oneof`] (`src/oneof/`) | domain constructors and views; the mechanical accessors are generated |
//! | paging | [`paginate`] (`src/paginate.rs`) | `by_page()` / `by_item()` streams |
//! | JSON | `json` (`src/json.rs`, feature `json`) | proto3 JSON of any generated type; the emulator's REST side uses the same machinery |
//! | generated surface | `src/generated.rs` (a copy in `generated/`) | what `build.rs` and `build/*.rs` derive from the protos: RPC facts and [`RPCS`], scopes, names, builders, oneof accessors |
//! | generated protos | [`proto`] (`src/proto.rs`) | prost messages and tonic stubs, unedited |
//! | emulator | `emulator` (`src/emulator/`, feature `emulator`) | the in-memory Chat API, one file (or folder) per resource: `spaces/`, `messages/`, `members.rs`, `reactions.rs`, ... |
//!
//! To read the generated code, open `generated/` in the repository (e.g. `grep -rn "fn
//! create_message" generated/`); it is kept identical to what the build compiles.
//!
//! # Modules
//!
//! The generated code lives under [`proto`], which stands for the `google` proto package:
//!
//! | proto package          | Rust module                    | what it holds |
//! | ---------------------- | ------------------------------ | ------------- |
//! | `google.chat.v1`       | [`proto::chat::v1`]            | `Space`, `Message`, `Membership`, ..., the 52-RPC [`ChatServiceClient`](proto::chat::v1::chat_service_client::ChatServiceClient) and (feature `server`) the `ChatService` server trait |
//! | `google.apps.card.v1`  | [`proto::apps::card::v1`]      | cards and widgets for `Message.cards_v2` |
//! | `google.type`          | [`proto::r#type`](proto/type/index.html) | `Color` |
//! | `google.rpc`           | [`proto::rpc`]                 | the canonical `Code` enum |
//! | `google.api`           | [`proto::api`]                 | annotation messages (`HttpRule`, `ResourceDescriptor`) |
//! | `google.protobuf`      | [`prost_types`]                | well-known types (`Timestamp`, `FieldMask`, `Empty`) |
//!
//! [`proto::FILE_DESCRIPTOR_SET`] is the encoded descriptor set of all of them, for gRPC
//! server reflection.
//!
//! # Features
//!
//! | feature  | default | what it adds |
//! | -------- | ------- | ------------ |
//! | `gcp-auth` | yes   | Google credentials (ADC, service accounts, DWD, metadata server, user files) via `gcp_auth` |
//! | `tls-webpki-roots` | yes | TLS trusting the Mozilla roots built into the binary |
//! | `tls-native-roots` | no | TLS trusting the operating system's roots |
//! | `server` | no      | the generated `chat_service_server` module and tonic's server stack |
//! | `emulator` | no    | `emulator`: a stateful in-memory Chat API server, and the `chat-emulator` binary |
//!
//! # Testing your code
//!
//! Code that talks to Chat takes a [`ChatClient`]; a test hands it one connected to the
//! [`emulator`] (feature `emulator`), a stateful in-memory Chat API, and
//! asserts on what the emulator holds afterwards. Where Google's Rust clients are mocked by
//! building the client `from_stub` with a mock of the service trait, here nothing is
//! mocked: the calls go through the whole client stack and get the API's real answers
//! (resource names, errors, paging, space events), so a test also catches a call the real
//! API would refuse.
//!
//! | way | when | how |
//! | --- | --- | --- |
//! | in-process, on a loopback port | the default; other code (a second client, grpcurl) may connect too | `let emulator = Emulator::builder().start().await?;` then `emulator.client("user:alice@example.com")` or `emulator.app_client()` |
//! | in memory, no port | nothing may listen (sandboxed CI), or thousands of tests | `Emulator::default().connect_in_memory("user:alice@example.com")` over `tokio::io::duplex` |
//! | standalone binary | tests in other languages, or a long-running shared emulator | `cargo run --features emulator --bin chat-emulator -- --port 8085`; then connect with `ClientBuilder::endpoint("http://127.0.0.1:8085")` |
//! | fault injection | your error handling and retries | `emulator.faults().inject(Fault::fail("CreateMessage", Code::Unavailable).times(2))`; `--fail` on the binary |
//! | a hand-written server | answers the emulator cannot give (a proxy's HTML page, a malformed status) | implement the generated `ChatService` trait (feature `server`), serve it, and use [`ChatClient::from_channel`] |
//!
//! The caller comes from the token: `user:<id or email>`, `admin:<id or email>` (may use
//! admin access), `app` (the Chat app, app authentication), `app:<name>` (another app).
//!
//! ```
//! # #[cfg(feature = "emulator")]
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use google_chat_grpc::ChatClient;
//! use google_chat_grpc::emulator::{Emulator, Fault};
//! use tonic::Code;
//!
//! // Your code: posts a deploy note, and says so when Chat refuses.
//! async fn announce(chat: &ChatClient, space: &str) -> Result<String, String> {
//!     match chat.send_text(space, "Deployed 1.4").send().await {
//!         Ok(message) => Ok(message.name),
//!         Err(e) if e.code() == Some(Code::PermissionDenied) => Err("not a member".into()),
//!         Err(e) => Err(e.to_string()),
//!     }
//! }
//!
//! // The test: an emulator in memory, a space, and a fault.
//! let emulator = Emulator::default();
//! let alice = emulator.connect_in_memory("user:alice@example.com").await?;
//! let space = alice.set_up_space_with("Ops", ["users/bob@example.com"]).send().await?;
//!
//! announce(&alice, &space.name).await?;
//! assert_eq!(emulator.snapshot().messages_in(&space.name).next().unwrap().text, "Deployed 1.4");
//!
//! emulator.faults().inject(Fault::fail("CreateMessage", Code::PermissionDenied));
//! assert_eq!(announce(&alice, &space.name).await, Err("not a member".to_string()));
//! # Ok(()) }
//! # #[cfg(not(feature = "emulator"))]
//! # fn main() {}
//! ```
//!
//! # Raw stubs
//!
//! The generated tonic client is there too, for those who want it bare:
//!
//! ```no_run
//! use google_chat_grpc::proto::chat::v1::{GetSpaceRequest, chat_service_client::ChatServiceClient};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let channel = tonic::transport::Endpoint::from_static("http://127.0.0.1:8085").connect().await?;
//! let mut client = ChatServiceClient::new(channel);
//! let space = client
//!     .get_space(GetSpaceRequest { name: "spaces/AAAA".into(), ..Default::default() })
//!     .await?
//!     .into_inner();
//! println!("{}", space.display_name);
//! # Ok(())
//! # }
//! ```
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod auth;
pub mod builder;
pub mod cards;
mod client;
mod encoding;
mod error;
mod generated;
pub mod names;
pub mod oneof;
mod options;
pub mod paginate;
pub mod proto;
pub mod quotas;
mod reconcile;
mod response_check;
pub mod retry;
mod rpc;
mod shortcuts;
pub mod text;
mod transport;
mod unary;
pub mod update;
mod validate;

pub use client::{ChatClient, ClientBuilder, DEFAULT_ENDPOINT};
pub use error::{Error, ErrorKind, Result};
pub use options::CallOptions;
pub use rpc::{Idempotency, RPCS, RetryClass, RpcInfo, RpcRequest};

#[cfg(feature = "emulator")]
#[cfg_attr(docsrs, doc(cfg(feature = "emulator")))]
pub mod emulator;

#[cfg(feature = "json")]
#[cfg_attr(docsrs, doc(cfg(feature = "json")))]
pub mod json;

#[cfg(feature = "media")]
#[cfg_attr(docsrs, doc(cfg(feature = "media")))]
pub mod media;

// The crates our public types come from, so users need not pin matching versions themselves.
pub use prost;
pub use prost_types;
pub use tonic;
pub use tonic_types;

/// The decoded `google.rpc` error details of a failed call ([`Error::details`] and its
/// shortcuts [`Error::bad_request`], [`Error::error_info`], ...), re-exported from
/// [`tonic_types`] so you need not depend on it.
///
/// ```
/// use google_chat_grpc::error_details::{BadRequest, ErrorDetails, FieldViolation};
///
/// let details = ErrorDetails::with_bad_request(vec![FieldViolation::new("parent", "bad name")]);
/// let bad: &BadRequest = details.bad_request().unwrap();
/// assert_eq!(bad.field_violations[0].field, "parent");
/// ```
pub mod error_details {
    #[doc(inline)]
    pub use tonic_types::{
        BadRequest, DebugInfo, ErrorDetail, ErrorDetails, ErrorInfo, FieldViolation, Help,
        HelpLink, LocalizedMessage, PreconditionFailure, PreconditionViolation, QuotaFailure,
        QuotaViolation, RequestInfo, ResourceInfo, RetryInfo,
    };
}
