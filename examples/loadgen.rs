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
//! seconds this process used during the timed phase (from `/proc/self/stat`; with
//! `--server-pid PID`, the emulator's too, from `/proc/PID/stat`).
//!
//! `--rest` makes the timed calls over the emulator's REST/JSON side on the same port
//! instead (one HTTP/1.1 keep-alive connection per worker, as Google's REST clients pool
//! them; JSON as they send and read it): `GET /v1/{message}`, `POST /v1/{space}/messages`,
//! `GET /v1/{space}/messages?pageSize=50`. Setup is over gRPC either way.

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
    rest: bool,
    server_pid: Option<u32>,
    /// `Some(0..=9)`: every call is the one call `i % 10` would be.
    only: Option<usize>,
    stub: bool,
}

fn parse_args(args: impl IntoIterator<Item = String>) -> Result<Args, String> {
    let mut a = Args {
        endpoint: "http://127.0.0.1:8085".into(),
        concurrency: 1,
        calls: 1000,
        warmup: 100,
        token: "user:alice@example.com".into(),
        rest: false,
        server_pid: None,
        only: None,
        stub: false,
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
            "--rest" => a.rest = true,
            "--server-pid" => a.server_pid = Some(value()?.parse().map_err(|e| format!("{e}"))?),
            "--only" => {
                a.only = Some(match value()?.as_str() {
                    "get" => 0,
                    "create" => 7,
                    "list" => 9,
                    other => return Err(format!("--only get|create|list, not `{other}`")),
                })
            }
            "--stub" => a.stub = true,
            _ => {
                return Err(format!(
                    "unknown argument `{flag}`\nusage: loadgen --endpoint URL \
                     [--concurrency N] [--calls N] [--warmup N] [--token T] [--rest] [--server-pid PID] \
                     [--only get|create|list] [--stub]"
                ));
            }
        }
    }
    a.concurrency = a.concurrency.max(1);
    if a.rest && a.stub {
        return Err("--rest and --stub are two different transports: pick one".into());
    }
    Ok(a)
}

/// User plus system CPU seconds of this process so far, all threads.
fn cpu_seconds() -> f64 {
    process_cpu_seconds("self")
}

/// The same for any process (`/proc/{pid}/stat`).
fn process_cpu_seconds(pid: &str) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
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
    /// `Some(endpoint)` to make the calls over REST.
    rest: Option<String>,
    /// `Some(stub)` to make the calls through the generated stub.
    stub: Option<Stub>,
    auth: String,
    only: Option<usize>,
}

type Stub = google_chat_grpc::proto::chat::v1::chat_service_client::ChatServiceClient<
    tonic::transport::Channel,
>;

/// One worker's HTTP/1.1 connection to the REST side.
type RestConn = hyper::client::conn::http1::SendRequest<http_body_util::Full<hyper::body::Bytes>>;

async fn rest_conn(endpoint: &str) -> Result<RestConn, BoxError> {
    let authority = endpoint
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    let stream = tokio::net::TcpStream::connect(&authority).await?;
    stream.set_nodelay(true)?;
    let (sender, conn) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream)).await?;
    tokio::spawn(conn);
    Ok(sender)
}

