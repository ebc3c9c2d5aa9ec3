//! Search: `SearchSpaces` (spaces by `display_name`, `space_type`, times and settings, with
//! or without admin access) and `SearchMessages` (keywords and field filters across the
//! caller's spaces, parent `spaces/-`), each with its documented query grammar.

use tonic::Status;

use super::clock::{nanos, parse_rfc3339};
use super::errors::{denied, invalid};
use super::filter::{self, Expr, Op};
use super::identity::Caller;
use super::messages::view;
use super::paging::{Key, PageRules};
use super::spaces;
use super::state::{MessageRec, SpaceRec, State};
use crate::proto::chat::v1::annotation::Metadata;
use crate::proto::chat::v1::search_messages_request::SearchMessagesView;
use crate::proto::chat::v1::search_spaces_response::SearchSpaceResult;
use crate::proto::chat::v1::space::SpaceType;
use crate::proto::chat::v1::space_notification_setting::MuteSetting;
use crate::proto::chat::v1::{
    HistoryState, Message, SearchMessageResult, SearchMessagesRequest, SearchMessagesResponse,
    SearchSpacesRequest, SearchSpacesResponse, Space,
};

const SPACES_PAGE: PageRules = PageRules::new(100, 1000);
const MESSAGES_PAGE: PageRules = PageRules::new(25, 100);

fn cmp_time(actual: i128, op: Op, value: &str, field: &str) -> Result<bool, Status> {
    let t = parse_rfc3339(value)
        .ok_or_else(|| invalid(field, format!("`{value}` is not an RFC 3339 timestamp")))?;
    let v = nanos(&t);
    Ok(match op {
        Op::Eq => actual == v,
        Op::Lt => actual < v,
        Op::Gt => actual > v,
        Op::Le => actual <= v,
        Op::Ge => actual >= v,
        _ => return Err(invalid(field, "timestamps support =, <, >, <=, >=")),
    })
}

/// Evaluates every item, not only up to the first that decides the result, so that an
/// unsupported condition is an error whatever the data.
fn every(
    items: &[Expr],
    eval: impl FnMut(&Expr) -> Result<bool, Status>,
) -> Result<impl Iterator<Item = bool>, Status> {
    Ok(items
        .iter()
        .map(eval)
        .collect::<Result<Vec<_>, _>>()?
        .into_iter())
}

/// Display-name match: every token of `query` prefix-matches some word of `name`.
fn name_matches(name: &str, query: &str) -> bool {
    let words: Vec<String> = name.split_whitespace().map(str::to_lowercase).collect();
    query
        .split_whitespace()
        .all(|q| words.iter().any(|w| w.starts_with(&q.to_lowercase())))
}

fn eval_space(e: &Expr, s: &SpaceRec, admin: bool, saw: &mut Vec<String>) -> Result<bool, Status> {
    Ok(match e {
        Expr::And(items) => every(items, |i| eval_space(i, s, admin, saw))?.all(|b| b),
        Expr::Or(items) => every(items, |i| eval_space(i, s, admin, saw))?.any(|b| b),
        Expr::Cmp {
            field, op, value, ..
        } => {
            let f = field.as_str();
            let admin_only = matches!(
                f,
                "customer" | "create_time" | "last_active_time" | "space_history_state"
            );
            if admin_only && !admin {
                return Err(invalid("query", format!("`{f}` needs use_admin_access")));
            }
            saw.push(f.to_owned());
            match (f, op) {
                ("customer", Op::Eq) => {
                    if value != "customers/my_customer" {
                        return Err(invalid(
                            "query",
                            "`customers/my_customer` is the only supported customer",
                        ));
                    }
                    true
                }
                ("space_type", Op::Eq) => {
                    if value != "SPACE" {
                        return Err(invalid("query", "the only valid space_type is SPACE"));
                    }
                    s.space_type() == SpaceType::Space
                }
                ("display_name", Op::Has) => name_matches(&s.space.display_name, value),
                ("external_user_allowed", Op::Eq) => match value.as_str() {
                    "true" => s.space.external_user_allowed,
                    "false" => !s.space.external_user_allowed,
                    _ => {
                        return Err(invalid(
                            "query",
                            "external_user_allowed is `true` or `false`",
                        ));
                    }
                },
                ("space_history_state", Op::Eq) => {
                    let h = HistoryState::from_str_name(value).ok_or_else(|| {
                        invalid("query", format!("`{value}` is not a history state"))
                    })?;
                    s.space.space_history_state == h as i32
                }
                ("create_time", _) => cmp_time(
                    s.space.create_time.as_ref().map(nanos).unwrap_or(0),
                    *op,
                    value,
                    "query",
                )?,
                ("last_active_time", _) => cmp_time(
                    s.space.last_active_time.as_ref().map(nanos).unwrap_or(0),
                    *op,
                    value,
                    "query",
                )?,
                _ => {
                    return Err(invalid(
                        "query",
                        format!("`{f}` with this operator is not supported"),
                    ));
                }
            }
        }
        _ => {
            return Err(invalid(
                "query",
                "only comparisons joined with AND/OR are supported",
            ));
        }
    })
}

