//! The task helpers end to end, against the emulator: each one-liner does what it says.

use google_chat_grpc::ChatClient;
use google_chat_grpc::auth::Credentials;
use google_chat_grpc::emulator::{Emulator, EmulatorHandle};
use google_chat_grpc::proto::apps::card::v1::{Card, Widget, card};
use google_chat_grpc::proto::chat::v1::membership;
use tokio_stream::StreamExt as _;

async fn start() -> (EmulatorHandle, ChatClient) {
    let emulator = Emulator::builder()
        .user("alice@example.com", "1001", "Alice")
        .user("bob@example.com", "1002", "Bob")
        .user("carol@example.com", "1003", "Carol")
        .start()
        .await
        .unwrap();
    let client = as_user(&emulator, "alice@example.com").await;
    (emulator, client)
}

async fn as_user(emulator: &EmulatorHandle, user: &str) -> ChatClient {
    ChatClient::builder()
        .endpoint(emulator.uri())
        .insecure_allow_plaintext()
        .credentials(Credentials::static_token(format!("user:{user}")))
        .build()
        .await
        .unwrap()
}

#[tokio::test]
async fn messaging_one_liners() {
    let (_emulator, chat) = start().await;
    let space = chat
        .set_up_space_with("Team", ["users/bob@example.com"])
        .send()
        .await
        .unwrap();
    assert_eq!(space.display_name, "Team");

    let hello = chat.send_text(&space.name, "hello").send().await.unwrap();
    assert_eq!(hello.text, "hello");
    let thread = hello.thread.clone().unwrap().name;

    let reply = chat
        .reply_in_thread(&space.name, &thread, "reply")
        .send()
        .await
        .unwrap();
    assert_eq!(reply.thread.unwrap().name, thread);
    assert!(reply.thread_reply);

    let keyed_1 = chat
        .send_text_in_keyed_thread(&space.name, "deploys", "one")
        .send()
        .await
        .unwrap();
    let keyed_2 = chat
        .send_text_in_keyed_thread(&space.name, "deploys", "two")
        .send()
        .await
        .unwrap();
    assert_eq!(keyed_1.thread.unwrap().name, keyed_2.thread.unwrap().name);

    let card = Card {
        header: Some(card::CardHeader {
            title: "Build".into(),
            ..Default::default()
        }),
        sections: vec![card::Section {
            widgets: vec![Widget::text_paragraph("green")],
            ..Default::default()
        }],
        ..Default::default()
    };
    // Cards need app authentication.
    let app = ChatClient::builder()
        .endpoint(_emulator.uri())
        .insecure_allow_plaintext()
        .credentials(Credentials::static_token("app"))
        .build()
        .await
        .unwrap();
    chat.add_app(&space.name).send().await.unwrap();
    let carded = app
        .send_card(&space.name, "build", card.clone(), "Build: green")
        .send()
        .await
        .unwrap();
    assert_eq!(carded.cards_v2[0].card_id, "build");
    assert_eq!(carded.cards_v2[0].card, Some(card));
    assert_eq!(carded.fallback_text, "Build: green");

    chat.react(&hello.name, "🎉").send().await.unwrap();
    let reacted = chat.get_message(&hello.name).send().await.unwrap();
    let summary = &reacted.emoji_reaction_summaries[0];
    assert_eq!(summary.emoji.as_ref().unwrap().as_unicode(), Some("🎉"));
    assert_eq!(summary.reaction_count, Some(1));

    let read = chat.mark_space_read(&space.name).await.unwrap();
    assert_eq!(
        read.name,
        format!("users/1001/spaces/{}/spaceReadState", &space.name[7..])
    );
    assert!(read.last_read_time.is_some());
}

#[tokio::test]
async fn membership_one_liners() {
    let (emulator, chat) = start().await;
    let space = chat
        .set_up_space_with("Team", ["users/bob@example.com"])
        .send()
        .await
        .unwrap();

    let carol = chat
        .add_user(&space.name, "users/carol@example.com")
        .send()
        .await
        .unwrap();
    assert_eq!(carol.user().unwrap().name, "users/1003");
    let group = chat
        .add_group(&space.name, "groups/eng")
        .send()
        .await
        .unwrap();
    assert_eq!(group.group().unwrap().name, "groups/eng");
    let app = chat.add_app(&space.name).send().await.unwrap();
    assert_eq!(
        app.user().unwrap().r#type(),
        google_chat_grpc::proto::chat::v1::user::Type::Bot
    );

    // Removing by the email alias, and the app by the `app` alias as the app itself.
    let removed = chat
        .remove_member(format!("{}/members/carol@example.com", space.name))
        .send()
        .await
        .unwrap();
    assert_eq!(removed.state(), membership::MembershipState::NotAMember);
    let as_app = ChatClient::builder()
        .endpoint(emulator.uri())
        .insecure_allow_plaintext()
        .credentials(Credentials::static_token("app"))
        .build()
        .await
        .unwrap();
    let gone = as_app
        .remove_member(format!("{}/members/app", space.name))
        .send()
        .await
        .unwrap();
    assert_eq!(gone.state(), membership::MembershipState::NotAMember);

    let list = |show_groups: bool| {
        chat.list_memberships(&space.name)
            .set_show_groups(show_groups)
            .by_item()
            .map(|m| m.unwrap().name)
            .collect::<Vec<String>>()
    };
    assert_eq!(
        list(false).await.len(),
        2,
        "alice and bob; groups only when asked"
    );
    assert_eq!(list(true).await.len(), 3, "alice, bob and the group");
}

