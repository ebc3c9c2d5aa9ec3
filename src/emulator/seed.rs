//! Seed data: spaces with members and messages (and directory users) to preload, from JSON
//! for the `chat-emulator --seed-data FILE` flag or built in code.

use std::collections::HashMap;

use serde::Deserialize;

use super::identity::{AuthKind, Caller, Scopes};
use super::spaces::{add_members, human, user_membership};
use super::state::State;
use crate::proto::chat::v1::membership::MembershipRole;
use crate::proto::chat::v1::space::SpaceType;
use crate::proto::chat::v1::{CreateMessageRequest, CreateSpaceRequest, Message, Space, Thread};

/// Data to preload into an emulator.
///
/// ```json
/// {
///   "users": [{"email": "alice@example.com", "id": "111", "display_name": "Alice"}],
///   "spaces": [{
///     "display_name": "Launch",
///     "space_type": "SPACE",
///     "members": [{"user": "users/alice@example.com", "role": "ROLE_MANAGER"},
///                 {"user": "users/bob@example.com"}],
///     "messages": [{"sender": "users/alice@example.com", "text": "Welcome", "thread_key": "intro"}]
///   }]
/// }
/// ```
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SeedData {
    /// Directory entries.
    #[serde(default)]
    pub users: Vec<SeedUser>,
    /// Spaces to create, in order.
    #[serde(default)]
    pub spaces: Vec<SeedSpace>,
}

/// A directory entry: `users/{email}` resolves to `users/{id}`.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SeedUser {
    /// The email address.
    pub email: String,
    /// The numeric user ID.
    pub id: String,
    /// The display name shown on messages and memberships.
    #[serde(default)]
    pub display_name: String,
}

/// A space to create.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SeedSpace {
    /// The display name (required for `SPACE`).
    #[serde(default)]
    pub display_name: String,
    /// `SPACE` (default), `GROUP_CHAT` or `DIRECT_MESSAGE`.
    #[serde(default)]
    pub space_type: Option<String>,
    /// Members; the first `ROLE_MANAGER` (or the first member) creates the space.
    #[serde(default)]
    pub members: Vec<SeedMember>,
    /// Messages, in order.
    #[serde(default)]
    pub messages: Vec<SeedMessage>,
}

/// A member of a seeded space.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SeedMember {
    /// `users/{id}`, `users/{email}`, or `users/app` for the Chat app.
    pub user: String,
    /// `ROLE_MEMBER` (default) or `ROLE_MANAGER`.
    #[serde(default)]
    pub role: Option<String>,
}

/// A message of a seeded space.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct SeedMessage {
    /// The sender, a member of the space.
    pub sender: String,
    /// The text.
    pub text: String,
    /// Messages with the same key share a thread.
    #[serde(default)]
    pub thread_key: Option<String>,
}

impl SeedData {
    /// Parses seed data from JSON.
    ///
    /// The rules that need no emulator (unique, well-formed user IDs and emails, members
    /// listed once, two members in a direct message) are checked here too, so a bad file
    /// fails with the entry that is wrong; [`EmulatorBuilder::seed`](super::EmulatorBuilder::seed)
    /// checks them again for data built in code.
    pub fn from_json(json: &str) -> Result<Self, SeedError> {
        if json.starts_with('\u{feff}') {
            // serde_json would say "expected value at line 1 column 1", which sends people
            // looking for a typo they cannot see.
            return Err(SeedError(
                "seed data: the file starts with a UTF-8 byte order mark (U+FEFF); save it as UTF-8 without BOM".into(),
            ));
        }
        let data: SeedData =
            serde_json::from_str(json).map_err(|e| SeedError(format!("seed data: {e}")))?;
        data.validate()?;
        Ok(data)
    }

