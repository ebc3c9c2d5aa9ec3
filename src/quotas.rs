//! Chat's usage limits as data: what each quota allows ([`Quota`], [`QuotaLimits`]), which
//! quotas each method draws from ([`METHOD_QUOTAS`]), and how one request is charged
//! ([`charges`]). The one table behind both the emulator's enforcement
//! (`EmulatorBuilder::quotas`, feature `emulator`) and the client's pacing
//! ([`QuotaPacer`], [`ClientBuilder::pace_to_quotas`](crate::ClientBuilder::pace_to_quotas)).
//!
//! Source: <https://developers.google.com/workspace/chat/limits>, as quoted in issue 14,
//! 2026-12-02. The page was not re-fetched for this table (the build machine had no network);
//! the figures and method lists are the issue's, checked against excerpts of stored copies
//! of the page, which added `spaces.messages.search` (300) and the per-minute space-creation
//! limit. The per-hour space-creation limit could not be read in those copies and is not
//! modelled. Check the page before relying on a figure; raised quotas are set with
//! [`QuotaLimits::with_limit`].
//!
//! Exceeding a quota is HTTP 429 / gRPC `RESOURCE_EXHAUSTED`; there is no daily cap.
//!
//! ```
//! use google_chat_grpc::quotas::{self, Quota, QuotaLimits};
//! use google_chat_grpc::proto::chat::v1::CreateMessageRequest;
//!
//! let post = CreateMessageRequest { parent: "spaces/AAAA".into(), ..Default::default() };
//! let charged: Vec<_> = quotas::charges(&post).collect();
//! assert_eq!(charged[0].quota, Quota::WritesPerSpace);
//! assert_eq!(charged[0].space, Some("spaces/AAAA"));
//! assert_eq!(charged[1].quota, Quota::MessageWrites);
//! assert_eq!(QuotaLimits::published().limit(Quota::WritesPerSpace), 60);
//! ```

mod pacer;

use std::any::Any;
use std::time::Duration;

#[cfg(feature = "media")]
pub(crate) use pacer::Permit;
pub use pacer::QuotaPacer;

use crate::proto::chat::v1::{CreateSpaceRequest, SetUpSpaceRequest, Space, space};
use crate::rpc::RpcRequest;

/// What a quota is counted per.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum QuotaScope {
    /// Per space, shared by every app and user acting in it.
    Space,
    /// Per Google Cloud project: one Chat app's calls.
    Project,
}

/// One published limit of the Chat API.
///
/// ```
/// use google_chat_grpc::quotas::{Quota, QuotaScope};
///
/// assert_eq!(Quota::ReadsPerSpace.name(), "Reads per minute (per space)");
/// assert_eq!(Quota::ReadsPerSpace.scope(), QuotaScope::Space);
/// assert_eq!(Quota::MembershipWrites.published_limit(), 300);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Quota {
    /// Reads in one space, by all apps in it: 900 per 60 s.
    ReadsPerSpace,
    /// Writes in one space, by all apps in it: 60 per 60 s.
    WritesPerSpace,
    /// Message writes of a project: 3,000 per 60 s.
    MessageWrites,
    /// Message reads of a project: 3,000 per 60 s.
    MessageReads,
    /// Message searches of a project: 300 per 60 s.
    MessageSearches,
    /// Membership writes of a project: 300 per 60 s.
    MembershipWrites,
    /// Membership reads of a project: 3,000 per 60 s.
    MembershipReads,
    /// Space writes of a project: 60 per 60 s.
    SpaceWrites,
    /// Space reads of a project: 3,000 per 60 s.
    SpaceReads,
    /// Attachment writes of a project: 600 per 60 s.
    AttachmentWrites,
    /// Attachment reads of a project: 3,000 per 60 s.
    AttachmentReads,
    /// Reaction writes of a project: 600 per 60 s.
    ReactionWrites,
    /// Reaction reads of a project: 3,000 per 60 s.
    ReactionReads,
    /// Custom emoji writes of a project: 600 per 60 s.
    CustomEmojiWrites,
    /// Custom emoji reads of a project: 3,000 per 60 s.
    CustomEmojiReads,
    /// Spaces of type `GROUP_CHAT` or `SPACE` created by a project (`spaces.create`,
    /// `spaces.setup`): "fewer than 35" per minute, so 34 per 60 s. Direct messages do not
    /// count.
    SpaceCreations,
}

