//! What `ChatClient`'s stack costs over the raw generated tonic stub, side by side in one
//! run, against the cheapest server the harness has (fixed response, nothing recorded).
//!
//! ```sh
//! cargo bench --all-features --bench client_overhead
//! ```
//!
//! Four clients: the raw stub as generated (no metadata at all), the raw stub with an
//! interceptor adding what a call to `chat.googleapis.com` must carry (`authorization`,
//! `x-goog-api-client`, `x-goog-request-params`, `grpc-timeout`: what a careful raw-tonic
//! user writes), all built once (`raw+headers`, right only for code that reads one space),
//! the same with `x-goog-request-params` built from each request as Google's generated
//! clients build it (`raw+call`), and `ChatClient`. The first two apart show what the
//! headers cost on the wire; the last three apart show what the stack itself costs.
//!
//! Criterion measures time per call at concurrency 1 and 64 (throughput = 1 / that). After
//! it, a pass with the clients interleaved round by round gives the throughput ratios to
//! trust on a noisy machine (best the median of the ratios within each round) (`cargo bench ... -- nomatch` runs only the passes), and a last
//! one prints per-call latency percentiles (p50, p99) and heap allocations per call. Ratios
//! matter more than absolutes on a shared 2-core machine.
// A counting global allocator needs `unsafe impl GlobalAlloc`; it only forwards to System.
#![allow(unsafe_code)]

#[path = "../tests/support/mod.rs"]
mod support;

use std::alloc::{GlobalAlloc, Layout, System};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion, Throughput};
use google_chat_grpc::ChatClient;
use google_chat_grpc::auth::Credentials;
use google_chat_grpc::proto::chat::v1::chat_service_client::ChatServiceClient;
use google_chat_grpc::proto::chat::v1::{CreateMessageRequest, GetSpaceRequest, Message, Space};
use prost::Message as _;
use tonic::metadata::{AsciiMetadataValue, MetadataKey};
use tonic::service::Interceptor;
use tonic::service::interceptor::InterceptedService;
use tonic::transport::Channel;

/// Counts heap allocations, to report allocations per call.
struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded unchanged to the system allocator.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn get_space() -> GetSpaceRequest {
    GetSpaceRequest {
        name: "spaces/AAAAbench".into(),
        use_admin_access: false,
    }
}

fn create_message() -> CreateMessageRequest {
    CreateMessageRequest {
        parent: "spaces/AAAAbench".into(),
        message: Some(Message {
            text: "x".repeat(1024),
            ..Default::default()
        }),
        // Set, so neither client spends time on it and both send the same bytes.
        request_id: "0d6f4b5e-6c55-4a33-9d8a-0f3bd7a8e0aa".into(),
        ..Default::default()
    }
}

/// The metadata a raw-tonic user must add for `chat.googleapis.com`, built once and cloned
/// into every call (a `Bytes` clone), as `ChatClient` does; the token marked sensitive, as
/// `ChatClient` marks it, so HPACK never indexes it. Without `routing`, the caller adds
/// `x-goog-request-params` from the request (an interceptor does not see the message).
#[derive(Clone)]
struct GoogleMetadata {
    authorization: AsciiMetadataValue,
    api_client: AsciiMetadataValue,
    routing: Option<AsciiMetadataValue>,
}

impl GoogleMetadata {
    fn new(routing: Option<&str>) -> Self {
        let mut authorization = AsciiMetadataValue::from_static("Bearer bench-token");
        authorization.set_sensitive(true);
        GoogleMetadata {
            authorization,
            api_client: AsciiMetadataValue::from_static("gl-rust/1.95.0 gccl/0.1.0 grpc/0.14"),
            routing: routing.map(|r| AsciiMetadataValue::try_from(r).unwrap()),
        }
    }
}

/// `request` with `x-goog-request-params` built from its routing field, as a raw-tonic user
/// calling more than one space writes it (and as Google's generated clients do, per call).
/// Chat IDs are `[A-Za-z0-9_-]`, so escaping `/` is the whole percent-encoding here: the
/// cheapest correct version, which favours this baseline.
fn routed<T>(message: T, field: &str, value: fn(&T) -> &str) -> tonic::Request<T> {
    let header = format!("{field}={}", value(&message).replace('/', "%2F"));
    let mut request = tonic::Request::new(message);
    request.metadata_mut().insert(
        MetadataKey::from_static("x-goog-request-params"),
        AsciiMetadataValue::try_from(header).unwrap(),
    );
    request
}

impl Interceptor for GoogleMetadata {
    fn call(
        &mut self,
        mut request: tonic::Request<()>,
    ) -> Result<tonic::Request<()>, tonic::Status> {
        let metadata = request.metadata_mut();
        metadata.insert("authorization", self.authorization.clone());
        metadata.insert("x-goog-api-client", self.api_client.clone());
        if let Some(routing) = &self.routing {
            metadata.insert(
                MetadataKey::from_static("x-goog-request-params"),
                routing.clone(),
            );
        }
        request.set_timeout(Duration::from_secs(30));
        Ok(request)
    }
}

