//! Spaces: `CreateSpace`, `SetUpSpace`, `GetSpace`, `ListSpaces`, `UpdateSpace`,
//! `DeleteSpace`, `CompleteImportSpace`, `FindDirectMessage`, `FindGroupChats`, with the
//! rules of the API reference (`spaces-setup`, `update-space`): per-type requirements on
//! `display_name` and memberships, unique display names, idempotent `request_id`, the
//! update-mask combinations, and who may delete what.

use std::collections::BTreeSet;

use prost_types::Timestamp;
use tonic::Status;

use super::clock::{from_nanos, nanos};
use super::errors::{already_exists, denied, invalid, not_found, precondition, required};
use super::filter::{self, Expr, Op};
use super::identity::Caller;
use super::masks;
use super::paging::{PageRules, paginate};
use super::state::{SpaceRec, State};
use crate::proto::chat::v1::space::{self, SpaceType};
use crate::proto::chat::v1::space_event::Payload;
use crate::proto::chat::v1::{
    CompleteImportSpaceRequest, CompleteImportSpaceResponse, CreateSpaceRequest,
    DeleteSpaceRequest, FindDirectMessageRequest, FindGroupChatsRequest, FindGroupChatsResponse,
    GetSpaceRequest, HistoryState, ListSpacesRequest, ListSpacesResponse, Membership,
    MembershipCreatedEventData, SetUpSpaceRequest, Space, SpaceUpdatedEventData, SpaceView,
    UpdateSpaceRequest, User, membership, user,
};

const LIST_PAGE: PageRules = PageRules {
    default: 100,
    max: 1000,
};
const FIND_GROUP_CHATS_PAGE: PageRules = PageRules {
    default: 10,
    max: 30,
};
/// Besides the caller, at most this many memberships in `SetUpSpace`.
const MAX_SETUP_MEMBERSHIPS: usize = 49;
/// How long a space stays in import mode.
const IMPORT_MODE_DAYS: i128 = 90;

/// A space type from the request; unset is an error on `field`.
fn space_type(space: &Space, field: &str) -> Result<SpaceType, Status> {
    match SpaceType::try_from(space.space_type) {
        Ok(SpaceType::Unspecified) => Err(required(field)),
        Ok(t) => Ok(t),
        Err(_) => Err(invalid(
            field,
            format!("unknown space type {}", space.space_type),
        )),
    }
}

/// Another named space already uses this display name (case-insensitively).
fn display_name_taken(state: &State, name: &str, except: &str) -> bool {
    state.spaces.values().any(|s| {
        s.space.name != except
            && s.space_type() == SpaceType::Space
            && s.space.display_name.eq_ignore_ascii_case(name)
    })
}

/// Builds a new space record from the request's space.
fn new_space(state: &mut State, input: &Space, kind: SpaceType, caller: &Caller) -> SpaceRec {
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
        space_permission_settings: input.space_permission_settings,
    };
    SpaceRec::new(seq, space, caller.name.clone())
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
        role: membership::MembershipRole::RoleMember as i32,
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

/// What a client sees of a stored space.
pub(crate) fn view(rec: &SpaceRec) -> Space {
    let mut s = rec.space.clone();
    if s.membership_count.is_none() {
        let mut r = rec.clone();
        r.recount();
        s.membership_count = r.space.membership_count;
    }
    s
}

/// The space an earlier call with this request ID created, if it still exists.
fn replayed(
    state: &State,
    scope: &str,
    request_id: &str,
    caller: &Caller,
) -> Result<Option<Space>, Status> {
    let name = state.replayed(scope, request_id, caller)?;
    Ok(name
        .and_then(|name| state.spaces.get(name.trim_start_matches("spaces/")))
        .map(view))
}

