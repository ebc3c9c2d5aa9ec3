//! [`TokenCache`]: one token per source, fetched by one task at a time and refreshed ahead
//! of its expiry.
//!
//! # Shape: a watch channel per fetch, not google-cloud-rust's refresh task
//!
//! google-cloud-rust's `token_cache.rs` runs one task for a cache's whole life: it fetches
//! when the cache is made, sleeps until the refresh window, fetches again, and publishes
//! every outcome on a `tokio::sync::watch` that callers read. Taken whole, that would break
//! guarantees this cache gives: a failure stays published until the task's next try (here
//! a failure is never cached: the next call fetches again), it fetches before any call and
//! keeps fetching for an idle client, and [`TokenCache::new`] would need a runtime.
//!
//! What makes it simpler is kept: a fetch is a task of its own, which publishes its one
//! outcome on a watch channel, and every call waiting for it reads the outcome there. The
//! state is then the token and the fetch in flight, if any. There is no second (async) lock
//! to queue on, no fetch counter and stored last error to tell a waiter what the fetch it
//! queued behind did, no background flag: the guarantees below follow from "one fetch in
//! flight, and its outcome goes to whoever waited for it". And a fetch no longer belongs to
//! the call that started it: a caller that gives up (its timeout, a cancel) does not abort
//! the fetch others wait for, and a source that panics ends its fetch like a failure (the
//! waiters get an [`AuthError`]) instead of leaving a background refresh marked running
//! forever, which turned refresh ahead off for the life of the client.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use http::HeaderValue;
use tokio::sync::watch;

use super::{AuthError, TokenSource};

/// Caches the token of a [`TokenSource`] and refreshes it ahead of expiry.
///
/// - A token within `refresh_ahead` of its expiry is still handed out while *one*
///   background task (started by a call) fetches the next one. A token closer than 10 s to
///   its expiry is not used: the calls then wait for a fetch.
/// - A source that hands back the same token again (same expiry) is asked again at most
///   every 10 s. This is what happens with gcp_auth's own caching providers, which keep a
///   token until 20 s before its expiry: for the sources
///   [`Credentials::application_default`](super::Credentials::application_default) leaves
///   to gcp_auth (gcloud's ADC file, the metadata server, the gcloud CLI) the refresh window
///   is in fact those last 20 s (the new token arrives 20 to 10 s before expiry, or the next
///   call waits for it), whatever `refresh_ahead` says. Service account keys, user
///   credentials files, [`Credentials::metadata_server`](super::Credentials::metadata_server)
///   and your own sources bypass it: for them the window is `refresh_ahead`.
/// - With no usable token, the calls wait for one fetch: the first starts it, the others
///   join it (N concurrent calls, one fetch).
/// - A failed fetch is shared, not repeated: every call that waited for it gets its error
///   (N concurrent calls during an outage, one fetch). It is never cached: the next call
///   after it tries again. A source that panics fails its fetch the same way.
///
/// Fetches run as tasks of their own (`tokio::spawn`), so a call that gives up waiting
/// does not abort a fetch other calls wait for.
pub struct TokenCache {
    source: Arc<dyn TokenSource>,
    refresh_ahead: Duration,
    state: Mutex<CacheState>,
}

#[derive(Default)]
struct CacheState {
    current: Option<CachedToken>,
    /// The fetch in flight, if any. It sends its outcome here once, when it ends; the calls
    /// waiting for it have subscribed.
    fetching: Option<watch::Sender<Option<Outcome>>>,
}

/// What a fetch gives the calls that waited for it.
type Outcome = Result<HeaderValue, AuthError>;

#[derive(Clone)]
struct CachedToken {
    header: HeaderValue,
    expires_at: Option<SystemTime>,
    /// Do not ask the source again before this, even in the refresh window: gcp_auth caches
    /// too and may hand back the same token until shortly before expiry.
    next_refresh: Option<SystemTime>,
}

impl fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenCache")
            .field("refresh_ahead", &self.refresh_ahead)
            .finish_non_exhaustive()
    }
}

/// Tokens closer to expiry than this are not used at all.
pub(super) const EXPIRY_MARGIN: Duration = Duration::from_secs(10);

/// How often a source that hands back the same token is asked again.
const SAME_TOKEN_RETRY: Duration = Duration::from_secs(10);

/// What [`TokenCache::lookup`] found.
enum Lookup {
    /// A usable token's header.
    Token(HeaderValue),
    /// No usable token; the fetch to wait for (`lookup(true)` only).
    Wait(watch::Receiver<Option<Outcome>>),
    /// No usable token (`lookup(false)` only).
    Missing,
}

