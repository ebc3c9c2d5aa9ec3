//! Fault injection: scripted failures per method, a seeded random failure rate, added
//! latency, dropped connections, and failures after the mutation was applied (the response
//! is lost, the change is not). All of it is changed at run time through [`Faults`].
//!
//! The media endpoints are calls too, named [`MEDIA_UPLOAD`] and [`MEDIA_DOWNLOAD`]: each
//! HTTP request to them (a multipart or media upload, a resumable session's start, each of
//! its chunks and status queries, a download) is one call, so [`Fault::skip`] picks the
//! Nth chunk and [`Fault::after_bytes`] strikes in the middle of a body.

use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Duration;

use std::sync::Mutex;
use tonic::Code;

use super::connection::Connections;

/// When a scripted fault strikes relative to the emulator's own work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FaultStage {
    /// Before the call touches the state: nothing changes.
    BeforeApply,
    /// After the call changed the state: the change stays, the response is lost.
    AfterApply,
    /// In the middle of a media call's body, once `after` bytes of it have passed: the
    /// request body of an upload (the bytes before stay committed to a resumable session),
    /// the response body of a download (whose status line is already sent, so a status
    /// fault there ends the body early as a dropped connection does). RPCs have no such
    /// point; a fault with this stage never strikes them.
    MidBody {
        /// How many body bytes pass before the fault strikes.
        after: u64,
    },
}

/// What a fault does to the call it strikes.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FaultAction {
    /// Answer with this status, with `RetryInfo` when `retry_delay` is set.
    Status {
        /// The gRPC code.
        code: Code,
        /// The status message.
        message: String,
        /// Sent as a `google.rpc.RetryInfo` detail.
        retry_delay: Option<Duration>,
    },
    /// Reset the TCP connection the call came in on (in-process services, which have no
    /// connection, answer `UNAVAILABLE` instead).
    DropConnection,
}

/// The fault-injection (and log) name of the media upload endpoints (`/upload/v1/...`
/// and `/resumable/upload/v1/...`), Google's `chat.media.upload`.
///
/// ```
/// use google_chat_grpc::emulator::{Fault, MEDIA_UPLOAD};
///
/// // The third upload request (a resumable session's start and first chunk pass) is a 503.
/// let fault = Fault::fail(MEDIA_UPLOAD, tonic::Code::Unavailable).skip(2);
/// # let _ = fault;
/// ```
pub const MEDIA_UPLOAD: &str = "media.upload";

/// The fault-injection (and log) name of the media download endpoint (`/v1/media/...`),
/// Google's `chat.media.download`.
///
/// ```
/// use google_chat_grpc::emulator::{Fault, MEDIA_DOWNLOAD};
///
/// // The next download's connection is reset after 1 MiB of its body.
/// let fault = Fault::drop_connection(MEDIA_DOWNLOAD).after_bytes(1 << 20);
/// # let _ = fault;
/// ```
pub const MEDIA_DOWNLOAD: &str = "media.download";

/// A scripted fault: the next `times` calls of `method` fail.
///
/// ```
/// use google_chat_grpc::emulator::Fault;
/// use std::time::Duration;
///
/// // The next two CreateMessage calls fail with UNAVAILABLE and a 1 s RetryInfo.
/// let fault = Fault::fail("CreateMessage", tonic::Code::Unavailable)
///     .times(2)
///     .with_retry_delay(Duration::from_secs(1));
/// // The next UpdateMessage applies the change, then answers DEADLINE_EXCEEDED.
/// let lost = Fault::fail("UpdateMessage", tonic::Code::DeadlineExceeded).after_apply();
/// # let _ = (fault, lost);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    method: String,
    remaining: Option<u32>,
    /// Matching calls still to let through before striking.
    skip: u32,
    action: FaultAction,
    stage: FaultStage,
}

impl Fault {
    /// The next call of `method` (an RPC name such as `"CreateMessage"`, [`MEDIA_UPLOAD`],
    /// [`MEDIA_DOWNLOAD`], or `"*"` for any) fails with `code`.
    pub fn fail(method: impl Into<String>, code: Code) -> Self {
        Fault {
            method: method.into(),
            remaining: Some(1),
            skip: 0,
            action: FaultAction::Status {
                code,
                message: "injected fault".to_owned(),
                retry_delay: None,
            },
            stage: FaultStage::BeforeApply,
        }
    }

    /// The next call of `method` has its connection dropped.
    pub fn drop_connection(method: impl Into<String>) -> Self {
        Fault {
            method: method.into(),
            remaining: Some(1),
            skip: 0,
            action: FaultAction::DropConnection,
            stage: FaultStage::BeforeApply,
        }
    }

    /// Strikes the next `n` matching calls instead of one.
    pub fn times(mut self, n: u32) -> Self {
        self.remaining = Some(n);
        self
    }

    /// Strikes every matching call until the faults are cleared.
    pub fn always(mut self) -> Self {
        self.remaining = None;
        self
    }

    /// Lets the next `n` matching calls through first: `skip(2)` strikes the third (the
    /// third request of an upload, say). Each fault counts the calls it matches on its own.
    pub fn skip(mut self, n: u32) -> Self {
        self.skip = n;
        self
    }

    /// Strikes a media call in the middle of its body, once `bytes` bytes of it have passed
    /// ([`FaultStage::MidBody`]): with [`Fault::drop_connection`] the connection is reset
    /// there; a status fault answers that status to an upload (the bytes before stay
    /// committed to a resumable session) and cuts a download's body. A call whose body is
    /// shorter is spared, but it used the fault up.
    pub fn after_bytes(mut self, bytes: u64) -> Self {
        self.stage = FaultStage::MidBody { after: bytes };
        self
    }

