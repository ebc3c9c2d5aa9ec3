//! Streams over the `List*` and `Search*` RPCs: pages ([`PageStream`]) or items
//! ([`ItemStream`]), following `next_page_token`.
//!
//! The next page is fetched while the caller works through the current one, and no further:
//! one page of prefetch, so listing N pages costs about N round trips *overlapped* with the
//! caller's processing, with at most two pages in memory.
//!
//! Both streams have their own [`next`](ItemStream::next) and
//! [`collect_all`](ItemStream::collect_all), so no trait import is needed; they also
//! implement [`Stream`] for `tokio_stream::StreamExt` and `futures::StreamExt` adapters.
//!
//! ```no_run
//! # async fn run(client: google_chat_grpc::ChatClient) -> Result<(), google_chat_grpc::Error> {
//! let mut messages = client.list_messages("spaces/AAAA").by_item();
//! while let Some(message) = messages.next().await {
//!     println!("{}", message?.text);
//! }
//! let members = client.list_memberships("spaces/AAAA").by_item().collect_all().await?;
//! # Ok(()) }
//! ```
//!
//! # Page sizes
//!
//! Without `set_page_size`, the server picks the size of each page, and for messages that is
//! only 25: an export of 10,000 messages is then 400 round trips. Ask for the maximum when
//! you read everything (exports, backfills, counting), and leave the default when you stop
//! early (the latest few messages). From the protos:
//!
//! | RPC | default | maximum |
//! | --- | --- | --- |
//! | `ListMessages` | 25 | 1,000 |
//! | `SearchMessages` | 25 | 100 |
//! | `ListReactions`, `ListCustomEmojis` | 25 | 200 |
//! | `ListMemberships`, `ListSpaces`, `SearchSpaces` | 100 | 1,000 |
//! | `ListMessagePins` | 100 | 100 |
//! | `ListSections`, `ListSectionItems` | 10 | 100 |
//! | `ListSpaceEvents` | the server's | the server's |
//!
//! Larger values are lowered to the maximum by the server.

use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::sync::mpsc;

use crate::rpc::RpcRequest;
use crate::{CallOptions, ChatClient, Error};

pub use tokio_stream::Stream;

/// A request of an RPC that pages. Implemented by the generated code (`build/rpcs.rs`) for
/// every RPC whose request has `page_token` and whose response has `next_page_token`.
pub trait Paginated: RpcRequest {
    /// What one page holds a list of (`Message` for `ListMessages`).
    type Item: Send + 'static;
    /// Sets the token of the page to fetch.
    fn set_page_token(&mut self, token: String);
    /// The token of the next page; empty on the last page.
    fn next_page_token(response: &Self::Response) -> &str;
    /// The page's items.
    fn into_items(response: Self::Response) -> Vec<Self::Item>;
}

/// Aborts the page fetcher when the stream is dropped.
struct Fetcher(tokio::task::JoinHandle<()>);

