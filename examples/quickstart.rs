//! Quick start: create a space, post a message, read it back, through the generated
//! `ChatServiceClient` over real gRPC on loopback.
//!
//! ```sh
//! cargo run --example quickstart --all-features
//! ```
//!
//! The server here is a deliberately tiny in-memory stand-in, started in-process on
//! `127.0.0.1:0`, that serves the three RPCs this walk-through uses and answers
//! `UNIMPLEMENTED` for the other 49. It shows the wire path end to end; the full
//! stateful emulator of all 52 RPCs is a separate module.

use std::collections::BTreeMap;
use std::sync::Mutex;

use google_chat_grpc::proto::chat::v1::chat_service_client::ChatServiceClient;
use google_chat_grpc::proto::chat::v1::chat_service_server::{ChatService, ChatServiceServer};
use google_chat_grpc::proto::chat::v1::*;
use tonic::{Request, Response, Status};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let incoming = tonic::transport::server::TcpIncoming::bind("127.0.0.1:0".parse()?)?
        .with_nodelay(Some(true));
    let addr = incoming.local_addr()?;
    tokio::spawn(
        tonic::transport::Server::builder()
            .add_service(ChatServiceServer::new(TinyChat::default()))
            .serve_with_incoming(incoming),
    );
    println!("in-process Chat server on http://{addr}");

    let mut chat = ChatServiceClient::connect(format!("http://{addr}")).await?;

    let space = chat
        .create_space(CreateSpaceRequest {
            space: Some(Space {
                display_name: "Release planning".into(),
                space_type: space::SpaceType::Space.into(),
                ..Default::default()
            }),
            ..Default::default()
        })
        .await?
        .into_inner();
    println!(
        "created {} ({:?}) \"{}\"",
        space.name,
        space.space_type(),
        space.display_name
    );

    let message = chat
        .create_message(CreateMessageRequest {
            parent: space.name.clone(),
            message: Some(Message {
                text: "Hello from Rust over gRPC".into(),
                ..Default::default()
            }),
            ..Default::default()
        })
        .await?
        .into_inner();
    println!("posted {}: {}", message.name, message.text);

    let listed = chat
        .list_messages(ListMessagesRequest {
            parent: space.name.clone(),
            ..Default::default()
        })
        .await?
        .into_inner();
    println!(
        "{} now holds {} message(s):",
        space.name,
        listed.messages.len()
    );
    for m in &listed.messages {
        println!("  {} {:?}", m.name, m.text);
    }

    match chat.get_space_event(GetSpaceEventRequest::default()).await {
        Err(status) => println!(
            "get_space_event -> {:?}: {}",
            status.code(),
            status.message()
        ),
        Ok(_) => println!("get_space_event unexpectedly answered"),
    }
    Ok(())
}

/// Implements `ChatService` for `TinyChat`: the served RPCs as written, the others
/// answering `UNIMPLEMENTED`. (`async_trait` must see the whole impl, hence one macro.)
macro_rules! chat_service_impl {
    (served { $($served:item)* } not_served { $($method:ident: $req:ty => $resp:ty),* $(,)? }) => {
        #[tonic::async_trait]
        impl ChatService for TinyChat {
            $($served)*
            $(
                async fn $method(&self, _: Request<$req>) -> Result<Response<$resp>, Status> {
                    Err(Status::unimplemented(concat!(
                        stringify!($method),
                        " is not served by the quickstart's tiny server"
                    )))
                }
            )*
        }
    };
}

/// Spaces and their messages, keyed by resource name.
#[derive(Default)]
struct TinyChat {
    spaces: Mutex<BTreeMap<String, (Space, Vec<Message>)>>,
}

