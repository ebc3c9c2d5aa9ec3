//! Chat's usage limits, enforced (opt-in: [`EmulatorBuilder::quotas`](super::EmulatorBuilder::quotas)):
//! one sliding window per quota and key (a space, or the caller's project) over the crate's
//! one table ([`crate::quotas`]), timed by the emulator's clock so tests can move it
//! forward. A call over a limit is refused before its handler runs and takes no slot.
//!
//! The project is `x-goog-user-project` when the call carries it (what
//! [`ClientBuilder::quota_project`](crate::ClientBuilder::quota_project) sends), else one
//! default project for the whole emulator, [`DEFAULT_QUOTA_PROJECT`](super::DEFAULT_QUOTA_PROJECT).

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use tonic::Status;
use tonic::metadata::MetadataMap;

use super::errors::{Exceeded, quota_exceeded};
use super::state::State;
use crate::RpcRequest;
use crate::quotas::{Charge, Quota, QuotaLimits, QuotaScope};

/// The windows of every quota the emulator has seen used.
#[derive(Debug)]
pub(crate) struct Quotas {
    limits: QuotaLimits,
    /// Quota → key (space or project) → the times of the calls admitted in the last window,
    /// oldest first.
    windows: HashMap<Quota, HashMap<String, VecDeque<Instant>>>,
    /// Keys held, and how many before the next sweep of idle ones.
    keys: usize,
    sweep_at: usize,
}

/// Keys held before the first sweep of idle windows.
const FIRST_SWEEP: usize = 4096;

impl Quotas {
    pub(crate) fn new(limits: QuotaLimits) -> Self {
        Self {
            limits,
            windows: HashMap::new(),
            keys: 0,
            sweep_at: FIRST_SWEEP,
        }
    }

    /// Admits a call drawing `charges` at `now`, or refuses it with the quotas it would
    /// exceed. An admitted call takes one slot of each.
    fn admit<'a>(
        &mut self,
        now: Instant,
        project: &str,
        charges: impl Iterator<Item = Charge<'a>>,
    ) -> Result<(), Status> {
        let window = self.limits.window();
        let charges: Vec<(Quota, &str)> = charges
            .map(|c| match (c.quota.scope(), c.space) {
                (QuotaScope::Space, Some(space)) => (c.quota, space),
                _ => (c.quota, project),
            })
            .collect();
        let mut exceeded = Vec::new();
        for &(quota, key) in &charges {
            let limit = self.limits.limit(quota);
            let times = self.windows.get_mut(&quota).and_then(|w| w.get_mut(key));
            let used = times.map_or(0, |times| {
                expire(times, now, window);
                times.len()
            });
            if used >= limit as usize {
                exceeded.push(Exceeded {
                    quota,
                    subject: key.to_owned(),
                    limit,
                    retry_after: self.free_in(quota, key, now, used + 1 - limit as usize),
                });
            }
        }
        if !exceeded.is_empty() {
            return Err(quota_exceeded(&exceeded, project, window));
        }
        for (quota, key) in charges {
            let keys = self.windows.entry(quota).or_default();
            match keys.get_mut(key) {
                Some(times) => times.push_back(now),
                None => {
                    keys.insert(key.to_owned(), VecDeque::from([now]));
                    self.keys += 1;
                }
            }
        }
        if self.keys >= self.sweep_at {
            self.sweep(now);
        }
        Ok(())
    }

    /// How long until `n` more slots of `quota` for `key` free up: the `n`th oldest call
    /// leaves the window then. A limit of zero never frees; a window's length is said then.
    fn free_in(&self, quota: Quota, key: &str, now: Instant, n: usize) -> Duration {
        let window = self.limits.window();
        self.windows
            .get(&quota)
            .and_then(|w| w.get(key))
            .and_then(|times| times.get(n.checked_sub(1)?))
            .and_then(|&oldest| oldest.checked_add(window))
            .map_or(window, |free| free.saturating_duration_since(now))
    }

    /// Drops the windows with no call left in them, so keys that were used once (a space
    /// since deleted, a mistyped name) do not pile up.
    fn sweep(&mut self, now: Instant) {
        let window = self.limits.window();
        self.keys = 0;
        for keys in self.windows.values_mut() {
            keys.retain(|_, times| {
                expire(times, now, window);
                !times.is_empty()
            });
            self.keys += keys.len();
        }
        self.sweep_at = (self.keys * 2).max(FIRST_SWEEP);
    }
}

