//! `CreateMessage`: threads started or replied to by `thread.thread_key` or `thread.name`
//! with `message_reply_option`, `client-` message IDs, idempotent `request_id`.

use tonic::Status;

use super::content::{attachments, check_size, has_content, reference, render_mentions, view};
use super::quote;
use crate::emulator::errors::{already_exists, denied, invalid, not_found, required};
use crate::emulator::identity::Caller;
use crate::emulator::spaces::permits;
use crate::emulator::state::{MessageRec, SpaceRec, State};
use crate::proto::chat::v1::create_message_notification_options::NotificationType;
use crate::proto::chat::v1::create_message_request::MessageReplyOption;
use crate::proto::chat::v1::space_event::Payload;
use crate::proto::chat::v1::{
    CreateMessageRequest, Message, MessageCreatedEventData, Space, Thread,
};

fn check_client_id(id: &str) -> Result<(), Status> {
    let ok = id.starts_with("client-")
        && id.len() <= 63
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !ok {
        return Err(invalid(
            "message_id",
            "must start with `client-` and have at most 63 lowercase letters, digits and hyphens",
        ));
    }
    Ok(())
}

/// How the new message is threaded: `(thread ID, is reply, thread key to register)`.
fn thread_for(
    rec: &SpaceRec,
    req: &CreateMessageRequest,
    input: &Message,
    space_name: &str,
) -> Result<(Option<String>, Option<String>), Status> {
    let option = MessageReplyOption::try_from(req.message_reply_option)
        .map_err(|_| invalid("message_reply_option", "unknown option"))?;
    if option == MessageReplyOption::Unspecified {
        return Ok((None, None));
    }
    let thread = input.thread.clone().unwrap_or_default();
    let key = if thread.thread_key.is_empty() {
        req.thread_key.clone()
    } else {
        thread.thread_key.clone()
    };
    if !thread.name.is_empty() {
        let id = thread
            .name
            .strip_prefix(&format!("{space_name}/threads/"))
            .filter(|id| !id.is_empty() && !id.contains('/'));
        match id.filter(|id| rec.threads.contains_key(*id)) {
            Some(id) => return Ok((Some(id.to_owned()), None)),
            None if option == MessageReplyOption::ReplyMessageOrFail => {
                return Err(not_found("Thread", &thread.name));
            }
            None => return Ok((None, None)),
        }
    }
    if key.is_empty() {
        if option == MessageReplyOption::ReplyMessageOrFail {
            return Err(invalid(
                "message.thread",
                "REPLY_MESSAGE_OR_FAIL needs thread.name or thread.thread_key",
            ));
        }
        return Ok((None, None));
    }
    if key.chars().count() > 4000 {
        return Err(invalid(
            "message.thread.thread_key",
            "supports up to 4000 characters",
        ));
    }
    match rec.thread_keys.get(&key) {
        Some(id) => Ok((Some(id.clone()), None)),
        None => Ok((None, Some(key))),
    }
}

