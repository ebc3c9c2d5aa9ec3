//! Emulator: messages (threads, client IDs, size limit, masks, delete with force, lists) and the concurrency guarantee.

use google_chat_grpc::proto::chat::v1::*;
use tonic::Code;

use crate::emulator_support;

use emulator_support::*;

use std::collections::HashSet;

fn threaded(
    text: &str,
    key: &str,
    option: create_message_request::MessageReplyOption,
) -> CreateMessageRequest {
    CreateMessageRequest {
        message: Some(Message {
            text: text.into(),
            thread: Some(Thread {
                thread_key: key.into(),
                ..Default::default()
            }),
            ..Default::default()
        }),
        message_reply_option: option as i32,
        ..Default::default()
    }
}

#[tokio::test]
async fn threads_ids_and_limits() {
    use create_message_request::MessageReplyOption as O;
    let (_emu, mut c) = start().await;
    let s = team(&mut c, "Team").await;
    let mut root = threaded("root", "k1", O::ReplyMessageFallbackToNewThread);
    root.parent = s.name.clone();
    let root = c
        .create_message(as_("user:1", root))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(root.sender.as_ref().unwrap().name, "users/1");
    assert!(root.create_time.is_some() && !root.thread_reply);
    let mut reply = threaded("reply", "k1", O::ReplyMessageOrFail);
    reply.parent = s.name.clone();
    let reply = c
        .create_message(as_("user:2", reply))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        reply.thread.as_ref().unwrap().name,
        root.thread.as_ref().unwrap().name
    );
    assert!(reply.thread_reply);
    // Unknown thread name with REPLY_MESSAGE_OR_FAIL is NOT_FOUND; without an option, a new thread.
    let mut bad = threaded("x", "", O::ReplyMessageOrFail);
    bad.parent = s.name.clone();
    bad.message.as_mut().unwrap().thread = Some(Thread {
        name: format!("{}/threads/nope", s.name),
        ..Default::default()
    });
    assert_eq!(
        c.create_message(as_("user:1", bad))
            .await
            .unwrap_err()
            .code(),
        Code::NotFound
    );
    let mut fresh = threaded("fresh", "k1", O::Unspecified);
    fresh.parent = s.name.clone();
    let fresh = c
        .create_message(as_("user:1", fresh))
        .await
        .unwrap()
        .into_inner();
    assert_ne!(
        fresh.thread.unwrap().name,
        root.thread.as_ref().unwrap().name
    );

    // Client-assigned IDs: valid ones name the message, invalid ones are rejected.
    let mut named = threaded("named", "", O::Unspecified);
    named.parent = s.name.clone();
    named.message_id = "client-hello-1".into();
    let named = c
        .create_message(as_("user:1", named.clone()))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(named.client_assigned_message_id, "client-hello-1");
    let got = c
        .get_message(as_(
            "user:2",
            GetMessageRequest {
                name: format!("{}/messages/client-hello-1", s.name),
                markup_syntax: 0,
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(got.name, named.name);
    for id in ["hello", "client-UPPER", "client-hello-1"] {
        let mut r = threaded("x", "", O::Unspecified);
        r.parent = s.name.clone();
        r.message_id = id.into();
        let err = c.create_message(as_("user:1", r)).await.unwrap_err();
        assert!(
            matches!(err.code(), Code::InvalidArgument | Code::AlreadyExists),
            "{id}: {err:?}"
        );
    }
    // The 32,000-byte limit; empty messages; non-members.
    let mut big = threaded(&"a".repeat(32_001), "", O::Unspecified);
    big.parent = s.name.clone();
    let err = c.create_message(as_("user:1", big)).await.unwrap_err();
    assert_eq!(violation_field(&err), "message");
    let mut empty = threaded("", "", O::Unspecified);
    empty.parent = s.name.clone();
    assert_eq!(
        c.create_message(as_("user:1", empty))
            .await
            .unwrap_err()
            .code(),
        Code::InvalidArgument
    );
    let mut outsider = threaded("hi", "", O::Unspecified);
    outsider.parent = s.name.clone();
    assert_eq!(
        c.create_message(as_("user:9", outsider))
            .await
            .unwrap_err()
            .code(),
        Code::PermissionDenied
    );

    // request_id: same caller gets the same message, another caller an error.
    let mut r = threaded("once", "", O::Unspecified);
    r.parent = s.name.clone();
    r.request_id = "req-1".into();
    let a = c
        .create_message(as_("user:1", r.clone()))
        .await
        .unwrap()
        .into_inner();
    let b = c
        .create_message(as_("user:1", r.clone()))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(a.name, b.name);
    // Another sender's use of the same ID is a request of its own, not an answer that the
    // ID exists.
    let theirs = c
        .create_message(as_("user:2", r))
        .await
        .unwrap()
        .into_inner();
    assert_ne!(theirs.name, a.name);

    // Update masks: only the sender; unknown paths rejected; last_update_time set.
    let mut edit = root.clone();
    edit.text = "edited".into();
    let upd = |m: Message, p: &str| UpdateMessageRequest {
        message: Some(m),
        update_mask: Some(prost_types::FieldMask {
            paths: vec![p.into()],
        }),
        allow_missing: false,
    };
    assert_eq!(
        c.update_message(as_("user:2", upd(edit.clone(), "text")))
            .await
            .unwrap_err()
            .code(),
        Code::PermissionDenied
    );
    assert_eq!(
        violation_field(
            &c.update_message(as_("user:1", upd(edit.clone(), "sender")))
                .await
                .unwrap_err()
        ),
        "update_mask"
    );
    let edited = c
        .update_message(as_("user:1", upd(edit, "text")))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(edited.text, "edited");
    assert!(edited.last_update_time.is_some());

    // Deleting a thread's first message needs force while it has replies.
    let del = |force| DeleteMessageRequest {
        name: root.name.clone(),
        force,
    };
    assert_eq!(
        c.delete_message(as_("user:1", del(false)))
            .await
            .unwrap_err()
            .code(),
        Code::FailedPrecondition
    );
    c.delete_message(as_("user:1", del(true))).await.unwrap();
    assert_eq!(
        c.get_message(as_(
            "user:1",
            GetMessageRequest {
                name: reply.name.clone(),
                markup_syntax: 0
            }
        ))
        .await
        .unwrap_err()
        .code(),
        Code::NotFound
    );
    let list = |show_deleted| ListMessagesRequest {
        parent: s.name.clone(),
        show_deleted,
        ..Default::default()
    };
    let live = c
        .list_messages(as_("user:1", list(false)))
        .await
        .unwrap()
        .into_inner()
        .messages;
    let all = c
        .list_messages(as_("user:1", list(true)))
        .await
        .unwrap()
        .into_inner()
        .messages;
    assert_eq!(all.len(), live.len() + 2);
    assert!(
        all.iter()
            .any(|m| m.name == root.name && m.delete_time.is_some() && m.text.is_empty())
    );
}

#[tokio::test]
async fn list_messages_filters_orders_and_pages() {
    let (_emu, mut c) = start().await;
    let s = team(&mut c, "Team").await;
    let mut names = Vec::new();
    for i in 0..30 {
        names.push(post(&mut c, "user:1", &s.name, &format!("m{i}")).await.name);
    }
    let req = |size, token: String, filter: &str, order: &str| ListMessagesRequest {
        parent: s.name.clone(),
        page_size: size,
        page_token: token,
        filter: filter.into(),
        order_by: order.into(),
        ..Default::default()
    };
    // Default page size 25, ascending by create_time.
    let p1 = c
        .list_messages(as_("user:2", req(0, String::new(), "", "")))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(p1.messages.len(), 25);
    assert_eq!(p1.messages[0].name, names[0]);
    let p2 = c
        .list_messages(as_("user:2", req(0, p1.next_page_token.clone(), "", "")))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(p2.messages.len(), 5);
    let err = c
        .list_messages(as_(
            "user:2",
            req(0, p1.next_page_token, "", "create_time DESC"),
        ))
        .await
        .unwrap_err();
    assert_eq!(violation_field(&err), "page_token");
    let desc = c
        .list_messages(as_("user:2", req(1, String::new(), "", "create_time desc")))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(desc.messages[0].name, names[29]);
    // create_time window and thread filter.
    let t = p2.messages[0].create_time.unwrap();
    let stamp = chrono_like(t.seconds, t.nanos).to_string();
    let after = c
        .list_messages(as_(
            "user:2",
            req(
                100,
                String::new(),
                &format!("create_time > \"{stamp}\""),
                "",
            ),
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(after.messages.len(), 4);
    let thread = p1.messages[3].thread.clone().unwrap().name;
    let one = c
        .list_messages(as_(
            "user:2",
            req(100, String::new(), &format!("thread.name = {thread}"), ""),
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(one.messages.len(), 1);
    for bad in [
        "create_time = \"2020-01-01T00:00:00Z\"",
        "text = \"x\"",
        "create_time > \"yesterday\"",
        &format!("thread.name = {thread} OR thread.name = {thread}"),
    ] {
        let err = c
            .list_messages(as_("user:2", req(0, String::new(), bad, "")))
            .await
            .unwrap_err();
        assert_eq!(violation_field(&err), "filter", "{bad}");
    }
    assert_eq!(
        violation_field(
            &c.list_messages(as_("user:2", req(0, String::new(), "", "text")))
                .await
                .unwrap_err()
        ),
        "order_by"
    );
}

/// RFC 3339 for a timestamp (UTC), without a date library.
pub(crate) fn chrono_like(secs: i64, nanos: i32) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
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
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:09}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60,
        nanos
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eight_tasks_of_500_messages_give_exactly_4000() {
    let (emu, mut c) = start().await;
    let s = team(&mut c, "Busy").await;
    let mut tasks = Vec::new();
    for t in 0..8 {
        let mut c = c.clone();
        let parent = s.name.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..500 {
                c.create_message(as_(
                    "user:2",
                    CreateMessageRequest {
                        parent: parent.clone(),
                        message: Some(Message {
                            text: format!("{t}-{i}"),
                            ..Default::default()
                        }),
                        ..Default::default()
                    },
                ))
                .await
                .unwrap();
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let mut names = HashSet::new();
    let mut texts = HashSet::new();
    let mut token = String::new();
    loop {
        let page = c
            .list_messages(as_(
                "user:1",
                ListMessagesRequest {
                    parent: s.name.clone(),
                    page_size: 1000,
                    page_token: token,
                    ..Default::default()
                },
            ))
            .await
            .unwrap()
            .into_inner();
        for m in page.messages {
            assert!(names.insert(m.name), "duplicate name");
            assert!(texts.insert(m.text), "duplicate text");
        }
        if page.next_page_token.is_empty() {
            break;
        }
        token = page.next_page_token;
    }
    assert_eq!(names.len(), 4000);
    assert_eq!(emu.snapshot().messages_in(&s.name).count(), 4000);
}

/// `<users/{user}>` in a message's text is a mention: the text reads `@Name`, each mention is
/// a USER_MENTION annotation over it, `formatted_text` keeps the markup, and annotations the
/// client sent are ignored (they are output only). An edit of the text does the same.
#[tokio::test]
async fn mentions_in_text_become_annotations() {
    let emulator = google_chat_grpc::emulator::Emulator::builder()
        .user("bob@example.com", "2", "Bob")
        .start()
        .await
        .unwrap();
    let mut c = google_chat_grpc::proto::chat::v1::chat_service_client::ChatServiceClient::connect(
        emulator.uri(),
    )
    .await
    .unwrap();
    let s = team(&mut c, "Team").await;
    let sent = Message {
        text: "Hi <users/2>, and <users/all>: ünïcode".into(),
        annotations: vec![Annotation {
            r#type: AnnotationType::SlashCommand as i32,
            ..Default::default()
        }],
        ..Default::default()
    };
    let m = c
        .create_message(as_(
            "user:1",
            CreateMessageRequest {
                parent: s.name.clone(),
                message: Some(sent),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(m.text, "Hi @Bob, and @all: ünïcode");
    assert_eq!(m.formatted_text, "Hi <users/2>, and <users/all>: ünïcode");
    let spans: Vec<(Option<i32>, i32, String)> = m
        .annotations
        .iter()
        .map(|a| {
            assert_eq!(a.r#type(), AnnotationType::UserMention);
            let Some(annotation::Metadata::UserMention(u)) = &a.metadata else {
                panic!("{a:?}");
            };
            (
                a.start_index,
                a.length,
                u.user.as_ref().unwrap().name.clone(),
            )
        })
        .collect();
    assert_eq!(
        spans,
        [
            (Some(3), 4, "users/2".to_owned()),
            (Some(13), 4, "users/all".to_owned())
        ]
    );

    let mut edit = m.clone();
    edit.text = "Thanks <users/2>".into();
    let edited = c
        .update_message(as_(
            "user:1",
            UpdateMessageRequest {
                message: Some(edit),
                update_mask: Some(prost_types::FieldMask {
                    paths: vec!["text".into()],
                }),
                allow_missing: false,
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(edited.text, "Thanks @Bob");
    assert_eq!(edited.annotations.len(), 1);
    assert_eq!(edited.annotations[0].start_index, Some(7));
}
