//! Space events (`GetSpaceEvent`, `ListSpaceEvents`): every mutation records one, with the
//! payload variant that matches its `event_type`. Listing needs a filter naming at least one
//! event type with `event_types:"..."` (OR-ed), and optionally `start_time`/`end_time`.
//!
//! An event is resolved when it is read. Its payload "contains the most recent version of the
//! resource that changed" (chat_service.proto, `GetSpaceEvent`); a deleted message carries
//! "only the `name`, `createTime`, and `deletionMetadata` fields", a deleted membership "only
//! the `name` and `state` fields" (event_payload.proto, `MessageDeletedEventData`,
//! `MembershipDeletedEventData`). An event about a private message is shown only to those who
//! may read the message (chosen: the docs are silent, and the message itself is hidden from
//! the others).

use prost_types::Timestamp;
use tonic::Status;

use super::clock::{from_nanos, nanos, parse_rfc3339};
use super::errors::{invalid, not_found};
use super::filter::{self, Expr, Op};
use super::identity::Caller;
use super::messages::view;
use super::paging::{Key, PageRules};
use super::spaces::view as space_view;
use super::state::{SpaceRec, State, split_child};
use crate::oneof::SpaceEventKind;
use crate::proto::chat::v1::membership::MembershipState;
use crate::proto::chat::v1::space_event::Payload;
use crate::proto::chat::v1::{
    GetSpaceEventRequest, ListSpaceEventsRequest, ListSpaceEventsResponse, Membership,
    MembershipCreatedEventData, MembershipDeletedEventData, MembershipUpdatedEventData, Message,
    MessageCreatedEventData, MessageDeletedEventData, MessageUpdatedEventData, Reaction, Space,
    SpaceEvent, SpaceUpdatedEventData,
};

const PAGE: PageRules = PageRules::new(100, 1000);

/// `GetSpaceEvent`.
pub(crate) fn get(
    state: &mut State,
    caller: &Caller,
    req: GetSpaceEventRequest,
) -> Result<SpaceEvent, Status> {
    let (space, _) = split_child(
        &req.name,
        "spaceEvents",
        "name",
        "spaces/{space}/spaceEvents/{spaceEvent}",
    )?;
    let rec = state.readable_space(space, caller, false)?;
    rec.events
        .iter()
        .find(|e| e.name == req.name)
        .and_then(|e| resolve(rec, caller, &e.event()))
        .ok_or_else(|| not_found("SpaceEvent", &req.name))
}

/// The event as `caller` may see it now (see the module docs); `None` when it is about a
/// message the caller may not see.
fn resolve(rec: &SpaceRec, caller: &Caller, event: &SpaceEvent) -> Option<SpaceEvent> {
    let message_now = |recorded: &Option<Message>| -> Option<Option<Message>> {
        let recorded = recorded.as_ref()?;
        let id = recorded.name.rsplit('/').next().unwrap_or_default();
        let Some(now) = rec.message_idx(id).map(|i| &rec.messages[i]) else {
            return Some(Some(recorded.clone()));
        };
        if !now.visible_to(caller) {
            return None;
        }
        Some(Some(if now.is_deleted() {
            Message {
                name: now.message.name.clone(),
                create_time: now.message.create_time,
                deletion_metadata: now.message.deletion_metadata,
                ..Default::default()
            }
        } else {
            view(now)
        }))
    };
    // "If new members were removed during the requested period, the event payload contains
    // an empty `Membership` resource" (chat_service.proto, ListSpaceEvents).
    let membership_now = |recorded: &Option<Membership>| -> Option<Membership> {
        let recorded = recorded.as_ref()?;
        Some(
            rec.members
                .iter()
                .find(|m| m.name == recorded.name && m.state != MembershipState::NotAMember as i32)
                .cloned()
                .unwrap_or_default(),
        )
    };
    // A reaction is shown with its message: not at all where the message is private to
    // someone else.
    let reaction_visible = |reaction: &Option<Reaction>| {
        let Some(name) = reaction.as_ref().map(|r| r.name.as_str()) else {
            return true;
        };
        let message_id = name
            .split_once("/messages/")
            .and_then(|(_, rest)| rest.split('/').next())
            .unwrap_or_default();
        rec.message_idx(message_id)
            .is_none_or(|i| rec.messages[i].visible_to(caller))
    };
    let payload = match event.payload.as_ref()? {
        Payload::MessageCreatedEventData(d) => {
            Payload::MessageCreatedEventData(MessageCreatedEventData {
                message: message_now(&d.message)?,
            })
        }
        Payload::MessageUpdatedEventData(d) => {
            Payload::MessageUpdatedEventData(MessageUpdatedEventData {
                message: message_now(&d.message)?,
            })
        }
        Payload::MessageDeletedEventData(d) => {
            Payload::MessageDeletedEventData(MessageDeletedEventData {
                message: message_now(&d.message)?,
            })
        }
        Payload::MembershipCreatedEventData(d) => {
            Payload::MembershipCreatedEventData(MembershipCreatedEventData {
                membership: membership_now(&d.membership),
            })
        }
        Payload::MembershipUpdatedEventData(d) => {
            Payload::MembershipUpdatedEventData(MembershipUpdatedEventData {
                membership: membership_now(&d.membership),
            })
        }
        Payload::MembershipDeletedEventData(d) => {
            Payload::MembershipDeletedEventData(MembershipDeletedEventData {
                membership: d.membership.as_ref().map(|m| Membership {
                    name: m.name.clone(),
                    state: MembershipState::NotAMember as i32,
                    ..Default::default()
                }),
            })
        }
        Payload::ReactionCreatedEventData(d) if !reaction_visible(&d.reaction) => return None,
        Payload::ReactionDeletedEventData(d) if !reaction_visible(&d.reaction) => return None,
        // "The `permissionSettings` field is not returned in the Space object of the Space
        // event data" (chat_service.proto, GetSpaceEvent and ListSpaceEvents).
        Payload::SpaceUpdatedEventData(_) => {
            Payload::SpaceUpdatedEventData(SpaceUpdatedEventData {
                space: Some(Space {
                    space_permission_settings: None,
                    ..space_view(rec)
                }),
            })
        }
        other => other.clone(),
    };
    Some(SpaceEvent {
        payload: Some(payload),
        ..event.clone()
    })
}