    /// Checks the rules of seed data that need no emulator state.
    pub(crate) fn validate(&self) -> Result<(), SeedError> {
        let mut emails = HashMap::new();
        let mut ids = HashMap::new();
        for (i, u) in self.users.iter().enumerate() {
            let err = |what: String| SeedError(format!("users[{i}]: {what}"));
            check_email(&u.email).map_err(err)?;
            check_id(&u.id).map_err(err)?;
            if let Some(first) = emails.insert(u.email.to_ascii_lowercase(), i) {
                return Err(err(format!(
                    "email `{}` is already users[{first}]",
                    u.email
                )));
            }
            if let Some(first) = ids.insert(u.id.as_str(), i) {
                return Err(err(format!("id `{}` is already users[{first}]", u.id)));
            }
        }
        for (n, s) in self.spaces.iter().enumerate() {
            let err = |what: String| SeedError(format!("spaces[{n}]: {what}"));
            // The same person may be written by email and by ID: compare resolved IDs.
            let mut seen: HashMap<String, usize> = HashMap::new();
            for (k, m) in s.members.iter().enumerate() {
                let user = member_ref(&m.user).map_err(|e| err(format!("members[{k}]: {e}")))?;
                let key = if user.contains('@') {
                    let email = user.to_ascii_lowercase();
                    emails
                        .get(&email)
                        .map_or(email, |&i| self.users[i].id.clone())
                } else {
                    user.to_owned()
                };
                if let Some(first) = seen.insert(key, k) {
                    return Err(err(format!(
                        "members[{k}]: `{}` is the same user as members[{first}]",
                        m.user
                    )));
                }
            }
            for (k, m) in s.messages.iter().enumerate() {
                member_ref(&m.sender).map_err(|e| err(format!("messages[{k}].sender: {e}")))?;
            }
            if s.space_type.as_deref() == Some("DIRECT_MESSAGE") && s.members.len() != 2 {
                return Err(err(format!(
                    "a DIRECT_MESSAGE has exactly two members (two users, or a user and `users/app`), not {}",
                    s.members.len()
                )));
            }
        }
        Ok(())
    }
}

/// Seed data that could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedError(String);

impl std::fmt::Display for SeedError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SeedError {}

/// IDs that name someone else in the API: `users/app` is the calling app, `users/me` the
/// caller, `users/all` the @all mention.
const RESERVED_IDS: [&str; 3] = ["app", "me", "all"];

/// A user ID: it becomes a path segment of resource names (`users/{id}`,
/// `spaces/{space}/members/{id}`), so no `/`, no dot segments, nothing empty.
fn check_id(id: &str) -> Result<(), String> {
    if id.is_empty() {
        return Err("id is empty".into());
    }
    if id.len() > 128 {
        return Err(format!("id is {} bytes; at most 128", id.len()));
    }
    if id == "." || id == ".." || id.contains("..") {
        return Err(format!("id `{id}` has a dot segment"));
    }
    if let Some(c) = id
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
    {
        return Err(format!(
            "id `{id}` contains {c:?}; use letters, digits, `-`, `_` and `.`"
        ));
    }
    if RESERVED_IDS.contains(&id) {
        return Err(format!(
            "id `{id}` is reserved (`users/{id}` means something else)"
        ));
    }
    Ok(())
}

fn check_email(email: &str) -> Result<(), String> {
    let ok = email.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty() && !domain.is_empty() && !domain.contains('@')
    }) && !email.contains(['/', ' ', '\t', '\n'])
        && !email.contains("..");
    if ok {
        Ok(())
    } else {
        Err(format!("`{email}` is not an email address"))
    }
}

/// The `{user}` of a member or sender written `users/{user}`: an email, an ID, or `app`.
fn member_ref(user: &str) -> Result<&str, String> {
    let id = user
        .strip_prefix("users/")
        .ok_or_else(|| format!("`{user}` is not `users/{{user}}`"))?;
    if id == "app" {
        return Ok(id);
    }
    if id.contains('@') {
        check_email(id)?;
    } else {
        check_id(id)?;
    }
    Ok(id)
}

fn caller_for(state: &mut State, user: &str) -> Result<Caller, SeedError> {
    if user == "users/app" {
        return Ok(Caller {
            kind: AuthKind::App,
            name: user.to_owned(),
            scopes: Scopes::All,
        });
    }
    let id = user
        .strip_prefix("users/")
        .filter(|i| !i.is_empty())
        .ok_or_else(|| SeedError(format!("`{user}` is not `users/{{user}}`")))?;
    Ok(Caller {
        kind: AuthKind::User,
        name: format!("users/{}", state.directory.id_of(id)),
        scopes: Scopes::All,
    })
}

