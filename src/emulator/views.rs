//! What a caller sees of a response: of its users, and of the scope-bound fields of its
//! spaces. "When returned as an output from a request, if your Chat app authenticates as a
//! user, the output for a `User` resource only populates the user's `name` and `type`"
//! (user.proto, `User`): the emulator stores display names (from its directory) and shows
//! them to apps, and every response passes through [`CallerView::for_caller`] on its way
//! out, so no handler can forget it.

use super::identity::Caller;
use crate::proto::chat::v1::space_event::Payload;
use crate::proto::chat::v1::{
    Annotation, Attachment, Availability, CompleteImportSpaceResponse, CustomEmoji,
    FindGroupChatsResponse, ListCustomEmojisResponse, ListMembershipsResponse,
    ListMessagePinsResponse, ListMessagesResponse, ListReactionsResponse, ListSectionItemsResponse,
    ListSectionsResponse, ListSpaceEventsResponse, ListSpacesResponse, Membership, Message,
    MessagePin, MoveSectionItemResponse, PositionSectionResponse, Reaction, SearchMessagesResponse,
    SearchSpacesResponse, Section, Space, SpaceEvent, SpaceNotificationSetting, SpaceReadState,
    ThreadReadState, UploadAttachmentResponse, User, annotation, membership,
};

/// A response as `caller` may see it.
pub(crate) trait CallerView {
    /// Leaves out what `caller` doesn't get to see. Most responses carry no users.
    fn for_caller(&mut self, _caller: &Caller) {}
}

/// Responses without a `User` in them.
macro_rules! no_users {
    ($($t:ty),* $(,)?) => { $(impl CallerView for $t {})* };
}

no_users!(
    (),
    Attachment,
    UploadAttachmentResponse,
    SearchSpacesResponse,
    CompleteImportSpaceResponse,
    FindGroupChatsResponse,
    ListMessagePinsResponse,
    MessagePin,
    CustomEmoji,
    ListCustomEmojisResponse,
    SpaceReadState,
    ThreadReadState,
    Availability,
    SpaceNotificationSetting,
    Section,
    ListSectionsResponse,
    PositionSectionResponse,
    ListSectionItemsResponse,
    MoveSectionItemResponse,
);

impl CallerView for User {
    fn for_caller(&mut self, caller: &Caller) {
        if !caller.is_app() {
            *self = User {
                name: std::mem::take(&mut self.name),
                r#type: self.r#type,
                ..Default::default()
            };
        }
    }
}

impl<T: CallerView> CallerView for Option<T> {
    fn for_caller(&mut self, caller: &Caller) {
        if let Some(t) = self {
            t.for_caller(caller);
        }
    }
}

impl<T: CallerView> CallerView for Vec<T> {
    fn for_caller(&mut self, caller: &Caller) {
        for t in self {
            t.for_caller(caller);
        }
    }
}

/// "This field is not populated when using the `chat.bot` scope with app authentication"
/// (space.proto, `AccessSettings.audience`): an app's token without `chat.app.spaces` sees
/// no audience in any space it is given (GetSpace leaves out the whole access settings).
impl CallerView for Space {
    fn for_caller(&mut self, caller: &Caller) {
        if caller.is_app()
            && !caller.has_scope(crate::auth::scopes::CHAT_APP_SPACES)
            && let Some(access) = &mut self.access_settings
        {
            access.audience.clear();
        }
    }
}

impl CallerView for ListSpacesResponse {
    fn for_caller(&mut self, caller: &Caller) {
        self.spaces.for_caller(caller);
    }
}

impl CallerView for Annotation {
    fn for_caller(&mut self, caller: &Caller) {
        match &mut self.metadata {
            Some(annotation::Metadata::UserMention(m)) => m.user.for_caller(caller),
            Some(annotation::Metadata::SlashCommand(s)) => s.bot.for_caller(caller),
            _ => {}
        }
    }
}

