//! Memberships: `CreateMembership`, `GetMembership`, `ListMemberships`, `UpdateMembership`,
//! `DeleteMembership`. The `app` alias names the calling app's own membership; with user
//! authentication a member may be named by email. A Chat app may remove humans (a space
//! manager only in a space it created) and itself, never other apps or groups; the last
//! manager of a space can be neither removed nor demoted; a removed
//! membership is returned with state `NOT_A_MEMBER`.

use tonic::Status;

use super::clock::nanos;
use super::errors::{
    already_exists, denied, insufficient_scopes, invalid, not_found, precondition, required,
};
use super::filter::{self, Expr, Op};
use super::identity::Caller;
use super::masks;
use super::paging::{Key, PageRules};
use super::spaces::{add_members, group_membership, human, user_membership};
use super::state::{SpaceRec, State, split_child};
use crate::proto::chat::v1::membership::{MemberType, MembershipRole, MembershipState};
use crate::proto::chat::v1::space::SpaceType;
use crate::proto::chat::v1::space_event::Payload;
use crate::proto::chat::v1::{
    CreateMembershipRequest, DeleteMembershipRequest, GetMembershipRequest, ListMembershipsRequest,
    ListMembershipsResponse, Membership, MembershipDeletedEventData, MembershipUpdatedEventData,
    UpdateMembershipRequest, User, space, user,
};

const PAGE: PageRules = PageRules::new(100, 1000);

/// The member segment for `{member}` in a membership name: `app` and emails resolved.
fn member_segment(state: &mut State, caller: &Caller, member: &str) -> Result<String, Status> {
    if member == "app" {
        // With user authentication, `app` is the Chat app of the caller's OAuth client, as the
        // "delete a membership" guide uses it: the emulator's default app, `users/app`.
        return Ok(if caller.is_app() {
            caller.member_id().to_owned()
        } else {
            "app".to_owned()
        });
    }
    if member.contains('@') {
        if caller.is_app() {
            return Err(invalid(
                "name",
                "emails are accepted as aliases only with user authentication",
            ));
        }
        return Ok(state.directory.id_of(member));
    }
    Ok(member.to_owned())
}

/// Space ID and resolved member ID of a membership name.
fn parse_name(state: &mut State, caller: &Caller, name: &str) -> Result<(String, String), Status> {
    let (space, member) = split_child(name, "members", "name", "spaces/{space}/members/{member}")?;
    let (space, member) = (space.to_owned(), member.to_owned());
    let member = member_segment(state, caller, &member)?;
    Ok((space, member))
}

