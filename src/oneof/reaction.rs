//! `Emoji.content`: an emoji is a Unicode string or a custom emoji. The readers are generated.

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
}
