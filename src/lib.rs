//! Rust client for the [Google Chat API](https://developers.google.com/workspace/chat/api/reference/rpc)
//! over gRPC.
//!
//! The messages and the `ChatService` stubs are generated at build time from Google's own
//! `.proto` files, vendored unchanged in `proto/` (see its README for their origin), so field
//! numbers and names are exactly what `chat.googleapis.com` speaks. The build uses
//! [`protox`](https://docs.rs/protox) and needs no `protoc`.
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
//! | `server` | no      | the generated `chat_service_server` module and tonic's server stack |
//! | `emulator` | no    | [`emulator`]: a stateful in-memory Chat API server, and the `chat-emulator` binary |
//!
//! # Example
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
mod client;
mod error;
pub mod proto;
pub mod retry;
mod rpc;
mod transport;

pub use client::{CallOptions, ChatClient, ClientBuilder, DEFAULT_ENDPOINT};
pub use error::{Error, ErrorKind, Result};
pub use rpc::{RPCS, RpcInfo, RpcRequest};

#[cfg(feature = "emulator")]
#[cfg_attr(docsrs, doc(cfg(feature = "emulator")))]
pub mod emulator;

// The crates our public types come from, so users need not pin matching versions themselves.
pub use prost;
pub use prost_types;
pub use tonic;
