//! Reliability under faults, "nothing lost, nothing doubled": thousands of `CreateMessage`
//! calls from 64 concurrent tasks go through `ChatClient` to the emulator while about 20% of
//! attempts fail with `UNAVAILABLE` (half before the emulator stores the message, half after:
//! the response is lost), the added latency changes at random, and every connection is
//! dropped midway. Every call must end in a success or a typed error, and the emulator must
//! hold exactly one message per successful call, none for a call whose every attempt failed
//! before applying, and never two for one call (the client's `request_id` deduplicates the
//! retry of a lost response).
//!
//! The default run makes 5,000 calls (about 10 s in a debug build on two cores);
//! `RELIABILITY_CALLS=50000 cargo test --release --all-features --test reliability -- faults::`
//! runs a larger one.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use google_chat_grpc::emulator::{Emulator, EmulatorHandle, Fault};
use google_chat_grpc::proto::chat::v1::{
    CreateMessageRequest, Message, SetUpSpaceRequest, Space, space,
};
use google_chat_grpc::retry::{DefaultRetryPolicy, ExponentialBackoff, RetryPolicy};
use google_chat_grpc::{CallOptions, ChatClient, Error, ErrorKind};
use tonic::Code;

/// The status message of the after-apply faults, to tell them apart from the emulator's
/// random (before-apply) failures in a call's history.
const LOST_RESPONSE: &str = "lost response: injected after apply";

fn calls() -> usize {
    std::env::var("RELIABILITY_CALLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5_000)
}

/// What happened to one attempt of a call, as the retry policy saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Attempt {
    /// The emulator's random failure, which strikes before the call touches the state.
    FailedBeforeApply,
    /// A failure after which the message may exist: a lost response, a dropped connection.
    MaybeApplied(String),
}

/// The default policy, recording each failed attempt of one call.
#[derive(Debug, Clone, Default)]
struct RecordingPolicy {
    inner: DefaultRetryPolicy,
    attempts: Arc<Mutex<Vec<Attempt>>>,
}

impl RetryPolicy for RecordingPolicy {
    fn should_retry(&self, error: &Error, attempt: u32) -> bool {
        let message = error.status().map(|s| s.message()).unwrap_or_default();
        let seen = if error.code() == Some(Code::Unavailable)
            && message.starts_with("injected random fault")
        {
            Attempt::FailedBeforeApply
        } else {
            Attempt::MaybeApplied(format!("{error:?}"))
        };
        self.attempts.lock().unwrap().push(seen);
        self.inner.should_retry(error, attempt)
    }
}

/// How one call ended, with the failed attempts before its end.
#[derive(Debug)]
struct Outcome {
    result: Result<Message, Error>,
    attempts: Vec<Attempt>,
}

async fn set_up(emulator: &EmulatorHandle) -> (ChatClient, String) {
    let client = ChatClient::builder()
        .endpoint(emulator.uri())
        .insecure_allow_plaintext()
        .credentials(google_chat_grpc::auth::Credentials::static_token("user:1"))
        .channels(2)
        .timeout(Duration::from_secs(10))
        .backoff(ExponentialBackoff::new(
            Duration::from_millis(2),
            1.5,
            Duration::from_millis(20),
        ))
        .build()
        .await
        .expect("client");
    let space = client
        .send(SetUpSpaceRequest {
            space: Some(Space {
                space_type: space::SpaceType::Space as i32,
                display_name: "Reliability".into(),
                ..Default::default()
            }),
            ..Default::default()
        })
        .await
        .expect("set up space");
    (client, space.name)
}

