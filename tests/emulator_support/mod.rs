//! What the emulator tests share: a started emulator with a raw generated client, a request
//! carrying a token of the emulator's convention, and the few fixtures most tests need.
#![allow(dead_code)]

use google_chat_grpc::emulator::{Emulator, EmulatorHandle};
use google_chat_grpc::proto::chat::v1::chat_service_client::ChatServiceClient;
use google_chat_grpc::proto::chat::v1::*;
use tonic::transport::Channel;
use tonic::{Request, Status};
use tonic_types::StatusExt;

pub async fn start() -> (EmulatorHandle, ChatServiceClient<Channel>) {
    let emulator = Emulator::builder().start().await.expect("start");
    let client = ChatServiceClient::connect(emulator.uri())
        .await
        .expect("connect");
    (emulator, client)
}

pub fn as_<T>(token: &str, msg: T) -> Request<T> {
    let mut r = Request::new(msg);
    r.metadata_mut()
        .insert("authorization", format!("Bearer {token}").parse().unwrap());
    r
}

pub fn violation_field(s: &Status) -> String {
    let details = s.get_error_details();
    let br = details.bad_request().expect("BadRequest detail");
    br.field_violations[0].field.clone()
}

pub fn member(user: &str) -> Membership {
    Membership {
        member_type: Some(membership::MemberType::Member(User {
            name: user.into(),
            r#type: user::Type::Human as i32,
            ..Default::default()
        })),
        ..Default::default()
    }
}

/// A SPACE managed by user 1 with users 2 and 3.
/// Adds the Chat app to `space`, as the member `by` (a manager, where the space says so).
pub async fn add_app(c: &mut ChatServiceClient<Channel>, by: &str, space: &str) {
    c.create_membership(as_(
        by,
        CreateMembershipRequest {
            parent: space.to_owned(),
            membership: Some(Membership {
                member_type: Some(membership::MemberType::Member(User {
                    name: "users/app".into(),
                    r#type: user::Type::Bot as i32,
                    ..Default::default()
                })),
                ..Default::default()
            }),
            use_admin_access: false,
        },
    ))
    .await
    .expect("add the app");
}

/// Calls the RPC at `path` with an empty request (which every request type decodes from)
/// and `token`: the authentication and scope checks come before the handler, so what the
/// handler makes of the empty request does not matter to a test of them.
pub async fn call_raw(channel: &Channel, path: &'static str, token: &str) -> Status {
    let mut grpc = tonic::client::Grpc::new(channel.clone());
    grpc.ready().await.expect("ready");
    let mut request = Request::new(());
    request.metadata_mut().insert(
        "authorization",
        format!("Bearer {token}").parse().expect("ascii"),
    );
    let codec = tonic_prost::ProstCodec::<(), ()>::default();
    match grpc
        .unary(request, http::uri::PathAndQuery::from_static(path), codec)
        .await
    {
        Ok(_) => Status::ok(""),
        Err(status) => status,
    }
}

pub async fn team(c: &mut ChatServiceClient<Channel>, name: &str) -> Space {
    c.set_up_space(as_(
        "user:1",
        SetUpSpaceRequest {
            space: Some(Space {
                space_type: space::SpaceType::Space as i32,
                display_name: name.into(),
                ..Default::default()
            }),
            memberships: vec![member("users/2"), member("users/3")],
            ..Default::default()
        },
    ))
    .await
    .unwrap()
    .into_inner()
}

pub async fn post(
    c: &mut ChatServiceClient<Channel>,
    who: &str,
    space: &str,
    text: &str,
) -> Message {
    c.create_message(as_(
        who,
        CreateMessageRequest {
            parent: space.into(),
            message: Some(Message {
                text: text.into(),
                ..Default::default()
            }),
            ..Default::default()
        },
    ))
    .await
    .unwrap()
    .into_inner()
}
