//! `UpdateSpace`: the builder and the rules of `UpdateSpaceRequest.update_mask`.
//!
//! Past 600 lines on purpose: UpdateSpace has the most documented mask rules of the API (which
//! paths go together, which need admin access, the permission settings), and each setter keeps
//! its doctest next to the rule it exercises.

use crate::Error;
use crate::proto::chat::v1::space::{
    AccessPermissionSetting, AccessSettings, PermissionSetting, PermissionSettings, SpaceDetails,
    SpacePermissionSettings, SpaceType, principal::PrincipalType,
};
use crate::proto::chat::v1::{HistoryState, Space, UpdateSpaceRequest};

use super::{Mask, Update, check_max_chars, list, mask_paths, missing, name, validated};

const RPC: &str = "UpdateSpace";

const DISPLAY_NAME: &str = "display_name";
const SPACE_TYPE: &str = "space_type";
const SPACE_DETAILS: &str = "space_details";
const SPACE_HISTORY_STATE: &str = "space_history_state";
const AUDIENCE: &str = "access_settings.audience";
const ACCESS_PERMISSION_SETTINGS: &str = "access_settings.access_permission_settings";
const DISCOVER_SPACE_SETTING: &str =
    "access_settings.access_permission_settings.discover_space_setting";
const JOIN_SPACE_SETTING: &str = "access_settings.access_permission_settings.join_space_setting";
const PERMISSION_SETTINGS: &str = "permission_settings";

/// An `UpdateSpace` request under construction: each setter writes a field of the
/// [`Space`] and adds its path to the update mask.
///
/// [`into_request`](Update::into_request) checks the rules that `UpdateSpaceRequest`
/// documents:
///
/// - the mask is not empty, and the name has the shape `spaces/{space}`;
/// - `space_history_state`, `access_settings.audience`, the
///   `access_settings.access_permission_settings.*` paths and the `permission_settings.*`
///   paths each cannot be combined with paths outside their own group;
/// - `space_type` can only be set to `SPACE` (from `GROUP_CHAT`), and needs `display_name`
///   in the same mask with a non-empty value;
/// - `space_type`, `space_history_state` and `access_settings.*` are not supported with
///   `use_admin_access`;
/// - `display_name` has at most 128 characters, `space_details` a description of at most 150
///   and guidelines of at most 5,000; the history state is not `HISTORY_STATE_UNSPECIFIED`;
/// - audiences have the shape `audiences/{audience}`, and when both access permission
///   settings are in the mask, every principal allowed to join may also discover the space;
/// - predefined permission settings are for `CreateSpace` only.
///
/// ```
/// use google_chat_grpc::update::{SpaceUpdate, Update};
///
/// let request = SpaceUpdate::new("spaces/AAAA")
///     .set_space_details("Release coordination", "Post one thread per release")
///     .into_request()?;
/// assert_eq!(request.space.as_ref().unwrap().name, "spaces/AAAA");
/// assert_eq!(request.update_mask.unwrap().paths, ["space_details"]);
/// // Then: client.send(request).await?
/// # Ok::<(), google_chat_grpc::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[must_use = "an update does nothing until it is turned into a request and sent"]
pub struct SpaceUpdate {
    space: Space,
    // Kept apart from `space` until the end: it is one arm of a oneof.
    permission_settings: Option<PermissionSettings>,
    mask: Mask,
    use_admin_access: bool,
}

