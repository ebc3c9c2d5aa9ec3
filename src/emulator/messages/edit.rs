//! `UpdateMessage` and `DeleteMessage` (a thread's first message needs `force` while it has
//! replies; deleted messages stay, with `delete_time`).

use tonic::Status;

use super::content::{attachments, check_size, has_content, reference, render_mentions, view};
use crate::emulator::errors::{denied, invalid, not_found, precondition, required};
use crate::emulator::identity::Caller;
use crate::emulator::masks;
use crate::emulator::state::{State, split_child};
use crate::proto::chat::v1::space_event::Payload;
use crate::proto::chat::v1::{
    CreateMessageRequest, DeleteMessageRequest, DeletionMetadata, Message, MessageDeletedEventData,
    MessageUpdatedEventData, UpdateMessageRequest, deletion_metadata, user,
};

const UPDATE_PATHS: &[&str] = &[
    "text",
    "attachment",
    "cards",
    "cards_v2",
    "accessory_widgets",
    "quoted_message_metadata",
];

/// `UpdateMessage`.
pub(crate) fn update(
    state: &mut State,
    caller: &Caller,
    req: UpdateMessageRequest,
) -> Result<Message, Status> {
    let input = req.message.clone().ok_or_else(|| required("message"))?;
    let located = state.locate_message(caller, &input.name, "message.name");
    let (space, i) = match located {
        Ok(found) => found,
        Err(e) if e.code() == tonic::Code::NotFound && req.allow_missing => {
            let (space, id) = split_child(
                &input.name,
                "messages",
                "message.name",
                "spaces/{space}/messages/{message}",
            )?;
            if !id.starts_with("client-") {
                return Err(invalid(
                    "message.name",
                    "allow_missing needs a client-assigned message ID (`client-...`)",
                ));
            }
            let create = CreateMessageRequest {
                parent: format!("spaces/{space}"),
                message_id: id.to_owned(),
                message: Some(Message {
                    name: String::new(),
                    ..input
                }),
                ..Default::default()
            };
            return super::create::create(state, caller, create);
        }
        Err(e) => return Err(e),
    };
    let paths = masks::paths(req.update_mask.as_ref(), UPDATE_PATHS)?;
    let all = paths.iter().any(|p| p == "*");
    let has = |p: &str| all || paths.iter().any(|x| x == p);
    let app_only = ["cards", "cards_v2", "accessory_widgets"];
    if !caller.is_app() && paths.iter().any(|p| app_only.contains(&p.as_str())) {
        return Err(invalid(
            "update_mask",
            "cards, cards_v2 and accessory_widgets need app authentication",
        ));
    }
    let rec = &state.spaces[&space].messages[i];
    if rec.message.sender.as_ref().map(|s| s.name.as_str()) != Some(caller.name.as_str()) {
        return Err(denied("only the message's sender can update it"));
    }
    if has("quoted_message_metadata") && input.quoted_message_metadata.is_some() && !all {
        return Err(invalid(
            "message.quoted_message_metadata",
            "can only be removed",
        ));
    }
    let mut updated = rec.message.clone();
    if has("text") {
        updated.text.clone_from(&input.text);
        render_mentions(&state.directory, &mut updated);
    }
    if has("attachment") {
        let name = updated.name.clone();
        updated.attachment = attachments(state, &space, &name, &input.attachment)?;
    }
    if caller.is_app() {
        if has("cards") {
            updated.cards.clone_from(&input.cards);
        }
        if has("cards_v2") {
            updated.cards_v2.clone_from(&input.cards_v2);
        }
        if has("accessory_widgets") {
            updated
                .accessory_widgets
                .clone_from(&input.accessory_widgets);
        }
    }
    if has("quoted_message_metadata") && input.quoted_message_metadata.is_none() {
        updated.quoted_message_metadata = None;
    }
    if !has_content(&updated) {
        return Err(invalid(
            "message",
            "the update would leave the message empty",
        ));
    }
    check_size(&updated)?;
    updated.last_update_time = Some(state.clock.now());
    let rec = state
        .spaces
        .get_mut(&space)
        .ok_or_else(|| not_found("Space", &space))?;
    rec.messages[i].message = updated;
    let out = view(&rec.messages[i]);
    state.record(
        &space,
        Payload::MessageUpdatedEventData(MessageUpdatedEventData {
            message: Some(reference(&out.name)),
        }),
    );
    Ok(out)
}

/// `DeleteMessage`.
pub(crate) fn delete(
    state: &mut State,
    caller: &Caller,
    req: DeleteMessageRequest,
) -> Result<(), Status> {
    let (space, i) = state.locate_message(caller, &req.name, "name")?;
    let rec = &state.spaces[&space];
    let m = &rec.messages[i];
    let own = m.message.sender.as_ref().map(|s| s.name.as_str()) == Some(caller.name.as_str());
    let deletion_type = if own {
        deletion_metadata::DeletionType::Creator
    } else if !caller.is_app() && rec.is_manager(&caller.name) {
        deletion_metadata::DeletionType::SpaceOwner
    } else if !caller.is_app()
        && m.message.sender.as_ref().map(|s| s.r#type) == Some(user::Type::Bot as i32)
    {
        // "Users can delete messages sent by apps" (deletion_metadata.proto, SPACE_MEMBER).
        deletion_metadata::DeletionType::SpaceMember
    } else {
        return Err(denied(if caller.is_app() {
            "a Chat app can only delete its own messages"
        } else {
            "only the sender or a space manager can delete this message"
        }));
    };
    let root = rec.threads.get(&m.thread_id) == Some(&i);
    let replies: Vec<usize> = if root {
        rec.messages
            .iter()
            .enumerate()
            .filter(|(j, r)| *j != i && r.thread_id == m.thread_id && !r.is_deleted())
            .map(|(j, _)| j)
            .collect()
    } else {
        Vec::new()
    };
    // `force` only matters with user authentication; an app's delete takes the replies along.
    if !replies.is_empty() && !req.force && !caller.is_app() {
        return Err(precondition(
            &req.name,
            "the message has threaded replies; set force to delete them too",
        ));
    }
    let now = state.clock.now();
    let rec = state
        .spaces
        .get_mut(&space)
        .ok_or_else(|| not_found("Space", &space))?;
    let mut deleted = Vec::new();
    for j in std::iter::once(i).chain(replies) {
        let m = &mut rec.messages[j].message;
        m.delete_time = Some(now);
        m.text.clear();
        m.formatted_text.clear();
        m.argument_text.clear();
        m.cards.clear();
        m.cards_v2.clear();
        m.attachment.clear();
        m.annotations.clear();
        m.accessory_widgets.clear();
        m.emoji_reaction_summaries.clear();
        m.deletion_metadata = Some(DeletionMetadata {
            deletion_type: deletion_type as i32,
        });
        rec.messages[j].reactions.clear();
        deleted.push(rec.messages[j].message.name.clone());
    }
    rec.pins.retain(|p| !deleted.contains(&p.message));
    for d in deleted {
        state.record(
            &space,
            Payload::MessageDeletedEventData(MessageDeletedEventData {
                message: Some(reference(&d)),
            }),
        );
    }
    Ok(())
}
