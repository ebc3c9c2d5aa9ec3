//! When to try a call again and how long to wait: the retry [`RetryPolicy`], the jittered
//! [`ExponentialBackoff`], and the shared [`RetryBudget`] that bounds retry storms.
//!
//! The defaults are those of Google's own Chat clients (Go, Python, Node share one service
//! config): retry only `UNAVAILABLE`, wait 1 s growing x1.3 per attempt up to 10 s, 30 s
//! per attempt. Retries happen at the typed level, re-sending a clone of the prost request:
//! the decision needs the call's final status (a unary success carries `grpc-status` in the
//! trailers), and an HTTP body cannot be replayed.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use tonic::Code;
use tower::retry::budget::{Budget, TpsBudget};

use crate::error::{Error, ErrorKind};
use crate::rpc::Idempotency;

/// Decides whether a failed attempt is worth another.
///
/// ```
/// use google_chat_grpc::retry::{DefaultRetryPolicy, RetryPolicy};
/// use google_chat_grpc::Error;
///
/// let policy = DefaultRetryPolicy::default();
/// assert!(policy.should_retry(&Error::from(tonic::Status::unavailable("")), 1));
/// assert!(!policy.should_retry(&Error::from(tonic::Status::invalid_argument("")), 1));
/// assert!(!policy.should_retry(&Error::from(tonic::Status::resource_exhausted("")), 1));
/// ```
pub trait RetryPolicy: fmt::Debug + Send + Sync + 'static {
    /// Whether to try again after `error`, which ended attempt number `attempt` (1-based).
    fn should_retry(&self, error: &Error, attempt: u32) -> bool;
}

/// Google's policy: retry `UNAVAILABLE` (which includes broken connections), up to
/// `max_attempts`; optionally `RESOURCE_EXHAUSTED` (Chat's quota errors), which then waits
/// for the server's `RetryInfo` delay when there is one.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct DefaultRetryPolicy {
    /// Attempts in all, the first included. The deadline usually stops retries first.
    pub max_attempts: u32,
    /// Also retry `RESOURCE_EXHAUSTED`.
    pub retry_resource_exhausted: bool,
}

impl Default for DefaultRetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 10,
            retry_resource_exhausted: false,
        }
    }
}

impl DefaultRetryPolicy {
    /// Sets the total number of attempts.
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts;
        self
    }

    /// Opts in to retrying `RESOURCE_EXHAUSTED`.
    pub fn with_resource_exhausted(mut self, retry: bool) -> Self {
        self.retry_resource_exhausted = retry;
        self
    }
}

impl RetryPolicy for DefaultRetryPolicy {
    fn should_retry(&self, error: &Error, attempt: u32) -> bool {
        if attempt >= self.max_attempts {
            return false;
        }
        match error.kind() {
            // No token, a bad request, a bad config: the same call fails the same way.
            ErrorKind::Auth | ErrorKind::InvalidArgument | ErrorKind::Config => false,
            // Not a Chat code: Google's clients do not retry DEADLINE_EXCEEDED either.
            ErrorKind::Timeout => false,
            _ => match error.code() {
                Some(Code::Unavailable) => true,
                Some(Code::ResourceExhausted) => self.retry_resource_exhausted,
                _ => false,
            },
        }
    }
}

/// Never retries.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoRetry;

impl RetryPolicy for NoRetry {
    fn should_retry(&self, _: &Error, _: u32) -> bool {
        false
    }
}

/// Exponential backoff with full jitter: before retry `n` (1-based), wait a uniformly
/// random time in `[0, min(max, initial * multiplier^(n-1))]`.
///
/// ```
/// use google_chat_grpc::retry::ExponentialBackoff;
/// use std::time::Duration;
///
/// let backoff = ExponentialBackoff::default();
/// assert_eq!(backoff.ceiling(1), Duration::from_secs(1));
/// assert_eq!(backoff.ceiling(2), Duration::from_millis(1300));
/// assert_eq!(backoff.ceiling(30), Duration::from_secs(10));
/// assert!(backoff.delay(3) <= backoff.ceiling(3));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct ExponentialBackoff {
    /// Ceiling of the first wait.
    pub initial: Duration,
    /// Growth of the ceiling per retry.
    pub multiplier: f64,
    /// Largest ceiling.
    pub max: Duration,
}

