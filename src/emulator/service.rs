//! The `ChatService` implementation: every RPC goes through one path that applies latency
//! and scripted faults, works out the caller from the token, checks the authentication kind
//! the RPC accepts and the usage limits (when enforced), runs the resource module's handler
//! under the state lock, and logs the call (method, caller, code, latency; never the token).

use std::sync::{Arc, Mutex};
use std::time::Instant;

use tonic::{Code, Request, Response, Status};

use super::connection::KillSwitch;
use super::errors::{denied, injected, insufficient_scopes};
use super::faults::{FaultAction, FaultStage, Faults};
use super::identity::{self, Caller};
use super::state::State;
use super::views::CallerView;
use super::{
    attachments, availability, emojis, events, members, messages, notification_settings, pins,
    quotas, reactions, read_states, search, sections, spaces,
};
use crate::proto::chat::v1::chat_service_server::ChatService;
use crate::proto::chat::v1::*;

/// What the emulator shares between the server, in-process services and the handle.
#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) state: Mutex<State>,
    pub(crate) faults: Faults,
    /// Attachment bytes and resumable upload sessions (the media endpoints).
    pub(crate) media: super::media::MediaStore,
    pub(crate) permissive: bool,
    /// How long a new connection may stay silent (see `EmulatorBuilder::handshake_timeout`).
    pub(crate) handshake_timeout: std::time::Duration,
}

impl Shared {
    pub(crate) fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A handler never panics while holding the lock, but if one did, the state is still
        // consistent enough for a test double: keep serving.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Which authentication an RPC accepts, from its proto comment.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Auth {
    /// User authentication only.
    User,
    /// App authentication only.
    App,
    /// Either.
    Both,
}

/// The emulator as a tonic service: the `ChatService` implementation behind
/// [`ChatServiceServer`](crate::proto::chat::v1::chat_service_server::ChatServiceServer).
/// Get one from [`Emulator::service`](super::Emulator::service).
#[derive(Debug, Clone)]
pub struct EmulatorService {
    pub(crate) shared: Arc<Shared>,
}

/// Marks a call that came in over HTTP/JSON (in the request's extensions), for the log line.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rest;

/// The status a fault answers with (after resetting the connection, for a drop).
pub(crate) fn fault_status(action: FaultAction, kill: Option<&KillSwitch>) -> Status {
    match action {
        FaultAction::Status {
            code,
            message,
            retry_delay,
        } => injected(code, &message, retry_delay),
        FaultAction::DropConnection => {
            if let Some(k) = kill {
                k.kill();
            }
            Status::unavailable("connection dropped by the emulator's fault injection")
        }
    }
}

/// Milliseconds to the microsecond, so the log says `latency_ms=0.008` rather than
/// `0.008195000000000001`.
pub(crate) fn round_ms(elapsed: std::time::Duration) -> f64 {
    (elapsed.as_secs_f64() * 1e6).round() / 1e3
}

/// The scopes that allow an RPC or a media endpoint (from the RPC table and the media
/// constants, so from Google's discovery document).
fn method_scopes(method: &str) -> &'static [&'static str] {
    match method {
        super::faults::MEDIA_UPLOAD => crate::auth::scopes::FOR_MEDIA_UPLOAD,
        super::faults::MEDIA_DOWNLOAD => crate::auth::scopes::FOR_MEDIA_DOWNLOAD,
        _ => crate::RPCS
            .iter()
            .find(|rpc| rpc.name == method)
            .map_or(&[], |rpc| rpc.scopes),
    }
}

/// The per-call log line, for gRPC, REST and media calls alike.
pub(crate) fn log_call(method: &str, protocol: &str, caller: &str, code: Code, started: Instant) {
    tracing::info!(
        target: "chat_emulator",
        method,
        protocol,
        caller = %caller,
        code = ?code,
        latency_ms = round_ms(started.elapsed()),
        "call"
    );
}

impl EmulatorService {
    /// The shared state, faults and media store.
    pub(crate) fn shared(&self) -> &Shared {
        &self.shared
    }

    /// Reads the token of a call to `method` and checks that it carries one of the
    /// method's scopes (Google's frontend does this before the service sees the call).
    pub(crate) fn authenticate(
        &self,
        method: &str,
        metadata: &tonic::metadata::MetadataMap,
    ) -> Result<identity::Credentials, Status> {
        let (token, scopes) = identity::token(metadata, self.shared.permissive)?;
        if !scopes.allow(method_scopes(method)) {
            return Err(insufficient_scopes(method));
        }
        Ok(identity::Credentials { token, scopes })
    }

    /// Refuses a caller whose kind of authentication the method does not accept.
    pub(crate) fn check_auth_kind(method: &str, auth: Auth, caller: &Caller) -> Result<(), Status> {
        match (auth, caller.is_app()) {
            (Auth::User, true) => Err(denied(format!(
                "{method} requires user authentication; Chat apps cannot call it"
            ))),
            (Auth::App, false) => Err(denied(format!(
                "{method} requires app authentication (token `app`)"
            ))),
            _ => Ok(()),
        }
    }