/// `CreateSpace`.
pub(crate) fn create(
    state: &mut State,
    caller: &Caller,
    req: CreateSpaceRequest,
) -> Result<Space, Status> {
    let input = req.space.ok_or_else(|| required("space"))?;
    if let Some(space) = replayed(state, "CreateSpace", &req.request_id, caller)? {
        return Ok(space);
    }
    let kind = space_type(&input, "space.space_type")?;
    match kind {
        SpaceType::Space => {
            if input.display_name.trim().is_empty() {
                return Err(invalid(
                    "space.display_name",
                    "is required for a space of type SPACE",
                ));
            }
        }
        SpaceType::GroupChat if input.import_mode => {}
        SpaceType::GroupChat => {
            return Err(invalid(
                "space.space_type",
                "GROUP_CHAT can only be created in import mode; use SetUpSpace",
            ));
        }
        _ => {
            return Err(invalid(
                "space.space_type",
                "direct messages are set up with SetUpSpace",
            ));
        }
    }
    if input.display_name.chars().count() > 128 {
        return Err(invalid(
            "space.display_name",
            "supports up to 128 characters",
        ));
    }
    if caller.is_app() {
        if input.import_mode {
            return Err(denied("import mode requires user authentication"));
        }
        if input.customer.as_deref().unwrap_or("").is_empty() {
            return Err(invalid(
                "space.customer",
                "is required with app authentication (for example `customers/my_customer`)",
            ));
        }
    }
    if kind == SpaceType::Space && display_name_taken(state, &input.display_name, "") {
        return Err(already_exists(
            "Space",
            &input.display_name,
            "a space already uses this display name",
        ));
    }
    let rec = new_space(state, &input, kind, caller);
    let space_name = rec.space.name.clone();
    let id = rec.id().to_owned();
    let create_time = rec.space.create_time.unwrap_or_default();
    state.spaces.insert(id.clone(), rec);
    if !input.import_mode {
        // Apps join as plain members; humans who create a space manage it.
        let role = if caller.is_app() {
            membership::MembershipRole::RoleMember
        } else {
            membership::MembershipRole::RoleManager
        };
        let who = if caller.is_app() {
            caller.user()
        } else {
            human(state, &caller.name)
        };
        let m = user_membership(&space_name, who, role, create_time);
        add_members(state, &id, vec![m]);
    }
    state.remember("CreateSpace", &req.request_id, caller, &space_name);
    Ok(view(&state.spaces[&id]))
}

/// The users of `SetUpSpace` memberships, checked.
fn setup_members(
    state: &mut State,
    caller: &Caller,
    kind: SpaceType,
    memberships: &[Membership],
) -> Result<(Vec<User>, Vec<String>), Status> {
    if memberships.len() > MAX_SETUP_MEMBERSHIPS {
        return Err(invalid(
            "memberships",
            format!("at most {MAX_SETUP_MEMBERSHIPS} memberships besides the caller"),
        ));
    }
    let mut users = Vec::new();
    let mut groups = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, m) in memberships.iter().enumerate() {
        let field = format!("memberships[{i}]");
        match &m.member_type {
            Some(membership::MemberType::Member(u)) => {
                let kind_of = user::Type::try_from(u.r#type).unwrap_or(user::Type::Unspecified);
                if kind_of == user::Type::Bot {
                    return Err(invalid(
                        &format!("{field}.member.type"),
                        "Chat apps can't be added with SetUpSpace (use single_user_bot_dm for a DM with the calling app)",
                    ));
                }
                let name = state.resolve_user(&u.name, caller, &format!("{field}.member.name"))?;
                if name == caller.name {
                    return Err(invalid(
                        &format!("{field}.member.name"),
                        "omit the calling user; it joins automatically",
                    ));
                }
                if !seen.insert(name.clone()) {
                    return Err(invalid(
                        &format!("{field}.member.name"),
                        format!("`{name}` is listed twice"),
                    ));
                }
                users.push(human(state, &name));
            }
            Some(membership::MemberType::GroupMember(g)) => {
                if kind != SpaceType::Space {
                    return Err(invalid(
                        &format!("{field}.group_member"),
                        "Google Groups can only be added to spaces of type SPACE",
                    ));
                }
                let ok = g
                    .name
                    .strip_prefix("groups/")
                    .is_some_and(|id| !id.is_empty() && !id.contains('/') && !id.contains('@'));
                if !ok {
                    return Err(invalid(
                        &format!("{field}.group_member.name"),
                        "must be `groups/{group}` with the group's ID (emails are not supported)",
                    ));
                }
                if !seen.insert(g.name.clone()) {
                    return Err(invalid(
                        &format!("{field}.group_member.name"),
                        "listed twice",
                    ));
                }
                groups.push(g.name.clone());
            }
            None => return Err(required(&format!("{field}.member"))),
        }
    }
    Ok((users, groups))
}

/// A direct message between exactly these two members, if one exists.
fn find_dm(state: &State, a: &str, b: &str, bot_dm: bool) -> Option<String> {
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
                .filter_map(super::state::member_user)
                .collect();
            joined.len() == 2 && joined.contains(a) && joined.contains(b)
        })
        .map(|s| s.id().to_owned())
}

