//! What a stored message holds and shows: the view clients get, the content and size
//! rules creation and updates share, and attachments resolved from uploads.

use prost::Message as _;
use tonic::Status;

use crate::emulator::errors::invalid;
use crate::emulator::state::{MessageRec, State};
use crate::proto::chat::v1::{
    Attachment, AttachmentDataRef, EmojiReactionSummary, Message, attachment,
};

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
                    content_type: crate::emulator::attachments::content_type(&upload.filename)
                        .to_owned(),
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
