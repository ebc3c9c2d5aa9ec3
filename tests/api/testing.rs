//! The emulator helpers for testing your own code: one-line clients over the loopback port
//! and in memory, as users and as the app, with faults.

use google_chat_grpc::ChatClient;
use google_chat_grpc::emulator::{Emulator, Fault};
use google_chat_grpc::retry::ExponentialBackoff;
use std::time::Duration;
use tonic::Code;

/// What "your code" might be: a function that takes a client.
async fn announce(chat: &ChatClient, space: &str) -> google_chat_grpc::Result<String> {
    Ok(chat.send_text(space, "Deployed").send().await?.name)
}

#[tokio::test]
async fn handle_clients_act_as_the_token_says() {
    let emulator = Emulator::builder()
        .user("alice@example.com", "1001", "Alice")
        .start()
        .await
        .unwrap();
    let alice = emulator.client("user:alice@example.com").await.unwrap();
    let space = alice
        .set_up_space_with("Ops", ["users/bob@example.com"])
        .send()
        .await
        .unwrap();
    alice.add_app(&space.name).send().await.unwrap();
    let by_alice = announce(&alice, &space.name).await.unwrap();

    let app = emulator.app_client().await.unwrap();
    let by_app = announce(&app, &space.name).await.unwrap();

    let snapshot = emulator.snapshot();
    let sender = |name: &str| {
        let m = snapshot.messages.iter().find(|m| m.name == name).unwrap();
        m.sender.clone().unwrap().name
    };
    assert_eq!(sender(&by_alice), "users/1001");
    assert_eq!(sender(&by_app), "users/app");
    emulator.shutdown().await;
}

#[tokio::test]
async fn in_memory_clients_share_one_emulator_and_see_its_faults() {
    let emulator = Emulator::default();
    let alice = emulator
        .connect_in_memory("user:alice@example.com")
        .await
        .unwrap();
    let bob = emulator
        .connect_in_memory("user:bob@example.com")
        .await
        .unwrap();
    let space = alice
        .set_up_space_with("Launch", ["users/bob@example.com"])
        .send()
        .await
        .unwrap();
    // Bob, on his own in-memory connection, sees what Alice made.
    let seen = bob.get_space(&space.name).send().await.unwrap();
    assert_eq!(seen.display_name, "Launch");

    // A fault the retry loop rides out: one UNAVAILABLE, then success.
    emulator
        .faults()
        .inject(Fault::fail("CreateMessage", Code::Unavailable).times(1));
    let quick = ChatClient::builder()
        .credentials(google_chat_grpc::auth::Credentials::static_token(
            "user:alice@example.com",
        ))
        .backoff(ExponentialBackoff::new(
            Duration::from_millis(1),
            1.0,
            Duration::from_millis(2),
        ));
    let alice_quick = emulator.connect_in_memory_with(quick).await.unwrap();
    let name = announce(&alice_quick, &space.name).await.unwrap();
    assert_eq!(emulator.snapshot().messages_in(&space.name).count(), 1);
    assert!(name.starts_with(&space.name));

    // A fault that is not retried surfaces as your code's error.
    emulator
        .faults()
        .inject(Fault::fail("CreateMessage", Code::PermissionDenied));
    let err = announce(&alice, &space.name).await.unwrap_err();
    assert_eq!(err.code(), Some(Code::PermissionDenied));

    // Many calls at once over in-memory HTTP/2.
    let calls = (0..20).map(|i| {
        let alice = alice.clone();
        let space = space.name.clone();
        async move { alice.send_text(space, format!("m{i}")).send().await }
    });
    for result in futures_join_all(calls).await {
        result.unwrap();
    }
    assert_eq!(emulator.snapshot().messages_in(&space.name).count(), 21);
}

#[tokio::test]
async fn in_memory_needs_no_listener_and_a_wrong_token_is_unauthenticated() {
    let emulator = Emulator::default();
    let stranger = emulator.connect_in_memory("nobody").await.unwrap();
    let err = stranger.list_spaces().send().await.unwrap_err();
    assert_eq!(err.code(), Some(Code::Unauthenticated));
}

async fn futures_join_all<F>(futures: impl IntoIterator<Item = F>) -> Vec<F::Output>
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futures.into_iter().map(tokio::spawn).collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}

/// `next()` and `collect_all()` without importing any stream trait (this module imports none).
#[tokio::test]
async fn streams_need_no_trait_import() {
    let emulator = Emulator::default();
    let alice = emulator
        .connect_in_memory("user:alice@example.com")
        .await
        .unwrap();
    let space = alice
        .set_up_space_with("Pages", ["users/bob@example.com"])
        .send()
        .await
        .unwrap();
    for i in 0..30 {
        alice
            .send_text(&space.name, format!("m{i}"))
            .send()
            .await
            .unwrap();
    }
    // The default page size for messages is 25: two pages.
    let pages = alice
        .list_messages(&space.name)
        .by_page()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(
        pages.iter().map(|p| p.messages.len()).collect::<Vec<_>>(),
        [25, 5]
    );
    let mut items = alice
        .list_messages(&space.name)
        .set_page_size(1000)
        .by_item();
    let first = items.next().await.unwrap().unwrap();
    assert_eq!(first.text, "m0");
    let all = alice
        .list_messages(&space.name)
        .set_page_size(1000)
        .by_item()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(all.len(), 30);
    let mut pages = alice.list_messages(&space.name).by_page();
    assert_eq!(pages.next().await.unwrap().unwrap().messages.len(), 25);
}
