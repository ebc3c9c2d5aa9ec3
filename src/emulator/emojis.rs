//! Custom emojis (`CreateCustomEmoji`, `GetCustomEmoji`, `ListCustomEmojis`,
//! `DeleteCustomEmoji`): names like `:party-parrot:` unique in the organisation, an image
//! payload of at most 256 KB, lookup by ID or by `customEmojis/:name:`, deletion by the
//! creator (or an administrator), and the `creator("users/me")` filter.

use tonic::Status;

use super::errors::{already_exists, denied, invalid, not_found, required};
use super::filter::{self, Expr};
use super::identity::Caller;
use super::paging::{Key, PageRules};
use super::state::{EmojiRec, State};
use crate::proto::chat::v1::{
    CreateCustomEmojiRequest, CustomEmoji, DeleteCustomEmojiRequest, GetCustomEmojiRequest,
    ListCustomEmojisRequest, ListCustomEmojisResponse,
};

const PAGE: PageRules = PageRules::new(25, 200);
const MAX_IMAGE_BYTES: usize = 256 * 1024;

/// What a client sees: no payload (it is input only).
fn view(e: &EmojiRec) -> CustomEmoji {
    CustomEmoji {
        payload: None,
        ..e.emoji.clone()
    }
}

fn find<'a>(state: &'a State, name: &str) -> Result<&'a EmojiRec, Status> {
    let key = name
        .strip_prefix("customEmojis/")
        .filter(|k| !k.is_empty())
        .ok_or_else(|| {
            invalid(
                "name",
                "must be `customEmojis/{customEmoji}` or `customEmojis/:emoji-name:`",
            )
        })?;
    state
        .custom_emojis
        .values()
        .find(|e| e.emoji.name == name || e.emoji.emoji_name == key)
        .ok_or_else(|| not_found("CustomEmoji", name))
}

/// `CreateCustomEmoji`.
pub(crate) fn create(
    state: &mut State,
    caller: &Caller,
    req: CreateCustomEmojiRequest,
) -> Result<CustomEmoji, Status> {
    let input = req.custom_emoji.ok_or_else(|| required("custom_emoji"))?;
    let n = &input.emoji_name;
    let inner = n
        .strip_prefix(':')
        .and_then(|s| s.strip_suffix(':'))
        .unwrap_or("");
    // Hyphens and underscores separate words: never first, last, or two in a row.
    let separator = |b: u8| b == b'-' || b == b'_';
    let ok = !inner.is_empty()
        && n.len() <= 64
        && inner
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || separator(b))
        && !inner.starts_with(['-', '_'])
        && !inner.ends_with(['-', '_'])
        && !inner
            .as_bytes()
            .windows(2)
            .any(|w| separator(w[0]) && separator(w[1]));
    if !ok {
        return Err(invalid(
            "custom_emoji.emoji_name",
            "must look like `:name:` with lowercase letters and digits, words separated by single `-` or `_` (at most 64 characters)",
        ));
    }
    let payload = input
        .payload
        .ok_or_else(|| required("custom_emoji.payload"))?;
    if payload.file_content.is_empty() {
        return Err(required("custom_emoji.payload.file_content"));
    }
    if payload.file_content.len() > MAX_IMAGE_BYTES {
        return Err(invalid(
            "custom_emoji.payload.file_content",
            "the image can be at most 256 KB",
        ));
    }
    if payload.filename.is_empty() {
        return Err(required("custom_emoji.payload.filename"));
    }
    let ext = payload
        .filename
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if !matches!(ext.as_str(), "png" | "jpg" | "gif") {
        return Err(invalid(
            "custom_emoji.payload.filename",
            "supported file extensions: `.png`, `.jpg`, `.gif`",
        ));
    }
    if state
        .custom_emojis
        .values()
        .any(|e| &e.emoji.emoji_name == n)
    {
        return Err(already_exists(
            "CustomEmoji",
            n,
            "an emoji with this name exists",
        ));
    }
    let id = state.ids.short();
    let emoji = CustomEmoji {
        name: format!("customEmojis/{id}"),
        uid: id.clone(),
        emoji_name: n.clone(),
        temporary_image_uri: format!("https://chat.google.com/emoji/{id}"),
        payload: None,
    };
    let rec = EmojiRec {
        emoji,
        creator: caller.name.clone(),
    };
    let out = view(&rec);
    state.custom_emojis.insert(out.name.clone(), rec);
    // Documented: not populated in the response when the custom emoji is created.
    Ok(CustomEmoji {
        temporary_image_uri: String::new(),
        ..out
    })
}

/// `GetCustomEmoji`.
pub(crate) fn get(
    state: &mut State,
    _caller: &Caller,
    req: GetCustomEmojiRequest,
) -> Result<CustomEmoji, Status> {
    find(state, &req.name).map(view)
}

/// `ListCustomEmojis`.
pub(crate) fn list(
    state: &mut State,
    caller: &Caller,
    req: ListCustomEmojisRequest,
) -> Result<ListCustomEmojisResponse, Status> {
    let mine = match filter::parse(&req.filter, "filter")? {
        None => None,
        Some(Expr::Call { name, args }) if name == "creator" && args == ["users/me"] => Some(true),
        Some(Expr::Not(inner)) if matches!(&*inner, Expr::Call { name, args } if name == "creator" && args == &["users/me"]) => {
            Some(false)
        }
        Some(_) => {
            return Err(invalid(
                "filter",
                "only `creator(\"users/me\")` and `NOT creator(\"users/me\")` are supported",
            ));
        }
    };
    let items: Vec<(Key, CustomEmoji)> = state
        .custom_emojis
        .values()
        .filter(|e| mine.is_none_or(|m| (e.creator == caller.name) == m))
        .map(|e| {
            let e = view(e);
            (Key::new().text(&e.name), e)
        })
        .collect();
    let (custom_emojis, next_page_token) =
        PAGE.page(items, &req, &["ListCustomEmojis", &req.filter])?;
    Ok(ListCustomEmojisResponse {
        custom_emojis,
        next_page_token,
    })
}

/// `DeleteCustomEmoji`.
pub(crate) fn delete(
    state: &mut State,
    caller: &Caller,
    req: DeleteCustomEmojiRequest,
) -> Result<(), Status> {
    let rec = find(state, &req.name)?;
    if rec.creator != caller.name && !caller.is_admin() {
        return Err(denied(
            "only the emoji's creator (or an administrator) can delete it",
        ));
    }
    let key = rec.emoji.name.clone();
    state.custom_emojis.remove(&key);
    Ok(())
}
