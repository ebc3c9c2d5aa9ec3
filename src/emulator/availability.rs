//! Availability (`GetAvailability`, `MarkAsActive`, `MarkAsAway`, `MarkAsDoNotDisturb`,
//! `UpdateAvailability`): only the caller's own (`users/me`, their ID or email). A
//! `MarkAsActive` lapses to `AWAY` when it expires (30 minutes by default); `DO_NOT_DISTURB`
//! lapses to `AWAY` too, and may last at most a year; a custom status has at most 64
//! characters and a Unicode emoji.

use prost_types::{Duration, Timestamp};
use tonic::Status;

use super::clock::{from_nanos, nanos};
use super::errors::{denied, invalid, required};
use super::identity::Caller;
use super::masks;
use super::state::State;
use crate::proto::chat::v1::availability::{State as Avail, StateMetadata};
use crate::proto::chat::v1::{
    Availability, DoNotDisturbMetadata, GetAvailabilityRequest, MarkAsActiveRequest,
    MarkAsAwayRequest, MarkAsDoNotDisturbRequest, UpdateAvailabilityRequest, custom_status, emoji,
    mark_as_active_request, mark_as_do_not_disturb_request,
};

const NANOS_PER_SEC: i128 = 1_000_000_000;
const YEAR: i128 = 366 * 86_400 * NANOS_PER_SEC;

/// The caller's own availability name, from `users/{user}/availability`.
fn own(state: &mut State, caller: &Caller, name: &str, field: &str) -> Result<String, Status> {
    let user = name
        .strip_suffix("/availability")
        .ok_or_else(|| invalid(field, "must be `users/{user}/availability`"))?;
    let user = state.resolve_user(user, caller, field)?;
    if user != caller.name {
        return Err(denied(
            "only the caller's own availability can be read or changed",
        ));
    }
    Ok(user)
}

fn expiry(
    now: &Timestamp,
    at: Option<Timestamp>,
    ttl: Option<Duration>,
    default: i128,
    field: &str,
) -> Result<Timestamp, Status> {
    let n = nanos(now);
    let t = match (at, ttl) {
        (Some(t), _) => nanos(&t),
        (None, Some(d)) => n + i128::from(d.seconds) * NANOS_PER_SEC + i128::from(d.nanos),
        (None, None) => n + default,
    };
    if t <= n {
        return Err(invalid(field, "must be in the future"));
    }
    if t - n > YEAR {
        return Err(invalid(field, "can be at most one year in the future"));
    }
    Ok(from_nanos(t))
}

/// The stored availability, with lapsed states moved on.
pub(crate) fn current(state: &mut State, user: &str) -> Availability {
    let now = nanos(&state.clock.now());
    let a = state
        .availability
        .entry(user.to_owned())
        .or_insert_with(|| Availability {
            name: format!("{user}/availability"),
            state: Avail::Active as i32,
            ..Default::default()
        });
    // Both documented as "marked as Away after expiration".
    if let Some(StateMetadata::DoNotDisturbMetadata(m)) = &a.state_metadata
        && m.expiration_time.as_ref().is_some_and(|t| nanos(t) <= now)
    {
        a.state = Avail::Away as i32;
        a.state_metadata = None;
    }
    if let Some(until) = state.active_until.get(user)
        && nanos(until) <= now
    {
        state.active_until.remove(user);
        if a.state == Avail::Active as i32 {
            a.state = Avail::Away as i32;
        }
    }
    if let Some(cs) = &a.custom_status
        && matches!(&cs.expiration, Some(custom_status::Expiration::ExpireTime(t)) if nanos(t) <= now)
    {
        a.custom_status = None;
    }
    a.clone()
}

/// `GetAvailability`.
pub(crate) fn get(
    state: &mut State,
    caller: &Caller,
    req: GetAvailabilityRequest,
) -> Result<Availability, Status> {
    let user = own(state, caller, &req.name, "name")?;
    Ok(current(state, &user))
}

