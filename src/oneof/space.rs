//! `Space.space_permission_settings` (predefined settings at creation, detailed settings
//! after) and `Space.Principal.principal_type`.

use crate::proto::chat::v1::{
    Audience, Space,
    space::{
        PermissionSettings, PredefinedPermissionSettings, Principal, SpacePermissionSettings,
        principal::PrincipalType,
    },
};

impl Space {
    /// The predefined permission settings (input only, when creating a space).
    /// A value this crate does not know reads as `Unspecified`, as prost's enum getters do.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::{Space, space::PredefinedPermissionSettings};
    ///
    /// let mut space = Space {
    ///     display_name: "Announcements".into(),
    ///     ..Default::default()
    /// };
    /// space.set_predefined_permission_settings(
    ///     PredefinedPermissionSettings::AnnouncementSpace,
    /// );
    /// assert_eq!(
    ///     space.predefined_permission_settings(),
    ///     Some(PredefinedPermissionSettings::AnnouncementSpace)
    /// );
    /// assert!(space.permission_settings().is_none());
    /// ```
    pub fn predefined_permission_settings(&self) -> Option<PredefinedPermissionSettings> {
        match self.space_permission_settings.as_ref()? {
            SpacePermissionSettings::PredefinedPermissionSettings(value) => {
                Some(PredefinedPermissionSettings::try_from(*value).unwrap_or_default())
            }
            SpacePermissionSettings::PermissionSettings(_) => None,
        }
    }

    /// The space's detailed permission settings (output, and input when updating a space).
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::{Space, space::PermissionSettings};
    ///
    /// let mut space = Space::default();
    /// assert!(space.permission_settings().is_none());
    /// space.set_permission_settings(PermissionSettings::default());
    /// assert!(space.permission_settings().is_some());
    /// ```
    pub fn permission_settings(&self) -> Option<&PermissionSettings> {
        match self.space_permission_settings.as_ref()? {
            SpacePermissionSettings::PermissionSettings(settings) => Some(settings),
            SpacePermissionSettings::PredefinedPermissionSettings(_) => None,
        }
    }

    /// Creates the space with predefined permission settings (replacing detailed ones).
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::{Space, space::PredefinedPermissionSettings};
    ///
    /// let mut space = Space::default();
    /// space.set_predefined_permission_settings(
    ///     PredefinedPermissionSettings::CollaborationSpace,
    /// );
    /// assert!(space.predefined_permission_settings().is_some());
    /// ```
    pub fn set_predefined_permission_settings(&mut self, settings: PredefinedPermissionSettings) {
        self.space_permission_settings = Some(
            SpacePermissionSettings::PredefinedPermissionSettings(settings.into()),
        );
    }

    /// Sets detailed permission settings (replacing predefined ones).
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::{Space, space::PermissionSettings};
    ///
    /// let mut space = Space::default();
    /// space.set_permission_settings(PermissionSettings::default());
    /// assert!(space.predefined_permission_settings().is_none());
    /// ```
    pub fn set_permission_settings(&mut self, settings: PermissionSettings) {
        self.space_permission_settings =
            Some(SpacePermissionSettings::PermissionSettings(settings));
    }
}

impl Principal {
    /// A principal standing for the target audience `name` (`audiences/{audience}`).
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::space::Principal;
    ///
    /// let principal = Principal::audience("audiences/default");
    /// assert_eq!(
    ///     principal.as_audience().map(|a| a.name.as_str()),
    ///     Some("audiences/default")
    /// );
    /// ```
    pub fn audience(name: impl Into<String>) -> Self {
        Principal {
            principal_type: Some(PrincipalType::Audience(Audience { name: name.into() })),
        }
    }

    /// The audience, `None` when the principal is unset.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::space::Principal;
    ///
    /// assert!(Principal::default().as_audience().is_none());
    /// ```
    pub fn as_audience(&self) -> Option<&Audience> {
        match self.principal_type.as_ref()? {
            PrincipalType::Audience(audience) => Some(audience),
        }
    }
}
