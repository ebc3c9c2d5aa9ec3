//! Real-size data: a page of 200 messages of 30,000 characters is about 18 MB on the wire
//! (the emulator, like Chat, returns `text`, `formatted_text` and `argument_text`), past
//! tonic's default receive limit of 4 MiB. The client takes it by default, as Google's
//! clients do, and a cap set on the builder is honoured with `OUT_OF_RANGE`.

use google_chat_grpc::ChatClient;
use google_chat_grpc::auth::Credentials;
use google_chat_grpc::emulator::Emulator;
use google_chat_grpc::prost::Message as _;
use tokio_stream::StreamExt;

const MESSAGES: usize = 200;
const TEXT_CHARS: usize = 30_000;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_over_16_mib_arrives_whole() {
    let emulator = Emulator::builder().start().await.unwrap();
    let builder = || {
        ChatClient::builder()
            .endpoint(emulator.uri())
            .insecure_allow_plaintext()
            .credentials(Credentials::static_token("user:1"))
    };
    let client = builder().connect().await.unwrap();
    let space = client
        .set_up_space_with("Large", ["users/2"])
        .send()
        .await
        .unwrap();
    let text = "x".repeat(TEXT_CHARS);
    for _ in 0..MESSAGES {
        client.send_text(&space.name, &text).send().await.unwrap();
    }

    let page = client
        .list_messages(&space.name)
        .set_page_size(MESSAGES as i32)
        .send()
        .await
        .unwrap();
    assert_eq!(page.messages.len(), MESSAGES);
    assert!(
        page.encoded_len() > 16 << 20,
        "the page is {} bytes",
        page.encoded_len()
    );
    assert!(page.messages.iter().all(|m| m.text.len() == TEXT_CHARS));

    // The streams, which used to end empty after the decode error.
    let items: Vec<_> = client
        .list_messages(&space.name)
        .set_page_size(MESSAGES as i32)
        .by_item()
        .collect::<Result<_, _>>()
        .await
        .unwrap();
    assert_eq!(items.len(), MESSAGES);

    // A cap the user asked for holds.
    let capped = builder()
        .max_decoding_message_size(4 << 20)
        .connect()
        .await
        .unwrap();
    let err = capped
        .list_messages(&space.name)
        .set_page_size(MESSAGES as i32)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.code(), Some(tonic::Code::OutOfRange), "{err}");
}
