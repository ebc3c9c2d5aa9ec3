//! Every `ChatService` RPC, called through the generated client against the generated server
//! on `127.0.0.1:0`.
//!
//! Each request and each response is a *sample*: a message with every field set to a
//! distinct non-default value (first member of each oneof, one element per repeated field,
//! three levels deep), built from the embedded descriptor set. The server checks the HTTP/2
//! path and that the request arrived field for field; the client checks the response the
//! same way. A field the stubs dropped, renumbered or mistyped would fail here.

use crate::support;

use std::sync::{Arc, Mutex};

use google_chat_grpc::proto::chat::v1::chat_service_client::ChatServiceClient;
use google_chat_grpc::proto::chat::v1::chat_service_server::{ChatService, ChatServiceServer};
use google_chat_grpc::proto::chat::v1::*;
use support::samples::{pool, typed_sample};
use tonic::{Request, Response, Status};

const SERVICE: &str = "google.chat.v1.ChatService";

/// The request and response type names of an RPC, from the descriptor.
fn io_types(rpc: &str) -> (String, String) {
    let service = pool().get_service_by_name(SERVICE).expect("ChatService");
    let method = service
        .methods()
        .find(|m| m.name() == rpc)
        .unwrap_or_else(|| panic!("{rpc} is not in the descriptor"));
    (
        method.input().full_name().to_owned(),
        method.output().full_name().to_owned(),
    )
}

/// The HTTP/2 `:path` of each call, as the server's transport saw it.
#[derive(Clone, Default)]
struct PathLog(Arc<Mutex<Vec<String>>>);

/// Lists every RPC once; from it come the server impl, the client calls and the checks.
macro_rules! rpcs {
    ($($method:ident, $rpc:ident: $req:ty => $resp:ty;)*) => {
        const METHODS: &[&str] = &[$(stringify!($rpc)),*];

        /// Answers each RPC with its sample response, if the request is its sample request.
        struct Scripted;

        #[tonic::async_trait]
        impl ChatService for Scripted {
            $(
                async fn $method(&self, request: Request<$req>) -> Result<Response<$resp>, Status> {
                    let (input, output) = io_types(stringify!($rpc));
                    let want: $req = typed_sample(&input, 0);
                    if *request.get_ref() != want {
                        return Err(Status::invalid_argument(format!(
                            "{}: got {:?}, want {want:?}", stringify!($rpc), request.get_ref()
                        )));
                    }
                    Ok(Response::new(typed_sample(&output, 1000)))
                }
            )*
        }

        /// Calls every RPC once; returns the RPC names in call order.
        async fn call_all(client: &mut ChatServiceClient<tonic::transport::Channel>) -> Vec<String> {
            let mut called = Vec::new();
            $(
                let (input, output) = io_types(stringify!($rpc));
                let request: $req = typed_sample(&input, 0);
                let response = client.$method(request).await
                    .unwrap_or_else(|s| panic!("{}: {s:?}", stringify!($rpc)))
                    .into_inner();
                let want: $resp = typed_sample(&output, 1000);
                assert_eq!(response, want, "{}: response differs", stringify!($rpc));
                called.push(stringify!($rpc).to_owned());
            )*
            called
        }
    };
}

