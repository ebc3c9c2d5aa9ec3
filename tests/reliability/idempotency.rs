//! What a retry can do, per method class (`Idempotency`), against the emulator's
//! lost-response fault: the emulator applies the call, then answers `UNAVAILABLE`.
//!
//! - A create without `request_id` or a natural key (`CreateSection`) is not retried after
//!   such an attempt: one section, and an error saying the call may have applied.
//! - Keyed creates (`CreateReaction`, `CreateMembership`, `CreateCustomEmoji`) are retried,
//!   and their `ALREADY_EXISTS` turns into the resource the first attempt made.
//! - Deletes are retried, and their `NOT_FOUND` into success; `CompleteImportSpace`'s
//!   `FAILED_PRECONDITION` into the completed space.
//! - The same answers to a first attempt stay the caller's errors.
//! - A failed create carries its `request_id`, and a refused connection is retried even for
//!   a method that is not idempotent.

use std::time::{Duration, SystemTime};

use google_chat_grpc::auth::Credentials;
use google_chat_grpc::emulator::{Emulator, EmulatorHandle, Fault};
use google_chat_grpc::proto::chat::v1::{
    CustomEmoji, MessagePin, Section, Space, custom_emoji, membership, section, space,
};
use google_chat_grpc::retry::{DefaultRetryPolicy, ExponentialBackoff};
use google_chat_grpc::{ChatClient, ClientBuilder, Idempotency, RPCS};
use tonic::Code;

fn builder(uri: String, token: &str) -> ClientBuilder {
    ChatClient::builder()
        .endpoint(uri)
        .insecure_allow_plaintext()
        .credentials(Credentials::static_token(token))
        .backoff(ExponentialBackoff::new(
            Duration::from_millis(1),
            1.3,
            Duration::from_millis(5),
        ))
}

async fn start() -> (EmulatorHandle, ChatClient, Space) {
    let emulator = Emulator::builder().start().await.unwrap();
    let client = builder(emulator.uri(), "user:1").build().await.unwrap();
    let space = client
        .set_up_space_with("Retries", ["users/2"])
        .send()
        .await
        .unwrap();
    (emulator, client, space)
}

/// The next call of `method` takes effect, and its answer is lost.
fn lose_the_answer(emulator: &EmulatorHandle, method: &str) {
    emulator.faults().inject(
        Fault::fail(method, Code::Unavailable)
            .with_message("lost response")
            .after_apply(),
    );
}

fn section(name: &str) -> Section {
    Section {
        display_name: name.into(),
        r#type: section::SectionType::CustomSection as i32,
        ..Default::default()
    }
}

fn emoji(name: &str) -> CustomEmoji {
    CustomEmoji {
        emoji_name: name.into(),
        payload: Some(custom_emoji::CustomEmojiPayload {
            file_content: vec![0x89; 64],
            filename: "e.png".into(),
        }),
        ..Default::default()
    }
}

#[test]
fn every_method_has_its_class() {
    let of = |name: &str| RPCS.iter().find(|r| r.name == name).unwrap().idempotency;
    for name in ["CreateSection", "UploadAttachment"] {
        assert_eq!(of(name), Idempotency::NotIdempotent, "{name}");
    }
    for name in ["CreateMessage", "CreateSpace", "SetUpSpace"] {
        assert_eq!(of(name), Idempotency::RequestId, "{name}");
    }
    for rpc in RPCS.iter().filter(|r| r.name.starts_with("Delete")) {
        assert_eq!(rpc.idempotency, Idempotency::Reconciled, "{}", rpc.name);
    }
    for rpc in RPCS
        .iter()
        .filter(|r| r.name.starts_with("Get") || r.name.starts_with("List"))
    {
        assert_eq!(rpc.idempotency, Idempotency::Repeatable, "{}", rpc.name);
    }
}

