//! `SpaceEvent.payload`: 18 variants, one single and one batch variant per kind of change.
//!
//! Readers rarely care whether Chat delivered one change or a batch of them, so the views here
//! fold both into a list of the changed resources.
//!
//! (Past 600 lines for its examples: half the file is the doc tests of the views.)

use crate::proto::chat::v1::{
    Membership, Message, Reaction, Space, SpaceEvent, space_event::Payload,
};

/// What changed in a [`SpaceEvent`], whether it came alone or in a batch.
///
/// ```
/// use google_chat_grpc::oneof::SpaceEventKind;
///
/// let kind =
///     SpaceEventKind::from_event_type("google.workspace.chat.message.v1.batchCreated");
/// assert_eq!(kind, Some(SpaceEventKind::MessageCreated));
/// assert_eq!(
///     SpaceEventKind::MessageCreated.event_type(),
///     "google.workspace.chat.message.v1.created"
/// );
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SpaceEventKind {
    /// A message was posted.
    MessageCreated,
    /// A message was edited.
    MessageUpdated,
    /// A message was deleted.
    MessageDeleted,
    /// A member joined or was added.
    MembershipCreated,
    /// A membership changed (for example its role).
    MembershipUpdated,
    /// A member left or was removed.
    MembershipDeleted,
    /// A reaction was added to a message.
    ReactionCreated,
    /// A reaction was removed from a message.
    ReactionDeleted,
    /// The space's settings changed.
    SpaceUpdated,
}

impl SpaceEventKind {
    const ALL: [SpaceEventKind; 9] = [
        SpaceEventKind::MessageCreated,
        SpaceEventKind::MessageUpdated,
        SpaceEventKind::MessageDeleted,
        SpaceEventKind::MembershipCreated,
        SpaceEventKind::MembershipUpdated,
        SpaceEventKind::MembershipDeleted,
        SpaceEventKind::ReactionCreated,
        SpaceEventKind::ReactionDeleted,
        SpaceEventKind::SpaceUpdated,
    ];

    /// The `event_type` of a single event of this kind, as used in `ListSpaceEvents` filters
    /// (which must not name the batch types).
    ///
    /// ```
    /// use google_chat_grpc::oneof::SpaceEventKind;
    ///
    /// let filter = format!(
    ///     r#"event_types:"{}""#,
    ///     SpaceEventKind::ReactionCreated.event_type()
    /// );
    /// assert_eq!(
    ///     filter,
    ///     r#"event_types:"google.workspace.chat.reaction.v1.created""#
    /// );
    /// ```
    pub fn event_type(self) -> &'static str {
        match self {
            SpaceEventKind::MessageCreated => "google.workspace.chat.message.v1.created",
            SpaceEventKind::MessageUpdated => "google.workspace.chat.message.v1.updated",
            SpaceEventKind::MessageDeleted => "google.workspace.chat.message.v1.deleted",
            SpaceEventKind::MembershipCreated => "google.workspace.chat.membership.v1.created",
            SpaceEventKind::MembershipUpdated => "google.workspace.chat.membership.v1.updated",
            SpaceEventKind::MembershipDeleted => "google.workspace.chat.membership.v1.deleted",
            SpaceEventKind::ReactionCreated => "google.workspace.chat.reaction.v1.created",
            SpaceEventKind::ReactionDeleted => "google.workspace.chat.reaction.v1.deleted",
            SpaceEventKind::SpaceUpdated => "google.workspace.chat.space.v1.updated",
        }
    }

    /// The `event_type` of a batch of events of this kind.
    ///
    /// ```
    /// use google_chat_grpc::oneof::SpaceEventKind;
    ///
    /// assert_eq!(
    ///     SpaceEventKind::SpaceUpdated.batch_event_type(),
    ///     "google.workspace.chat.space.v1.batchUpdated"
    /// );
    /// ```
    pub fn batch_event_type(self) -> &'static str {
        match self {
            SpaceEventKind::MessageCreated => "google.workspace.chat.message.v1.batchCreated",
            SpaceEventKind::MessageUpdated => "google.workspace.chat.message.v1.batchUpdated",
            SpaceEventKind::MessageDeleted => "google.workspace.chat.message.v1.batchDeleted",
            SpaceEventKind::MembershipCreated => "google.workspace.chat.membership.v1.batchCreated",
            SpaceEventKind::MembershipUpdated => "google.workspace.chat.membership.v1.batchUpdated",
            SpaceEventKind::MembershipDeleted => "google.workspace.chat.membership.v1.batchDeleted",
            SpaceEventKind::ReactionCreated => "google.workspace.chat.reaction.v1.batchCreated",
            SpaceEventKind::ReactionDeleted => "google.workspace.chat.reaction.v1.batchDeleted",
            SpaceEventKind::SpaceUpdated => "google.workspace.chat.space.v1.batchUpdated",
        }
    }

    /// The kind named by an `event_type`, single or batch; `None` for a type this crate does
    /// not know.
    ///
    /// ```
    /// use google_chat_grpc::oneof::SpaceEventKind;
    ///
    /// assert_eq!(
    ///     SpaceEventKind::from_event_type("google.workspace.chat.membership.v1.deleted"),
    ///     Some(SpaceEventKind::MembershipDeleted)
    /// );
    /// assert_eq!(
    ///     SpaceEventKind::from_event_type("google.workspace.chat.message.v1.pinned"),
    ///     None
    /// );
    /// ```
    pub fn from_event_type(event_type: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|kind| kind.event_type() == event_type || kind.batch_event_type() == event_type)
    }
}

