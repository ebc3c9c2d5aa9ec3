//! A stateful in-memory Google Chat API server for tests: all 52 `ChatService` RPCs with the
//! semantics the protos' comments and the API reference describe, so a Chat integration can
//! be tested offline. It runs on a loopback port ([`EmulatorBuilder::start`]) or in-process
//! as a tonic service ([`Emulator::service`]); the `chat-emulator` binary serves it standalone.
//!
//! A [`ChatClient`](crate::ChatClient) for it is one line: [`EmulatorHandle::client`]
//! (`"user:alice@example.com"`), [`EmulatorHandle::app_client`], or, with no port at all,
//! [`Emulator::connect_in_memory`]. The crate's front page has a section on
//! [testing your code](crate#testing-your-code) with them.
//!
//! Which documented rules it follows, with the test of each, and which it simplifies and why:
//! [`RULES.md`](https://github.com/google-chat-grpc/google-chat-grpc/blob/main/src/emulator/RULES.md)
//! (`src/emulator/RULES.md` in the crate's sources).
//!
//! # Who is calling
//!
//! The caller comes from the `authorization: Bearer <token>` metadata:
//!
//! | token | caller |
//! | --- | --- |
//! | `Bearer user:<id>` | human user `users/<id>`, user authentication |
//! | `Bearer admin:<id>` | human user `users/<id>`, user authentication, may set `use_admin_access` |
//! | `Bearer app` | a Chat app (`users/app`), app authentication (`chat.bot`) |
//! | `Bearer app:<name>` | another Chat app (`users/app-<name>`), app authentication |
//! | any of these + `;scopes=<scope>,...` | the same caller, granted only those OAuth scopes |
//!
//! Scopes are written as full URLs or their last segment
//! (`user:alice@example.com;scopes=chat.messages.readonly,chat.spaces`); a token without the
//! suffix has every scope. Each RPC accepts the scopes of [`RpcInfo::scopes`](crate::RpcInfo::scopes)
//! (Google's discovery document); a token with none of them is answered as Google does:
//! `PERMISSION_DENIED`, "Request had insufficient authentication scopes.", with an
//! `ErrorInfo` of reason `ACCESS_TOKEN_SCOPE_INSUFFICIENT` and domain `googleapis.com`.
//! Rules the docs tie to a scope within a method are checked too (GetSpace's access
//! settings for apps, a membership write's member; `src/emulator/RULES.md`).
//!
//! `<id>` may be an email (`user:alice@example.com`); emails resolve through the emulator's
//! directory ([`EmulatorBuilder::user`]), and an unknown email gets a stable numeric ID the
//! first time it is seen, the same one in `users/alice@example.com` resource names. A
//! missing or different token is `UNAUTHENTICATED`, unless the emulator is permissive
//! ([`EmulatorBuilder::permissive`]): then the caller is [`PERMISSIVE_USER`]. RPCs that
//! accept only user authentication answer a Chat app with `PERMISSION_DENIED`, and
//! `GetAttachment` (app authentication only) answers users the same way.
//!
//! # Attachment bytes
//!
//! The media endpoints share the port: uploads by Google's multipart, media and resumable
//! protocols give the token `CreateMessage` takes, and `/v1/media/{resourceName}?alt=media`
//! downloads what an attachment's `attachment_data_ref.resource_name` names, with `Range`.
//! The bytes are kept in memory, or in files with [`EmulatorBuilder::media_dir`]; the
//! faults reach them as [`MEDIA_UPLOAD`] and [`MEDIA_DOWNLOAD`]. The protocol rules are in
//! the module doc of `src/emulator/http/media/`.
//!
//! # Usage limits
//!
//! With [`EmulatorBuilder::quotas`] (`--quotas` on the binary) the emulator enforces Chat's
//! published usage limits from the crate's one table ([`crate::quotas`]): per space (reads
//! and writes, shared by every caller) and per project (per resource, reads and writes;
//! space creations). A call over a limit is answered as Google does: `RESOURCE_EXHAUSTED`
//! (HTTP 429 over REST) with a `QuotaFailure` naming the limit, an `ErrorInfo` of reason
//! `RATE_LIMIT_EXCEEDED` and domain `googleapis.com` whose metadata names the quota
//! (`quota_metric`, `quota_limit`, `quota_limit_value`, `consumer`, `service`), and a
//! `RetryInfo` with the time until the window frees a slot. Windows slide over the
//! emulator's clock: [`EmulatorBuilder::quota_window`] shrinks them (`--quota-window 1s`),
//! [`Emulator::advance_clock`] moves time on without sleeping.
//!
//! The project a call is charged to is its `x-goog-user-project` header
//! ([`ClientBuilder::quota_project`](crate::ClientBuilder::quota_project)), else
//! [`DEFAULT_QUOTA_PROJECT`]: one project for the whole emulator, whoever calls.
//!
//! ```
//! use google_chat_grpc::emulator::Emulator;
//! use std::time::Duration;
//!
//! let emulator = Emulator::builder()
//!     .quotas(true)
//!     .quota_window(Duration::from_secs(1))
//!     .build();
//! emulator.advance_clock(Duration::from_secs(1)); // every window is free again
//! ```
//!
//! # Example
//!
//! ```no_run
//! use google_chat_grpc::emulator::Emulator;
//! use google_chat_grpc::proto::chat::v1::{
//!     Space, SetUpSpaceRequest, chat_service_client::ChatServiceClient, space::SpaceType,
//! };
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let emulator = Emulator::builder().start().await?;
//! let mut client = ChatServiceClient::connect(emulator.uri()).await?;
//! let mut request = tonic::Request::new(SetUpSpaceRequest {
//!     space: Some(Space {
//!         space_type: SpaceType::Space as i32,
//!         display_name: "Launch".into(),
//!         ..Default::default()
//!     }),
//!     ..Default::default()
//! });
//! request.metadata_mut().insert("authorization", "Bearer user:alice@example.com".parse()?);
//! let space = client.set_up_space(request).await?.into_inner();
//! assert_eq!(emulator.snapshot().spaces[0].name, space.name);
//! emulator.shutdown().await;
//! # Ok(())
//! # }
//! ```