/// The facts of one quota, in [`Quota::ALL`] order.
struct Facts {
    name: &'static str,
    scope: QuotaScope,
    limit: u32,
    metric: &'static str,
    limit_name: &'static str,
}

const fn facts(
    name: &'static str,
    scope: QuotaScope,
    limit: u32,
    metric: &'static str,
    limit_name: &'static str,
) -> Facts {
    Facts {
        name,
        scope,
        limit,
        metric,
        limit_name,
    }
}

use QuotaScope::{Project, Space as PerSpace};

/// Per quota, in declaration order: the published name, scope and limit per 60 s; then the
/// metric and limit names the emulator reports. Google's own metric names for Chat are not
/// published; these follow the `service/metric` and `XPerMinutePerY` shape of other
/// Google APIs' quota errors.
const FACTS: [Facts; Quota::ALL.len()] = [
    facts(
        "Reads per minute (per space)",
        PerSpace,
        900,
        "chat.googleapis.com/space_reads",
        "ReadsPerMinutePerSpace",
    ),
    facts(
        "Writes per minute (per space)",
        PerSpace,
        60,
        "chat.googleapis.com/space_writes",
        "WritesPerMinutePerSpace",
    ),
    facts(
        "Message writes per minute",
        Project,
        3000,
        "chat.googleapis.com/message_writes",
        "MessageWritesPerMinutePerProject",
    ),
    facts(
        "Message reads per minute",
        Project,
        3000,
        "chat.googleapis.com/message_reads",
        "MessageReadsPerMinutePerProject",
    ),
    facts(
        "Message searches per minute",
        Project,
        300,
        "chat.googleapis.com/message_searches",
        "MessageSearchesPerMinutePerProject",
    ),
    facts(
        "Membership writes per minute",
        Project,
        300,
        "chat.googleapis.com/membership_writes",
        "MembershipWritesPerMinutePerProject",
    ),
    facts(
        "Membership reads per minute",
        Project,
        3000,
        "chat.googleapis.com/membership_reads",
        "MembershipReadsPerMinutePerProject",
    ),
    facts(
        "Space writes per minute",
        Project,
        60,
        "chat.googleapis.com/project_space_writes",
        "SpaceWritesPerMinutePerProject",
    ),
    facts(
        "Space reads per minute",
        Project,
        3000,
        "chat.googleapis.com/project_space_reads",
        "SpaceReadsPerMinutePerProject",
    ),
    facts(
        "Attachment writes per minute",
        Project,
        600,
        "chat.googleapis.com/attachment_writes",
        "AttachmentWritesPerMinutePerProject",
    ),
    facts(
        "Attachment reads per minute",
        Project,
        3000,
        "chat.googleapis.com/attachment_reads",
        "AttachmentReadsPerMinutePerProject",
    ),
    facts(
        "Reaction writes per minute",
        Project,
        600,
        "chat.googleapis.com/reaction_writes",
        "ReactionWritesPerMinutePerProject",
    ),
    facts(
        "Reaction reads per minute",
        Project,
        3000,
        "chat.googleapis.com/reaction_reads",
        "ReactionReadsPerMinutePerProject",
    ),
    facts(
        "CustomEmoji writes per minute",
        Project,
        600,
        "chat.googleapis.com/custom_emoji_writes",
        "CustomEmojiWritesPerMinutePerProject",
    ),
    facts(
        "CustomEmoji reads per minute",
        Project,
        3000,
        "chat.googleapis.com/custom_emoji_reads",
        "CustomEmojiReadsPerMinutePerProject",
    ),
    facts(
        "Spaces of type GROUP_CHAT or SPACE created per minute",
        Project,
        34,
        "chat.googleapis.com/space_creations",
        "SpaceCreationsPerMinutePerProject",
    ),
];