/// `SetUpSpace`.
pub(crate) fn set_up(
    state: &mut State,
    caller: &Caller,
    req: SetUpSpaceRequest,
) -> Result<Space, Status> {
    let input = req.space.ok_or_else(|| required("space"))?;
    if let Some(space) = replayed(state, "SetUpSpace", &req.request_id, caller)? {
        return Ok(space);
    }
    let kind = space_type(&input, "space.space_type")?;
    let (users, groups) = setup_members(state, caller, kind, &req.memberships)?;
    match kind {
        SpaceType::Space => {
            if input.display_name.trim().is_empty() {
                return Err(invalid(
                    "space.display_name",
                    "is required for a space of type SPACE",
                ));
            }
            if input.single_user_bot_dm {
                return Err(invalid(
                    "space.single_user_bot_dm",
                    "only applies to DIRECT_MESSAGE",
                ));
            }
            if display_name_taken(state, &input.display_name, "") {
                return Err(already_exists(
                    "Space",
                    &input.display_name,
                    "a space already uses this display name; try a different displayName",
                ));
            }
        }
        SpaceType::GroupChat => {
            if !input.display_name.is_empty() {
                return Err(invalid(
                    "space.display_name",
                    "must not be set for GROUP_CHAT",
                ));
            }
            if users.len() < 2 {
                return Err(invalid(
                    "memberships",
                    "GROUP_CHAT needs at least two memberships besides the caller",
                ));
            }
        }
        SpaceType::DirectMessage => {
            if !input.display_name.is_empty() {
                return Err(invalid(
                    "space.display_name",
                    "must not be set for DIRECT_MESSAGE",
                ));
            }
            if input.space_details.is_some() {
                return Err(invalid(
                    "space.space_details",
                    "must not be set for DIRECT_MESSAGE",
                ));
            }
            if input.single_user_bot_dm {
                if !req.memberships.is_empty() {
                    return Err(invalid(
                        "memberships",
                        "must be empty when single_user_bot_dm is true",
                    ));
                }
            } else if users.len() != 1 {
                return Err(invalid(
                    "memberships",
                    "DIRECT_MESSAGE needs exactly one human membership",
                ));
            }
        }
        SpaceType::Unspecified => return Err(required("space.space_type")),
    }
    // An existing DM is returned, not duplicated.
    if kind == SpaceType::DirectMessage {
        let other = if input.single_user_bot_dm {
            "users/app".to_owned()
        } else {
            users[0].name.clone()
        };
        if let Some(id) = find_dm(state, &caller.name, &other, input.single_user_bot_dm) {
            state.remember(
                "SetUpSpace",
                &req.request_id,
                caller,
                &format!("spaces/{id}"),
            );
            return Ok(view(&state.spaces[&id]));
        }
    }
    let mut input = input;
    input.import_mode = false;
    let rec = new_space(state, &input, kind, caller);
    let space_name = rec.space.name.clone();
    let id = rec.id().to_owned();
    let t = rec.space.create_time.unwrap_or_default();
    state.spaces.insert(id.clone(), rec);
    let caller_role = if kind == SpaceType::Space {
        membership::MembershipRole::RoleManager
    } else {
        membership::MembershipRole::RoleMember
    };
    let mut members = vec![user_membership(
        &space_name,
        human(state, &caller.name),
        caller_role,
        t,
    )];
    for u in users {
        members.push(user_membership(
            &space_name,
            u,
            membership::MembershipRole::RoleMember,
            t,
        ));
    }
    if input.single_user_bot_dm {
        let app = User {
            name: "users/app".into(),
            r#type: user::Type::Bot as i32,
            ..Default::default()
        };
        members.push(user_membership(
            &space_name,
            app,
            membership::MembershipRole::RoleMember,
            t,
        ));
    }
    for g in groups {
        members.push(group_membership(&space_name, g, t));
    }
    add_members(state, &id, members);
    state.remember("SetUpSpace", &req.request_id, caller, &space_name);
    Ok(view(&state.spaces[&id]))
}

/// `GetSpace`.
pub(crate) fn get(
    state: &mut State,
    caller: &Caller,
    req: GetSpaceRequest,
) -> Result<Space, Status> {
    caller.check_admin_access(req.use_admin_access)?;
    let id = State::space_id(&req.name, "name")?;
    Ok(view(state.readable_space(
        id,
        caller,
        req.use_admin_access,
    )?))
}