// The emulator serves every field of the API, the deprecated ones (`cards`, `thread_key`,
// `Space.type`, ...) included, because clients still send and read them.
#![allow(deprecated)]

mod attachments;
mod availability;
mod clients;
mod clock;
mod connection;
mod emojis;
mod errors;
mod events;
mod faults;
mod filter;
mod http;
mod identity;
mod ids;
mod masks;
mod media;
mod members;
mod messages;
mod notification_settings;
mod paging;
mod pins;
mod quotas;
mod reactions;
mod read_states;
mod search;
mod sections;
mod seed;
mod service;
mod spaces;
mod state;
mod views;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub use faults::{Fault, FaultAction, FaultStage, Faults, MEDIA_DOWNLOAD, MEDIA_UPLOAD};
pub use identity::PERMISSIVE_USER;
pub use seed::{SeedData, SeedError, SeedMember, SeedMessage, SeedSpace, SeedUser};
pub use service::EmulatorService;

use crate::proto::chat::v1::chat_service_server::ChatServiceServer;
use crate::proto::chat::v1::{
    Availability, CustomEmoji, Membership, Message, MessagePin, Reaction, Section, Space,
    SpaceEvent, SpaceNotificationSetting, SpaceReadState,
};
use crate::quotas::QuotaLimits;
use service::Shared;
use state::State;

/// The names of all RPCs the emulator serves, as used by [`Fault`] (`"CreateMessage"`, ...).
pub fn methods() -> &'static [&'static str] {
    service::METHODS
}

/// An emulator: its state, its fault controls, and a way to serve it.
///
/// Cheap to clone; clones share the same state.
#[derive(Debug, Clone)]
pub struct Emulator {
    shared: Arc<Shared>,
}

impl Default for Emulator {
    fn default() -> Self {
        EmulatorBuilder::default().build()
    }
}