impl Quota {
    /// Every quota, in declaration order.
    pub const ALL: [Quota; 16] = [
        Quota::ReadsPerSpace,
        Quota::WritesPerSpace,
        Quota::MessageWrites,
        Quota::MessageReads,
        Quota::MessageSearches,
        Quota::MembershipWrites,
        Quota::MembershipReads,
        Quota::SpaceWrites,
        Quota::SpaceReads,
        Quota::AttachmentWrites,
        Quota::AttachmentReads,
        Quota::ReactionWrites,
        Quota::ReactionReads,
        Quota::CustomEmojiWrites,
        Quota::CustomEmojiReads,
        Quota::SpaceCreations,
    ];

    fn facts(self) -> &'static Facts {
        &FACTS[self as usize]
    }

    /// The quota's name as the limits page gives it (per-space ones marked as such).
    pub fn name(self) -> &'static str {
        self.facts().name
    }

    /// What the quota is counted per.
    pub fn scope(self) -> QuotaScope {
        self.facts().scope
    }

    /// The published limit, per [`PUBLISHED_WINDOW`].
    pub fn published_limit(self) -> u32 {
        self.facts().limit
    }

    /// The metric the emulator names in its errors (`ErrorInfo.metadata["quota_metric"]`,
    /// `QuotaFailure` `quota_metric`), e.g. `chat.googleapis.com/message_writes`.
    pub fn metric(self) -> &'static str {
        self.facts().metric
    }

    /// The limit the emulator names in its errors (`ErrorInfo.metadata["quota_limit"]`,
    /// `QuotaFailure` `quota_id`), e.g. `MessageWritesPerMinutePerProject`.
    pub fn limit_name(self) -> &'static str {
        self.facts().limit_name
    }
}

/// The window every published limit is counted over.
pub const PUBLISHED_WINDOW: Duration = Duration::from_secs(60);

/// The quotas one method draws from, a row of [`METHOD_QUOTAS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct MethodQuotas {
    /// The REST method as the limits page and the discovery document name it, without the
    /// `chat.` prefix, e.g. `spaces.messages.create`.
    pub method: &'static str,
    /// The `ChatService` RPC of the method (see [`RPCS`](crate::RPCS)); `None` for
    /// `media.download`, which only the HTTP media endpoint serves.
    pub rpc: Option<&'static str>,
    /// Every quota a call draws one unit from. [`Quota::SpaceCreations`] only when the
    /// space created is not a direct message (see [`charges`]).
    pub quotas: &'static [Quota],
}

const fn row(
    method: &'static str,
    rpc: Option<&'static str>,
    quotas: &'static [Quota],
) -> MethodQuotas {
    MethodQuotas {
        method,
        rpc,
        quotas,
    }
}

use Quota::*;

