//! Client-side pacing to the usage limits: the same windows the server counts, kept on this
//! side, so a bulk job waits for a free slot instead of being refused and sleeping.
//!
//! Each quota of the table ([`super::charges`]) is a sliding window per key: per space for
//! per-space quotas, one per pacer for per-project ones (a pacer stands for one project).
//! A call takes a slot in every window it draws from before it goes out, and the slot
//! counts from the moment its answer comes back: the server counted the call at some
//! moment before that, so a slot reused one window after the answer is free on the server
//! too, whatever the latency. Waits count against the attempt's time: a wait longer than
//! what the attempt has left fails the call at once, without sending it.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::time::Instant;

use super::{Charge, Quota, QuotaLimits, QuotaScope};
use crate::error::Error;

/// Token windows keyed from the crate's one quota table, shared by every clone of the
/// client it is given to (and by several clients, when given to each): a call waits until
/// every quota it draws from has room.
///
/// ```
/// use google_chat_grpc::ChatClient;
/// use google_chat_grpc::quotas::{QuotaLimits, QuotaPacer};
///
/// # async fn run() -> Result<(), google_chat_grpc::Error> {
/// // One pacer for two clients of the same project (the app, and a user it acts for).
/// let pacer = QuotaPacer::new(QuotaLimits::published());
/// let app = ChatClient::builder().pace_to_quotas(pacer.clone()).build().await?;
/// let user = ChatClient::builder().pace_to_quotas(pacer).build().await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct QuotaPacer {
    inner: Arc<Inner>,
}

struct Inner {
    limits: QuotaLimits,
    windows: Mutex<Windows>,
}

#[derive(Default)]
struct Windows {
    project: HashMap<Quota, Window>,
    spaces: HashMap<String, HashMap<Quota, Window>>,
    /// Spaces held before the next sweep of idle ones.
    sweep_at: usize,
    /// Numbers the calls in flight, to find each one's start again when it ends.
    next_id: u64,
}

/// One quota's window for one key.
#[derive(Default)]
struct Window {
    /// When the answers of recent calls came back, oldest first.
    done: VecDeque<Instant>,
    /// Calls sent and not yet answered, by when they were sent.
    in_flight: BTreeMap<(Instant, u64), ()>,
}

/// Spaces held before the first sweep of idle windows.
const FIRST_SWEEP: usize = 1024;

impl std::fmt::Debug for QuotaPacer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QuotaPacer")
            .field("limits", &self.inner.limits)
            .finish_non_exhaustive()
    }
}

impl From<QuotaLimits> for QuotaPacer {
    fn from(limits: QuotaLimits) -> Self {
        QuotaPacer::new(limits)
    }
}

/// A slot taken in each window a call draws from; dropping it (the answer came back, or
/// the attempt was abandoned) starts the slot's window.
pub(crate) struct Permit {
    inner: Arc<Inner>,
    space: Option<String>,
    quotas: Vec<Quota>,
    key: (Instant, u64),
}

impl Drop for Permit {
    fn drop(&mut self) {
        let mut windows = self.inner.lock();
        let now = Instant::now();
        let Windows {
            project, spaces, ..
        } = &mut *windows;
        let mut space = self.space.as_deref().and_then(|s| spaces.get_mut(s));
        for quota in &self.quotas {
            let window = match quota.scope() {
                QuotaScope::Space => space.as_mut().and_then(|s| s.get_mut(quota)),
                _ => project.get_mut(quota),
            };
            if let Some(window) = window {
                window.in_flight.remove(&self.key);
                window.done.push_back(now);
            }
        }
    }
}

impl QuotaPacer {
    /// A pacer for one project's calls, to `limits`.
    pub fn new(limits: QuotaLimits) -> Self {
        Self {
            inner: Arc::new(Inner {
                limits,
                windows: Mutex::new(Windows {
                    sweep_at: FIRST_SWEEP,
                    ..Windows::default()
                }),
            }),
        }
    }

    /// The limits it paces to.
    pub fn limits(&self) -> &QuotaLimits {
        &self.inner.limits
    }