impl TokenCache {
    /// The default refresh window: 4 minutes before expiry (Google tokens live an hour).
    pub const DEFAULT_REFRESH_AHEAD: Duration = Duration::from_secs(240);

    /// A cache over `source`, refreshing `refresh_ahead` before expiry.
    pub fn new(source: Arc<dyn TokenSource>, refresh_ahead: Duration) -> Arc<Self> {
        Arc::new(Self {
            source,
            refresh_ahead,
            state: Mutex::new(CacheState::default()),
        })
    }

    /// The `authorization` header for the next request.
    pub async fn header(self: &Arc<Self>) -> Result<HeaderValue, AuthError> {
        let mut outcome = match self.lookup(true) {
            Lookup::Token(header) => return Ok(header),
            Lookup::Wait(outcome) => outcome,
            Lookup::Missing => unreachable!("lookup(true) waits for a fetch"),
        };
        match outcome.wait_for(Option::is_some).await {
            Ok(outcome) => outcome.clone().unwrap_or_else(|| Err(abandoned())),
            // The fetch always sends before it goes; this is only in case it could not.
            Err(_) => Err(abandoned()),
        }
    }

    /// The cached header if still usable, starting a background refresh when it is due.
    /// Synchronous, so the common path of a call needs no future of its own.
    pub(crate) fn cached(self: &Arc<Self>) -> Option<HeaderValue> {
        match self.lookup(false) {
            Lookup::Token(header) => Some(header),
            Lookup::Wait(_) | Lookup::Missing => None,
        }
    }

    fn lock_state(&self) -> std::sync::MutexGuard<'_, CacheState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The usable token, starting a background refresh when it is due; without one, and if
    /// `wait`, the fetch to wait for, started if none is in flight. The fetch task is
    /// spawned after the lock is released, so a failing spawn cannot leave it held.
    fn lookup(self: &Arc<Self>, wait: bool) -> Lookup {
        let mut start = None;
        let found = {
            let mut state = self.lock_state();
            match self.usable(&state) {
                Some((header, due)) => {
                    if due && state.fetching.is_none() {
                        state.fetching = Some(watch::Sender::new(None));
                        start = Some(Fetch::new(self, true));
                    }
                    Lookup::Token(header)
                }
                None if !wait => Lookup::Missing,
                None => {
                    let fetching = state.fetching.get_or_insert_with(|| {
                        start = Some(Fetch::new(self, false));
                        watch::Sender::new(None)
                    });
                    Lookup::Wait(fetching.subscribe())
                }
            }
        };
        if let Some(fetch) = start {
            tokio::spawn(fetch.run());
        }
        found
    }

    /// The current token's header if it may still be used, and whether a refresh is due.
    fn usable(&self, state: &CacheState) -> Option<(HeaderValue, bool)> {
        let token = state.current.as_ref()?;
        // A token without expiry (a static one) needs no clock read.
        let Some(expires_at) = token.expires_at else {
            return Some((token.header.clone(), false));
        };
        let now = SystemTime::now();
        if now + EXPIRY_MARGIN >= expires_at {
            return None;
        }
        let due = now + self.refresh_ahead >= expires_at
            && token.next_refresh.is_none_or(|next| now >= next);
        Some((token.header.clone(), due))
    }

    async fn fetch_token(&self) -> Result<Fetched, AuthError> {
        let token = self.source.token().await?;
        let header = token.access_token.header_value()?;
        Ok(Fetched {
            header,
            expires_at: token.expires_at,
            at: SystemTime::now(),
        })
    }
}

/// The error of a fetch that ended without an answer from its source.
fn abandoned() -> AuthError {
    AuthError::new(
        "the token fetch ended without an answer: the token source panicked, or the runtime \
         is shutting down",
    )
}

/// A token from the source, and when it came.
struct Fetched {
    header: HeaderValue,
    expires_at: Option<SystemTime>,
    at: SystemTime,
}

/// The fetch in flight: the task that asks the source, and whose end (in `Drop`, however it
/// comes: an answer, a panic in the source, the task dropped) stores the token and hands the
/// outcome to the calls waiting for it.
struct Fetch {
    cache: Arc<TokenCache>,
    /// Started by a call that had a usable token, to refresh it ahead of expiry.
    background: bool,
    fetched: Option<Result<Fetched, AuthError>>,
}

impl Fetch {
    fn new(cache: &Arc<TokenCache>, background: bool) -> Self {
        Self {
            cache: Arc::clone(cache),
            background,
            fetched: None,
        }
    }

