//! Per-call options: [`CallOptions`], and its `with_*` setters, written once here for
//! `CallOptions` itself and for every [`RequestBuilder`](crate::builder::RequestBuilder), so
//! the two cannot drift apart.

use std::sync::Arc;
use std::time::Duration;

use crate::builder::RequestBuilder;
use crate::retry::{NoRetry, RetryPolicy};

/// Per-call options that override the client's defaults.
///
/// The same `with_*` setters are on every request builder, so options read the same either
/// way:
///
/// ```no_run
/// use google_chat_grpc::CallOptions;
/// use std::time::Duration;
///
/// let options = CallOptions::default().with_timeout(Duration::from_secs(5)).without_retry();
///
/// # async fn run(client: google_chat_grpc::ChatClient) -> Result<(), google_chat_grpc::Error> {
/// let space = client
///     .get_space("spaces/AAAA")
///     .with_timeout(Duration::from_secs(5))
///     .without_retry()
///     .send()
///     .await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct CallOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) deadline: Option<Duration>,
    pub(crate) retry: Option<Arc<dyn RetryPolicy>>,
    pub(crate) auto_request_id: Option<bool>,
}

/// Defines each setter on `CallOptions`, and on `RequestBuilder` as a call of the same
/// setter on the builder's options.
macro_rules! call_option_setters {
    ($(
        $(#[$doc:meta])*
        fn $name:ident(mut $self:ident $(, $arg:ident: $ty:ty)*) $body:block
    )*) => {
        impl CallOptions {
            $(
                $(#[$doc])*
                pub fn $name(mut $self $(, $arg: $ty)*) -> Self $body
            )*
        }

        impl<R> RequestBuilder<R> {
            $(
                $(#[$doc])*
                pub fn $name(mut self $(, $arg: $ty)*) -> Self {
                    self.options = self.options.$name($($arg),*);
                    self
                }
            )*
        }
    };
}

call_option_setters! {
    /// Time allowed for each attempt (default: the client's
    /// [`timeout`](crate::ClientBuilder::timeout), 30 s).
    fn with_timeout(mut self, timeout: Duration) {
        self.timeout = Some(timeout);
        self
    }

    /// Time allowed for the whole call, retries and waits included (default: the client's
    /// [`deadline`](crate::ClientBuilder::deadline), 60 s).
    fn with_deadline(mut self, deadline: Duration) {
        self.deadline = Some(deadline);
        self
    }

    /// A retry policy for this call, instead of the client's (and also for the methods
    /// Google's config does not retry, [`RetryClass::NonIdempotent`](crate::RetryClass)).
    fn with_retry_policy(mut self, policy: impl RetryPolicy) {
        self.retry = Some(Arc::new(policy));
        self
    }

    /// One attempt only.
    fn without_retry(mut self) {
        self.retry = Some(Arc::new(NoRetry));
        self
    }

    /// Whether to fill an empty `request_id` with a random UUID (on by default), so a
    /// retried create cannot create twice.
    fn with_auto_request_id(mut self, enabled: bool) {
        self.auto_request_id = Some(enabled);
        self
    }
}

impl<R> RequestBuilder<R> {
    /// Replaces all call options of this call.
    pub fn with_options(mut self, options: CallOptions) -> Self {
        self.options = options;
        self
    }
}