macro_rules! permission_setters {
    ($($setter:ident => $field:ident, $what:literal;)*) => {$(
        #[doc = concat!("Sets who may ", $what, " (path `permission_settings.", stringify!($field), "`).")]
        ///
        /// Permission settings can only be updated together with other `permission_settings`
        /// paths; the setting replaces the space's current one.
        ///
        /// ```
        /// use google_chat_grpc::proto::chat::v1::space::PermissionSetting;
        /// use google_chat_grpc::update::{SpaceUpdate, Update};
        ///
        /// let managers_only = PermissionSetting { managers_allowed: true, ..Default::default() };
        /// let request = SpaceUpdate::new("spaces/AAAA")
        #[doc = concat!("    .", stringify!($setter), "(managers_only)")]
        ///     .into_request()?;
        /// assert_eq!(
        ///     request.update_mask.unwrap().paths,
        #[doc = concat!("    [\"permission_settings.", stringify!($field), "\"],")]
        /// );
        /// # Ok::<(), google_chat_grpc::Error>(())
        /// ```
        pub fn $setter(mut self, setting: PermissionSetting) -> Self {
            self.permission_settings_mut().$field = Some(setting);
            self.mask.add(concat!("permission_settings.", stringify!($field)));
            self
        }
    )*};
}

impl SpaceUpdate {
    /// Starts an update of the space `name` (`spaces/{space}`), with an empty mask.
    ///
    /// The name is checked by [`into_request`](Update::into_request), not here.
    ///
    /// ```
    /// use google_chat_grpc::update::SpaceUpdate;
    ///
    /// let update = SpaceUpdate::new("spaces/AAAA").set_display_name("Team room");
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            space: Space {
                name: name.into(),
                ..Default::default()
            },
            permission_settings: None,
            mask: Mask::default(),
            use_admin_access: false,
        }
    }

    /// Sets the display name (path `display_name`), at most 128 characters.
    ///
    /// Only spaces of type `SPACE` have a display name that can change; to turn a group chat
    /// into a named space, see [`convert_to_space`](Self::convert_to_space).
    ///
    /// ```
    /// use google_chat_grpc::update::{SpaceUpdate, Update};
    ///
    /// let request = SpaceUpdate::new("spaces/AAAA").set_display_name("Team room").into_request()?;
    /// assert_eq!(request.space.unwrap().display_name, "Team room");
    /// # Ok::<(), google_chat_grpc::Error>(())
    /// ```
    pub fn set_display_name(mut self, display_name: impl Into<String>) -> Self {
        self.space.display_name = display_name.into();
        self.mask.add(DISPLAY_NAME);
        self
    }

    /// Sets the space type (path `space_type`).
    ///
    /// The only change the API supports is `GROUP_CHAT` to `SPACE`, and it needs a non-empty
    /// `display_name` in the same request; [`convert_to_space`](Self::convert_to_space) does
    /// both. Any other type fails in [`into_request`](Update::into_request).
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::space::SpaceType;
    /// use google_chat_grpc::update::{SpaceUpdate, Update};
    ///
    /// let request = SpaceUpdate::new("spaces/AAAA")
    ///     .set_space_type(SpaceType::Space)
    ///     .set_display_name("Launch team")
    ///     .into_request()?;
    /// assert_eq!(request.update_mask.unwrap().paths, ["space_type", "display_name"]);
    /// # Ok::<(), google_chat_grpc::Error>(())
    /// ```
    pub fn set_space_type(mut self, space_type: SpaceType) -> Self {
        self.space.space_type = space_type as i32;
        self.mask.add(SPACE_TYPE);
        self
    }

    /// Turns a group chat into a named space called `display_name`: sets `space_type` to
    /// `SPACE` and the display name (paths `space_type` and `display_name`).
    ///
    /// ```
    /// use google_chat_grpc::update::{SpaceUpdate, Update};
    ///
    /// let request = SpaceUpdate::new("spaces/AAAA").convert_to_space("Launch team").into_request()?;
    /// assert_eq!(request.update_mask.unwrap().paths, ["space_type", "display_name"]);
    /// # Ok::<(), google_chat_grpc::Error>(())
    /// ```
    pub fn convert_to_space(self, display_name: impl Into<String>) -> Self {
        self.set_space_type(SpaceType::Space)
            .set_display_name(display_name)
    }

    /// Sets the description (at most 150 characters) and the guidelines (at most 5,000)
    /// (path `space_details`).
    ///
    /// The API replaces both: to change one, pass the current value of the other.
    ///
    /// ```
    /// use google_chat_grpc::update::{SpaceUpdate, Update};
    ///
    /// let request = SpaceUpdate::new("spaces/AAAA")
    ///     .set_space_details("Where releases are coordinated", "One thread per release")
    ///     .into_request()?;
    /// let details = request.space.unwrap().space_details.unwrap();
    /// assert_eq!(details.guidelines, "One thread per release");
    /// # Ok::<(), google_chat_grpc::Error>(())
    /// ```
    pub fn set_space_details(
        mut self,
        description: impl Into<String>,
        guidelines: impl Into<String>,
    ) -> Self {
        self.space.space_details = Some(SpaceDetails {
            description: description.into(),
            guidelines: guidelines.into(),
        });
        self.mask.add(SPACE_DETAILS);
        self
    }

    /// Turns history on or off (path `space_history_state`).
    ///
    /// Must be the only path of its request, and is not supported with admin access.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::HistoryState;
    /// use google_chat_grpc::update::{SpaceUpdate, Update};
    ///
    /// let request = SpaceUpdate::new("spaces/AAAA")
    ///     .set_space_history_state(HistoryState::HistoryOn)
    ///     .into_request()?;
    /// assert_eq!(request.update_mask.unwrap().paths, ["space_history_state"]);
    /// # Ok::<(), google_chat_grpc::Error>(())
    /// ```
    pub fn set_space_history_state(mut self, state: HistoryState) -> Self {
        self.space.space_history_state = state as i32;
        self.mask.add(SPACE_HISTORY_STATE);
        self
    }

    /// Sets the target audience that can discover and join the space (path
    /// `access_settings.audience`), e.g. `audiences/default` for the whole organization.
    ///
    /// Must be the only path of its request, and is not supported with admin access.
    /// An empty string removes the audience; so does [`clear_audience`](Self::clear_audience).
    ///
    /// ```
    /// use google_chat_grpc::update::{SpaceUpdate, Update};
    ///
    /// let request = SpaceUpdate::new("spaces/AAAA").set_audience("audiences/default").into_request()?;
    /// assert_eq!(request.update_mask.unwrap().paths, ["access_settings.audience"]);
    /// # Ok::<(), google_chat_grpc::Error>(())
    /// ```
    pub fn set_audience(mut self, audience: impl Into<String>) -> Self {
        self.access_settings_mut().audience = audience.into();
        self.mask.add(AUDIENCE);
        self
    }

    /// Removes the target audience, so only invited members can find the space (path
    /// `access_settings.audience` with no value).
    ///
    /// ```
    /// use google_chat_grpc::update::{SpaceUpdate, Update};
    ///
    /// let request = SpaceUpdate::new("spaces/AAAA").clear_audience().into_request()?;
    /// assert_eq!(request.space.unwrap().access_settings.unwrap().audience, "");
    /// # Ok::<(), google_chat_grpc::Error>(())
    /// ```
    pub fn clear_audience(self) -> Self {
        self.set_audience(String::new())
    }

    /// Sets who may discover the space (path
    /// `access_settings.access_permission_settings.discover_space_setting`).
    ///
    /// Can be combined only with [`set_join_space_setting`](Self::set_join_space_setting);
    /// not supported with admin access.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::Audience;
    /// use google_chat_grpc::proto::chat::v1::space::{AccessPermissionSetting, Principal, principal::PrincipalType};
    /// use google_chat_grpc::update::{SpaceUpdate, Update};
    ///
    /// let everyone = AccessPermissionSetting {
    ///     principals: vec![Principal {
    ///         principal_type: Some(PrincipalType::Audience(Audience { name: "audiences/default".into() })),
    ///     }],
    /// };
    /// let request = SpaceUpdate::new("spaces/AAAA")
    ///     .set_discover_space_setting(everyone.clone())
    ///     .set_join_space_setting(everyone)
    ///     .into_request()?;
    /// assert_eq!(request.update_mask.unwrap().paths.len(), 2);
    /// # Ok::<(), google_chat_grpc::Error>(())
    /// ```
    pub fn set_discover_space_setting(mut self, setting: AccessPermissionSetting) -> Self {
        self.access_settings_mut()
            .access_permission_settings
            .get_or_insert_with(Default::default)
            .discover_space_setting = Some(setting);
        self.mask.add(DISCOVER_SPACE_SETTING);
        self
    }

    /// Sets who may join the space (path
    /// `access_settings.access_permission_settings.join_space_setting`).
    ///
    /// Principals allowed to join must also be allowed to discover the space; when both
    /// settings are in the request, [`into_request`](Update::into_request) checks that.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::space::AccessPermissionSetting;
    /// use google_chat_grpc::update::{SpaceUpdate, Update};
    ///
    /// // Nobody beyond invited members may join.
    /// let request = SpaceUpdate::new("spaces/AAAA")
    ///     .set_join_space_setting(AccessPermissionSetting::default())
    ///     .into_request()?;
    /// assert_eq!(
    ///     request.update_mask.unwrap().paths,
    ///     ["access_settings.access_permission_settings.join_space_setting"],
    /// );
    /// # Ok::<(), google_chat_grpc::Error>(())
    /// ```
    pub fn set_join_space_setting(mut self, setting: AccessPermissionSetting) -> Self {
        self.access_settings_mut()
            .access_permission_settings
            .get_or_insert_with(Default::default)
            .join_space_setting = Some(setting);
        self.mask.add(JOIN_SPACE_SETTING);
        self
    }

    permission_setters! {
        set_manage_members_and_groups => manage_members_and_groups, "manage members and groups";
        set_modify_space_details => modify_space_details, "change the name, avatar, description and guidelines";
        set_toggle_history => toggle_history, "turn history on and off";
        set_use_at_mention_all => use_at_mention_all, "use @all";
        set_manage_apps => manage_apps, "manage apps";
        set_manage_webhooks => manage_webhooks, "manage webhooks";
        set_reply_messages => reply_messages, "reply to messages";
    }

    /// Runs the update with the caller's Google Workspace administrator privileges
    /// (`use_admin_access`; needs the `chat.admin.spaces` scope).
    ///
    /// `space_type`, `space_history_state` and the `access_settings` paths are not supported
    /// with admin access.
    ///
    /// ```
    /// use google_chat_grpc::update::{SpaceUpdate, Update};
    ///
    /// let request = SpaceUpdate::new("spaces/AAAA")
    ///     .set_display_name("Renamed by IT")
    ///     .set_use_admin_access(true)
    ///     .into_request()?;
    /// assert!(request.use_admin_access);
    /// # Ok::<(), google_chat_grpc::Error>(())
    /// ```
    pub fn set_use_admin_access(mut self, use_admin_access: bool) -> Self {
        self.use_admin_access = use_admin_access;
        self
    }

    fn access_settings_mut(&mut self) -> &mut AccessSettings {
        self.space
            .access_settings
            .get_or_insert_with(Default::default)
    }

    fn permission_settings_mut(&mut self) -> &mut PermissionSettings {
        self.permission_settings
            .get_or_insert_with(Default::default)
    }
}

