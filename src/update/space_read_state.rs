//! `UpdateSpaceReadState`: the builder and the rules of `UpdateSpaceReadStateRequest`.

use prost_types::Timestamp;

use crate::Error;
use crate::proto::chat::v1::{SpaceReadState, UpdateSpaceReadStateRequest};

use super::{Mask, Update, mask_paths, missing, name, validated};

const RPC: &str = "UpdateSpaceReadState";

/// An `UpdateSpaceReadState` request under construction: moves the calling user's read
/// position in a space.
///
/// [`into_request`](Update::into_request) checks that the mask is not empty and that the
/// name has the shape `users/{user}/spaces/{space}/spaceReadState`, where `{user}` is `me`,
/// the caller's email or the caller's user ID (only the caller's own read state can be
/// updated; which user is the caller, only the server knows).
///
/// ```
/// use std::time::SystemTime;
/// use google_chat_grpc::update::{SpaceReadStateUpdate, Update};
///
/// // Mark the space read: any time after the latest message works; the server coerces it.
/// let request = SpaceReadStateUpdate::new("users/me/spaces/AAAA/spaceReadState")
///     .set_last_read_time(SystemTime::now())
///     .into_request()?;
/// assert_eq!(request.update_mask.unwrap().paths, ["last_read_time"]);
/// // Then: client.send(request).await?
/// # Ok::<(), google_chat_grpc::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[must_use = "an update does nothing until it is turned into a request and sent"]
pub struct SpaceReadStateUpdate {
    read_state: SpaceReadState,
    mask: Mask,
}

impl SpaceReadStateUpdate {
    /// Starts an update of the read state `name`
    /// (`users/{user}/spaces/{space}/spaceReadState`), with an empty mask.
    ///
    /// ```
    /// use google_chat_grpc::update::SpaceReadStateUpdate;
    ///
    /// let update = SpaceReadStateUpdate::new("users/me/spaces/AAAA/spaceReadState");
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            read_state: SpaceReadState {
                name: name.into(),
                last_read_time: None,
            },
            mask: Mask::default(),
        }
    }

    /// Sets the time up to which the space counts as read (path `last_read_time`). A time
    /// before the latest message leaves the space unread; a later one marks it read.
    ///
    /// ```
    /// use google_chat_grpc::prost_types::Timestamp;
    /// use google_chat_grpc::update::{SpaceReadStateUpdate, Update};
    ///
    /// let request = SpaceReadStateUpdate::new("users/me/spaces/AAAA/spaceReadState")
    ///     .set_last_read_time(Timestamp { seconds: 1_700_000_000, nanos: 0 })
    ///     .into_request()?;
    /// assert_eq!(request.space_read_state.unwrap().last_read_time.unwrap().seconds, 1_700_000_000);
    /// # Ok::<(), google_chat_grpc::Error>(())
    /// ```
    pub fn set_last_read_time(mut self, time: impl Into<Timestamp>) -> Self {
        self.read_state.last_read_time = Some(time.into());
        self.mask.add("last_read_time");
        self
    }
}

impl Update for SpaceReadStateUpdate {
    type Request = UpdateSpaceReadStateRequest;

    fn into_request(self) -> Result<UpdateSpaceReadStateRequest, Error> {
        UpdateSpaceReadStateRequest {
            space_read_state: Some(self.read_state),
            update_mask: Some(self.mask.into_field_mask()),
        }
        .into_request()
    }
}

/// Checks a hand-built request by the same rules as [`SpaceReadStateUpdate`].
///
/// ```
/// use google_chat_grpc::proto::chat::v1::{SpaceReadState, UpdateSpaceReadStateRequest};
/// use google_chat_grpc::update::Update;
///
/// let raw = UpdateSpaceReadStateRequest {
///     space_read_state: Some(SpaceReadState { name: "spaces/AAAA/spaceReadState".into(), ..Default::default() }),
///     update_mask: Some(google_chat_grpc::prost_types::FieldMask { paths: vec!["last_read_time".into()] }),
/// };
/// assert!(raw.into_request().is_err()); // the name lacks `users/{user}/`
/// ```
impl Update for UpdateSpaceReadStateRequest {
    type Request = Self;

    fn into_request(self) -> Result<Self, Error> {
        validated(self)
    }
}

pub(super) fn check(req: &UpdateSpaceReadStateRequest) -> Result<(), Error> {
    let state = req
        .space_read_state
        .as_ref()
        .ok_or_else(|| missing(RPC, "space_read_state"))?;
    name::check(
        RPC,
        "space_read_state.name",
        &state.name,
        "users/{user}/spaces/{space}/spaceReadState",
    )?;
    mask_paths(RPC, req.update_mask.as_ref())?;
    Ok(())
}