#[tokio::test]
async fn an_unkeyed_create_is_not_retried_after_an_attempt_that_may_have_applied() {
    let (emulator, client, _) = start().await;
    lose_the_answer(&emulator, "CreateSection");
    let err = client
        .create_section("users/me")
        .set_section(section("Customers"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(Code::Unavailable), "{err}");
    assert_eq!(err.attempts(), 1, "not retried: {err}");
    assert!(err.may_have_applied());

    let sections = client
        .list_sections("users/me")
        .send()
        .await
        .unwrap()
        .sections;
    let customers = sections
        .iter()
        .filter(|s| s.display_name == "Customers")
        .count();
    assert_eq!(customers, 1, "exactly the one the lost attempt made");
}

#[tokio::test]
async fn keyed_creates_answer_with_what_the_lost_attempt_made() {
    let (emulator, client, space) = start().await;
    let message = client
        .send_text(&space.name, "ship it")
        .send()
        .await
        .unwrap();

    lose_the_answer(&emulator, "CreateReaction");
    let reaction = client.react(&message.name, "🚀").send().await.unwrap();
    let listed = client
        .list_reactions(&message.name)
        .send()
        .await
        .unwrap()
        .reactions;
    assert_eq!(listed.len(), 1);
    assert_eq!(reaction.name, listed[0].name);

    lose_the_answer(&emulator, "CreateMembership");
    let member = client
        .add_user(&space.name, "users/3")
        .send()
        .await
        .unwrap();
    assert_eq!(member.name, format!("{}/members/3", space.name));
    assert_eq!(member.state(), membership::MembershipState::Joined);

    lose_the_answer(&emulator, "CreateCustomEmoji");
    let created = client
        .create_custom_emoji()
        .set_custom_emoji(emoji(":shipit:"))
        .send()
        .await
        .unwrap();
    assert_eq!(created.emoji_name, ":shipit:");
    let all = client
        .list_custom_emojis()
        .send()
        .await
        .unwrap()
        .custom_emojis;
    assert_eq!(all.iter().filter(|e| e.emoji_name == ":shipit:").count(), 1);
    assert_eq!(all[0].name, created.name);

    // Pins are retried only when the call asks (Google's config), then reconciled too.
    lose_the_answer(&emulator, "CreateMessagePin");
    let pin = client
        .create_message_pin(&space.name)
        .set_message_pin(MessagePin {
            message: message.name.clone(),
            ..Default::default()
        })
        .with_retry_policy(DefaultRetryPolicy::default())
        .send()
        .await
        .unwrap();
    let pins = client
        .list_message_pins(&space.name)
        .send()
        .await
        .unwrap()
        .message_pins;
    assert_eq!(pins, [pin]);
}

#[tokio::test]
async fn deletes_succeed_when_the_lost_attempt_deleted() {
    let (emulator, client, space) = start().await;
    let message = client.send_text(&space.name, "bye").send().await.unwrap();
    let reaction = client.react(&message.name, "👋").send().await.unwrap();
    let section = client
        .create_section("users/me")
        .set_section(section("Old"))
        .send()
        .await
        .unwrap();
    let emoji = client
        .create_custom_emoji()
        .set_custom_emoji(emoji(":old:"))
        .send()
        .await
        .unwrap();

    lose_the_answer(&emulator, "DeleteReaction");
    client.delete_reaction(&reaction.name).send().await.unwrap();
    lose_the_answer(&emulator, "DeleteMessage");
    client.delete_message(&message.name).send().await.unwrap();
    lose_the_answer(&emulator, "DeleteSection");
    client.delete_section(&section.name).send().await.unwrap();
    lose_the_answer(&emulator, "DeleteCustomEmoji");
    client
        .delete_custom_emoji(&emoji.name)
        .send()
        .await
        .unwrap();
    lose_the_answer(&emulator, "DeleteMembership");
    let removed = client
        .remove_member(format!("{}/members/2", space.name))
        .send()
        .await
        .unwrap();
    assert_eq!(removed.state(), membership::MembershipState::NotAMember);
    lose_the_answer(&emulator, "DeleteSpace");
    client.delete_space(&space.name).send().await.unwrap();

    let err = client.get_space(&space.name).send().await.unwrap_err();
    assert_eq!(err.code(), Some(Code::NotFound));
    let err = client
        .get_custom_emoji(&emoji.name)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(Code::NotFound));
}

#[tokio::test]
async fn complete_import_space_answers_with_the_completed_space() {
    let (emulator, client, _) = start().await;
    let past = SystemTime::now() - Duration::from_secs(86_400);
    let imported = client
        .create_space()
        .set_space(Space {
            space_type: space::SpaceType::Space as i32,
            display_name: "Legacy".into(),
            import_mode: true,
            create_time: Some(past.into()),
            ..Default::default()
        })
        .send()
        .await
        .unwrap();
    lose_the_answer(&emulator, "CompleteImportSpace");
    let done = client
        .complete_import_space(&imported.name)
        .send()
        .await
        .unwrap();
    let space = done.space.unwrap();
    assert_eq!(space.name, imported.name);
    assert!(!space.import_mode);
}

