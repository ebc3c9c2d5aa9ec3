//! Reactions: `CreateReaction`, `ListReactions`, `DeleteReaction`. A user reacts at most once
//! per emoji per message; only the reacting user removes a reaction; each message's
//! `emoji_reaction_summaries` follow (they are computed from the reactions on every read).

use tonic::Status;

use super::errors::{already_exists, denied, invalid, not_found, required};
use super::filter::{self, Expr, Op};
use super::identity::Caller;
use super::paging::{Key, PageRules};
use super::state::{State, split_child};
use crate::proto::chat::v1::space_event::Payload;
use crate::proto::chat::v1::{
    CreateReactionRequest, DeleteReactionRequest, Emoji, ListReactionsRequest,
    ListReactionsResponse, Reaction, ReactionCreatedEventData, ReactionDeletedEventData, emoji,
};

const PAGE: PageRules = PageRules::new(25, 200);

/// The full emoji for a request's emoji: custom emojis looked up by UID or name.
fn resolve_emoji(state: &State, e: Option<Emoji>) -> Result<Emoji, Status> {
    match e.and_then(|e| e.content) {
        Some(emoji::Content::Unicode(u)) if !u.is_empty() => Ok(Emoji {
            content: Some(emoji::Content::Unicode(u)),
        }),
        Some(emoji::Content::CustomEmoji(c)) => {
            let found = state
                .custom_emojis
                .values()
                .find(|r| {
                    (!c.uid.is_empty() && r.emoji.uid == c.uid)
                        || (!c.name.is_empty() && r.emoji.name == c.name)
                })
                .ok_or_else(|| {
                    not_found(
                        "CustomEmoji",
                        if c.uid.is_empty() { &c.name } else { &c.uid },
                    )
                })?;
            let mut custom = found.emoji.clone();
            custom.payload = None;
            Ok(Emoji {
                content: Some(emoji::Content::CustomEmoji(custom)),
            })
        }
        _ => Err(required("reaction.emoji")),
    }
}

/// `CreateReaction`.
pub(crate) fn create(
    state: &mut State,
    caller: &Caller,
    req: CreateReactionRequest,
) -> Result<Reaction, Status> {
    let (space, i) = state.locate_message(caller, &req.parent, "parent")?;
    let input = req.reaction.ok_or_else(|| required("reaction"))?;
    let emoji = resolve_emoji(state, input.emoji)?;
    let rec = &state.spaces[&space].messages[i];
    if let Some(existing) = rec.reactions.iter().find(|r| {
        r.emoji.as_ref() == Some(&emoji)
            && r.user.as_ref().map(|u| u.name.as_str()) == Some(caller.name.as_str())
    }) {
        return Err(already_exists(
            "Reaction",
            &existing.name,
            "the user already reacted with this emoji",
        ));
    }
    let id = state.ids.short();
    let reaction = Reaction {
        name: format!("{}/reactions/{id}", rec.message.name),
        user: Some(caller.user()),
        emoji: Some(emoji),
    };
    let rec = state
        .spaces
        .get_mut(&space)
        .ok_or_else(|| not_found("Space", &space))?;
    rec.messages[i].reactions.push(reaction.clone());
    state.record(
        &space,
        Payload::ReactionCreatedEventData(ReactionCreatedEventData {
            reaction: Some(reaction.clone()),
        }),
    );
    Ok(reaction)
}

#[derive(PartialEq, Clone, Copy)]
enum Kind {
    Emoji,
    User,
}

fn kind_of(e: &Expr) -> Result<Kind, Status> {
    match e {
        Expr::Cmp {
            field, op: Op::Eq, ..
        } => match field.as_str() {
            "emoji.unicode" | "emoji.custom_emoji.uid" => Ok(Kind::Emoji),
            "user.name" => Ok(Kind::User),
            _ => Err(invalid("filter", format!("`{field}` can't be filtered on"))),
        },
        _ => Err(invalid(
            "filter",
            "supported: `emoji.unicode = ...`, `emoji.custom_emoji.uid = ...`, `user.name = ...`",
        )),
    }
}

