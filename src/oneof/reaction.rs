//! `Emoji.content`: an emoji is a Unicode string or a custom emoji.

use crate::proto::chat::v1::{CustomEmoji, Emoji, emoji::Content};

impl Emoji {
    /// A Unicode emoji, such as `"🙂"`.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::Emoji;
    ///
    /// let emoji = Emoji::unicode("🙂");
    /// assert_eq!(emoji.as_unicode(), Some("🙂"));
    /// ```
    pub fn unicode(emoji: impl Into<String>) -> Self {
        Emoji {
            content: Some(Content::Unicode(emoji.into())),
        }
    }

    /// A custom emoji. To react with one, its `uid` (or `name`, `customEmojis/{id}`) is enough.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::{CustomEmoji, Emoji};
    ///
    /// let emoji = Emoji::custom(CustomEmoji {
    ///     uid: "ship-it".into(),
    ///     ..Default::default()
    /// });
    /// assert_eq!(emoji.as_custom().map(|c| c.uid.as_str()), Some("ship-it"));
    /// assert_eq!(emoji.as_unicode(), None);
    /// ```
    pub fn custom(emoji: CustomEmoji) -> Self {
        Emoji {
            content: Some(Content::CustomEmoji(emoji)),
        }
    }

    /// The Unicode emoji, or `None` for a custom emoji or no content.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::Emoji;
    ///
    /// assert_eq!(Emoji::unicode("👍").as_unicode(), Some("👍"));
    /// assert_eq!(Emoji::default().as_unicode(), None);
    /// ```
    pub fn as_unicode(&self) -> Option<&str> {
        match self.content.as_ref()? {
            Content::Unicode(emoji) => Some(emoji),
            Content::CustomEmoji(_) => None,
        }
    }

    /// The custom emoji, or `None` for a Unicode emoji or no content.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::{CustomEmoji, Emoji};
    ///
    /// assert!(Emoji::custom(CustomEmoji::default()).as_custom().is_some());
    /// assert!(Emoji::unicode("👍").as_custom().is_none());
    /// ```
    pub fn as_custom(&self) -> Option<&CustomEmoji> {
        match self.content.as_ref()? {
            Content::CustomEmoji(emoji) => Some(emoji),
            Content::Unicode(_) => None,
        }
    }
}