/// Only a repeat of the same call is reconciled: the same answers to a first attempt are
/// the caller's own errors.
#[tokio::test]
async fn a_first_attempts_already_exists_or_not_found_stays_an_error() {
    let (_emulator, client, space) = start().await;
    let message = client.send_text(&space.name, "once").send().await.unwrap();
    client.react(&message.name, "👍").send().await.unwrap();
    let err = client.react(&message.name, "👍").send().await.unwrap_err();
    assert_eq!(err.code(), Some(Code::AlreadyExists), "{err}");
    assert!(!err.may_have_applied());

    client.delete_message(&message.name).send().await.unwrap();
    let err = client
        .delete_message(&message.name)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(Code::NotFound), "{err}");
}

/// A reconcile that cannot tell the caller's reaction from another user's keeps the error.
#[tokio::test]
async fn an_ambiguous_reaction_keeps_the_already_exists() {
    let (emulator, client, space) = start().await;
    let message = client.send_text(&space.name, "vote").send().await.unwrap();
    let bob = builder(emulator.uri(), "user:2").build().await.unwrap();
    bob.react(&message.name, "👍").send().await.unwrap();
    lose_the_answer(&emulator, "CreateReaction");
    let err = client.react(&message.name, "👍").send().await.unwrap_err();
    assert_eq!(err.code(), Some(Code::AlreadyExists), "{err}");
    assert!(err.may_have_applied(), "the first attempt may have applied");
    let listed = client
        .list_reactions(&message.name)
        .send()
        .await
        .unwrap()
        .reactions;
    assert_eq!(listed.len(), 2, "one reaction each, none doubled");
}

#[tokio::test]
async fn a_failed_create_carries_its_request_id_for_a_safe_retry_later() {
    let (emulator, client, space) = start().await;
    emulator
        .faults()
        .inject(Fault::fail("CreateMessage", Code::Unavailable).always());
    let err = client
        .send_text(&space.name, "later")
        .with_deadline(Duration::from_millis(300))
        .send()
        .await
        .unwrap_err();
    let id = err
        .request_id()
        .expect("the generated request_id")
        .to_owned();
    assert!(uuid::Uuid::parse_str(&id).is_ok(), "{id}");
    emulator.faults().clear();

    let first = client
        .send_text(&space.name, "later")
        .set_request_id(&id)
        .send()
        .await
        .unwrap();
    let again = client
        .send_text(&space.name, "later")
        .set_request_id(&id)
        .send()
        .await
        .unwrap();
    assert_eq!(first.name, again.name);
    let texts = client
        .list_messages(&space.name)
        .send()
        .await
        .unwrap()
        .messages
        .into_iter()
        .filter(|m| m.text == "later")
        .count();
    assert_eq!(texts, 1);
}

/// A refused connection provably never reached a server: even a create that is not
/// idempotent is retried, and lands once the server is up.
#[tokio::test]
async fn a_refused_connection_is_retried_even_for_an_unkeyed_create() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    // Attempts enough to outlast a slow start on a loaded machine; the deadline bounds it.
    let client = builder(format!("http://{addr}"), "user:1")
        .deadline(Duration::from_secs(10))
        .retry_policy(DefaultRetryPolicy::default().with_max_attempts(200))
        .backoff(ExponentialBackoff::new(
            Duration::from_millis(50),
            1.0,
            Duration::from_millis(50),
        ))
        .build()
        .await
        .unwrap();
    let late = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(200)).await;
        Emulator::builder().addr(addr).start().await.unwrap()
    });
    let created = client
        .create_section("users/me")
        .set_section(section("Later"))
        .send()
        .await
        .unwrap();
    assert_eq!(created.display_name, "Later");
    let emulator = late.await.unwrap();
    let sections = emulator
        .emulator()
        .snapshot()
        .sections
        .into_iter()
        .filter(|s| s.display_name == "Later")
        .count();
    assert_eq!(sections, 1);
}