/// `CreateMessage`.
pub(crate) fn create(
    state: &mut State,
    caller: &Caller,
    mut req: CreateMessageRequest,
) -> Result<Message, Status> {
    let space = State::space_id(&req.parent, "parent")?.to_owned();
    let scope = format!("CreateMessage:{space}");
    if let Some(name) = state.replayed(&scope, &req.request_id, caller)? {
        let rec = state.readable_space(&space, caller, false)?;
        let id = name.rsplit('/').next().unwrap_or_default();
        if let Some(i) = rec.message_idx(id) {
            return Ok(view(&rec.messages[i]));
        }
    }
    let input = req.message.take().ok_or_else(|| required("message"))?;
    let rec = state.readable_space(&space, caller, false)?;
    if !has_content(&input) {
        return Err(invalid(
            "message",
            "needs text, cards, cards_v2, an attachment or accessory widgets",
        ));
    }
    check_size(&input)?;
    if !caller.is_app()
        && (!input.cards.is_empty()
            || !input.cards_v2.is_empty()
            || !input.accessory_widgets.is_empty())
    {
        return Err(invalid(
            "message.cards_v2",
            "cards and accessory widgets need app authentication",
        ));
    }
    if !caller.is_app() && input.private_message_viewer.is_some() {
        return Err(invalid(
            "message.private_message_viewer",
            "private messages need app authentication",
        ));
    }
    if input.private_message_viewer.is_some() && !input.attachment.is_empty() {
        return Err(invalid(
            "message.attachment",
            "a private message can't have attachments",
        ));
    }
    let notification = req
        .create_message_notification_options
        .map(|o| NotificationType::try_from(o.notification_type))
        .transpose()
        .map_err(|_| {
            invalid(
                "create_message_notification_options.notification_type",
                "unknown notification type",
            )
        })?
        .unwrap_or(NotificationType::None);
    if notification != NotificationType::None && !caller.is_app() {
        return Err(invalid(
            "create_message_notification_options.notification_type",
            "FORCE_NOTIFY and SILENT need app authentication",
        ));
    }
    if !req.message_id.is_empty() {
        check_client_id(&req.message_id)?;
        if rec.message_index.contains_key(&req.message_id) {
            return Err(already_exists(
                "Message",
                &format!("{}/messages/{}", rec.space.name, req.message_id),
                "message_id is already used in this space",
            ));
        }
    }
    if input.create_time.is_some() && !rec.space.import_mode {
        // create_time is output only outside import mode; ignore it like the API.
    }
    let space_name = rec.space.name.clone();
    let (existing_thread, new_key) = thread_for(rec, &req, &input, &space_name)?;
    let import_mode = rec.space.import_mode;
    let quoted = input
        .quoted_message_metadata
        .as_ref()
        .map(|q| quote::resolve(state, caller, &space, existing_thread.as_deref(), q))
        .transpose()?;
    // The space's permission settings: in an announcement space only managers post.
    let (allowed, what) = if existing_thread.is_some() {
        (
            permits(rec, caller, |p| p.reply_messages),
            "reply to messages",
        )
    } else {
        (permits(rec, caller, |p| p.post_messages), "post messages")
    };
    if !import_mode && !allowed {
        return Err(denied(format!(
            "the space's permission settings do not let {} {what}",
            caller.name
        )));
    }
    let now = state.clock.now();
    let (thread_id, message_id, reply) = match existing_thread {
        Some(t) => {
            let id = state.ids.reply(&t);
            (t, id, true)
        }
        None => {
            let t = state.ids.thread();
            (t.clone(), format!("{t}.{t}"), false)
        }
    };
    let name = format!("{space_name}/messages/{message_id}");
    let stored_attachments = attachments(state, &space, &name, &input.attachment)?;
    let mut sender = caller.user();
    if let Some(d) = state.directory.display_name(&caller.name) {
        sender.display_name = d.to_owned();
    }
    let create_time = if import_mode {
        input.create_time.unwrap_or(now)
    } else {
        now
    };
    let mut message = Message {
        name: name.clone(),
        sender: Some(sender),
        create_time: Some(create_time),
        last_update_time: None,
        delete_time: None,
        thread: Some(Thread {
            name: format!("{space_name}/threads/{thread_id}"),
            thread_key: new_key.clone().unwrap_or_else(|| {
                input
                    .thread
                    .as_ref()
                    .map(|t| t.thread_key.clone())
                    .unwrap_or_default()
            }),
        }),
        space: Some(Space {
            name: space_name.clone(),
            ..Default::default()
        }),
        thread_reply: reply,
        client_assigned_message_id: req.message_id.clone(),
        attachment: stored_attachments,
        emoji_reaction_summaries: Vec::new(),
        deletion_metadata: None,
        quoted_message_metadata: quoted,
        silent: notification == NotificationType::Silent,
        // Output only (the server fills them in from interactions it doesn't emulate) or,
        // for `action_response`, input only: never stored or echoed.
        slash_command: None,
        matched_url: None,
        attached_gifs: Vec::new(),
        action_response: None,
        ..input
    };
    render_mentions(&state.directory, &mut message);
    let rec = state
        .spaces
        .get_mut(&space)
        .ok_or_else(|| not_found("Space", &req.parent))?;
    let index = rec.messages.len();
    rec.messages.push(MessageRec {
        message: message.clone(),
        reactions: Vec::new(),
        thread_id: thread_id.clone(),
        sender_is_app: caller.is_app(),
    });
    rec.message_index.insert(message_id, index);
    if !req.message_id.is_empty() {
        rec.message_index.insert(req.message_id.clone(), index);
    }
    if !reply {
        rec.threads.insert(thread_id.clone(), index);
        if let Some(k) = new_key {
            rec.thread_keys.insert(k, thread_id);
        }
    }
    rec.space.last_active_time = Some(now);
    state.record(
        &space,
        Payload::MessageCreatedEventData(MessageCreatedEventData {
            message: Some(reference(&name)),
        }),
    );
    state.remember(&scope, &req.request_id, caller, &name);
    Ok(message)
}
