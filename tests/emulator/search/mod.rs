//! Emulator: `SearchSpaces`, `SearchMessages` and `FindGroupChats`: their documented query
//! grammars and matching rules, who sees what (joined spaces, admin access), ordering, paging,
//! and INVALID_ARGUMENT for bad queries.

use crate::emulator_support;

use emulator_support::*;

use google_chat_grpc::emulator::{Emulator, EmulatorHandle};
use google_chat_grpc::proto::chat::v1::chat_service_client::ChatServiceClient;
use google_chat_grpc::proto::chat::v1::*;
use tonic::transport::Channel;
use tonic::{Code, Status};

mod messages;
mod spaces;

async fn start() -> (EmulatorHandle, ChatServiceClient<Channel>) {
    let emulator = Emulator::builder()
        .user("alice@example.com", "1", "Alice")
        .user("bob@example.com", "2", "Bob")
        .start()
        .await
        .expect("start");
    let client = ChatServiceClient::connect(emulator.uri())
        .await
        .expect("connect");
    (emulator, client)
}

/// A SPACE set up by `who` with the given members.
async fn space(
    c: &mut ChatServiceClient<Channel>,
    who: &str,
    name: &str,
    members: &[&str],
) -> Space {
    c.set_up_space(as_(
        who,
        SetUpSpaceRequest {
            space: Some(Space {
                space_type: space::SpaceType::Space as i32,
                display_name: name.into(),
                ..Default::default()
            }),
            memberships: members.iter().map(|m| member(m)).collect(),
            ..Default::default()
        },
    ))
    .await
    .unwrap()
    .into_inner()
}

async fn post(c: &mut ChatServiceClient<Channel>, who: &str, space: &str, text: &str) -> Message {
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

fn spaces_query(query: &str) -> SearchSpacesRequest {
    SearchSpacesRequest {
        query: query.into(),
        ..Default::default()
    }
}

async fn search_spaces(
    c: &mut ChatServiceClient<Channel>,
    who: &str,
    req: SearchSpacesRequest,
) -> Result<SearchSpacesResponse, Status> {
    c.search_spaces(as_(who, req)).await.map(|r| r.into_inner())
}

fn names(r: &SearchSpacesResponse) -> Vec<String> {
    let mut v: Vec<String> = r
        .results
        .iter()
        .map(|s| s.space.as_ref().unwrap().display_name.clone())
        .collect();
    v.sort();
    v
}

/// RFC 3339 for a timestamp, UTC, with nanoseconds.
fn chrono_free_rfc3339(seconds: i64, nanos: i32) -> String {
    let days = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400);
    // Civil date from days since the epoch (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{nanos:09}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

fn messages_query(filter: &str) -> SearchMessagesRequest {
    SearchMessagesRequest {
        parent: "spaces/-".into(),
        filter: filter.into(),
        ..Default::default()
    }
}

async fn search_messages(
    c: &mut ChatServiceClient<Channel>,
    who: &str,
    req: SearchMessagesRequest,
) -> Result<SearchMessagesResponse, Status> {
    c.search_messages(as_(who, req))
        .await
        .map(|r| r.into_inner())
}

fn texts(r: &SearchMessagesResponse) -> Vec<String> {
    r.results
        .iter()
        .map(|m| m.message.as_ref().unwrap().text.clone())
        .collect()
}

async fn group_chat(c: &mut ChatServiceClient<Channel>, who: &str, members: &[&str]) -> Space {
    c.set_up_space(as_(
        who,
        SetUpSpaceRequest {
            space: Some(Space {
                space_type: space::SpaceType::GroupChat as i32,
                ..Default::default()
            }),
            memberships: members.iter().map(|m| member(m)).collect(),
            ..Default::default()
        },
    ))
    .await
    .unwrap()
    .into_inner()
}

fn find(users: &[&str]) -> FindGroupChatsRequest {
    FindGroupChatsRequest {
        users: users.iter().map(|u| u.to_string()).collect(),
        ..Default::default()
    }
}

async fn find_group_chats(
    c: &mut ChatServiceClient<Channel>,
    who: &str,
    req: FindGroupChatsRequest,
) -> Result<FindGroupChatsResponse, Status> {
    c.find_group_chats(as_(who, req))
        .await
        .map(|r| r.into_inner())
}
