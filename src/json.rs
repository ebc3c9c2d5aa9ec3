//! Google's proto3 JSON for the model types: cards, messages, space events, any generated
//! message (feature `json`).
//!
//! Chat apps meet JSON where gRPC does not reach: the card a designer exported from
//! Google's Card Builder, the interaction event Chat posts to an app's HTTP endpoint, the
//! space event a Workspace Events subscription delivers through Pub/Sub, a message kept in a
//! fixture file. These functions turn any generated type into that JSON and back, with the
//! mapping Google's REST frontends and clients use: lowerCamelCase field names out (proto
//! names accepted in), enums by name, 64-bit integers as strings, `Timestamp` in RFC 3339,
//! `FieldMask` as a comma-separated string, default values omitted.
//!
//! It is the emulator's REST machinery, shared: [`prost_reflect`]'s `serde` support over the
//! crate's embedded descriptor set ([`crate::proto::FILE_DESCRIPTOR_SET`]), so the prost types
//! stay plain prost types (no serde derives on 400 generated messages, no swapped
//! `prost-types`), and what [`to_string`] writes is byte for byte what the emulator's REST side
//! answers.
//!
//! # Parsing a card
//!
//! ```
//! use google_chat_grpc::json;
//! use google_chat_grpc::proto::apps::card::v1::Card;
//! use google_chat_grpc::proto::chat::v1::Message;
//!
//! // A message with a card, in the JSON shape of Google's card documentation and Card Builder.
//! let message: Message = json::from_str(r#"{
//!   "cardsV2": [{
//!     "cardId": "deploy",
//!     "card": {
//!       "header": {
//!         "title": "Deploy 1.4",
//!         "subtitle": "production",
//!         "imageUrl": "https://developers.google.com/workspace/chat/images/quickstart-app-avatar.png",
//!         "imageType": "CIRCLE"
//!       },
//!       "sections": [{
//!         "header": "Status",
//!         "collapsible": true,
//!         "widgets": [
//!           { "textParagraph": { "text": "All checks <b>passed</b>." } },
//!           { "buttonList": { "buttons": [{
//!             "text": "Open the pipeline",
//!             "onClick": { "openLink": { "url": "https://ci.example.com/runs/42" } }
//!           }]}}
//!         ]
//!       }]
//!     }
//!   }]
//! }"#)?;
//!
//! let card: &Card = message.cards_v2[0].card.as_ref().unwrap();
//! assert_eq!(card.header.as_ref().unwrap().title, "Deploy 1.4");
//! assert_eq!(card.sections[0].widgets.len(), 2);
//!
//! // And back: the same JSON a Chat app answers with (defaults omitted, camelCase names).
//! let out = json::to_value(card)?;
//! assert_eq!(out["header"]["imageType"], "CIRCLE");
//! assert_eq!(out["sections"][0]["widgets"][0]["textParagraph"]["text"], "All checks <b>passed</b>.");
//! # Ok::<(), json::JsonError>(())
//! ```
//!
//! # Interaction events
//!
//! The event Chat sends to an app's HTTP endpoint (`MESSAGE`, `ADDED_TO_SPACE`,
//! `CARD_CLICKED`, ...) has no protobuf type in `google.chat.v1`: it is a REST-only schema.
//! Its parts are API types, though, so take them out of the event and parse each one:
//!
//! ```
//! use google_chat_grpc::json;
//! use google_chat_grpc::proto::chat::v1::{Message, Space};
//!
//! let event: serde_json::Value = serde_json::from_str(r#"{
//!   "type": "MESSAGE",
//!   "eventTime": "2026-12-02T10:00:00.000Z",
//!   "space": { "name": "spaces/AAAA", "spaceType": "SPACE", "displayName": "Ops" },
//!   "message": { "name": "spaces/AAAA/messages/m1", "text": "deploy status",
//!                "createTime": "2026-12-02T10:00:00.000Z" }
//! }"#)?;
//! let space: Space = json::from_value(event["space"].clone())?;
//! let message: Message = json::from_value(event["message"].clone())?;
//! assert_eq!(space.display_name, "Ops");
//! assert_eq!(message.create_time.unwrap().seconds, 1_796_205_600);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Unknown fields
//!
//! [`from_str`] refuses a field the type does not have, as Google's own parsers do by default
//! (a typo in a card should not vanish silently). Payloads from Chat itself may carry fields
//! newer than the vendored protos: parse those with [`ParseOptions::ignore_unknown_fields`].

