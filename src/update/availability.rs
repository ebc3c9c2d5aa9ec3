//! `UpdateAvailability`: the builder and the rules of `UpdateAvailabilityRequest`.

use crate::Error;
use crate::proto::chat::v1::{Availability, CustomStatus, Emoji, UpdateAvailabilityRequest, emoji};

use super::{Mask, Update, check_max_chars, mask_paths, missing, name, validated};

const RPC: &str = "UpdateAvailability";

/// An `UpdateAvailability` request under construction: sets or clears the calling user's
/// custom status.
///
/// [`into_request`](Update::into_request) checks that the mask is not empty, that the name
/// has the shape `users/{user}/availability` (`{user}` may be `me` or an email), and that a
/// custom status has its required text (at most 64 characters) and a Unicode emoji (custom
/// emojis are not supported).
///
/// ```
/// use google_chat_grpc::update::{AvailabilityUpdate, Update};
///
/// let request = AvailabilityUpdate::new("users/me/availability")
///     .set_status("In a meeting", "📅")
///     .into_request()?;
/// assert_eq!(request.update_mask.unwrap().paths, ["custom_status"]);
/// // Then: client.send(request).await?
/// # Ok::<(), google_chat_grpc::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[must_use = "an update does nothing until it is turned into a request and sent"]
pub struct AvailabilityUpdate {
    availability: Availability,
    mask: Mask,
}

impl AvailabilityUpdate {
    /// Starts an update of the availability `name` (`users/{user}/availability`), with an
    /// empty mask.
    ///
    /// ```
    /// use google_chat_grpc::update::AvailabilityUpdate;
    ///
    /// let update = AvailabilityUpdate::new("users/me/availability");
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            availability: Availability {
                name: name.into(),
                ..Default::default()
            },
            mask: Mask::default(),
        }
    }

    /// Sets the custom status (path `custom_status`), with its text, emoji and optional
    /// expiration.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::{CustomStatus, Emoji, custom_status::Expiration, emoji::Content};
    /// use google_chat_grpc::update::{AvailabilityUpdate, Update};
    ///
    /// let status = CustomStatus {
    ///     text: "Commuting".into(),
    ///     emoji: Some(Emoji { content: Some(Content::Unicode("🚆".into())) }),
    ///     expiration: Some(Expiration::Ttl(google_chat_grpc::prost_types::Duration { seconds: 3600, nanos: 0 })),
    /// };
    /// let request = AvailabilityUpdate::new("users/me/availability")
    ///     .set_custom_status(status)
    ///     .into_request()?;
    /// assert_eq!(request.availability.unwrap().custom_status.unwrap().text, "Commuting");
    /// # Ok::<(), google_chat_grpc::Error>(())
    /// ```
    pub fn set_custom_status(mut self, status: CustomStatus) -> Self {
        self.availability.custom_status = Some(status);
        self.mask.add("custom_status");
        self
    }

    /// Sets a custom status of `text` and a Unicode `emoji`, without expiration (path
    /// `custom_status`).
    ///
    /// ```
    /// use google_chat_grpc::update::{AvailabilityUpdate, Update};
    ///
    /// let request = AvailabilityUpdate::new("users/me/availability")
    ///     .set_status("Out sick", "🤒")
    ///     .into_request()?;
    /// assert!(request.availability.unwrap().custom_status.is_some());
    /// # Ok::<(), google_chat_grpc::Error>(())
    /// ```
    pub fn set_status(self, text: impl Into<String>, emoji: impl Into<String>) -> Self {
        self.set_custom_status(CustomStatus {
            text: text.into(),
            emoji: Some(Emoji {
                content: Some(emoji::Content::Unicode(emoji.into())),
            }),
            expiration: None,
        })
    }

    /// Clears the custom status (path `custom_status` with no value).
    ///
    /// ```
    /// use google_chat_grpc::update::{AvailabilityUpdate, Update};
    ///
    /// let request = AvailabilityUpdate::new("users/me/availability").clear_custom_status().into_request()?;
    /// assert!(request.availability.unwrap().custom_status.is_none());
    /// # Ok::<(), google_chat_grpc::Error>(())
    /// ```
    pub fn clear_custom_status(mut self) -> Self {
        self.availability.custom_status = None;
        self.mask.add("custom_status");
        self
    }
}

impl Update for AvailabilityUpdate {
    type Request = UpdateAvailabilityRequest;

    fn into_request(self) -> Result<UpdateAvailabilityRequest, Error> {
        UpdateAvailabilityRequest {
            availability: Some(self.availability),
            update_mask: Some(self.mask.into_field_mask()),
        }
        .into_request()
    }
}

/// Checks a hand-built request by the same rules as [`AvailabilityUpdate`].
///
/// ```
/// use google_chat_grpc::proto::chat::v1::{Availability, UpdateAvailabilityRequest};
/// use google_chat_grpc::update::Update;
///
/// let raw = UpdateAvailabilityRequest {
///     availability: Some(Availability { name: "users/me".into(), ..Default::default() }),
///     update_mask: Some(google_chat_grpc::prost_types::FieldMask { paths: vec!["custom_status".into()] }),
/// };
/// assert!(raw.into_request().is_err()); // the name lacks `/availability`
/// ```
impl Update for UpdateAvailabilityRequest {
    type Request = Self;

    fn into_request(self) -> Result<Self, Error> {
        validated(self)
    }
}

pub(super) fn check(req: &UpdateAvailabilityRequest) -> Result<(), Error> {
    let availability = req
        .availability
        .as_ref()
        .ok_or_else(|| missing(RPC, "availability"))?;
    name::check(
        RPC,
        "availability.name",
        &availability.name,
        "users/{user}/availability",
    )?;
    let paths = mask_paths(RPC, req.update_mask.as_ref())?;
    if !paths.iter().any(|p| p == "custom_status") {
        return Ok(());
    }
    let Some(status) = &availability.custom_status else {
        return Ok(());
    };
    if status.text.trim().is_empty() {
        return Err(Error::invalid_argument(format!(
            "{RPC}: `custom_status.text` is required; to clear the status, leave \
             `custom_status` unset"
        )));
    }
    check_max_chars(RPC, "custom_status.text", &status.text, 64)?;
    match status.emoji.as_ref().and_then(|e| e.content.as_ref()) {
        Some(emoji::Content::Unicode(unicode)) if !unicode.trim().is_empty() => Ok(()),
        Some(emoji::Content::CustomEmoji(_)) => Err(Error::invalid_argument(format!(
            "{RPC}: `custom_status.emoji` must be a Unicode emoji; custom emojis are not \
             supported"
        ))),
        _ => Err(Error::invalid_argument(format!(
            "{RPC}: `custom_status.emoji` is required (a Unicode emoji)"
        ))),
    }
}
