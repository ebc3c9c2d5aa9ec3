//! Soak: 200,000 mixed calls (GetMessage, GetSpace, CreateMessage, ListMessages pages of 50)
//! at concurrency 256 through one `ChatClient` against the `chat-emulator` binary, run as a
//! separate process so that what grows in the emulator (every created message) does not
//! count against the client. The emulator fails 1% of calls with an injected `UNAVAILABLE`;
//! every call must succeed or fail with one of those, and the client process's resident
//! memory (`VmRSS` in `/proc/self/status`) must stay within 10% of what it was after the
//! warm-up (the first 10% of the calls).
//!
//! The full run is ignored in `cargo test` (about 6 s in release on two cores, far longer in
//! debug); run it with `scripts/soak.sh`. A 4,000-call version without the memory check runs
//! by default, so the soak's code keeps working.

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use google_chat_grpc::proto::chat::v1::*;
use google_chat_grpc::retry::{DefaultRetryPolicy, ExponentialBackoff, RetryPolicy};
use google_chat_grpc::{ChatClient, Error};

/// The emulator as a child process, killed when dropped.
struct EmulatorProcess {
    child: Child,
    uri: String,
}

impl EmulatorProcess {
    async fn start(failure_rate: f64) -> Self {
        // A free port: bind, read it, let go (the emulator binds it a moment later).
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(env!("CARGO_BIN_EXE_chat-emulator"))
            .args(["--host", "127.0.0.1", "--port", &port.to_string()])
            .args(["--failure-rate", &failure_rate.to_string()])
            .args(["--failure-seed", "42", "--failure-code", "UNAVAILABLE"])
            .args(["--log-level", "error"])
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("chat-emulator starts");
        let uri = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        while tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_err()
        {
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "chat-emulator did not listen"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        EmulatorProcess { child, uri }
    }
}

impl Drop for EmulatorProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Resident memory of this process, in KiB.
fn rss_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS")
}

/// The default policy, counting the injected failures it sees (so the run shows that the
/// emulator did fail calls, and that they were retried).
#[derive(Debug, Clone, Default)]
struct CountingPolicy {
    inner: DefaultRetryPolicy,
    injected: Arc<AtomicUsize>,
}

impl RetryPolicy for CountingPolicy {
    fn should_retry(&self, error: &Error, attempt: u32) -> bool {
        if is_injected(error) {
            self.injected.fetch_add(1, Ordering::Relaxed);
        }
        self.inner.should_retry(error, attempt)
    }
}

/// Whether a failure is one the emulator injected (possibly after retries).
fn is_injected(err: &Error) -> bool {
    err.code() == Some(tonic::Code::Unavailable)
        && err
            .status()
            .is_some_and(|s| s.message().contains("injected"))
}

async fn space(client: &ChatClient, name: &str) -> String {
    // Set-up calls retry through the injected failures like any other.
    client
        .send(SetUpSpaceRequest {
            space: Some(Space {
                space_type: space::SpaceType::Space as i32,
                display_name: name.into(),
                ..Default::default()
            }),
            ..Default::default()
        })
        .await
        .expect("set up space")
        .name
}

fn post(space: &str, text: String) -> CreateMessageRequest {
    CreateMessageRequest {
        parent: space.to_owned(),
        message: Some(Message {
            text,
            ..Default::default()
        }),
        ..Default::default()
    }
}

struct Report {
    calls: usize,
    took: Duration,
    injected_failures: usize,
    injected_attempts: usize,
    rss_after_warm_up: u64,
    rss_samples: Vec<u64>,
}

