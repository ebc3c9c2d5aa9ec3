//! Page and item streams against a server that pages for real: every item once and in
//! order, errors surfacing in the stream, and the next page fetched while the caller works.

use crate::support;

use std::time::{Duration, Instant};

use google_chat_grpc::proto::chat::v1::{ListMessagesRequest, ListMessagesResponse, Message};
use prost::Message as _;
use support::{MockChat, Reply};
use tokio_stream::StreamExt as _;

/// Serves `total` messages in pages of the requested size; the page token is the offset.
/// Fails with INVALID_ARGUMENT at `fail_at` (an offset), after `latency`.
fn serve_pages(mock: &MockChat, total: usize, fail_at: Option<usize>, latency: Duration) {
    mock.respond(move |call| {
        let request: ListMessagesRequest = call.decode();
        let offset: usize = request.page_token.parse().unwrap_or(0);
        if Some(offset) == fail_at {
            return Reply::After(
                latency,
                Box::new(Reply::Fail(tonic::Status::invalid_argument(
                    "page token expired",
                ))),
            );
        }
        let size = request.page_size.clamp(1, 1000) as usize;
        let end = (offset + size).min(total);
        let messages = (offset..end)
            .map(|i| Message {
                name: format!("spaces/AAAA/messages/m{i}"),
                ..Default::default()
            })
            .collect();
        let next_page_token = if end < total {
            end.to_string()
        } else {
            String::new()
        };
        let page = ListMessagesResponse {
            messages,
            next_page_token,
        };
        Reply::After(latency, Box::new(Reply::Ok(page.encode_to_vec().into())))
    });
}

#[tokio::test]
async fn every_item_once_and_in_order() {
    let (mock, addr) = MockChat::start().await;
    serve_pages(&mock, 2_503, None, Duration::ZERO);
    let client = support::client_builder(addr).build().await.unwrap();

    let mut items = client
        .list_messages("spaces/AAAA")
        .set_page_size(100)
        .by_item();
    let mut names = Vec::new();
    while let Some(message) = items.next().await {
        names.push(message.unwrap().name);
    }

    assert_eq!(names.len(), 2_503);
    for (i, name) in names.iter().enumerate() {
        assert_eq!(*name, format!("spaces/AAAA/messages/m{i}"));
    }
    let calls = mock.calls();
    assert_eq!(calls.len(), 26, "26 pages of 100");
    let tokens: Vec<String> = calls
        .iter()
        .map(|c| c.decode::<ListMessagesRequest>().page_token)
        .collect();
    assert_eq!(tokens[0], "");
    assert_eq!(tokens[25], "2500");
    assert!(
        calls
            .iter()
            .all(|c| c.decode::<ListMessagesRequest>().page_size == 100)
    );
}

#[tokio::test]
async fn pages_stream_with_their_tokens() {
    let (mock, addr) = MockChat::start().await;
    serve_pages(&mock, 250, None, Duration::ZERO);
    let client = support::client_builder(addr).build().await.unwrap();
    let pages: Vec<ListMessagesResponse> = client
        .list_messages("spaces/AAAA")
        .set_page_size(100)
        .by_page()
        .map(Result::unwrap)
        .collect()
        .await;
    let sizes: Vec<usize> = pages.iter().map(|p| p.messages.len()).collect();
    assert_eq!(sizes, [100, 100, 50]);
    assert_eq!(pages[2].next_page_token, "");
}

#[tokio::test]
async fn a_page_error_surfaces_and_ends_the_stream() {
    let (mock, addr) = MockChat::start().await;
    serve_pages(&mock, 1_000, Some(200), Duration::ZERO);
    let client = support::client_builder(addr).build().await.unwrap();

    let mut items = client
        .list_messages("spaces/AAAA")
        .set_page_size(100)
        .by_item();
    let mut ok = 0;
    let mut errors = Vec::new();
    while let Some(item) = items.next().await {
        match item {
            Ok(_) => ok += 1,
            Err(e) => errors.push(e),
        }
    }
    assert_eq!(ok, 200, "the two pages before the failure");
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].code(), Some(tonic::Code::InvalidArgument));
    assert_eq!(mock.calls().len(), 3, "nothing fetched after the error");
}

#[tokio::test]
async fn the_next_page_is_fetched_while_the_caller_works() {
    const PAGES: u32 = 8;
    let latency = Duration::from_millis(100);
    let work = Duration::from_millis(100);
    let (mock, addr) = MockChat::start().await;
    serve_pages(&mock, PAGES as usize * 10, None, latency);
    let client = support::client_builder(addr).build().await.unwrap();

    let started = Instant::now();
    let mut pages = client
        .list_messages("spaces/AAAA")
        .set_page_size(10)
        .by_page();
    let mut seen = 0;
    while let Some(page) = pages.next().await {
        page.unwrap();
        seen += 1;
        tokio::time::sleep(work).await; // the caller's processing of the page
    }
    let took = started.elapsed();

    assert_eq!(seen, PAGES);
    // One after the other: 8 x (100 + 100) = 1.6 s. Overlapped: about 100 + 8 x 100 = 0.9 s.
    let serial = (latency + work) * PAGES;
    assert!(
        took < serial * 3 / 4,
        "took {took:?}, serial would be {serial:?}"
    );
    assert!(took >= work * PAGES, "{took:?}");
}

#[tokio::test]
async fn prefetch_stays_one_page_ahead() {
    let (mock, addr) = MockChat::start().await;
    serve_pages(&mock, 1_000, None, Duration::ZERO);
    let client = support::client_builder(addr).build().await.unwrap();

    let mut pages = client
        .list_messages("spaces/AAAA")
        .set_page_size(10)
        .by_page();
    pages.next().await.unwrap().unwrap();
    // The consumer holds page 1 and stops: the fetcher may get page 2, not page 3.
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(mock.calls().len(), 2);
    drop(pages);
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(
        mock.calls().len(),
        2,
        "dropping the stream stops the fetcher"
    );
}

/// A stream made inside a runtime and polled outside one says so with a typed error; it used
/// to panic in `tokio::spawn` when it was made.
#[test]
fn a_stream_polled_outside_a_runtime_is_an_error_not_a_panic() {
    use std::pin::pin;
    use std::task::{Context, Poll, Waker};

    use google_chat_grpc::paginate::Stream;

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (_mock, items) = runtime.block_on(async {
        let (mock, addr) = MockChat::start().await;
        let client = support::client_builder(addr).build().await.unwrap();
        (mock, client.list_messages("spaces/AAAA").by_item())
    });

    let mut items = pin!(items);
    let mut cx = Context::from_waker(Waker::noop());
    let Poll::Ready(Some(Err(err))) = items.as_mut().poll_next(&mut cx) else {
        panic!("expected an error at once");
    };
    assert_eq!(err.kind(), google_chat_grpc::ErrorKind::Config);
    assert!(err.to_string().contains("Tokio runtime"), "{err}");
    assert!(matches!(items.poll_next(&mut cx), Poll::Ready(None)));
}