/// A group: one comparison, or comparisons of one kind joined with OR.
fn group_kind(e: &Expr) -> Result<Kind, Status> {
    match e {
        Expr::Or(items) => {
            let first = kind_of(&items[0])?;
            for i in &items[1..] {
                if kind_of(i)? != first {
                    return Err(invalid(
                        "filter",
                        "OR joins only emojis with emojis, or users with users",
                    ));
                }
            }
            Ok(first)
        }
        other => kind_of(other),
    }
}

fn check_filter(e: &Expr) -> Result<(), Status> {
    let groups = match e {
        Expr::And(items) => items.iter().collect::<Vec<_>>(),
        other => vec![other],
    };
    let mut seen = Vec::new();
    for g in groups {
        let k = group_kind(g)?;
        if seen.contains(&k) {
            return Err(invalid(
                "filter",
                "AND joins an emoji condition with a user condition, not two of a kind",
            ));
        }
        seen.push(k);
    }
    Ok(())
}

fn eval(e: &Expr, r: &Reaction) -> bool {
    match e {
        Expr::And(items) => items.iter().all(|i| eval(i, r)),
        Expr::Or(items) => items.iter().any(|i| eval(i, r)),
        Expr::Cmp { field, value, .. } => match field.as_str() {
            "user.name" => r.user.as_ref().is_some_and(|u| &u.name == value),
            "emoji.unicode" => {
                matches!(r.emoji.as_ref().and_then(|e| e.content.as_ref()), Some(emoji::Content::Unicode(u)) if u == value)
            }
            _ => {
                matches!(r.emoji.as_ref().and_then(|e| e.content.as_ref()), Some(emoji::Content::CustomEmoji(c)) if &c.uid == value)
            }
        },
        _ => false,
    }
}

/// `ListReactions`.
pub(crate) fn list(
    state: &mut State,
    caller: &Caller,
    req: ListReactionsRequest,
) -> Result<ListReactionsResponse, Status> {
    let expr = filter::parse(&req.filter, "filter")?;
    if let Some(e) = &expr {
        check_filter(e)?;
    }
    let (space, i) = state.locate_message(caller, &req.parent, "parent")?;
    let items: Vec<(Key, Reaction)> = state.spaces[&space].messages[i]
        .reactions
        .iter()
        .filter(|r| expr.as_ref().is_none_or(|e| eval(e, r)))
        .map(|r| (Key::new().text(&r.name), r.clone()))
        .collect();
    let (reactions, next_page_token) =
        PAGE.page(items, &req, &["ListReactions", &req.parent, &req.filter])?;
    Ok(ListReactionsResponse {
        reactions,
        next_page_token,
    })
}

/// `DeleteReaction`.
pub(crate) fn delete(
    state: &mut State,
    caller: &Caller,
    req: DeleteReactionRequest,
) -> Result<(), Status> {
    let (message_name, _) = req.name.rsplit_once("/reactions/").ok_or_else(|| {
        invalid(
            "name",
            "must be `spaces/{space}/messages/{message}/reactions/{reaction}`",
        )
    })?;
    split_child(
        message_name,
        "messages",
        "name",
        "spaces/{space}/messages/{message}/reactions/{reaction}",
    )?;
    let (space, i) = state.locate_message(caller, message_name, "name")?;
    let msg = &state.spaces[&space].messages[i];
    // The name may use a client-assigned message ID; match on the reaction's own ID.
    let rid = req.name.rsplit('/').next().unwrap_or_default();
    let j = msg
        .reactions
        .iter()
        .position(|r| r.name.rsplit('/').next() == Some(rid))
        .ok_or_else(|| not_found("Reaction", &req.name))?;
    if msg.reactions[j].user.as_ref().map(|u| u.name.as_str()) != Some(caller.name.as_str()) {
        return Err(denied("only the user who reacted can delete the reaction"));
    }
    let rec = state
        .spaces
        .get_mut(&space)
        .ok_or_else(|| not_found("Space", &space))?;
    let removed = rec.messages[i].reactions.remove(j);
    state.record(
        &space,
        Payload::ReactionDeletedEventData(ReactionDeletedEventData {
            reaction: Some(removed),
        }),
    );
    Ok(())
}
