//! Sections (`CreateSection`, `UpdateSection`, `DeleteSection`, `ListSections`,
//! `PositionSection`, `ListSectionItems`, `MoveSectionItem`): per user, the caller's own only.
//! Every user has the system sections `default-direct-messages`, `default-spaces` and
//! `default-apps`, which can't be renamed or deleted; custom sections need a display name of
//! at most 80 characters. Each space the user has joined is an item of its default section
//! unless moved to a custom one.

use tonic::Status;

use super::errors::{denied, invalid, not_found, required};
use super::filter::{self, Expr, Op};
use super::identity::Caller;
use super::masks;
use super::paging::{Key, PageRules};
use super::spaces;
use super::state::{State, UserSections};
use crate::proto::chat::v1::position_section_request::{Position, PositionOneOf};
use crate::proto::chat::v1::section::SectionType;
use crate::proto::chat::v1::space::SpaceType;
use crate::proto::chat::v1::{
    CreateSectionRequest, DeleteSectionRequest, ListSectionItemsRequest, ListSectionItemsResponse,
    ListSectionsRequest, ListSectionsResponse, MoveSectionItemRequest, MoveSectionItemResponse,
    PositionSectionRequest, PositionSectionResponse, Section, SectionItem, UpdateSectionRequest,
    section_item,
};

const SECTIONS_PAGE: PageRules = PageRules::new(10, 100);
const ITEMS_PAGE: PageRules = PageRules::new(10, 100);

const SYSTEM: &[(&str, SectionType)] = &[
    (
        "default-direct-messages",
        SectionType::DefaultDirectMessages,
    ),
    ("default-spaces", SectionType::DefaultSpaces),
    ("default-apps", SectionType::DefaultApps),
];

/// The caller's `users/<id>` from `users/{user}`, which must be the caller.
fn own_user(state: &mut State, caller: &Caller, name: &str, field: &str) -> Result<String, Status> {
    let user = state.resolve_user(name, caller, field)?;
    if user != caller.name {
        return Err(denied("only the caller's own sections are available"));
    }
    Ok(user)
}

/// `(user, section id)` of `users/{user}/sections/{section}`.
fn section_name(
    state: &mut State,
    caller: &Caller,
    name: &str,
    field: &str,
) -> Result<(String, String), Status> {
    let (user, section) = name
        .split_once("/sections/")
        .filter(|(_, s)| !s.is_empty() && !s.contains('/'))
        .ok_or_else(|| invalid(field, "must be `users/{user}/sections/{section}`"))?;
    Ok((own_user(state, caller, user, field)?, section.to_owned()))
}

fn sections_of<'a>(state: &'a mut State, user: &str) -> &'a mut UserSections {
    let s = state
        .sections
        .entry(user.to_owned())
        .or_insert_with(|| UserSections {
            sections: SYSTEM
                .iter()
                .map(|(id, t)| Section {
                    name: format!("{user}/sections/{id}"),
                    display_name: String::new(),
                    sort_order: 0,
                    r#type: *t as i32,
                })
                .collect(),
            placements: Default::default(),
        });
    for (i, sec) in s.sections.iter_mut().enumerate() {
        sec.sort_order = i as i32 + 1;
    }
    s
}

fn find(s: &UserSections, name: &str) -> Result<usize, Status> {
    s.sections
        .iter()
        .position(|x| x.name == name)
        .ok_or_else(|| not_found("Section", name))
}

fn custom(sec: &Section) -> Result<(), Status> {
    if sec.r#type != SectionType::CustomSection as i32 {
        return Err(invalid("name", "system sections can't be changed"));
    }
    Ok(())
}

fn check_display_name(name: &str, field: &str) -> Result<(), Status> {
    if name.trim().is_empty() {
        return Err(required(field));
    }
    if name.chars().count() > 80 {
        return Err(invalid(field, "supports up to 80 characters"));
    }
    Ok(())
}