impl Default for ExponentialBackoff {
    fn default() -> Self {
        Self {
            initial: Duration::from_secs(1),
            multiplier: 1.3,
            max: Duration::from_secs(10),
        }
    }
}

impl ExponentialBackoff {
    /// A backoff from `initial`, growing by `multiplier`, capped at `max`.
    pub fn new(initial: Duration, multiplier: f64, max: Duration) -> Self {
        Self {
            initial,
            multiplier: multiplier.max(1.0),
            max,
        }
    }

    /// The largest wait before retry `retry` (1-based).
    pub fn ceiling(&self, retry: u32) -> Duration {
        let exp = i32::try_from(retry.saturating_sub(1)).unwrap_or(i32::MAX);
        let secs = self.initial.as_secs_f64() * self.multiplier.powi(exp);
        if !secs.is_finite() || secs >= self.max.as_secs_f64() {
            self.max
        } else {
            Duration::from_secs_f64(secs)
        }
    }

    /// A jittered wait before retry `retry`.
    pub fn delay(&self, retry: u32) -> Duration {
        self.ceiling(retry).mul_f64(fastrand::f64())
    }
}

/// Bounds retries across all calls of a client, so an outage does not multiply the load:
/// each call deposits, each retry withdraws (tower's `TpsBudget`). With the default, retries
/// may add 20% to the call rate, plus 10 retries per second in any case.
///
/// ```
/// use google_chat_grpc::retry::RetryBudget;
/// use std::time::Duration;
///
/// let budget = RetryBudget::new(Duration::from_secs(10), 0, 0.5);
/// budget.deposit();
/// budget.deposit();
/// assert!(budget.withdraw());
/// assert!(!budget.withdraw());
/// ```
#[derive(Clone)]
pub struct RetryBudget(Arc<TpsBudget>);

impl RetryBudget {
    /// Deposits are remembered for `ttl`; `min_per_sec` retries are always allowed; each
    /// call allows `retry_percent` (0.0 to 1000.0) retries.
    pub fn new(ttl: Duration, min_per_sec: u32, retry_percent: f32) -> Self {
        Self(Arc::new(TpsBudget::new(ttl, min_per_sec, retry_percent)))
    }

    /// Records a call.
    pub fn deposit(&self) {
        self.0.deposit();
    }

    /// Takes the allowance for one retry; `false` if the budget is spent.
    pub fn withdraw(&self) -> bool {
        self.0.withdraw()
    }
}

impl Default for RetryBudget {
    fn default() -> Self {
        Self::new(Duration::from_secs(10), 10, 0.2)
    }
}

impl fmt::Debug for RetryBudget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("RetryBudget").field(&self.0).finish()
    }
}

/// Everything the retry loop needs for one call.
#[derive(Debug, Clone)]
pub(crate) struct RetrySettings {
    pub(crate) policy: Arc<dyn RetryPolicy>,
    pub(crate) backoff: ExponentialBackoff,
    pub(crate) budget: Option<RetryBudget>,
    pub(crate) attempt_timeout: Duration,
    pub(crate) deadline: Duration,
}

#[cfg(feature = "media")]
impl RetrySettings {
    /// These settings with a call's options applied, owned: a media transfer makes many
    /// requests (chunks, resumes) and a download stream outlives any borrow. `class` is the
    /// method's: Google's config retries nothing of a `NonIdempotent` one unless the options
    /// give a policy, as for gRPC calls.
    pub(crate) fn with_options(
        &self,
        options: &crate::CallOptions,
        class: crate::RetryClass,
    ) -> RetrySettings {
        RetrySettings {
            policy: match &options.retry {
                Some(policy) => policy.clone(),
                None if class == crate::RetryClass::NonIdempotent => Arc::new(NoRetry),
                None => self.policy.clone(),
            },
            backoff: self.backoff,
            budget: self.budget.clone(),
            attempt_timeout: options.timeout.unwrap_or(self.attempt_timeout),
            deadline: options.deadline.unwrap_or(self.deadline),
        }
    }

