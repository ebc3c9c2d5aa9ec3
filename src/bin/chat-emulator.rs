//! The Chat API emulator as a standalone gRPC server, for tests in any language.
//!
//! ```text
//! chat-emulator [--port N] [--host ADDR] [--seed-data FILE] [--permissive]
//!               [--media-dir DIR]
//!               [--latency-ms N] [--failure-rate R --failure-seed S [--failure-code CODE]]
//!               [--fail METHOD:CODE[:TIMES][:after][:skip=N][:bytes=K][:retry=MS] ...]
//!               [--log-level LEVEL] [--quotas [--quota-window DURATION]] [--workers N]
//! ```
//!
//! The media endpoints (attachment upload and download) share the port; `--media-dir`
//! keeps their bytes in files there instead of in memory, and `--fail` names them
//! `media.upload` and `media.download` (`:skip=N` lets N calls through first, `:bytes=K`
//! strikes after K bytes of the body).
//!
//! `--quotas` enforces Chat's usage limits (see `google_chat_grpc::quotas`): a call over a
//! limit is answered `RESOURCE_EXHAUSTED` (HTTP 429) with Google's details.
//! `--quota-window` counts them over a shorter window than the published 60 s (`1s`,
//! `500ms`, `30s`, `2m`), so a test sees a window free up quickly.
//!
//! `--workers N` sets the number of tokio worker threads (default: one per core). A test
//! suite that makes one call at a time is served faster by one worker: no call then wakes a
//! second thread (see BENCHMARKS.md, "The targets, measured").
//!
//! Clients authenticate with `authorization: Bearer user:<id>`, `Bearer admin:<id>` or
//! `Bearer app` (see the `google_chat_grpc::emulator` docs). Server reflection is on; each
//! call is logged with its method, caller, code and latency. Ctrl-C (SIGINT) or SIGTERM
//! shuts down cleanly.

use std::io::IsTerminal as _;
use std::net::{IpAddr, SocketAddr};
use std::process::ExitCode;
use std::time::Duration;

use google_chat_grpc::emulator::{Emulator, Fault, SeedData};
use tonic::Code;

const USAGE: &str =
    "usage: chat-emulator [--port N] [--host ADDR] [--seed-data FILE] [--permissive]
       [--media-dir DIR]
       [--latency-ms N] [--failure-rate R] [--failure-seed S] [--failure-code CODE]
       [--fail METHOD:CODE[:TIMES][:after][:skip=N][:bytes=K][:retry=MS]]...
       [--log-level error|warn|info|debug] [--quotas [--quota-window DURATION]]
       [--workers N]
       (CODE is a gRPC code such as UNAVAILABLE, or DROP to drop the connection;
        METHOD is an RPC name, media.upload or media.download;
        DURATION is a number with ms, s, m or h, e.g. 1s; default 60s)";

#[derive(Debug)]
struct Options {
    addr: SocketAddr,
    seed: Option<String>,
    permissive: bool,
    media_dir: Option<std::path::PathBuf>,
    latency: Duration,
    failure_rate: f64,
    failure_seed: u64,
    failure_code: Code,
    fails: Vec<Fault>,
    log_level: tracing::Level,
    quotas: bool,
    quota_window: Option<Duration>,
    workers: Option<usize>,
}

fn code(name: &str) -> Result<Code, String> {
    let upper = name.to_ascii_uppercase();
    (0..=16)
        .map(Code::from_i32)
        .find(|c| format!("{c:?}").to_ascii_uppercase().replace('_', "") == upper.replace('_', ""))
        .ok_or_else(|| format!("unknown status code `{name}`"))
}

/// `500ms`, `1s`, `2.5s`, `2m`, `1h`: a non-negative number and its unit.
fn duration(flag: &str, text: &str) -> Result<Duration, String> {
    let form = || format!("{flag}: `{text}` is not a duration such as 500ms, 1s, 2m or 1h");
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .ok_or_else(form)?;
    let (number, unit) = text.split_at(split);
    let number: f64 = number.parse().map_err(|_| form())?;
    let seconds = match unit {
        "ms" => number / 1000.0,
        "s" => number,
        "m" | "min" => number * 60.0,
        "h" => number * 3600.0,
        _ => return Err(form()),
    };
    Duration::try_from_secs_f64(seconds)
        .ok()
        .filter(|d| !d.is_zero())
        .ok_or_else(|| format!("{flag}: `{text}` must be more than zero and finite"))
}