impl Drop for Fetcher {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// A stream of response pages. Ends after the last page, or after the first error.
///
/// ```no_run
/// # async fn run(client: google_chat_grpc::ChatClient) -> Result<(), google_chat_grpc::Error> {
/// let mut pages = client.list_messages("spaces/AAAA").set_page_size(1000).by_page();
/// while let Some(page) = pages.next().await {
///     let page = page?;
///     println!("{} messages", page.messages.len());
/// }
/// # Ok(()) }
/// ```
///
/// The page fetcher is a Tokio task, started on the first poll: the stream may be made
/// anywhere, and polled outside a Tokio runtime it yields one [`ErrorKind::Config`](crate::ErrorKind::Config)
/// error instead of panicking.
pub struct PageStream<R: RpcRequest> {
    state: PageState<R>,
}

enum PageState<R: RpcRequest> {
    /// Not polled yet: what the fetcher will need.
    Idle(Box<(ChatClient, R, CallOptions)>),
    Running {
        pages: mpsc::Receiver<Result<R::Response, Error>>,
        _fetcher: Fetcher,
    },
    Done,
}

impl<R: Paginated> PageStream<R> {
    pub(crate) fn new(client: ChatClient, request: R, options: CallOptions) -> Self {
        Self {
            state: PageState::Idle(Box::new((client, request, options))),
        }
    }
}

/// Starts the task that fetches pages one ahead of the consumer.
fn start<R: Paginated>(
    runtime: tokio::runtime::Handle,
    client: ChatClient,
    mut request: R,
    options: CallOptions,
) -> PageState<R> {
    // Capacity 1 and a permit taken *before* each fetch: the fetcher runs one page
    // ahead of the consumer, never more.
    let (tx, rx) = mpsc::channel(1);
    let fetcher = runtime.spawn(async move {
        loop {
            let Ok(permit) = tx.reserve().await else {
                return;
            };
            match client.send_with(request.clone(), options.clone()).await {
                Ok(page) => {
                    let next = R::next_page_token(&page).to_owned();
                    permit.send(Ok(page));
                    if next.is_empty() {
                        return;
                    }
                    request.set_page_token(next);
                }
                Err(err) => {
                    permit.send(Err(err));
                    return;
                }
            }
        }
    });
    PageState::Running {
        pages: rx,
        _fetcher: Fetcher(fetcher),
    }
}

impl<R: RpcRequest> Unpin for PageStream<R> {}

impl<R: Paginated> PageStream<R> {
    /// The next page: `None` after the last one, or after an error.
    ///
    /// The same as `tokio_stream::StreamExt::next`, without the import.
    #[allow(clippy::should_implement_trait)] // it is async: not `Iterator::next`
    pub async fn next(&mut self) -> Option<Result<R::Response, Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Every page, or the first error.
    pub async fn collect_all(mut self) -> Result<Vec<R::Response>, Error> {
        let mut pages = Vec::new();
        while let Some(page) = self.next().await {
            pages.push(page?);
        }
        Ok(pages)
    }
}

impl<R: Paginated> Stream for PageStream<R> {
    type Item = Result<R::Response, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        if matches!(self.state, PageState::Idle(_)) {
            let runtime = tokio::runtime::Handle::try_current();
            let PageState::Idle(parts) = std::mem::replace(&mut self.state, PageState::Done) else {
                return Poll::Ready(None);
            };
            let Ok(runtime) = runtime else {
                return Poll::Ready(Some(Err(Error::config(
                    "by_page() and by_item() streams must be polled inside a Tokio runtime \
                     (they fetch the next page in a task)",
                ))));
            };
            let (client, request, options) = *parts;
            self.state = start(runtime, client, request, options);
        }
        match &mut self.state {
            PageState::Running { pages, .. } => pages.poll_recv(cx),
            _ => Poll::Ready(None),
        }
    }
}

/// A stream of the items of every page, in order. Ends after the last item, or after the
/// first error.
///
/// ```no_run
/// # async fn run(client: google_chat_grpc::ChatClient) -> Result<(), google_chat_grpc::Error> {
/// let mut members = client.list_memberships("spaces/AAAA").set_filter("member.type = \"HUMAN\"").by_item();
/// while let Some(member) = members.next().await {
///     println!("{}", member?.name);
/// }
/// # Ok(()) }
/// ```
pub struct ItemStream<R: Paginated> {
    pages: PageStream<R>,
    current: VecDeque<R::Item>,
}

impl<R: Paginated> ItemStream<R> {
    pub(crate) fn new(pages: PageStream<R>) -> Self {
        Self {
            pages,
            current: VecDeque::new(),
        }
    }
}

impl<R: Paginated> Unpin for ItemStream<R> {}

impl<R: Paginated> ItemStream<R> {
    /// The next item: `None` after the last one, or after an error.
    ///
    /// The same as `tokio_stream::StreamExt::next`, without the import.
    #[allow(clippy::should_implement_trait)] // it is async: not `Iterator::next`
    pub async fn next(&mut self) -> Option<Result<R::Item, Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Every item of every page, or the first error.
    ///
    /// For everything in a large collection, raise the page size first
    /// ([page sizes](self#page-sizes)).
    pub async fn collect_all(mut self) -> Result<Vec<R::Item>, Error> {
        let mut items = Vec::new();
        while let Some(item) = self.next().await {
            items.push(item?);
        }
        Ok(items)
    }
}

impl<R: Paginated> Stream for ItemStream<R> {
    type Item = Result<R::Item, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        loop {
            if let Some(item) = self.current.pop_front() {
                return Poll::Ready(Some(Ok(item)));
            }
            match Pin::new(&mut self.pages).poll_next(cx) {
                Poll::Ready(Some(Ok(page))) => self.current = R::into_items(page).into(),
                Poll::Ready(Some(Err(err))) => return Poll::Ready(Some(Err(err))),
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}
