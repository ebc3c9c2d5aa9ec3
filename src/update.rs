//! Typed update masks for the seven `Update*` RPCs.
//!
//! Each builder here owns one resource and one `update_mask`: every setter writes a field of
//! the resource *and* adds that field's path to the mask, so the two cannot drift apart.
//! [`Update::into_request`] then checks, before anything goes on the wire, what the API
//! documents and a client can know without asking the server: the mask is not empty, the
//! resource name has the documented shape, and the RPC's own rules hold (for example,
//! `space_history_state` cannot be combined with any other path of `UpdateSpace`).
//! A violation is an [`Error`] of kind [`InvalidArgument`](crate::ErrorKind::InvalidArgument)
//! whose message names the rule and the value given.
//!
//! | RPC | builder | paths |
//! | --- | --- | --- |
//! | `UpdateSpace` | [`SpaceUpdate`] | `display_name`, `space_type`, `space_details`, `space_history_state`, `access_settings.audience`, `access_settings.access_permission_settings.{discover,join}_space_setting`, `permission_settings.*` |
//! | `UpdateMessage` | [`MessageUpdate`] | `text`, `attachment`, `cards`, `cards_v2`, `accessory_widgets`, `quoted_message_metadata` |
//! | `UpdateMembership` | [`MembershipUpdate`] | `role` |
//! | `UpdateSpaceReadState` | [`SpaceReadStateUpdate`] | `last_read_time` |
//! | `UpdateSpaceNotificationSetting` | [`SpaceNotificationSettingUpdate`] | `notification_setting`, `mute_setting` |
//! | `UpdateSection` | [`SectionUpdate`] | `display_name` |
//! | `UpdateAvailability` | [`AvailabilityUpdate`] | `custom_status` |
//!
//! The same checks run on every `Update*` request that goes on the wire, however it was
//! built: through these builders, a raw request given to [`ChatClient::send`](crate::ChatClient::send),
//! or the generated request builders (`client.update_space()...`). Every mask path must also
//! name a field of the updated resource (the list is generated from the protos). Paths
//! written in camelCase, as some of Google's docs spell them, are read as their snake_case
//! equivalents for the checks and sent unchanged. The raw request structs implement
//! [`Update`] too, to run the checks without sending.
//!
//! ```
//! use google_chat_grpc::ErrorKind;
//! use google_chat_grpc::proto::chat::v1::HistoryState;
//! use google_chat_grpc::update::{SpaceUpdate, Update};
//!
//! let request = SpaceUpdate::new("spaces/AAAA")
//!     .set_display_name("Release train")
//!     .set_space_details("Where releases are coordinated", "Be kind")
//!     .into_request()?;
//! assert_eq!(request.update_mask.unwrap().paths, ["display_name", "space_details"]);
//!
//! // Documented: history cannot be changed together with anything else.
//! let err = SpaceUpdate::new("spaces/AAAA")
//!     .set_display_name("Release train")
//!     .set_space_history_state(HistoryState::HistoryOn)
//!     .into_request()
//!     .unwrap_err();
//! assert_eq!(err.kind(), ErrorKind::InvalidArgument);
//! # Ok::<(), google_chat_grpc::Error>(())
//! ```

mod availability;
mod membership;
mod message;
mod name;
mod section;
mod space;
mod space_notification_setting;
mod space_read_state;

/// The documented rules of an `Update*` request, checked on every send, also for requests
/// built by hand or with the generated builders: the generated code hooks each `Update*`
/// request's impl in (see `src/validate.rs`, which runs it after the name and mask-field
/// checks), so a request type without an impl here does not compile.
pub(crate) trait CheckUpdate {
    fn check_update(&self) -> Result<(), Error>;
}

macro_rules! check_update {
    ($($module:ident: $request:ident),* $(,)?) => {$(
        impl CheckUpdate for crate::proto::chat::v1::$request {
            fn check_update(&self) -> Result<(), Error> {
                $module::check(self)
            }
        }
    )*};
}

check_update! {
    availability: UpdateAvailabilityRequest,
    membership: UpdateMembershipRequest,
    message: UpdateMessageRequest,
    section: UpdateSectionRequest,
    space: UpdateSpaceRequest,
    space_notification_setting: UpdateSpaceNotificationSettingRequest,
    space_read_state: UpdateSpaceReadStateRequest,
}

pub use availability::AvailabilityUpdate;
pub use membership::MembershipUpdate;
pub use message::MessageUpdate;
pub use section::SectionUpdate;
pub use space::SpaceUpdate;
pub use space_notification_setting::SpaceNotificationSettingUpdate;
pub use space_read_state::SpaceReadStateUpdate;