impl Update for SpaceUpdate {
    type Request = UpdateSpaceRequest;

    fn into_request(mut self) -> Result<UpdateSpaceRequest, Error> {
        if let Some(settings) = self.permission_settings {
            self.space.space_permission_settings =
                Some(SpacePermissionSettings::PermissionSettings(settings));
        }
        UpdateSpaceRequest {
            space: Some(self.space),
            update_mask: Some(self.mask.into_field_mask()),
            use_admin_access: self.use_admin_access,
        }
        .into_request()
    }
}

/// Checks a hand-built request by the same rules as [`SpaceUpdate`].
///
/// ```
/// use google_chat_grpc::proto::chat::v1::{Space, UpdateSpaceRequest};
/// use google_chat_grpc::update::Update;
///
/// let raw = UpdateSpaceRequest {
///     space: Some(Space { name: "spaces/AAAA".into(), ..Default::default() }),
///     update_mask: None,
///     ..Default::default()
/// };
/// assert!(raw.into_request().is_err()); // empty mask
/// ```
impl Update for UpdateSpaceRequest {
    type Request = Self;

    fn into_request(self) -> Result<Self, Error> {
        validated(self)
    }
}

/// The groups of `UpdateSpace` paths that cannot be mixed with paths of another group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Group {
    /// `display_name`, `space_type`, `space_details` (and paths the protos do not list).
    Details,
    History,
    Audience,
    AccessPermissions,
    Permissions,
}

