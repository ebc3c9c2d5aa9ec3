//! A space's life: `CreateSpace` and `SetUpSpace` (per-type requirements on `display_name`
//! and memberships, unique display names, idempotent `request_id`), `CompleteImportSpace`,
//! and `DeleteSpace` (who may delete what).

use std::collections::BTreeSet;

use tonic::Status;

use super::records::{
    add_members, check_lengths, display_name_taken, find_dm, group_membership, human, new_space,
    space_type, user_membership, view,
};
use crate::emulator::errors::{already_exists, denied, invalid, not_found, precondition, required};
use crate::emulator::identity::Caller;
use crate::emulator::state::State;
use crate::proto::chat::v1::space::SpaceType;
use crate::proto::chat::v1::{
    CompleteImportSpaceRequest, CompleteImportSpaceResponse, CreateSpaceRequest,
    DeleteSpaceRequest, Membership, SetUpSpaceRequest, Space, User, membership, user,
};

/// Besides the caller, at most this many memberships in `SetUpSpace`.
const MAX_SETUP_MEMBERSHIPS: usize = 49;

/// The space an earlier call with this request ID created, if it still exists. A replay
/// passes the access check of a read: a caller who lost access since gets the read's error,
/// not the space as it is now.
fn replayed(
    state: &State,
    scope: &str,
    request_id: &str,
    caller: &Caller,
) -> Result<Option<Space>, Status> {
    let Some(name) = state.replayed(scope, request_id, caller)? else {
        return Ok(None);
    };
    let id = name.trim_start_matches("spaces/");
    if !state.spaces.contains_key(id) {
        return Ok(None);
    }
    Ok(Some(view(state.readable_space(id, caller, false)?)))
}

/// A space of type SPACE is created with a display name.
fn require_display_name(input: &Space) -> Result<(), Status> {
    if input.display_name.trim().is_empty() {
        return Err(invalid(
            "space.display_name",
            "is required for a space of type SPACE",
        ));
    }
    Ok(())
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
            require_display_name(&input)?;
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
    check_lengths(&input, true, true)?;
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
    state.index_display_name(&id);
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
    check_lengths(&input, true, true)?;
    let (users, groups) = setup_members(state, caller, kind, &req.memberships)?;
    match kind {
        SpaceType::Space => {
            require_display_name(&input)?;
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
    state.index_display_name(&id);
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

/// `DeleteSpace`.
pub(crate) fn delete(
    state: &mut State,
    caller: &Caller,
    req: DeleteSpaceRequest,
) -> Result<(), Status> {
    let id = State::space_id(&req.name, "name")?;
    caller.check_admin_access(req.use_admin_access)?;
    let rec = state.readable_space(id, caller, req.use_admin_access)?;
    caller.check_admin_scopes("DeleteSpace", req.use_admin_access)?;
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
