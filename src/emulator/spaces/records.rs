//! What the space RPCs share: a new space record from a request, the memberships a space
//! starts with, what a client sees of a stored space, and the lookups by display name and
//! by DM members.

use std::collections::BTreeSet;

use prost_types::Timestamp;
use tonic::Status;

use crate::emulator::clock::{from_nanos, nanos};
use crate::emulator::errors::{invalid, required};
use crate::emulator::identity::Caller;
use crate::emulator::paging::Key;
use crate::emulator::state::{SpaceRec, State, member_user};
use crate::proto::chat::v1::space::{self, SpaceType};
use crate::proto::chat::v1::space_event::Payload;
use crate::proto::chat::v1::{
    HistoryState, Membership, MembershipCreatedEventData, Space, User, membership, user,
};

/// How long a space stays in import mode.
const IMPORT_MODE_DAYS: i128 = 90;

/// A space type from the request; unset is an error on `field`.
pub(super) fn space_type(space: &Space, field: &str) -> Result<SpaceType, Status> {
    match SpaceType::try_from(space.space_type) {
        Ok(SpaceType::Unspecified) => Err(required(field)),
        Ok(t) => Ok(t),
        Err(_) => Err(invalid(
            field,
            format!("unknown space type {}", space.space_type),
        )),
    }
}

/// The documented lengths of a space's texts, in characters: `display_name` up to 128,
/// `space_details.description` up to 150 and `space_details.guidelines` up to 5,000.
/// `details` says whether `space_details` is being written (an update may leave it alone).
pub(super) fn check_lengths(input: &Space, name: bool, details: bool) -> Result<(), Status> {
    let over = |text: &str, max: usize| text.chars().count() > max;
    if name && over(&input.display_name, 128) {
        return Err(invalid(
            "space.display_name",
            "supports up to 128 characters",
        ));
    }
    if let Some(d) = input.space_details.as_ref().filter(|_| details) {
        if over(&d.description, 150) {
            return Err(invalid(
                "space.space_details.description",
                "supports up to 150 characters",
            ));
        }
        if over(&d.guidelines, 5000) {
            return Err(invalid(
                "space.space_details.guidelines",
                "supports up to 5,000 characters",
            ));
        }
    }
    Ok(())
}

/// Another named space already uses this display name (case-insensitively).
pub(super) fn display_name_taken(state: &State, name: &str, except: &str) -> bool {
    let Some(ids) = state.display_names.get(&name.to_ascii_lowercase()) else {
        return false;
    };
    ids.iter().filter_map(|id| state.spaces.get(id)).any(|s| {
        s.space.name != except
            && s.space_type() == SpaceType::Space
            && s.space.display_name.eq_ignore_ascii_case(name)
    })
}

/// Builds a new space record from the request's space.
pub(super) fn new_space(
    state: &mut State,
    input: &Space,
    kind: SpaceType,
    caller: &Caller,
) -> SpaceRec {
    let now = state.clock.now();
    let id = state.ids.space();
    let seq = state.next_seq();
    let threaded = kind == SpaceType::Space;
    let space = Space {
        name: format!("spaces/{id}"),
        r#type: if kind == SpaceType::DirectMessage {
            space::Type::Dm as i32
        } else {
            space::Type::Room as i32
        },
        space_type: kind as i32,
        single_user_bot_dm: input.single_user_bot_dm,
        threaded,
        display_name: input.display_name.clone(),
        external_user_allowed: input.external_user_allowed,
        space_threading_state: if threaded {
            space::SpaceThreadingState::ThreadedMessages as i32
        } else {
            space::SpaceThreadingState::UnthreadedMessages as i32
        },
        space_details: input.space_details.clone(),
        space_history_state: match input.space_history_state {
            0 => HistoryState::HistoryOn as i32,
            h => h,
        },
        import_mode: input.import_mode,
        create_time: Some(if input.import_mode {
            input.create_time.unwrap_or(now)
        } else {
            now
        }),
        last_active_time: Some(now),
        admin_installed: false,
        membership_count: None,
        access_settings: (kind == SpaceType::Space).then(|| space::AccessSettings {
            access_state: space::access_settings::AccessState::Private as i32,
            ..input.access_settings.clone().unwrap_or_default()
        }),
        customer: input.customer.clone(),
        space_uri: format!("https://mail.google.com/chat/#chat/space/{id}"),
        import_mode_expire_time: input
            .import_mode
            .then(|| from_nanos(nanos(&now) + IMPORT_MODE_DAYS * 86_400 * 1_000_000_000)),
        space_permission_settings: (kind == SpaceType::Space)
            .then(|| initial_permissions(input.space_permission_settings.as_ref())),
    };
    SpaceRec::new(seq, space, caller.name.clone())
}

/// The permission settings a new named space gets: `predefined_permission_settings` is input
/// only, and the space then lists what it stands for ("Output lists current permission
/// settings"); a collaboration space is the default.
///
/// The reference says only that in an announcement space only managers post; for the other
/// settings the emulator follows Chat's help page on announcement spaces (members read and
/// react, managers do the rest). Assistant managers are allowed what managers are.
pub(super) fn initial_permissions(
    given: Option<&space::SpacePermissionSettings>,
) -> space::SpacePermissionSettings {
    use space::{PermissionSetting, PermissionSettings, PredefinedPermissionSettings};

    if let Some(space::SpacePermissionSettings::PermissionSettings(p)) = given {
        return space::SpacePermissionSettings::PermissionSettings(*p);
    }
    let announcement = matches!(
        given,
        Some(space::SpacePermissionSettings::PredefinedPermissionSettings(p))
            if *p == PredefinedPermissionSettings::AnnouncementSpace as i32
    );
    let setting = Some(PermissionSetting {
        managers_allowed: true,
        assistant_managers_allowed: Some(true),
        members_allowed: !announcement,
    });
    space::SpacePermissionSettings::PermissionSettings(PermissionSettings {
        manage_members_and_groups: setting,
        modify_space_details: setting,
        toggle_history: setting,
        use_at_mention_all: setting,
        manage_apps: setting,
        manage_webhooks: setting,
        post_messages: setting,
        reply_messages: setting,
    })
}

