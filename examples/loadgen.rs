//! Load generator for the cross-language comparison (`benches/peers/compare.sh`): one shared
//! `ChatClient`, N concurrent workers, a fixed mixed workload against a running emulator.
//!
//! ```sh
//! chat-emulator --port 8085 --log-level warn &
//! cargo run --release --example loadgen -- --endpoint http://127.0.0.1:8085 \
//!     --concurrency 64 --calls 20000 --warmup 1000
//! ```
//!
//! Setup (not timed): two spaces as `user:alice@example.com`, "library" with 60 messages and
//! "inbox". Then call `i` of the sequence is, by `i % 10`: 0-6 `GetMessage` of library
//! message `i % 60`, 7-8 `CreateMessage` in the inbox, 9 `ListMessages` of the library
//! (page_size 50, a full page). Workers take the next index from a shared counter; the
//! warm-up runs the same sequence before the timed calls. `benches/peers/loadgen.py` and
//! `benches/peers/loadgen.js` do exactly the same with Google's Python and Node clients.
//!
//! Prints one JSON line: calls, wall seconds, calls/s, p50/p99 in µs, errors, and the CPU
//! seconds this process used during the timed phase (from `/proc/self/stat`).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use google_chat_grpc::ChatClient;
use google_chat_grpc::auth::Credentials;
use google_chat_grpc::proto::chat::v1::{Message, Space, space};

const LIBRARY_MESSAGES: usize = 60;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

struct Args {
    endpoint: String,
    concurrency: usize,
    calls: usize,
    warmup: usize,
    token: String,
}

fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Args, String> {
    let mut a = Args {
        endpoint: "http://127.0.0.1:8085".into(),
        concurrency: 1,
        calls: 1000,
        warmup: 100,
        token: "user:alice@example.com".into(),
    };
    let mut it = args.into_iter();
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--endpoint" => a.endpoint = value()?,
            "--concurrency" => a.concurrency = value()?.parse().map_err(|e| format!("{e}"))?,
            "--calls" => a.calls = value()?.parse().map_err(|e| format!("{e}"))?,
            "--warmup" => a.warmup = value()?.parse().map_err(|e| format!("{e}"))?,
            "--token" => a.token = value()?,
            _ => {
                return Err(format!(
                    "unknown argument `{flag}`\nusage: loadgen --endpoint URL \
                     [--concurrency N] [--calls N] [--warmup N] [--token T]"
                ));
            }
        }
    }
    a.concurrency = a.concurrency.max(1);
    Ok(a)
}

/// User plus system CPU seconds of this process so far, all threads.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // The fields after the `(comm)` one: state is field 3, utime 14, stime 15.
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // Clock ticks are 100 per second on Linux (USER_HZ).
    (ticks(11) + ticks(12)) / 100.0
}

async fn named_space(client: &ChatClient, name: &str) -> Result<String, google_chat_grpc::Error> {
    let space = client
        .set_up_space()
        .set_space(Space {
            display_name: name.into(),
            space_type: space::SpaceType::Space.into(),
            ..Default::default()
        })
        .send()
        .await?;
    Ok(space.name)
}

struct Workload {
    client: ChatClient,
    library: String,
    inbox: String,
    messages: Vec<String>,
}

impl Workload {
    async fn call(&self, i: usize) -> Result<(), BoxError> {
        match i % 10 {
            0..=6 => {
                let name = &self.messages[i % self.messages.len()];
                self.client.get_message(name.as_str()).send().await?;
            }
            7 | 8 => {
                self.client
                    .create_message(self.inbox.as_str())
                    .set_message(Message {
                        text: format!("load {i}"),
                        ..Default::default()
                    })
                    .send()
                    .await?;
            }
            _ => {
                let page = self
                    .client
                    .list_messages(self.library.as_str())
                    .set_page_size(50)
                    .send()
                    .await?;
                if page.messages.len() != 50 {
                    return Err(format!(
                        "ListMessages returned {} messages, not 50",
                        page.messages.len()
                    )
                    .into());
                }
            }
        }
        Ok(())
    }
}

/// Runs `calls` calls of the sequence from `start` over `concurrency` workers; returns the
/// latencies in µs (sorted) and the number of failed calls.
async fn run(
    work: &Arc<Workload>,
    start: usize,
    calls: usize,
    concurrency: usize,
) -> (Vec<u64>, usize) {
    let next = Arc::new(AtomicUsize::new(0));
    let mut workers = Vec::with_capacity(concurrency);
    for _ in 0..concurrency {
        let (work, next) = (work.clone(), next.clone());
        workers.push(tokio::spawn(async move {
            let mut latencies = Vec::with_capacity(calls / concurrency + 1);
            let mut errors = 0;
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= calls {
                    break;
                }
                let t = Instant::now();
                let result = work.call(start + i).await;
                latencies.push(t.elapsed().as_micros() as u64);
                if let Err(e) = result {
                    if errors == 0 {
                        eprintln!("call {}: {e}", start + i);
                    }
                    errors += 1;
                }
            }
            (latencies, errors)
        }));
    }
    let mut all = Vec::with_capacity(calls);
    let mut errors = 0;
    for w in workers {
        let (l, e) = w.await.expect("worker panicked");
        all.extend(l);
        errors += e;
    }
    all.sort_unstable();
    (all, errors)
}

/// Nearest-rank percentile of sorted values.
fn percentile(sorted: &[u64], p: f64) -> u64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = (p * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("{}", loadgen(std::env::args().skip(1)).await?);
    Ok(())
}

/// The whole run, from the command-line arguments to the JSON line (`tests/api/examples.rs`
/// runs it against an emulator and reads the line).
pub async fn loadgen(
    args: impl IntoIterator<Item = String>,
) -> Result<String, Box<dyn std::error::Error>> {
    let args = parse_args(args)?;
    let client = ChatClient::builder()
        .endpoint(args.endpoint.clone())
        .insecure_allow_plaintext()
        .credentials(Credentials::static_token(args.token.clone()))
        .connect()
        .await?;

    let library = named_space(&client, "loadgen library").await?;
    let inbox = named_space(&client, "loadgen inbox").await?;
    let mut messages = Vec::with_capacity(LIBRARY_MESSAGES);
    for i in 0..LIBRARY_MESSAGES {
        let m = client
            .create_message(library.as_str())
            .set_message(Message {
                text: format!("library {i}"),
                ..Default::default()
            })
            .send()
            .await?;
        messages.push(m.name);
    }
    let work = Arc::new(Workload {
        client,
        library,
        inbox,
        messages,
    });

    let (_, warmup_errors) = run(&work, 0, args.warmup, args.concurrency).await;
    let cpu_before = cpu_seconds();
    let started = Instant::now();
    let (latencies, errors) = run(&work, args.warmup, args.calls, args.concurrency).await;
    let wall = started.elapsed();
    let cpu = cpu_seconds() - cpu_before;

    Ok(format!(
        "{{\"client\":\"rust\",\"concurrency\":{},\"calls\":{},\"warmup\":{},\"errors\":{},\
         \"wall_s\":{:.4},\"calls_per_s\":{:.1},\"p50_us\":{},\"p99_us\":{},\"timed_cpu_s\":{:.3}}}",
        args.concurrency,
        args.calls,
        args.warmup,
        errors + warmup_errors,
        wall.as_secs_f64(),
        args.calls as f64 / wall.max(Duration::from_nanos(1)).as_secs_f64(),
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.99),
        cpu,
    ))
}
