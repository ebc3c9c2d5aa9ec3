//! Emulator: page tokens are cursors. A walk through a list while others write returns each
//! item that existed throughout exactly once; tokens are opaque, bounded and bound to the
//! request they came from.

use google_chat_grpc::proto::chat::v1::chat_service_client::ChatServiceClient;
use google_chat_grpc::proto::chat::v1::*;
use tonic::Code;
use tonic::transport::Channel;

use crate::emulator_support;

use emulator_support::*;

fn list(space: &str, size: i32, token: String, order: &str) -> ListMessagesRequest {
    ListMessagesRequest {
        parent: space.into(),
        page_size: size,
        page_token: token,
        order_by: order.into(),
        ..Default::default()
    }
}

/// Walks the messages of `space` two at a time, running `between` after every page.
async fn walk<F, Fut>(
    c: &mut ChatServiceClient<Channel>,
    space: &str,
    order: &str,
    mut between: F,
) -> Vec<String>
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut seen = Vec::new();
    let mut token = String::new();
    for page in 0.. {
        let resp = c
            .list_messages(as_("user:1", list(space, 2, token, order)))
            .await
            .unwrap()
            .into_inner();
        seen.extend(resp.messages.into_iter().map(|m| m.text));
        if resp.next_page_token.is_empty() {
            break;
        }
        token = resp.next_page_token;
        between(page).await;
    }
    seen
}

#[tokio::test]
async fn deleting_between_pages_skips_nothing() {
    let (_emu, mut c) = start().await;
    let s = team(&mut c, "Cursor").await;
    let mut names = Vec::new();
    for i in 0..6 {
        names.push(post(&mut c, "user:1", &s.name, &format!("m{i}")).await.name);
    }
    // After the first page (m0, m1), delete m0: an offset would now skip m2.
    let writer = c.clone();
    let first = names[0].clone();
    let seen = walk(&mut c, &s.name, "", |page| {
        let (mut w, first) = (writer.clone(), first.clone());
        async move {
            if page == 0 {
                w.delete_message(as_(
                    "user:1",
                    DeleteMessageRequest {
                        name: first,
                        ..Default::default()
                    },
                ))
                .await
                .unwrap();
            }
        }
    })
    .await;
    assert_eq!(seen, ["m0", "m1", "m2", "m3", "m4", "m5"]);
    // The walk with the message gone from the start.
    let again = walk(&mut c, &s.name, "", |_| async {}).await;
    assert_eq!(again, ["m1", "m2", "m3", "m4", "m5"]);
}

#[tokio::test]
async fn posting_during_a_descending_walk_repeats_nothing() {
    let (_emu, mut c) = start().await;
    let s = team(&mut c, "Desc").await;
    for i in 0..5 {
        post(&mut c, "user:1", &s.name, &format!("m{i}")).await;
    }
    let writer = c.clone();
    let space = s.name.clone();
    let seen = walk(&mut c, &s.name, "create_time DESC", |page| {
        let (mut w, space) = (writer.clone(), space.clone());
        async move {
            // An offset would hand out m3 again on the next page.
            post(&mut w, "user:2", &space, &format!("new{page}")).await;
        }
    })
    .await;
    assert_eq!(seen, ["m4", "m3", "m2", "m1", "m0"]);
}

#[tokio::test]
async fn memberships_walk_through_a_removal() {
    let (_emu, mut c) = start().await;
    let s = team(&mut c, "Members").await;
    for u in 4..9 {
        c.create_membership(as_(
            "user:1",
            CreateMembershipRequest {
                parent: s.name.clone(),
                membership: Some(member(&format!("users/{u}"))),
                ..Default::default()
            },
        ))
        .await
        .unwrap();
    }
    let req = |token: String| ListMembershipsRequest {
        parent: s.name.clone(),
        page_size: 3,
        page_token: token,
        ..Default::default()
    };
    let first = c
        .list_memberships(as_("user:1", req(String::new())))
        .await
        .unwrap()
        .into_inner();
    let mut seen: Vec<String> = first.memberships.iter().map(|m| m.name.clone()).collect();
    // Remove one already returned: the rest of the walk must still see every other member.
    c.delete_membership(as_(
        "user:1",
        DeleteMembershipRequest {
            name: seen[1].clone(),
            ..Default::default()
        },
    ))
    .await
    .unwrap();
    let mut token = first.next_page_token;
    while !token.is_empty() {
        let page = c
            .list_memberships(as_("user:1", req(token)))
            .await
            .unwrap()
            .into_inner();
        seen.extend(page.memberships.into_iter().map(|m| m.name));
        token = page.next_page_token;
    }
    // users 1..3 from the team, 4..8 added: eight, each once.
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!((seen.len(), unique.len()), (8, 8), "{seen:?}");
}

#[tokio::test]
async fn tokens_are_opaque_bounded_and_bound_to_the_request() {
    let (_emu, mut c) = start().await;
    let s = team(&mut c, "Tokens").await;
    for i in 0..3 {
        post(&mut c, "user:1", &s.name, &format!("m{i}")).await;
    }
    let page = c
        .list_messages(as_("user:1", list(&s.name, 1, String::new(), "")))
        .await
        .unwrap()
        .into_inner();
    let token = page.next_page_token;
    assert!(!token.is_empty());
    assert!(
        !token.contains("messages") && token.bytes().all(|b| b.is_ascii_alphanumeric()),
        "{token}"
    );
    let bad = [
        // Another order than the call that issued it.
        (token.clone(), "create_time DESC"),
        ("zz".repeat(20), ""),
        ("a".repeat(100_000), ""),
        (format!("{token}0"), ""),
        (String::from("\u{1f600}"), ""),
    ];
    for (t, order) in bad {
        let err = c
            .list_messages(as_("user:1", list(&s.name, 1, t, order)))
            .await
            .unwrap_err();
        assert_eq!(err.code(), Code::InvalidArgument, "{}", err.message());
        assert_eq!(violation_field(&err), "page_token");
    }
}
