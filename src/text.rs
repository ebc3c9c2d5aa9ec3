//! Writing `Message.text`: mentions and custom links, in the markup Chat reads from the text
//! ([Format messages](https://developers.google.com/workspace/chat/format-messages)).
//!
//! A mention is written *in the text* as `<users/{user}>`, and `<users/all>` mentions
//! everyone in the space. There is nothing else to send: Chat parses the markup and answers
//! with the message's `annotations` (one `USER_MENTION` per mention, with its offset),
//! which are output only; the answer's `formatted_text` keeps the markup, and its `text`
//! reads `@Name` where the markup was (the emulator does the same). [`Annotation::set_user_mention`](crate::proto::chat::v1::Annotation::set_user_mention)
//! is for tests and fakes that build messages as Chat returns them, not for requests.
//!
//! ```
//! use google_chat_grpc::text::{self, MENTION_ALL};
//!
//! let text = format!("{} shipped 1.4, thanks {MENTION_ALL}!", text::mention("users/1234567890"));
//! assert_eq!(text, "<users/1234567890> shipped 1.4, thanks <users/all>!");
//! assert_eq!(text::link("https://example.com/notes", "release notes"),
//!            "<https://example.com/notes|release notes>");
//! ```
//!
//! With a client: `client.send_text(space, format!("{} please review", text::mention(&id)))`.
//! Google documents mentions by user ID (`users/{id}`, as in a membership's
//! `member.name` or a message's `sender.name`); for someone known only by email, take the ID
//! from their membership first (`client.get_membership("spaces/AAAA/members/alice@example.com")`).

/// Mentions everyone in the space (`<users/all>`).
pub const MENTION_ALL: &str = "<users/all>";

/// The markup that mentions `user`: `users/{id}` or just the ID; `all` (or `users/all`)
/// is [`MENTION_ALL`].
///
/// ```
/// use google_chat_grpc::text::mention;
///
/// assert_eq!(mention("users/1234567890"), "<users/1234567890>");
/// assert_eq!(mention("1234567890"), "<users/1234567890>");
/// assert_eq!(mention("all"), "<users/all>");
/// ```
pub fn mention(user: impl AsRef<str>) -> String {
    let user = user.as_ref();
    let id = user.strip_prefix("users/").unwrap_or(user);
    format!("<users/{id}>")
}

/// A link shown as `text` (`<{url}|{text}>`): Chat renders `text`, linked to `url`.
///
/// ```
/// assert_eq!(google_chat_grpc::text::link("https://example.com", "docs"), "<https://example.com|docs>");
/// ```
pub fn link(url: impl AsRef<str>, text: impl AsRef<str>) -> String {
    format!("<{}|{}>", url.as_ref(), text.as_ref())
}