    /// Waits until every quota of `charges` has a free slot and takes them, or fails at
    /// once if that would take longer than `budget`.
    pub(crate) async fn acquire<'a>(
        &self,
        charges: impl Iterator<Item = Charge<'a>>,
        budget: Duration,
    ) -> Result<Option<Permit>, Error> {
        let mut space: Option<&str> = None;
        let quotas: Vec<Quota> = charges
            .map(|c| {
                if c.space.is_some() {
                    space = c.space;
                }
                c.quota
            })
            .collect();
        if quotas.is_empty() {
            return Ok(None);
        }
        let start = Instant::now();
        let until = start.checked_add(budget);
        loop {
            let wake = {
                let mut windows = self.inner.lock();
                let now = Instant::now();
                match self.inner.free_at(&mut windows, space, &quotas, now)? {
                    None => {
                        let id = windows.next_id;
                        windows.next_id += 1;
                        let key = (now, id);
                        self.inner.take(&mut windows, space, &quotas, key);
                        return Ok(Some(Permit {
                            inner: self.inner.clone(),
                            space: space.map(str::to_owned),
                            quotas,
                            key,
                        }));
                    }
                    Some(at) => at,
                }
            };
            if until.is_some_and(|until| wake > until) {
                return Err(Error::paced_out(format!(
                    "pacing to the usage limits would wait {:?}, more than the {budget:?} the \
                     attempt has (its timeout or what the deadline leaves): not sent",
                    wake.saturating_duration_since(start)
                )));
            }
            tokio::time::sleep_until(wake).await;
        }
    }
}

impl Inner {
    fn lock(&self) -> std::sync::MutexGuard<'_, Windows> {
        // Nothing panics while holding it; the windows stay usable if something did.
        self.windows.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// `None` if every window has a free slot now, else the earliest time one might.
    fn free_at(
        &self,
        windows: &mut Windows,
        space: Option<&str>,
        quotas: &[Quota],
        now: Instant,
    ) -> Result<Option<Instant>, Error> {
        let span = self.span();
        let mut wake: Option<Instant> = None;
        for &quota in quotas {
            let limit = self.limits.limit(quota) as usize;
            if limit == 0 {
                return Err(Error::paced_out(format!(
                    "the limit of {} is 0 in the client's QuotaLimits: no call can go",
                    quota.name()
                )));
            }
            let window = match quota.scope() {
                QuotaScope::Space => space
                    .and_then(|s| windows.spaces.get_mut(s))
                    .and_then(|s| s.get_mut(&quota)),
                _ => windows.project.get_mut(&quota),
            };
            let Some(window) = window else { continue };
            if let Some(at) = window.free_at(limit, now, span) {
                wake = Some(wake.map_or(at, |w| w.max(at)));
            }
        }
        Ok(wake)
    }

    /// Takes a slot in every window for the call `key`.
    fn take(
        &self,
        windows: &mut Windows,
        space: Option<&str>,
        quotas: &[Quota],
        key: (Instant, u64),
    ) {
        if let Some(space) = space
            && !windows.spaces.contains_key(space)
        {
            if windows.spaces.len() >= windows.sweep_at {
                self.sweep(windows, key.0);
            }
            windows.spaces.insert(space.to_owned(), HashMap::new());
        }
        for &quota in quotas {
            let window = match quota.scope() {
                QuotaScope::Space => match space.and_then(|s| windows.spaces.get_mut(s)) {
                    Some(s) => s.entry(quota).or_default(),
                    None => continue,
                },
                _ => windows.project.entry(quota).or_default(),
            };
            window.in_flight.insert(key, ());
        }
    }

    /// How long a slot stays taken after its answer: the window, and a margin for the
    /// server's clock running a little faster than this one.
    fn span(&self) -> Duration {
        let window = self.limits.window();
        window + Duration::from_millis(1) + window / 1000
    }

    /// Forgets the spaces whose windows are empty.
    fn sweep(&self, windows: &mut Windows, now: Instant) {
        let span = self.span();
        windows.spaces.retain(|_, quotas| {
            quotas.retain(|_, w| {
                w.expire(now, span);
                !w.done.is_empty() || !w.in_flight.is_empty()
            });
            !quotas.is_empty()
        });
        windows.sweep_at = (windows.spaces.len() * 2).max(FIRST_SWEEP);
    }
}

impl Window {
    fn expire(&mut self, now: Instant, span: Duration) {
        while self
            .done
            .front()
            .is_some_and(|&t| t.checked_add(span).is_some_and(|end| end <= now))
        {
            self.done.pop_front();
        }
    }