/// Which quotas each method draws from, as the limits page lists them. Methods the page
/// does not list (sections, read states, notification settings, availability, pins, space
/// events, `spaces.search`, `spaces.findGroupChats`, `spaces.completeImport`,
/// `spaces.members.patch`) draw from none. `spaces.messages.update` (PUT) is the same RPC as
/// `spaces.messages.patch`, and is charged as it.
///
/// ```
/// use google_chat_grpc::quotas::{METHOD_QUOTAS, Quota};
///
/// let upload = METHOD_QUOTAS.iter().find(|m| m.method == "media.upload").unwrap();
/// assert_eq!(upload.rpc, Some("UploadAttachment"));
/// assert_eq!(upload.quotas, [Quota::WritesPerSpace, Quota::AttachmentWrites]);
/// ```
pub static METHOD_QUOTAS: &[MethodQuotas] = &[
    row(
        "spaces.messages.create",
        Some("CreateMessage"),
        &[WritesPerSpace, MessageWrites],
    ),
    row(
        "spaces.messages.patch",
        Some("UpdateMessage"),
        &[WritesPerSpace, MessageWrites],
    ),
    row(
        "spaces.messages.delete",
        Some("DeleteMessage"),
        &[WritesPerSpace, MessageWrites],
    ),
    row(
        "spaces.messages.get",
        Some("GetMessage"),
        &[ReadsPerSpace, MessageReads],
    ),
    row(
        "spaces.messages.list",
        Some("ListMessages"),
        &[ReadsPerSpace, MessageReads],
    ),
    row(
        "spaces.messages.search",
        Some("SearchMessages"),
        &[MessageSearches],
    ),
    row(
        "spaces.members.create",
        Some("CreateMembership"),
        &[MembershipWrites],
    ),
    row(
        "spaces.members.delete",
        Some("DeleteMembership"),
        &[MembershipWrites],
    ),
    row(
        "spaces.members.get",
        Some("GetMembership"),
        &[ReadsPerSpace, MembershipReads],
    ),
    row(
        "spaces.members.list",
        Some("ListMemberships"),
        &[ReadsPerSpace, MembershipReads],
    ),
    row(
        "spaces.setup",
        Some("SetUpSpace"),
        &[SpaceWrites, SpaceCreations],
    ),
    row(
        "spaces.create",
        Some("CreateSpace"),
        &[SpaceWrites, SpaceCreations],
    ),
    row(
        "spaces.patch",
        Some("UpdateSpace"),
        &[WritesPerSpace, SpaceWrites],
    ),
    row(
        "spaces.delete",
        Some("DeleteSpace"),
        &[WritesPerSpace, SpaceWrites],
    ),
    row("spaces.get", Some("GetSpace"), &[ReadsPerSpace, SpaceReads]),
    row("spaces.list", Some("ListSpaces"), &[SpaceReads]),
    row(
        "spaces.findDirectMessage",
        Some("FindDirectMessage"),
        &[SpaceReads],
    ),
    row(
        "media.upload",
        Some("UploadAttachment"),
        &[WritesPerSpace, AttachmentWrites],
    ),
    row("media.download", None, &[ReadsPerSpace, AttachmentReads]),
    row(
        "spaces.messages.attachments.get",
        Some("GetAttachment"),
        &[ReadsPerSpace, AttachmentReads],
    ),
    row(
        "spaces.messages.reactions.create",
        Some("CreateReaction"),
        &[WritesPerSpace, ReactionWrites],
    ),
    row(
        "spaces.messages.reactions.delete",
        Some("DeleteReaction"),
        &[WritesPerSpace, ReactionWrites],
    ),
    row(
        "spaces.messages.reactions.list",
        Some("ListReactions"),
        &[ReadsPerSpace, ReactionReads],
    ),
    row(
        "customEmojis.create",
        Some("CreateCustomEmoji"),
        &[CustomEmojiWrites],
    ),
    row(
        "customEmojis.delete",
        Some("DeleteCustomEmoji"),
        &[CustomEmojiWrites],
    ),
    row(
        "customEmojis.get",
        Some("GetCustomEmoji"),
        &[CustomEmojiReads],
    ),
    row(
        "customEmojis.list",
        Some("ListCustomEmojis"),
        &[CustomEmojiReads],
    ),
];

/// The quotas of an RPC (`"CreateMessage"`), empty for one the table does not list.
///
/// ```
/// use google_chat_grpc::quotas::{self, Quota};
///
/// assert_eq!(quotas::for_rpc("ListSpaces"), [Quota::SpaceReads]);
/// assert!(quotas::for_rpc("GetSpaceReadState").is_empty());
/// ```
pub fn for_rpc(rpc: &str) -> &'static [Quota] {
    METHOD_QUOTAS
        .iter()
        .find(|m| m.rpc == Some(rpc))
        .map_or(&[], |m| m.quotas)
}

