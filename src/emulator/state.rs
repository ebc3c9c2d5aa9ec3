//! The emulator's in-memory world, behind one lock: spaces with their members, messages,
//! reactions, events and per-user settings; custom emojis; the user directory; and the
//! request-ID registry for idempotent creates. Resource modules work on it through the
//! lookups and access checks here.

use std::collections::{BTreeMap, HashMap};

use prost_types::Timestamp;
use tonic::Status;

use super::clock::Clock;
use super::errors::{denied, invalid, not_found};
use super::identity::{AuthKind, Caller, Credentials, Token};
use super::ids::{Ids, user_id_for_email};
use super::media::Media;
use crate::proto::chat::v1::{
    Availability, CustomEmoji, Membership, Message, MessagePin, Reaction, Section, Space,
    SpaceEvent, SpaceNotificationSetting, membership, space, space_event,
};

/// The emails and display names the emulator knows.
#[derive(Debug, Default)]
pub(crate) struct Directory {
    by_email: HashMap<String, String>,
    display_names: HashMap<String, String>,
}

impl Directory {
    /// Records `email` as user `users/<id>`.
    pub(crate) fn add(&mut self, email: &str, id: &str, display_name: Option<&str>) {
        self.by_email
            .insert(email.to_ascii_lowercase(), id.to_owned());
        if let Some(d) = display_name {
            self.display_names
                .insert(format!("users/{id}"), d.to_owned());
        }
    }

    /// The ID of a user given as a numeric ID or an email; an unknown email is given a
    /// stable generated ID and remembered.
    pub(crate) fn id_of(&mut self, id_or_email: &str) -> String {
        self.id_ref(id_or_email).to_owned()
    }

    /// [`Self::id_of`], borrowed: a known email in lower case, as tokens carry it, is
    /// resolved without allocating (every call resolves its caller this way).
    fn id_ref<'a>(&'a mut self, id_or_email: &'a str) -> &'a str {
        if !id_or_email.contains('@') {
            return id_or_email;
        }
        let lowered;
        let email = if id_or_email.bytes().any(|b| b.is_ascii_uppercase()) {
            lowered = id_or_email.to_ascii_lowercase();
            lowered.as_str()
        } else {
            id_or_email
        };
        if !self.by_email.contains_key(email) {
            self.by_email
                .insert(email.to_owned(), user_id_for_email(email));
        }
        &self.by_email[email]
    }

    pub(crate) fn display_name(&self, user: &str) -> Option<&str> {
        self.display_names.get(user).map(String::as_str)
    }
}

/// One message and what hangs off it.
#[derive(Debug, Clone)]
pub(crate) struct MessageRec {
    pub(crate) message: Message,
    pub(crate) reactions: Vec<Reaction>,
    /// Thread ID (the `{thread}` of `spaces/{space}/threads/{thread}`).
    pub(crate) thread_id: String,
    pub(crate) sender_is_app: bool,
}

impl MessageRec {
    pub(crate) fn is_deleted(&self) -> bool {
        self.message.delete_time.is_some()
    }

    /// Private messages are visible only to their viewer and to apps.
    pub(crate) fn visible_to(&self, caller: &Caller) -> bool {
        match &self.message.private_message_viewer {
            Some(viewer) if !viewer.name.is_empty() => {
                caller.is_app() || viewer.name == caller.name
            }
            _ => true,
        }
    }
}

/// A space event as recorded: message events keep the message's name only (reads resolve
/// it to the message as it is then, as the API documents), the rest their payload boxed. A
/// `SpaceEvent` holding a whole `Message` inline, per event, doubled the memory of every
/// message posted.
#[derive(Debug, Clone)]
pub(crate) struct Recorded {
    pub(crate) name: String,
    pub(crate) time: Timestamp,
    pub(crate) event_type: &'static str,
    pub(crate) payload: Stored,
}

/// The payload of a [`Recorded`] event.
#[derive(Debug, Clone)]
pub(crate) enum Stored {
    MessageCreated(String),
    MessageUpdated(String),
    MessageDeleted(String),
    Other(Box<space_event::Payload>),
}

