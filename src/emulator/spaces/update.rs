//! `UpdateSpace`, in two steps: [`check`] applies every rule of the API reference
//! (`update-space`) to the request and the stored space without changing anything, and
//! [`apply`] writes the checked change.

use tonic::Status;

use super::records::{check_lengths, display_name_taken, initial_permissions, view, view_for};
use crate::emulator::errors::{already_exists, denied, invalid, not_found, precondition, required};
use crate::emulator::identity::Caller;
use crate::emulator::masks;
use crate::emulator::state::State;
use crate::proto::chat::v1::space::{self, SpaceType};
use crate::proto::chat::v1::space_event::Payload;
use crate::proto::chat::v1::{HistoryState, Space, SpaceUpdatedEventData, UpdateSpaceRequest};

const UPDATE_PATHS: &[&str] = &[
    "display_name",
    "space_type",
    "space_details",
    "space_history_state",
    "access_settings.audience",
    "access_settings.access_permission_settings",
    "access_settings.access_permission_settings.discover_space_setting",
    "access_settings.access_permission_settings.join_space_setting",
    "permission_settings",
    "permission_settings.manage_members_and_groups",
    "permission_settings.modify_space_details",
    "permission_settings.toggle_history",
    "permission_settings.use_at_mention_all",
    "permission_settings.manage_apps",
    "permission_settings.manage_webhooks",
    "permission_settings.reply_messages",
];

/// An `UpdateSpace` request that passed every rule: which space, the mask's paths (in
/// snake_case), and the values to take from the request's space.
#[derive(Debug)]
pub(super) struct Change {
    id: String,
    paths: Vec<String>,
    input: Space,
    /// The space's type after the change (`space_type` only converts GROUP_CHAT to SPACE).
    new_type: SpaceType,
}

impl Change {
    fn has(&self, path: &str) -> bool {
        self.paths.iter().any(|p| p == path)
    }

    fn access(&self) -> bool {
        self.paths.iter().any(|p| p.starts_with("access_settings"))
    }

    fn permissions(&self) -> bool {
        self.paths
            .iter()
            .any(|p| p.starts_with("permission_settings"))
    }
}

/// `UpdateSpace`.
pub(crate) fn update(
    state: &mut State,
    caller: &Caller,
    req: UpdateSpaceRequest,
) -> Result<Space, Status> {
    let change = check(state, caller, req)?;
    let rec = state
        .spaces
        .get_mut(&change.id)
        .ok_or_else(|| not_found("Space", &change.input.name))?;
    apply(&mut rec.space, &change);
    let updated = view(rec);
    let answer = view_for(rec, caller);
    state.index_display_name(&change.id);
    state.record(
        &change.id,
        Payload::SpaceUpdatedEventData(SpaceUpdatedEventData {
            space: Some(updated),
        }),
    );
    Ok(answer)
}

/// The rules, in the order the errors are reported: the mask, admin access, the caller's
/// access to the space, which paths combine, the values, then who may change settings.
pub(super) fn check(
    state: &State,
    caller: &Caller,
    req: UpdateSpaceRequest,
) -> Result<Change, Status> {
    let input = req.space.ok_or_else(|| required("space"))?;
    let id = State::space_id(&input.name, "space.name")?.to_owned();
    let paths = masks::paths(req.update_mask.as_ref(), UPDATE_PATHS)?;
    if paths.iter().any(|p| p == "*") {
        return Err(invalid(
            "update_mask",
            "`*` is not supported; name the fields to update",
        ));
    }
    caller.check_admin_access(req.use_admin_access)?;
    let rec = state.readable_space(&id, caller, req.use_admin_access)?;
    caller.check_admin_scopes("UpdateSpace", req.use_admin_access)?;
    let current = rec.space_type();
    let mut change = Change {
        id,
        paths,
        input,
        new_type: current,
    };
    let (paths, input) = (&change.paths, &change.input);
    let has = |p: &str| paths.iter().any(|x| x == p);
    let (access, permissions) = (change.access(), change.permissions());
    if has("space_history_state") && paths.len() > 1 {
        return Err(invalid(
            "update_mask",
            "`space_history_state` must be the only path",
        ));
    }
    if access && paths.iter().any(|p| !p.starts_with("access_settings")) {
        return Err(invalid(
            "update_mask",
            "`access_settings` paths can't be combined with other paths",
        ));
    }
    if permissions && paths.iter().any(|p| !p.starts_with("permission_settings")) {
        return Err(invalid(
            "update_mask",
            "`permission_settings` paths can't be combined with other paths",
        ));
    }
    if req.use_admin_access && (has("space_type") || has("space_history_state") || access) {
        return Err(invalid(
            "update_mask",
            "this path is not supported with use_admin_access",
        ));
    }
    if caller.is_app() && has("access_settings.audience") {
        // "Updating the `space.access_settings.audience` is not supported for app
        // authentication" (chat_service.proto, UpdateSpace); refused like the other things
        // only user authentication may do.
        return Err(denied(
            "`access_settings.audience` can only be updated with user authentication",
        ));
    }
    let mut new_type = current;
    if has("space_type") {
        let wanted = SpaceType::try_from(input.space_type).unwrap_or(SpaceType::Unspecified);
        match (current, wanted) {
            (SpaceType::Space, SpaceType::Space) => {}
            (SpaceType::GroupChat, SpaceType::Space) => {
                if !has("display_name") || input.display_name.trim().is_empty() {
                    return Err(invalid(
                        "update_mask",
                        "changing GROUP_CHAT to SPACE needs `display_name` in the mask and a non-empty display name",
                    ));
                }
                new_type = SpaceType::Space;
            }
            _ => {
                return Err(invalid(
                    "space.space_type",
                    "the only supported change is from GROUP_CHAT to SPACE",
                ));
            }
        }
    }
    if has("display_name") {
        if new_type != SpaceType::Space {
            return Err(invalid(
                "space.display_name",
                "can only be updated for spaces of type SPACE (include `space_type` to convert a GROUP_CHAT)",
            ));
        }
        if input.display_name.trim().is_empty() {
            return Err(invalid("space.display_name", "must not be empty"));
        }
        if display_name_taken(state, &input.display_name, &input.name) {
            return Err(already_exists(
                "Space",
                &input.display_name,
                "a space already uses this display name",
            ));
        }
    }
    check_lengths(input, has("display_name"), has("space_details"))?;
    if has("space_details") && current == SpaceType::DirectMessage {
        return Err(invalid(
            "update_mask",
            "`space_details` can't be set on a direct message",
        ));
    }
    if (access || permissions) && current != SpaceType::Space {
        return Err(invalid(
            "update_mask",
            "access and permission settings apply to spaces of type SPACE",
        ));
    }
    if (access || permissions) && !req.use_admin_access && !rec.managed_by(caller) {
        return Err(denied(
            "only space managers (or the app that created the space) can change these settings",
        ));
    }
    if access && rec.space.import_mode {
        return Err(precondition(
            &input.name,
            "access settings can't change while the space is in import mode",
        ));
    }
    // The only path in its mask (checked above), so no other rule comes after this one.
    if has("space_history_state")
        && HistoryState::try_from(input.space_history_state).unwrap_or(HistoryState::Unspecified)
            == HistoryState::Unspecified
    {
        return Err(invalid(
            "space.space_history_state",
            "must be HISTORY_ON or HISTORY_OFF",
        ));
    }
    change.new_type = new_type;
    Ok(change)
}