fn text_of(i: usize) -> String {
    format!("reliability message {i:06}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_lost_nothing_doubled() {
    let total = calls();
    let tasks = 64;
    let emulator = Emulator::builder().start().await.expect("emulator");
    let (client, space) = set_up(&emulator).await;

    // ~10% of attempts fail before the emulator applies them (random, seeded) ...
    emulator
        .faults()
        .set_random_failures(0.10, 0x5eed, Code::Unavailable);
    let done = Arc::new(AtomicBool::new(false));
    let finished = Arc::new(AtomicUsize::new(0));
    // ... and the added latency changes every few milliseconds, between 0 and 3 ms.
    let jitter = {
        let faults = emulator.faults().clone();
        let done = done.clone();
        tokio::spawn(async move {
            let mut rng = fastrand::Rng::with_seed(7);
            while !done.load(Ordering::Relaxed) {
                faults.set_latency(Duration::from_micros(rng.u64(0..3_000)));
                tokio::time::sleep(Duration::from_millis(3)).await;
            }
            faults.set_latency(Duration::ZERO);
        })
    };
    // Every connection is dropped once half the calls are done (and once more later).
    let dropper = {
        let faults = emulator.faults().clone();
        let finished = finished.clone();
        tokio::spawn(async move {
            for mark in [total / 2, total * 3 / 4] {
                while finished.load(Ordering::Relaxed) < mark {
                    tokio::time::sleep(Duration::from_millis(1)).await;
                }
                faults.drop_connections();
            }
        })
    };

    let started = Instant::now();
    let next = Arc::new(AtomicUsize::new(0));
    let mut workers = Vec::new();
    for worker in 0..tasks {
        let client = client.clone();
        let space = space.clone();
        let next = next.clone();
        let finished = finished.clone();
        let faults = emulator.faults().clone();
        workers.push(tokio::spawn(async move {
            let mut rng = fastrand::Rng::with_seed(worker as u64);
            let mut outcomes = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= total {
                    break;
                }
                // ~10% more: the next call that reaches the state is applied, then answered
                // UNAVAILABLE, as if the response had been lost on the way back.
                if rng.f64() < 0.10 {
                    faults.inject(
                        Fault::fail("CreateMessage", Code::Unavailable)
                            .after_apply()
                            .with_message(LOST_RESPONSE),
                    );
                }
                let policy = RecordingPolicy::default();
                let result = client
                    .send_with(
                        CreateMessageRequest {
                            parent: space.clone(),
                            message: Some(Message {
                                text: text_of(i),
                                ..Default::default()
                            }),
                            ..Default::default()
                        },
                        CallOptions::default().with_retry_policy(policy.clone()),
                    )
                    .await;
                finished.fetch_add(1, Ordering::Relaxed);
                let attempts = policy.attempts.lock().unwrap().clone();
                outcomes.push((i, Outcome { result, attempts }));
            }
            outcomes
        }));
    }
    let mut outcomes: HashMap<usize, Outcome> = HashMap::new();
    for worker in workers {
        outcomes.extend(worker.await.expect("worker"));
    }
    let took = started.elapsed();
    done.store(true, Ordering::Relaxed);
    jitter.await.unwrap();
    dropper.await.unwrap();
    emulator.faults().clear();
    assert_eq!(outcomes.len(), total);

    // What the emulator holds, by text.
    let snapshot = emulator.snapshot();
    let mut stored: HashMap<&str, Vec<&Message>> = HashMap::new();
    for m in snapshot.messages_in(&space) {
        stored.entry(m.text.as_str()).or_default().push(m);
    }

    let mut succeeded = 0;
    let mut failed_clean = 0;
    let mut failed_maybe_applied = 0;
    let mut lost_then_deduplicated = 0;
    let mut retried = 0;
    let mut failures: HashMap<String, usize> = HashMap::new();
    for (i, outcome) in &outcomes {
        let text = text_of(*i);
        let copies = stored.get(text.as_str()).map_or(0, Vec::len);
        assert!(
            copies <= 1,
            "call {i} stored {copies} messages: {outcome:?}"
        );
        if !outcome.attempts.is_empty() {
            retried += 1;
        }
        let maybe_applied = outcome
            .attempts
            .iter()
            .any(|a| matches!(a, Attempt::MaybeApplied(_)));
        match &outcome.result {
            Ok(message) => {
                succeeded += 1;
                assert_eq!(copies, 1, "call {i} succeeded but stored nothing");
                assert_eq!(
                    message.name,
                    stored[text.as_str()][0].name,
                    "call {i}: the answer names the stored message"
                );
                assert_eq!(message.text, text);
                if outcome
                    .attempts
                    .iter()
                    .any(|a| matches!(a, Attempt::MaybeApplied(e) if e.contains(LOST_RESPONSE)))
                {
                    lost_then_deduplicated += 1;
                }
            }
            Err(err) => {
                // A typed error, and only one the faults explain.
                assert!(
                    matches!(
                        err.kind(),
                        ErrorKind::Rpc
                            | ErrorKind::RetriesExhausted
                            | ErrorKind::Transport
                            | ErrorKind::Timeout
                    ),
                    "call {i}: {err:?}"
                );
                assert!(err.is_transient(), "call {i}: {err:?}");
                assert!(err.attempts() >= 1, "call {i}: {err:?}");
                *failures
                    .entry(format!("{:?} {:?}", err.kind(), err.code()))
                    .or_insert(0) += 1;
                if maybe_applied {
                    failed_maybe_applied += 1;
                } else {
                    failed_clean += 1;
                    assert_eq!(
                        copies, 0,
                        "call {i} failed before applying every time but stored a message: \
                         {outcome:?}"
                    );
                }
            }
        }
    }
    // Nothing stored that no call asked for.
    let asked: usize = stored.values().map(Vec::len).sum();
    assert_eq!(asked, snapshot.messages_in(&space).count());
    for text in stored.keys() {
        let i: usize = text
            .strip_prefix("reliability message ")
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("unexpected message {text:?}"));
        assert!(outcomes.contains_key(&i));
    }
    let stored_for_failed = asked - succeeded;
    assert!(stored_for_failed <= failed_maybe_applied);

    eprintln!(
        "{total} calls in {took:?}: {succeeded} succeeded ({retried} calls retried, \
         {lost_then_deduplicated} after a lost response), {failed_clean} failed before \
         applying, {failed_maybe_applied} failed after a possible apply \
         ({stored_for_failed} of those stored); failures by kind and code: {failures:?}"
    );
    // The run exercised what it claims to.
    assert!(
        succeeded * 10 >= total * 8,
        "most calls succeed: {succeeded}"
    );
    assert!(
        lost_then_deduplicated > 0,
        "some lost responses were retried"
    );
    assert!(retried > total / 10, "retries happened: {retried}");

    // The emulator still serves.
    client
        .send(CreateMessageRequest {
            parent: space.clone(),
            message: Some(Message {
                text: "after".into(),
                ..Default::default()
            }),
            ..Default::default()
        })
        .await
        .expect("the emulator keeps serving");
    emulator.shutdown().await;
}

