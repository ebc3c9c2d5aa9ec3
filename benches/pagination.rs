//! Listing 100,000 messages in pages of 1,000 with 2 ms of injected server latency per page:
//! the total time against the sum of the latencies, with and without work per page. The
//! stream fetches the next page while the caller works on the current one, so with work the
//! total should approach max(latency, work) per page rather than their sum.
//!
//! ```sh
//! cargo bench --all-features --bench pagination
//! ```
//!
//! A plain harness (`harness = false`): each case runs 5 times and the median is printed.

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use google_chat_grpc::proto::chat::v1::{ListMessagesRequest, ListMessagesResponse, Message};
use prost::Message as _;
use support::{MockChat, Reply};

const TOTAL: usize = 100_000;
const PAGE: usize = 1_000;
const LATENCY: Duration = Duration::from_millis(2);

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    // Pages are built once: the bench measures the client and the overlap, not the server.
    let pages: Vec<prost::bytes::Bytes> = (0..TOTAL / PAGE)
        .map(|p| {
            let messages = (p * PAGE..(p + 1) * PAGE)
                .map(|i| Message {
                    name: format!("spaces/AAAA/messages/m{i}"),
                    text: "x".repeat(64),
                    ..Default::default()
                })
                .collect();
            let next = if (p + 1) * PAGE < TOTAL {
                ((p + 1) * PAGE).to_string()
            } else {
                String::new()
            };
            ListMessagesResponse {
                messages,
                next_page_token: next,
            }
            .encode_to_vec()
            .into()
        })
        .collect();
    let (mock, addr) = runtime.block_on(MockChat::start());
    mock.respond(move |call| {
        let request: ListMessagesRequest = call.decode();
        let offset: usize = request.page_token.parse().unwrap_or(0);
        Reply::After(LATENCY, Box::new(Reply::Ok(pages[offset / PAGE].clone())))
    });
    let client = runtime
        .block_on(support::client_builder(addr).build())
        .unwrap();
    let pages_n = (TOTAL / PAGE) as u32;

    println!(
        "{TOTAL} messages, pages of {PAGE}, {LATENCY:?} server latency per page ({pages_n} pages)"
    );
    println!("{:<34} {:>10} {:>16}", "case", "median", "sum of latencies");
    for work in [Duration::ZERO, Duration::from_millis(2)] {
        let mut runs: Vec<Duration> = (0..5)
            .map(|_| {
                runtime.block_on(async {
                    let start = Instant::now();
                    let mut pages = client
                        .list_messages("spaces/AAAA")
                        .set_page_size(PAGE as i32)
                        .by_page();
                    let mut seen = 0;
                    while let Some(page) = pages.next().await {
                        seen += page.unwrap().messages.len();
                        if !work.is_zero() {
                            tokio::time::sleep(work).await;
                        }
                    }
                    assert_eq!(seen, TOTAL);
                    start.elapsed()
                })
            })
            .collect();
        runs.sort_unstable();
        let label = format!("by_page, {work:?} of work per page");
        let sum = LATENCY * pages_n + work * pages_n;
        println!("{label:<34} {:>10.1?} {:>16.1?}", runs[2], sum);
    }
}