    /// `None` if a slot is free at `now`, else the earliest time one might be: the slot
    /// that frees first is the oldest answered call's, one span after its answer; an
    /// unanswered call frees no earlier than one span after it was sent.
    fn free_at(&mut self, limit: usize, now: Instant, span: Duration) -> Option<Instant> {
        self.expire(now, span);
        let used = self.done.len() + self.in_flight.len();
        if used < limit {
            return None;
        }
        // The (used - limit + 1)th slot to free, over both kinds in time order.
        let nth = used - limit;
        let mut done = self.done.iter().copied().peekable();
        let mut sent = self.in_flight.keys().map(|k| k.0).peekable();
        let mut at = None;
        for _ in 0..=nth {
            at = match (done.peek(), sent.peek()) {
                (Some(d), Some(s)) if s < d => sent.next(),
                (Some(_), _) => done.next(),
                (None, Some(_)) => sent.next(),
                (None, None) => None,
            };
        }
        match at.and_then(|t| t.checked_add(span)) {
            Some(t) if t > now => Some(t),
            // A call unanswered for longer than a window: look again shortly.
            _ => Some(now + (span / 100).max(Duration::from_millis(1))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quotas::method_charges;

    fn pacer(limit: u32) -> QuotaPacer {
        QuotaPacer::new(
            QuotaLimits::published()
                .with_limit(Quota::WritesPerSpace, limit)
                .with_window(Duration::from_secs(10)),
        )
    }

    /// In virtual time: `limit` calls go at once; the next waits one window after the
    /// first answer; a wait past the budget fails at once.
    #[tokio::test(start_paused = true)]
    async fn calls_wait_for_a_free_slot() {
        let pacer = pacer(2);
        let write = || method_charges("spaces.messages.create", "spaces/A/messages/M");
        let t0 = Instant::now();
        let a = pacer.acquire(write(), Duration::MAX).await.unwrap();
        let b = pacer.acquire(write(), Duration::MAX).await.unwrap();
        assert_eq!(Instant::now(), t0, "within the limit, no wait");
        tokio::time::advance(Duration::from_secs(1)).await;
        drop(a);
        drop(b);
        let err = pacer
            .acquire(write(), Duration::from_secs(5))
            .await
            .err()
            .expect("the wait is about 10 s");
        assert_eq!(err.kind(), crate::ErrorKind::Timeout);
        assert!(err.to_string().contains("would wait"), "{err}");
        assert_eq!(
            Instant::now(),
            t0 + Duration::from_secs(1),
            "failed at once"
        );
        let _c = pacer.acquire(write(), Duration::MAX).await.unwrap();
        let waited = Instant::now() - t0;
        let span = pacer.inner.span();
        assert!(
            waited >= Duration::from_secs(1) + span && waited <= Duration::from_secs(2) + span,
            "{waited:?}"
        );
        // Another space has its own window.
        let other = method_charges("spaces.messages.create", "spaces/B");
        let before = Instant::now();
        let _d = pacer.acquire(other, Duration::MAX).await.unwrap();
        assert_eq!(Instant::now(), before);
    }

    /// An unanswered call holds its slot: the next waits at least a window after it was
    /// sent, then until its answer plus a window.
    #[tokio::test(start_paused = true)]
    async fn unanswered_calls_hold_their_slot() {
        let pacer = pacer(1);
        let write = || method_charges("spaces.messages.create", "spaces/A");
        let t0 = Instant::now();
        let a = pacer.acquire(write(), Duration::MAX).await.unwrap();
        let waiter = tokio::spawn({
            let pacer = pacer.clone();
            async move {
                let _p = pacer.acquire(write(), Duration::MAX).await.unwrap();
                Instant::now()
            }
        });
        tokio::time::sleep(Duration::from_secs(12)).await;
        drop(a);
        let went = waiter.await.unwrap();
        assert!(went >= t0 + Duration::from_secs(22), "{:?}", went - t0);
    }

    #[tokio::test(start_paused = true)]
    async fn a_zero_limit_fails_at_once() {
        let err = pacer(0)
            .acquire(
                method_charges("spaces.messages.create", "spaces/A"),
                Duration::MAX,
            )
            .await
            .err()
            .unwrap();
        assert!(err.to_string().contains("is 0"), "{err}");
    }
}