    async fn call<Req, Resp, F>(
        &self,
        method: &'static str,
        auth: Auth,
        request: Request<Req>,
        handler: F,
    ) -> Result<Response<Resp>, Status>
    where
        Req: crate::RpcRequest,
        Resp: CallerView,
        F: FnOnce(&mut State, &Caller, Req) -> Result<Resp, Status>,
    {
        let started = Instant::now();
        let (metadata, extensions, req) = request.into_parts();
        // Borrowed, not cloned: only a fault needs the switch.
        let kill = extensions.get::<KillSwitch>();
        let protocol = if extensions.get::<Rest>().is_some() {
            "rest"
        } else {
            "grpc"
        };
        let latency = self.shared.faults.latency();
        if !latency.is_zero() {
            tokio::time::sleep(latency).await;
        }
        // The caller is kept for the log line rather than its name copied out of the
        // closure: a copy was an allocation per call for a line that is usually filtered.
        let mut caller = None;
        let result = (|| {
            if let Some(action) = self.shared.faults.take(method, FaultStage::BeforeApply) {
                return Err(fault_status(action, kill));
            }
            let token = self.authenticate(method, &metadata)?;
            let mut state = self.shared.lock();
            let caller = caller.insert(state.caller(&token));
            Self::check_auth_kind(method, auth, caller)?;
            quotas::check(&mut state, &metadata, &req)?;
            let mut response = handler(&mut state, caller, req)?;
            response.for_caller(caller);
            drop(state);
            if let Some(action) = self.shared.faults.take(method, FaultStage::AfterApply) {
                return Err(fault_status(action, kill));
            }
            Ok(response)
        })();
        let code = match &result {
            Ok(_) => Code::Ok,
            Err(s) => s.code(),
        };
        let caller_name = caller.as_ref().map_or("-", |c| c.name.as_str());
        log_call(method, protocol, caller_name, code, started);
        result.map(Response::new)
    }
}

macro_rules! rpcs {
    ($($method:ident, $rpc:literal, $auth:ident: $req:ty => $resp:ty = $handler:path;)*) => {
        #[tonic::async_trait]
        impl ChatService for EmulatorService {
            $(
                async fn $method(&self, request: Request<$req>) -> Result<Response<$resp>, Status> {
                    self.call($rpc, Auth::$auth, request, $handler).await
                }
            )*
        }

        impl EmulatorService {
            /// Runs one RPC, by name, on a protobuf-encoded request and answers the
            /// protobuf-encoded response: the REST side's way into the very path gRPC calls
            /// take (same caller convention, faults, latency, log line). `None` for a name
            /// that is not an RPC.
            pub(crate) async fn call_encoded(
                &self,
                method: &str,
                metadata: tonic::metadata::MetadataMap,
                extensions: http::Extensions,
                body: &[u8],
            ) -> Option<Result<Vec<u8>, Status>> {
                use prost::Message as _;
                match method {
                    $($rpc => Some(async {
                        let req = <$req>::decode(body).map_err(|e| {
                            Status::invalid_argument(format!("request does not decode: {e}"))
                        })?;
                        let request = Request::from_parts(metadata, extensions, req);
                        self.call($rpc, Auth::$auth, request, $handler)
                            .await
                            .map(|r| r.into_inner().encode_to_vec())
                    }.await),)*
                    _ => None,
                }
            }
        }

        /// Every RPC name the emulator serves.
        pub(crate) const METHODS: &[&str] = &[$($rpc),*];
    };
}