    async fn run(mut self) {
        self.fetched = Some(self.cache.fetch_token().await);
        // Dropping `self` ends the fetch.
    }
}

impl Drop for Fetch {
    fn drop(&mut self) {
        let fetched = self.fetched.take();
        let mut state = self.cache.lock_state();
        // Ours: no other fetch starts while this one is in the state.
        let fetching = state.fetching.take();
        let outcome = match fetched {
            Some(Ok(fetched)) => {
                let unchanged = state
                    .current
                    .as_ref()
                    .is_some_and(|c| c.expires_at == fetched.expires_at);
                state.current = Some(CachedToken {
                    header: fetched.header.clone(),
                    expires_at: fetched.expires_at,
                    next_refresh: unchanged.then(|| fetched.at + SAME_TOKEN_RETRY),
                });
                Ok(fetched.header)
            }
            // Not cached: the token (if still valid) stays, and the next call past the
            // window, or without a usable token, fetches again.
            Some(Err(error)) => Err(error),
            None => Err(abandoned()),
        };
        drop(state);
        if self.background
            && let Err(e) = &outcome
        {
            tracing::warn!(error = %e, "background token refresh failed");
        }
        if let Some(fetching) = fetching {
            fetching.send_replace(Some(outcome));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;
    use crate::auth::{AccessToken, BoxFuture, Token};

    /// Panics on its first fetch, then hands out 60 s tokens.
    #[derive(Default)]
    struct PanicsOnce {
        fetches: AtomicUsize,
    }

    impl TokenSource for PanicsOnce {
        fn token(&self) -> BoxFuture<'_, Result<Token, AuthError>> {
            Box::pin(async move {
                let n = self.fetches.fetch_add(1, Ordering::SeqCst) + 1;
                assert!(n != 2, "the source panics on its second fetch");
                let expires = SystemTime::now() + Duration::from_secs(60);
                Ok(Token::new(
                    AccessToken::new(format!("token-{n}")),
                    Some(expires),
                ))
            })
        }
    }

    /// A panicking source fails the fetch for its waiters and the background refresh, and
    /// refresh ahead keeps working after it.
    #[tokio::test]
    async fn a_source_that_panics_does_not_stop_refresh_ahead() {
        let source = Arc::new(PanicsOnce::default());
        // 60 s tokens refreshed 120 s ahead: every token is due at once.
        let cache = TokenCache::new(source.clone(), Duration::from_secs(120));
        assert_eq!(cache.header().await.unwrap(), "Bearer token-1");

        // Due: a background refresh starts, whose source panics. The token is still served.
        assert_eq!(cache.cached().unwrap(), "Bearer token-1");
        for _ in 0..100 {
            if source.fetches.load(Ordering::SeqCst) == 2 && cache.lock_state().fetching.is_none() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        assert!(
            cache.lock_state().fetching.is_none(),
            "the fetch never ended"
        );

        // The next call starts another refresh, which works.
        assert_eq!(cache.cached().unwrap(), "Bearer token-1");
        for _ in 0..100 {
            if cache.cached().unwrap() == "Bearer token-3" {
                return;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        panic!("refresh ahead stopped after the source panicked");
    }

    /// Hands out nothing: its fetch never ends until the task is dropped.
    struct Hangs;

    impl TokenSource for Hangs {
        fn token(&self) -> BoxFuture<'_, Result<Token, AuthError>> {
            Box::pin(std::future::pending())
        }
    }

    /// A caller that gives up waiting does not take the fetch down with it; a fetch that
    /// is dropped unfinished (a runtime shutting down) leaves its waiters an error and the
    /// cache free to fetch again.
    #[test]
    fn a_fetch_outlives_its_caller_and_a_dropped_one_frees_the_cache() {
        let cache = TokenCache::new(Arc::new(Hangs), Duration::from_secs(60));
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        let waiter = runtime.block_on(async {
            let gave_up = tokio::time::timeout(Duration::from_millis(20), cache.header()).await;
            assert!(gave_up.is_err(), "the hanging source answered");
            assert!(
                cache.lock_state().fetching.is_some(),
                "the fetch went with its caller"
            );
            let Lookup::Wait(waiter) = cache.lookup(true) else {
                panic!("no fetch to wait for");
            };
            waiter
        });
        drop(runtime);
        assert!(
            cache.lock_state().fetching.is_none(),
            "the dropped fetch is still in flight"
        );
        let outcome = waiter.borrow().clone().expect("an outcome for the waiters");
        let err = outcome.unwrap_err();
        assert!(err.to_string().contains("without an answer"), "{err}");
    }
}
