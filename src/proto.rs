//! The code prost and tonic generate from the vendored protos, one module per proto package.
//!
//! This module stands for the `google` package: `google.chat.v1` is [`chat::v1`],
//! `google.apps.card.v1` is [`apps::card::v1`], and so on. The nesting mirrors the packages
//! because the generated code refers across packages with relative paths
//! (`super::super::apps::card::v1::Card`). Nothing here is edited by hand; the lint
//! allowances for generated code live in this file only.

// Generated code follows the protos, not our lints: doc comments are Google's, names are
// protobuf's, and large enum variants are whatever the message shapes are.
#![allow(
    missing_docs,
    clippy::all,
    clippy::pedantic,
    rustdoc::bare_urls,
    rustdoc::broken_intra_doc_links,
    rustdoc::invalid_html_tags,
    // build/docs.rs turns Google's `[Text][google.x.Y]` references into explicit links;
    // where the text alone would resolve too, rustdoc calls the target redundant.
    rustdoc::redundant_explicit_links
)]

/// `google.chat.v1`: the Chat API's messages and the `ChatService` client and server.
pub mod chat {
    /// Version 1 of the Google Chat API (`google.chat.v1`).
    ///
    /// The client is [`chat_service_client::ChatServiceClient`]; the server trait (feature
    /// `server`) is `chat_service_server::ChatService`.
    pub mod v1 {
        include!(concat!(env!("OUT_DIR"), "/google.chat.v1.rs"));
    }
}

/// `google.apps.card.v1`: the card framework used by `Message.cards_v2` and dialogs.
pub mod apps {
    /// Card framework messages.
    pub mod card {
        /// Version 1 of the card framework (`google.apps.card.v1`).
        pub mod v1 {
            include!(concat!(env!("OUT_DIR"), "/google.apps.card.v1.rs"));
        }
    }
}

/// `google.type`: common value types (`Color`).
pub mod r#type {
    include!(concat!(env!("OUT_DIR"), "/google.r#type.rs"));
}

/// `google.rpc`: the canonical status [`Code`](rpc::Code) enum.
pub mod rpc {
    include!(concat!(env!("OUT_DIR"), "/google.rpc.rs"));
}

/// `google.api`: the annotation messages the Chat protos use as options (`HttpRule`,
/// `ResourceDescriptor`, ...). They are not on the wire of any RPC, but they describe it.
pub mod api {
    include!(concat!(env!("OUT_DIR"), "/google.api.rs"));
}

/// The encoded `google.protobuf.FileDescriptorSet` of every vendored proto and its imports
/// (the well-known types included), for gRPC server reflection and dynamic messages.
///
/// Extension options such as `google.api.http` and `google.api.resource` are kept; source
/// comments are not (they are in this crate's docs).
///
/// ```
/// use prost::Message;
///
/// let set = prost_types::FileDescriptorSet::decode(google_chat_grpc::proto::FILE_DESCRIPTOR_SET)
///     .expect("the embedded descriptor set decodes");
/// let chat = set
///     .file
///     .iter()
///     .find(|f| f.name() == "google/chat/v1/chat_service.proto")
///     .expect("chat_service.proto is in the set");
/// assert_eq!(chat.service[0].method.len(), 52);
/// ```
pub const FILE_DESCRIPTOR_SET: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/google_chat_v1_descriptor.bin"));