/// Writes a checked change to the stored space.
pub(super) fn apply(s: &mut Space, change: &Change) {
    let input = &change.input;
    if change.has("space_type") {
        s.space_type = change.new_type as i32;
        s.r#type = space::Type::Room as i32;
        // A group chat turned SPACE gets what every SPACE has: access and permission settings.
        if change.new_type == SpaceType::Space {
            s.access_settings
                .get_or_insert_with(|| space::AccessSettings {
                    access_state: space::access_settings::AccessState::Private as i32,
                    ..Default::default()
                });
            s.space_permission_settings
                .get_or_insert_with(|| initial_permissions(None));
        }
    }
    if change.has("display_name") {
        s.display_name.clone_from(&input.display_name);
    }
    if change.has("space_details") {
        s.space_details.clone_from(&input.space_details);
    }
    if change.has("space_history_state") {
        s.space_history_state = input.space_history_state;
    }
    if change.access() {
        let given = input.access_settings.clone().unwrap_or_default();
        let a = s.access_settings.get_or_insert_with(Default::default);
        if change.has("access_settings.audience") {
            a.audience = given.audience.clone();
            a.access_state = if a.audience.is_empty() {
                space::access_settings::AccessState::Private as i32
            } else {
                space::access_settings::AccessState::Discoverable as i32
            };
        }
        if change
            .paths
            .iter()
            .any(|p| p.starts_with("access_settings.access_permission_settings"))
        {
            a.access_permission_settings = given.access_permission_settings;
        }
    }
    if change.permissions() {
        let given = match &input.space_permission_settings {
            Some(space::SpacePermissionSettings::PermissionSettings(p)) => *p,
            _ => Default::default(),
        };
        let mut current = match &s.space_permission_settings {
            Some(space::SpacePermissionSettings::PermissionSettings(p)) => *p,
            _ => Default::default(),
        };
        for p in &change.paths {
            match p
                .trim_start_matches("permission_settings")
                .trim_start_matches('.')
            {
                // `post_messages` is output only: a whole-message update keeps it.
                "" => {
                    current = space::PermissionSettings {
                        post_messages: current.post_messages,
                        ..given
                    }
                }
                "manage_members_and_groups" => {
                    current.manage_members_and_groups = given.manage_members_and_groups
                }
                "modify_space_details" => current.modify_space_details = given.modify_space_details,
                "toggle_history" => current.toggle_history = given.toggle_history,
                "use_at_mention_all" => current.use_at_mention_all = given.use_at_mention_all,
                "manage_apps" => current.manage_apps = given.manage_apps,
                "manage_webhooks" => current.manage_webhooks = given.manage_webhooks,
                "reply_messages" => current.reply_messages = given.reply_messages,
                _ => {}
            }
        }
        s.space_permission_settings =
            Some(space::SpacePermissionSettings::PermissionSettings(current));
    }
}
