//! A bulk job under Chat's usage limits: 1,200 messages across 10 spaces, all started at
//! once, against the emulator enforcing the published limits over a 1 s window (the same
//! counts as per minute, 60 times faster), (a) unpaced with the opt-in RESOURCE_EXHAUSTED
//! retry, (b) paced with `ClientBuilder::pace_to_quotas`. For each: the RESOURCE_EXHAUSTED
//! answers the emulator gave (counted from its per-call log events), the total time, and
//! that time over the theoretical minimum. A third run with nothing enforced shows what the
//! job itself costs on this machine, which no pacing can save.
//!
//! ```sh
//! cargo bench --all-features --bench quotas
//! ```
//!
//! The minimum: each space takes 120 messages at 60 writes per any 1 s window, so its last
//! message cannot be admitted less than (ceil(120 / 60) - 1) x 1 s = 1 s after its first;
//! the project's 3,000 message writes per window do not bind. A plain harness
//! (`harness = false`): 5 rounds per case on a fresh emulator, median printed; about 25 s.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use google_chat_grpc::ChatClient;
use google_chat_grpc::auth::Credentials;
use google_chat_grpc::emulator::{Emulator, EmulatorHandle};
use google_chat_grpc::quotas::{Quota, QuotaLimits};
use google_chat_grpc::retry::DefaultRetryPolicy;

const SPACES: usize = 10;
const MESSAGES: usize = 1_200;
const WINDOW: Duration = Duration::from_secs(1);
const ROUNDS: usize = 5;

/// Counts the emulator's call events answered `RESOURCE_EXHAUSTED`: the one place every
/// refusal is seen, retried or not.
struct RefusalCounter(Arc<AtomicU64>);

struct CodeField(bool);

impl tracing::field::Visit for CodeField {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        if field.name() == "code" && format!("{value:?}") == "ResourceExhausted" {
            self.0 = true;
        }
    }
}

impl tracing::Subscriber for RefusalCounter {
    fn enabled(&self, metadata: &tracing::Metadata<'_>) -> bool {
        metadata.target() == "chat_emulator"
    }
    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let mut code = CodeField(false);
        event.record(&mut code);
        if code.0 {
            self.0.fetch_add(1, Ordering::Relaxed);
        }
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

/// The three runs of the job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Case {
    /// The emulator enforces nothing: what the job costs without limits, for scale.
    NoLimits,
    /// Limits enforced, the client retries `RESOURCE_EXHAUSTED` (opt-in).
    Unpaced,
    /// Limits enforced, the client paces itself.
    Paced,
}

fn limits() -> QuotaLimits {
    QuotaLimits::published().with_window(WINDOW)
}

/// A fresh emulator with the ten spaces, set up by a client of their own.
async fn emulator(enforced: bool) -> (EmulatorHandle, Vec<String>) {
    let builder = Emulator::builder();
    let builder = if enforced {
        builder.quota_limits(limits())
    } else {
        builder
    };
    let emulator = builder.start().await.unwrap();
    let setup = client(&emulator, false).await;
    let mut spaces = Vec::new();
    for i in 0..SPACES {
        let space = setup
            .set_up_space_with(format!("Bulk {i}"), Vec::<String>::new())
            .send()
            .await
            .unwrap();
        spaces.push(space.name);
    }
    // The setups' windows (space writes and creations) play no part in the job.
    emulator.advance_clock(WINDOW);
    (emulator, spaces)
}

async fn client(emulator: &EmulatorHandle, paced: bool) -> ChatClient {
    let builder = ChatClient::builder()
        .endpoint(emulator.uri())
        .insecure_allow_plaintext()
        .credentials(Credentials::static_token("user:alice@example.com"))
        .channels(4)
        .deadline(Duration::from_secs(30));
    let builder = if paced {
        builder.pace_to_quotas(limits())
    } else {
        // What an unpaced bulk job needs to finish at all: retry RESOURCE_EXHAUSTED,
        // waiting the server's RetryInfo, without a budget that would stop most retries.
        builder
            .retry_policy(
                DefaultRetryPolicy::default()
                    .with_resource_exhausted(true)
                    .with_max_attempts(50),
            )
            .retry_budget(None)
    };
    builder.connect().await.unwrap()
}

/// One round: every message started at once. Returns (refusals, seconds).
async fn round(case: Case, refusals: &AtomicU64) -> (u64, f64) {
    let paced = case == Case::Paced;
    let (emulator, spaces) = emulator(case != Case::NoLimits).await;
    let client = client(&emulator, paced).await;
    let before = refusals.load(Ordering::Relaxed);
    let start = Instant::now();
    let tasks: Vec<_> = (0..MESSAGES)
        .map(|i| {
            let client = client.clone();
            let space = spaces[i % SPACES].clone();
            tokio::spawn(async move { client.send_text(space, format!("m{i}")).send().await })
        })
        .collect();
    for t in tasks {
        t.await.unwrap().expect("every message is posted");
    }
    let seconds = start.elapsed().as_secs_f64();
    assert_eq!(emulator.snapshot().messages.len(), MESSAGES);
    (refusals.load(Ordering::Relaxed) - before, seconds)
}

fn main() {
    let refusals = Arc::new(AtomicU64::new(0));
    tracing::subscriber::set_global_default(RefusalCounter(refusals.clone())).unwrap();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let per_space = MESSAGES / SPACES;
    let limit = limits().limit(Quota::WritesPerSpace) as usize;
    let minimum = (per_space.div_ceil(limit) - 1) as f64 * WINDOW.as_secs_f64();
    println!(
        "{MESSAGES} messages across {SPACES} spaces, published limits over a {WINDOW:?} \
         window, theoretical minimum {minimum:.2} s; median of {ROUNDS} rounds"
    );
    println!(
        "{:<28} {:>18} {:>10} {:>12}",
        "case", "RESOURCE_EXHAUSTED", "total", "vs minimum"
    );
    for (name, case) in [
        ("no limits (for scale)", Case::NoLimits),
        ("(a) unpaced, opt-in retry", Case::Unpaced),
        ("(b) paced", Case::Paced),
    ] {
        let mut results: Vec<(u64, f64)> = runtime.block_on(async {
            let mut out = Vec::new();
            for _ in 0..ROUNDS {
                out.push(round(case, &refusals).await);
            }
            out
        });
        results.sort_by(|a, b| a.1.total_cmp(&b.1));
        let all: Vec<u64> = results.iter().map(|r| r.0).collect();
        let (refused, seconds) = results[ROUNDS / 2];
        let ratio = match case {
            Case::NoLimits => "-".to_owned(),
            _ => format!("{:.2}x", seconds / minimum),
        };
        println!(
            "{name:<28} {refused:>18} {seconds:>9.3}s {ratio:>12}   (refusals per round: {all:?})"
        );
    }
}