/// `METHOD:CODE[:TIMES][:after][:skip=N][:bytes=K][:retry=MS]`; CODE `DROP` drops the
/// connection instead.
fn fail_spec(spec: &str) -> Result<Fault, String> {
    const FORM: &str = "--fail METHOD:CODE[:TIMES][:after][:skip=N][:bytes=K][:retry=MS]";
    let mut parts = spec.split(':');
    let method = parts.next().filter(|m| !m.is_empty()).ok_or(FORM)?;
    let action = parts.next().ok_or(FORM)?;
    let mut fault = if action.eq_ignore_ascii_case("drop") {
        Fault::drop_connection(method)
    } else {
        Fault::fail(method, code(action)?)
    };
    for (i, part) in parts.enumerate() {
        if part == "after" {
            fault = fault.after_apply();
        } else if let Some(n) = part.strip_prefix("skip=") {
            let n: u32 = n.parse().map_err(|e| format!("--fail skip: {e}"))?;
            fault = fault.skip(n);
        } else if let Some(k) = part.strip_prefix("bytes=") {
            let k: u64 = k.parse().map_err(|e| format!("--fail bytes: {e}"))?;
            fault = fault.after_bytes(k);
        } else if let Some(ms) = part.strip_prefix("retry=") {
            let ms: u64 = ms.parse().map_err(|e| format!("--fail retry: {e}"))?;
            fault = fault.with_retry_delay(Duration::from_millis(ms));
        } else if i == 0 {
            let times: u32 = part.parse().map_err(|e| format!("--fail times: {e}"))?;
            fault = fault.times(times);
        } else {
            return Err(format!("--fail: unknown part `{part}` in `{spec}`; {FORM}"));
        }
    }
    Ok(fault)
}

