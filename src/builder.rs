//! Request builders: one per RPC, generated from the protos, each with a `set_<field>` per
//! request field, `with_<option>` for call options, and `send()`.
//!
//! ```no_run
//! # async fn run(client: google_chat_grpc::ChatClient) -> Result<(), google_chat_grpc::Error> {
//! use google_chat_grpc::proto::chat::v1::{Message, create_message_request::MessageReplyOption};
//! use std::time::Duration;
//!
//! let message = client
//!     .create_message("spaces/AAAA")
//!     .set_message(Message { text: "Standup in 5".into(), ..Default::default() })
//!     .set_message_reply_option(MessageReplyOption::ReplyMessageFallbackToNewThread)
//!     .with_timeout(Duration::from_secs(10))
//!     .send()
//!     .await?;
//! # Ok(()) }
//! ```

use crate::paginate::{ItemStream, PageStream, Paginated};
use crate::proto::chat::v1::create_message_request::MessageReplyOption;
use crate::proto::chat::v1::{CreateMessageRequest, Message, Thread};
use crate::rpc::RpcRequest;
use crate::{CallOptions, ChatClient, Result};

/// A request on its way: the client, the request message, and the call options.
///
/// Every RPC has an alias for its builder (e.g. [`CreateMessage`]) with a setter per
/// request field. Nothing happens until [`send`](Self::send) is awaited.
#[derive(Debug, Clone)]
#[must_use = "a request builder does nothing until `.send().await`"]
pub struct RequestBuilder<R> {
    pub(crate) client: ChatClient,
    /// Set by the generated setters (`crate::generated::builders`).
    pub(crate) request: R,
    /// Its setters (`with_timeout`, ...) are [`CallOptions`]'s, written once in `src/options.rs`.
    pub(crate) options: CallOptions,
}

impl<R: RpcRequest> RequestBuilder<R> {
    pub(crate) fn new(client: ChatClient, request: R) -> Self {
        Self {
            client,
            request,
            options: CallOptions::default(),
        }
    }

    /// Replaces the whole request message.
    pub fn with_request(mut self, request: R) -> Self {
        self.request = request;
        self
    }

    /// The request as built so far.
    pub fn request(&self) -> &R {
        &self.request
    }

    /// The request, for fields the setters do not cover (e.g. deprecated ones).
    pub fn request_mut(&mut self) -> &mut R {
        &mut self.request
    }

    /// Sends the request.
    pub fn send(self) -> impl Future<Output = Result<R::Response>> + Send + use<R> {
        crate::client::call(self.client, self.request, self.options, true)
    }
}

impl<R: Paginated> RequestBuilder<R> {
    /// Every page, following `next_page_token`, with one page of prefetch (in a Tokio task
    /// started on the first poll: polled outside a Tokio runtime, the stream yields one
    /// [`ErrorKind::Config`](crate::ErrorKind::Config) error).
    pub fn by_page(self) -> PageStream<R> {
        PageStream::new(self.client, self.request, self.options)
    }

    /// Every item of every page, in order, with one page of prefetch (as
    /// [`by_page`](Self::by_page), in a Tokio task).
    ///
    /// Read it with its own `.next().await` or `.collect_all().await` (no trait import
    /// needed). To read a whole collection, raise the page size first: the default is as
    /// low as 25 for messages ([page sizes](crate::paginate#page-sizes)).
    pub fn by_item(self) -> ItemStream<R> {
        ItemStream::new(self.by_page())
    }
}

/// The message's own fields, for the common case of posting text: the generated setters
/// cover the request's fields (`set_message`, `set_message_id`, ...), these reach into the
/// `message`, creating it if needed.
///
/// ```no_run
/// # async fn run(client: google_chat_grpc::ChatClient) -> Result<(), google_chat_grpc::Error> {
/// let posted = client
///     .create_message("spaces/AAAA")
///     .set_text("Deploy finished")
///     .set_thread_key("deploys")
///     .send()
///     .await?;
/// # Ok(()) }
/// ```
impl RequestBuilder<CreateMessageRequest> {
    /// The message's text.
    pub fn set_text(mut self, text: impl Into<String>) -> Self {
        self.message().text = text.into();
        self
    }

    /// Posts in the thread your app keys as `thread_key`, started on first use. Unless a
    /// reply option was set, sets `REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD`: with the default
    /// option the API ignores the key and starts a new thread.
    pub fn set_thread_key(mut self, thread_key: impl Into<String>) -> Self {
        self.thread().thread_key = thread_key.into();
        self.reply_in_thread()
    }

    /// Replies in the thread named `spaces/{space}/threads/{thread}`. Unless a reply option
    /// was set, sets `REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD` (a new thread if that one is
    /// gone), as [`set_thread_key`](Self::set_thread_key) does.
    pub fn set_thread_name(mut self, thread: impl Into<String>) -> Self {
        self.thread().name = thread.into();
        self.reply_in_thread()
    }

    fn message(&mut self) -> &mut Message {
        self.request.message.get_or_insert_with(Message::default)
    }

    fn thread(&mut self) -> &mut Thread {
        self.message().thread.get_or_insert_with(Thread::default)
    }

    fn reply_in_thread(mut self) -> Self {
        if self.request.message_reply_option() == MessageReplyOption::Unspecified {
            self.request
                .set_message_reply_option(MessageReplyOption::ReplyMessageFallbackToNewThread);
        }
        self
    }
}

// The per-RPC aliases, setters and `ChatClient` methods, generated by `build/surface.rs`
// (see src/generated.rs; the code itself is in generated/chat_builders.rs).
pub use crate::generated::builders::*;
