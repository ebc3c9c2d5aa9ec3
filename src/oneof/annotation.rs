//! `Annotation.metadata` (user mention, slash command, rich link, custom emoji) and
//! `RichLinkMetadata.data` (Drive file, Chat space, Meet space, Calendar event).
//!
//! Chat sets these on the messages it returns; the setters keep the `type` field in step with
//! the metadata, for tests and fakes that build annotated messages.

use crate::proto::chat::v1::{
    Annotation, AnnotationType, CalendarEventLinkData, ChatSpaceLinkData, CustomEmojiMetadata,
    DriveLinkData, MeetSpaceLinkData, RichLinkMetadata, SlashCommandMetadata, UserMentionMetadata,
    annotation::Metadata, rich_link_metadata::Data, rich_link_metadata::RichLinkType,
};

impl Annotation {
    /// The mentioned user, when the annotation is a user mention.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::{
    ///     Annotation, AnnotationType, User, UserMentionMetadata,
    /// };
    ///
    /// let mut annotation = Annotation::default();
    /// annotation.set_user_mention(UserMentionMetadata {
    ///     user: Some(User {
    ///         name: "users/1".into(),
    ///         ..Default::default()
    ///     }),
    ///     ..Default::default()
    /// });
    /// assert_eq!(annotation.r#type(), AnnotationType::UserMention);
    /// let user = annotation.user_mention().and_then(|m| m.user.as_ref());
    /// assert_eq!(user.map(|u| u.name.as_str()), Some("users/1"));
    /// assert!(annotation.slash_command().is_none());
    /// ```
    pub fn user_mention(&self) -> Option<&UserMentionMetadata> {
        match self.metadata.as_ref()? {
            Metadata::UserMention(metadata) => Some(metadata),
            _ => None,
        }
    }

    /// The invoked command, when the annotation is a slash command.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::{Annotation, SlashCommandMetadata};
    ///
    /// let mut annotation = Annotation::default();
    /// annotation.set_slash_command(SlashCommandMetadata {
    ///     command_id: 7,
    ///     ..Default::default()
    /// });
    /// assert_eq!(annotation.slash_command().map(|c| c.command_id), Some(7));
    /// ```
    pub fn slash_command(&self) -> Option<&SlashCommandMetadata> {
        match self.metadata.as_ref()? {
            Metadata::SlashCommand(metadata) => Some(metadata),
            _ => None,
        }
    }

    /// The link preview, when the annotation is a rich link.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::{Annotation, RichLinkMetadata};
    ///
    /// let mut annotation = Annotation::default();
    /// annotation.set_rich_link(RichLinkMetadata {
    ///     uri: "https://meet.google.com/abc".into(),
    ///     ..Default::default()
    /// });
    /// assert_eq!(
    ///     annotation.rich_link().map(|l| l.uri.as_str()),
    ///     Some("https://meet.google.com/abc")
    /// );
    /// ```
    pub fn rich_link(&self) -> Option<&RichLinkMetadata> {
        match self.metadata.as_ref()? {
            Metadata::RichLinkMetadata(metadata) => Some(metadata),
            _ => None,
        }
    }

    /// The custom emoji, when the annotation is one.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::{Annotation, CustomEmojiMetadata};
    ///
    /// let mut annotation = Annotation::default();
    /// annotation.set_custom_emoji(CustomEmojiMetadata::default());
    /// assert!(annotation.custom_emoji().is_some());
    /// assert!(annotation.rich_link().is_none());
    /// ```
    pub fn custom_emoji(&self) -> Option<&CustomEmojiMetadata> {
        match self.metadata.as_ref()? {
            Metadata::CustomEmojiMetadata(metadata) => Some(metadata),
            _ => None,
        }
    }

    /// Makes this a user mention: sets the metadata and `type` to `USER_MENTION`.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::{
    ///     Annotation, AnnotationType, UserMentionMetadata,
    /// };
    ///
    /// let mut annotation = Annotation::default();
    /// annotation.set_user_mention(UserMentionMetadata::default());
    /// assert_eq!(annotation.r#type(), AnnotationType::UserMention);
    /// ```
    pub fn set_user_mention(&mut self, metadata: UserMentionMetadata) {
        self.set_type(AnnotationType::UserMention);
        self.metadata = Some(Metadata::UserMention(metadata));
    }

