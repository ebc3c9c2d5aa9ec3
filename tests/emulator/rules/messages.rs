//! `message.proto`: output-only and input-only fields of a new message, private messages,
//! notification options, and quoting.

use super::*;

fn create(parent: &str, message: Message) -> CreateMessageRequest {
    CreateMessageRequest {
        parent: parent.into(),
        message: Some(message),
        ..Default::default()
    }
}

fn text(t: &str) -> Message {
    Message {
        text: t.into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn output_and_input_only_message_fields_are_not_echoed() {
    let (_emu, mut c) = start().await;
    let s = team(&mut c, "Echo").await;
    let past = Some(prost_types::Timestamp {
        seconds: 1_000_000_000,
        nanos: 0,
    });
    let forged = Message {
        name: format!("{}/messages/forged", s.name),
        sender: Some(User {
            name: "users/3".into(),
            ..Default::default()
        }),
        create_time: past,
        last_update_time: past,
        delete_time: past,
        thread_reply: true,
        silent: true,
        slash_command: Some(SlashCommand { command_id: 7 }),
        matched_url: Some(MatchedUrl {
            url: "https://example.com".into(),
        }),
        attached_gifs: vec![AttachedGif {
            uri: "https://example.com/a.gif".into(),
        }],
        action_response: Some(ActionResponse {
            url: "https://example.com/config".into(),
            ..Default::default()
        }),
        emoji_reaction_summaries: vec![EmojiReactionSummary {
            emoji: None,
            reaction_count: Some(9),
        }],
        deletion_metadata: Some(DeletionMetadata::default()),
        space: Some(Space {
            name: "spaces/elsewhere".into(),
            ..Default::default()
        }),
        ..text("hello")
    };
    let got = c
        .create_message(as_("user:1", create(&s.name, forged)))
        .await
        .unwrap()
        .into_inner();
    let read = c
        .get_message(as_(
            "user:1",
            GetMessageRequest {
                name: got.name.clone(),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    for m in [&got, &read] {
        assert_ne!(m.name, format!("{}/messages/forged", s.name));
        assert_eq!(m.sender.as_ref().unwrap().name, "users/1");
        assert_ne!(m.create_time, past);
        assert_eq!(m.last_update_time, None, "never edited");
        assert_eq!(m.delete_time, None);
        assert!(!m.thread_reply);
        assert!(!m.silent);
        assert_eq!(m.slash_command, None);
        assert_eq!(m.matched_url, None);
        assert!(m.attached_gifs.is_empty());
        assert_eq!(m.action_response, None, "input only");
        assert!(m.emoji_reaction_summaries.is_empty());
        assert_eq!(m.deletion_metadata, None);
        assert_eq!(m.space.as_ref().unwrap().name, s.name);
    }
}

#[tokio::test]
async fn private_messages_and_notification_options_need_app_authentication() {
    let (_emu, mut c) = start().await;
    let s = team(&mut c, "Private").await;
    add_app(&mut c, "user:1", &s.name).await;
    let private = |attachment: Vec<Attachment>| Message {
        private_message_viewer: Some(User {
            name: "users/2".into(),
            ..Default::default()
        }),
        attachment,
        ..text("for your eyes")
    };
    let err = c
        .create_message(as_("user:1", create(&s.name, private(vec![]))))
        .await
        .unwrap_err();
    assert_eq!(violation_field(&err), "message.private_message_viewer");
    // "To include this field ... omit the following: Attachments".
    let drive = Attachment {
        data_ref: Some(attachment::DataRef::DriveDataRef(DriveDataRef {
            drive_file_id: "file-1".into(),
        })),
        ..Default::default()
    };
    let err = c
        .create_message(as_("app", create(&s.name, private(vec![drive]))))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::InvalidArgument);
    assert_eq!(violation_field(&err), "message.attachment");
    c.create_message(as_("app", create(&s.name, private(vec![]))))
        .await
        .unwrap();

    use create_message_notification_options::NotificationType;
    let notify = |kind: NotificationType| CreateMessageRequest {
        create_message_notification_options: Some(CreateMessageNotificationOptions {
            notification_type: kind as i32,
        }),
        ..create(&s.name, text("ping"))
    };
    for kind in [NotificationType::ForceNotify, NotificationType::Silent] {
        let err = c
            .create_message(as_("user:1", notify(kind)))
            .await
            .unwrap_err();
        assert_eq!(
            violation_field(&err),
            "create_message_notification_options.notification_type"
        );
    }
    let quiet = c
        .create_message(as_("app", notify(NotificationType::Silent)))
        .await
        .unwrap()
        .into_inner();
    assert!(quiet.silent, "a SILENT message is a silent message");
    let loud = c
        .create_message(as_("app", notify(NotificationType::ForceNotify)))
        .await
        .unwrap()
        .into_inner();
    assert!(!loud.silent);
    let plain = c
        .create_message(as_("user:1", notify(NotificationType::None)))
        .await
        .unwrap()
        .into_inner();
    assert!(!plain.silent);
}

#[tokio::test]
async fn quotes_follow_the_documented_rules() {
    use quoted_message_metadata::QuoteType;
    let (_emu, mut c) = start().await;
    let s = team(&mut c, "Quotes").await;
    let other = team(&mut c, "Elsewhere").await;
    let root = post(&mut c, "user:2", &s.name, "the root").await;
    let thread = root.thread.clone().unwrap();
    let in_thread = |m: Message| CreateMessageRequest {
        message_reply_option: create_message_request::MessageReplyOption::ReplyMessageOrFail as i32,
        ..create(
            &s.name,
            Message {
                thread: Some(thread.clone()),
                ..m
            },
        )
    };
    let reply = c
        .create_message(as_("user:3", in_thread(text("a reply"))))
        .await
        .unwrap()
        .into_inner();
    let quoting = |m: &Message, kind: QuoteType, body: &str| Message {
        quoted_message_metadata: Some(QuotedMessageMetadata {
            name: m.name.clone(),
            last_update_time: m.last_update_time.or(m.create_time),
            quote_type: kind as i32,
            ..Default::default()
        }),
        ..text(body)
    };

    // A new root message quotes a root message; REPLY is the default quote type.
    let q = c
        .create_message(as_(
            "user:1",
            create(&s.name, quoting(&root, QuoteType::Unspecified, "re: root")),
        ))
        .await
        .unwrap()
        .into_inner();
    let meta = q.quoted_message_metadata.unwrap();
    assert_eq!(meta.name, root.name);
    assert_eq!(meta.quote_type, QuoteType::Reply as i32);
    let snapshot = meta.quoted_message_snapshot.unwrap();
    assert_eq!(snapshot.text, "the root");
    assert!(!snapshot.sender.is_empty());
    assert_eq!(meta.forwarded_metadata, None, "only for FORWARD");

    // In a thread, a reply quotes a message of that thread.
    c.create_message(as_(
        "user:1",
        in_thread(quoting(&reply, QuoteType::Reply, "re: reply")),
    ))
    .await
    .unwrap();

    // "You can't quote a message reply from a different thread" as a REPLY, nor another space.
    for (quoted, field_end) in [
        (&reply, "quote_type"),
        (
            &post(&mut c, "user:1", &other.name, "there").await,
            "quote_type",
        ),
    ] {
        let err = c
            .create_message(as_(
                "user:1",
                create(&s.name, quoting(quoted, QuoteType::Reply, "no")),
            ))
            .await
            .unwrap_err();
        assert_eq!(err.code(), Code::InvalidArgument);
        assert_eq!(
            violation_field(&err),
            format!("message.quoted_message_metadata.{field_end}")
        );
    }

    // FORWARD quotes across threads and spaces, and says where from.
    let there = post(&mut c, "user:1", &other.name, "forward me").await;
    let f = c
        .create_message(as_(
            "user:1",
            create(&s.name, quoting(&there, QuoteType::Forward, "fwd")),
        ))
        .await
        .unwrap()
        .into_inner();
    let fwd = f.quoted_message_metadata.unwrap();
    let from = fwd.forwarded_metadata.unwrap();
    assert_eq!(from.space, other.name);
    assert_eq!(from.space_display_name, "Elsewhere");
    assert_eq!(fwd.quoted_message_snapshot.unwrap().text, "forward me");

    // A stale version of the quoted message fails the request.
    let edited = c
        .update_message(as_(
            "user:2",
            UpdateMessageRequest {
                message: Some(Message {
                    name: root.name.clone(),
                    ..text("the root, edited")
                }),
                update_mask: mask(&["text"]),
                allow_missing: false,
            },
        ))
        .await
        .unwrap()
        .into_inner();
    let err = c
        .create_message(as_(
            "user:1",
            create(&s.name, quoting(&root, QuoteType::Reply, "stale")),
        ))
        .await
        .unwrap_err();
    assert_eq!(
        violation_field(&err),
        "message.quoted_message_metadata.last_update_time"
    );
    let fresh = c
        .create_message(as_(
            "user:1",
            create(&s.name, quoting(&edited, QuoteType::Reply, "fresh")),
        ))
        .await
        .unwrap()
        .into_inner();

    // A message that doesn't exist: NOT_FOUND.
    let mut gone = root.clone();
    gone.name = format!("{}/messages/nope.nope", s.name);
    let err = c
        .create_message(as_(
            "user:1",
            create(&s.name, quoting(&gone, QuoteType::Reply, "?")),
        ))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::NotFound);

    // UpdateMessage can remove a quote, not add or replace one.
    let update = |quote: Option<QuotedMessageMetadata>| {
        as_(
            "user:1",
            UpdateMessageRequest {
                message: Some(Message {
                    name: fresh.name.clone(),
                    quoted_message_metadata: quote,
                    ..text("fresh")
                }),
                update_mask: mask(&["quoted_message_metadata"]),
                allow_missing: false,
            },
        )
    };
    let err = c
        .update_message(update(fresh.quoted_message_metadata.clone()))
        .await
        .unwrap_err();
    assert_eq!(violation_field(&err), "message.quoted_message_metadata");
    let removed = c.update_message(update(None)).await.unwrap().into_inner();
    assert_eq!(removed.quoted_message_metadata, None);
}

#[tokio::test]
async fn thread_keys_message_ids_and_cards_have_their_limits() {
    use create_message_request::MessageReplyOption;
    let (_emu, mut c) = start().await;
    let s = team(&mut c, "Limits").await;
    let keyed = |key: String| CreateMessageRequest {
        message_reply_option: MessageReplyOption::ReplyMessageFallbackToNewThread as i32,
        ..create(
            &s.name,
            Message {
                thread: Some(Thread {
                    name: String::new(),
                    thread_key: key,
                }),
                ..text("keyed")
            },
        )
    };
    // thread_key: up to 4000 characters.
    c.create_message(as_("user:1", keyed("ß".repeat(4000))))
        .await
        .unwrap();
    let err = c
        .create_message(as_("user:1", keyed("ß".repeat(4001))))
        .await
        .unwrap_err();
    assert_eq!(violation_field(&err), "message.thread.thread_key");

    // message_id: `client-`, then up to 63 characters in all.
    let id = |n: usize| CreateMessageRequest {
        message_id: format!("client-{}", "a".repeat(n - "client-".len())),
        ..create(&s.name, text("named"))
    };
    c.create_message(as_("user:1", id(63))).await.unwrap();
    let err = c.create_message(as_("user:1", id(64))).await.unwrap_err();
    assert_eq!(violation_field(&err), "message_id");

    // Cards: app authentication, on create and as update paths.
    let card = Message {
        cards_v2: vec![CardWithId {
            card_id: "c1".into(),
            card: Some(Default::default()),
        }],
        ..text("with a card")
    };
    let err = c
        .create_message(as_("user:1", create(&s.name, card.clone())))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::InvalidArgument);
    let mine = post(&mut c, "user:1", &s.name, "mine").await;
    for path in ["cards", "cards_v2", "accessory_widgets"] {
        let err = c
            .update_message(as_(
                "user:1",
                UpdateMessageRequest {
                    message: Some(Message {
                        name: mine.name.clone(),
                        ..card.clone()
                    }),
                    update_mask: mask(&[path]),
                    allow_missing: false,
                },
            ))
            .await
            .unwrap_err();
        assert_eq!(violation_field(&err), "update_mask", "{path}");
    }
    add_app(&mut c, "user:1", &s.name).await;
    let posted = c
        .create_message(as_("app", create(&s.name, card)))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(posted.cards_v2.len(), 1);
}

#[tokio::test]
async fn only_members_list_and_client_ids_name_messages_for_delete() {
    let (_emu, mut c) = start().await;
    let s = team(&mut c, "Members only").await;
    post(&mut c, "user:1", &s.name, "inside").await;
    let err = c
        .list_messages(as_(
            "user:9",
            ListMessagesRequest {
                parent: s.name.clone(),
                ..Default::default()
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::PermissionDenied);

    let named = c
        .create_message(as_(
            "user:1",
            CreateMessageRequest {
                message_id: "client-to-delete".into(),
                ..create(&s.name, text("bye"))
            },
        ))
        .await
        .unwrap()
        .into_inner();
    c.delete_message(as_(
        "user:1",
        DeleteMessageRequest {
            name: format!("{}/messages/client-to-delete", s.name),
            force: false,
        },
    ))
    .await
    .unwrap();
    let err = c
        .get_message(as_(
            "user:1",
            GetMessageRequest {
                name: named.name,
                ..Default::default()
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::NotFound);
}