/// Which connectives may join conditions on one field of a search grammar.
#[derive(Debug, Clone, Copy)]
struct Joins {
    and: bool,
    or: bool,
    /// `AND` and `OR` on the same field in one query.
    mixed: bool,
}

const ONLY_OR: Joins = Joins {
    and: false,
    or: true,
    mixed: false,
};
const ONLY_AND: Joins = Joins {
    and: true,
    or: false,
    mixed: false,
};
const NEITHER: Joins = Joins {
    and: false,
    or: false,
    mixed: false,
};

/// The field a leaf condition is on; keywords and functions count as fields of their own.
fn leaf_field(e: &Expr) -> Option<&str> {
    match e {
        Expr::Cmp { field, .. } => Some(field),
        Expr::Call { name, .. } => Some(name),
        _ => None,
    }
}

fn fields_of<'a>(e: &'a Expr, out: &mut std::collections::BTreeSet<&'a str>) {
    match e {
        Expr::And(items) | Expr::Or(items) => items.iter().for_each(|i| fields_of(i, out)),
        Expr::Not(inner) => fields_of(inner, out),
        leaf => out.extend(leaf_field(leaf)),
    }
}

fn has_and(e: &Expr) -> bool {
    match e {
        Expr::And(items) => items.len() > 1 || items.iter().any(has_and),
        Expr::Or(items) => items.iter().any(has_and),
        Expr::Not(inner) => has_and(inner),
        _ => false,
    }
}

/// The items of an `AND`, nested `AND`s flattened.
fn and_items<'a>(items: &'a [Expr], out: &mut Vec<&'a Expr>) {
    for i in items {
        match i {
            Expr::And(inner) => and_items(inner, out),
            other => out.push(other),
        }
    }
}

/// Checks the documented rules for combining conditions: across fields only `AND`; within
/// one field only the connectives `rules` allows for it.
fn check_joins(e: &Expr, rules: &dyn Fn(&str) -> Joins, arg: &str) -> Result<(), Status> {
    match e {
        Expr::Or(items) => {
            let mut fields = std::collections::BTreeSet::new();
            fields_of(e, &mut fields);
            if fields.len() > 1 {
                return Err(invalid(
                    arg,
                    "OR is only supported between conditions on the same field",
                ));
            }
            if let Some(f) = fields.first() {
                let j = rules(f);
                if !j.or {
                    return Err(invalid(arg, format!("`{f}` does not support OR")));
                }
                if !j.mixed && items.iter().any(has_and) {
                    return Err(invalid(arg, format!("`{f}` cannot mix AND and OR")));
                }
            }
            items.iter().try_for_each(|i| check_joins(i, rules, arg))
        }
        Expr::And(items) => {
            let mut flat = Vec::new();
            and_items(items, &mut flat);
            let mut seen: std::collections::BTreeMap<&str, (usize, bool)> = Default::default();
            for item in &flat {
                let mut fields = std::collections::BTreeSet::new();
                fields_of(item, &mut fields);
                for f in fields {
                    let slot = seen.entry(f).or_default();
                    slot.0 += 1;
                    slot.1 |= matches!(item, Expr::Or(_));
                }
            }
            for (f, (count, under_or)) in seen {
                let j = rules(f);
                if count > 1 && !j.and {
                    return Err(invalid(arg, format!("`{f}` does not support AND")));
                }
                if count > 1 && under_or && !j.mixed {
                    return Err(invalid(arg, format!("`{f}` cannot mix AND and OR")));
                }
            }
            flat.iter().try_for_each(|i| check_joins(i, rules, arg))
        }
        Expr::Not(inner) => check_joins(inner, rules, arg),
        _ => Ok(()),
    }
}

