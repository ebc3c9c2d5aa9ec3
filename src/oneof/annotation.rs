//! `Annotation.metadata` (user mention, slash command, rich link, custom emoji) and
//! `RichLinkMetadata.data` (Drive file, Chat space, Meet space, Calendar event).
//!
//! Chat sets these on the messages it returns; the setters keep the `type` field in step with
//! the metadata, for tests and fakes that build annotated messages. The readers are generated.

use crate::proto::chat::v1::{
    Annotation, AnnotationType, CalendarEventLinkData, ChatSpaceLinkData, CustomEmojiMetadata,
    DriveLinkData, MeetSpaceLinkData, RichLinkMetadata, SlashCommandMetadata, UserMentionMetadata,
    annotation::Metadata, rich_link_metadata::Data, rich_link_metadata::RichLinkType,
};

impl Annotation {
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
