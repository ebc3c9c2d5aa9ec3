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
//!
//! # Who may call them
//!
//! Each Chat method accepts user authentication, app authentication, or both (from the
//! methods' reference comments in the protos), and a token needs one of the method's OAuth
//! scopes: each helper's documentation lists them, from Google's discovery document (the
//! same data as [`RpcInfo::scopes`](crate::RpcInfo::scopes); the constants are in
//! [`auth::scopes`](crate::auth::scopes)). Chat apps use `chat.bot`, or the `chat.app.*`
//! scopes where an administrator approved them.
//!
//! | helper | method | user authentication | app authentication |
//! | --- | --- | --- | --- |
//! | `send_text`, `reply_in_thread`, `send_text_in_keyed_thread` | `CreateMessage` | yes | yes (the app must be a member) |
//! | `send_card` | `CreateMessage` | no: cards need app authentication | yes |
//! | `add_user` | `CreateMembership` | yes | with administrator approval; users of the space's organization only |
//! | `add_group` | `CreateMembership` | yes | no |
//! | `add_app` | `CreateMembership` | yes | no |
//! | `remove_member` | `DeleteMembership` | yes | with administrator approval; not groups or apps |
//! | `react` | `CreateReaction` | yes | no |
//! | `set_up_space_with` | `SetUpSpace` | yes | no |
//! | `create_space_as_app` | `CreateSpace` | no | with administrator approval |
//! | `find_dm` | `FindDirectMessage` | yes | yes |
//! | `mark_space_read` | `UpdateSpaceReadState` | yes | no |

use std::time::SystemTime;

use crate::builder::{
    CreateMembership, CreateMessage, CreateReaction, CreateSpace, DeleteMembership,
    FindDirectMessage, SetUpSpace,
};
use crate::generated::rpcs::scopes_doc;
use crate::names::SpaceReadStateName;
use crate::proto::apps::card::v1::Card;
use crate::proto::chat::v1::{
    CardWithId, Emoji, Membership, Message, Reaction, Space, SpaceReadState, space,
};
use crate::update::SpaceReadStateUpdate;
use crate::{ChatClient, Result};