impl Recorded {
    /// The event as recorded, in the API's shape (a message payload names the message only).
    pub(crate) fn event(&self) -> SpaceEvent {
        use crate::proto::chat::v1::{
            MessageCreatedEventData, MessageDeletedEventData, MessageUpdatedEventData,
        };
        let reference = |name: &str| {
            Some(Message {
                name: name.to_owned(),
                ..Default::default()
            })
        };
        let payload = match &self.payload {
            Stored::MessageCreated(n) => {
                space_event::Payload::MessageCreatedEventData(MessageCreatedEventData {
                    message: reference(n),
                })
            }
            Stored::MessageUpdated(n) => {
                space_event::Payload::MessageUpdatedEventData(MessageUpdatedEventData {
                    message: reference(n),
                })
            }
            Stored::MessageDeleted(n) => {
                space_event::Payload::MessageDeletedEventData(MessageDeletedEventData {
                    message: reference(n),
                })
            }
            Stored::Other(p) => (**p).clone(),
        };
        SpaceEvent {
            name: self.name.clone(),
            event_time: Some(self.time),
            event_type: self.event_type.to_owned(),
            payload: Some(payload),
        }
    }
}

/// One space and everything in it.
#[derive(Debug, Clone)]
pub(crate) struct SpaceRec {
    /// Creation order, for stable listing.
    pub(crate) seq: u64,
    pub(crate) space: Space,
    /// Who created the space (for app-created spaces and import mode).
    pub(crate) creator: String,
    /// Current and past memberships, in join order. Past ones have state `NOT_A_MEMBER`.
    pub(crate) members: Vec<Membership>,
    pub(crate) messages: Vec<MessageRec>,
    /// System and client-assigned message IDs to their index in `messages`.
    pub(crate) message_index: HashMap<String, usize>,
    /// Thread ID to the index of its first message.
    pub(crate) threads: HashMap<String, usize>,
    /// Thread keys to thread IDs.
    pub(crate) thread_keys: HashMap<String, String>,
    pub(crate) events: Vec<Recorded>,
    /// User name to last read time.
    pub(crate) read_states: HashMap<String, Timestamp>,
    pub(crate) notification_settings: HashMap<String, SpaceNotificationSetting>,
    pub(crate) pins: Vec<MessagePin>,
}

impl SpaceRec {
    /// A space with nothing in it yet.
    pub(crate) fn new(seq: u64, space: Space, creator: String) -> Self {
        SpaceRec {
            seq,
            space,
            creator,
            members: Vec::new(),
            messages: Vec::new(),
            message_index: HashMap::new(),
            threads: HashMap::new(),
            thread_keys: HashMap::new(),
            events: Vec::new(),
            read_states: HashMap::new(),
            notification_settings: HashMap::new(),
            pins: Vec::new(),
        }
    }

    pub(crate) fn id(&self) -> &str {
        self.space.name.trim_start_matches("spaces/")
    }

    pub(crate) fn space_type(&self) -> space::SpaceType {
        space::SpaceType::try_from(self.space.space_type).unwrap_or(space::SpaceType::Unspecified)
    }

    /// The joined membership of `user` (`users/...`), if any.
    pub(crate) fn joined(&self, user: &str) -> Option<&Membership> {
        self.members.iter().find(|m| {
            member_user(m) == Some(user) && m.state == membership::MembershipState::Joined as i32
        })
    }

    /// The current (joined or invited) membership with member segment `member_id`.
    pub(crate) fn membership_index(&self, member_id: &str) -> Option<usize> {
        let name = format!("{}/members/{member_id}", self.space.name);
        self.members.iter().position(|m| {
            m.name == name && m.state != membership::MembershipState::NotAMember as i32
        })
    }

    pub(crate) fn is_manager(&self, user: &str) -> bool {
        self.joined(user)
            .is_some_and(|m| m.role == membership::MembershipRole::RoleManager as i32)
    }

    /// Managers change a space's settings, and so does the app that created it (apps hold
    /// no roles).
    pub(crate) fn managed_by(&self, caller: &Caller) -> bool {
        if caller.is_app() {
            self.creator == caller.name
        } else {
            self.is_manager(&caller.name)
        }
    }