async fn soak(calls: usize, concurrency: usize) -> Report {
    let emulator = EmulatorProcess::start(0.01).await;
    let policy = CountingPolicy::default();
    let client = ChatClient::builder()
        .retry_policy(policy.clone())
        .endpoint(emulator.uri.clone())
        .insecure_allow_plaintext()
        .credentials(google_chat_grpc::auth::Credentials::static_token("user:1"))
        .channels(4)
        .timeout(Duration::from_secs(20))
        .backoff(ExponentialBackoff::new(
            Duration::from_millis(1),
            2.0,
            Duration::from_millis(20),
        ))
        .build()
        .await
        .unwrap();
    let inbox = space(&client, "Soak inbox").await;
    let library = space(&client, "Soak library").await;
    let mut messages = Vec::new();
    for i in 0..100 {
        messages.push(
            client
                .send(post(&library, format!("library {i}")))
                .await
                .unwrap()
                .name,
        );
    }
    let messages = Arc::new(messages);

    let warm_up = calls / 10;
    let next = Arc::new(AtomicUsize::new(0));
    let done = Arc::new(AtomicUsize::new(0));
    let injected = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let monitor = {
        let done = done.clone();
        tokio::spawn(async move {
            let mut after_warm_up = None;
            let mut samples = Vec::new();
            let step = (calls / 20).max(1);
            let mut mark = warm_up;
            while done.load(Ordering::Relaxed) < calls {
                if done.load(Ordering::Relaxed) >= mark {
                    let rss = rss_kib();
                    after_warm_up.get_or_insert(rss);
                    samples.push(rss);
                    mark += step;
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            samples.push(rss_kib());
            (after_warm_up.unwrap_or(samples[0]), samples)
        })
    };
    let mut workers = Vec::new();
    for _ in 0..concurrency {
        let (client, next, done, injected) =
            (client.clone(), next.clone(), done.clone(), injected.clone());
        let (inbox, library, messages) = (inbox.clone(), library.clone(), messages.clone());
        workers.push(tokio::spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= calls {
                    break;
                }
                let result = match i % 10 {
                    0..=4 => client
                        .send(GetMessageRequest {
                            name: messages[i % messages.len()].clone(),
                            ..Default::default()
                        })
                        .await
                        .map(drop),
                    5 | 6 => client
                        .send(GetSpaceRequest {
                            name: library.clone(),
                            ..Default::default()
                        })
                        .await
                        .map(drop),
                    7 | 8 => client
                        .send(post(&inbox, format!("soak {i}")))
                        .await
                        .map(drop),
                    _ => client
                        .send(ListMessagesRequest {
                            parent: library.clone(),
                            page_size: 50,
                            ..Default::default()
                        })
                        .await
                        .map(|page| assert_eq!(page.messages.len(), 50)),
                };
                if let Err(err) = result {
                    assert!(
                        is_injected(&err),
                        "call {i}: not an injected failure: {err:?}"
                    );
                    injected.fetch_add(1, Ordering::Relaxed);
                }
                done.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    for w in workers {
        w.await.expect("worker");
    }
    let took = started.elapsed();
    let (rss_after_warm_up, rss_samples) = monitor.await.unwrap();
    Report {
        calls,
        took,
        injected_failures: injected.load(Ordering::Relaxed),
        injected_attempts: policy.injected.load(Ordering::Relaxed),
        rss_after_warm_up,
        rss_samples,
    }
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "soak: 200,000 calls, meant for a release build; run scripts/soak.sh"]
async fn soak_200k_mixed_calls_at_concurrency_256() {
    let report = soak(200_000, 256).await;
    let last = *report.rss_samples.last().unwrap();
    let peak = *report.rss_samples.iter().max().unwrap();
    eprintln!(
        "{} calls in {:?} ({:.0} calls/s), {} attempts failed by injection, {} calls failed \
         with injected errors; RSS after warm-up {} KiB, at the end {} KiB, peak {} KiB; \
         samples {:?}",
        report.calls,
        report.took,
        report.calls as f64 / report.took.as_secs_f64(),
        report.injected_attempts,
        report.injected_failures,
        report.rss_after_warm_up,
        last,
        peak,
        report.rss_samples
    );
    assert!(
        report.injected_attempts > 0,
        "the emulator injected failures"
    );
    assert!(
        last * 100 <= report.rss_after_warm_up * 110,
        "RSS grew more than 10% after warm-up: {} -> {last} KiB",
        report.rss_after_warm_up
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn soak_smoke_4k_calls() {
    let report = soak(4_000, 64).await;
    eprintln!(
        "{} calls in {:?}, {} attempts failed by injection, {} calls failed with injected errors",
        report.calls, report.took, report.injected_attempts, report.injected_failures
    );
    assert!(
        report.injected_attempts > 0,
        "the emulator injected failures"
    );
    assert!(!report.rss_samples.is_empty());
}