/// `CreateSection`.
pub(crate) fn create(
    state: &mut State,
    caller: &Caller,
    req: CreateSectionRequest,
) -> Result<Section, Status> {
    let user = own_user(state, caller, &req.parent, "parent")?;
    let input = req.section.ok_or_else(|| required("section"))?;
    if input.r#type != SectionType::CustomSection as i32 {
        return Err(invalid(
            "section.type",
            "only CUSTOM_SECTION sections can be created",
        ));
    }
    check_display_name(&input.display_name, "section.display_name")?;
    let id = state.ids.short();
    let s = sections_of(state, &user);
    s.sections.push(Section {
        name: format!("{user}/sections/{id}"),
        display_name: input.display_name,
        sort_order: s.sections.len() as i32 + 1,
        r#type: SectionType::CustomSection as i32,
    });
    Ok(sections_of(state, &user)
        .sections
        .last()
        .cloned()
        .unwrap_or_default())
}

/// `UpdateSection`.
pub(crate) fn update(
    state: &mut State,
    caller: &Caller,
    req: UpdateSectionRequest,
) -> Result<Section, Status> {
    let input = req.section.ok_or_else(|| required("section"))?;
    let (user, id) = section_name(state, caller, &input.name, "section.name")?;
    masks::paths(req.update_mask.as_ref(), &["display_name"])?;
    check_display_name(&input.display_name, "section.display_name")?;
    let s = sections_of(state, &user);
    let i = find(s, &format!("{user}/sections/{id}"))?;
    custom(&s.sections[i])?;
    s.sections[i].display_name = input.display_name;
    Ok(s.sections[i].clone())
}

/// `DeleteSection`.
pub(crate) fn delete(
    state: &mut State,
    caller: &Caller,
    req: DeleteSectionRequest,
) -> Result<(), Status> {
    let (user, id) = section_name(state, caller, &req.name, "name")?;
    let name = format!("{user}/sections/{id}");
    let s = sections_of(state, &user);
    let i = find(s, &name)?;
    custom(&s.sections[i])?;
    s.sections.remove(i);
    s.placements.retain(|_, sec| *sec != name);
    Ok(())
}

/// `ListSections`.
pub(crate) fn list(
    state: &mut State,
    caller: &Caller,
    req: ListSectionsRequest,
) -> Result<ListSectionsResponse, Status> {
    let user = own_user(state, caller, &req.parent, "parent")?;
    let items = sections_of(state, &user).sections.iter().map(|s| {
        (
            Key::new().asc(i128::from(s.sort_order)).text(&s.name),
            s.clone(),
        )
    });
    let (sections, next_page_token) = SECTIONS_PAGE.page(items, &req, &["ListSections", &user])?;
    Ok(ListSectionsResponse {
        sections,
        next_page_token,
    })
}

/// `PositionSection`.
pub(crate) fn position(
    state: &mut State,
    caller: &Caller,
    req: PositionSectionRequest,
) -> Result<PositionSectionResponse, Status> {
    let (user, id) = section_name(state, caller, &req.name, "name")?;
    let s = sections_of(state, &user);
    let i = find(s, &format!("{user}/sections/{id}"))?;
    let target = match req.position {
        Some(PositionOneOf::SortOrder(n)) if n > 0 => (n as usize - 1).min(s.sections.len() - 1),
        Some(PositionOneOf::SortOrder(_)) => {
            return Err(invalid("sort_order", "must be greater than 0"));
        }
        Some(PositionOneOf::RelativePosition(p)) => match Position::try_from(p) {
            Ok(Position::Start) => 0,
            Ok(Position::End) => s.sections.len() - 1,
            _ => return Err(invalid("relative_position", "must be START or END")),
        },
        None => return Err(required("position")),
    };
    let sec = s.sections.remove(i);
    s.sections.insert(target, sec);
    let s = sections_of(state, &user);
    Ok(PositionSectionResponse {
        section: Some(s.sections[target].clone()),
    })
}

/// The default section ID a space sits in.
fn default_section(kind: SpaceType, bot_dm: bool) -> &'static str {
    match kind {
        SpaceType::DirectMessage if bot_dm => "default-apps",
        SpaceType::DirectMessage | SpaceType::GroupChat => "default-direct-messages",
        _ => "default-spaces",
    }
}

/// Every item of the user: `(list position, section name, space name)`, spaces in
/// creation order.
fn items_of(state: &mut State, user: &str) -> Vec<(Key, String, String)> {
    let placements = sections_of(state, user).placements.clone();
    state
        .spaces
        .values()
        .filter(|s| s.joined(user).is_some())
        .map(|s| {
            let section = placements.get(&s.space.name).cloned().unwrap_or_else(|| {
                format!(
                    "{user}/sections/{}",
                    default_section(s.space_type(), s.space.single_user_bot_dm)
                )
            });
            (spaces::creation_key(s), section, s.space.name.clone())
        })
        .collect()
}