/// A call whose connection breaks is retried like `UNAVAILABLE` (the policy's documentation:
/// "retry UNAVAILABLE (which includes broken connections)"), and the retry's `request_id`
/// makes it safe for a create.
#[tokio::test]
async fn a_dropped_connection_is_retried() {
    let emulator = Emulator::builder().start().await.expect("emulator");
    let (client, space) = set_up(&emulator).await;
    emulator
        .faults()
        .inject(Fault::drop_connection("CreateMessage"));
    let result = client
        .send(CreateMessageRequest {
            parent: space.clone(),
            message: Some(Message {
                text: "through a dropped connection".into(),
                ..Default::default()
            }),
            ..Default::default()
        })
        .await;
    let message = result.expect("retried on a new connection");
    assert_eq!(emulator.snapshot().messages_in(&space).count(), 1);
    assert_eq!(message.text, "through a dropped connection");

    // The same when the connection breaks while the call is in flight.
    emulator.faults().set_latency(Duration::from_millis(300));
    let call = {
        let client = client.clone();
        let space = space.clone();
        tokio::spawn(async move {
            client
                .send(CreateMessageRequest {
                    parent: space,
                    message: Some(Message {
                        text: "in flight".into(),
                        ..Default::default()
                    }),
                    ..Default::default()
                })
                .await
        })
    };
    tokio::time::sleep(Duration::from_millis(100)).await;
    emulator.faults().drop_connections();
    emulator.faults().set_latency(Duration::ZERO);
    call.await
        .unwrap()
        .expect("retried after the connection broke");
    assert_eq!(emulator.snapshot().messages_in(&space).count(), 2);
}