#[tokio::test]
async fn find_dm_finds_the_direct_message() {
    let (emulator, chat) = start().await;
    let none = chat
        .find_dm("users/bob@example.com")
        .send()
        .await
        .unwrap_err();
    assert_eq!(none.code(), Some(tonic::Code::NotFound));

    let dm = chat
        .set_up_space()
        .set_space(google_chat_grpc::proto::chat::v1::Space {
            space_type: google_chat_grpc::proto::chat::v1::space::SpaceType::DirectMessage.into(),
            ..Default::default()
        })
        .set_memberships([google_chat_grpc::proto::chat::v1::Membership::for_user(
            "users/bob@example.com",
        )])
        .send()
        .await
        .unwrap();
    assert_eq!(
        chat.find_dm("users/bob@example.com")
            .send()
            .await
            .unwrap()
            .name,
        dm.name
    );
    // And from Bob's side, by Alice's ID.
    let bob = as_user(&emulator, "bob@example.com").await;
    assert_eq!(
        bob.find_dm("users/1001").send().await.unwrap().name,
        dm.name
    );
}

#[tokio::test]
async fn create_message_builder_reaches_into_the_message() {
    use google_chat_grpc::proto::chat::v1::create_message_request::MessageReplyOption;

    let (_emulator, chat) = start().await;
    let space = chat
        .set_up_space_with("Builders", ["users/bob@example.com"])
        .send()
        .await
        .unwrap();

    // The issue's own example: text and a thread key on the builder, no Message by hand.
    let first = chat
        .create_message(&space.name)
        .set_text("deploy 1 finished")
        .set_thread_key("deploys")
        .send()
        .await
        .unwrap();
    let second = chat
        .create_message(&space.name)
        .set_thread_key("deploys")
        .set_text("deploy 2 finished")
        .send()
        .await
        .unwrap();
    assert_eq!(first.text, "deploy 1 finished");
    assert_eq!(second.text, "deploy 2 finished");
    let thread = first.thread.unwrap().name;
    assert_eq!(second.thread.as_ref().unwrap().name, thread);
    assert!(second.thread_reply);

    // By thread name, into the same thread.
    let third = chat
        .create_message(&space.name)
        .set_text("by name")
        .set_thread_name(&thread)
        .send()
        .await
        .unwrap();
    assert_eq!(third.thread.unwrap().name, thread);

    // A reply option set by the caller is kept, before or after the thread.
    let builder = chat
        .create_message(&space.name)
        .set_message_reply_option(MessageReplyOption::ReplyMessageOrFail)
        .set_thread_key("k");
    assert_eq!(
        builder.request().message_reply_option(),
        MessageReplyOption::ReplyMessageOrFail
    );
    // Without a thread, nothing but the text is set.
    let plain = chat.create_message(&space.name).set_text("plain");
    assert_eq!(
        plain.request().message_reply_option(),
        MessageReplyOption::Unspecified
    );
    assert!(plain.request().message.as_ref().unwrap().thread.is_none());
}

#[tokio::test]
async fn mentions_are_written_in_the_text() {
    use google_chat_grpc::text::{MENTION_ALL, mention};
    let (_emulator, chat) = start().await;
    let space = chat
        .set_up_space_with("Team", ["users/bob@example.com"])
        .send()
        .await
        .unwrap();
    let text = format!("{} please review {MENTION_ALL}", mention("users/1002"));
    let posted = chat.send_text(&space.name, &text).send().await.unwrap();
    // Chat keeps the markup in formatted_text and answers each mention with an annotation.
    assert_eq!(
        posted.formatted_text,
        "<users/1002> please review <users/all>"
    );
    assert_eq!(posted.annotations.len(), 2);
    assert!(
        posted.text.ends_with(" please review @all"),
        "{}",
        posted.text
    );
    assert_eq!(mention("1002"), mention("users/1002"));
}

#[tokio::test]
async fn an_app_creates_a_space_with_the_customer_set_for_it() {
    let emulator = Emulator::default();
    let app = emulator.connect_in_memory("app").await.unwrap();
    // What the one-liner saves: without `customer`, app authentication is refused.
    let err = app
        .create_space()
        .set_space(google_chat_grpc::proto::chat::v1::Space {
            display_name: "Bare".into(),
            space_type: google_chat_grpc::proto::chat::v1::space::SpaceType::Space.into(),
            ..Default::default()
        })
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(tonic::Code::InvalidArgument), "{err}");
    let space = app.create_space_as_app("Incident 42").send().await.unwrap();
    assert_eq!(space.display_name, "Incident 42");
    assert_eq!(space.customer.as_deref(), Some("customers/my_customer"));
}