impl CallerView for Message {
    fn for_caller(&mut self, caller: &Caller) {
        self.sender.for_caller(caller);
        self.private_message_viewer.for_caller(caller);
        self.annotations.for_caller(caller);
    }
}

impl CallerView for Membership {
    fn for_caller(&mut self, caller: &Caller) {
        if let Some(membership::MemberType::Member(u)) = &mut self.member_type {
            u.for_caller(caller);
        }
    }
}

impl CallerView for Reaction {
    fn for_caller(&mut self, caller: &Caller) {
        self.user.for_caller(caller);
    }
}

impl CallerView for ListMessagesResponse {
    fn for_caller(&mut self, caller: &Caller) {
        self.messages.for_caller(caller);
    }
}

impl CallerView for ListMembershipsResponse {
    fn for_caller(&mut self, caller: &Caller) {
        self.memberships.for_caller(caller);
    }
}

impl CallerView for ListReactionsResponse {
    fn for_caller(&mut self, caller: &Caller) {
        self.reactions.for_caller(caller);
    }
}

impl CallerView for SearchMessagesResponse {
    fn for_caller(&mut self, caller: &Caller) {
        for r in &mut self.results {
            r.message.for_caller(caller);
        }
    }
}

impl CallerView for SpaceEvent {
    fn for_caller(&mut self, caller: &Caller) {
        match &mut self.payload {
            Some(Payload::MessageCreatedEventData(d)) => d.message.for_caller(caller),
            Some(Payload::MessageUpdatedEventData(d)) => d.message.for_caller(caller),
            Some(Payload::MessageDeletedEventData(d)) => d.message.for_caller(caller),
            Some(Payload::MessageBatchCreatedEventData(d)) => {
                d.messages
                    .iter_mut()
                    .for_each(|m| m.message.for_caller(caller));
            }
            Some(Payload::MessageBatchUpdatedEventData(d)) => {
                d.messages
                    .iter_mut()
                    .for_each(|m| m.message.for_caller(caller));
            }
            Some(Payload::MessageBatchDeletedEventData(d)) => {
                d.messages
                    .iter_mut()
                    .for_each(|m| m.message.for_caller(caller));
            }
            Some(Payload::MembershipCreatedEventData(d)) => d.membership.for_caller(caller),
            Some(Payload::MembershipUpdatedEventData(d)) => d.membership.for_caller(caller),
            Some(Payload::MembershipDeletedEventData(d)) => d.membership.for_caller(caller),
            Some(Payload::MembershipBatchCreatedEventData(d)) => d
                .memberships
                .iter_mut()
                .for_each(|m| m.membership.for_caller(caller)),
            Some(Payload::MembershipBatchUpdatedEventData(d)) => d
                .memberships
                .iter_mut()
                .for_each(|m| m.membership.for_caller(caller)),
            Some(Payload::MembershipBatchDeletedEventData(d)) => d
                .memberships
                .iter_mut()
                .for_each(|m| m.membership.for_caller(caller)),
            Some(Payload::ReactionCreatedEventData(d)) => d.reaction.for_caller(caller),
            Some(Payload::ReactionDeletedEventData(d)) => d.reaction.for_caller(caller),
            Some(Payload::ReactionBatchCreatedEventData(d)) => d
                .reactions
                .iter_mut()
                .for_each(|r| r.reaction.for_caller(caller)),
            Some(Payload::ReactionBatchDeletedEventData(d)) => d
                .reactions
                .iter_mut()
                .for_each(|r| r.reaction.for_caller(caller)),
            Some(Payload::SpaceUpdatedEventData(d)) => d.space.for_caller(caller),
            Some(Payload::SpaceBatchUpdatedEventData(d)) => {
                d.spaces.iter_mut().for_each(|s| s.space.for_caller(caller))
            }
            None => {}
        }
    }
}

impl CallerView for ListSpaceEventsResponse {
    fn for_caller(&mut self, caller: &Caller) {
        self.space_events.for_caller(caller);
    }
}