/// The quotas of a REST method (`"media.upload"`, `"spaces.messages.create"`), empty for
/// one the table does not list.
pub fn for_method(method: &str) -> &'static [Quota] {
    METHOD_QUOTAS
        .iter()
        .find(|m| m.method == method)
        .map_or(&[], |m| m.quotas)
}

/// The space a resource name is in: `spaces/AAAA` of `spaces/AAAA/messages/BBBB`. `None`
/// for names outside a space (`customEmojis/...`, `users/...`) and the `spaces/-` wildcard.
///
/// ```
/// use google_chat_grpc::quotas::space_of;
///
/// assert_eq!(space_of("spaces/AAAA/messages/BBBB.CCCC"), Some("spaces/AAAA"));
/// assert_eq!(space_of("spaces/AAAA"), Some("spaces/AAAA"));
/// assert_eq!(space_of("users/me/spaces/AAAA/spaceReadState"), None);
/// assert_eq!(space_of("spaces/-"), None);
/// ```
pub fn space_of(name: &str) -> Option<&str> {
    let rest = name.strip_prefix("spaces/")?;
    let id_len = rest.find('/').unwrap_or(rest.len());
    let id = &rest[..id_len];
    if id.is_empty() || id == "-" {
        return None;
    }
    Some(&name[.."spaces/".len() + id_len])
}

/// One unit a call draws: the quota, and for a per-space quota, the space.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Charge<'a> {
    /// The quota.
    pub quota: Quota,
    /// The space, for [`QuotaScope::Space`] quotas; `None` for per-project ones.
    pub space: Option<&'a str>,
}

/// What a call of `method` (a [`MethodQuotas::method`]) on the resource `name` draws:
/// per-space quotas in the space of `name` (skipped when `name` is in no space), every
/// per-project quota. For `media.upload` and `media.download` at the HTTP media endpoint,
/// whose request is no RPC message.
///
/// ```
/// use google_chat_grpc::quotas::{self, Quota};
///
/// let charged: Vec<_> = quotas::method_charges("media.upload", "spaces/AAAA/messages/BBBB").collect();
/// assert_eq!((charged[0].quota, charged[0].space), (Quota::WritesPerSpace, Some("spaces/AAAA")));
/// assert_eq!((charged[1].quota, charged[1].space), (Quota::AttachmentWrites, None));
/// ```
pub fn method_charges<'a>(method: &str, name: &'a str) -> impl Iterator<Item = Charge<'a>> + 'a {
    keyed(for_method(method), Some(name), false)
}

/// What one request draws, from [`METHOD_QUOTAS`]: the space comes from the request's
/// routing field ([`RpcInfo::routing_field`](crate::RpcInfo::routing_field)), and
/// [`Quota::SpaceCreations`] is drawn only by creates of a `GROUP_CHAT` or `SPACE` (the
/// default type of `spaces.create`). The emulator and [`QuotaPacer`] both charge through
/// this function, so they agree on every call.
pub fn charges<R: RpcRequest>(request: &R) -> impl Iterator<Item = Charge<'_>> + '_ {
    let creates_direct_message = created_space(request)
        .is_some_and(|s| s.space_type == space::SpaceType::DirectMessage as i32);
    keyed(
        for_rpc(R::METHOD),
        request.routing_param().map(|(_, value)| value),
        creates_direct_message,
    )
}

fn keyed<'a>(
    quotas: &'static [Quota],
    name: Option<&'a str>,
    creates_direct_message: bool,
) -> impl Iterator<Item = Charge<'a>> + 'a {
    let space = name.and_then(space_of);
    quotas.iter().filter_map(move |&quota| match quota.scope() {
        QuotaScope::Space => space.map(|s| Charge {
            quota,
            space: Some(s),
        }),
        _ if quota == Quota::SpaceCreations && creates_direct_message => None,
        _ => Some(Charge { quota, space: None }),
    })
}

