//! Attachments: `UploadAttachment` (user authentication) hands out an upload token that
//! `CreateMessage` turns into a stored attachment; `GetAttachment` (app authentication only)
//! reads a message's attachment. The gRPC `UploadAttachment` carries only the file name: its
//! attachment downloads as zero bytes. The bytes come over the media endpoints
//! ([`super::http::media`]), which end in [`register`] with the stored body.

use tonic::Status;

use super::errors::{invalid, not_found, required};
use super::identity::Caller;
use super::media::Media;
use super::state::{State, Upload};
use crate::proto::chat::v1::{
    Attachment, AttachmentDataRef, GetAttachmentRequest, UploadAttachmentRequest,
    UploadAttachmentResponse,
};

/// A MIME type for a file name, from its extension.
pub(crate) fn content_type(filename: &str) -> &'static str {
    let ext = filename
        .rsplit('.')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    match ext.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "txt" => "text/plain",
        "pdf" => "application/pdf",
        "json" => "application/json",
        "csv" => "text/csv",
        _ => "application/octet-stream",
    }
}

/// `UploadAttachment`.
pub(crate) fn upload(
    state: &mut State,
    caller: &Caller,
    req: UploadAttachmentRequest,
) -> Result<UploadAttachmentResponse, Status> {
    let media = Media {
        blob: None,
        content_type: content_type(&req.filename).to_owned(),
    };
    register(state, caller, req, media)
}

/// The checks of an upload that come before its bytes: the space's shape and the caller's
/// membership, and the file name. `Ok` with the space ID.
pub(crate) fn check(
    state: &State,
    caller: &Caller,
    req: &UploadAttachmentRequest,
) -> Result<String, Status> {
    let space = State::space_id(&req.parent, "parent")?.to_owned();
    if req.filename.is_empty() {
        return Err(required("filename"));
    }
    if req.filename.contains('/') {
        return Err(invalid("filename", "must be a file name, not a path"));
    }
    state.readable_space(&space, caller, false)?;
    Ok(space)
}

/// An upload with its bytes: the upload token `CreateMessage` accepts.
pub(crate) fn register(
    state: &mut State,
    caller: &Caller,
    req: UploadAttachmentRequest,
    media: Media,
) -> Result<UploadAttachmentResponse, Status> {
    let space = check(state, caller, &req)?;
    let token = format!("upload-{}", state.ids.short());
    state.uploads.insert(
        token.clone(),
        Upload {
            space,
            filename: req.filename,
            media,
        },
    );
    Ok(UploadAttachmentResponse {
        attachment_data_ref: Some(AttachmentDataRef {
            resource_name: String::new(),
            attachment_upload_token: token,
        }),
    })
}

/// `GetAttachment`.
pub(crate) fn get(
    state: &mut State,
    caller: &Caller,
    req: GetAttachmentRequest,
) -> Result<Attachment, Status> {
    let (message, _) = req.name.rsplit_once("/attachments/").ok_or_else(|| {
        invalid(
            "name",
            "must be `spaces/{space}/messages/{message}/attachments/{attachment}`",
        )
    })?;
    let (space, i) = state.locate_message(caller, message, "name")?;
    state.spaces[&space].messages[i]
        .message
        .attachment
        .iter()
        .find(|a| a.name.rsplit('/').next() == req.name.rsplit('/').next())
        .cloned()
        .ok_or_else(|| not_found("Attachment", &req.name))
}