use std::fmt;
use std::sync::OnceLock;

use prost::{Message, Name};
use prost_reflect::{
    DescriptorPool, DeserializeOptions, DynamicMessage, MessageDescriptor, SerializeOptions,
};
use serde_json::Value;

/// Why a message did not become JSON or JSON did not become a message.
///
/// The message names the type and, for parse errors, what serde_json and the proto3 JSON
/// mapping objected to (`unknown field`, `invalid value`, the line and column).
#[derive(Debug, Clone)]
pub struct JsonError {
    type_name: String,
    message: String,
}

impl JsonError {
    fn new(type_name: &str, message: impl fmt::Display) -> JsonError {
        JsonError {
            type_name: type_name.to_owned(),
            message: message.to_string(),
        }
    }

    /// The full proto name of the type being converted (`google.apps.card.v1.Card`).
    pub fn type_name(&self) -> &str {
        &self.type_name
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} as JSON: {}", self.type_name, self.message)
    }
}

impl std::error::Error for JsonError {}

/// How [`from_str_with`] and [`from_value_with`] parse.
///
/// ```
/// use google_chat_grpc::json::{self, ParseOptions};
/// use google_chat_grpc::proto::chat::v1::Space;
///
/// let newer = r#"{"name": "spaces/AAAA", "aFieldFromTheFuture": 1}"#;
/// assert!(json::from_str::<Space>(newer).is_err());
/// let space: Space = json::from_str_with(newer, ParseOptions::new().ignore_unknown_fields(true))?;
/// assert_eq!(space.name, "spaces/AAAA");
/// # Ok::<(), json::JsonError>(())
/// ```
#[derive(Debug, Clone, Copy, Default)]
#[non_exhaustive]
pub struct ParseOptions {
    ignore_unknown_fields: bool,
}

impl ParseOptions {
    /// Strict parsing: unknown fields are an error.
    pub fn new() -> ParseOptions {
        ParseOptions::default()
    }

    /// Skips fields the vendored protos do not know instead of failing, for payloads from
    /// a newer API revision.
    pub fn ignore_unknown_fields(mut self, ignore: bool) -> ParseOptions {
        self.ignore_unknown_fields = ignore;
        self
    }
}

/// The descriptor pool every conversion reads: the crate's embedded descriptor set and
/// tonic-types' (for `google.rpc.Status` and the error details).
pub(crate) fn pool() -> Result<&'static DescriptorPool, &'static str> {
    static POOL: OnceLock<Result<DescriptorPool, String>> = OnceLock::new();
    POOL.get_or_init(|| {
        let mut pool = DescriptorPool::decode(crate::proto::FILE_DESCRIPTOR_SET)
            .map_err(|e| format!("embedded descriptor set: {e}"))?;
        pool.decode_file_descriptor_set(tonic_types::pb::FILE_DESCRIPTOR_SET)
            .map_err(|e| format!("tonic-types descriptor set: {e}"))?;
        Ok(pool)
    })
    .as_ref()
    .map_err(|e| e.as_str())
}

/// The proto3 JSON mapping of Google's frontends: lowerCamelCase names, enums by name,
/// 64-bit integers as strings, default values omitted.
pub(crate) fn serialize_options() -> SerializeOptions {
    SerializeOptions::new()
        .use_proto_field_name(false)
        .use_enum_numbers(false)
        .stringify_64_bit_integers(true)
        .skip_default_fields(true)
}

fn descriptor<M: Name>() -> Result<MessageDescriptor, JsonError> {
    let name = M::full_name();
    let pool = pool().map_err(|e| JsonError::new(&name, e))?;
    pool.get_message_by_name(&name)
        .ok_or_else(|| JsonError::new(&name, "the type is not in the embedded descriptor set"))
}

