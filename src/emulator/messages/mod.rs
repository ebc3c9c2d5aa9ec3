//! Messages: `CreateMessage`, `GetMessage`, `ListMessages`, `UpdateMessage`,
//! `DeleteMessage`. Threads are started or replied to by `thread.thread_key` or
//! `thread.name` with `message_reply_option`; `message_id` gives a `client-` ID usable in
//! names; `request_id` makes creation idempotent per caller; the sender is the caller; the
//! whole message is at most 32,000 bytes; deleting a thread's first message needs `force`
//! while it has replies; deleted messages stay listable with `show_deleted`.

mod content;
mod create;
mod edit;
mod lookup;
mod quote;

pub(crate) use content::view;
pub(crate) use create::create;
pub(crate) use edit::{delete, update};
pub(crate) use lookup::{get, list};