fn space_joins(field: &str) -> Joins {
    match field {
        "display_name" | "space_history_state" | "external_user_allowed" => ONLY_OR,
        "create_time" | "last_active_time" => Joins {
            and: true,
            or: true,
            mixed: true,
        },
        _ => NEITHER,
    }
}

fn message_joins(field: &str) -> Joins {
    match field {
        "sender.name" | "space.name" => ONLY_OR,
        "space.display_name" | "annotations.user_mentions.user.name" | "keyword" => Joins {
            and: true,
            or: true,
            mixed: false,
        },
        _ => ONLY_AND,
    }
}

/// An empty space, to check a query's fields and values even when no space is evaluated.
fn probe_space() -> SpaceRec {
    SpaceRec::new(0, Space::default(), String::new())
}

/// `SearchSpaces`.
pub(crate) fn spaces(
    state: &mut State,
    caller: &Caller,
    req: SearchSpacesRequest,
) -> Result<SearchSpacesResponse, Status> {
    let admin = req.use_admin_access;
    if admin && !caller.is_admin() {
        return Err(denied(
            "use_admin_access requires a Workspace administrator (token `admin:<id>`)",
        ));
    }
    let expr =
        filter::parse(&req.query, "query")?.ok_or_else(|| invalid("query", "is required"))?;
    check_joins(&expr, &space_joins, "query")?;
    eval_space(&expr, &probe_space(), admin, &mut Vec::new())?;
    caller.check_admin_scopes("SearchSpaces", admin)?;
    let order = req.order_by.trim().to_ascii_lowercase();
    let allowed: &[&str] = if admin {
        &[
            "",
            "create_time asc",
            "create_time desc",
            "last_active_time asc",
            "last_active_time desc",
            "membership_count.joined_direct_human_user_count asc",
            "membership_count.joined_direct_human_user_count desc",
        ]
    } else {
        &["", "create_time desc", "relevance desc"]
    };
    if !allowed.contains(&order.as_str()) {
        return Err(invalid(
            "order_by",
            format!("`{}` is not supported", req.order_by),
        ));
    }
    let mut matched: Vec<&SpaceRec> = Vec::new();
    let mut saw = Vec::new();
    for s in state.spaces.values() {
        saw.clear();
        // Without admin access: joined spaces, not those still being imported.
        if !admin && (s.joined(&caller.name).is_none() || s.space.import_mode) {
            continue;
        }
        if eval_space(&expr, s, admin, &mut saw)? {
            matched.push(s);
        }
    }
    // Check the required fields even when nothing was evaluated.
    let mut probe = Vec::new();
    collect_fields(&expr, &mut probe);
    if !probe.iter().any(|f| f == "space_type") {
        return Err(invalid("query", "`space_type = \"SPACE\"` is required"));
    }
    if admin && !probe.iter().any(|f| f == "customer") {
        return Err(invalid(
            "query",
            "`customer = \"customers/my_customer\"` is required with use_admin_access",
        ));
    }
    if !admin && !probe.iter().any(|f| f == "display_name") {
        matched.clear();
    }
    let key = |s: &SpaceRec| -> i128 {
        if order.starts_with("last_active_time") {
            s.space.last_active_time.as_ref().map(nanos).unwrap_or(0)
        } else if order.starts_with("membership_count") {
            s.joined_humans().len() as i128
        } else {
            s.space.create_time.as_ref().map(nanos).unwrap_or(0)
        }
    };
    let descending = order.ends_with("desc");
    let total = matched.len() as i32;
    let items = matched.into_iter().map(|s| {
        let k = if order.is_empty() {
            spaces::creation_key(s)
        } else {
            Key::new()
                .by(key(s), descending)
                .asc(i128::from(s.seq))
                .text(&s.space.name)
        };
        (k, s)
    });
    let (recs, next_page_token) = SPACES_PAGE.page(
        items,
        &req,
        &[
            "SearchSpaces",
            &req.query,
            &req.order_by,
            &admin.to_string(),
        ],
    )?;
    let spaces: Vec<Space> = recs.into_iter().map(spaces::view).collect();
    Ok(SearchSpacesResponse {
        results: spaces
            .iter()
            .map(|s| SearchSpaceResult {
                space: Some(s.clone()),
            })
            .collect(),
        // Deprecated, and documented as populated only with admin access.
        spaces: if admin { spaces } else { Vec::new() },
        next_page_token,
        total_size: total,
    })
}