fn type_filter(text: &str) -> Result<Option<Vec<SpaceType>>, Status> {
    let Some(expr) = filter::parse(text, "filter")? else {
        return Ok(None);
    };
    let mut types = Vec::new();
    for e in filter::disjuncts(&expr) {
        match e {
            Expr::Cmp {
                field,
                op: Op::Eq,
                value,
                ..
            } if field == "space_type" || field == "spaceType" => {
                match SpaceType::from_str_name(value) {
                    Some(SpaceType::Unspecified) | None => {
                        return Err(invalid(
                            "filter",
                            format!("`{value}` is not a valid space type"),
                        ));
                    }
                    Some(t) => types.push(t),
                }
            }
            _ => {
                return Err(invalid(
                    "filter",
                    "only `space_type = \"...\"` comparisons joined with OR are supported",
                ));
            }
        }
    }
    Ok(Some(types))
}

/// `ListSpaces`.
pub(crate) fn list(
    state: &mut State,
    caller: &Caller,
    req: ListSpacesRequest,
) -> Result<ListSpacesResponse, Status> {
    let types = type_filter(&req.filter)?;
    let mut recs: Vec<&SpaceRec> = state
        .spaces
        .values()
        .filter(|s| s.joined(&caller.name).is_some() && !s.space.import_mode)
        .filter(|s| types.as_ref().is_none_or(|t| t.contains(&s.space_type())))
        .collect();
    recs.sort_by_key(|s| s.seq);
    let spaces: Vec<Space> = recs
        .into_iter()
        .map(|s| Space {
            // Not returned by list requests.
            space_permission_settings: None,
            ..view(s)
        })
        .collect();
    let (spaces, next_page_token) = paginate(
        spaces,
        LIST_PAGE,
        req.page_size,
        &req.page_token,
        &["ListSpaces", &req.filter],
    )?;
    Ok(ListSpacesResponse {
        spaces,
        next_page_token,
    })
}

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