/// Applies seed data to the state.
pub(crate) fn apply(state: &mut State, data: &SeedData) -> Result<(), SeedError> {
    data.validate()?;
    for u in &data.users {
        let name = (!u.display_name.is_empty()).then_some(u.display_name.as_str());
        state.directory.add(&u.email, &u.id, name);
    }
    for (n, s) in data.spaces.iter().enumerate() {
        let err = |what: String| SeedError(format!("spaces[{n}]: {what}"));
        let t = s.space_type.as_deref().unwrap_or("SPACE");
        let kind = SpaceType::from_str_name(t)
            .filter(|t| *t != SpaceType::Unspecified)
            .ok_or_else(|| err(format!("unknown space_type `{t}`")))?;
        let creator_entry = s
            .members
            .iter()
            .find(|m| m.role.as_deref() == Some("ROLE_MANAGER"))
            .or_else(|| s.members.first())
            .ok_or_else(|| err("needs at least one member".into()))?;
        let creator = caller_for(state, &creator_entry.user)?;
        // Create the space through the same path as CreateSpace, in import mode so every
        // type is allowed and no member is added yet.
        let space = super::spaces::create(
            state,
            &creator,
            CreateSpaceRequest {
                space: Some(Space {
                    display_name: s.display_name.clone(),
                    space_type: kind as i32,
                    import_mode: true,
                    customer: Some("customers/my_customer".into()),
                    ..Default::default()
                }),
                request_id: String::new(),
            },
        )
        .or_else(|e| {
            if kind == SpaceType::DirectMessage {
                // DMs are never created by CreateSpace; build one through GROUP_CHAT and retype.
                super::spaces::create(
                    state,
                    &creator,
                    CreateSpaceRequest {
                        space: Some(Space {
                            space_type: SpaceType::GroupChat as i32,
                            import_mode: true,
                            ..Default::default()
                        }),
                        request_id: String::new(),
                    },
                )
            } else {
                Err(e)
            }
        })
        .map_err(|e| err(e.message().to_owned()))?;
        let id = space.name.trim_start_matches("spaces/").to_owned();
        if let Some(rec) = state.spaces.get_mut(&id) {
            rec.space.import_mode = false;
            rec.space.import_mode_expire_time = None;
            rec.space.space_type = kind as i32;
            if kind == SpaceType::DirectMessage {
                rec.space.r#type = crate::proto::chat::v1::space::Type::Dm as i32;
            }
        }
        let now = state.clock.now();
        let mut members = Vec::new();
        for m in &s.members {
            let c = caller_for(state, &m.user)?;
            let role = match m.role.as_deref().unwrap_or("ROLE_MEMBER") {
                "ROLE_MEMBER" => MembershipRole::RoleMember,
                "ROLE_MANAGER" => MembershipRole::RoleManager,
                other => return Err(err(format!("unknown role `{other}`"))),
            };
            let user = if c.is_app() {
                c.user()
            } else {
                human(state, &c.name)
            };
            members.push(user_membership(&space.name, user, role, now));
        }
        add_members(state, &id, members);
        for (k, m) in s.messages.iter().enumerate() {
            let sender = caller_for(state, &m.sender)?;
            super::messages::create(
                state,
                &sender,
                CreateMessageRequest {
                    parent: space.name.clone(),
                    message: Some(Message {
                        text: m.text.clone(),
                        thread: m.thread_key.as_ref().map(|t| Thread {
                            thread_key: t.clone(),
                            ..Default::default()
                        }),
                        ..Default::default()
                    }),
                    message_reply_option: if m.thread_key.is_some() { 1 } else { 0 },
                    ..Default::default()
                },
            )
            .map_err(|e| err(format!("messages[{k}]: {}", e.message())))?;
        }
    }
    Ok(())
}