impl Emulator {
    /// Starts configuring an emulator.
    ///
    /// ```
    /// let emulator = google_chat_grpc::emulator::Emulator::builder()
    ///     .user("alice@example.com", "111", "Alice")
    ///     .build();
    /// assert!(emulator.snapshot().spaces.is_empty());
    /// ```
    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder::default()
    }

    /// The emulator as a tonic service, to serve in-process (for example over an in-memory
    /// duplex stream) or to add to a router of your own. Connection-dropping faults answer
    /// `UNAVAILABLE` here, since the service does not own the connection.
    ///
    /// ```
    /// let service = google_chat_grpc::emulator::Emulator::default().service();
    /// let _router = tonic::transport::Server::builder().add_service(service);
    /// ```
    pub fn service(&self) -> ChatServiceServer<EmulatorService> {
        ChatServiceServer::new(EmulatorService {
            shared: self.shared.clone(),
        })
    }

    /// Moves the emulator's clock forward by `by`: timestamps it hands out from now on,
    /// usage-limit windows, and the expiry of availability marks all see the later time.
    /// Tests use it to let a quota window free up without sleeping. The clock never goes
    /// back.
    ///
    /// ```
    /// use google_chat_grpc::emulator::Emulator;
    /// use std::time::Duration;
    ///
    /// Emulator::default().advance_clock(Duration::from_secs(60));
    /// ```
    pub fn advance_clock(&self, by: Duration) {
        self.shared.lock().clock.advance(by);
    }

    /// The fault controls.
    pub fn faults(&self) -> &Faults {
        &self.shared.faults
    }

    /// A copy of the current state, for assertions.
    ///
    /// ```
    /// let snapshot = google_chat_grpc::emulator::Emulator::default().snapshot();
    /// assert!(snapshot.messages.is_empty());
    /// ```
    pub fn snapshot(&self) -> Snapshot {
        let mut state = self.shared.lock();
        let mut spaces: Vec<_> = state.spaces.values().collect();
        spaces.sort_by_key(|s| s.seq);
        let mut snap = Snapshot::default();
        for rec in spaces {
            snap.spaces.push(rec.space.clone());
            snap.memberships.extend(rec.members.iter().cloned());
            for m in &rec.messages {
                snap.messages.push(m.message.clone());
                snap.reactions.extend(m.reactions.iter().cloned());
            }
            snap.space_events
                .extend(rec.events.iter().map(state::Recorded::event));
            snap.message_pins.extend(rec.pins.iter().cloned());
            let id = rec.space.name.trim_start_matches("spaces/");
            let mut reads: Vec<_> = rec.read_states.iter().collect();
            reads.sort_by(|a, b| a.0.cmp(b.0));
            snap.space_read_states
                .extend(reads.into_iter().map(|(user, t)| SpaceReadState {
                    name: format!("{user}/spaces/{id}/spaceReadState"),
                    last_read_time: Some(*t),
                }));
            let mut settings: Vec<_> = rec.notification_settings.values().cloned().collect();
            settings.sort_by(|a, b| a.name.cmp(&b.name));
            snap.notification_settings.extend(settings);
        }
        let mut users: Vec<_> = state.sections.iter().collect();
        users.sort_by(|a, b| a.0.cmp(b.0));
        for (_, user) in users {
            snap.sections.extend(user.sections.iter().cloned());
        }
        let mut users: Vec<String> = state.availability.keys().cloned().collect();
        users.sort();
        snap.availabilities = users
            .iter()
            .map(|user| availability::current(&mut state, user))
            .collect();
        snap.custom_emojis = state
            .custom_emojis
            .values()
            .map(|e| e.emoji.clone())
            .collect();
        snap
    }

    /// Loads spaces, members and messages (see [`SeedData`]).
    ///
    /// ```
    /// use google_chat_grpc::emulator::{Emulator, SeedData};
    ///
    /// let emulator = Emulator::default();
    /// let seed = SeedData::from_json(r#"{"spaces": [{"display_name": "Team",
    ///     "members": [{"user": "users/alice@example.com", "role": "ROLE_MANAGER"}],
    ///     "messages": [{"sender": "users/alice@example.com", "text": "hello"}]}]}"#).unwrap();
    /// emulator.seed(&seed).unwrap();
    /// assert_eq!(emulator.snapshot().messages[0].text, "hello");
    /// ```
    pub fn seed(&self, data: &SeedData) -> Result<(), SeedError> {
        seed::apply(&mut self.shared.lock(), data)
    }

    /// Serves the emulator on an already-bound listener until `shutdown` resolves.
    ///
    /// Connections are wrapped so that [`Faults::drop_connections`] and
    /// [`Fault::drop_connection`] can reset them. gRPC server reflection (v1) is served too,
    /// from [`crate::proto::FILE_DESCRIPTOR_SET`], so tools like `grpcurl` can list the API.
    pub async fn serve(
        self,
        incoming: tonic::transport::server::TcpIncoming,
        shutdown: impl std::future::Future<Output = ()> + Send,
    ) -> Result<(), tonic::transport::Error> {
        use tokio_stream::StreamExt;
        let connections = self.shared.faults.connections.clone();
        let handshake = self.shared.handshake_timeout;
        // Without TCP_NODELAY, Nagle's algorithm holds a response's trailers back until the
        // client's delayed ACK: about 40 ms added to every small call. TCP keepalive finds
        // dead peers of idle HTTP/1.1 connections, which have no pings.
        let incoming = incoming
            .with_nodelay(Some(true))
            .with_keepalive(Some(TCP_KEEPALIVE));
        let incoming = self::connection::AcceptBackoff::new(incoming)
            .map(move |s| s.map(|s| connections.wrap(s, handshake)));
        // Both reflection versions: grpcurl before 1.9 and many other tools ask only for
        // v1alpha, and say the server has no reflection when it is missing.
        let reflection = tonic_reflection::server::Builder::configure()
            .register_encoded_file_descriptor_set(crate::proto::FILE_DESCRIPTOR_SET)
            .build_v1()
            .ok();
        let reflection_alpha = tonic_reflection::server::Builder::configure()
            .register_encoded_file_descriptor_set(crate::proto::FILE_DESCRIPTOR_SET)
            .build_v1alpha()
            .ok();
        // HTTP/1.1 next to HTTP/2, and the REST side in front of the gRPC routes (http/).
        let rest = self::http::HttpLayer::new(EmulatorService {
            shared: self.shared.clone(),
        });
        tonic::transport::Server::builder()
            .accept_http1(true)
            // Google's frontends advertise 100 concurrent streams per connection; without a
            // cap one connection can open as many as it likes (20,000 held 114 MB).
            .max_concurrent_streams(MAX_CONCURRENT_STREAMS)
            // Pings find peers that vanished without closing (a killed test process behind
            // NAT); an idle but live connection stays open, as gRPC clients pool them.
            .http2_keepalive_interval(Some(HTTP2_KEEPALIVE_INTERVAL))
            .http2_keepalive_timeout(Some(HTTP2_KEEPALIVE_TIMEOUT))
            .layer(rest)
            .add_optional_service(reflection)
            .add_optional_service(reflection_alpha)
            .add_service(self.service())
            .serve_with_incoming_shutdown(incoming, shutdown)
            .await
    }
}