fn group(path: &str) -> Group {
    if path == SPACE_HISTORY_STATE {
        Group::History
    } else if path == AUDIENCE {
        Group::Audience
    } else if is_under(path, ACCESS_PERMISSION_SETTINGS) {
        Group::AccessPermissions
    } else if is_under(path, PERMISSION_SETTINGS) {
        Group::Permissions
    } else {
        Group::Details
    }
}

/// Whether `path` is `prefix` or a path below it.
fn is_under(path: &str, prefix: &str) -> bool {
    path.strip_prefix(prefix)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
}

pub(super) fn check(req: &UpdateSpaceRequest) -> Result<(), Error> {
    let space = req.space.as_ref().ok_or_else(|| missing(RPC, "space"))?;
    name::check(RPC, "space.name", &space.name, "spaces/{space}")?;
    let paths = mask_paths(RPC, req.update_mask.as_ref())?;
    let has = |p: &str| paths.iter().any(|q| q == p);

    for path in &paths {
        if path == "predefined_permission_settings" {
            return Err(Error::invalid_argument(format!(
                "{RPC}: `predefined_permission_settings` can only be set when creating a space; \
                 to change an existing space's permissions, update `permission_settings.*`"
            )));
        }
        if path == "permission_settings.post_messages" {
            return Err(Error::invalid_argument(format!(
                "{RPC}: `permission_settings.post_messages` is output only and cannot be updated"
            )));
        }
    }

    // Paths of an exclusive group cannot share the mask with paths of any other group.
    if let Some(first) = paths.first() {
        let first_group = group(first);
        if let Some(other) = paths.iter().find(|p| group(p) != first_group) {
            let exclusive = if first_group == Group::Details {
                group(other)
            } else {
                first_group
            };
            let rule = match exclusive {
                Group::History => "`space_history_state` must be the only path in the mask",
                Group::Audience => "`access_settings.audience` must be the only path in the mask",
                Group::AccessPermissions => {
                    "`access_settings.access_permission_settings.*` paths cannot be combined \
                     with other paths"
                }
                Group::Permissions => {
                    "`permission_settings.*` paths cannot be combined with other paths"
                }
                Group::Details => "these paths cannot be combined",
            };
            return Err(Error::invalid_argument(format!(
                "{RPC}: {rule} (got: {})",
                list(&paths)
            )));
        }
    }

    if req.use_admin_access {
        let unsupported: Vec<String> = paths
            .iter()
            .filter(|p| {
                matches!(
                    group(p),
                    Group::History | Group::Audience | Group::AccessPermissions
                ) || p.as_str() == SPACE_TYPE
            })
            .cloned()
            .collect();
        if !unsupported.is_empty() {
            return Err(Error::invalid_argument(format!(
                "{RPC}: {} not supported with `use_admin_access`",
                list(&unsupported)
            )));
        }
    }

    if has(SPACE_TYPE) {
        if space.space_type != SpaceType::Space as i32 {
            let given = SpaceType::try_from(space.space_type)
                .map(|t| t.as_str_name().to_owned())
                .unwrap_or_else(|_| space.space_type.to_string());
            return Err(Error::invalid_argument(format!(
                "{RPC}: `space_type` can only be set to SPACE (turning a GROUP_CHAT into a \
                 named space), got {given}"
            )));
        }
        if !has(DISPLAY_NAME) || space.display_name.trim().is_empty() {
            return Err(Error::invalid_argument(format!(
                "{RPC}: changing `space_type` to SPACE needs `display_name` in the same mask \
                 with a non-empty name (got: {})",
                list(&paths)
            )));
        }
    }

    if has(DISPLAY_NAME) {
        check_max_chars(RPC, "display_name", &space.display_name, 128)?;
    }

    if has(SPACE_DETAILS)
        && let Some(details) = &space.space_details
    {
        check_max_chars(RPC, "space_details.description", &details.description, 150)?;
        check_max_chars(RPC, "space_details.guidelines", &details.guidelines, 5000)?;
    }

    if has(SPACE_HISTORY_STATE) && space.space_history_state == HistoryState::Unspecified as i32 {
        return Err(Error::invalid_argument(format!(
            "{RPC}: `space_history_state` must be HISTORY_ON or HISTORY_OFF, \
             not HISTORY_STATE_UNSPECIFIED"
        )));
    }

    let access = space.access_settings.as_ref();
    if has(AUDIENCE)
        && let Some(audience) = access
            .map(|a| a.audience.as_str())
            .filter(|a| !a.is_empty())
    {
        name::check(
            RPC,
            "space.access_settings.audience",
            audience,
            "audiences/{audience}",
        )?;
    }

    if paths.iter().any(|p| group(p) == Group::AccessPermissions) {
        check_access_permissions(&paths, access)?;
    }

    if paths.iter().any(|p| group(p) == Group::Permissions)
        && matches!(
            space.space_permission_settings,
            Some(SpacePermissionSettings::PredefinedPermissionSettings(_))
        )
    {
        return Err(Error::invalid_argument(format!(
            "{RPC}: the mask updates `permission_settings` but the space carries \
             `predefined_permission_settings`, which is for creating a space only; the two \
             are one oneof and cannot be mixed"
        )));
    }

    Ok(())
}