/// One call through any of the four clients.
#[derive(Clone)]
enum Client {
    Raw(ChatServiceClient<Channel>),
    RawHeaders(ChatServiceClient<InterceptedService<Channel, GoogleMetadata>>),
    RawPerCall(ChatServiceClient<InterceptedService<Channel, GoogleMetadata>>),
    Chat(ChatClient),
}

impl Client {
    async fn get_space(&self) {
        match self {
            Client::Raw(c) => {
                c.clone().get_space(get_space()).await.unwrap();
            }
            Client::RawHeaders(c) => {
                c.clone().get_space(get_space()).await.unwrap();
            }
            Client::RawPerCall(c) => {
                let request = routed(get_space(), "name", |r| &r.name);
                c.clone().get_space(request).await.unwrap();
            }
            Client::Chat(c) => {
                c.send(get_space()).await.unwrap();
            }
        }
    }

    async fn create_message(&self) {
        match self {
            Client::Raw(c) => {
                c.clone().create_message(create_message()).await.unwrap();
            }
            Client::RawHeaders(c) => {
                c.clone().create_message(create_message()).await.unwrap();
            }
            Client::RawPerCall(c) => {
                let request = routed(create_message(), "parent", |r| &r.parent);
                c.clone().create_message(request).await.unwrap();
            }
            Client::Chat(c) => {
                c.send(create_message()).await.unwrap();
            }
        }
    }

    async fn call(&self, rpc: &str) {
        if rpc == "GetSpace" {
            self.get_space().await
        } else {
            self.create_message().await
        }
    }
}

async fn clients(
    get_addr: SocketAddr,
    create_addr: SocketAddr,
) -> Vec<(&'static str, &'static str, Client)> {
    let mut out = Vec::new();
    for (rpc, addr) in [("GetSpace", get_addr), ("CreateMessage", create_addr)] {
        let channel = tonic::transport::Endpoint::from_shared(format!("http://{addr}"))
            .unwrap()
            .tcp_nodelay(true)
            .connect()
            .await
            .unwrap();
        out.push((
            rpc,
            "raw tonic",
            Client::Raw(ChatServiceClient::new(channel.clone())),
        ));
        let routing = if rpc == "GetSpace" {
            "name=spaces%2FAAAAbench"
        } else {
            "parent=spaces%2FAAAAbench"
        };
        out.push((
            rpc,
            "raw+headers",
            Client::RawHeaders(ChatServiceClient::with_interceptor(
                channel.clone(),
                GoogleMetadata::new(Some(routing)),
            )),
        ));
        out.push((
            rpc,
            "raw+call",
            Client::RawPerCall(ChatServiceClient::with_interceptor(
                channel,
                GoogleMetadata::new(None),
            )),
        ));
        let chat = ChatClient::builder()
            .endpoint(format!("http://{addr}"))
            .insecure_allow_plaintext()
            .credentials(Credentials::static_token("bench-token"))
            .connect()
            .await
            .unwrap();
        out.push((rpc, "ChatClient", Client::Chat(chat)));
    }
    out
}

