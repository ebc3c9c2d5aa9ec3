//! Quoting on `CreateMessage`: which messages a `quoted_message_metadata` may name (a `REPLY`
//! quotes in its own thread, or a root message from a new root message; a `FORWARD` quotes
//! across threads and spaces), the stale-version check on `last_update_time`, and the output
//! fields the server fills in.

use tonic::Status;

use crate::emulator::clock::nanos;
use crate::emulator::errors::{invalid, not_found};
use crate::emulator::identity::Caller;
use crate::emulator::state::State;
use crate::proto::chat::v1::quoted_message_metadata::QuoteType;
use crate::proto::chat::v1::space::SpaceType;
use crate::proto::chat::v1::{ForwardedMetadata, QuotedMessageMetadata, QuotedMessageSnapshot};

const FIELD: &str = "message.quoted_message_metadata";

/// The quote a new message in `space_id` (in thread `thread_id`, or a new root message when
/// `None`) carries, checked, with its output fields filled in.
pub(super) fn resolve(
    state: &State,
    caller: &Caller,
    space_id: &str,
    thread_id: Option<&str>,
    given: &QuotedMessageMetadata,
) -> Result<QuotedMessageMetadata, Status> {
    let kind = match QuoteType::try_from(given.quote_type) {
        // "If not set, defaults to REPLY."
        Ok(QuoteType::Unspecified) => QuoteType::Reply,
        Ok(k) => k,
        Err(_) => {
            return Err(invalid(
                &format!("{FIELD}.quote_type"),
                "unknown quote type",
            ));
        }
    };
    let (quoted_space, quoted_id) = given
        .name
        .strip_prefix("spaces/")
        .and_then(|rest| rest.split_once("/messages/"))
        .filter(|(s, m)| !s.is_empty() && !m.is_empty() && !m.contains('/'))
        .ok_or_else(|| {
            invalid(
                &format!("{FIELD}.name"),
                "must be `spaces/{space}/messages/{message}`",
            )
        })?;
    let rec = state
        .readable_space(quoted_space, caller, false)
        .map_err(|_| not_found("Message", &given.name))?;
    let quoted = rec
        .message_idx(quoted_id)
        .map(|i| &rec.messages[i])
        .filter(|m| !m.is_deleted() && m.visible_to(caller))
        .ok_or_else(|| not_found("Message", &given.name))?;
    if kind == QuoteType::Reply {
        if quoted_space != space_id {
            return Err(invalid(
                &format!("{FIELD}.quote_type"),
                "a REPLY quotes a message of the same space; use FORWARD",
            ));
        }
        let same_thread = thread_id == Some(quoted.thread_id.as_str());
        let root_from_root = thread_id.is_none() && !quoted.message.thread_reply;
        if !same_thread && !root_from_root {
            return Err(invalid(
                &format!("{FIELD}.quote_type"),
                "a REPLY quotes a message of its own thread, or a root message from a new root message; use FORWARD",
            ));
        }
    }
    // "If `last_update_time` doesn't match the latest version of the quoted message, the
    // request fails."
    let latest = quoted
        .message
        .last_update_time
        .or(quoted.message.create_time)
        .unwrap_or_default();
    if given.last_update_time.as_ref().map(nanos) != Some(nanos(&latest)) {
        return Err(invalid(
            &format!("{FIELD}.last_update_time"),
            "must be the quoted message's last_update_time (or create_time if never edited)",
        ));
    }
    let sender = quoted.message.sender.clone().unwrap_or_default();
    let forward = kind == QuoteType::Forward;
    Ok(QuotedMessageMetadata {
        name: given.name.clone(),
        last_update_time: Some(latest),
        quote_type: kind as i32,
        quoted_message_snapshot: Some(QuotedMessageSnapshot {
            sender: if sender.display_name.is_empty() {
                sender.name
            } else {
                sender.display_name
            },
            text: quoted.message.text.clone(),
            formatted_text: if forward {
                quoted.message.formatted_text.clone()
            } else {
                String::new()
            },
            annotations: if forward {
                quoted.message.annotations.clone()
            } else {
                Vec::new()
            },
            attachments: if forward {
                quoted.message.attachment.clone()
            } else {
                Vec::new()
            },
        }),
        forwarded_metadata: forward.then(|| ForwardedMetadata {
            space: rec.space.name.clone(),
            space_display_name: if rec.space_type() == SpaceType::Space {
                rec.space.display_name.clone()
            } else {
                String::new()
            },
        }),
    })
}
