//! Messages: `CreateMessage`, `GetMessage`, `ListMessages`, `UpdateMessage`,
//! `DeleteMessage`. Threads are started or replied to by `thread.thread_key` or
//! `thread.name` with `message_reply_option`; `message_id` gives a `client-` ID usable in
//! names; `request_id` makes creation idempotent per caller; the sender is the caller; the
//! whole message is at most 32,000 bytes; deleting a thread's first message needs `force`
//! while it has replies; deleted messages stay listable with `show_deleted`.

use prost::Message as _;
use prost_types::Timestamp;
use tonic::Status;

use super::clock::{nanos, parse_rfc3339};
use super::errors::{already_exists, denied, invalid, not_found, precondition, required};
use super::filter::{self, Expr, Op};
use super::identity::Caller;
use super::masks;
use super::paging::{PageRules, paginate};
use super::state::{MessageRec, SpaceRec, State, split_child};
use crate::proto::chat::v1::create_message_request::MessageReplyOption;
use crate::proto::chat::v1::space_event::Payload;
use crate::proto::chat::v1::{
    Attachment, AttachmentDataRef, CreateMessageRequest, DeleteMessageRequest, DeletionMetadata,
    EmojiReactionSummary, GetMessageRequest, ListMessagesRequest, ListMessagesResponse, Message,
    MessageCreatedEventData, MessageDeletedEventData, MessageUpdatedEventData, Space, Thread,
    UpdateMessageRequest, attachment, deletion_metadata,
};

const PAGE: PageRules = PageRules::new(25, 1000);
/// The documented maximum size of a message, contents included.
pub(crate) const MAX_MESSAGE_BYTES: usize = 32_000;

/// What a client sees of a stored message: reaction summaries in step with the reactions.
pub(crate) fn view(rec: &MessageRec) -> Message {
    let mut m = rec.message.clone();
    if rec.is_deleted() {
        return m;
    }
    let mut summaries: Vec<EmojiReactionSummary> = Vec::new();
    for r in &rec.reactions {
        match summaries.iter_mut().find(|s| s.emoji == r.emoji) {
            Some(s) => *s.reaction_count.get_or_insert(0) += 1,
            None => summaries.push(EmojiReactionSummary {
                emoji: r.emoji.clone(),
                reaction_count: Some(1),
            }),
        }
    }
    m.emoji_reaction_summaries = summaries;
    m
}

fn has_content(m: &Message) -> bool {
    !m.text.is_empty()
        || !m.cards.is_empty()
        || !m.cards_v2.is_empty()
        || !m.attachment.is_empty()
        || !m.accessory_widgets.is_empty()
}

fn check_size(m: &Message) -> Result<(), Status> {
    let size = m.encoded_len();
    if size > MAX_MESSAGE_BYTES {
        return Err(invalid(
            "message",
            format!("the message is {size} bytes; the maximum is {MAX_MESSAGE_BYTES}"),
        ));
    }
    Ok(())
}

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

/// Resolves uploaded-attachment references to stored attachments of `message_name`.
fn attachments(
    state: &mut State,
    space: &str,
    message_name: &str,
    input: &[Attachment],
) -> Result<Vec<Attachment>, Status> {
    let mut out = Vec::new();
    for (i, a) in input.iter().enumerate() {
        match &a.data_ref {
            Some(attachment::DataRef::AttachmentDataRef(r)) => {
                let upload = state
                    .uploads
                    .get(&r.attachment_upload_token)
                    .filter(|u| u.space == space)
                    .cloned()
                    .ok_or_else(|| {
                        invalid(
                            &format!("message.attachment[{i}].attachment_data_ref.attachment_upload_token"),
                            "is not a token from UploadAttachment in this space",
                        )
                    })?;
                let id = state.ids.short();
                let name = format!("{message_name}/attachments/{id}");
                out.push(Attachment {
                    name: name.clone(),
                    content_name: upload.filename.clone(),
                    content_type: super::attachments::content_type(&upload.filename).to_owned(),
                    thumbnail_uri: format!(
                        "https://chat.google.com/api/get_attachment_url?name={name}&thumbnail=1"
                    ),
                    download_uri: format!(
                        "https://chat.google.com/api/get_attachment_url?name={name}"
                    ),
                    source: attachment::Source::UploadedContent as i32,
                    data_ref: Some(attachment::DataRef::AttachmentDataRef(AttachmentDataRef {
                        resource_name: format!("{name}/media"),
                        attachment_upload_token: String::new(),
                    })),
                });
                let _ = upload.uploader;
            }
            Some(attachment::DataRef::DriveDataRef(d)) => {
                let id = state.ids.short();
                out.push(Attachment {
                    name: format!("{message_name}/attachments/{id}"),
                    source: attachment::Source::DriveFile as i32,
                    data_ref: Some(attachment::DataRef::DriveDataRef(d.clone())),
                    ..a.clone()
                });
            }
            None => {
                return Err(invalid(
                    &format!("message.attachment[{i}]"),
                    "needs an attachment_data_ref (from UploadAttachment) or a drive_data_ref",
                ));
            }
        }
    }
    Ok(out)
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
    req: CreateMessageRequest,
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
    let input = req.message.clone().ok_or_else(|| required("message"))?;
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
    let message = Message {
        name: name.clone(),
        sender: Some(sender),
        create_time: Some(create_time),
        last_update_time: None,
        delete_time: None,
        formatted_text: input.text.clone(),
        argument_text: input.text.clone(),
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
        ..input
    };
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
            message: Some(message.clone()),
        }),
    );
    state.remember(&scope, &req.request_id, caller, &name);
    Ok(message)
}

