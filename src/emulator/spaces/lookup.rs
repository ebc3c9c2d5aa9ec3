//! Reading spaces: `GetSpace`, `ListSpaces` (with its `space_type` filter),
//! `FindDirectMessage` and `FindGroupChats`.

use std::collections::BTreeSet;

use tonic::Status;

use super::records::{creation_key, find_dm, view, view_for};
use crate::emulator::errors::{invalid, not_found};
use crate::emulator::filter::{self, Expr, Op};
use crate::emulator::identity::Caller;
use crate::emulator::paging::PageRules;
use crate::emulator::state::State;
use crate::proto::chat::v1::space::SpaceType;
use crate::proto::chat::v1::{
    FindDirectMessageRequest, FindGroupChatsRequest, FindGroupChatsResponse, GetSpaceRequest,
    ListSpacesRequest, ListSpacesResponse, Space, SpaceView,
};

const LIST_PAGE: PageRules = PageRules::new(100, 1000);

const FIND_GROUP_CHATS_PAGE: PageRules = PageRules::new(10, 30);

/// `GetSpace`.
pub(crate) fn get(
    state: &mut State,
    caller: &Caller,
    req: GetSpaceRequest,
) -> Result<Space, Status> {
    caller.check_admin_access(req.use_admin_access)?;
    let id = State::space_id(&req.name, "name")?;
    let rec = state.readable_space(id, caller, req.use_admin_access)?;
    caller.check_admin_scopes("GetSpace", req.use_admin_access)?;
    Ok(view_for(rec, caller))
}

fn type_filter(text: &str) -> Result<Option<Vec<SpaceType>>, Status> {
    let Some(expr) = filter::parse(text, "filter")? else {
        return Ok(None);
    };
    let mut types = Vec::new();
    for e in filter::disjuncts(&expr) {
        match e {
            Expr::Cmp {
                field,
                op: Op::Eq,
                value,
                ..
            } if field == "space_type" || field == "spaceType" => {
                match SpaceType::from_str_name(value) {
                    Some(SpaceType::Unspecified) | None => {
                        return Err(invalid(
                            "filter",
                            format!("`{value}` is not a valid space type"),
                        ));
                    }
                    Some(t) => types.push(t),
                }
            }
            _ => {
                return Err(invalid(
                    "filter",
                    "only `space_type = \"...\"` comparisons joined with OR are supported",
                ));
            }
        }
    }
    Ok(Some(types))
}

/// `ListSpaces`.
pub(crate) fn list(
    state: &mut State,
    caller: &Caller,
    req: ListSpacesRequest,
) -> Result<ListSpacesResponse, Status> {
    let types = type_filter(&req.filter)?;
    let recs = state
        .spaces
        .values()
        .filter(|s| s.joined(&caller.name).is_some() && !s.space.import_mode)
        // "Group chats and DMs aren't listed until the first message is sent."
        .filter(|s| s.space_type() == SpaceType::Space || !s.messages.is_empty())
        .filter(|s| types.as_ref().is_none_or(|t| t.contains(&s.space_type())))
        .map(|s| (creation_key(s), s));
    let (recs, next_page_token) = LIST_PAGE.page(recs, &req, &["ListSpaces", &req.filter])?;
    let spaces = recs
        .into_iter()
        .map(|s| Space {
            // Not returned by list requests.
            space_permission_settings: None,
            ..view(s)
        })
        .collect();
    Ok(ListSpacesResponse {
        spaces,
        next_page_token,
    })
}

/// `FindDirectMessage`.
pub(crate) fn find_direct_message(
    state: &mut State,
    caller: &Caller,
    req: FindDirectMessageRequest,
) -> Result<Space, Status> {
    if caller.is_app() && req.name.contains('@') {
        return Err(invalid(
            "name",
            "emails are accepted as aliases only with user authentication",
        ));
    }
    let other = state.resolve_user(&req.name, caller, "name")?;
    let id = find_dm(state, &caller.name, &other, caller.is_app())
        .ok_or_else(|| not_found("Space", &format!("direct message with {other}")))?;
    Ok(view(&state.spaces[&id]))
}

/// `FindGroupChats`.
pub(crate) fn find_group_chats(
    state: &mut State,
    caller: &Caller,
    req: FindGroupChatsRequest,
) -> Result<FindGroupChatsResponse, Status> {
    if req.users.len() > 49 {
        return Err(invalid("users", "at most 49 users"));
    }
    let mut wanted = BTreeSet::new();
    wanted.insert(caller.name.clone());
    for (i, u) in req.users.iter().enumerate() {
        wanted.insert(state.resolve_user(u, caller, &format!("users[{i}]"))?);
    }
    let view_kind = SpaceView::try_from(req.space_view).unwrap_or(SpaceView::Unspecified);
    let recs = state
        .spaces
        .values()
        // A space in import mode isn't visible to users until the import completes.
        .filter(|s| s.space_type() == SpaceType::GroupChat && !s.space.import_mode)
        .filter(|s| {
            let humans: BTreeSet<String> =
                s.joined_humans().into_iter().map(str::to_owned).collect();
            humans == wanted
        })
        .map(|s| (creation_key(s), s));
    let users = req.users.join(",");
    let view_s = req.space_view.to_string();
    let (recs, next_page_token) =
        FIND_GROUP_CHATS_PAGE.page(recs, &req, &["FindGroupChats", &users, &view_s])?;
    let spaces: Vec<Space> = recs
        .into_iter()
        .map(|s| {
            if view_kind == SpaceView::Expanded {
                view(s)
            } else {
                Space {
                    name: s.space.name.clone(),
                    ..Default::default()
                }
            }
        })
        .collect();
    Ok(FindGroupChatsResponse {
        spaces,
        next_page_token,
    })
}