fn item(section: &str, space: &str) -> SectionItem {
    SectionItem {
        name: format!("{section}/items/{}", space.trim_start_matches("spaces/")),
        item: Some(section_item::Item::Space(space.to_owned())),
    }
}

/// `ListSectionItems`.
pub(crate) fn list_items(
    state: &mut State,
    caller: &Caller,
    req: ListSectionItemsRequest,
) -> Result<ListSectionItemsResponse, Status> {
    let (user, section) = section_name(state, caller, &req.parent, "parent")?;
    let space_filter = match filter::parse(&req.filter, "filter")? {
        None => None,
        Some(Expr::Cmp {
            field,
            op: Op::Eq,
            value,
            ..
        }) if field == "space" => Some(value),
        Some(_) => {
            return Err(invalid(
                "filter",
                "only `space = \"spaces/{space}\"` is supported",
            ));
        }
    };
    if section == "-" && space_filter.is_none() {
        return Err(invalid("parent", "the `-` wildcard needs a space filter"));
    }
    let parent = format!("{user}/sections/{section}");
    if section != "-" {
        find(sections_of(state, &user), &parent)?;
    }
    let items = items_of(state, &user)
        .into_iter()
        .filter(|(_, sec, _)| section == "-" || *sec == parent)
        .filter(|(_, _, sp)| space_filter.as_ref().is_none_or(|f| f == sp))
        .map(|(key, sec, sp)| (key, item(&sec, &sp)));
    let (section_items, next_page_token) =
        ITEMS_PAGE.page(items, &req, &["ListSectionItems", &req.parent, &req.filter])?;
    Ok(ListSectionItemsResponse {
        section_items,
        next_page_token,
    })
}

/// `MoveSectionItem`.
pub(crate) fn move_item(
    state: &mut State,
    caller: &Caller,
    req: MoveSectionItemRequest,
) -> Result<MoveSectionItemResponse, Status> {
    let (section_part, item_id) = req
        .name
        .split_once("/items/")
        .filter(|(_, i)| !i.is_empty() && !i.contains('/'))
        .ok_or_else(|| {
            invalid(
                "name",
                "must be `users/{user}/sections/{section}/items/{item}`",
            )
        })?;
    let (user, _) = section_name(state, caller, section_part, "name")?;
    let (target_user, target_id) =
        section_name(state, caller, &req.target_section, "target_section")?;
    // `users/me/...` and `users/{email}/...` name the same sections as `users/{id}/...`.
    let target_section = format!("{target_user}/sections/{target_id}");
    if target_user != user {
        return Err(invalid(
            "target_section",
            "must be a section of the same user",
        ));
    }
    let space = format!("spaces/{item_id}");
    let current = items_of(state, &user)
        .into_iter()
        .find(|(_, sec, sp)| {
            *sp == space
                && sec
                    == &format!(
                        "{user}/sections/{}",
                        section_part.rsplit('/').next().unwrap_or_default()
                    )
        })
        .ok_or_else(|| not_found("SectionItem", &req.name))?;
    let s = sections_of(state, &user);
    let t = find(s, &target_section)?;
    let rec_kind = state
        .spaces
        .get(item_id)
        .map(|r| (r.space_type(), r.space.single_user_bot_dm))
        .ok_or_else(|| not_found("Space", &space))?;
    let default = format!(
        "{user}/sections/{}",
        default_section(rec_kind.0, rec_kind.1)
    );
    let s = sections_of(state, &user);
    let target_custom = s.sections[t].r#type == SectionType::CustomSection as i32;
    if !target_custom && s.sections[t].name != default {
        return Err(invalid(
            "target_section",
            "a space can move only to a custom section or back to its default section",
        ));
    }
    let _ = current;
    if target_custom {
        s.placements.insert(space.clone(), target_section.clone());
    } else {
        s.placements.remove(&space);
    }
    Ok(MoveSectionItemResponse {
        section_item: Some(item(&target_section, &space)),
    })
}