    /// The settings of one call of a method with `idempotency`.
    pub(crate) fn call(&self, idempotency: Idempotency) -> CallSettings<'_> {
        CallSettings {
            policy: &*self.policy,
            backoff: &self.backoff,
            budget: self.budget.as_ref(),
            attempt_timeout: self.attempt_timeout,
            deadline: self.deadline,
            idempotency,
        }
    }
}

/// One call's view of [`RetrySettings`] with its [`CallOptions`](crate::CallOptions)
/// applied, borrowed: the client's policy and budget are shared by every call, and cloning
/// their `Arc`s on each call would bounce their counts between cores.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CallSettings<'a> {
    pub(crate) policy: &'a dyn RetryPolicy,
    pub(crate) backoff: &'a ExponentialBackoff,
    pub(crate) budget: Option<&'a RetryBudget>,
    pub(crate) attempt_timeout: Duration,
    pub(crate) deadline: Duration,
    /// What a repeat of the method can do ([`RpcRequest::IDEMPOTENCY`](crate::RpcRequest::IDEMPOTENCY)).
    pub(crate) idempotency: Idempotency,
}

/// What a deadline of `Duration::MAX` becomes: about 30 years, as tokio's own far future.
const FAR_FUTURE: Duration = Duration::from_secs(86_400 * 365 * 30);