fn set(state: &mut State, user: &str, s: Avail, meta: Option<StateMetadata>) -> Availability {
    current(state, user);
    state.active_until.remove(user);
    let a = state.availability.entry(user.to_owned()).or_default();
    a.state = s as i32;
    a.state_metadata = meta;
    a.clone()
}

/// `MarkAsActive`.
pub(crate) fn mark_as_active(
    state: &mut State,
    caller: &Caller,
    req: MarkAsActiveRequest,
) -> Result<Availability, Status> {
    let user = own(state, caller, &req.name, "name")?;
    let now = state.clock.now();
    let (at, ttl) = match req.expiration {
        Some(mark_as_active_request::Expiration::ExpireTime(t)) => (Some(t), None),
        Some(mark_as_active_request::Expiration::Ttl(d)) => (None, Some(d)),
        None => (None, None),
    };
    let until = expiry(&now, at, ttl, 30 * 60 * NANOS_PER_SEC, "expiration")?;
    let a = set(state, &user, Avail::Active, None);
    state.active_until.insert(user, until);
    Ok(a)
}

/// `MarkAsAway`.
pub(crate) fn mark_as_away(
    state: &mut State,
    caller: &Caller,
    req: MarkAsAwayRequest,
) -> Result<Availability, Status> {
    let user = own(state, caller, &req.name, "name")?;
    Ok(set(state, &user, Avail::Away, None))
}

/// `MarkAsDoNotDisturb`.
pub(crate) fn mark_as_do_not_disturb(
    state: &mut State,
    caller: &Caller,
    req: MarkAsDoNotDisturbRequest,
) -> Result<Availability, Status> {
    let user = own(state, caller, &req.name, "name")?;
    let now = state.clock.now();
    let (at, ttl) = match req.expiration {
        Some(mark_as_do_not_disturb_request::Expiration::ExpireTime(t)) => (Some(t), None),
        Some(mark_as_do_not_disturb_request::Expiration::Ttl(d)) => (None, Some(d)),
        None => return Err(required("expiration")),
    };
    let until = expiry(&now, at, ttl, 0, "expiration")?;
    let meta = StateMetadata::DoNotDisturbMetadata(DoNotDisturbMetadata {
        expiration_time: Some(until),
    });
    Ok(set(state, &user, Avail::DoNotDisturb, Some(meta)))
}

/// `UpdateAvailability`.
pub(crate) fn update(
    state: &mut State,
    caller: &Caller,
    req: UpdateAvailabilityRequest,
) -> Result<Availability, Status> {
    let input = req.availability.ok_or_else(|| required("availability"))?;
    let user = own(state, caller, &input.name, "availability.name")?;
    masks::paths(req.update_mask.as_ref(), &["custom_status"])?;
    let now = state.clock.now();
    let status = match input.custom_status {
        None => None,
        Some(mut cs) => {
            if cs.text.is_empty() {
                return Err(required("availability.custom_status.text"));
            }
            if cs.text.chars().count() > 64 {
                return Err(invalid(
                    "availability.custom_status.text",
                    "has at most 64 characters",
                ));
            }
            match cs.emoji.as_ref().and_then(|e| e.content.as_ref()) {
                Some(emoji::Content::Unicode(u)) if !u.is_empty() => {}
                Some(emoji::Content::CustomEmoji(_)) => {
                    return Err(invalid(
                        "availability.custom_status.emoji",
                        "only Unicode emojis are supported",
                    ));
                }
                _ => return Err(required("availability.custom_status.emoji")),
            }
            cs.expiration = match cs.expiration {
                Some(custom_status::Expiration::Ttl(d)) => {
                    Some(custom_status::Expiration::ExpireTime(expiry(
                        &now,
                        None,
                        Some(d),
                        0,
                        "availability.custom_status.ttl",
                    )?))
                }
                other => other,
            };
            Some(cs)
        }
    };
    current(state, &user);
    let a = state.availability.entry(user).or_default();
    a.custom_status = status;
    Ok(a.clone())
}
