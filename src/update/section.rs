//! `UpdateSection`: the builder and the rules of `UpdateSectionRequest`.

use crate::Error;
use crate::proto::chat::v1::{Section, UpdateSectionRequest};

use super::{Mask, Update, check_max_chars, mask_paths, missing, name, validated};

const RPC: &str = "UpdateSection";

/// The fixed IDs of the system sections, whose display name cannot change (`Section`).
const SYSTEM_SECTIONS: [&str; 3] = ["default-direct-messages", "default-spaces", "default-apps"];

/// An `UpdateSection` request under construction: renames one of the calling user's custom
/// sections.
///
/// [`into_request`](Update::into_request) checks that the mask is not empty, that the name
/// has the shape `users/{user}/sections/{section}` and is not a system section
/// (`default-direct-messages`, `default-spaces`, `default-apps`, which cannot be renamed), and
/// that the display name has at most 80 characters.
///
/// ```
/// use google_chat_grpc::update::{SectionUpdate, Update};
///
/// let request = SectionUpdate::new("users/me/sections/abc123")
///     .set_display_name("Launches")
///     .into_request()?;
/// assert_eq!(request.update_mask.unwrap().paths, ["display_name"]);
/// // Then: client.send(request).await?
/// # Ok::<(), google_chat_grpc::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[must_use = "an update does nothing until it is turned into a request and sent"]
pub struct SectionUpdate {
    section: Section,
    mask: Mask,
}

impl SectionUpdate {
    /// Starts an update of the section `name` (`users/{user}/sections/{section}`), with an
    /// empty mask.
    ///
    /// ```
    /// use google_chat_grpc::update::SectionUpdate;
    ///
    /// let update = SectionUpdate::new("users/me/sections/abc123");
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            section: Section {
                name: name.into(),
                ..Default::default()
            },
            mask: Mask::default(),
        }
    }

    /// Sets the section's display name (path `display_name`), at most 80 characters.
    ///
    /// ```
    /// use google_chat_grpc::update::{SectionUpdate, Update};
    ///
    /// let request = SectionUpdate::new("users/me/sections/abc123")
    ///     .set_display_name("Customers")
    ///     .into_request()?;
    /// assert_eq!(request.section.unwrap().display_name, "Customers");
    /// # Ok::<(), google_chat_grpc::Error>(())
    /// ```
    pub fn set_display_name(mut self, display_name: impl Into<String>) -> Self {
        self.section.display_name = display_name.into();
        self.mask.add("display_name");
        self
    }
}

impl Update for SectionUpdate {
    type Request = UpdateSectionRequest;

    fn into_request(self) -> Result<UpdateSectionRequest, Error> {
        UpdateSectionRequest {
            section: Some(self.section),
            update_mask: Some(self.mask.into_field_mask()),
        }
        .into_request()
    }
}

/// Checks a hand-built request by the same rules as [`SectionUpdate`].
///
/// ```
/// use google_chat_grpc::proto::chat::v1::{Section, UpdateSectionRequest};
/// use google_chat_grpc::update::Update;
///
/// let raw = UpdateSectionRequest {
///     section: Some(Section { name: "users/me/sections/default-spaces".into(), display_name: "Mine".into(), ..Default::default() }),
///     update_mask: Some(google_chat_grpc::prost_types::FieldMask { paths: vec!["display_name".into()] }),
/// };
/// assert!(raw.into_request().is_err()); // system sections cannot be renamed
/// ```
impl Update for UpdateSectionRequest {
    type Request = Self;

    fn into_request(self) -> Result<Self, Error> {
        validated(self)
    }
}

pub(super) fn check(req: &UpdateSectionRequest) -> Result<(), Error> {
    let section = req
        .section
        .as_ref()
        .ok_or_else(|| missing(RPC, "section"))?;
    let vars = name::check(
        RPC,
        "section.name",
        &section.name,
        "users/{user}/sections/{section}",
    )?;
    if let Some(id) = vars.get(1).filter(|id| SYSTEM_SECTIONS.contains(id)) {
        return Err(Error::invalid_argument(format!(
            "{RPC}: `{id}` is a system section; system sections cannot be updated \
             (only custom sections can be renamed)"
        )));
    }
    let paths = mask_paths(RPC, req.update_mask.as_ref())?;
    if paths.iter().any(|p| p == "display_name") {
        check_max_chars(RPC, "display_name", &section.display_name, 80)?;
    }
    Ok(())
}
