//! Emulator: served in-process through [`Emulator::service`] on a router of the test's own,
//! and the gRPC server reflection (v1) that `start()` serves next to the API.

use google_chat_grpc::emulator::{Emulator, Fault};
use google_chat_grpc::proto::chat::v1::chat_service_client::ChatServiceClient;
use google_chat_grpc::proto::chat::v1::*;
use prost::Message as _;
use tokio::sync::oneshot;
use tonic::Code;
use tonic::transport::Channel;
use tonic_reflection::pb::v1::server_reflection_client::ServerReflectionClient;
use tonic_reflection::pb::v1::server_reflection_request::MessageRequest;
use tonic_reflection::pb::v1::server_reflection_response::MessageResponse;
use tonic_reflection::pb::v1::{ServerReflectionRequest, ServerReflectionResponse};

use crate::emulator_support;

use emulator_support::*;

#[tokio::test]
async fn service_serves_in_process_and_answers_dropped_connections_with_unavailable() {
    let emulator = Emulator::builder()
        .user("alice@example.com", "111", "Alice")
        .build();
    let incoming =
        tonic::transport::server::TcpIncoming::bind(([127, 0, 0, 1], 0).into()).expect("bind");
    let addr = incoming.local_addr().expect("local addr");
    let (stop, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(
        tonic::transport::Server::builder()
            .add_service(emulator.service())
            .serve_with_incoming_shutdown(incoming, async {
                let _ = stopped.await;
            }),
    );
    let mut c = ChatServiceClient::connect(format!("http://{addr}"))
        .await
        .expect("connect");

    let created = c
        .set_up_space(as_(
            "user:alice@example.com",
            SetUpSpaceRequest {
                space: Some(Space {
                    space_type: space::SpaceType::Space as i32,
                    display_name: "In process".into(),
                    ..Default::default()
                }),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    let get = || {
        as_(
            "user:111",
            GetSpaceRequest {
                name: created.name.clone(),
                ..Default::default()
            },
        )
    };
    let got = c.get_space(get()).await.unwrap().into_inner();
    assert_eq!(got.name, created.name);
    assert_eq!(got.display_name, "In process");
    // The state behind the service is the emulator's own.
    let snap = emulator.snapshot();
    assert_eq!(snap.spaces, vec![got.clone()]);
    assert!(
        snap.members_of(&created.name)
            .any(|m| m.name.ends_with("/members/111"))
    );

    // No connection to drop here: the fault answers UNAVAILABLE, once, and the same
    // connection keeps working.
    emulator.faults().inject(Fault::drop_connection("GetSpace"));
    let e = c.get_space(get()).await.unwrap_err();
    assert_eq!(e.code(), Code::Unavailable, "{e:?}");
    assert_eq!(emulator.faults().pending(), 0);
    assert_eq!(c.get_space(get()).await.unwrap().into_inner(), got);

    drop(c);
    stop.send(()).unwrap();
    server.await.unwrap().expect("serve");
}

/// One reflection stream carrying `requests`: its responses in order, or the status that
/// ended it.
async fn reflect(
    channel: Channel,
    requests: Vec<MessageRequest>,
) -> Result<Vec<ServerReflectionResponse>, tonic::Status> {
    let stream = tokio_stream::iter(requests.into_iter().map(|r| ServerReflectionRequest {
        host: String::new(),
        message_request: Some(r),
    }));
    let mut responses = ServerReflectionClient::new(channel)
        .server_reflection_info(stream)
        .await?
        .into_inner();
    let mut out = Vec::new();
    while let Some(r) = responses.message().await? {
        out.push(r);
    }
    Ok(out)
}

#[tokio::test]
async fn started_emulator_serves_reflection() {
    let (emu, _) = start().await;
    let channel = Channel::from_shared(emu.uri())
        .unwrap()
        .connect()
        .await
        .expect("connect");
    let responses = reflect(
        channel.clone(),
        vec![
            MessageRequest::ListServices(String::new()),
            MessageRequest::FileContainingSymbol("google.chat.v1.Message".into()),
        ],
    )
    .await
    .expect("reflection");
    assert_eq!(responses.len(), 2);

    let Some(MessageResponse::ListServicesResponse(list)) = &responses[0].message_response else {
        panic!("list_services: {:?}", responses[0]);
    };
    let services: Vec<&str> = list.service.iter().map(|s| s.name.as_str()).collect();
    assert!(
        services.contains(&"google.chat.v1.ChatService"),
        "{services:?}"
    );

    let Some(MessageResponse::FileDescriptorResponse(files)) = &responses[1].message_response
    else {
        panic!("file_containing_symbol: {:?}", responses[1]);
    };
    assert!(!files.file_descriptor_proto.is_empty());
    let decoded: Vec<prost_types::FileDescriptorProto> = files
        .file_descriptor_proto
        .iter()
        .map(|b| prost_types::FileDescriptorProto::decode(b.as_slice()).expect("descriptor"))
        .collect();
    let defining = decoded
        .iter()
        .find(|f| {
            f.package() == "google.chat.v1" && f.message_type.iter().any(|m| m.name() == "Message")
        })
        .expect("the file defining google.chat.v1.Message");
    assert_eq!(defining.name(), "google/chat/v1/message.proto");

    // tonic-reflection ends the stream with NOT_FOUND for a symbol it doesn't know.
    let e = reflect(
        channel,
        vec![MessageRequest::FileContainingSymbol(
            "google.chat.v1.NoSuchThing".into(),
        )],
    )
    .await
    .unwrap_err();
    assert_eq!(e.code(), Code::NotFound, "{e:?}");
    emu.shutdown().await;
}

#[tokio::test]
async fn http2_connections_are_limited_to_100_streams() {
    let emu = google_chat_grpc::emulator::Emulator::builder()
        .start()
        .await
        .unwrap();
    let tcp = tokio::net::TcpStream::connect(emu.addr()).await.unwrap();
    let (mut send, connection) = h2::client::handshake(tcp).await.unwrap();
    let driver = tokio::spawn(async move {
        let mut connection = connection;
        std::future::poll_fn(|cx| {
            let _ = std::pin::Pin::new(&mut connection).poll(cx);
            let limit = connection.max_concurrent_send_streams();
            // The server's SETTINGS arrive with the handshake; wait for them.
            if limit != usize::MAX {
                return std::task::Poll::Ready(limit);
            }
            std::task::Poll::Pending
        })
        .await
    });
    // A request makes the client read the server's settings.
    let request = http::Request::post("/google.chat.v1.ChatService/ListSpaces")
        .header("content-type", "application/grpc")
        .body(())
        .unwrap();
    let _ = send.send_request(request, true);
    let limit = tokio::time::timeout(std::time::Duration::from_secs(5), driver)
        .await
        .expect("settings within 5 s")
        .unwrap();
    assert_eq!(
        limit,
        google_chat_grpc::emulator::MAX_CONCURRENT_STREAMS as usize
    );
}

#[tokio::test]
async fn a_connection_that_sends_nothing_is_closed_after_the_handshake_timeout() {
    use tokio::io::AsyncReadExt as _;
    let emu = google_chat_grpc::emulator::Emulator::builder()
        .handshake_timeout(std::time::Duration::from_millis(200))
        .start()
        .await
        .unwrap();
    let mut silent = tokio::net::TcpStream::connect(emu.addr()).await.unwrap();
    let mut buf = [0u8; 64];
    let closed = tokio::time::timeout(std::time::Duration::from_secs(5), silent.read(&mut buf))
        .await
        .expect("closed within 5 s");
    assert!(matches!(closed, Ok(0) | Err(_)), "{closed:?}");

    // A connection that spoke in time is not subject to it, however long it then idles.
    let client = emu.client("user:1").await.unwrap();
    client.list_spaces().send().await.expect("first call");
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    client
        .list_spaces()
        .send()
        .await
        .expect("after idling past the timeout");
}