fn parse(args: impl Iterator<Item = String>) -> Result<Options, String> {
    let mut o = Options {
        addr: SocketAddr::from(([127, 0, 0, 1], 8085)),
        seed: None,
        permissive: false,
        media_dir: None,
        latency: Duration::ZERO,
        failure_rate: 0.0,
        failure_seed: 0,
        failure_code: Code::Unavailable,
        fails: Vec::new(),
        log_level: tracing::Level::INFO,
        quotas: false,
        quota_window: None,
        workers: None,
    };
    let mut args = args.peekable();
    while let Some(a) = args.next() {
        let mut value = |flag: &str| args.next().ok_or_else(|| format!("{flag} needs a value"));
        match a.as_str() {
            "--port" => o.addr.set_port(
                value("--port")?
                    .parse()
                    .map_err(|e| format!("--port: {e}"))?,
            ),
            "--host" => o.addr.set_ip(
                value("--host")?
                    .parse::<IpAddr>()
                    .map_err(|e| format!("--host: {e}"))?,
            ),
            "--seed-data" => o.seed = Some(value("--seed-data")?),
            "--permissive" => o.permissive = true,
            "--media-dir" => o.media_dir = Some(value("--media-dir")?.into()),
            "--latency-ms" => {
                o.latency = Duration::from_millis(
                    value("--latency-ms")?
                        .parse()
                        .map_err(|e| format!("--latency-ms: {e}"))?,
                )
            }
            "--failure-rate" => {
                o.failure_rate = value("--failure-rate")?
                    .parse()
                    .map_err(|e| format!("--failure-rate: {e}"))?
            }
            "--failure-seed" => {
                o.failure_seed = value("--failure-seed")?
                    .parse()
                    .map_err(|e| format!("--failure-seed: {e}"))?
            }
            "--failure-code" => o.failure_code = code(&value("--failure-code")?)?,
            "--fail" => o.fails.push(fail_spec(&value("--fail")?)?),
            "--log-level" => {
                o.log_level = value("--log-level")?
                    .parse()
                    .map_err(|_| "--log-level: error, warn, info, debug or trace")?
            }
            "--quotas" => o.quotas = true,
            "--quota-window" => {
                o.quota_window = Some(duration("--quota-window", &value("--quota-window")?)?)
            }
            "--workers" => {
                let n: usize = value("--workers")?
                    .parse()
                    .map_err(|e| format!("--workers: {e}"))?;
                if !(1..=1024).contains(&n) {
                    return Err(format!("--workers: {n} is not between 1 and 1024"));
                }
                o.workers = Some(n);
            }
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    if o.quota_window.is_some() && !o.quotas {
        return Err("--quota-window needs --quotas (limits are off without it)".to_owned());
    }
    Ok(o)
}

fn main() -> ExitCode {
    let o = match parse(std::env::args().skip(1)) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let mut runtime = tokio::runtime::Builder::new_multi_thread();
    if let Some(n) = o.workers {
        runtime.worker_threads(n);
    }
    match runtime.enable_all().build() {
        Ok(runtime) => runtime.block_on(run(o)),
        Err(e) => {
            eprintln!("cannot start the runtime: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(o: Options) -> ExitCode {
    // Colours only for a person at a terminal: a log redirected to a file or read by a
    // test harness gets plain text (and NO_COLOR is honoured as everywhere).
    let ansi = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    tracing_subscriber::fmt()
        .with_max_level(o.log_level)
        .with_target(false)
        .with_ansi(ansi)
        .init();
    let mut builder = Emulator::builder()
        .permissive(o.permissive)
        .quotas(o.quotas);
    if let Some(window) = o.quota_window {
        builder = builder.quota_window(window);
    }
    if let Some(dir) = &o.media_dir {
        // Checked now, so a bad directory fails the start rather than the first upload.
        if let Err(e) = std::fs::create_dir_all(dir) {
            eprintln!("--media-dir {}: {e}", dir.display());
            return ExitCode::from(2);
        }
        builder = builder.media_dir(dir);
    }
    if let Some(path) = &o.seed {
        let data = match std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|s| SeedData::from_json(&s).map_err(|e| e.to_string()))
        {
            Ok(d) => d,
            Err(e) => {
                eprintln!("--seed-data {path}: {e}");
                return ExitCode::from(2);
            }
        };
        builder = builder.seed(data);
    }
    let emulator = match builder.try_build() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    emulator.faults().set_latency(o.latency);
    if o.failure_rate > 0.0 {
        emulator
            .faults()
            .set_random_failures(o.failure_rate, o.failure_seed, o.failure_code);
    }
    for f in o.fails {
        emulator.faults().inject(f);
    }
    let incoming = match tonic::transport::server::TcpIncoming::bind(o.addr) {
        Ok(i) => i,
        Err(e) => {
            eprintln!("cannot listen on {}: {e}", o.addr);
            return ExitCode::FAILURE;
        }
    };
    let local = incoming.local_addr().unwrap_or(o.addr);
    // The handlers are installed before the line that says the server is ready: a
    // supervisor (or a test) that sends SIGINT as soon as it reads that line must get a
    // clean shutdown, not the default action's exit status 130.
    let stop = match StopSignals::install() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("cannot install signal handlers: {e}");
            return ExitCode::FAILURE;
        }
    };
    tracing::info!(
        %local,
        permissive = o.permissive,
        quotas = o.quotas,
        "chat-emulator listening"
    );
    // Ctrl-C (or SIGTERM) stops accepting and lets open calls finish, but a client that
    // never closes its connection must not keep the process alive: after DRAIN it exits
    // anyway.
    const DRAIN: std::time::Duration = std::time::Duration::from_secs(5);
    let stopping = std::sync::Arc::new(tokio::sync::Notify::new());
    let signal = stopping.clone();
    let shutdown = async move {
        stop.wait().await;
        tracing::info!("shutting down");
        signal.notify_one();
    };
    let serve = emulator.serve(incoming, shutdown);
    let result = tokio::select! {
        result = serve => result,
        () = async {
            stopping.notified().await;
            tokio::time::sleep(DRAIN).await;
        } => {
            tracing::warn!(?DRAIN, "connections still open; exiting without them");
            Ok(())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("server error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// SIGINT and SIGTERM (Ctrl-C elsewhere), registered with the OS when installed rather
/// than when first awaited.
struct StopSignals {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl StopSignals {
    fn install() -> std::io::Result<StopSignals> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Ok(StopSignals {
                interrupt: signal(SignalKind::interrupt())?,
                terminate: signal(SignalKind::terminate())?,
            })
        }
        #[cfg(not(unix))]
        Ok(StopSignals {})
    }

    async fn wait(mut self) {
        #[cfg(unix)]
        tokio::select! {
            _ = self.interrupt.recv() => {}
            _ = self.terminate.recv() => {}
        }
        #[cfg(not(unix))]
        {
            let _ = &mut self;
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}