/// `GetMessage`.
pub(crate) fn get(
    state: &mut State,
    caller: &Caller,
    req: GetMessageRequest,
) -> Result<Message, Status> {
    let (space, i) = state.locate_message(caller, &req.name, "name")?;
    Ok(view(&state.spaces[&space].messages[i]))
}

struct ListFilter {
    after: Option<Timestamp>,
    before: Option<Timestamp>,
    thread: Option<String>,
}

fn list_filter(text: &str) -> Result<ListFilter, Status> {
    let mut f = ListFilter {
        after: None,
        before: None,
        thread: None,
    };
    let Some(expr) = filter::parse(text, "filter")? else {
        return Ok(f);
    };
    for c in filter::conjuncts(expr) {
        match c {
            Expr::Cmp {
                field,
                op,
                value,
                quoted,
            } if field == "create_time" || field == "createTime" => {
                if !quoted {
                    return Err(invalid("filter", "timestamps must be in double quotes"));
                }
                let t = parse_rfc3339(&value).ok_or_else(|| {
                    invalid("filter", format!("`{value}` is not an RFC 3339 timestamp"))
                })?;
                let slot = match op {
                    Op::Gt => &mut f.after,
                    Op::Lt => &mut f.before,
                    _ => return Err(invalid("filter", "create_time supports only `>` and `<`")),
                };
                if slot.is_some() {
                    return Err(invalid(
                        "filter",
                        "each create_time bound can be given once",
                    ));
                }
                *slot = Some(t);
            }
            Expr::Cmp {
                field,
                op: Op::Eq,
                value,
                ..
            } if field == "thread.name" => {
                if f.thread.is_some() {
                    return Err(invalid("filter", "only one thread.name per query"));
                }
                f.thread = Some(value);
            }
            _ => {
                return Err(invalid(
                    "filter",
                    "supported: `create_time > \"...\"`, `create_time < \"...\"`, `thread.name = spaces/{space}/threads/{thread}`, joined with AND",
                ));
            }
        }
    }
    Ok(f)
}

/// `ListMessages`.
pub(crate) fn list(
    state: &mut State,
    caller: &Caller,
    req: ListMessagesRequest,
) -> Result<ListMessagesResponse, Status> {
    let space = State::space_id(&req.parent, "parent")?.to_owned();
    let f = list_filter(&req.filter)?;
    let descending = match req.order_by.trim().to_ascii_lowercase().as_str() {
        "" | "asc" | "create_time asc" | "createtime asc" | "create_time" => false,
        "desc" | "create_time desc" | "createtime desc" => true,
        other => {
            return Err(invalid(
                "order_by",
                format!("`{other}` is not supported; use `create_time ASC` or `create_time DESC`"),
            ));
        }
    };
    let rec = state.readable_space(&space, caller, false)?;
    let thread_id = f
        .thread
        .as_deref()
        .map(|t| t.rsplit('/').next().unwrap_or_default().to_owned());
    let mut items: Vec<&MessageRec> = rec
        .messages
        .iter()
        .filter(|m| req.show_deleted || !m.is_deleted())
        .filter(|m| m.visible_to(caller))
        .filter(|m| thread_id.as_ref().is_none_or(|t| &m.thread_id == t))
        .filter(|m| {
            let t = m.message.create_time.as_ref().map(nanos).unwrap_or(0);
            f.after.as_ref().is_none_or(|a| t > nanos(a))
                && f.before.as_ref().is_none_or(|b| t < nanos(b))
        })
        .collect();
    // Import mode may set create_time; keep the documented order by it.
    items.sort_by_key(|m| m.message.create_time.as_ref().map(nanos).unwrap_or(0));
    if descending {
        items.reverse();
    }
    let messages: Vec<Message> = items.into_iter().map(view).collect();
    let flags = format!("{}", req.show_deleted);
    let (messages, next_page_token) = paginate(
        messages,
        PAGE,
        req.page_size,
        &req.page_token,
        &[
            "ListMessages",
            &req.parent,
            &req.filter,
            &req.order_by,
            &flags,
        ],
    )?;
    Ok(ListMessagesResponse {
        messages,
        next_page_token,
    })
}

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
            return self::create(state, caller, create);
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
        updated.formatted_text.clone_from(&input.text);
        updated.argument_text.clone_from(&input.text);
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
            message: Some(out.clone()),
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
        deleted.push(rec.messages[j].message.clone());
    }
    rec.pins
        .retain(|p| !deleted.iter().any(|d| d.name == p.message));
    for d in deleted {
        state.record(
            &space,
            Payload::MessageDeletedEventData(MessageDeletedEventData { message: Some(d) }),
        );
    }
    Ok(())
}