/// Forgets the calls that left the window: a call at `t` counts until `t + window`.
fn expire(times: &mut VecDeque<Instant>, now: Instant, window: Duration) {
    // A window past what `Instant` can hold never ends.
    while times
        .front()
        .is_some_and(|&t| t.checked_add(window).is_some_and(|end| end <= now))
    {
        times.pop_front();
    }
}

/// The project a call is charged to: its `x-goog-user-project`, else the emulator's default.
fn project(headers: &http::HeaderMap) -> &str {
    headers
        .get("x-goog-user-project")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .unwrap_or(super::DEFAULT_QUOTA_PROJECT)
}

/// The quota check of one RPC, once the caller is known (`EmulatorService::call`).
pub(crate) fn check<R: RpcRequest>(
    state: &mut State,
    metadata: &MetadataMap,
    request: &R,
) -> Result<(), Status> {
    let now = state.clock.monotonic();
    match state.quotas.as_mut() {
        Some(quotas) => quotas.admit(
            now,
            project(metadata.as_ref()),
            crate::quotas::charges(request),
        ),
        None => Ok(()),
    }
}

/// The quota check of a media endpoint's request (`media.upload` on its parent space,
/// `media.download` on its resource name), which is no RPC message: the same table
/// ([`crate::quotas::METHOD_QUOTAS`]) by the method's REST name.
pub(crate) fn check_method(
    state: &mut State,
    headers: &http::HeaderMap,
    method: &str,
    name: &str,
) -> Result<(), Status> {
    let now = state.clock.monotonic();
    match state.quotas.as_mut() {
        Some(quotas) => quotas.admit(
            now,
            project(headers),
            crate::quotas::method_charges(method, name),
        ),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tonic_types::StatusExt;

    /// Windows slide: a slot frees exactly `window` after the call that took it, and the
    /// refusal says when.
    #[test]
    fn a_slot_frees_one_window_after_its_call() {
        let limits = QuotaLimits::published()
            .with_limit(Quota::WritesPerSpace, 2)
            .with_window(Duration::from_secs(10));
        let mut q = Quotas::new(limits);
        let t0 = Instant::now();
        let write = || crate::quotas::method_charges("spaces.messages.create", "spaces/A");
        q.admit(t0, "p", write()).unwrap();
        q.admit(t0 + Duration::from_secs(4), "p", write()).unwrap();
        let refused = q
            .admit(t0 + Duration::from_secs(5), "p", write())
            .unwrap_err();
        let details = refused.get_error_details();
        assert_eq!(
            details.retry_info().unwrap().retry_delay,
            Some(Duration::from_secs(5))
        );
        q.admit(t0 + Duration::from_secs(10), "p", write()).unwrap();
        assert!(q.admit(t0 + Duration::from_secs(13), "p", write()).is_err());
        q.admit(t0 + Duration::from_secs(14), "p", write()).unwrap();
    }

    #[test]
    fn idle_windows_are_swept() {
        let mut q = Quotas::new(
            QuotaLimits::published()
                .with_limit(Quota::SpaceReads, 10_000)
                .with_window(Duration::from_secs(1)),
        );
        let t0 = Instant::now();
        for i in 0..FIRST_SWEEP {
            let name = format!("spaces/S{i}");
            q.admit(t0, "p", crate::quotas::method_charges("spaces.get", &name))
                .unwrap();
        }
        let later = t0 + Duration::from_secs(2);
        q.admit(
            later,
            "p",
            crate::quotas::method_charges("spaces.get", "spaces/X"),
        )
        .unwrap();
        q.sweep(later);
        assert_eq!(q.keys, 2, "spaces/X and the project");
    }
}
