//! Message pins (`CreateMessagePin`, `ListMessagePins`, `DeleteMessagePin`): members pin
//! messages of their space, a message at most once; pins of deleted messages go with them.

use tonic::Status;

use super::errors::{already_exists, invalid, not_found, required};
use super::identity::Caller;
use super::paging::{Key, PageRules};
use super::state::{State, split_child};
use crate::proto::chat::v1::{
    CreateMessagePinRequest, DeleteMessagePinRequest, ListMessagePinsRequest,
    ListMessagePinsResponse, MessagePin,
};

const PAGE: PageRules = PageRules::new(100, 100);

/// `CreateMessagePin`.
pub(crate) fn create(
    state: &mut State,
    caller: &Caller,
    req: CreateMessagePinRequest,
) -> Result<MessagePin, Status> {
    let space = State::space_id(&req.parent, "parent")?.to_owned();
    let input = req.message_pin.ok_or_else(|| required("message_pin"))?;
    if input.message.is_empty() {
        return Err(required("message_pin.message"));
    }
    let (msg_space, i) = state.locate_message(caller, &input.message, "message_pin.message")?;
    if msg_space != space {
        return Err(invalid(
            "message_pin.message",
            "the message is not in the parent space",
        ));
    }
    let rec = state.writable_space(&space, caller, false)?;
    let message = rec.messages[i].message.name.clone();
    if let Some(p) = rec.pins.iter().find(|p| p.message == message) {
        return Err(already_exists(
            "MessagePin",
            &p.name,
            "the message is already pinned",
        ));
    }
    // The pin's ID is the message's ID, as documented.
    let id = message.rsplit('/').next().unwrap_or_default();
    let pin = MessagePin {
        name: format!("{}/messagePins/{id}", rec.space.name),
        message,
    };
    rec.pins.push(pin.clone());
    Ok(pin)
}

/// `ListMessagePins`.
pub(crate) fn list(
    state: &mut State,
    caller: &Caller,
    req: ListMessagePinsRequest,
) -> Result<ListMessagePinsResponse, Status> {
    let space = State::space_id(&req.parent, "parent")?;
    let rec = state.readable_space(space, caller, false)?;
    let (message_pins, next_page_token) = PAGE.page(
        rec.pins
            .iter()
            .map(|p| (Key::new().text(&p.name), p.clone())),
        &req,
        &["ListMessagePins", &req.parent],
    )?;
    Ok(ListMessagePinsResponse {
        message_pins,
        next_page_token,
    })
}

/// `DeleteMessagePin`.
pub(crate) fn delete(
    state: &mut State,
    caller: &Caller,
    req: DeleteMessagePinRequest,
) -> Result<(), Status> {
    let (space, _) = split_child(
        &req.name,
        "messagePins",
        "name",
        "spaces/{space}/messagePins/{messagePin}",
    )?;
    let space = space.to_owned();
    let rec = state.writable_space(&space, caller, false)?;
    let i = rec
        .pins
        .iter()
        .position(|p| p.name == req.name)
        .ok_or_else(|| not_found("MessagePin", &req.name))?;
    rec.pins.remove(i);
    Ok(())
}
