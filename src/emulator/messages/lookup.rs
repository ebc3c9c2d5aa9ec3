//! `GetMessage` and `ListMessages` (its `create_time`/`thread.name` filter, `show_deleted`).

use prost_types::Timestamp;
use tonic::Status;

use super::content::view;
use crate::emulator::clock::{nanos, parse_rfc3339};
use crate::emulator::errors::invalid;
use crate::emulator::filter::{self, Expr, Op};
use crate::emulator::identity::Caller;
use crate::emulator::paging::{Key, PageRules};
use crate::emulator::state::{MessageRec, State};
use crate::proto::chat::v1::{
    GetMessageRequest, ListMessagesRequest, ListMessagesResponse, Message,
};

const PAGE: PageRules = PageRules::new(25, 1000);

/// `GetMessage`.
pub(crate) fn get(
    state: &mut State,
    caller: &Caller,
    req: GetMessageRequest,
) -> Result<Message, Status> {
    let (space, i) = state.locate_message(caller, &req.name, "name")?;
    Ok(view(&state.spaces[&space].messages[i]))
}

struct ListFilter {
    after: Option<Timestamp>,
    before: Option<Timestamp>,
    thread: Option<String>,
}

fn list_filter(text: &str) -> Result<ListFilter, Status> {
    let mut f = ListFilter {
        after: None,
        before: None,
        thread: None,
    };
    let Some(expr) = filter::parse(text, "filter")? else {
        return Ok(f);
    };
    for c in filter::conjuncts(expr) {
        match c {
            Expr::Cmp {
                field,
                op,
                value,
                quoted,
            } if field == "create_time" || field == "createTime" => {
                if !quoted {
                    return Err(invalid("filter", "timestamps must be in double quotes"));
                }
                let t = parse_rfc3339(&value).ok_or_else(|| {
                    invalid("filter", format!("`{value}` is not an RFC 3339 timestamp"))
                })?;
                let slot = match op {
                    Op::Gt => &mut f.after,
                    Op::Lt => &mut f.before,
                    _ => return Err(invalid("filter", "create_time supports only `>` and `<`")),
                };
                if slot.is_some() {
                    return Err(invalid(
                        "filter",
                        "each create_time bound can be given once",
                    ));
                }
                *slot = Some(t);
            }
            Expr::Cmp {
                field,
                op: Op::Eq,
                value,
                ..
            } if field == "thread.name" => {
                if f.thread.is_some() {
                    return Err(invalid("filter", "only one thread.name per query"));
                }
                f.thread = Some(value);
            }
            _ => {
                return Err(invalid(
                    "filter",
                    "supported: `create_time > \"...\"`, `create_time < \"...\"`, `thread.name = spaces/{space}/threads/{thread}`, joined with AND",
                ));
            }
        }
    }
    Ok(f)
}

/// `ListMessages`.
pub(crate) fn list(
    state: &mut State,
    caller: &Caller,
    req: ListMessagesRequest,
) -> Result<ListMessagesResponse, Status> {
    let space = State::space_id(&req.parent, "parent")?.to_owned();
    let f = list_filter(&req.filter)?;
    let descending = match req.order_by.trim().to_ascii_lowercase().as_str() {
        "" | "asc" | "create_time asc" | "createtime asc" | "create_time" => false,
        "desc" | "create_time desc" | "createtime desc" => true,
        other => {
            return Err(invalid(
                "order_by",
                format!("`{other}` is not supported; use `create_time ASC` or `create_time DESC`"),
            ));
        }
    };
    let rec = state.readable_space(&space, caller, false)?;
    let thread_id = f
        .thread
        .as_deref()
        .map(|t| t.rsplit('/').next().unwrap_or_default().to_owned());
    let items: Vec<(Key, &MessageRec)> = rec
        .messages
        .iter()
        .filter(|m| req.show_deleted || !m.is_deleted())
        .filter(|m| m.visible_to(caller))
        .filter(|m| thread_id.as_ref().is_none_or(|t| &m.thread_id == t))
        .filter(|m| {
            let t = m.message.create_time.as_ref().map(nanos).unwrap_or(0);
            f.after.as_ref().is_none_or(|a| t > nanos(a))
                && f.before.as_ref().is_none_or(|b| t < nanos(b))
        })
        // Import mode may set create_time; the documented order is by it either way.
        .map(|m| {
            let t = m.message.create_time.as_ref().map(nanos).unwrap_or(0);
            (Key::new().by(t, descending).text(&m.message.name), m)
        })
        .collect();
    let flags = format!("{}", req.show_deleted);
    let (items, next_page_token) = PAGE.page(
        items,
        &req,
        &[
            "ListMessages",
            &req.parent,
            &req.filter,
            &req.order_by,
            &flags,
        ],
    )?;
    Ok(ListMessagesResponse {
        messages: items.into_iter().map(view).collect(),
        next_page_token,
    })
}
