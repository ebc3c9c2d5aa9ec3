//! Turning a retry's report of an earlier attempt's effect back into the success it was, for
//! the methods of [`Idempotency::Reconciled`](crate::Idempotency::Reconciled): a keyed create
//! that answers `ALREADY_EXISTS` fetches what the earlier attempt made, a delete that answers
//! `NOT_FOUND` succeeds, `CompleteImportSpace` that answers `FAILED_PRECONDITION` returns the
//! completed space.
//!
//! The send path calls these only when an attempt before the last one of the same call may
//! have taken effect; a first attempt's `ALREADY_EXISTS` is the caller's error and stays one.
//! Each returns `None` when the error is not the one its method reconciles.

use tonic::Code;

use crate::auth::BoxFuture;
use crate::proto::chat::v1::{
    CompleteImportSpaceRequest, CompleteImportSpaceResponse, CreateCustomEmojiRequest,
    CreateMembershipRequest, CreateMessagePinRequest, CreateReactionRequest, CustomEmoji,
    DeleteMembershipRequest, Membership, MessagePin, Reaction, emoji, membership,
};
use crate::{CallOptions, ChatClient, Error, Result};

/// A reconcile: `None` when `error` is not what the method's repeat answers.
type Reconciled<'a, T> = Option<BoxFuture<'a, Result<T>>>;

fn is(error: &Error, code: Code) -> bool {
    error.code() == Some(code)
}

/// A delete whose earlier attempt removed the resource: done.
pub(crate) fn deleted<'a, T: Default + Send + 'a>(error: &Error) -> Reconciled<'a, T> {
    is(error, Code::NotFound).then(|| Box::pin(async { Ok(T::default()) }) as BoxFuture<'a, _>)
}

/// `DeleteMembership` answers with the membership, now `NOT_A_MEMBER`; after the earlier
/// attempt removed it, the client knows its name and that state, nothing else.
pub(crate) fn delete_membership<'a>(
    request: &'a DeleteMembershipRequest,
    _: &'a ChatClient,
    _: &'a CallOptions,
    error: &Error,
) -> Reconciled<'a, Membership> {
    is(error, Code::NotFound).then(|| {
        let membership = Membership {
            name: request.name.clone(),
            state: membership::MembershipState::NotAMember as i32,
            ..Default::default()
        };
        Box::pin(async { Ok(membership) }) as BoxFuture<'a, _>
    })
}

/// The caller's reaction with that emoji on that message. The filter finds the reactions
/// with the emoji; the caller's is the one, unless others reacted the same way, when the
/// client cannot tell which is the caller's and the `ALREADY_EXISTS` stands.
pub(crate) fn create_reaction<'a>(
    request: &'a CreateReactionRequest,
    client: &'a ChatClient,
    options: &'a CallOptions,
    error: &'a Error,
) -> Reconciled<'a, Reaction> {
    if !is(error, Code::AlreadyExists) {
        return None;
    }
    let filter = match request
        .reaction
        .as_ref()?
        .emoji
        .as_ref()?
        .content
        .as_ref()?
    {
        emoji::Content::Unicode(text) => format!("emoji.unicode = {}", quoted(text)),
        emoji::Content::CustomEmoji(custom) => {
            format!("emoji.custom_emoji.uid = {}", quoted(&custom.uid))
        }
    };
    Some(Box::pin(async move {
        let page = client
            .list_reactions(&request.parent)
            .set_filter(filter)
            .with_options(options.clone())
            .send()
            .await?;
        match <[Reaction; 1]>::try_from(page.reactions) {
            Ok([reaction]) if page.next_page_token.is_empty() => Ok(reaction),
            _ => Err(error.clone()),
        }
    }))
}

/// The membership of that member: `spaces/{space}/members/{user or group}`.
pub(crate) fn create_membership<'a>(
    request: &'a CreateMembershipRequest,
    client: &'a ChatClient,
    options: &'a CallOptions,
    error: &Error,
) -> Reconciled<'a, Membership> {
    if !is(error, Code::AlreadyExists) {
        return None;
    }
    let member = match request.membership.as_ref()?.member_type.as_ref()? {
        membership::MemberType::Member(user) => user.name.strip_prefix("users/")?,
        membership::MemberType::GroupMember(group) => group.name.strip_prefix("groups/")?,
    };
    let name = format!("{}/members/{member}", request.parent);
    Some(Box::pin(async move {
        client
            .get_membership(name)
            .set_use_admin_access(request.use_admin_access)
            .with_options(options.clone())
            .send()
            .await
    }))
}

/// The pin of that message, which the API names after it: the pin of
/// `spaces/AAA/messages/bbb.ccc` is `spaces/AAA/messagePins/bbb.ccc` (documented on
/// `MessagePin.name`), so nothing needs fetching.
pub(crate) fn create_message_pin<'a>(
    request: &'a CreateMessagePinRequest,
    _: &'a ChatClient,
    _: &'a CallOptions,
    error: &Error,
) -> Reconciled<'a, MessagePin> {
    if !is(error, Code::AlreadyExists) {
        return None;
    }
    let message = request.message_pin.as_ref()?.message.clone();
    let id = message.rsplit_once("/messages/")?.1;
    let pin = MessagePin {
        name: format!("{}/messagePins/{id}", request.parent),
        message: message.clone(),
    };
    Some(Box::pin(async { Ok(pin) }))
}

/// The custom emoji of that name (`customEmojis/:name:`, which the API takes as an alias).
pub(crate) fn create_custom_emoji<'a>(
    request: &'a CreateCustomEmojiRequest,
    client: &'a ChatClient,
    options: &'a CallOptions,
    error: &Error,
) -> Reconciled<'a, CustomEmoji> {
    if !is(error, Code::AlreadyExists) {
        return None;
    }
    let name = request.custom_emoji.as_ref()?.emoji_name.clone();
    if name.is_empty() {
        return None;
    }
    Some(Box::pin(async move {
        client
            .get_custom_emoji(format!("customEmojis/{name}"))
            .with_options(options.clone())
            .send()
            .await
    }))
}

/// The space, if it is out of import mode: what the earlier attempt did.
pub(crate) fn complete_import_space<'a>(
    request: &'a CompleteImportSpaceRequest,
    client: &'a ChatClient,
    options: &'a CallOptions,
    error: &'a Error,
) -> Reconciled<'a, CompleteImportSpaceResponse> {
    if !is(error, Code::FailedPrecondition) {
        return None;
    }
    Some(Box::pin(async move {
        let space = client
            .get_space(&request.name)
            .with_options(options.clone())
            .send()
            .await?;
        if space.import_mode {
            return Err(error.clone());
        }
        Ok(CompleteImportSpaceResponse { space: Some(space) })
    }))
}

/// A filter string literal.
fn quoted(value: &str) -> String {
    format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
}