    /// Adds a `google.rpc.RetryInfo` with this delay to the status.
    pub fn with_retry_delay(mut self, delay: Duration) -> Self {
        if let FaultAction::Status { retry_delay, .. } = &mut self.action {
            *retry_delay = Some(delay);
        }
        self
    }

    /// Uses this status message instead of the default one.
    pub fn with_message(mut self, text: impl Into<String>) -> Self {
        if let FaultAction::Status { message, .. } = &mut self.action {
            *message = text.into();
        }
        self
    }

    /// Strikes after the emulator applied the call: the state changes, the caller sees the
    /// failure (a lost response, as after a timeout on the way back).
    pub fn after_apply(mut self) -> Self {
        self.stage = FaultStage::AfterApply;
        self
    }

    /// The method this fault matches.
    pub fn method(&self) -> &str {
        &self.method
    }

    /// What the fault does.
    pub fn action(&self) -> &FaultAction {
        &self.action
    }

    /// When the fault strikes.
    pub fn stage(&self) -> FaultStage {
        self.stage
    }

    fn matches(&self, method: &str) -> bool {
        self.method == "*" || self.method == method
    }
}

/// A seeded random failure rate.
#[derive(Debug, Clone)]
struct RandomFailures {
    rate: f64,
    code: Code,
    rng: u64,
}

#[derive(Debug, Default)]
struct Inner {
    scripted: VecDeque<Fault>,
    random: Option<RandomFailures>,
    latency: Duration,
}

/// The fault controls of a running emulator; cheap to clone, shared with the server.
///
/// ```no_run
/// # async fn run() -> std::io::Result<()> {
/// use google_chat_grpc::emulator::{Emulator, Fault};
/// use std::time::Duration;
///
/// let emulator = Emulator::builder().start().await?;
/// emulator.faults().inject(Fault::fail("ListMessages", tonic::Code::Unavailable).times(3));
/// emulator.faults().set_random_failures(0.1, 42, tonic::Code::Unavailable);
/// emulator.faults().set_latency(Duration::from_millis(50));
/// emulator.faults().drop_connections();
/// emulator.faults().clear();
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Default)]
pub struct Faults {
    inner: Arc<Mutex<Inner>>,
    pub(crate) connections: Connections,
}

impl Faults {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Queues a scripted fault. Faults strike in the order they were injected.
    pub fn inject(&self, fault: Fault) {
        self.lock().scripted.push_back(fault);
    }

    /// Fails each call with probability `rate` (0.0 to 1.0) and `code`; the draws come from a
    /// generator seeded with `seed`, so the same call sequence fails the same way every run.
    pub fn set_random_failures(&self, rate: f64, seed: u64, code: Code) {
        self.lock().random = Some(RandomFailures {
            rate: rate.clamp(0.0, 1.0),
            code,
            rng: seed,
        });
    }

    /// Adds `latency` before every call is answered (zero turns it off).
    pub fn set_latency(&self, latency: Duration) {
        self.lock().latency = latency;
    }

    /// Resets every open client connection now.
    pub fn drop_connections(&self) {
        self.connections.drop_all();
    }

    /// Removes scripted faults, the random failure rate and the latency.
    pub fn clear(&self) {
        let mut inner = self.lock();
        inner.scripted.clear();
        inner.random = None;
        inner.latency = Duration::ZERO;
    }

    /// How many scripted faults are still waiting to strike (`always` ones count once).
    pub fn pending(&self) -> usize {
        self.lock().scripted.len()
    }

    pub(crate) fn latency(&self) -> Duration {
        self.lock().latency
    }

    /// The fault, if any, that strikes `method` at `stage`; counts it down.
    pub(crate) fn take(&self, method: &str, stage: FaultStage) -> Option<FaultAction> {
        self.take_where(method, |s| s == stage)
            .map(|(_, action)| action)
    }

    /// The mid-body fault, if any, that strikes this call of `method`: after how many bytes,
    /// and what it does. Counts it down.
    pub(crate) fn take_mid_body(&self, method: &str) -> Option<(u64, FaultAction)> {
        match self.take_where(method, |s| matches!(s, FaultStage::MidBody { .. })) {
            Some((FaultStage::MidBody { after }, action)) => Some((after, action)),
            _ => None,
        }
    }

    fn take_where(
        &self,
        method: &str,
        stage: impl Fn(FaultStage) -> bool,
    ) -> Option<(FaultStage, FaultAction)> {
        let mut inner = self.lock();
        let mut pos = None;
        // Every matching fault sees the call (its skips count down); the first one due
        // strikes.
        for (i, f) in inner.scripted.iter_mut().enumerate() {
            if !stage(f.stage) || !f.matches(method) {
                continue;
            }
            if f.skip > 0 {
                f.skip -= 1;
            } else if pos.is_none() {
                pos = Some(i);
            }
        }
        if let Some(pos) = pos {
            let fault = &mut inner.scripted[pos];
            let action = fault.action.clone();
            let hit = fault.stage;
            match &mut fault.remaining {
                Some(n) if *n <= 1 => {
                    inner.scripted.remove(pos);
                }
                Some(n) => *n -= 1,
                None => {}
            }
            return Some((hit, action));
        }
        if stage(FaultStage::BeforeApply)
            && let Some(r) = inner.random.as_mut()
        {
            // xorshift64*: tiny, seedable, good enough for failure draws.
            let mut x = r.rng.max(1);
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            r.rng = x;
            let draw = (x.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 11) as f64 / (1u64 << 53) as f64;
            if draw < r.rate {
                return Some((
                    FaultStage::BeforeApply,
                    FaultAction::Status {
                        code: r.code,
                        message: format!("injected random fault: {:?}", r.code),
                        retry_delay: None,
                    },
                ));
            }
        }
        None
    }
}