/// A copy of the emulator's state at one moment, for assertions in tests.
///
/// Everything is listed in creation order; deleted messages stay (with `delete_time` set);
/// removed memberships are gone (their last state is in the `membership.v1.deleted` event).
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct Snapshot {
    /// Every space.
    pub spaces: Vec<Space>,
    /// Every membership of every space.
    pub memberships: Vec<Membership>,
    /// Every message of every space.
    pub messages: Vec<Message>,
    /// Every reaction on every message.
    pub reactions: Vec<Reaction>,
    /// Every recorded space event, as recorded: a message event's payload names the
    /// message only (`ListSpaceEvents` and `GetSpaceEvent` resolve it to the message as it
    /// is when read, as the API does).
    pub space_events: Vec<SpaceEvent>,
    /// Every custom emoji.
    pub custom_emojis: Vec<CustomEmoji>,
    /// Every message pin.
    pub message_pins: Vec<MessagePin>,
    /// The space read states users set with `UpdateSpaceReadState`, by space then user (a
    /// user who never set one reads from the time they joined).
    pub space_read_states: Vec<SpaceReadState>,
    /// The notification settings users changed, by space then user.
    pub notification_settings: Vec<SpaceNotificationSetting>,
    /// Every user's sections (system and custom) that exist so far, by user, in display
    /// order.
    pub sections: Vec<Section>,
    /// The availability of every user who read or set theirs, by user, as
    /// `GetAvailability` would return it now (an expired Do Not Disturb or active mark has
    /// lapsed to away).
    pub availabilities: Vec<Availability>,
}

