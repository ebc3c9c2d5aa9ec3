//! One-liners for the everyday Chat tasks, on top of the generated builders: each returns
//! the builder, pre-filled, so call options still apply before `.send().await`.
//!
//! ```no_run
//! # async fn run(client: google_chat_grpc::ChatClient) -> Result<(), google_chat_grpc::Error> {
//! let hello = client.send_text("spaces/AAAA", "Hello team").send().await?;
//! let thread = hello.thread.as_ref().map(|t| t.name.clone()).unwrap_or_default();
//! client.reply_in_thread("spaces/AAAA", &thread, "And a reply").send().await?;
//! client.react(&hello.name, "🎉").send().await?;
//! client.add_user("spaces/AAAA", "users/alice@example.com").send().await?;
//! client.mark_space_read("AAAA").await?;
//! # Ok(()) }
//! ```

use std::time::SystemTime;

use crate::builder::{
    CreateMembership, CreateMessage, CreateReaction, DeleteMembership, FindDirectMessage,
    SetUpSpace,
};
use crate::names::SpaceReadStateName;
use crate::proto::apps::card::v1::Card;
use crate::proto::chat::v1::{
    CardWithId, Emoji, Membership, Message, Reaction, Space, SpaceReadState, space,
};
use crate::update::SpaceReadStateUpdate;
use crate::{ChatClient, Result};

impl ChatClient {
    /// Posts a text message in a space (a new thread where the space has threads).
    ///
    /// Mentions are part of the text: `<users/{id}>` mentions a person and `<users/all>`
    /// everyone ([`text::mention`](crate::text::mention), [`text::MENTION_ALL`](crate::text::MENTION_ALL));
    /// Chat answers with an `annotations` entry per mention. Chat's markup (`*bold*`,
    /// `<url|text>` links, ...) applies too: see [`text`](crate::text).
    ///
    /// ```no_run
    /// # async fn run(client: google_chat_grpc::ChatClient) -> Result<(), google_chat_grpc::Error> {
    /// use google_chat_grpc::text::{MENTION_ALL, mention};
    /// let text = format!("{} deployed 1.4 {MENTION_ALL}", mention("users/1234567890"));
    /// let posted = client.send_text("spaces/AAAA", text).send().await?;
    /// println!("{} mention(s)", posted.annotations.len());
    /// # Ok(()) }
    /// ```
    ///
    /// Authentication: a user (`chat.messages` or `chat.messages.create`) or a Chat app
    /// (`chat.bot`, in a space the app is a member of).
    pub fn send_text(&self, space: impl Into<String>, text: impl Into<String>) -> CreateMessage {
        self.create_message(space).set_text(text)
    }

    /// Replies in a thread, named by its resource name (`spaces/{space}/threads/{thread}`);
    /// starts a new thread if that one is gone (`REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD`).
    pub fn reply_in_thread(
        &self,
        space: impl Into<String>,
        thread: impl Into<String>,
        text: impl Into<String>,
    ) -> CreateMessage {
        self.send_text(space, text).set_thread_name(thread)
    }

    /// Posts in the thread your app keys as `thread_key` (created on first use), so related
    /// messages group together without remembering thread names.
    pub fn send_text_in_keyed_thread(
        &self,
        space: impl Into<String>,
        thread_key: impl Into<String>,
        text: impl Into<String>,
    ) -> CreateMessage {
        self.send_text(space, text).set_thread_key(thread_key)
    }

    /// Posts a card (`cards_v2`), with `fallback_text` for notifications and clients that
    /// cannot show cards.
    pub fn send_card(
        &self,
        space: impl Into<String>,
        card_id: impl Into<String>,
        card: Card,
        fallback_text: impl Into<String>,
    ) -> CreateMessage {
        let card = CardWithId {
            card_id: card_id.into(),
            card: Some(card),
        };
        self.create_message(space).set_message(Message {
            cards_v2: vec![card],
            fallback_text: fallback_text.into(),
            ..Default::default()
        })
    }

    /// Adds a person (`users/{user}`, the ID or the email) to a space.
    pub fn add_user(&self, space: impl Into<String>, user: impl Into<String>) -> CreateMembership {
        self.create_membership(space)
            .set_membership(Membership::for_user(user))
    }

    /// Adds a Google Group (`groups/{group}`) to a named space.
    pub fn add_group(
        &self,
        space: impl Into<String>,
        group: impl Into<String>,
    ) -> CreateMembership {
        self.create_membership(space)
            .set_membership(Membership::for_group(group))
    }

    /// Adds the calling Chat app to a space (user authentication).
    pub fn add_app(&self, space: impl Into<String>) -> CreateMembership {
        self.create_membership(space)
            .set_membership(Membership::for_app("users/app"))
    }

    /// Removes a member: `spaces/{space}/members/{member}`, where the member may be an ID, an
    /// email, or `app` for the calling app's own membership. The answer is the membership
    /// with state `NOT_A_MEMBER`.
    pub fn remove_member(&self, membership: impl Into<String>) -> DeleteMembership {
        self.delete_membership(membership)
    }

    /// Reacts to a message with a Unicode emoji.
    pub fn react(&self, message: impl Into<String>, emoji: impl Into<String>) -> CreateReaction {
        self.create_reaction(message).set_reaction(Reaction {
            emoji: Some(Emoji::unicode(emoji)),
            ..Default::default()
        })
    }

    /// Sets up a named space with its first members (`users/{id}` or `users/{email}`); the
    /// caller joins automatically.
    pub fn set_up_space_with<I, S>(&self, display_name: impl Into<String>, users: I) -> SetUpSpace
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let space = Space {
            display_name: display_name.into(),
            space_type: space::SpaceType::Space.into(),
            ..Default::default()
        };
        self.set_up_space()
            .set_space(space)
            .set_memberships(users.into_iter().map(Membership::for_user))
    }

    /// Finds the direct message space between the caller and a user (`users/{user}` or an
    /// email). `NOT_FOUND` when there is none.
    pub fn find_dm(&self, user: impl Into<String>) -> FindDirectMessage {
        self.find_direct_message().set_name(user)
    }

    /// Marks a space (`spaces/{space}` or just its ID) read for the caller, up to now.
    pub async fn mark_space_read(&self, space: impl AsRef<str>) -> Result<SpaceReadState> {
        let space = space.as_ref();
        let name = SpaceReadStateName::for_me(space.strip_prefix("spaces/").unwrap_or(space))?;
        self.update(SpaceReadStateUpdate::new(name).set_last_read_time(SystemTime::now()))
            .await
    }
}