impl Workload {
    async fn rest_call(&self, conn: &mut RestConn, i: usize) -> Result<(), BoxError> {
        use http_body_util::BodyExt as _;
        let (method, path, body) = match i % 10 {
            0..=6 => (
                "GET",
                format!("/v1/{}", self.messages[i % self.messages.len()]),
                String::new(),
            ),
            7 | 8 => (
                "POST",
                format!("/v1/{}/messages", self.inbox),
                format!(r#"{{"text": "load {i}"}}"#),
            ),
            _ => (
                "GET",
                format!("/v1/{}/messages?pageSize=50", self.library),
                String::new(),
            ),
        };
        let request = http::Request::builder()
            .method(method)
            .uri(path)
            .header("host", "emulator")
            .header("authorization", &self.auth)
            .header("content-type", "application/json")
            .body(http_body_util::Full::new(hyper::body::Bytes::from(body)))?;
        conn.ready().await?;
        let response = conn.send_request(request).await?;
        let status = response.status();
        let bytes = response.into_body().collect().await?.to_bytes();
        if !status.is_success() {
            return Err(format!("HTTP {status}: {}", String::from_utf8_lossy(&bytes)).into());
        }
        if i % 10 == 9 {
            let page: serde_json::Value = serde_json::from_slice(&bytes)?;
            let n = page["messages"].as_array().map_or(0, Vec::len);
            if n != 50 {
                return Err(format!("ListMessages returned {n} messages, not 50").into());
            }
        }
        Ok(())
    }

    /// A call through the generated stub with Google's headers, built as a careful raw-tonic
    /// user would: the constant values once, the routing value per call.
    async fn stub_call(&self, stub: &Stub, i: usize) -> Result<(), BoxError> {
        use google_chat_grpc::proto::chat::v1::{
            CreateMessageRequest, GetMessageRequest, ListMessagesRequest,
        };
        fn request<T>(
            message: T,
            auth: &str,
            routing: String,
        ) -> Result<tonic::Request<T>, BoxError> {
            let mut request = tonic::Request::new(message);
            let metadata = request.metadata_mut();
            let mut token: tonic::metadata::AsciiMetadataValue = auth.parse()?;
            token.set_sensitive(true);
            metadata.insert("authorization", token);
            metadata.insert(
                "x-goog-api-client",
                tonic::metadata::AsciiMetadataValue::from_static(
                    "gl-rust/1.95.0 gccl/0.1.0 grpc/0.14",
                ),
            );
            metadata.insert("x-goog-request-params", routing.parse()?);
            request.set_timeout(Duration::from_secs(30));
            Ok(request)
        }
        let encode = |s: &str| s.replace('/', "%2F");
        let mut stub = stub.clone();
        match i % 10 {
            0..=6 => {
                let name = &self.messages[i % self.messages.len()];
                let routing = format!("name={}", encode(name));
                let message = GetMessageRequest {
                    name: name.clone(),
                    ..Default::default()
                };
                stub.get_message(request(message, &self.auth, routing)?)
                    .await?;
            }
            7 | 8 => {
                let routing = format!("parent={}", encode(&self.inbox));
                let message = CreateMessageRequest {
                    parent: self.inbox.clone(),
                    message: Some(Message {
                        text: format!("load {i}"),
                        ..Default::default()
                    }),
                    // What `ChatClient` fills in, so both cost the emulator the same.
                    request_id: uuid::Uuid::new_v4().to_string(),
                    ..Default::default()
                };
                stub.create_message(request(message, &self.auth, routing)?)
                    .await?;
            }
            _ => {
                let routing = format!("parent={}", encode(&self.library));
                let message = ListMessagesRequest {
                    parent: self.library.clone(),
                    page_size: 50,
                    ..Default::default()
                };
                let page = stub
                    .list_messages(request(message, &self.auth, routing)?)
                    .await?
                    .into_inner();
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
            let mut conn = match &work.rest {
                Some(endpoint) => Some(rest_conn(endpoint).await.expect("REST connection")),
                None => None,
            };
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= calls {
                    break;
                }
                let t = Instant::now();
                // `--only`: the same call index modulo 10, so the same RPC every time.
                let index = match work.only {
                    Some(only) => (start + i) / 10 * 10 + only,
                    None => start + i,
                };
                let result = match (conn.as_mut(), &work.stub) {
                    (Some(c), _) => work.rest_call(c, index).await,
                    (None, Some(stub)) => work.stub_call(stub, index).await,
                    (None, None) => work.call(index).await,
                };
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

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runtime = runtime_for(parse_args(args.clone())?.concurrency)?;
    println!("{}", runtime.block_on(loadgen(args))?);
    Ok(())
}

/// Tokio's multi-thread runtime with no more workers than there are calls in flight (and
/// cores), unless `TOKIO_WORKER_THREADS` says otherwise. One call at a time gains nothing
/// from a second worker and pays for it on every call: the response lands on one thread
/// while the other sits in `epoll_wait`, so each call woke a parked thread (a futex wake and
/// an eventfd write per call; 2.4 context switches per call against 0.8 with one worker,
/// BENCHMARKS.md, issue 16). At concurrency 64 this is tokio's default.
fn runtime_for(concurrency: usize) -> std::io::Result<tokio::runtime::Runtime> {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let workers = std::env::var("TOKIO_WORKER_THREADS")
        .ok()
        .and_then(|n| n.parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| cores.min(concurrency.max(1)));
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(workers)
        .enable_all()
        .build()
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
    // The stub gets its own connection, made like `ChatClient`'s (TCP_NODELAY).
    let stub = match args.stub {
        true => Some(Stub::new(
            tonic::transport::Endpoint::from_shared(args.endpoint.clone())?
                .tcp_nodelay(true)
                .connect()
                .await?,
        )),
        false => None,
    };
    let work = Arc::new(Workload {
        client,
        library,
        inbox,
        messages,
        rest: args.rest.then(|| args.endpoint.clone()),
        stub,
        auth: format!("Bearer {}", args.token),
        only: args.only,
    });

    let (_, warmup_errors) = run(&work, 0, args.warmup, args.concurrency).await;
    let server = args.server_pid.map(|p| p.to_string());
    let server_cpu = || server.as_deref().map_or(0.0, process_cpu_seconds);
    let cpu_before = cpu_seconds();
    let server_before = server_cpu();
    let started = Instant::now();
    let (latencies, errors) = run(&work, args.warmup, args.calls, args.concurrency).await;
    let wall = started.elapsed();
    let cpu = cpu_seconds() - cpu_before;
    let server_cpu_s = server_cpu() - server_before;

    Ok(format!(
        "{{\"client\":\"{}\",\"protocol\":\"{}\",\"concurrency\":{},\"calls\":{},\"warmup\":{},\"errors\":{},\
         \"wall_s\":{:.4},\"calls_per_s\":{:.1},\"p50_us\":{},\"p99_us\":{},\"timed_cpu_s\":{:.3},\"server_cpu_s\":{:.3},\
         \"server_cpu_us_per_call\":{:.1}}}",
        if args.stub { "rust-stub" } else { "rust" },
        if args.rest { "rest" } else { "grpc" },
        args.concurrency,
        args.calls,
        args.warmup,
        errors + warmup_errors,
        wall.as_secs_f64(),
        args.calls as f64 / wall.max(Duration::from_nanos(1)).as_secs_f64(),
        percentile(&latencies, 0.50),
        percentile(&latencies, 0.99),
        cpu,
        server_cpu_s,
        server_cpu_s * 1e6 / args.calls.max(1) as f64,
    ))
}
