//! What a stored message holds and shows: the view clients get, the content and size
//! rules creation and updates share, and attachments resolved from uploads.

use prost::Message as _;
use tonic::Status;

use crate::emulator::errors::invalid;
use crate::emulator::state::{Directory, MessageRec, State};
use crate::proto::chat::v1::{
    Annotation, AnnotationType, Attachment, AttachmentDataRef, EmojiReactionSummary, Message, User,
    UserMentionMetadata, annotation, attachment, user, user_mention_metadata,
};

/// The documented maximum size of a message, contents included.
pub(crate) const MAX_MESSAGE_BYTES: usize = 32_000;

/// What a client sees of a stored message: reaction summaries in step with the reactions.
/// What a message event records: the name only. Reads resolve it to the message as it is
/// then (`events::resolve`), as the API documents, so a copy of the whole message per event
/// would only cost a clone per write and the memory of a second copy of every message.
pub(crate) fn reference(name: &str) -> Message {
    Message {
        name: name.to_owned(),
        ..Default::default()
    }
}

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

pub(super) fn has_content(m: &Message) -> bool {
    !m.text.is_empty()
        || !m.cards.is_empty()
        || !m.cards_v2.is_empty()
        || !m.attachment.is_empty()
        || !m.accessory_widgets.is_empty()
}

pub(super) fn check_size(m: &Message) -> Result<(), Status> {
    let size = m.encoded_len();
    if size > MAX_MESSAGE_BYTES {
        return Err(invalid(
            "message",
            format!("the message is {size} bytes; the maximum is {MAX_MESSAGE_BYTES}"),
        ));
    }
    Ok(())
}

/// Resolves uploaded-attachment references to stored attachments of `message_name`.
pub(super) fn attachments(
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
                    content_type: upload.media.content_type.clone(),
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
                state.media.insert(
                    format!("{name}/media"),
                    crate::emulator::state::MediaRef {
                        message: message_name.to_owned(),
                        media: upload.media,
                    },
                );
            }
            Some(attachment::DataRef::DriveDataRef(d)) => {
                // Everything else of an attachment is output only and the emulator has no
                // Drive to fill it from: the client's values are not echoed.
                let id = state.ids.short();
                out.push(Attachment {
                    name: format!("{message_name}/attachments/{id}"),
                    source: attachment::Source::DriveFile as i32,
                    data_ref: Some(attachment::DataRef::DriveDataRef(d.clone())),
                    ..Default::default()
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

/// Sets a message's text fields from the `text` a client sent, where `<users/{user}>` (and
/// `<users/all>`) mentions a user: `formatted_text` keeps that markup (as its reference says
/// formatted text does), `text` reads `@Name` in its place, each mention is a `USER_MENTION`
/// annotation over that `@Name`, and `argument_text` leaves app mentions out. Annotations
/// are output only: whatever the client sent is replaced.
///
/// Indexes count UTF-16 code units, as Chat's JSON clients index text; the reference does
/// not say (its one example is ASCII). A name comes from the emulator's directory, else the
/// user's ID.
pub(crate) fn render_mentions(directory: &Directory, m: &mut Message) {
    let source = std::mem::take(&mut m.text);
    let mut plain = String::with_capacity(source.len());
    let mut argument = String::with_capacity(source.len());
    let mut annotations = Vec::new();
    let mut units = 0usize;
    let mut rest = source.as_str();
    while let Some(at) = rest.find("<users/") {
        let (before, tail) = rest.split_at(at);
        let Some(end) = tail.find('>') else {
            break;
        };
        let id = &tail["<users/".len()..end];
        if id.is_empty()
            || id
                .chars()
                .any(|c| c.is_whitespace() || c == '<' || c == '/')
        {
            // Not a mention: keep the text up to and including this `<`.
            plain.push_str(before);
            plain.push('<');
            argument.push_str(before);
            argument.push('<');
            units += before.encode_utf16().count() + 1;
            rest = &tail[1..];
            continue;
        }
        plain.push_str(before);
        argument.push_str(before);
        units += before.encode_utf16().count();
        let name = format!("users/{id}");
        let is_app = id == "app" || id.starts_with("app-");
        let shown = match directory.display_name(&name) {
            Some(display) => format!("@{display}"),
            None => format!("@{id}"),
        };
        let length = shown.encode_utf16().count();
        annotations.push(Annotation {
            r#type: AnnotationType::UserMention as i32,
            start_index: i32::try_from(units).ok(),
            length: i32::try_from(length).unwrap_or(i32::MAX),
            metadata: Some(annotation::Metadata::UserMention(UserMentionMetadata {
                user: Some(User {
                    name,
                    r#type: if is_app {
                        user::Type::Bot
                    } else {
                        user::Type::Human
                    } as i32,
                    ..Default::default()
                }),
                r#type: user_mention_metadata::Type::Mention as i32,
            })),
        });
        plain.push_str(&shown);
        if !is_app {
            argument.push_str(&shown);
        }
        units += length;
        rest = &tail[end + 1..];
    }
    plain.push_str(rest);
    argument.push_str(rest);
    m.formatted_text = source;
    m.text = plain;
    m.argument_text = argument.trim().to_owned();
    m.annotations = annotations;
}