    /// Joined human users, by user name.
    pub(crate) fn joined_humans(&self) -> Vec<&str> {
        self.members
            .iter()
            .filter(|m| m.state == membership::MembershipState::Joined as i32)
            .filter(|m| {
                matches!(&m.member_type, Some(membership::MemberType::Member(u)) if u.r#type == crate::proto::chat::v1::user::Type::Human as i32)
            })
            .filter_map(member_user)
            .collect()
    }

    /// Refreshes `space.membership_count` from the memberships.
    pub(crate) fn recount(&mut self) {
        self.space.membership_count = Some(self.membership_count());
    }

    /// The space's joined humans and groups, counted from its memberships.
    pub(crate) fn membership_count(&self) -> space::MembershipCount {
        let humans = self.joined_humans().len() as i32;
        let groups = self
            .members
            .iter()
            .filter(|m| m.state == membership::MembershipState::Joined as i32)
            .filter(|m| matches!(m.member_type, Some(membership::MemberType::GroupMember(_))))
            .count() as i32;
        space::MembershipCount {
            joined_direct_human_user_count: humans,
            joined_group_count: groups,
        }
    }

    /// The index of a message given by its system or client-assigned ID.
    pub(crate) fn message_idx(&self, id: &str) -> Option<usize> {
        self.message_index.get(id).copied()
    }
}

/// The user name of a membership's member, for user memberships.
pub(crate) fn member_user(m: &Membership) -> Option<&str> {
    match &m.member_type {
        Some(membership::MemberType::Member(u)) => Some(u.name.as_str()),
        _ => None,
    }
}

/// A custom emoji and who made it.
#[derive(Debug, Clone)]
pub(crate) struct EmojiRec {
    pub(crate) emoji: CustomEmoji,
    pub(crate) creator: String,
}

/// An uploaded attachment waiting to be referenced by a message.
#[derive(Debug, Clone)]
pub(crate) struct Upload {
    pub(crate) space: String,
    pub(crate) filename: String,
    /// The bytes (none for a gRPC `UploadAttachment`).
    pub(crate) media: Media,
}

/// The bytes behind an attachment's `attachment_data_ref.resource_name`.
#[derive(Debug, Clone)]
pub(crate) struct MediaRef {
    /// `spaces/{space}/messages/{message}`, whose readers may download it.
    pub(crate) message: String,
    pub(crate) media: Media,
}

/// A user's sections and where their spaces sit.
#[derive(Debug, Clone, Default)]
pub(crate) struct UserSections {
    /// Custom and system sections, in display order after sorting by `sort_order`.
    pub(crate) sections: Vec<Section>,
    /// Space name to the custom section it was moved to.
    pub(crate) placements: HashMap<String, String>,
}

/// The whole emulated world.
#[derive(Debug, Default)]
pub(crate) struct State {
    pub(crate) clock: Clock,
    pub(crate) ids: Ids,
    pub(crate) directory: Directory,
    pub(crate) spaces: BTreeMap<String, SpaceRec>,
    /// Space IDs by lowercased display name, for the uniqueness rule of named spaces (a
    /// scan per create made seeding thousands of spaces quadratic). Entries are candidates:
    /// a lookup checks the space's current name and type, so deletes and renames need no
    /// bookkeeping beyond [`State::index_display_name`] on every write of a name.
    pub(crate) display_names: HashMap<String, Vec<String>>,
    pub(crate) next_seq: u64,
    /// `request_key(scope, request id, caller)` → the name of what that request created.
    pub(crate) request_ids: HashMap<String, String>,
    pub(crate) custom_emojis: BTreeMap<String, EmojiRec>,
    pub(crate) availability: HashMap<String, Availability>,
    /// When each user's `MarkAsActive` lapses to `AWAY`.
    pub(crate) active_until: HashMap<String, Timestamp>,
    pub(crate) sections: HashMap<String, UserSections>,
    pub(crate) uploads: HashMap<String, Upload>,
    /// `attachment_data_ref.resource_name` to its bytes.
    pub(crate) media: HashMap<String, MediaRef>,
    /// Usage-limit windows; `None` unless quotas are enforced.
    pub(crate) quotas: Option<super::quotas::Quotas>,
}

impl State {
    /// Records space `id`'s current display name in [`State::display_names`].
    pub(crate) fn index_display_name(&mut self, id: &str) {
        let Some(name) = self
            .spaces
            .get(id)
            .map(|s| s.space.display_name.to_ascii_lowercase())
        else {
            return;
        };
        if name.is_empty() {
            return;
        }
        let spaces = &self.spaces;
        let ids = self.display_names.entry(name.clone()).or_default();
        // Drop the stale candidates of this name while here, so renames don't pile up.
        ids.retain(|i| {
            i != id
                && spaces
                    .get(i)
                    .is_some_and(|s| s.space.display_name.eq_ignore_ascii_case(&name))
        });
        ids.push(id.to_owned());
    }