/// The alias for the caller's own Workspace organization, in `Space.customer`.
const MY_CUSTOMER: &str = "customers/my_customer";

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
    /// Authentication: a user, or a Chat app in a space the app is a member of.
    #[doc = ""]
    #[doc = scopes_doc!("CreateMessage")]
    pub fn send_text(&self, space: impl Into<String>, text: impl Into<String>) -> CreateMessage {
        self.create_message(space).set_text(text)
    }

    /// Replies in a thread, named by its resource name (`spaces/{space}/threads/{thread}`);
    /// starts a new thread if that one is gone (`REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD`).
    #[doc = ""]
    #[doc = scopes_doc!("CreateMessage")]
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
    #[doc = ""]
    #[doc = scopes_doc!("CreateMessage")]
    pub fn send_text_in_keyed_thread(
        &self,
        space: impl Into<String>,
        thread_key: impl Into<String>,
        text: impl Into<String>,
    ) -> CreateMessage {
        self.send_text(space, text).set_thread_key(thread_key)
    }

    /// Posts a card (`cards_v2`), with `fallback_text` for notifications and clients that
    /// cannot show cards. Build the card with [`cards::CardBuilder`](crate::cards::CardBuilder).
    ///
    /// Authentication: a Chat app; Chat refuses cards from user authentication.
    #[doc = ""]
    #[doc = scopes_doc!("CreateMessage")]
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
    ///
    /// Authentication: a user, or a Chat app with administrator approval. **With app authentication** only users of the
    /// organization that owns the space can be added (no external users, groups or apps),
    /// and the safe way to name them is by ID (`users/123456789`, from the People or
    /// Directory API): if the email alias is refused, look the ID up first.
    #[doc = ""]
    #[doc = scopes_doc!("CreateMembership")]
    pub fn add_user(&self, space: impl Into<String>, user: impl Into<String>) -> CreateMembership {
        self.create_membership(space)
            .set_membership(Membership::for_user(user))
    }

    /// Adds a Google Group (`groups/{group}`) to a named space.
    ///
    /// Authentication: a user only.
    #[doc = ""]
    #[doc = scopes_doc!("CreateMembership")]
    pub fn add_group(
        &self,
        space: impl Into<String>,
        group: impl Into<String>,
    ) -> CreateMembership {
        self.create_membership(space)
            .set_membership(Membership::for_group(group))
    }

    /// Adds the calling Chat app to a space.
    ///
    /// Authentication: a user only (`chat.memberships.app` is the narrowest scope for it).
    #[doc = ""]
    #[doc = scopes_doc!("CreateMembership")]
    pub fn add_app(&self, space: impl Into<String>) -> CreateMembership {
        self.create_membership(space)
            .set_membership(Membership::for_app("users/app"))
    }

    /// Removes a member: `spaces/{space}/members/{member}`, where the member may be an ID, an
    /// email, or `app` for the calling app's own membership. The answer is the membership
    /// with state `NOT_A_MEMBER`.
    ///
    /// Authentication: a user, or a Chat app with administrator approval (not for groups
    /// or apps, and a manager's membership only if the app created the space).
    #[doc = ""]
    #[doc = scopes_doc!("DeleteMembership")]
    pub fn remove_member(&self, membership: impl Into<String>) -> DeleteMembership {
        self.delete_membership(membership)
    }

    /// Reacts to a message with a Unicode emoji.
    ///
    /// Authentication: a user only.
    #[doc = ""]
    #[doc = scopes_doc!("CreateReaction")]
    pub fn react(&self, message: impl Into<String>, emoji: impl Into<String>) -> CreateReaction {
        self.create_reaction(message).set_reaction(Reaction {
            emoji: Some(Emoji::unicode(emoji)),
            ..Default::default()
        })
    }

    /// Sets up a named space with its first members (`users/{id}` or `users/{email}`); the
    /// caller joins automatically.
    ///
    /// Authentication: a user only. A Chat app
    /// creates spaces with [`create_space_as_app`](Self::create_space_as_app).
    #[doc = ""]
    #[doc = scopes_doc!("SetUpSpace")]
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

    /// Creates a named space with app authentication (the app becomes a member, not a
    /// manager). App authentication needs `space.customer`, which this sets to
    /// `customers/my_customer`: the app's own Workspace organization (for a private app);
    /// set another `customers/{id}` with `.request_mut()` if needed. With user
    /// authentication `customer` must not be set: use
    /// [`set_up_space_with`](Self::set_up_space_with) or `create_space()` instead.
    ///
    /// Authentication: a Chat app with administrator approval.
    ///
    /// ```no_run
    /// # async fn run(app: google_chat_grpc::ChatClient) -> Result<(), google_chat_grpc::Error> {
    /// let space = app.create_space_as_app("Incident 42").send().await?;
    /// app.add_user(&space.name, "users/123456789").send().await?;
    /// # Ok(()) }
    /// ```
    #[doc = ""]
    #[doc = scopes_doc!("CreateSpace")]
    pub fn create_space_as_app(&self, display_name: impl Into<String>) -> CreateSpace {
        self.create_space().set_space(Space {
            display_name: display_name.into(),
            space_type: space::SpaceType::Space.into(),
            customer: Some(MY_CUSTOMER.to_owned()),
            ..Default::default()
        })
    }

    /// Finds the direct message space between the caller and a user (`users/{user}` or an
    /// email). `NOT_FOUND` when there is none.
    ///
    /// Authentication: a user, or a Chat app (the app's DM with that user).
    #[doc = ""]
    #[doc = scopes_doc!("FindDirectMessage")]
    pub fn find_dm(&self, user: impl Into<String>) -> FindDirectMessage {
        self.find_direct_message().set_name(user)
    }

    /// Marks a space (`spaces/{space}` or just its ID) read for the caller, up to now.
    ///
    /// Authentication: a user only.
    #[doc = ""]
    #[doc = scopes_doc!("UpdateSpaceReadState")]
    pub async fn mark_space_read(&self, space: impl AsRef<str>) -> Result<SpaceReadState> {
        let space = space.as_ref();
        let name = SpaceReadStateName::for_me(space.strip_prefix("spaces/").unwrap_or(space))?;
        self.update(SpaceReadStateUpdate::new(name).set_last_read_time(SystemTime::now()))
            .await
    }
}