impl Snapshot {
    /// The messages of one space (`spaces/{space}`), deleted ones included.
    ///
    /// ```
    /// let snapshot = google_chat_grpc::emulator::Emulator::default().snapshot();
    /// assert_eq!(snapshot.messages_in("spaces/AAAA").count(), 0);
    /// ```
    pub fn messages_in<'a>(&'a self, space: &'a str) -> impl Iterator<Item = &'a Message> + 'a {
        let prefix = format!("{space}/messages/");
        self.messages
            .iter()
            .filter(move |m| m.name.starts_with(&prefix))
    }

    /// The joined and invited memberships of one space.
    pub fn members_of<'a>(&'a self, space: &'a str) -> impl Iterator<Item = &'a Membership> + 'a {
        let prefix = format!("{space}/members/");
        self.memberships.iter().filter(move |m| {
            m.name.starts_with(&prefix)
                && m.state != crate::proto::chat::v1::membership::MembershipState::NotAMember as i32
        })
    }
}

/// The most streams (calls) one HTTP/2 connection may have open at once, as Google's
/// frontends advertise.
pub const MAX_CONCURRENT_STREAMS: u32 = 100;
/// How often the server pings an HTTP/2 connection to check that the peer is still there.
const HTTP2_KEEPALIVE_INTERVAL: Duration = Duration::from_secs(30);
/// How long a ping may go unanswered before the connection is closed.
const HTTP2_KEEPALIVE_TIMEOUT: Duration = Duration::from_secs(20);
/// TCP keepalive of accepted connections.
const TCP_KEEPALIVE: Duration = Duration::from_secs(60);
/// The default of [`EmulatorBuilder::handshake_timeout`].
pub const DEFAULT_HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
/// The project a call without `x-goog-user-project` is charged to when quotas are enforced.
pub const DEFAULT_QUOTA_PROJECT: &str = "chat-emulator";

/// Configures an [`Emulator`].
#[derive(Debug, Clone)]
pub struct EmulatorBuilder {
    addr: SocketAddr,
    handshake_timeout: Duration,
    permissive: bool,
    users: Vec<(String, String, String)>,
    seed: Option<SeedData>,
    media_dir: Option<std::path::PathBuf>,
    quotas: bool,
    quota_limits: QuotaLimits,
}

impl Default for EmulatorBuilder {
    fn default() -> Self {
        EmulatorBuilder {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            handshake_timeout: DEFAULT_HANDSHAKE_TIMEOUT,
            permissive: false,
            users: Vec::new(),
            seed: None,
            media_dir: None,
            quotas: false,
            quota_limits: QuotaLimits::published(),
        }
    }
}

impl EmulatorBuilder {
    /// The address to listen on; `127.0.0.1:0` (any free loopback port) by default.
    pub fn addr(mut self, addr: SocketAddr) -> Self {
        self.addr = addr;
        self
    }

    /// How long an accepted connection may stay silent before its first byte (10 s by
    /// default): one that sends nothing in that time is closed, so connections that never
    /// speak (a port scanner, a hung client) do not pile up.
    pub fn handshake_timeout(mut self, timeout: Duration) -> Self {
        self.handshake_timeout = timeout;
        self
    }

    /// Keeps uploaded attachment bytes in files in `dir` (created if missing; one file per
    /// upload, named `media-*`) instead of in memory, so large test files do not fill RAM.
    /// The files stay after the emulator stops.
    ///
    /// ```
    /// let emulator = google_chat_grpc::emulator::Emulator::builder()
    ///     .media_dir(std::env::temp_dir().join("chat-emulator-media"))
    ///     .build();
    /// # let _ = emulator;
    /// ```
    pub fn media_dir(mut self, dir: impl Into<std::path::PathBuf>) -> Self {
        self.media_dir = Some(dir.into());
        self
    }

    /// Accepts calls without a valid token, as [`PERMISSIVE_USER`].
    pub fn permissive(mut self, permissive: bool) -> Self {
        self.permissive = permissive;
        self
    }

    /// Adds a user to the directory: `users/{email}` and the token `user:{email}` resolve
    /// to `users/{id}`.
    pub fn user(
        mut self,
        email: impl Into<String>,
        id: impl Into<String>,
        display_name: impl Into<String>,
    ) -> Self {
        self.users
            .push((email.into(), id.into(), display_name.into()));
        self
    }

    /// Enforces Chat's usage limits (off by default, so calls are never refused for
    /// volume): the published limits, or those of [`Self::quota_limits`], over windows of
    /// [`Self::quota_window`]. See [usage limits](self#usage-limits).
    ///
    /// ```
    /// let emulator = google_chat_grpc::emulator::Emulator::builder().quotas(true).build();
    /// ```
    pub fn quotas(mut self, enforce: bool) -> Self {
        self.quotas = enforce;
        self
    }