/// The space a create asks for, for the two requests whose space type decides whether
/// the space-creation limit applies. The request types are generated, so this looks at
/// the concrete type rather than adding a method to every request for two of them.
fn created_space<R: RpcRequest>(request: &R) -> Option<&Space> {
    let any: &dyn Any = request;
    if let Some(create) = any.downcast_ref::<CreateSpaceRequest>() {
        return create.space.as_ref();
    }
    any.downcast_ref::<SetUpSpaceRequest>()
        .and_then(|setup| setup.space.as_ref())
}

/// The limits to enforce or pace to: the published ones by default, each one settable (a
/// project with raised quotas), all over one window that can be scaled down for tests.
///
/// ```
/// use google_chat_grpc::quotas::{Quota, QuotaLimits};
/// use std::time::Duration;
///
/// let limits = QuotaLimits::published()
///     .with_limit(Quota::MessageWrites, 6000)
///     .with_window(Duration::from_secs(1));
/// assert_eq!(limits.limit(Quota::MessageWrites), 6000);
/// assert_eq!(limits.limit(Quota::WritesPerSpace), 60);
/// assert_eq!(limits.window(), Duration::from_secs(1));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuotaLimits {
    limits: [u32; Quota::ALL.len()],
    window: Duration,
}

impl Default for QuotaLimits {
    fn default() -> Self {
        Self::published()
    }
}

impl QuotaLimits {
    /// The published limits over 60 s windows.
    pub fn published() -> Self {
        Self {
            limits: Quota::ALL.map(Quota::published_limit),
            window: PUBLISHED_WINDOW,
        }
    }

    /// Sets one quota's limit per window. A limit of 0 refuses every call that draws from
    /// the quota.
    pub fn with_limit(mut self, quota: Quota, limit: u32) -> Self {
        self.limits[quota as usize] = limit;
        self
    }

    /// Counts every limit over `window` instead of 60 s: the same number of calls in less
    /// time, so a test sees a window free up in a second rather than a minute. A zero
    /// window is taken as 1 ms.
    pub fn with_window(mut self, window: Duration) -> Self {
        self.window = window.max(Duration::from_millis(1));
        self
    }

    /// The calls `quota` allows per [`window`](Self::window).
    pub fn limit(&self, quota: Quota) -> u32 {
        self.limits[quota as usize]
    }

    /// The window the limits are counted over.
    pub fn window(&self) -> Duration {
        self.window
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RPCS;

    /// Every RPC the table names exists, once; the published names match the page.
    #[test]
    fn the_table_names_real_rpcs_once() {
        let mut seen = std::collections::HashSet::new();
        for row in METHOD_QUOTAS {
            if let Some(rpc) = row.rpc {
                assert!(RPCS.iter().any(|r| r.name == rpc), "{rpc}");
                assert!(seen.insert(rpc), "{rpc} twice");
            }
            assert!(!row.quotas.is_empty(), "{}", row.method);
        }
        for (i, q) in Quota::ALL.iter().enumerate() {
            assert_eq!(*q as usize, i, "ALL is in declaration order");
        }
    }

    #[test]
    fn direct_messages_do_not_count_as_space_creations() {
        let dm = SetUpSpaceRequest {
            space: Some(Space {
                space_type: space::SpaceType::DirectMessage as i32,
                ..Default::default()
            }),
            ..Default::default()
        };
        let quotas: Vec<_> = charges(&dm).map(|c| c.quota).collect();
        assert_eq!(quotas, [Quota::SpaceWrites]);
        let named = CreateSpaceRequest::default();
        let quotas: Vec<_> = charges(&named).map(|c| c.quota).collect();
        assert_eq!(quotas, [Quota::SpaceWrites, Quota::SpaceCreations]);
    }
}