    /// Makes this a slash command: sets the metadata and `type` to `SLASH_COMMAND`.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::{
    ///     Annotation, AnnotationType, SlashCommandMetadata,
    /// };
    ///
    /// let mut annotation = Annotation::default();
    /// annotation.set_slash_command(SlashCommandMetadata::default());
    /// assert_eq!(annotation.r#type(), AnnotationType::SlashCommand);
    /// ```
    pub fn set_slash_command(&mut self, metadata: SlashCommandMetadata) {
        self.set_type(AnnotationType::SlashCommand);
        self.metadata = Some(Metadata::SlashCommand(metadata));
    }

    /// Makes this a rich link: sets the metadata and `type` to `RICH_LINK`.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::{Annotation, AnnotationType, RichLinkMetadata};
    ///
    /// let mut annotation = Annotation::default();
    /// annotation.set_rich_link(RichLinkMetadata::default());
    /// assert_eq!(annotation.r#type(), AnnotationType::RichLink);
    /// ```
    pub fn set_rich_link(&mut self, metadata: RichLinkMetadata) {
        self.set_type(AnnotationType::RichLink);
        self.metadata = Some(Metadata::RichLinkMetadata(metadata));
    }

    /// Makes this a custom emoji: sets the metadata and `type` to `CUSTOM_EMOJI`.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::{
    ///     Annotation, AnnotationType, CustomEmojiMetadata,
    /// };
    ///
    /// let mut annotation = Annotation::default();
    /// annotation.set_custom_emoji(CustomEmojiMetadata::default());
    /// assert_eq!(annotation.r#type(), AnnotationType::CustomEmoji);
    /// ```
    pub fn set_custom_emoji(&mut self, metadata: CustomEmojiMetadata) {
        self.set_type(AnnotationType::CustomEmoji);
        self.metadata = Some(Metadata::CustomEmojiMetadata(metadata));
    }
}

impl RichLinkMetadata {
    /// The linked Drive file, for a `DRIVE_FILE` rich link.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::{
    ///     DriveLinkData, RichLinkMetadata, rich_link_metadata::RichLinkType,
    /// };
    ///
    /// let mut link = RichLinkMetadata::default();
    /// link.set_drive_link_data(DriveLinkData {
    ///     mime_type: "application/pdf".into(),
    ///     ..Default::default()
    /// });
    /// assert_eq!(link.rich_link_type(), RichLinkType::DriveFile);
    /// assert_eq!(
    ///     link.drive_link_data().map(|d| d.mime_type.as_str()),
    ///     Some("application/pdf")
    /// );
    /// assert!(link.meet_space_link_data().is_none());
    /// ```
    pub fn drive_link_data(&self) -> Option<&DriveLinkData> {
        match self.data.as_ref()? {
            Data::DriveLinkData(data) => Some(data),
            _ => None,
        }
    }

    /// The linked space or thread, for a `CHAT_SPACE` rich link.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::{ChatSpaceLinkData, RichLinkMetadata};
    ///
    /// let mut link = RichLinkMetadata::default();
    /// link.set_chat_space_link_data(ChatSpaceLinkData {
    ///     space: "spaces/S".into(),
    ///     ..Default::default()
    /// });
    /// assert_eq!(
    ///     link.chat_space_link_data().map(|d| d.space.as_str()),
    ///     Some("spaces/S")
    /// );
    /// ```
    pub fn chat_space_link_data(&self) -> Option<&ChatSpaceLinkData> {
        match self.data.as_ref()? {
            Data::ChatSpaceLinkData(data) => Some(data),
            _ => None,
        }
    }

