//! How many calls per second the emulator serves, against the ceiling of a server that does
//! no work at all (a fixed response), both driven by `ChatClient` at concurrency 64 over
//! loopback, side by side in one run.
//!
//! ```sh
//! cargo bench --all-features --bench emulator_capacity
//! ```
//!
//! A plain harness (`harness = false`): each case runs 5 rounds of 20,000 calls after a
//! warm-up; the median round is printed.

#[path = "../tests/support/mod.rs"]
mod support;

use std::time::Instant;

use google_chat_grpc::ChatClient;
use google_chat_grpc::auth::Credentials;
use google_chat_grpc::emulator::Emulator;
use google_chat_grpc::proto::chat::v1::{GetSpaceRequest, Message, Space};
use prost::Message as _;

const CONCURRENCY: usize = 64;
const CALLS: usize = 20_000;

async fn client(uri: String) -> ChatClient {
    ChatClient::builder()
        .endpoint(uri)
        .insecure_allow_plaintext()
        .credentials(Credentials::static_token("user:alice@example.com"))
        .connect()
        .await
        .unwrap()
}

/// `CALLS` calls from `CONCURRENCY` tasks; returns calls per second.
async fn round(client: &ChatClient, space: &str, rpc: &'static str) -> f64 {
    let start = Instant::now();
    let tasks: Vec<_> = (0..CONCURRENCY)
        .map(|_| {
            let client = client.clone();
            let space = space.to_owned();
            tokio::spawn(async move {
                for _ in 0..CALLS / CONCURRENCY {
                    if rpc == "GetSpace" {
                        client
                            .send(GetSpaceRequest {
                                name: space.clone(),
                                use_admin_access: false,
                            })
                            .await
                            .unwrap();
                    } else {
                        client.send_text(&space, "capacity").send().await.unwrap();
                    }
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    (CALLS / CONCURRENCY * CONCURRENCY) as f64 / start.elapsed().as_secs_f64()
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let (emulator, emulator_client, space) = runtime.block_on(async {
        let emulator = Emulator::builder()
            .user("alice@example.com", "1001", "Alice")
            .start()
            .await
            .unwrap();
        let client = client(emulator.uri()).await;
        let space = client
            .set_up_space_with("Capacity", Vec::<String>::new())
            .send()
            .await
            .unwrap();
        (emulator, client, space.name)
    });
    let fixed_space = Space {
        name: space.clone(),
        ..Default::default()
    }
    .encode_to_vec();
    let fixed_message = Message {
        name: format!("{space}/messages/m"),
        ..Default::default()
    }
    .encode_to_vec();
    let fixed = runtime.block_on(async {
        let get = support::MockChat::start_fixed(fixed_space.into()).await;
        let create = support::MockChat::start_fixed(fixed_message.into()).await;
        (
            client(format!("http://{get}")).await,
            client(format!("http://{create}")).await,
        )
    });

    println!("ChatClient, concurrency {CONCURRENCY}, {CALLS} calls a round, median of 5 rounds");
    println!(
        "{:<14} {:>16} {:>16} {:>8}",
        "rpc", "no-op server/s", "emulator/s", "ratio"
    );
    for rpc in ["GetSpace", "CreateMessage"] {
        let noop = if rpc == "GetSpace" {
            &fixed.0
        } else {
            &fixed.1
        };
        let mut noop_rates = Vec::new();
        let mut emulator_rates = Vec::new();
        runtime.block_on(async {
            round(noop, &space, rpc).await;
            round(&emulator_client, &space, rpc).await;
            // Interleaved, so drift on a shared machine hits both alike.
            for _ in 0..5 {
                noop_rates.push(round(noop, &space, rpc).await);
                emulator_rates.push(round(&emulator_client, &space, rpc).await);
            }
        });
        noop_rates.sort_by(f64::total_cmp);
        emulator_rates.sort_by(f64::total_cmp);
        let (n, e) = (noop_rates[2], emulator_rates[2]);
        println!("{rpc:<14} {n:>16.0} {e:>16.0} {:>7.2}x", e / n);
    }
    drop(emulator);
}