fn dynamic<M: Message + Name>(message: &M) -> Result<DynamicMessage, JsonError> {
    let desc = descriptor::<M>()?;
    DynamicMessage::decode(desc, message.encode_to_vec().as_slice())
        .map_err(|e| JsonError::new(&M::full_name(), e))
}

/// A message as a JSON value.
pub fn to_value<M: Message + Name>(message: &M) -> Result<Value, JsonError> {
    dynamic(message)?
        .serialize_with_options(serde_json::value::Serializer, &serialize_options())
        .map_err(|e| JsonError::new(&M::full_name(), e))
}

/// A message as compact JSON text.
///
/// ```
/// use google_chat_grpc::json;
/// use google_chat_grpc::proto::chat::v1::{Space, space::SpaceType};
///
/// let space = Space {
///     display_name: "Ops".into(),
///     space_type: SpaceType::Space as i32,
///     ..Default::default()
/// };
/// // Fields in field-number order, as protobuf's own printers write them.
/// assert_eq!(json::to_string(&space)?, r#"{"displayName":"Ops","spaceType":"SPACE"}"#);
/// # Ok::<(), json::JsonError>(())
/// ```
pub fn to_string<M: Message + Name>(message: &M) -> Result<String, JsonError> {
    write(message, false)
}

/// A message as indented JSON text.
pub fn to_string_pretty<M: Message + Name>(message: &M) -> Result<String, JsonError> {
    write(message, true)
}

fn write<M: Message + Name>(message: &M, pretty: bool) -> Result<String, JsonError> {
    let out = write_dynamic(&dynamic(message)?, pretty)
        .map_err(|e| JsonError::new(&M::full_name(), e))?;
    String::from_utf8(out).map_err(|e| JsonError::new(&M::full_name(), e))
}

/// A dynamic message as JSON bytes (the emulator's REST responses are these too).
pub(crate) fn write_dynamic(
    message: &DynamicMessage,
    pretty: bool,
) -> Result<Vec<u8>, serde_json::Error> {
    let mut out = Vec::with_capacity(256);
    let options = serialize_options();
    if pretty {
        message.serialize_with_options(&mut serde_json::Serializer::pretty(&mut out), &options)?;
    } else {
        message.serialize_with_options(&mut serde_json::Serializer::new(&mut out), &options)?;
    }
    Ok(out)
}

/// Parses JSON text into a message, refusing unknown fields.
pub fn from_str<M: Message + Name + Default>(json: &str) -> Result<M, JsonError> {
    from_str_with(json, ParseOptions::new())
}

/// Parses JSON text into a message.
pub fn from_str_with<M: Message + Name + Default>(
    json: &str,
    options: ParseOptions,
) -> Result<M, JsonError> {
    let desc = descriptor::<M>()?;
    let mut de = serde_json::Deserializer::from_str(json);
    let dynamic = DynamicMessage::deserialize_with_options(desc, &mut de, &deserialize(options))
        .map_err(|e| JsonError::new(&M::full_name(), e))?;
    de.end().map_err(|e| JsonError::new(&M::full_name(), e))?;
    transcode(dynamic)
}

/// Parses a JSON value into a message, refusing unknown fields.
pub fn from_value<M: Message + Name + Default>(json: Value) -> Result<M, JsonError> {
    from_value_with(json, ParseOptions::new())
}

/// Parses a JSON value into a message.
pub fn from_value_with<M: Message + Name + Default>(
    json: Value,
    options: ParseOptions,
) -> Result<M, JsonError> {
    let desc = descriptor::<M>()?;
    let dynamic = DynamicMessage::deserialize_with_options(desc, json, &deserialize(options))
        .map_err(|e| JsonError::new(&M::full_name(), e))?;
    transcode(dynamic)
}

fn deserialize(options: ParseOptions) -> DeserializeOptions {
    DeserializeOptions::new().deny_unknown_fields(!options.ignore_unknown_fields)
}

fn transcode<M: Message + Name + Default>(dynamic: DynamicMessage) -> Result<M, JsonError> {
    M::decode(dynamic.encode_to_vec().as_slice()).map_err(|e| JsonError::new(&M::full_name(), e))
}