chat_service_impl! {
served {
    async fn create_space(&self, req: Request<CreateSpaceRequest>) -> Result<Response<Space>, Status> {
        let mut space = req.into_inner().space.ok_or_else(|| Status::invalid_argument("space is required"))?;
        let mut spaces = self.spaces.lock().unwrap();
        space.name = format!("spaces/AAAA{:07}", spaces.len() + 1);
        spaces.insert(space.name.clone(), (space.clone(), Vec::new()));
        Ok(Response::new(space))
    }

    async fn create_message(&self, req: Request<CreateMessageRequest>) -> Result<Response<Message>, Status> {
        let req = req.into_inner();
        let mut message = req.message.ok_or_else(|| Status::invalid_argument("message is required"))?;
        let mut spaces = self.spaces.lock().unwrap();
        let (_, messages) =
            spaces.get_mut(&req.parent).ok_or_else(|| Status::not_found(format!("{} not found", req.parent)))?;
        message.name = format!("{}/messages/{}", req.parent, messages.len() + 1);
        messages.push(message.clone());
        Ok(Response::new(message))
    }

    async fn list_messages(
        &self,
        req: Request<ListMessagesRequest>,
    ) -> Result<Response<ListMessagesResponse>, Status> {
        let parent = req.into_inner().parent;
        let spaces = self.spaces.lock().unwrap();
        let (_, messages) =
            spaces.get(&parent).ok_or_else(|| Status::not_found(format!("{parent} not found")))?;
        Ok(Response::new(ListMessagesResponse { messages: messages.clone(), ..Default::default() }))
    }
} not_served {
        list_memberships: ListMembershipsRequest => ListMembershipsResponse,
        get_membership: GetMembershipRequest => Membership,
        get_message: GetMessageRequest => Message,
        update_message: UpdateMessageRequest => Message,
        delete_message: DeleteMessageRequest => (),
        search_messages: SearchMessagesRequest => SearchMessagesResponse,
        get_attachment: GetAttachmentRequest => Attachment,
        upload_attachment: UploadAttachmentRequest => UploadAttachmentResponse,
        list_spaces: ListSpacesRequest => ListSpacesResponse,
        search_spaces: SearchSpacesRequest => SearchSpacesResponse,
        get_space: GetSpaceRequest => Space,
        set_up_space: SetUpSpaceRequest => Space,
        update_space: UpdateSpaceRequest => Space,
        delete_space: DeleteSpaceRequest => (),
        complete_import_space: CompleteImportSpaceRequest => CompleteImportSpaceResponse,
        find_direct_message: FindDirectMessageRequest => Space,
        find_group_chats: FindGroupChatsRequest => FindGroupChatsResponse,
        create_membership: CreateMembershipRequest => Membership,
        update_membership: UpdateMembershipRequest => Membership,
        delete_membership: DeleteMembershipRequest => Membership,
        create_reaction: CreateReactionRequest => Reaction,
        list_reactions: ListReactionsRequest => ListReactionsResponse,
        delete_reaction: DeleteReactionRequest => (),
        list_message_pins: ListMessagePinsRequest => ListMessagePinsResponse,
        create_message_pin: CreateMessagePinRequest => MessagePin,
        delete_message_pin: DeleteMessagePinRequest => (),
        create_custom_emoji: CreateCustomEmojiRequest => CustomEmoji,
        get_custom_emoji: GetCustomEmojiRequest => CustomEmoji,
        list_custom_emojis: ListCustomEmojisRequest => ListCustomEmojisResponse,
        delete_custom_emoji: DeleteCustomEmojiRequest => (),
        get_space_read_state: GetSpaceReadStateRequest => SpaceReadState,
        update_space_read_state: UpdateSpaceReadStateRequest => SpaceReadState,
        get_thread_read_state: GetThreadReadStateRequest => ThreadReadState,
        get_availability: GetAvailabilityRequest => Availability,
        mark_as_active: MarkAsActiveRequest => Availability,
        mark_as_away: MarkAsAwayRequest => Availability,
        mark_as_do_not_disturb: MarkAsDoNotDisturbRequest => Availability,
        update_availability: UpdateAvailabilityRequest => Availability,
        get_space_event: GetSpaceEventRequest => SpaceEvent,
        list_space_events: ListSpaceEventsRequest => ListSpaceEventsResponse,
        get_space_notification_setting: GetSpaceNotificationSettingRequest => SpaceNotificationSetting,
        update_space_notification_setting: UpdateSpaceNotificationSettingRequest => SpaceNotificationSetting,
        create_section: CreateSectionRequest => Section,
        delete_section: DeleteSectionRequest => (),
        update_section: UpdateSectionRequest => Section,
        list_sections: ListSectionsRequest => ListSectionsResponse,
        position_section: PositionSectionRequest => PositionSectionResponse,
        list_section_items: ListSectionItemsRequest => ListSectionItemsResponse,
        move_section_item: MoveSectionItemRequest => MoveSectionItemResponse,
}

}