struct EventFilter {
    types: Vec<SpaceEventKind>,
    start: Option<Timestamp>,
    end: Option<Timestamp>,
}

fn event_types_of(e: &Expr, out: &mut Vec<SpaceEventKind>) -> Result<(), Status> {
    match e {
        Expr::Cmp {
            field,
            op: Op::Has,
            value,
            ..
        } if field == "event_types" || field == "eventTypes" => {
            // Filters name the single-event types; batches are returned with them.
            let kind = SpaceEventKind::from_event_type(value)
                .filter(|k| k.event_type() == value)
                .ok_or_else(|| {
                    invalid(
                        "filter",
                        format!("`{value}` is not a supported event type (omit batch types)"),
                    )
                })?;
            out.push(kind);
            Ok(())
        }
        Expr::Or(items) => items.iter().try_for_each(|i| event_types_of(i, out)),
        _ => Err(invalid(
            "filter",
            "event types are given as `event_types:\"...\"`, several joined with OR",
        )),
    }
}

fn parse_filter(text: &str, now: &Timestamp) -> Result<EventFilter, Status> {
    let expr = filter::parse(text, "filter")?.ok_or_else(|| {
        invalid(
            "filter",
            "is required and must name at least one event type",
        )
    })?;
    let mut f = EventFilter {
        types: Vec::new(),
        start: None,
        end: None,
    };
    let mut saw_types = false;
    for item in filter::conjuncts(expr) {
        match &item {
            Expr::Cmp {
                field,
                op: Op::Eq,
                value,
                ..
            } if matches!(
                field.as_str(),
                "start_time" | "startTime" | "end_time" | "endTime"
            ) =>
            {
                let t = parse_rfc3339(value).ok_or_else(|| {
                    invalid("filter", format!("`{value}` is not an RFC 3339 timestamp"))
                })?;
                let slot = if field.starts_with("start") {
                    &mut f.start
                } else {
                    &mut f.end
                };
                if slot.is_some() {
                    return Err(invalid("filter", format!("`{field}` is given twice")));
                }
                *slot = Some(t);
            }
            other => {
                if saw_types {
                    return Err(invalid("filter", "join event types with OR, not AND"));
                }
                saw_types = true;
                event_types_of(other, &mut f.types)?;
            }
        }
    }
    if f.types.is_empty() {
        return Err(invalid("filter", "must name at least one event type"));
    }
    let oldest = nanos(now) - 28 * 86_400 * 1_000_000_000i128;
    match &f.start {
        Some(start) if nanos(start) < oldest => {
            return Err(invalid("filter", "start_time can be at most 28 days ago"));
        }
        Some(_) => {}
        // "If unspecified, lists space events from the past 28 days."
        None => f.start = Some(from_nanos(oldest)),
    }
    Ok(f)
}

/// `ListSpaceEvents`.
pub(crate) fn list(
    state: &mut State,
    caller: &Caller,
    req: ListSpaceEventsRequest,
) -> Result<ListSpaceEventsResponse, Status> {
    let space = State::space_id(&req.parent, "parent")?;
    let now = state.clock.now();
    let f = parse_filter(&req.filter, &now)?;
    let rec = state.readable_space(space, caller, false)?;
    let events: Vec<(Key, SpaceEvent)> = rec
        .events
        .iter()
        .filter(|e| {
            SpaceEventKind::from_event_type(e.event_type).is_some_and(|k| f.types.contains(&k))
        })
        .filter(|e| {
            let t = nanos(&e.time);
            f.start.as_ref().is_none_or(|s| t > nanos(s))
                && f.end.as_ref().is_none_or(|end| t <= nanos(end))
        })
        .filter_map(|e| resolve(rec, caller, &e.event()))
        .map(|e| {
            let t = e.event_time.as_ref().map(nanos).unwrap_or(0);
            (Key::new().asc(t).text(&e.name), e)
        })
        .collect();
    let (space_events, next_page_token) =
        PAGE.page(events, &req, &["ListSpaceEvents", &req.parent, &req.filter])?;
    Ok(ListSpaceEventsResponse {
        space_events,
        next_page_token,
    })
}