/// `n` calls spread over `concurrency` tasks; returns the wall time.
async fn run(client: &Client, rpc: &'static str, n: u64, concurrency: u64) -> Duration {
    let start = Instant::now();
    let tasks: Vec<_> = (0..concurrency)
        .map(|i| {
            let client = client.clone();
            let share = n / concurrency + u64::from(i < n % concurrency);
            tokio::spawn(async move {
                for _ in 0..share {
                    client.call(rpc).await;
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    start.elapsed()
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let space = Space {
        name: "spaces/AAAAbench".into(),
        display_name: "Bench".into(),
        ..Default::default()
    };
    let message = Message {
        name: "spaces/AAAAbench/messages/m".into(),
        text: "x".repeat(1024),
        ..Default::default()
    };
    let (get_addr, create_addr) = runtime.block_on(async {
        (
            support::MockChat::start_fixed(space.encode_to_vec().into()).await,
            support::MockChat::start_fixed(message.encode_to_vec().into()).await,
        )
    });
    let clients = runtime.block_on(clients(get_addr, create_addr));

    // `CLIENT_OVERHEAD_ONLY=<rpc>,<raw|headers|call|chat>,<calls>[,<concurrency>]` runs just those calls
    // (after 500 of warm-up) and exits: a fixed workload for `valgrind --tool=callgrind` or
    // `perf`, where the difference of two call counts gives instructions per call.
    if let Ok(only) = std::env::var("CLIENT_OVERHEAD_ONLY") {
        let parts: Vec<&str> = only.split(',').collect();
        let (rpc, which) = (parts[0], parts[1]);
        let calls: u64 = parts[2].parse().unwrap();
        let concurrency: u64 = parts.get(3).map_or(1, |c| c.parse().unwrap());
        let wanted = match which {
            "raw" => "raw tonic",
            "headers" => "raw+headers",
            "call" => "raw+call",
            _ => "ChatClient",
        };
        let (rpc, _, client) = clients
            .iter()
            .find(|(r, name, _)| *r == rpc && *name == wanted)
            .expect(
                "CLIENT_OVERHEAD_ONLY names an rpc (GetSpace, CreateMessage) and raw|headers|call|chat",
            );
        runtime.block_on(async {
            run(client, rpc, 500, concurrency.min(500)).await;
            run(client, rpc, calls, concurrency.min(calls.max(1))).await;
        });
        return;
    }

    let mut criterion = Criterion::default()
        .configure_from_args()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    for concurrency in [1u64, 64] {
        let mut group = criterion.benchmark_group(format!("unary/c{concurrency}"));
        group.throughput(Throughput::Elements(1));
        for (rpc, name, client) in &clients {
            group.bench_with_input(BenchmarkId::new(*rpc, name), client, |b, client| {
                b.to_async(&runtime).iter_custom(|iters| {
                    let client = client.clone();
                    async move { run(&client, rpc, iters, concurrency.min(iters.max(1))).await }
                });
            });
        }
        group.finish();
    }
    criterion.final_summary();

    // Throughput with the clients interleaved round by round, so the drift of a shared
    // machine hits all alike: the ratios to trust.
    // The host's speed drifts from minute to minute on a shared VM; a round's four runs sit
    // seconds apart, so the ratio within a round is steadier than the ratio of medians, and
    // the order turns each round so no client always follows the same one.
    const ROUNDS: usize = 7;
    println!(
        "\ninterleaved throughput at concurrency 64 ({ROUNDS} rounds of 20,000 calls each, \
         median; in brackets the median of the ratios within each round):"
    );
    println!(
        "{:<14} {:>10} {:>11} {:>10} {:>12} {:>18} {:>18} {:>18}",
        "rpc",
        "raw/s",
        "raw+hdrs/s",
        "raw+call/s",
        "ChatClient/s",
        "Chat / raw",
        "Chat / raw+hdrs",
        "Chat / raw+call"
    );
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    for group in clients.chunks(4) {
        let [(rpc, _, raw), (_, _, headers), (_, _, call), (_, _, chat)] = group else {
            continue;
        };
        let order = [raw, headers, call, chat];
        let mut rates = [[0.0; 4]; ROUNDS];
        runtime.block_on(async {
            for client in order {
                run(client, rpc, 5_000, 64).await;
            }
            for (round, rates) in rates.iter_mut().enumerate() {
                for k in 0..order.len() {
                    let i = (round + k) % order.len();
                    rates[i] = 20_000.0 / run(order[i], rpc, 20_000, 64).await.as_secs_f64();
                }
            }
        });
        let column = |i: usize| median(rates.iter().map(|r| r[i]).collect());
        let paired = |i: usize| median(rates.iter().map(|r| r[3] / r[i]).collect());
        let [r, h, p, c] = [0, 1, 2, 3].map(column);
        let ratio = |i: usize, base: f64| format!("{:.2}x ({:.2}x)", c / base, paired(i));
        println!(
            "{rpc:<14} {r:>10.0} {h:>11.0} {p:>10.0} {c:>12.0} {:>18} {:>18} {:>18}",
            ratio(0, r),
            ratio(1, h),
            ratio(2, p)
        );
    }

    // Per-call latency percentiles and allocations, same clients, same server.
    println!("\nper-call latency at concurrency 1 (20,000 calls each) and allocations per call:");
    println!(
        "{:<14} {:<11} {:>9} {:>9} {:>12}",
        "rpc", "client", "p50 us", "p99 us", "allocs/call"
    );
    for (rpc, name, client) in &clients {
        let (p50, p99, allocs) = runtime.block_on(async {
            for _ in 0..2_000 {
                client.call(rpc).await;
            }
            let mut samples = Vec::with_capacity(20_000);
            let before = ALLOCATIONS.load(Ordering::Relaxed);
            for _ in 0..20_000 {
                let t = Instant::now();
                client.call(rpc).await;
                samples.push(t.elapsed());
            }
            let allocs = (ALLOCATIONS.load(Ordering::Relaxed) - before) as f64 / 20_000.0;
            samples.sort_unstable();
            (
                samples[samples.len() / 2],
                samples[samples.len() * 99 / 100],
                allocs,
            )
        });
        println!(
            "{rpc:<14} {name:<11} {:>9.1} {:>9.1} {allocs:>12.1}",
            p50.as_secs_f64() * 1e6,
            p99.as_secs_f64() * 1e6
        );
    }
}
