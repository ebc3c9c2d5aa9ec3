//! [`TokenCache`]: one token per source, fetched by one task at a time and refreshed ahead
//! of its expiry.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use http::HeaderValue;

use super::{AuthError, TokenSource};

/// Caches the token of a [`TokenSource`] and refreshes it ahead of expiry.
///
/// - A token within `refresh_ahead` of its expiry is still handed out while *one*
///   background task (started by a call) fetches the next one. A token closer than 10 s to
///   its expiry is not used: the calls then wait for a fetch.
/// - A source that hands back the same token again (same expiry) is asked again at most
///   every 10 s. This is what happens with gcp_auth's own caching providers, which keep a
///   token until 20 s before its expiry: for [`Credentials::metadata_server`](super::Credentials::metadata_server), gcloud's ADC
///   file and the gcloud CLI the refresh window is in fact those last 20 s (the new token
///   arrives 20 to 10 s before expiry, or the next call waits for it), whatever
///   `refresh_ahead` says. Service account keys, user credentials files and your own
///   sources bypass it: for them the window is `refresh_ahead`.
/// - With no usable token, callers queue on one lock: the first fetches, the others find
///   the fresh token when they get the lock (N concurrent calls, one fetch).
/// - A failed fetch is shared, not repeated: every caller that queued behind it gets its
///   error (N concurrent calls during an outage, one fetch). It is never cached: the next
///   call after it tries again.
pub struct TokenCache {
    source: Arc<dyn TokenSource>,
    refresh_ahead: Duration,
    state: Mutex<CacheState>,
    fetch: tokio::sync::Mutex<()>,
}

#[derive(Default)]
struct CacheState {
    current: Option<CachedToken>,
    background_refresh: bool,
    /// Fetches finished so far, successful or not: a caller that saw an older count before
    /// it queued has waited for a fetch, and takes that fetch's outcome.
    fetches: u64,
    /// The error of the last fetch, if it failed. Only callers that queued before it
    /// finished get it; later ones fetch again.
    last_error: Option<AuthError>,
}

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
const EXPIRY_MARGIN: Duration = Duration::from_secs(10);

impl TokenCache {
    /// The default refresh window: 4 minutes before expiry (Google tokens live an hour).
    pub const DEFAULT_REFRESH_AHEAD: Duration = Duration::from_secs(240);

    /// A cache over `source`, refreshing `refresh_ahead` before expiry.
    pub fn new(source: Arc<dyn TokenSource>, refresh_ahead: Duration) -> Arc<Self> {
        Arc::new(Self {
            source,
            refresh_ahead,
            state: Mutex::new(CacheState::default()),
            fetch: tokio::sync::Mutex::new(()),
        })
    }

    /// The `authorization` header for the next request.
    pub async fn header(self: &Arc<Self>) -> Result<HeaderValue, AuthError> {
        if let Some(header) = self.cached() {
            return Ok(header);
        }
        let seen = self.lock_state().fetches;
        let _fetching = self.fetch.lock().await;
        // Someone else may have fetched while we waited for the lock.
        if let Some(header) = self.cached() {
            return Ok(header);
        }
        // ... and failed: its error is ours too, rather than one more fetch per waiter.
        {
            let state = self.lock_state();
            if state.fetches != seen
                && let Some(error) = &state.last_error
            {
                return Err(error.clone());
            }
        }
        self.fetch_and_store().await
    }

    fn lock_state(&self) -> std::sync::MutexGuard<'_, CacheState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The cached header if still usable, starting a background refresh when it is due.
    /// Synchronous, so the auth layer's common path needs no boxed future.
    pub(crate) fn cached(self: &Arc<Self>) -> Option<HeaderValue> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let token = state.current.as_ref()?;
        // A token without expiry (a static one) needs no clock read.
        let Some(expires_at) = token.expires_at else {
            return Some(token.header.clone());
        };
        let now = SystemTime::now();
        if now + EXPIRY_MARGIN >= expires_at {
            return None;
        }
        let header = token.header.clone();
        let due = now + self.refresh_ahead >= expires_at
            && token.next_refresh.is_none_or(|next| now >= next);
        if due && !state.background_refresh {
            state.background_refresh = true;
            let cache = Arc::clone(self);
            tokio::spawn(async move {
                let _fetching = cache.fetch.lock().await;
                // A failure here is not cached; callers keep the valid token and the next
                // call past the window tries again (only callers that queued behind this
                // fetch, the token having expired meanwhile, get its error).
                let result = cache.fetch_and_store().await;
                if let Err(e) = result {
                    tracing::warn!(error = %e, "background token refresh failed");
                }
                cache
                    .state
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .background_refresh = false;
            });
        }
        Some(header)
    }

    /// Fetches a token (the caller holds `fetch`) and records the outcome.
    async fn fetch_and_store(&self) -> Result<HeaderValue, AuthError> {
        let result = self.fetch_token().await;
        let mut state = self.lock_state();
        state.fetches += 1;
        match result {
            Ok((header, expires_at, now)) => {
                state.last_error = None;
                let unchanged = state
                    .current
                    .as_ref()
                    .is_some_and(|c| c.expires_at == expires_at);
                state.current = Some(CachedToken {
                    header: header.clone(),
                    expires_at,
                    next_refresh: unchanged.then(|| now + Duration::from_secs(10)),
                });
                Ok(header)
            }
            Err(error) => {
                state.last_error = Some(error.clone());
                Err(error)
            }
        }
    }

    async fn fetch_token(
        &self,
    ) -> Result<(HeaderValue, Option<SystemTime>, SystemTime), AuthError> {
        let token = self.source.token().await?;
        let header = token.access_token.header_value()?;
        Ok((header, token.expires_at, SystemTime::now()))
    }
}