fn collect_fields(e: &Expr, out: &mut Vec<String>) {
    match e {
        Expr::And(items) | Expr::Or(items) => items.iter().for_each(|i| collect_fields(i, out)),
        Expr::Cmp { field, .. } => out.push(field.clone()),
        Expr::Not(inner) => collect_fields(inner, out),
        Expr::Call { .. } => {}
    }
}

struct Ctx<'a> {
    caller: &'a Caller,
    space: &'a SpaceRec,
}

fn eval_message(
    e: &Expr,
    m: &MessageRec,
    ctx: &Ctx<'_>,
    state_users: &dyn Fn(&str) -> String,
) -> Result<bool, Status> {
    Ok(match e {
        Expr::And(items) => every(items, |i| eval_message(i, m, ctx, state_users))?.all(|b| b),
        Expr::Or(items) => every(items, |i| eval_message(i, m, ctx, state_users))?.any(|b| b),
        Expr::Call { name, args } => match name.as_str() {
            "keyword" => {
                let k = args.first().map(|a| a.to_lowercase()).unwrap_or_default();
                m.message.text.to_lowercase().contains(&k)
            }
            "has_link" => m.message.text.contains("http://") || m.message.text.contains("https://"),
            "is_unread" => {
                m.message.create_time.as_ref().map(nanos).unwrap_or(0)
                    > last_read(ctx.space, &ctx.caller.name)
            }
            other => return Err(invalid("filter", format!("unknown function `{other}()`"))),
        },
        Expr::Cmp {
            field, op, value, ..
        } => match (field.as_str(), op) {
            ("create_time", Op::Lt | Op::Ge) => cmp_time(
                m.message.create_time.as_ref().map(nanos).unwrap_or(0),
                *op,
                value,
                "filter",
            )?,
            ("sender.name", Op::Eq) => {
                m.message.sender.as_ref().map(|s| s.name.clone()) == Some(state_users(value))
            }
            ("space.name", Op::Eq) => ctx.space.space.name == *value,
            ("space.display_name", Op::Has) => name_matches(&ctx.space.space.display_name, value),
            ("attachment", Op::Has) if value == "*" => !m.message.attachment.is_empty(),
            ("annotations.user_mentions.user.name", Op::Has) => {
                let who = state_users(value);
                m.message.annotations.iter().any(|a| {
                    matches!(&a.metadata, Some(Metadata::UserMention(u)) if u.user.as_ref().is_some_and(|u| u.name == who))
                })
            }
            (f, _) => {
                return Err(invalid(
                    "filter",
                    format!("`{f}` with this operator is not supported"),
                ));
            }
        },
        Expr::Not(_) => return Err(invalid("filter", "NOT is not supported")),
    })
}