/// Whether `caller` holds the permission `pick` selects in the space's settings. Spaces
/// without settings (direct messages, group chats) and Chat apps are not restricted.
pub(crate) fn permits(
    rec: &SpaceRec,
    caller: &Caller,
    pick: fn(&space::PermissionSettings) -> Option<space::PermissionSetting>,
) -> bool {
    let Some(space::SpacePermissionSettings::PermissionSettings(settings)) =
        &rec.space.space_permission_settings
    else {
        return true;
    };
    let Some(setting) = pick(settings) else {
        return true;
    };
    if caller.is_app() {
        return true;
    }
    match rec.joined(&caller.name).map(|m| m.role) {
        Some(r) if r == membership::MembershipRole::RoleManager as i32 => setting.managers_allowed,
        Some(r) if r == membership::MembershipRole::RoleAssistantManager as i32 => setting
            .assistant_managers_allowed
            .unwrap_or(setting.managers_allowed),
        Some(_) => setting.members_allowed,
        None => false,
    }
}

/// A joined user membership.
pub(crate) fn user_membership(
    space: &str,
    user: User,
    role: membership::MembershipRole,
    time: Timestamp,
) -> Membership {
    let id = user.name.trim_start_matches("users/").to_owned();
    Membership {
        name: format!("{space}/members/{id}"),
        state: membership::MembershipState::Joined as i32,
        role: role as i32,
        create_time: Some(time),
        delete_time: None,
        affiliation: 0,
        member_type: Some(membership::MemberType::Member(user)),
    }
}

/// A joined group membership (`group` is `groups/{group}`).
pub(crate) fn group_membership(space: &str, group: String, time: Timestamp) -> Membership {
    let id = group.trim_start_matches("groups/").to_owned();
    Membership {
        name: format!("{space}/members/{id}"),
        state: membership::MembershipState::Joined as i32,
        // "For Google Groups: they're always assigned this role."
        role: membership::MembershipRole::Unspecified as i32,
        create_time: Some(time),
        member_type: Some(membership::MemberType::GroupMember(
            crate::proto::chat::v1::Group { name: group },
        )),
        ..Default::default()
    }
}

/// A `User` for a human given by name (display name from the directory).
pub(crate) fn human(state: &State, name: &str) -> User {
    User {
        name: name.to_owned(),
        display_name: state
            .directory
            .display_name(name)
            .unwrap_or_default()
            .to_owned(),
        r#type: user::Type::Human as i32,
        ..Default::default()
    }
}

/// Adds memberships to a stored space, recording one created event each.
pub(crate) fn add_members(state: &mut State, space_id: &str, members: Vec<Membership>) {
    let Some(rec) = state.spaces.get_mut(space_id) else {
        return;
    };
    rec.members.extend(members.iter().cloned());
    rec.recount();
    for m in members {
        state.record(
            space_id,
            Payload::MembershipCreatedEventData(MembershipCreatedEventData {
                membership: Some(m),
            }),
        );
    }
}

/// A space's place in lists whose order the docs leave open: creation order (the order
/// seeds and creates happened in; `create_time` can be set by imports), then the name.
pub(crate) fn creation_key(rec: &SpaceRec) -> Key {
    Key::new().asc(i128::from(rec.seq)).text(&rec.space.name)
}

/// What a client sees of a stored space.
pub(crate) fn view(rec: &SpaceRec) -> Space {
    let mut s = rec.space.clone();
    if s.membership_count.is_none() {
        // Counted, not recounted on a clone of the whole space (messages and all): this runs
        // on every read of a space, and per event of a space-events page.
        s.membership_count = Some(rec.membership_count());
    }
    // "Only populated in the output when `spaceType` is `GROUP_CHAT` or `SPACE`."
    if rec.space_type() == SpaceType::DirectMessage {
        s.create_time = None;
    }
    s
}

/// What `caller` sees of a stored space. With app authentication, "`space.access_settings`
/// is only populated when using the `chat.app.spaces` scope", and permission settings "only
/// when using the `chat.app.spaces` scope, and only for spaces the app created"
/// (chat_service.proto, GetSpace): an app with only `chat.bot` sees neither.
pub(crate) fn view_for(rec: &SpaceRec, caller: &Caller) -> Space {
    let mut s = view(rec);
    if caller.is_app() {
        let app_spaces = caller.has_scope(crate::auth::scopes::CHAT_APP_SPACES);
        if !app_spaces {
            s.access_settings = None;
        }
        if !app_spaces || rec.creator != caller.name {
            s.space_permission_settings = None;
        }
    }
    s
}

/// A direct message between exactly these two members, if one exists.
pub(super) fn find_dm(state: &State, a: &str, b: &str, bot_dm: bool) -> Option<String> {
    state
        .spaces
        .values()
        .filter(|s| {
            s.space_type() == SpaceType::DirectMessage && s.space.single_user_bot_dm == bot_dm
        })
        .find(|s| {
            let joined: BTreeSet<&str> = s
                .members
                .iter()
                .filter(|m| m.state == membership::MembershipState::Joined as i32)
                .filter_map(member_user)
                .collect();
            joined.len() == 2 && joined.contains(a) && joined.contains(b)
        })
        .map(|s| s.id().to_owned())
}