fn check_access_permissions(
    paths: &[String],
    access: Option<&AccessSettings>,
) -> Result<(), Error> {
    let settings = access.and_then(|a| a.access_permission_settings.as_ref());
    let whole = paths.iter().any(|p| p == ACCESS_PERMISSION_SETTINGS);
    let discover_in_mask = whole || paths.iter().any(|p| p == DISCOVER_SPACE_SETTING);
    let join_in_mask = whole || paths.iter().any(|p| p == JOIN_SPACE_SETTING);
    let discover = settings.and_then(|s| s.discover_space_setting.as_ref());
    let join = settings.and_then(|s| s.join_space_setting.as_ref());

    for (field, setting) in [
        (
            "discover_space_setting",
            discover.filter(|_| discover_in_mask),
        ),
        ("join_space_setting", join.filter(|_| join_in_mask)),
    ] {
        for audience in audiences(setting) {
            name::check(
                RPC,
                &format!("space.access_settings.access_permission_settings.{field} audience"),
                audience,
                "audiences/{audience}",
            )?;
        }
    }

    // Documented: principals allowed to join must also be allowed to discover. Checkable
    // only when the request replaces both settings.
    if discover_in_mask && join_in_mask {
        let discoverers: Vec<&str> = audiences(discover).collect();
        if let Some(outsider) = audiences(join).find(|a| !discoverers.contains(a)) {
            return Err(Error::invalid_argument(format!(
                "{RPC}: {} may join but not discover the space; principals allowed to join \
                 must also be allowed to discover it",
                name::shown(outsider)
            )));
        }
    }
    Ok(())
}

fn audiences(setting: Option<&AccessPermissionSetting>) -> impl Iterator<Item = &str> {
    setting
        .into_iter()
        .flat_map(|s| &s.principals)
        .filter_map(|p| {
            let Some(PrincipalType::Audience(audience)) = &p.principal_type else {
                return None;
            };
            Some(audience.name.as_str())
        })
}
