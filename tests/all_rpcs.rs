//! Every `ChatService` RPC, called through the generated client against the generated server
//! on `127.0.0.1:0`.
//!
//! Each request and each response is a *sample*: a message with every field set to a
//! distinct non-default value (first member of each oneof, one element per repeated field,
//! three levels deep), built from the embedded descriptor set. The server checks the HTTP/2
//! path and that the request arrived field for field; the client checks the response the
//! same way. A field the stubs dropped, renumbered or mistyped would fail here.

use std::sync::{Arc, Mutex, OnceLock};

use google_chat_grpc::proto::FILE_DESCRIPTOR_SET;
use google_chat_grpc::proto::chat::v1::chat_service_client::ChatServiceClient;
use google_chat_grpc::proto::chat::v1::chat_service_server::{ChatService, ChatServiceServer};
use google_chat_grpc::proto::chat::v1::*;
use prost::Message as _;
use prost_reflect::{DescriptorPool, DynamicMessage, Kind, MapKey, MessageDescriptor, Value};
use tonic::{Request, Response, Status};

const SERVICE: &str = "google.chat.v1.ChatService";

fn pool() -> DescriptorPool {
    static POOL: OnceLock<DescriptorPool> = OnceLock::new();
    POOL.get_or_init(|| {
        DescriptorPool::decode(FILE_DESCRIPTOR_SET).expect("embedded descriptor set decodes")
    })
    .clone()
}

/// Builds a message of type `desc` with every field set, values numbered by `counter` so that
/// no two fields share a value (a swapped pair of fields would be noticed).
fn sample(desc: &MessageDescriptor, depth: usize, counter: &mut i32) -> DynamicMessage {
    let mut msg = DynamicMessage::new(desc.clone());
    let mut oneofs_done = Vec::new();
    for field in desc.fields() {
        if let Some(oneof) = field.containing_oneof().filter(|o| !o.is_synthetic()) {
            if oneofs_done.contains(&oneof.full_name().to_owned()) {
                continue;
            }
            oneofs_done.push(oneof.full_name().to_owned());
        }
        *counter += 1;
        let n = *counter;
        let value = |kind: &Kind, counter: &mut i32| -> Option<Value> {
            Some(match kind {
                Kind::Double => Value::F64(f64::from(n) + 0.5),
                Kind::Float => Value::F32(n as f32 + 0.25),
                Kind::Int32 | Kind::Sint32 | Kind::Sfixed32 => Value::I32(n),
                Kind::Int64 | Kind::Sint64 | Kind::Sfixed64 => Value::I64(i64::from(n) << 33),
                Kind::Uint32 | Kind::Fixed32 => Value::U32(n as u32),
                Kind::Uint64 | Kind::Fixed64 => Value::U64((n as u64) << 33),
                Kind::Bool => Value::Bool(true),
                Kind::String => Value::String(format!("{}-{n}", field.name())),
                Kind::Bytes => Value::Bytes(prost::bytes::Bytes::from(format!("b{n}"))),
                // The last value: never the zero default, which would not be on the wire.
                Kind::Enum(e) => Value::EnumNumber(e.values().last()?.number()),
                Kind::Message(m) if depth > 0 => Value::Message(sample(m, depth - 1, counter)),
                Kind::Message(_) => return None,
            })
        };
        let kind = field.kind();
        let v = if field.is_map() {
            let entry = kind.as_message().expect("map entry").clone();
            let key = match value(&entry.map_entry_key_field().kind(), counter) {
                Some(Value::String(s)) => MapKey::String(s),
                Some(Value::I32(i)) => MapKey::I32(i),
                Some(Value::I64(i)) => MapKey::I64(i),
                Some(Value::U32(i)) => MapKey::U32(i),
                Some(Value::U64(i)) => MapKey::U64(i),
                Some(Value::Bool(b)) => MapKey::Bool(b),
                other => panic!("unexpected map key {other:?}"),
            };
            value(&entry.map_entry_value_field().kind(), counter)
                .map(|v| Value::Map([(key, v)].into_iter().collect()))
        } else if field.is_list() {
            value(&kind, counter).map(|v| Value::List(vec![v]))
        } else {
            value(&kind, counter)
        };
        if let Some(v) = v {
            msg.set_field(&field, v);
        }
    }
    msg
}

/// The sample for a type, encoded, decoded into the generated prost type, and checked to say
/// the same thing as the dynamic message (same fields, no unknown ones).
fn typed_sample<M: prost::Message + Default>(type_name: &str, seed: i32) -> M {
    let desc = pool()
        .get_message_by_name(type_name)
        .expect("type in descriptor set");
    let mut counter = seed;
    let dynamic = sample(&desc, 3, &mut counter);
    let typed = M::decode(dynamic.encode_to_vec().as_slice()).expect("sample decodes");
    let back = DynamicMessage::decode(desc, typed.encode_to_vec().as_slice()).expect("re-decodes");
    assert_eq!(
        back, dynamic,
        "{type_name}: the generated type loses or changes fields"
    );
    typed
}

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
        .expect("bind loopback");
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