    /// Resolves a token to a caller, emails through the directory.
    pub(crate) fn caller(&mut self, credentials: &Credentials) -> Caller {
        let scopes = credentials.scopes.clone();
        // One exact-size allocation: a `format!` of `id_of`'s copy was three or four.
        let user = |directory: &mut Directory, id: &str| {
            let id = directory.id_ref(id);
            let mut name = String::with_capacity("users/".len() + id.len());
            name.push_str("users/");
            name.push_str(id);
            name
        };
        match &credentials.token {
            Token::User(id) => Caller {
                kind: AuthKind::User,
                name: user(&mut self.directory, id),
                scopes,
            },
            Token::Admin(id) => Caller {
                kind: AuthKind::Admin,
                name: user(&mut self.directory, id),
                scopes,
            },
            Token::App(None) => Caller {
                kind: AuthKind::App,
                name: "users/app".to_owned(),
                scopes,
            },
            Token::App(Some(n)) => Caller {
                kind: AuthKind::App,
                name: format!("users/app-{n}"),
                scopes,
            },
        }
    }

    /// Resolves `users/{user}` (ID, email, or `me`) to `users/<id>`.
    pub(crate) fn resolve_user(
        &mut self,
        name: &str,
        caller: &Caller,
        field: &str,
    ) -> Result<String, Status> {
        let id = name
            .strip_prefix("users/")
            .filter(|id| !id.is_empty() && !id.contains('/'))
            .ok_or_else(|| {
                invalid(
                    field,
                    format!("`{name}` is not of the form `users/{{user}}`"),
                )
            })?;
        if id == "me" {
            return Ok(caller.name.clone());
        }
        Ok(format!("users/{}", self.directory.id_of(id)))
    }

    /// The `{space}` of `spaces/{space}`, checking the shape.
    pub(crate) fn space_id<'a>(name: &'a str, field: &str) -> Result<&'a str, Status> {
        name.strip_prefix("spaces/")
            .filter(|id| !id.is_empty() && !id.contains('/'))
            .ok_or_else(|| {
                invalid(
                    field,
                    format!("`{name}` is not of the form `spaces/{{space}}`"),
                )
            })
    }

    /// A space the caller may read: it exists, and the caller is a joined member (or an
    /// administrator using admin access).
    pub(crate) fn readable_space(
        &self,
        id: &str,
        caller: &Caller,
        admin: bool,
    ) -> Result<&SpaceRec, Status> {
        let rec = self
            .spaces
            .get(id)
            .ok_or_else(|| not_found("Space", &format!("spaces/{id}")))?;
        check_access(rec, caller, admin)?;
        Ok(rec)
    }

    /// Like [`Self::readable_space`], mutably.
    pub(crate) fn writable_space(
        &mut self,
        id: &str,
        caller: &Caller,
        admin: bool,
    ) -> Result<&mut SpaceRec, Status> {
        let rec = self
            .spaces
            .get_mut(id)
            .ok_or_else(|| not_found("Space", &format!("spaces/{id}")))?;
        check_access(rec, caller, admin)?;
        Ok(rec)
    }

    /// Space ID and message index of a live message the caller can see, by its name (system
    /// or client-assigned ID).
    pub(crate) fn locate_message(
        &self,
        caller: &Caller,
        name: &str,
        field: &str,
    ) -> Result<(String, usize), Status> {
        let (space, id) =
            split_child(name, "messages", field, "spaces/{space}/messages/{message}")?;
        if id.contains('/') {
            return Err(invalid(
                field,
                format!("`{name}` is not of the form `spaces/{{space}}/messages/{{message}}`"),
            ));
        }
        let rec = self.readable_space(space, caller, false)?;
        let i = rec
            .message_idx(id)
            .filter(|&i| !rec.messages[i].is_deleted() && rec.messages[i].visible_to(caller))
            .ok_or_else(|| not_found("Message", name))?;
        Ok((space.to_owned(), i))
    }

    /// Records a space event; its payload determines its type.
    pub(crate) fn record(&mut self, space_id: &str, payload: space_event::Payload) {
        let time = self.clock.now();
        let id = self.ids.short();
        if let Some(rec) = self.spaces.get_mut(space_id) {
            let event_type = payload.event_type();
            let payload = match payload {
                space_event::Payload::MessageCreatedEventData(d) => {
                    Stored::MessageCreated(d.message.map(|m| m.name).unwrap_or_default())
                }
                space_event::Payload::MessageUpdatedEventData(d) => {
                    Stored::MessageUpdated(d.message.map(|m| m.name).unwrap_or_default())
                }
                space_event::Payload::MessageDeletedEventData(d) => {
                    Stored::MessageDeleted(d.message.map(|m| m.name).unwrap_or_default())
                }
                other => Stored::Other(Box::new(other)),
            };
            rec.events.push(Recorded {
                name: format!("{}/spaceEvents/{id}", rec.space.name),
                time,
                event_type,
                payload,
            });
        }
    }

    /// Checks a request ID: `Ok(Some(name))` if the same caller used it before, an error if
    /// another caller did, `Ok(None)` if it is new.
    pub(crate) fn replayed(
        &self,
        scope: &str,
        request_id: &str,
        caller: &Caller,
    ) -> Result<Option<String>, Status> {
        if request_id.is_empty() {
            return Ok(None);
        }
        // Keyed by caller: another caller's use of the same ID is a request of its own, and
        // answering it differently would confirm that the ID exists.
        Ok(self
            .request_ids
            .get(&request_key(scope, request_id, caller))
            .cloned())
    }

    /// Remembers that `caller` created `name` with `request_id`.
    pub(crate) fn remember(&mut self, scope: &str, request_id: &str, caller: &Caller, name: &str) {
        if !request_id.is_empty() {
            self.request_ids
                .insert(request_key(scope, request_id, caller), name.to_owned());
        }
    }

    pub(crate) fn next_seq(&mut self) -> u64 {
        self.next_seq += 1;
        self.next_seq
    }
}