use prost_types::FieldMask;

use crate::{Error, RpcRequest};

/// Something that becomes one checked `Update*` request.
///
/// Implemented by the builders of this module and by the seven raw `Update*Request` structs,
/// which are checked by the same rules. `into_request` fails with
/// [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument) before any network
/// traffic when the request breaks a documented rule.
///
/// ```
/// use google_chat_grpc::RpcRequest;
/// use google_chat_grpc::proto::chat::v1::membership::MembershipRole;
/// use google_chat_grpc::update::{MembershipUpdate, Update};
///
/// fn method_of<U: Update>(update: U) -> Result<&'static str, google_chat_grpc::Error> {
///     let _request = update.into_request()?;
///     Ok(U::Request::METHOD)
/// }
///
/// let update = MembershipUpdate::new("spaces/AAAA/members/123").set_role(MembershipRole::RoleManager);
/// assert_eq!(method_of(update)?, "UpdateMembership");
/// # Ok::<(), google_chat_grpc::Error>(())
/// ```
pub trait Update {
    /// The request message this becomes.
    type Request: RpcRequest;

    /// Builds the request, or says which documented rule it breaks.
    fn into_request(self) -> Result<Self::Request, Error>;
}

/// A raw request, checked exactly as a send checks it (the routing name, the mask's fields,
/// the documented rules).
fn validated<R: RpcRequest>(request: R) -> Result<R, Error> {
    request.validate()?;
    Ok(request)
}

/// The paths of an update mask in the order they were first set, each once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Mask(Vec<String>);

impl Mask {
    fn add(&mut self, path: &str) {
        if !self.0.iter().any(|p| p == path) {
            self.0.push(path.to_owned());
        }
    }

    fn into_field_mask(self) -> FieldMask {
        FieldMask { paths: self.0 }
    }
}

/// The mask's paths, normalized to snake_case for the rule checks, after checking that there
/// is at least one and none is blank.
fn mask_paths(rpc: &str, mask: Option<&FieldMask>) -> Result<Vec<String>, Error> {
    let paths = mask.map(|m| m.paths.as_slice()).unwrap_or_default();
    if paths.is_empty() {
        return Err(Error::invalid_argument(format!(
            "{rpc}: the update mask is empty; set at least one field (an empty mask \
             updates nothing, and the API requires `update_mask`)"
        )));
    }
    let mut normalized = Vec::with_capacity(paths.len());
    for path in paths {
        if path.trim().is_empty() || path.chars().any(char::is_whitespace) {
            return Err(Error::invalid_argument(format!(
                "{rpc}: update mask path {path:?} is blank or contains whitespace; \
                 give one field path per entry, e.g. \"display_name\""
            )));
        }
        let snake = snake_case(path);
        if !normalized.contains(&snake) {
            normalized.push(snake);
        }
    }
    Ok(normalized)
}

/// Every path of the mask names a field of the updated message (`known`, sorted, generated
/// from the descriptors by `build/rpcs.rs`), in snake_case or camelCase; `*` (all fields,
/// where the method allows it) is left to the method's own rules and the server.
pub(crate) fn check_mask_fields(
    rpc: &str,
    mask: Option<&FieldMask>,
    known: &[&str],
) -> Result<(), Error> {
    for path in mask.map(|m| m.paths.as_slice()).unwrap_or_default() {
        if path == "*" || path.trim().is_empty() {
            // Blank paths get their own message from the method's rules.
            continue;
        }
        let snake = snake_case(path);
        if known.binary_search(&snake.as_str()).is_err() {
            return Err(Error::invalid_argument(format!(
                "{rpc}: update mask path {path:?} is not a field of the updated resource"
            )));
        }
    }
    Ok(())
}

/// `permission_settings.manageMembersAndGroups` -> `permission_settings.manage_members_and_groups`.
pub(crate) fn snake_case(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 4);
    for c in path.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Fails when `value` is longer than the documented limit, counted in characters.
fn check_max_chars(rpc: &str, field: &str, value: &str, max: usize) -> Result<(), Error> {
    let count = value.chars().count();
    if count > max {
        return Err(Error::invalid_argument(format!(
            "{rpc}: `{field}` supports up to {max} characters, got {count}"
        )));
    }
    Ok(())
}

/// The error for a resource that the request must carry and does not.
fn missing(rpc: &str, field: &str) -> Error {
    Error::invalid_argument(format!(
        "{rpc}: `{field}` is required and missing; it carries the resource name and the new values"
    ))
}

/// The paths of `paths` for which `pred` holds, joined for an error message.
fn list(paths: &[String]) -> String {
    paths.join(", ")
}