/// `UpdateSpace`.
pub(crate) fn update(
    state: &mut State,
    caller: &Caller,
    req: UpdateSpaceRequest,
) -> Result<Space, Status> {
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
    let current = rec.space_type();
    let has = |p: &str| paths.iter().any(|x| x == p);
    let access = paths.iter().any(|p| p.starts_with("access_settings"));
    let permissions = paths.iter().any(|p| p.starts_with("permission_settings"));
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
    let rec = state
        .spaces
        .get_mut(&id)
        .ok_or_else(|| not_found("Space", &input.name))?;
    if (access || permissions) && !req.use_admin_access {
        let allowed = rec.managed_by(caller);
        if !allowed {
            return Err(denied(
                "only space managers (or the app that created the space) can change these settings",
            ));
        }
    }
    if access && rec.space.import_mode {
        return Err(precondition(
            &input.name,
            "access settings can't change while the space is in import mode",
        ));
    }
    let s = &mut rec.space;
    if has("space_type") {
        s.space_type = new_type as i32;
        s.r#type = space::Type::Room as i32;
    }
    if has("display_name") {
        s.display_name.clone_from(&input.display_name);
    }
    if has("space_details") {
        s.space_details.clone_from(&input.space_details);
    }
    if has("space_history_state") {
        let h =
            HistoryState::try_from(input.space_history_state).unwrap_or(HistoryState::Unspecified);
        if h == HistoryState::Unspecified {
            return Err(invalid(
                "space.space_history_state",
                "must be HISTORY_ON or HISTORY_OFF",
            ));
        }
        s.space_history_state = h as i32;
    }
    if access {
        let given = input.access_settings.clone().unwrap_or_default();
        let a = s.access_settings.get_or_insert_with(Default::default);
        if paths.iter().any(|p| p == "access_settings.audience") {
            a.audience = given.audience.clone();
            a.access_state = if a.audience.is_empty() {
                space::access_settings::AccessState::Private as i32
            } else {
                space::access_settings::AccessState::Discoverable as i32
            };
        }
        if paths
            .iter()
            .any(|p| p.starts_with("access_settings.access_permission_settings"))
        {
            a.access_permission_settings = given.access_permission_settings;
        }
    }
    if permissions {
        let given = match &input.space_permission_settings {
            Some(space::SpacePermissionSettings::PermissionSettings(p)) => *p,
            _ => Default::default(),
        };
        let mut current = match &s.space_permission_settings {
            Some(space::SpacePermissionSettings::PermissionSettings(p)) => *p,
            _ => Default::default(),
        };
        for p in &paths {
            match p
                .trim_start_matches("permission_settings")
                .trim_start_matches('.')
            {
                "" => current = given,
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
    let updated = view(rec);
    state.record(
        &id,
        Payload::SpaceUpdatedEventData(SpaceUpdatedEventData {
            space: Some(updated.clone()),
        }),
    );
    Ok(updated)
}

/// `DeleteSpace`.
pub(crate) fn delete(
    state: &mut State,
    caller: &Caller,
    req: DeleteSpaceRequest,
) -> Result<(), Status> {
    let id = State::space_id(&req.name, "name")?;
    caller.check_admin_access(req.use_admin_access)?;
    let rec = state.readable_space(id, caller, req.use_admin_access)?;
    let allowed = req.use_admin_access
        || (rec.space.import_mode && rec.creator == caller.name)
        || rec.managed_by(caller);
    if !allowed {
        return Err(denied(if caller.is_app() {
            "a Chat app can only delete spaces it created"
        } else {
            "only space managers can delete a space"
        }));
    }
    state.spaces.remove(id);
    Ok(())
}

/// `CompleteImportSpace`.
pub(crate) fn complete_import(
    state: &mut State,
    caller: &Caller,
    req: CompleteImportSpaceRequest,
) -> Result<CompleteImportSpaceResponse, Status> {
    let id = State::space_id(&req.name, "name")?.to_owned();
    let rec = state
        .spaces
        .get(&id)
        .ok_or_else(|| not_found("Space", &req.name))?;
    if !rec.space.import_mode {
        return Err(precondition(&req.name, "the space is not in import mode"));
    }
    if rec.creator != caller.name {
        return Err(denied(
            "only the user who created the space in import mode can complete the import",
        ));
    }
    let now = state.clock.now();
    let rec = state
        .spaces
        .get_mut(&id)
        .ok_or_else(|| not_found("Space", &req.name))?;
    rec.space.import_mode = false;
    rec.space.import_mode_expire_time = None;
    let space_name = rec.space.name.clone();
    let role = if rec.space_type() == SpaceType::Space {
        membership::MembershipRole::RoleManager
    } else {
        membership::MembershipRole::RoleMember
    };
    if rec.joined(&caller.name).is_none() {
        let m = user_membership(&space_name, human(state, &caller.name), role, now);
        add_members(state, &id, vec![m]);
    }
    Ok(CompleteImportSpaceResponse {
        space: Some(view(&state.spaces[&id])),
    })
}

/// `FindDirectMessage`.
pub(crate) fn find_direct_message(
    state: &mut State,
    caller: &Caller,
    req: FindDirectMessageRequest,
) -> Result<Space, Status> {
    if caller.is_app() && req.name.contains('@') {
        return Err(invalid(
            "name",
            "emails are accepted as aliases only with user authentication",
        ));
    }
    let other = state.resolve_user(&req.name, caller, "name")?;
    let id = find_dm(state, &caller.name, &other, caller.is_app())
        .ok_or_else(|| not_found("Space", &format!("direct message with {other}")))?;
    Ok(view(&state.spaces[&id]))
}

/// `FindGroupChats`.
pub(crate) fn find_group_chats(
    state: &mut State,
    caller: &Caller,
    req: FindGroupChatsRequest,
) -> Result<FindGroupChatsResponse, Status> {
    if req.users.len() > 49 {
        return Err(invalid("users", "at most 49 users"));
    }
    let mut wanted = BTreeSet::new();
    wanted.insert(caller.name.clone());
    for (i, u) in req.users.iter().enumerate() {
        wanted.insert(state.resolve_user(u, caller, &format!("users[{i}]"))?);
    }
    let view_kind = SpaceView::try_from(req.space_view).unwrap_or(SpaceView::Unspecified);
    let mut recs: Vec<&SpaceRec> = state
        .spaces
        .values()
        // A space in import mode isn't visible to users until the import completes.
        .filter(|s| s.space_type() == SpaceType::GroupChat && !s.space.import_mode)
        .filter(|s| {
            let humans: BTreeSet<String> =
                s.joined_humans().into_iter().map(str::to_owned).collect();
            humans == wanted
        })
        .collect();
    recs.sort_by_key(|s| s.seq);
    let spaces: Vec<Space> = recs
        .into_iter()
        .map(|s| {
            if view_kind == SpaceView::Expanded {
                view(s)
            } else {
                Space {
                    name: s.space.name.clone(),
                    ..Default::default()
                }
            }
        })
        .collect();
    let users = req.users.join(",");
    let view_s = req.space_view.to_string();
    let (spaces, next_page_token) = paginate(
        spaces,
        FIND_GROUP_CHATS_PAGE,
        req.page_size,
        &req.page_token,
        &["FindGroupChats", &users, &view_s],
    )?;
    Ok(FindGroupChatsResponse {
        spaces,
        next_page_token,
    })
}
