//! Read states (`GetSpaceReadState`, `UpdateSpaceReadState`, `GetThreadReadState`): the
//! caller's own only (`users/me`, their ID or email). A space read state starts at the time
//! the user joined; an update later than the newest message is coerced to that message's
//! `create_time`, as documented.

use tonic::Status;

use super::clock::nanos;
use super::errors::{denied, invalid, not_found, required};
use super::identity::Caller;
use super::masks;
use super::state::{SpaceRec, State};
use crate::proto::chat::v1::{
    GetSpaceReadStateRequest, GetThreadReadStateRequest, SpaceReadState, ThreadReadState,
    UpdateSpaceReadStateRequest,
};

/// `(user, space id, rest)` of `users/{user}/spaces/{space}/{rest}` for the caller.
fn parse(
    state: &mut State,
    caller: &Caller,
    name: &str,
    field: &str,
) -> Result<(String, String, String), Status> {
    let bad = || invalid(field, format!("`{name}` is not a read state name"));
    let rest = name.strip_prefix("users/").ok_or_else(bad)?;
    let (user, rest) = rest.split_once("/spaces/").ok_or_else(bad)?;
    let (space, tail) = rest.split_once('/').ok_or_else(bad)?;
    let user = state.resolve_user(&format!("users/{user}"), caller, field)?;
    if user != caller.name {
        return Err(denied("only the caller's own read state is available"));
    }
    Ok((user, space.to_owned(), tail.to_owned()))
}

fn last_read(rec: &SpaceRec, user: &str) -> Option<prost_types::Timestamp> {
    rec.read_states
        .get(user)
        .copied()
        .or_else(|| rec.joined(user).and_then(|m| m.create_time))
}

/// `GetSpaceReadState`.
pub(crate) fn get_space(
    state: &mut State,
    caller: &Caller,
    req: GetSpaceReadStateRequest,
) -> Result<SpaceReadState, Status> {
    let (user, space, tail) = parse(state, caller, &req.name, "name")?;
    if tail != "spaceReadState" {
        return Err(invalid(
            "name",
            "must be `users/{user}/spaces/{space}/spaceReadState`",
        ));
    }
    let rec = state.readable_space(&space, caller, false)?;
    Ok(SpaceReadState {
        name: format!("{user}/spaces/{space}/spaceReadState"),
        last_read_time: last_read(rec, &user),
    })
}

/// `UpdateSpaceReadState`.
pub(crate) fn update_space(
    state: &mut State,
    caller: &Caller,
    req: UpdateSpaceReadStateRequest,
) -> Result<SpaceReadState, Status> {
    let input = req
        .space_read_state
        .ok_or_else(|| required("space_read_state"))?;
    let (user, space, tail) = parse(state, caller, &input.name, "space_read_state.name")?;
    if tail != "spaceReadState" {
        return Err(invalid(
            "space_read_state.name",
            "must be `users/{user}/spaces/{space}/spaceReadState`",
        ));
    }
    masks::paths(req.update_mask.as_ref(), &["last_read_time"])?;
    let t = input
        .last_read_time
        .ok_or_else(|| required("space_read_state.last_read_time"))?;
    let rec = state.writable_space(&space, caller, false)?;
    let newest = rec
        .messages
        .iter()
        .filter(|m| !m.is_deleted())
        .filter_map(|m| m.message.create_time)
        .max_by_key(nanos);
    let t = match newest {
        Some(n) if nanos(&t) > nanos(&n) => n,
        _ => t,
    };
    rec.read_states.insert(user.clone(), t);
    Ok(SpaceReadState {
        name: format!("{user}/spaces/{space}/spaceReadState"),
        last_read_time: Some(t),
    })
}

/// `GetThreadReadState`.
pub(crate) fn get_thread(
    state: &mut State,
    caller: &Caller,
    req: GetThreadReadStateRequest,
) -> Result<ThreadReadState, Status> {
    let (user, space, tail) = parse(state, caller, &req.name, "name")?;
    let thread = tail
        .strip_prefix("threads/")
        .and_then(|t| t.strip_suffix("/threadReadState"))
        .filter(|t| !t.is_empty() && !t.contains('/'))
        .ok_or_else(|| {
            invalid(
                "name",
                "must be `users/{user}/spaces/{space}/threads/{thread}/threadReadState`",
            )
        })?
        .to_owned();
    let rec = state.readable_space(&space, caller, false)?;
    if !rec.threads.contains_key(&thread) {
        return Err(not_found(
            "Thread",
            &format!("spaces/{space}/threads/{thread}"),
        ));
    }
    Ok(ThreadReadState {
        name: format!("{user}/spaces/{space}/threads/{thread}/threadReadState"),
        last_read_time: last_read(rec, &user),
    })
}