/// A [`SpaceEvent`]'s payload with single and batch variants folded together: the resources
/// that changed, in the order Chat sent them.
///
/// ```
/// use google_chat_grpc::oneof::SpaceEventData;
/// use google_chat_grpc::proto::chat::v1::{Message, MessageCreatedEventData, SpaceEvent};
///
/// let event = SpaceEvent::from_payload(MessageCreatedEventData {
///     message: Some(Message {
///         text: "hi".into(),
///         ..Default::default()
///     }),
/// });
/// match event.data() {
///     Some(SpaceEventData::MessagesCreated(messages)) => {
///         assert_eq!(messages[0].text, "hi")
///     }
///     other => panic!("unexpected {other:?}"),
/// }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum SpaceEventData<'a> {
    /// New messages.
    MessagesCreated(Vec<&'a Message>),
    /// Updated messages.
    MessagesUpdated(Vec<&'a Message>),
    /// Deleted messages.
    MessagesDeleted(Vec<&'a Message>),
    /// New memberships.
    MembershipsCreated(Vec<&'a Membership>),
    /// Updated memberships.
    MembershipsUpdated(Vec<&'a Membership>),
    /// Deleted memberships.
    MembershipsDeleted(Vec<&'a Membership>),
    /// New reactions.
    ReactionsCreated(Vec<&'a Reaction>),
    /// Deleted reactions.
    ReactionsDeleted(Vec<&'a Reaction>),
    /// Updated spaces (the space's new state, one entry per update).
    SpacesUpdated(Vec<&'a Space>),
}

impl Payload {
    /// The kind of change this payload carries.
    ///
    /// ```
    /// use google_chat_grpc::oneof::SpaceEventKind;
    /// use google_chat_grpc::proto::chat::v1::{
    ///     ReactionBatchDeletedEventData, space_event::Payload,
    /// };
    ///
    /// let payload = Payload::from(ReactionBatchDeletedEventData::default());
    /// assert_eq!(payload.kind(), SpaceEventKind::ReactionDeleted);
    /// ```
    pub fn kind(&self) -> SpaceEventKind {
        match self {
            Payload::MessageCreatedEventData(_) | Payload::MessageBatchCreatedEventData(_) => {
                SpaceEventKind::MessageCreated
            }
            Payload::MessageUpdatedEventData(_) | Payload::MessageBatchUpdatedEventData(_) => {
                SpaceEventKind::MessageUpdated
            }
            Payload::MessageDeletedEventData(_) | Payload::MessageBatchDeletedEventData(_) => {
                SpaceEventKind::MessageDeleted
            }
            Payload::MembershipCreatedEventData(_)
            | Payload::MembershipBatchCreatedEventData(_) => SpaceEventKind::MembershipCreated,
            Payload::MembershipUpdatedEventData(_)
            | Payload::MembershipBatchUpdatedEventData(_) => SpaceEventKind::MembershipUpdated,
            Payload::MembershipDeletedEventData(_)
            | Payload::MembershipBatchDeletedEventData(_) => SpaceEventKind::MembershipDeleted,
            Payload::ReactionCreatedEventData(_) | Payload::ReactionBatchCreatedEventData(_) => {
                SpaceEventKind::ReactionCreated
            }
            Payload::ReactionDeletedEventData(_) | Payload::ReactionBatchDeletedEventData(_) => {
                SpaceEventKind::ReactionDeleted
            }
            Payload::SpaceUpdatedEventData(_) | Payload::SpaceBatchUpdatedEventData(_) => {
                SpaceEventKind::SpaceUpdated
            }
        }
    }

    /// Whether this is one of the batch variants.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::{
    ///     MessageBatchCreatedEventData, MessageCreatedEventData, space_event::Payload,
    /// };
    ///
    /// assert!(Payload::from(MessageBatchCreatedEventData::default()).is_batch());
    /// assert!(!Payload::from(MessageCreatedEventData::default()).is_batch());
    /// ```
    pub fn is_batch(&self) -> bool {
        matches!(
            self,
            Payload::MessageBatchCreatedEventData(_)
                | Payload::MessageBatchUpdatedEventData(_)
                | Payload::MessageBatchDeletedEventData(_)
                | Payload::MembershipBatchCreatedEventData(_)
                | Payload::MembershipBatchUpdatedEventData(_)
                | Payload::MembershipBatchDeletedEventData(_)
                | Payload::ReactionBatchCreatedEventData(_)
                | Payload::ReactionBatchDeletedEventData(_)
                | Payload::SpaceBatchUpdatedEventData(_)
        )
    }

    /// The `event_type` string that goes with this payload.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::{
    ///     SpaceBatchUpdatedEventData, space_event::Payload,
    /// };
    ///
    /// assert_eq!(
    ///     Payload::from(SpaceBatchUpdatedEventData::default()).event_type(),
    ///     "google.workspace.chat.space.v1.batchUpdated"
    /// );
    /// ```
    pub fn event_type(&self) -> &'static str {
        if self.is_batch() {
            self.kind().batch_event_type()
        } else {
            self.kind().event_type()
        }
    }
}

// The resources changed by a single variant (`data.$item`) or by its batch variant (the
// `$item` of each of `batch.$list`), in order; empty for any other payload.
macro_rules! folded {
    ($event:expr, $single:ident, $batch:ident, $list:ident, $item:ident) => {
        match &$event.payload {
            Some(Payload::$single(data)) => data.$item.iter().collect(),
            Some(Payload::$batch(batch)) => batch
                .$list
                .iter()
                .filter_map(|data| data.$item.as_ref())
                .collect(),
            _ => Vec::new(),
        }
    };
}

impl SpaceEvent {
    /// An event carrying `payload`, with `event_type` set to match it (name and time unset).
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::{ReactionCreatedEventData, SpaceEvent};
    ///
    /// let event = SpaceEvent::from_payload(ReactionCreatedEventData::default());
    /// assert_eq!(
    ///     event.event_type,
    ///     "google.workspace.chat.reaction.v1.created"
    /// );
    /// ```
    pub fn from_payload(payload: impl Into<Payload>) -> Self {
        let payload = payload.into();
        SpaceEvent {
            event_type: payload.event_type().to_owned(),
            payload: Some(payload),
            ..Default::default()
        }
    }

    /// What changed: from the payload, or from `event_type` when the payload is missing.
    /// `None` when neither says.
    ///
    /// ```
    /// use google_chat_grpc::oneof::SpaceEventKind;
    /// use google_chat_grpc::proto::chat::v1::SpaceEvent;
    ///
    /// let event = SpaceEvent {
    ///     event_type: "google.workspace.chat.space.v1.updated".into(),
    ///     ..Default::default()
    /// };
    /// assert_eq!(event.kind(), Some(SpaceEventKind::SpaceUpdated));
    /// assert_eq!(SpaceEvent::default().kind(), None);
    /// ```
    pub fn kind(&self) -> Option<SpaceEventKind> {
        match &self.payload {
            Some(payload) => Some(payload.kind()),
            None => SpaceEventKind::from_event_type(&self.event_type),
        }
    }

    /// Whether the payload is a batch variant; `false` when there is no payload.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::{MembershipBatchCreatedEventData, SpaceEvent};
    ///
    /// assert!(
    ///     SpaceEvent::from_payload(MembershipBatchCreatedEventData::default()).is_batch()
    /// );
    /// ```
    pub fn is_batch(&self) -> bool {
        self.payload.as_ref().is_some_and(Payload::is_batch)
    }

    /// The payload as a list of changed resources, single and batch alike; `None` without a
    /// payload.
    ///
    /// ```
    /// use google_chat_grpc::oneof::SpaceEventData;
    /// use google_chat_grpc::proto::chat::v1::{
    ///     Membership, MembershipBatchDeletedEventData, MembershipDeletedEventData, SpaceEvent,
    /// };
    ///
    /// let gone = |name: &str| MembershipDeletedEventData {
    ///     membership: Some(Membership {
    ///         name: name.into(),
    ///         ..Default::default()
    ///     }),
    /// };
    /// let event = SpaceEvent::from_payload(MembershipBatchDeletedEventData {
    ///     memberships: vec![gone("spaces/S/members/1"), gone("spaces/S/members/2")],
    /// });
    /// let Some(SpaceEventData::MembershipsDeleted(memberships)) = event.data() else {
    ///     panic!("expected deleted memberships");
    /// };
    /// assert_eq!(memberships.len(), 2);
    /// ```
    pub fn data(&self) -> Option<SpaceEventData<'_>> {
        Some(match self.payload.as_ref()?.kind() {
            SpaceEventKind::MessageCreated => {
                SpaceEventData::MessagesCreated(self.messages_created())
            }
            SpaceEventKind::MessageUpdated => {
                SpaceEventData::MessagesUpdated(self.messages_updated())
            }
            SpaceEventKind::MessageDeleted => {
                SpaceEventData::MessagesDeleted(self.messages_deleted())
            }
            SpaceEventKind::MembershipCreated => {
                SpaceEventData::MembershipsCreated(self.memberships_created())
            }
            SpaceEventKind::MembershipUpdated => {
                SpaceEventData::MembershipsUpdated(self.memberships_updated())
            }
            SpaceEventKind::MembershipDeleted => {
                SpaceEventData::MembershipsDeleted(self.memberships_deleted())
            }
            SpaceEventKind::ReactionCreated => {
                SpaceEventData::ReactionsCreated(self.reactions_created())
            }
            SpaceEventKind::ReactionDeleted => {
                SpaceEventData::ReactionsDeleted(self.reactions_deleted())
            }
            SpaceEventKind::SpaceUpdated => SpaceEventData::SpacesUpdated(self.spaces_updated()),
        })
    }

    /// The new messages of a `message.v1.created` or `batchCreated` event; empty for any
    /// other event.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::{
    ///     Message, MessageBatchCreatedEventData, MessageCreatedEventData, SpaceEvent,
    /// };
    ///
    /// let created = |text: &str| MessageCreatedEventData {
    ///     message: Some(Message {
    ///         text: text.into(),
    ///         ..Default::default()
    ///     }),
    /// };
    /// let single = SpaceEvent::from_payload(created("one"));
    /// let batch = SpaceEvent::from_payload(MessageBatchCreatedEventData {
    ///     messages: vec![created("two"), created("three")],
    /// });
    /// assert_eq!(single.messages_created()[0].text, "one");
    /// assert_eq!(batch.messages_created().len(), 2);
    /// assert!(batch.messages_deleted().is_empty());
    /// ```
    pub fn messages_created(&self) -> Vec<&Message> {
        folded!(
            self,
            MessageCreatedEventData,
            MessageBatchCreatedEventData,
            messages,
            message
        )
    }

    /// The edited messages (new state) of a `message.v1.updated` or `batchUpdated` event.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::{Message, MessageUpdatedEventData, SpaceEvent};
    ///
    /// let event = SpaceEvent::from_payload(MessageUpdatedEventData {
    ///     message: Some(Message {
    ///         text: "edited".into(),
    ///         ..Default::default()
    ///     }),
    /// });
    /// assert_eq!(event.messages_updated()[0].text, "edited");
    /// assert!(event.messages_created().is_empty());
    /// ```
    pub fn messages_updated(&self) -> Vec<&Message> {
        folded!(
            self,
            MessageUpdatedEventData,
            MessageBatchUpdatedEventData,
            messages,
            message
        )
    }

    /// The deleted messages of a `message.v1.deleted` or `batchDeleted` event (Chat sends
    /// their name and deletion metadata only).
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::{Message, MessageDeletedEventData, SpaceEvent};
    ///
    /// let event = SpaceEvent::from_payload(MessageDeletedEventData {
    ///     message: Some(Message {
    ///         name: "spaces/S/messages/M".into(),
    ///         ..Default::default()
    ///     }),
    /// });
    /// assert_eq!(event.messages_deleted()[0].name, "spaces/S/messages/M");
    /// ```
    pub fn messages_deleted(&self) -> Vec<&Message> {
        folded!(
            self,
            MessageDeletedEventData,
            MessageBatchDeletedEventData,
            messages,
            message
        )
    }

    /// The new memberships of a `membership.v1.created` or `batchCreated` event.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::{
    ///     Membership, MembershipCreatedEventData, SpaceEvent,
    /// };
    ///
    /// let event = SpaceEvent::from_payload(MembershipCreatedEventData {
    ///     membership: Some(Membership::for_user("users/1")),
    /// });
    /// assert_eq!(event.memberships_created().len(), 1);
    /// ```
    pub fn memberships_created(&self) -> Vec<&Membership> {
        folded!(
            self,
            MembershipCreatedEventData,
            MembershipBatchCreatedEventData,
            memberships,
            membership
        )
    }

    /// The changed memberships of a `membership.v1.updated` or `batchUpdated` event.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::{
    ///     Membership, MembershipUpdatedEventData, SpaceEvent,
    /// };
    ///
    /// let event = SpaceEvent::from_payload(MembershipUpdatedEventData {
    ///     membership: Some(Membership::for_user("users/1")),
    /// });
    /// assert_eq!(event.memberships_updated().len(), 1);
    /// ```
    pub fn memberships_updated(&self) -> Vec<&Membership> {
        folded!(
            self,
            MembershipUpdatedEventData,
            MembershipBatchUpdatedEventData,
            memberships,
            membership
        )
    }

    /// The removed memberships of a `membership.v1.deleted` or `batchDeleted` event.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::{
    ///     Membership, MembershipDeletedEventData, SpaceEvent,
    /// };
    ///
    /// let event = SpaceEvent::from_payload(MembershipDeletedEventData {
    ///     membership: Some(Membership::for_group("groups/g")),
    /// });
    /// assert_eq!(
    ///     event.memberships_deleted()[0].group().unwrap().name,
    ///     "groups/g"
    /// );
    /// ```
    pub fn memberships_deleted(&self) -> Vec<&Membership> {
        folded!(
            self,
            MembershipDeletedEventData,
            MembershipBatchDeletedEventData,
            memberships,
            membership
        )
    }

    /// The new reactions of a `reaction.v1.created` or `batchCreated` event.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::{
    ///     Emoji, Reaction, ReactionBatchCreatedEventData, ReactionCreatedEventData,
    ///     SpaceEvent,
    /// };
    ///
    /// let reacted = ReactionCreatedEventData {
    ///     reaction: Some(Reaction {
    ///         emoji: Some(Emoji::unicode("🎉")),
    ///         ..Default::default()
    ///     }),
    /// };
    /// let event = SpaceEvent::from_payload(ReactionBatchCreatedEventData {
    ///     reactions: vec![reacted],
    /// });
    /// let reactions = event.reactions_created();
    /// assert_eq!(
    ///     reactions[0].emoji.as_ref().and_then(Emoji::as_unicode),
    ///     Some("🎉")
    /// );
    /// ```
    pub fn reactions_created(&self) -> Vec<&Reaction> {
        folded!(
            self,
            ReactionCreatedEventData,
            ReactionBatchCreatedEventData,
            reactions,
            reaction
        )
    }

    /// The removed reactions of a `reaction.v1.deleted` or `batchDeleted` event.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::{
    ///     Reaction, ReactionDeletedEventData, SpaceEvent,
    /// };
    ///
    /// let event = SpaceEvent::from_payload(ReactionDeletedEventData {
    ///     reaction: Some(Reaction::default()),
    /// });
    /// assert_eq!(event.reactions_deleted().len(), 1);
    /// assert!(event.reactions_created().is_empty());
    /// ```
    pub fn reactions_deleted(&self) -> Vec<&Reaction> {
        folded!(
            self,
            ReactionDeletedEventData,
            ReactionBatchDeletedEventData,
            reactions,
            reaction
        )
    }

    /// The space's new state after each update of a `space.v1.updated` or `batchUpdated`
    /// event.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::{Space, SpaceEvent, SpaceUpdatedEventData};
    ///
    /// let event = SpaceEvent::from_payload(SpaceUpdatedEventData {
    ///     space: Some(Space {
    ///         display_name: "Ops".into(),
    ///         ..Default::default()
    ///     }),
    /// });
    /// assert_eq!(event.spaces_updated()[0].display_name, "Ops");
    /// ```
    pub fn spaces_updated(&self) -> Vec<&Space> {
        folded!(
            self,
            SpaceUpdatedEventData,
            SpaceBatchUpdatedEventData,
            spaces,
            space
        )
    }
}