/// Runs `attempt` until it succeeds, the policy gives up, the budget is spent, or the
/// deadline passes. `attempt` gets the 1-based attempt number and its timeout.
pub(crate) async fn run<T, F, Fut>(settings: CallSettings<'_>, mut attempt: F) -> Result<T, Error>
where
    F: FnMut(u32, Duration) -> Fut,
    Fut: std::future::Future<Output = Result<T, Error>>,
{
    let start = tokio::time::Instant::now();
    // A deadline too far to represent (`Duration::MAX`) means no deadline: saturate.
    let deadline = start
        .checked_add(settings.deadline)
        .unwrap_or_else(|| start + FAR_FUTURE);
    if let Some(budget) = settings.budget {
        budget.deposit();
    }
    let mut n = 1u32;
    let mut earlier_may_have_applied = false;
    loop {
        // The first attempt starts now: no second clock read.
        let now = if n == 1 {
            start
        } else {
            tokio::time::Instant::now()
        };
        let remaining = deadline.saturating_duration_since(now);
        let timeout = settings.attempt_timeout.min(remaining);
        let timed_out = || {
            Error::timeout(if timeout == settings.attempt_timeout {
                format!(
                    "attempt {n} timed out after {timeout:?} (the attempt timeout: \
                     `ClientBuilder::timeout` or `with_timeout`)"
                )
            } else {
                format!(
                    "attempt {n} timed out after {timeout:?}, what the call's deadline of {:?} \
                     left (`ClientBuilder::deadline` or `with_deadline`)",
                    settings.deadline
                )
            })
        };
        // `timeout_at` from the clock read above: `timeout` would read it again. No overflow:
        // `now + timeout` is at most the deadline.
        let error = match tokio::time::timeout_at(now + timeout, attempt(n, timeout)).await {
            Ok(Ok(value)) => return Ok(value),
            // The quota pacer would wait past this attempt's time: the call was not sent,
            // and another attempt would only wait longer.
            Ok(Err(error)) if error.is_paced_out() => {
                return Err(error
                    .with_attempts(n)
                    .with_earlier_attempt_may_have_applied(earlier_may_have_applied));
            }
            // tonic enforces the `grpc-timeout` it sends, and may be first to notice.
            Ok(Err(error)) if error.kind() == ErrorKind::Timeout => timed_out(),
            Ok(Err(error)) => error,
            Err(_) => timed_out(),
        }
        .with_attempts(n);

        // The call ends with this error: as it is after one attempt the policy would not
        // repeat, else as a retry that gave up, saying what stopped it.
        let finish = |error: Error, why: Option<String>| {
            match why {
                Some(why) => Error::retries_exhausted(error, n, &why),
                None if n == 1 => error,
                None => Error::retries_exhausted(error, n, "the retry policy stopped"),
            }
            .with_earlier_attempt_may_have_applied(earlier_may_have_applied)
        };
        let applied_here = error.attempt_may_have_applied();
        if settings.idempotency == Idempotency::NotIdempotent && applied_here {
            // A repeat could make a second resource: only an attempt that provably never
            // reached the server is retried (gRPC's transparent retry).
            tracing::debug!(
                attempts = n,
                "not retried: the attempt may have taken effect"
            );
            return Err(finish(error, None));
        }
        if !settings.policy.should_retry(&error, n) {
            return Err(
                if error.kind() == ErrorKind::Timeout && remaining <= timeout {
                    Error::timeout(format!(
                        "deadline of {:?} exceeded after {n} attempt{} (`ClientBuilder::deadline` \
                         or `with_deadline`)",
                        settings.deadline,
                        if n == 1 { "" } else { "s" }
                    ))
                    .with_attempts(n)
                    .with_earlier_attempt_may_have_applied(earlier_may_have_applied)
                } else {
                    finish(error, None)
                },
            );
        }
        // The server knows best when it will take the call again.
        let wait = error
            .retry_delay()
            .unwrap_or_else(|| settings.backoff.delay(n));
        // A wait the clock cannot even represent (a server's `RetryInfo` of `i64::MAX`
        // seconds) is past any deadline.
        let retry_at = tokio::time::Instant::now().checked_add(wait);
        if retry_at.is_none_or(|at| at >= deadline) {
            tracing::debug!(attempts = n, "deadline leaves no time for another attempt");
            let why = format!(
                "the deadline of {:?} leaves no time for another attempt",
                settings.deadline
            );
            return Err(finish(error, Some(why)));
        }
        if settings.budget.is_some_and(|b| !b.withdraw()) {
            tracing::debug!(attempts = n, "retry budget spent");
            return Err(finish(
                error,
                Some("the client's retry budget is spent".into()),
            ));
        }
        tracing::debug!(attempt = n, ?wait, code = ?error.code(), "retrying");
        tokio::time::sleep(wait).await;
        earlier_may_have_applied |= applied_here;
        n += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings<'a>(
        policy: &'a dyn RetryPolicy,
        backoff: &'a ExponentialBackoff,
        deadline: Duration,
    ) -> CallSettings<'a> {
        CallSettings {
            policy,
            backoff,
            budget: None,
            attempt_timeout: Duration::from_secs(30),
            deadline,
            idempotency: Idempotency::Repeatable,
        }
    }

    /// A method that is not idempotent is retried only after an attempt that provably never
    /// reached the server; the error says whether the call may have applied.
    #[tokio::test(start_paused = true)]
    async fn not_idempotent_methods_retry_only_what_never_reached_the_server() {
        let policy = DefaultRetryPolicy::default();
        let backoff = ExponentialBackoff::default();
        let settings = CallSettings {
            idempotency: Idempotency::NotIdempotent,
            ..settings(&policy, &backoff, Duration::from_secs(60))
        };
        let mut attempts = 0;
        let result: Result<(), Error> = run(settings, |_, _| {
            attempts += 1;
            async { Err(Error::from(tonic::Status::unavailable("lost response"))) }
        })
        .await;
        let err = result.unwrap_err();
        assert_eq!(attempts, 1, "a server's UNAVAILABLE may follow the work");
        assert!(err.may_have_applied());

        let refused = || {
            Error::new(ErrorKind::Transport, "connecting")
                .with_source(std::io::Error::from(std::io::ErrorKind::ConnectionRefused))
        };
        let mut attempts = 0;
        let result = run(settings, |n, _| {
            attempts += 1;
            async move { if n < 3 { Err(refused()) } else { Ok(n) } }
        })
        .await;
        assert_eq!(result.unwrap(), 3, "refused connections are retried");
        let err = run(settings, |_, _| async { Err::<(), _>(refused()) })
            .await
            .unwrap_err();
        assert!(!err.may_have_applied(), "{err:?}");
        assert!(err.attempts() > 1);
    }

    /// A server asking for a wait no clock can represent ends the call at once with its
    /// status, as a wait past the deadline does; it used to panic adding it to `Instant`.
    #[tokio::test(start_paused = true)]
    async fn a_retry_delay_past_any_clock_ends_the_call_with_the_status() {
        use tonic_types::{ErrorDetails, StatusExt};

        let policy = DefaultRetryPolicy::default();
        let backoff = ExponentialBackoff::default();
        for delay in [Duration::MAX, Duration::from_secs(u64::MAX / 4)] {
            let start = tokio::time::Instant::now();
            let mut attempts = 0;
            let result: Result<(), Error> = run(
                settings(&policy, &backoff, Duration::from_secs(60)),
                |_, _| {
                    attempts += 1;
                    let status = tonic::Status::with_error_details(
                        Code::Unavailable,
                        "come back much later",
                        ErrorDetails::with_retry_info(Some(delay)),
                    );
                    async move { Err(Error::from(status)) }
                },
            )
            .await;
            let err = result.unwrap_err();
            assert_eq!(attempts, 1, "{delay:?}");
            assert_eq!(err.code(), Some(Code::Unavailable));
            assert!(err.retry_delay().is_some(), "{err:?}");
            assert_eq!(tokio::time::Instant::now(), start, "no waiting");
        }
    }

    /// `Duration::MAX` as a deadline is no deadline, not a panic: the call runs, and its
    /// attempts get the attempt timeout.
    #[tokio::test(start_paused = true)]
    async fn a_deadline_of_duration_max_saturates() {
        let policy = DefaultRetryPolicy::default();
        let backoff = ExponentialBackoff::default();
        let mut timeouts = Vec::new();
        let result = run(settings(&policy, &backoff, Duration::MAX), |n, timeout| {
            timeouts.push(timeout);
            async move {
                if n < 3 {
                    Err(Error::from(tonic::Status::unavailable("again")))
                } else {
                    Ok(n)
                }
            }
        })
        .await;
        assert_eq!(result.unwrap(), 3);
        assert_eq!(timeouts, vec![Duration::from_secs(30); 3]);
    }

    /// The retry loop in virtual time: Google's defaults, an attempt that always fails
    /// `UNAVAILABLE`, every wait checked against the documented backoff.
    #[tokio::test(start_paused = true)]
    async fn backoff_gaps_stay_under_the_documented_ceilings() {
        let policy = DefaultRetryPolicy::default();
        let backoff = ExponentialBackoff::default();
        let budget = RetryBudget::default();
        let settings = CallSettings {
            policy: &policy,
            backoff: &backoff,
            budget: Some(&budget),
            attempt_timeout: Duration::from_secs(30),
            deadline: Duration::from_secs(60),
            idempotency: Idempotency::Repeatable,
        };
        let start = tokio::time::Instant::now();
        let mut attempts: Vec<(u32, Duration, tokio::time::Instant)> = Vec::new();
        let result: Result<(), Error> = run(settings, |n, timeout| {
            attempts.push((n, timeout, tokio::time::Instant::now()));
            async { Err(Error::from(tonic::Status::unavailable("down"))) }
        })
        .await;
        let end = tokio::time::Instant::now();

        let err = result.unwrap_err();
        assert_eq!(err.code(), Some(Code::Unavailable), "{err:?}");
        assert!(end - start <= settings.deadline, "ran past the deadline");
        let numbers: Vec<u32> = attempts.iter().map(|a| a.0).collect();
        let expected: Vec<u32> = (1..=numbers.len() as u32).collect();
        assert_eq!(numbers, expected, "attempts are numbered 1, 2, 3, ...");
        assert_eq!(numbers.len(), policy.max_attempts as usize, "{err:?}");
        assert_eq!(err.attempts(), policy.max_attempts);
        for (n, timeout, at) in &attempts {
            let left = settings.deadline - (*at - start);
            assert_eq!(*timeout, settings.attempt_timeout.min(left), "attempt {n}");
        }
        // Before retry n the wait is in [0, min(10 s, 1 s x 1.3^(n-1))]; tokio's timer
        // rounds a sleep up to the next millisecond.
        for (retry, pair) in (1u32..).zip(attempts.windows(2)) {
            let gap = pair[1].2 - pair[0].2;
            let ceiling = backoff.ceiling(retry);
            assert!(
                gap <= ceiling + Duration::from_millis(1),
                "retry {retry}: waited {gap:?}, ceiling {ceiling:?}"
            );
        }
        assert_eq!(backoff.ceiling(1), Duration::from_secs(1));
        assert_eq!(backoff.ceiling(2), Duration::from_millis(1300));
        assert_eq!(backoff.ceiling(10), Duration::from_secs(10));
    }
}