rpcs! {
    create_message, CreateMessage: CreateMessageRequest => Message;
    list_messages, ListMessages: ListMessagesRequest => ListMessagesResponse;
    list_memberships, ListMemberships: ListMembershipsRequest => ListMembershipsResponse;
    get_membership, GetMembership: GetMembershipRequest => Membership;
    get_message, GetMessage: GetMessageRequest => Message;
    update_message, UpdateMessage: UpdateMessageRequest => Message;
    delete_message, DeleteMessage: DeleteMessageRequest => ();
    search_messages, SearchMessages: SearchMessagesRequest => SearchMessagesResponse;
    get_attachment, GetAttachment: GetAttachmentRequest => Attachment;
    upload_attachment, UploadAttachment: UploadAttachmentRequest => UploadAttachmentResponse;
    list_spaces, ListSpaces: ListSpacesRequest => ListSpacesResponse;
    search_spaces, SearchSpaces: SearchSpacesRequest => SearchSpacesResponse;
    get_space, GetSpace: GetSpaceRequest => Space;
    create_space, CreateSpace: CreateSpaceRequest => Space;
    set_up_space, SetUpSpace: SetUpSpaceRequest => Space;
    update_space, UpdateSpace: UpdateSpaceRequest => Space;
    delete_space, DeleteSpace: DeleteSpaceRequest => ();
    complete_import_space, CompleteImportSpace: CompleteImportSpaceRequest => CompleteImportSpaceResponse;
    find_direct_message, FindDirectMessage: FindDirectMessageRequest => Space;
    find_group_chats, FindGroupChats: FindGroupChatsRequest => FindGroupChatsResponse;
    create_membership, CreateMembership: CreateMembershipRequest => Membership;
    update_membership, UpdateMembership: UpdateMembershipRequest => Membership;
    delete_membership, DeleteMembership: DeleteMembershipRequest => Membership;
    create_reaction, CreateReaction: CreateReactionRequest => Reaction;
    list_reactions, ListReactions: ListReactionsRequest => ListReactionsResponse;
    delete_reaction, DeleteReaction: DeleteReactionRequest => ();
    list_message_pins, ListMessagePins: ListMessagePinsRequest => ListMessagePinsResponse;
    create_message_pin, CreateMessagePin: CreateMessagePinRequest => MessagePin;
    delete_message_pin, DeleteMessagePin: DeleteMessagePinRequest => ();
    create_custom_emoji, CreateCustomEmoji: CreateCustomEmojiRequest => CustomEmoji;
    get_custom_emoji, GetCustomEmoji: GetCustomEmojiRequest => CustomEmoji;
    list_custom_emojis, ListCustomEmojis: ListCustomEmojisRequest => ListCustomEmojisResponse;
    delete_custom_emoji, DeleteCustomEmoji: DeleteCustomEmojiRequest => ();
    get_space_read_state, GetSpaceReadState: GetSpaceReadStateRequest => SpaceReadState;
    update_space_read_state, UpdateSpaceReadState: UpdateSpaceReadStateRequest => SpaceReadState;
    get_thread_read_state, GetThreadReadState: GetThreadReadStateRequest => ThreadReadState;
    get_availability, GetAvailability: GetAvailabilityRequest => Availability;
    mark_as_active, MarkAsActive: MarkAsActiveRequest => Availability;
    mark_as_away, MarkAsAway: MarkAsAwayRequest => Availability;
    mark_as_do_not_disturb, MarkAsDoNotDisturb: MarkAsDoNotDisturbRequest => Availability;
    update_availability, UpdateAvailability: UpdateAvailabilityRequest => Availability;
    get_space_event, GetSpaceEvent: GetSpaceEventRequest => SpaceEvent;
    list_space_events, ListSpaceEvents: ListSpaceEventsRequest => ListSpaceEventsResponse;
    get_space_notification_setting, GetSpaceNotificationSetting: GetSpaceNotificationSettingRequest => SpaceNotificationSetting;
    update_space_notification_setting, UpdateSpaceNotificationSetting: UpdateSpaceNotificationSettingRequest => SpaceNotificationSetting;
    create_section, CreateSection: CreateSectionRequest => Section;
    delete_section, DeleteSection: DeleteSectionRequest => ();
    update_section, UpdateSection: UpdateSectionRequest => Section;
    list_sections, ListSections: ListSectionsRequest => ListSectionsResponse;
    position_section, PositionSection: PositionSectionRequest => PositionSectionResponse;
    list_section_items, ListSectionItems: ListSectionItemsRequest => ListSectionItemsResponse;
    move_section_item, MoveSectionItem: MoveSectionItemRequest => MoveSectionItemResponse;
}

#[test]
fn table_lists_every_rpc_of_the_descriptor() {
    let service = pool().get_service_by_name(SERVICE).expect("ChatService");
    let mut in_descriptor: Vec<String> = service.methods().map(|m| m.name().to_owned()).collect();
    in_descriptor.sort_unstable();
    let mut table: Vec<String> = METHODS.iter().map(|m| m.to_string()).collect();
    table.sort_unstable();
    assert_eq!(table, in_descriptor);
    assert_eq!(table.len(), 52);
}

#[test]
fn samples_are_not_trivial() {
    // Guards the sampler itself: a request that came out empty would make the round trip
    // below vacuous.
    let req: CreateMessageRequest = typed_sample("google.chat.v1.CreateMessageRequest", 0);
    let message = req.message.as_ref().expect("message set");
    assert!(!req.parent.is_empty() && !req.request_id.is_empty() && !message.text.is_empty());
    assert!(message.thread.is_some() && !message.annotations.is_empty());
    assert_ne!(req.message_reply_option, 0);
}

#[tokio::test]
async fn every_rpc_round_trips_through_generated_client_and_server() {
    let log = PathLog::default();
    let recorder = log.clone();
    let incoming = tonic::transport::server::TcpIncoming::bind("127.0.0.1:0".parse().unwrap())
        .expect("bind loopback")
        .with_nodelay(Some(true));
    let addr = incoming.local_addr().expect("local addr");
    let server = tonic::transport::Server::builder()
        .layer(tower::util::MapRequestLayer::new(
            move |req: http::Request<tonic::body::Body>| {
                recorder.0.lock().unwrap().push(req.uri().path().to_owned());
                req
            },
        ))
        .add_service(ChatServiceServer::new(Scripted))
        .serve_with_incoming(incoming);
    let server = tokio::spawn(server);

    let mut client = ChatServiceClient::connect(format!("http://{addr}"))
        .await
        .expect("connect");
    let called = call_all(&mut client).await;

    assert_eq!(called.len(), 52);
    let expected_paths: Vec<String> = called
        .iter()
        .map(|rpc| format!("/{SERVICE}/{rpc}"))
        .collect();
    assert_eq!(*log.0.lock().unwrap(), expected_paths);
    server.abort();
}