/// `SearchMessages`.
pub(crate) fn messages(
    state: &mut State,
    caller: &Caller,
    req: SearchMessagesRequest,
) -> Result<SearchMessagesResponse, Status> {
    if req.parent != "spaces/-" {
        return Err(invalid("parent", "must be `spaces/-`"));
    }
    if req.filter.trim().is_empty() {
        return Err(invalid("filter", "is required"));
    }
    if req.filter.chars().count() > 1000 {
        return Err(invalid("filter", "can be at most 1,000 characters"));
    }
    let items = filter::parse_search(&req.filter, "filter")?;
    // Resolve user aliases up front (the evaluation borrows the state immutably).
    let mut aliases = std::collections::HashMap::new();
    let mut names = Vec::new();
    for c in &items {
        collect_values(c, &mut names);
    }
    for v in names {
        if let Some(id) = v.strip_prefix("users/") {
            let resolved = if id == "me" {
                caller.name.clone()
            } else {
                format!("users/{}", state.directory.id_of(id))
            };
            aliases.insert(v.clone(), resolved);
        }
    }
    let resolve = |v: &str| aliases.get(v).cloned().unwrap_or_else(|| v.to_owned());
    let order = req.order_by.trim().to_ascii_lowercase();
    // Only descending orders exist; relevance is approximated by recency.
    if !matches!(order.as_str(), "" | "create_time desc" | "relevance desc") {
        return Err(invalid(
            "order_by",
            "supported: `create_time desc` (default), `relevance desc`",
        ));
    }
    let all = Expr::And(items);
    check_joins(&all, &message_joins, "filter")?;
    let probe = probe_space();
    let probe_message = MessageRec {
        message: Message::default(),
        reactions: Vec::new(),
        thread_id: String::new(),
        sender_is_app: false,
    };
    eval_message(
        &all,
        &probe_message,
        &Ctx {
            caller,
            space: &probe,
        },
        &resolve,
    )?;
    let full = req.view == SearchMessagesView::Full as i32;
    let mut found: Vec<(Key, SearchMessageResult)> = Vec::new();
    for s in state
        .spaces
        .values()
        .filter(|s| s.joined(&caller.name).is_some() && !s.space.import_mode)
    {
        // Not searchable: messages in Chat app DMs and in spaces the caller muted.
        let mute = s
            .notification_settings
            .get(&caller.name)
            .and_then(|n| n.mute_setting)
            .unwrap_or(MuteSetting::Unmuted as i32);
        if s.space.single_user_bot_dm || mute == MuteSetting::Muted as i32 {
            continue;
        }
        let ctx = Ctx { caller, space: s };
        let read_until = last_read(s, &caller.name);
        for m in &s.messages {
            // Not searchable: deleted, private, and app messages.
            if m.is_deleted() || m.sender_is_app || m.message.private_message_viewer.is_some() {
                continue;
            }
            if eval_message(&all, m, &ctx, &resolve)? {
                let t = m.message.create_time.as_ref().map(nanos).unwrap_or(0);
                found.push((
                    // Newest first, as documented.
                    Key::new().desc(t).text(&m.message.name),
                    SearchMessageResult {
                        message: Some(view(m)),
                        // The FULL view adds the read flag and the space's mute setting.
                        read: full.then_some(t <= read_until),
                        space_mute_setting: if full { mute } else { 0 },
                    },
                ));
            }
        }
    }
    let (results, next_page_token) =
        MESSAGES_PAGE.page(found, &req, &["SearchMessages", &req.filter, &req.order_by])?;
    Ok(SearchMessagesResponse {
        results,
        next_page_token,
    })
}

/// The caller's last read time in a space, as `GetSpaceReadState` reports it: an explicit
/// read state, else the time they joined.
fn last_read(s: &SpaceRec, user: &str) -> i128 {
    s.read_states
        .get(user)
        .copied()
        .or_else(|| s.joined(user).and_then(|m| m.create_time))
        .as_ref()
        .map(nanos)
        .unwrap_or(i128::MIN)
}

fn collect_values(e: &Expr, out: &mut Vec<String>) {
    match e {
        Expr::And(items) | Expr::Or(items) => items.iter().for_each(|i| collect_values(i, out)),
        Expr::Cmp { value, .. } => out.push(value.clone()),
        _ => {}
    }
}
