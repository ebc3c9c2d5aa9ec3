//! `UpdateSpaceNotificationSetting`: the builder and the rules of
//! `UpdateSpaceNotificationSettingRequest`.

use crate::Error;
use crate::proto::chat::v1::space_notification_setting::{MuteSetting, NotificationSetting};
use crate::proto::chat::v1::{SpaceNotificationSetting, UpdateSpaceNotificationSettingRequest};

use super::{Mask, Update, mask_paths, missing, name, validated};

const RPC: &str = "UpdateSpaceNotificationSetting";

/// An `UpdateSpaceNotificationSetting` request under construction: the calling user's
/// notifications and mute state for one space.
///
/// [`into_request`](Update::into_request) checks that the mask is not empty, that the name
/// has the shape `users/{user}/spaces/{space}/spaceNotificationSetting`, and that no value in
/// the mask is the reserved `..._UNSPECIFIED` (or absent).
///
/// ```
/// use google_chat_grpc::proto::chat::v1::space_notification_setting::MuteSetting;
/// use google_chat_grpc::update::{SpaceNotificationSettingUpdate, Update};
///
/// let request = SpaceNotificationSettingUpdate::new("users/me/spaces/AAAA/spaceNotificationSetting")
///     .set_mute_setting(MuteSetting::Muted)
///     .into_request()?;
/// assert_eq!(request.update_mask.unwrap().paths, ["mute_setting"]);
/// // Then: client.send(request).await?
/// # Ok::<(), google_chat_grpc::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[must_use = "an update does nothing until it is turned into a request and sent"]
pub struct SpaceNotificationSettingUpdate {
    setting: SpaceNotificationSetting,
    mask: Mask,
}

impl SpaceNotificationSettingUpdate {
    /// Starts an update of the setting `name`
    /// (`users/{user}/spaces/{space}/spaceNotificationSetting`), with an empty mask.
    ///
    /// ```
    /// use google_chat_grpc::update::SpaceNotificationSettingUpdate;
    ///
    /// let update = SpaceNotificationSettingUpdate::new("users/me/spaces/AAAA/spaceNotificationSetting");
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            setting: SpaceNotificationSetting {
                name: name.into(),
                ..Default::default()
            },
            mask: Mask::default(),
        }
    }

    /// Sets what triggers notifications (path `notification_setting`). `MAIN_CONVERSATIONS`
    /// and `FOR_YOU` are not available in 1:1 direct messages.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::space_notification_setting::NotificationSetting;
    /// use google_chat_grpc::update::{SpaceNotificationSettingUpdate, Update};
    ///
    /// let request = SpaceNotificationSettingUpdate::new("users/me/spaces/AAAA/spaceNotificationSetting")
    ///     .set_notification_setting(NotificationSetting::ForYou)
    ///     .into_request()?;
    /// assert_eq!(request.update_mask.unwrap().paths, ["notification_setting"]);
    /// # Ok::<(), google_chat_grpc::Error>(())
    /// ```
    pub fn set_notification_setting(mut self, setting: NotificationSetting) -> Self {
        self.setting.notification_setting = Some(setting as i32);
        self.mask.add("notification_setting");
        self
    }

    /// Mutes or unmutes the space (path `mute_setting`).
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::space_notification_setting::MuteSetting;
    /// use google_chat_grpc::update::{SpaceNotificationSettingUpdate, Update};
    ///
    /// let request = SpaceNotificationSettingUpdate::new("users/me/spaces/AAAA/spaceNotificationSetting")
    ///     .set_mute_setting(MuteSetting::Unmuted)
    ///     .into_request()?;
    /// assert_eq!(request.space_notification_setting.unwrap().mute_setting, Some(MuteSetting::Unmuted as i32));
    /// # Ok::<(), google_chat_grpc::Error>(())
    /// ```
    pub fn set_mute_setting(mut self, setting: MuteSetting) -> Self {
        self.setting.mute_setting = Some(setting as i32);
        self.mask.add("mute_setting");
        self
    }
}

impl Update for SpaceNotificationSettingUpdate {
    type Request = UpdateSpaceNotificationSettingRequest;

    fn into_request(self) -> Result<UpdateSpaceNotificationSettingRequest, Error> {
        UpdateSpaceNotificationSettingRequest {
            space_notification_setting: Some(self.setting),
            update_mask: Some(self.mask.into_field_mask()),
        }
        .into_request()
    }
}

/// Checks a hand-built request by the same rules as [`SpaceNotificationSettingUpdate`].
///
/// ```
/// use google_chat_grpc::proto::chat::v1::{SpaceNotificationSetting, UpdateSpaceNotificationSettingRequest};
/// use google_chat_grpc::update::Update;
///
/// let raw = UpdateSpaceNotificationSettingRequest {
///     space_notification_setting: Some(SpaceNotificationSetting {
///         name: "users/me/spaces/AAAA/spaceNotificationSetting".into(),
///         ..Default::default()
///     }),
///     update_mask: Some(google_chat_grpc::prost_types::FieldMask { paths: vec!["mute_setting".into()] }),
/// };
/// assert!(raw.into_request().is_err()); // no mute setting given
/// ```
impl Update for UpdateSpaceNotificationSettingRequest {
    type Request = Self;

    fn into_request(self) -> Result<Self, Error> {
        validated(self)
    }
}

pub(super) fn check(req: &UpdateSpaceNotificationSettingRequest) -> Result<(), Error> {
    let setting = req
        .space_notification_setting
        .as_ref()
        .ok_or_else(|| missing(RPC, "space_notification_setting"))?;
    name::check(
        RPC,
        "space_notification_setting.name",
        &setting.name,
        "users/{user}/spaces/{space}/spaceNotificationSetting",
    )?;
    let paths = mask_paths(RPC, req.update_mask.as_ref())?;
    for (path, value) in [
        ("notification_setting", setting.notification_setting),
        ("mute_setting", setting.mute_setting),
    ] {
        // Value 0 is the reserved `..._UNSPECIFIED`.
        if paths.iter().any(|p| p == path) && value.unwrap_or(0) == 0 {
            return Err(Error::invalid_argument(format!(
                "{RPC}: `{path}` is in the mask but has no value (or the reserved \
                 `..._UNSPECIFIED`); set it, or leave it out of the mask"
            )));
        }
    }
    Ok(())
}
