//! `Attachment.data_ref`: an attachment's data is an uploaded attachment or a Drive file.
//! The constructors and the Drive shortcuts; the readers are generated.

use crate::proto::chat::v1::{Attachment, AttachmentDataRef, DriveDataRef, attachment::DataRef};

impl Attachment {
    /// An attachment uploaded with `UploadAttachment`: pass the `attachment_data_ref` of the
    /// upload's response to attach it to a new message.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::{Attachment, AttachmentDataRef};
    ///
    /// let uploaded = AttachmentDataRef {
    ///     attachment_upload_token: "tok".into(),
    ///     ..Default::default()
    /// };
    /// let attachment = Attachment::uploaded(uploaded);
    /// assert_eq!(
    ///     attachment
    ///         .attachment_data_ref()
    ///         .unwrap()
    ///         .attachment_upload_token,
    ///     "tok"
    /// );
    /// ```
    pub fn uploaded(data_ref: AttachmentDataRef) -> Self {
        Attachment {
            data_ref: Some(DataRef::AttachmentDataRef(data_ref)),
            ..Default::default()
        }
    }

    /// An attachment that refers to a Google Drive file by its ID.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::Attachment;
    ///
    /// let attachment = Attachment::drive_file("1AbC");
    /// assert_eq!(attachment.drive_file_id(), Some("1AbC"));
    /// assert!(attachment.attachment_data_ref().is_none());
    /// ```
    pub fn drive_file(drive_file_id: impl Into<String>) -> Self {
        Attachment {
            data_ref: Some(DataRef::DriveDataRef(DriveDataRef {
                drive_file_id: drive_file_id.into(),
            })),
            ..Default::default()
        }
    }

    /// The Drive file ID when the attachment is a Drive file.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::Attachment;
    ///
    /// assert_eq!(Attachment::drive_file("1AbC").drive_file_id(), Some("1AbC"));
    /// ```
    pub fn drive_file_id(&self) -> Option<&str> {
        self.drive_data_ref()
            .map(|data_ref| data_ref.drive_file_id.as_str())
    }

    /// Whether the attachment is a Google Drive file.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::{Attachment, AttachmentDataRef};
    ///
    /// assert!(Attachment::drive_file("1AbC").is_drive_file());
    /// assert!(!Attachment::uploaded(AttachmentDataRef::default()).is_drive_file());
    /// ```
    pub fn is_drive_file(&self) -> bool {
        self.drive_data_ref().is_some()
    }
}