    /// The linked meeting, for a `MEET_SPACE` rich link.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::{MeetSpaceLinkData, RichLinkMetadata};
    ///
    /// let mut link = RichLinkMetadata::default();
    /// link.set_meet_space_link_data(MeetSpaceLinkData {
    ///     meeting_code: "abc-defg-hij".into(),
    ///     ..Default::default()
    /// });
    /// assert_eq!(
    ///     link.meet_space_link_data().map(|d| d.meeting_code.as_str()),
    ///     Some("abc-defg-hij")
    /// );
    /// ```
    pub fn meet_space_link_data(&self) -> Option<&MeetSpaceLinkData> {
        match self.data.as_ref()? {
            Data::MeetSpaceLinkData(data) => Some(data),
            _ => None,
        }
    }

    /// The linked event, for a `CALENDAR_EVENT` rich link.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::{CalendarEventLinkData, RichLinkMetadata};
    ///
    /// let mut link = RichLinkMetadata::default();
    /// link.set_calendar_event_link_data(CalendarEventLinkData {
    ///     event_id: "e1".into(),
    ///     ..Default::default()
    /// });
    /// assert_eq!(
    ///     link.calendar_event_link_data().map(|d| d.event_id.as_str()),
    ///     Some("e1")
    /// );
    /// ```
    pub fn calendar_event_link_data(&self) -> Option<&CalendarEventLinkData> {
        match self.data.as_ref()? {
            Data::CalendarEventLinkData(data) => Some(data),
            _ => None,
        }
    }

    /// Links a Drive file: sets the data and `rich_link_type` to `DRIVE_FILE`.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::{DriveLinkData, RichLinkMetadata};
    ///
    /// let mut link = RichLinkMetadata::default();
    /// link.set_drive_link_data(DriveLinkData::default());
    /// assert!(link.drive_link_data().is_some());
    /// ```
    pub fn set_drive_link_data(&mut self, data: DriveLinkData) {
        self.set_rich_link_type(RichLinkType::DriveFile);
        self.data = Some(Data::DriveLinkData(data));
    }

    /// Links a space or thread: sets the data and `rich_link_type` to `CHAT_SPACE`.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::{
    ///     ChatSpaceLinkData, RichLinkMetadata, rich_link_metadata::RichLinkType,
    /// };
    ///
    /// let mut link = RichLinkMetadata::default();
    /// link.set_chat_space_link_data(ChatSpaceLinkData::default());
    /// assert_eq!(link.rich_link_type(), RichLinkType::ChatSpace);
    /// ```
    pub fn set_chat_space_link_data(&mut self, data: ChatSpaceLinkData) {
        self.set_rich_link_type(RichLinkType::ChatSpace);
        self.data = Some(Data::ChatSpaceLinkData(data));
    }

    /// Links a meeting: sets the data and `rich_link_type` to `MEET_SPACE`.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::{
    ///     MeetSpaceLinkData, RichLinkMetadata, rich_link_metadata::RichLinkType,
    /// };
    ///
    /// let mut link = RichLinkMetadata::default();
    /// link.set_meet_space_link_data(MeetSpaceLinkData::default());
    /// assert_eq!(link.rich_link_type(), RichLinkType::MeetSpace);
    /// ```
    pub fn set_meet_space_link_data(&mut self, data: MeetSpaceLinkData) {
        self.set_rich_link_type(RichLinkType::MeetSpace);
        self.data = Some(Data::MeetSpaceLinkData(data));
    }

    /// Links a Calendar event: sets the data and `rich_link_type` to `CALENDAR_EVENT`.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::{
    ///     CalendarEventLinkData, RichLinkMetadata, rich_link_metadata::RichLinkType,
    /// };
    ///
    /// let mut link = RichLinkMetadata::default();
    /// link.set_calendar_event_link_data(CalendarEventLinkData::default());
    /// assert_eq!(link.rich_link_type(), RichLinkType::CalendarEvent);
    /// ```
    pub fn set_calendar_event_link_data(&mut self, data: CalendarEventLinkData) {
        self.set_rich_link_type(RichLinkType::CalendarEvent);
        self.data = Some(Data::CalendarEventLinkData(data));
    }
}