rpcs! {
    create_message, "CreateMessage", Both: CreateMessageRequest => Message = messages::create;
    list_messages, "ListMessages", Both: ListMessagesRequest => ListMessagesResponse = messages::list;
    list_memberships, "ListMemberships", Both: ListMembershipsRequest => ListMembershipsResponse = members::list;
    get_membership, "GetMembership", Both: GetMembershipRequest => Membership = members::get;
    get_message, "GetMessage", Both: GetMessageRequest => Message = messages::get;
    update_message, "UpdateMessage", Both: UpdateMessageRequest => Message = messages::update;
    delete_message, "DeleteMessage", Both: DeleteMessageRequest => () = messages::delete;
    search_messages, "SearchMessages", User: SearchMessagesRequest => SearchMessagesResponse = search::messages;
    get_attachment, "GetAttachment", App: GetAttachmentRequest => Attachment = attachments::get;
    upload_attachment, "UploadAttachment", User: UploadAttachmentRequest => UploadAttachmentResponse = attachments::upload;
    list_spaces, "ListSpaces", Both: ListSpacesRequest => ListSpacesResponse = spaces::list;
    search_spaces, "SearchSpaces", User: SearchSpacesRequest => SearchSpacesResponse = search::spaces;
    get_space, "GetSpace", Both: GetSpaceRequest => Space = spaces::get;
    create_space, "CreateSpace", Both: CreateSpaceRequest => Space = spaces::create;
    set_up_space, "SetUpSpace", User: SetUpSpaceRequest => Space = spaces::set_up;
    update_space, "UpdateSpace", Both: UpdateSpaceRequest => Space = spaces::update;
    delete_space, "DeleteSpace", Both: DeleteSpaceRequest => () = spaces::delete;
    complete_import_space, "CompleteImportSpace", User: CompleteImportSpaceRequest => CompleteImportSpaceResponse = spaces::complete_import;
    find_direct_message, "FindDirectMessage", Both: FindDirectMessageRequest => Space = spaces::find_direct_message;
    find_group_chats, "FindGroupChats", User: FindGroupChatsRequest => FindGroupChatsResponse = spaces::find_group_chats;
    create_membership, "CreateMembership", Both: CreateMembershipRequest => Membership = members::create;
    update_membership, "UpdateMembership", Both: UpdateMembershipRequest => Membership = members::update;
    delete_membership, "DeleteMembership", Both: DeleteMembershipRequest => Membership = members::delete;
    create_reaction, "CreateReaction", User: CreateReactionRequest => Reaction = reactions::create;
    list_reactions, "ListReactions", User: ListReactionsRequest => ListReactionsResponse = reactions::list;
    delete_reaction, "DeleteReaction", User: DeleteReactionRequest => () = reactions::delete;
    list_message_pins, "ListMessagePins", User: ListMessagePinsRequest => ListMessagePinsResponse = pins::list;
    create_message_pin, "CreateMessagePin", User: CreateMessagePinRequest => MessagePin = pins::create;
    delete_message_pin, "DeleteMessagePin", User: DeleteMessagePinRequest => () = pins::delete;
    create_custom_emoji, "CreateCustomEmoji", User: CreateCustomEmojiRequest => CustomEmoji = emojis::create;
    get_custom_emoji, "GetCustomEmoji", User: GetCustomEmojiRequest => CustomEmoji = emojis::get;
    list_custom_emojis, "ListCustomEmojis", User: ListCustomEmojisRequest => ListCustomEmojisResponse = emojis::list;
    delete_custom_emoji, "DeleteCustomEmoji", User: DeleteCustomEmojiRequest => () = emojis::delete;
    get_space_read_state, "GetSpaceReadState", User: GetSpaceReadStateRequest => SpaceReadState = read_states::get_space;
    update_space_read_state, "UpdateSpaceReadState", User: UpdateSpaceReadStateRequest => SpaceReadState = read_states::update_space;
    get_thread_read_state, "GetThreadReadState", User: GetThreadReadStateRequest => ThreadReadState = read_states::get_thread;
    get_availability, "GetAvailability", User: GetAvailabilityRequest => Availability = availability::get;
    mark_as_active, "MarkAsActive", User: MarkAsActiveRequest => Availability = availability::mark_as_active;
    mark_as_away, "MarkAsAway", User: MarkAsAwayRequest => Availability = availability::mark_as_away;
    mark_as_do_not_disturb, "MarkAsDoNotDisturb", User: MarkAsDoNotDisturbRequest => Availability = availability::mark_as_do_not_disturb;
    update_availability, "UpdateAvailability", User: UpdateAvailabilityRequest => Availability = availability::update;
    get_space_event, "GetSpaceEvent", Both: GetSpaceEventRequest => SpaceEvent = events::get;
    list_space_events, "ListSpaceEvents", Both: ListSpaceEventsRequest => ListSpaceEventsResponse = events::list;
    get_space_notification_setting, "GetSpaceNotificationSetting", User: GetSpaceNotificationSettingRequest => SpaceNotificationSetting = notification_settings::get;
    update_space_notification_setting, "UpdateSpaceNotificationSetting", User: UpdateSpaceNotificationSettingRequest => SpaceNotificationSetting = notification_settings::update;
    create_section, "CreateSection", User: CreateSectionRequest => Section = sections::create;
    delete_section, "DeleteSection", User: DeleteSectionRequest => () = sections::delete;
    update_section, "UpdateSection", User: UpdateSectionRequest => Section = sections::update;
    list_sections, "ListSections", User: ListSectionsRequest => ListSectionsResponse = sections::list;
    position_section, "PositionSection", User: PositionSectionRequest => PositionSectionResponse = sections::position;
    list_section_items, "ListSectionItems", User: ListSectionItemsRequest => ListSectionItemsResponse = sections::list_items;
    move_section_item, "MoveSectionItem", User: MoveSectionItemRequest => MoveSectionItemResponse = sections::move_item;
}