fn is_bot(m: &Membership) -> bool {
    matches!(&m.member_type, Some(MemberType::Member(u)) if u.r#type == user::Type::Bot as i32)
}

fn managers(rec: &SpaceRec) -> usize {
    rec.members
        .iter()
        .filter(|m| {
            m.state == MembershipState::Joined as i32
                && m.role == MembershipRole::RoleManager as i32
        })
        .count()
}

/// May the caller manage members of this space (add or remove others)?
fn may_manage_members(rec: &SpaceRec, caller: &Caller, admin: bool) -> bool {
    if admin {
        return true;
    }
    if caller.is_app() {
        return rec.joined(&caller.name).is_some();
    }
    // A space in import mode has no members; the importing user adds them.
    if rec.is_manager(&caller.name) || (rec.space.import_mode && rec.creator == caller.name) {
        return true;
    }
    // Collaboration spaces let members manage members unless the settings say otherwise.
    let members_allowed = match &rec.space.space_permission_settings {
        Some(space::SpacePermissionSettings::PermissionSettings(p)) => p
            .manage_members_and_groups
            .as_ref()
            .is_none_or(|s| s.members_allowed),
        _ => true,
    };
    members_allowed && rec.joined(&caller.name).is_some()
}

/// The scope a membership write needs for its member, beyond the method's own (which any
/// of the memberships scopes passes): with user authentication `chat.memberships` for a
/// human or a group and `chat.memberships.app` for the calling app ("when deleting an app
/// membership, requires the `chat.memberships.app` scope", membership.proto; the "remove a
/// user or app" guide asks for the one or the other); `chat.import` in an import-mode space
/// and `chat.admin.memberships` with admin access stand for `chat.memberships`. With app
/// authentication, `chat.app.memberships`.
fn check_member_scope(
    method: &str,
    caller: &Caller,
    rec: &SpaceRec,
    app_member: bool,
    admin: bool,
) -> Result<(), Status> {
    use crate::auth::scopes::{
        CHAT_ADMIN_MEMBERSHIPS, CHAT_APP_MEMBERSHIPS, CHAT_IMPORT, CHAT_MEMBERSHIPS,
        CHAT_MEMBERSHIPS_APP,
    };
    let granted = if caller.is_app() {
        caller.has_scope(CHAT_APP_MEMBERSHIPS)
    } else if app_member {
        caller.has_scope(CHAT_MEMBERSHIPS_APP)
    } else {
        caller.has_scope(CHAT_MEMBERSHIPS)
            || (admin && caller.has_scope(CHAT_ADMIN_MEMBERSHIPS))
            || (rec.space.import_mode && caller.has_scope(CHAT_IMPORT))
    };
    if granted {
        Ok(())
    } else {
        Err(insufficient_scopes(method))
    }
}

/// `CreateMembership`.
pub(crate) fn create(
    state: &mut State,
    caller: &Caller,
    req: CreateMembershipRequest,
) -> Result<Membership, Status> {
    let space_id = State::space_id(&req.parent, "parent")?.to_owned();
    let input = req.membership.ok_or_else(|| required("membership"))?;
    caller.check_admin_access(req.use_admin_access)?;
    let rec = state.readable_space(&space_id, caller, req.use_admin_access)?;
    caller.check_admin_scopes("CreateMembership", req.use_admin_access)?;
    let app_member = matches!(&input.member_type, Some(MemberType::Member(u)) if u.r#type == user::Type::Bot as i32);
    check_member_scope(
        "CreateMembership",
        caller,
        rec,
        app_member,
        req.use_admin_access,
    )?;
    let kind = rec.space_type();
    if kind == SpaceType::DirectMessage {
        return Err(invalid(
            "parent",
            "members can't be added to a direct message",
        ));
    }
    if !may_manage_members(rec, caller, req.use_admin_access) {
        return Err(denied(
            "the space's permission settings don't let members add members",
        ));
    }
    let now = state.clock.now();
    // Import mode keeps historical memberships' times; elsewhere they are output only.
    let (now, left) = if state.spaces[&space_id].space.import_mode {
        (input.create_time.unwrap_or(now), input.delete_time)
    } else {
        (now, None)
    };
    let new = match input.member_type {
        Some(MemberType::Member(u)) => {
            let bot = u.r#type == user::Type::Bot as i32;
            if bot {
                if caller.is_app() {
                    return Err(denied(
                        "Chat apps can only be added with user authentication",
                    ));
                }
                if req.use_admin_access {
                    return Err(admin_refuses_apps("created"));
                }
                if u.name != "users/app" {
                    return Err(invalid(
                        "membership.member.name",
                        "only the calling app (`users/app`) can be added; memberships for other apps aren't supported",
                    ));
                }
                User {
                    name: u.name,
                    r#type: user::Type::Bot as i32,
                    ..Default::default()
                }
            } else {
                if u.r#type != user::Type::Human as i32 {
                    return Err(invalid("membership.member.type", "must be HUMAN or BOT"));
                }
                if caller.is_app() && u.name.contains('@') {
                    return Err(invalid(
                        "membership.member.name",
                        "emails are accepted only with user authentication",
                    ));
                }
                let name = state.resolve_user(&u.name, caller, "membership.member.name")?;
                human(state, &name)
            }
        }
        Some(MemberType::GroupMember(g)) => {
            if caller.is_app() {
                return Err(denied("Google Group memberships need user authentication"));
            }
            if kind != SpaceType::Space {
                return Err(invalid(
                    "membership.group_member",
                    "Google Groups can only join spaces of type SPACE",
                ));
            }
            if !g
                .name
                .strip_prefix("groups/")
                .is_some_and(|id| !id.is_empty() && !id.contains('/') && !id.contains('@'))
            {
                return Err(invalid(
                    "membership.group_member.name",
                    "must be `groups/{group}` with the group's ID",
                ));
            }
            let rec = &state.spaces[&space_id];
            let gid = g.name.trim_start_matches("groups/").to_owned();
            if rec.membership_index(&gid).is_some() {
                return Err(already_exists(
                    "Membership",
                    &format!("{}/members/{gid}", rec.space.name),
                    "the group is already a member",
                ));
            }
            let m = group_membership(&rec.space.name, g.name, now);
            return Ok(insert(state, &space_id, m));
        }
        None => return Err(required("membership.member")),
    };
    let rec = &state.spaces[&space_id];
    let id = new.name.trim_start_matches("users/").to_owned();
    if rec.membership_index(&id).is_some() {
        return Err(already_exists(
            "Membership",
            &format!("{}/members/{id}", rec.space.name),
            "the user is already a member",
        ));
    }
    let mut m = user_membership(
        &rec.space.name.clone(),
        new,
        MembershipRole::RoleMember,
        now,
    );
    if left.is_some() {
        m.delete_time = left;
        m.state = MembershipState::NotAMember as i32;
    }
    Ok(insert(state, &space_id, m))
}

fn insert(state: &mut State, space_id: &str, m: Membership) -> Membership {
    add_members(state, space_id, vec![m.clone()]);
    m
}

/// Space ID and index of the current membership `name`, for a caller who may read it.
fn find(
    state: &mut State,
    caller: &Caller,
    method: &str,
    name: &str,
    admin: bool,
) -> Result<(String, usize), Status> {
    caller.check_admin_access(admin)?;
    let (space, member) = parse_name(state, caller, name)?;
    let rec = state.readable_space(&space, caller, admin)?;
    caller.check_admin_scopes(method, admin)?;
    let i = rec
        .membership_index(&member)
        .ok_or_else(|| not_found("Membership", name))?;
    Ok((space, i))
}

/// `GetMembership`.
pub(crate) fn get(
    state: &mut State,
    caller: &Caller,
    req: GetMembershipRequest,
) -> Result<Membership, Status> {
    let (space, i) = find(
        state,
        caller,
        "GetMembership",
        &req.name,
        req.use_admin_access,
    )?;
    let rec = &state.spaces[&space];
    let m = rec.members[i].clone();
    if req.use_admin_access && is_bot(&m) {
        return Err(admin_refuses_apps("read"));
    }
    Ok(m)
}

/// "Creating / getting / deleting app memberships ... isn't supported using admin access"
/// (membership.proto). The docs name no code; like the other requests admin access doesn't
/// support (UpdateSpace's paths), it is the request that is invalid: `INVALID_ARGUMENT` on
/// `use_admin_access`.
fn admin_refuses_apps(what: &str) -> Status {
    invalid(
        "use_admin_access",
        format!("app memberships can't be {what} with admin access; call without it"),
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Role,
    MemberType,
}

fn check_filter(e: &Expr) -> Result<(), Status> {
    match e {
        Expr::Cmp {
            field, op, value, ..
        } => {
            match (field.as_str(), op) {
                ("role", Op::Eq) => {
                    if !matches!(
                        value.as_str(),
                        "ROLE_MEMBER" | "ROLE_MANAGER" | "ROLE_ASSISTANT_MANAGER"
                    ) {
                        return Err(invalid(
                            "filter",
                            format!("`{value}` is not a membership role"),
                        ));
                    }
                }
                ("member.type", Op::Eq | Op::Ne) => {
                    if !matches!(value.as_str(), "HUMAN" | "BOT") {
                        return Err(invalid("filter", format!("`{value}` is not HUMAN or BOT")));
                    }
                }
                _ => {
                    return Err(invalid(
                        "filter",
                        format!(
                            "`{field}` with this operator is not supported; use `role =` or `member.type =`/`!=`"
                        ),
                    ));
                }
            }
            Ok(())
        }
        Expr::And(items) => {
            let mut seen = Vec::new();
            for i in items {
                check_filter(i)?;
                if let Expr::Cmp { field, .. } = i {
                    let f = if field == "role" {
                        Field::Role
                    } else {
                        Field::MemberType
                    };
                    if seen.contains(&f) {
                        return Err(invalid(
                            "filter",
                            format!("`{field}` can't be ANDed with itself"),
                        ));
                    }
                    seen.push(f);
                }
            }
            Ok(())
        }
        Expr::Or(items) => items.iter().try_for_each(check_filter),
        _ => Err(invalid(
            "filter",
            "only comparisons joined with AND/OR are supported",
        )),
    }
}

fn eval(e: &Expr, m: &Membership) -> bool {
    match e {
        Expr::Cmp {
            field, op, value, ..
        } => {
            let actual = if field == "role" {
                MembershipRole::try_from(m.role)
                    .map(|r| r.as_str_name())
                    .unwrap_or("")
            } else if is_bot(m) {
                "BOT"
            } else {
                "HUMAN"
            };
            (actual == value) == (*op == Op::Eq)
        }
        Expr::And(items) => items.iter().all(|i| eval(i, m)),
        Expr::Or(items) => items.iter().any(|i| eval(i, m)),
        _ => false,
    }
}

/// `ListMemberships`.
pub(crate) fn list(
    state: &mut State,
    caller: &Caller,
    req: ListMembershipsRequest,
) -> Result<ListMembershipsResponse, Status> {
    let space = State::space_id(&req.parent, "parent")?.to_owned();
    let expr = filter::parse(&req.filter, "filter")?;
    if let Some(e) = &expr {
        check_filter(e)?;
    }
    if req.use_admin_access {
        caller.check_admin_access(true)?;
        let human_only = filter::conjuncts(expr.clone().unwrap_or(Expr::And(vec![]))).iter().any(|c| {
            matches!(c, Expr::Cmp { field, op: Op::Eq, value, .. } if field == "member.type" && value == "HUMAN")
                || matches!(c, Expr::Cmp { field, op: Op::Ne, value, .. } if field == "member.type" && value == "BOT")
        });
        if !human_only {
            return Err(invalid(
                "filter",
                "with use_admin_access the filter must include `member.type = \"HUMAN\"` or `member.type != \"BOT\"`",
            ));
        }
    }
    if req.show_invited && caller.is_app() {
        return Err(denied("show_invited requires user authentication"));
    }
    let rec = state.readable_space(&space, caller, req.use_admin_access)?;
    caller.check_admin_scopes("ListMemberships", req.use_admin_access)?;
    let items: Vec<(Key, Membership)> = rec
        .members
        .iter()
        .filter(|m| match MembershipState::try_from(m.state) {
            Ok(MembershipState::Joined) => true,
            Ok(MembershipState::Invited) => req.show_invited,
            _ => false,
        })
        .filter(|m| req.show_groups || !matches!(m.member_type, Some(MemberType::GroupMember(_))))
        // Documented: with app authentication the list leaves out app memberships, the
        // caller's own included.
        .filter(|m| !(caller.is_app() && is_bot(m)))
        .filter(|m| expr.as_ref().is_none_or(|e| eval(e, m)))
        .map(|m| {
            let t = m.create_time.as_ref().map(nanos).unwrap_or(0);
            (Key::new().asc(t).text(&m.name), m.clone())
        })
        .collect();
    let flags = format!(
        "{}{}{}",
        req.show_groups, req.show_invited, req.use_admin_access
    );
    let (memberships, next_page_token) = PAGE.page(
        items,
        &req,
        &["ListMemberships", &req.parent, &req.filter, &flags],
    )?;
    Ok(ListMembershipsResponse {
        memberships,
        next_page_token,
    })
}

/// `UpdateMembership`.
pub(crate) fn update(
    state: &mut State,
    caller: &Caller,
    req: UpdateMembershipRequest,
) -> Result<Membership, Status> {
    let input = req.membership.ok_or_else(|| required("membership"))?;
    masks::paths(req.update_mask.as_ref(), &["role"])?;
    caller.check_admin_access(req.use_admin_access)?;
    let (space, member) = parse_name(state, caller, &input.name)?;
    let rec = state.readable_space(&space, caller, req.use_admin_access)?;
    caller.check_admin_scopes("UpdateMembership", req.use_admin_access)?;
    if rec.space_type() != SpaceType::Space {
        return Err(invalid(
            "membership.name",
            "roles can only change in spaces of type SPACE",
        ));
    }
    let allowed = req.use_admin_access || rec.managed_by(caller);
    if !allowed {
        return Err(denied("only space managers can change roles"));
    }
    let role = match MembershipRole::try_from(input.role) {
        Ok(
            r @ (MembershipRole::RoleMember
            | MembershipRole::RoleManager
            | MembershipRole::RoleAssistantManager),
        ) => r,
        _ => {
            return Err(invalid(
                "membership.role",
                "must be ROLE_MEMBER, ROLE_MANAGER or ROLE_ASSISTANT_MANAGER",
            ));
        }
    };
    let i = rec
        .membership_index(&member)
        .ok_or_else(|| not_found("Membership", &input.name))?;
    let current = &rec.members[i];
    if is_bot(current) || matches!(current.member_type, Some(MemberType::GroupMember(_))) {
        return Err(invalid("membership.role", "only human users have roles"));
    }
    if current.role == MembershipRole::RoleManager as i32
        && role != MembershipRole::RoleManager
        && managers(rec) == 1
    {
        return Err(precondition(
            &input.name,
            "the last space manager can't be demoted; make another member a manager first",
        ));
    }
    let rec = state
        .spaces
        .get_mut(&space)
        .ok_or_else(|| not_found("Space", &space))?;
    rec.members[i].role = role as i32;
    let m = rec.members[i].clone();
    state.record(
        &space,
        Payload::MembershipUpdatedEventData(MembershipUpdatedEventData {
            membership: Some(m.clone()),
        }),
    );
    Ok(m)
}

/// `DeleteMembership`.
pub(crate) fn delete(
    state: &mut State,
    caller: &Caller,
    req: DeleteMembershipRequest,
) -> Result<Membership, Status> {
    let (space, i) = find(
        state,
        caller,
        "DeleteMembership",
        &req.name,
        req.use_admin_access,
    )?;
    let rec = &state.spaces[&space];
    let target = &rec.members[i];
    if req.use_admin_access && is_bot(target) {
        return Err(admin_refuses_apps("deleted"));
    }
    check_member_scope(
        "DeleteMembership",
        caller,
        rec,
        is_bot(target),
        req.use_admin_access,
    )?;
    let own = super::state::member_user(target) == Some(caller.name.as_str());
    // "Chat apps can delete human users' or their own memberships. Chat apps can't delete
    // other apps' memberships" (membership.proto); "to delete memberships for space
    // managers ... the Chat app must be the space creator" (chat_service.proto).
    if caller.is_app() && !own {
        if !matches!(&target.member_type, Some(MemberType::Member(_))) {
            return Err(denied(
                "removing a Google Group from a space needs user authentication",
            ));
        }
        if is_bot(target) {
            return Err(denied(
                "a Chat app can't delete other apps' memberships (its own is `spaces/{space}/members/app`)",
            ));
        }
        if target.role == MembershipRole::RoleManager as i32 && rec.creator != caller.name {
            return Err(denied(
                "a Chat app can delete a space manager's membership only in a space it created",
            ));
        }
    }
    if rec.space_type() == SpaceType::DirectMessage {
        return Err(invalid(
            "name",
            "members can't be removed from a direct message",
        ));
    }
    if !own && !caller.is_app() {
        let bot_removal_ok = is_bot(target) && rec.joined(&caller.name).is_some();
        if !bot_removal_ok && !may_manage_members(rec, caller, req.use_admin_access) {
            return Err(denied("only space managers can remove other members"));
        }
        if !req.use_admin_access
            && !rec.is_manager(&caller.name)
            && rec.space_type() == SpaceType::Space
            && !is_bot(target)
        {
            return Err(denied("only space managers can remove other members"));
        }
    }
    if target.role == MembershipRole::RoleManager as i32 && managers(rec) == 1 {
        return Err(precondition(
            &req.name,
            "the only space manager can't be removed; make another member a space manager first",
        ));
    }
    let now = state.clock.now();
    let rec = state
        .spaces
        .get_mut(&space)
        .ok_or_else(|| not_found("Space", &space))?;
    let mut removed = rec.members.remove(i);
    rec.recount();
    removed.state = MembershipState::NotAMember as i32;
    removed.delete_time = Some(now);
    state.record(
        &space,
        Payload::MembershipDeletedEventData(MembershipDeletedEventData {
            membership: Some(removed.clone()),
        }),
    );
    Ok(removed)
}
