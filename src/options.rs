//! Per-call options: [`CallOptions`], and its `with_*` setters, written once here for
//! `CallOptions` itself, for every [`RequestBuilder`](crate::builder::RequestBuilder) and for
//! the attachment transfers, so they cannot drift apart.

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

/// Defines each setter of a group on `CallOptions`.
macro_rules! option_setters {
    ({ $(
        $(#[$doc:meta])*
        fn $name:ident(mut $self:ident $(, $arg:ident: $ty:ty)*) $body:block
    )* }) => {
        impl CallOptions {
            $(
                $(#[$doc])*
                pub fn $name(mut $self $(, $arg: $ty)*) -> Self $body
            )*
        }
    };
}

/// Defines each setter of a group on a builder with an `options: CallOptions` field, as a
/// call of the same setter on the builder's options.
macro_rules! delegated_setters {
    ([$($generics:tt)*] $target:ty; { $(
        $(#[$doc:meta])*
        fn $name:ident(mut $self:ident $(, $arg:ident: $ty:ty)*) $body:block
    )* }) => {
        impl<$($generics)*> $target {
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

/// The setters, written once: `every_call` on `CallOptions`, every `RequestBuilder` and the
/// media transfers (`also_on`); `requests_only` on `CallOptions` and `RequestBuilder`.
macro_rules! call_option_setters {
    (
        every_call $every:tt
        requests_only $requests:tt
        also_on [ $( $(#[$attr:meta])* $target:ty ),* $(,)? ]
    ) => {
        option_setters!($every);
        option_setters!($requests);
        delegated_setters!([R] RequestBuilder<R>; $every);
        delegated_setters!([R] RequestBuilder<R>; $requests);
        $(
            $(#[$attr])*
            delegated_setters!([] $target; $every);
        )*
    };
}

call_option_setters! {
    every_call {
        /// Time allowed for each attempt (default: the client's
        /// [`timeout`](crate::ClientBuilder::timeout), 30 s). For an attachment transfer,
        /// each HTTP request is an attempt: a multipart upload, one chunk of a resumable
        /// upload, one download request up to its last byte.
        fn with_timeout(mut self, timeout: Duration) {
            self.timeout = Some(timeout);
            self
        }

        /// Time allowed for the whole call, retries and waits included (default: the client's
        /// [`deadline`](crate::ClientBuilder::deadline), 60 s). For an attachment transfer,
        /// each HTTP request and its retries (a chunk, a resume), so that a large file is
        /// not cut off by a deadline made for calls.
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
    }
    requests_only {
        /// Whether to fill an empty `request_id` with a random UUID (on by default), so a
        /// retried create cannot create twice.
        fn with_auto_request_id(mut self, enabled: bool) {
            self.auto_request_id = Some(enabled);
            self
        }
    }
    also_on [
        #[cfg(feature = "media")]
        crate::media::AttachmentUpload,
        #[cfg(feature = "media")]
        crate::media::AttachmentDownload,
    ]
}

impl<R> RequestBuilder<R> {
    /// Replaces all call options of this call.
    pub fn with_options(mut self, options: CallOptions) -> Self {
        self.options = options;
        self
    }
}