    /// The length of every quota window (default 60 s, as published): with `1s`, a space
    /// takes 60 writes per second instead of per minute, so a test sees a window free up
    /// quickly. Takes effect with [`Self::quotas`].
    pub fn quota_window(mut self, window: Duration) -> Self {
        self.quota_limits = self.quota_limits.with_window(window);
        self
    }

    /// The limits to enforce (default [`QuotaLimits::published`]), e.g. a project's raised
    /// quota or a small limit for a test; turns enforcement on. Its window is replaced by a
    /// later [`Self::quota_window`].
    ///
    /// ```
    /// use google_chat_grpc::emulator::Emulator;
    /// use google_chat_grpc::quotas::{Quota, QuotaLimits};
    ///
    /// let emulator = Emulator::builder()
    ///     .quota_limits(QuotaLimits::published().with_limit(Quota::WritesPerSpace, 3))
    ///     .build();
    /// ```
    pub fn quota_limits(mut self, limits: QuotaLimits) -> Self {
        self.quota_limits = limits;
        self.quotas = true;
        self
    }

    /// Preloads spaces, members and messages. Errors in the data surface in
    /// [`Self::try_build`] and [`Self::start`].
    pub fn seed(mut self, data: SeedData) -> Self {
        self.seed = Some(data);
        self
    }

    /// Builds the emulator without serving it. Seed data that does not apply is skipped
    /// from the first error on; [`Self::try_build`] reports that error instead.
    pub fn build(self) -> Emulator {
        let seed = self.seed.clone();
        let emulator = self.build_unseeded();
        if let Some(data) = seed {
            // Documented: `try_build` is the variant that reports this.
            let _ = emulator.seed(&data);
        }
        emulator
    }

    /// Builds the emulator, applying the seed data.
    pub fn try_build(self) -> Result<Emulator, SeedError> {
        let seed = self.seed.clone();
        let emulator = self.build_unseeded();
        if let Some(data) = seed {
            emulator.seed(&data)?;
        }
        Ok(emulator)
    }

    fn build_unseeded(self) -> Emulator {
        let mut state = State::default();
        for (email, id, name) in &self.users {
            state.directory.add(email, id, Some(name));
        }
        if self.quotas {
            state.quotas = Some(quotas::Quotas::new(self.quota_limits.clone()));
        }
        Emulator {
            shared: Arc::new(Shared {
                state: Mutex::new(state),
                faults: Faults::default(),
                permissive: self.permissive,
                handshake_timeout: self.handshake_timeout,
                media: media::MediaStore::new(self.media_dir),
            }),
        }
    }

    /// Builds the emulator and serves it on the configured address in a background task.
    pub async fn start(self) -> std::io::Result<EmulatorHandle> {
        let addr = self.addr;
        let emulator = self
            .try_build()
            .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e.to_string()))?;
        let incoming = tonic::transport::server::TcpIncoming::bind(addr)?;
        let local = incoming.local_addr()?;
        let (tx, rx) = oneshot::channel::<()>();
        let server = emulator.clone();
        let task = tokio::spawn(async move {
            let _ = server
                .serve(incoming, async {
                    let _ = rx.await;
                })
                .await;
        });
        Ok(EmulatorHandle {
            emulator,
            addr: local,
            shutdown: Some(tx),
            task: Some(task),
        })
    }
}

/// A running emulator: its address, its state and fault controls (through `Deref` to
/// [`Emulator`]), and shutdown. Dropping the handle stops the server too.
#[derive(Debug)]
pub struct EmulatorHandle {
    emulator: Emulator,
    addr: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl EmulatorHandle {
    /// The address the emulator listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://{addr}`, for `ChatServiceClient::connect` or `Endpoint::from_shared`.
    pub fn uri(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The emulator being served.
    pub fn emulator(&self) -> &Emulator {
        &self.emulator
    }

    /// Stops accepting calls and waits for the server to finish open calls.
    pub async fn shutdown(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        // Open connections would keep a graceful shutdown waiting; cut them.
        self.emulator.faults().drop_connections();
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl std::ops::Deref for EmulatorHandle {
    type Target = Emulator;

    fn deref(&self) -> &Emulator {
        &self.emulator
    }
}

impl Drop for EmulatorHandle {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}