/// The three parts in one string, one allocation per lookup where a tuple of strings took
/// three. Unambiguous: the scope (method and a validated space ID) and the caller's name
/// cannot contain NUL, and the request ID, which may, comes last.
fn request_key(scope: &str, request_id: &str, caller: &Caller) -> String {
    let mut key = String::with_capacity(scope.len() + request_id.len() + caller.name.len() + 2);
    key.push_str(scope);
    key.push('\0');
    key.push_str(&caller.name);
    key.push('\0');
    key.push_str(request_id);
    key
}

fn check_access(rec: &SpaceRec, caller: &Caller, admin: bool) -> Result<(), Status> {
    if admin {
        if !caller.is_admin() {
            return Err(denied(
                "use_admin_access requires a Workspace administrator (token `admin:<id>`)",
            ));
        }
        return Ok(());
    }
    // A space in import mode is visible only to its creator, who imports into it.
    if rec.space.import_mode {
        if rec.creator == caller.name {
            return Ok(());
        }
        return Err(denied(format!(
            "{} is in import mode and visible only to the importing user",
            rec.space.name
        )));
    }
    if rec.joined(&caller.name).is_none() {
        return Err(denied(format!(
            "the caller is not a member of {}",
            rec.space.name
        )));
    }
    Ok(())
}

/// Parses `{prefix}/{id}` and returns the space ID and the rest after `/{segment}/`.
///
/// For `spaces/AAA/messages/BBB` with segment `messages` this is `("AAA", "BBB")`.
pub(crate) fn split_child<'a>(
    name: &'a str,
    segment: &str,
    field: &str,
    pattern: &str,
) -> Result<(&'a str, &'a str), Status> {
    let bad = || invalid(field, format!("`{name}` is not of the form `{pattern}`"));
    let rest = name.strip_prefix("spaces/").ok_or_else(bad)?;
    let (space, rest) = rest.split_once('/').ok_or_else(bad)?;
    let child = rest
        .strip_prefix(segment)
        .and_then(|r| r.strip_prefix('/'))
        .ok_or_else(bad)?;
    if space.is_empty() || child.is_empty() {
        return Err(bad());
    }
    Ok((space, child))
}
