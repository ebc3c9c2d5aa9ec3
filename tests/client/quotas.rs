//! Pacing to the usage limits (`ClientBuilder::pace_to_quotas`) against the emulator
//! enforcing the same limits: a paced bulk job is never refused; a wait longer than the
//! call may take fails it at once, unsent; windows are per space and per project and
//! shared by clones; unpaced, RESOURCE_EXHAUSTED with RetryInfo stays opt-in retryable.

use std::time::Duration;

use google_chat_grpc::auth::Credentials;
use google_chat_grpc::emulator::{Emulator, EmulatorHandle};
use google_chat_grpc::proto::chat::v1::{
    CreateMessageRequest, Message, SetUpSpaceRequest, Space, space,
};
use google_chat_grpc::quotas::{Quota, QuotaLimits, QuotaPacer};
use google_chat_grpc::retry::DefaultRetryPolicy;
use google_chat_grpc::{ChatClient, ClientBuilder, ErrorKind};
use tonic::Code;

async fn emulator(limits: &QuotaLimits) -> EmulatorHandle {
    Emulator::builder()
        .quota_limits(limits.clone())
        .start()
        .await
        .expect("start")
}

fn builder(emu: &EmulatorHandle) -> ClientBuilder {
    ChatClient::builder()
        .endpoint(emu.uri())
        .insecure_allow_plaintext()
        .credentials(Credentials::static_token("user:1"))
}

async fn space(client: &ChatClient, name: &str) -> String {
    client
        .send(SetUpSpaceRequest {
            space: Some(Space {
                space_type: space::SpaceType::Space as i32,
                display_name: name.into(),
                ..Default::default()
            }),
            ..Default::default()
        })
        .await
        .expect("set up")
        .name
}

fn post(space: &str, text: &str) -> CreateMessageRequest {
    CreateMessageRequest {
        parent: space.into(),
        message: Some(Message {
            text: text.into(),
            ..Default::default()
        }),
        ..Default::default()
    }
}

/// 24 writes at once into one space that takes 6 per 200 ms window: the paced client
/// spreads them over the windows and none is refused. The same burst unpaced against a
/// window that does not free during the test is refused past the limit, so the test can
/// tell.
#[tokio::test]
async fn a_paced_burst_is_never_refused() {
    let limits = QuotaLimits::published()
        .with_limit(Quota::WritesPerSpace, 6)
        .with_window(Duration::from_millis(200));
    let emu = emulator(&limits).await;
    let client = builder(&emu).pace_to_quotas(limits).build().await.unwrap();
    let a = space(&client, "A").await;
    let calls = (0..24).map(|i| {
        let client = client.clone();
        let a = a.clone();
        tokio::spawn(async move { client.send(post(&a, &format!("m{i}"))).await })
    });
    let mut refused = 0;
    for call in calls {
        match call.await.unwrap() {
            Ok(_) => {}
            Err(e) if e.code() == Some(Code::ResourceExhausted) => refused += 1,
            Err(e) => panic!("{e}"),
        }
    }
    assert_eq!(refused, 0);
    assert_eq!(emu.snapshot().messages_in(&a).count(), 24);

    let limits = QuotaLimits::published().with_limit(Quota::WritesPerSpace, 6);
    let emu = emulator(&limits).await;
    let unpaced = builder(&emu).build().await.unwrap();
    let a = space(&unpaced, "A").await;
    let mut refused = 0;
    for i in 0..8 {
        if let Err(e) = unpaced.send(post(&a, &format!("m{i}"))).await {
            assert_eq!(e.code(), Some(Code::ResourceExhausted), "{e}");
            refused += 1;
        }
    }
    assert_eq!(refused, 2);
}

/// When the wait for a slot is longer than the call's deadline, the call fails at once
/// with a timeout that says so, and nothing reaches the server.
#[tokio::test]
async fn a_wait_past_the_deadline_fails_at_once_unsent() {
    let limits = QuotaLimits::published().with_limit(Quota::WritesPerSpace, 1);
    let emu = emulator(&limits).await;
    let client = builder(&emu).pace_to_quotas(limits).build().await.unwrap();
    let a = space(&client, "A").await;
    client.send(post(&a, "one")).await.unwrap();
    let err = client
        .create_message(&a)
        .set_message(Message {
            text: "two".into(),
            ..Default::default()
        })
        .with_deadline(Duration::from_secs(5))
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
    assert_eq!(err.attempts(), 1);
    let text = err.to_string();
    assert!(
        text.starts_with("CreateMessage: pacing to the usage limits would wait"),
        "{text}"
    );
    assert!(!err.may_have_applied(), "it was never sent");
    assert_eq!(emu.snapshot().messages_in(&a).count(), 1);
}

/// Windows are per space (another space's write goes at once) and per project (the
/// project's message writes bound every space), and clones, or clients given the same
/// pacer, share them.
#[tokio::test]
async fn windows_are_per_space_per_project_and_shared() {
    let limits = QuotaLimits::published()
        .with_limit(Quota::WritesPerSpace, 1)
        .with_limit(Quota::MessageWrites, 2);
    let emu = emulator(&limits).await;
    let pacer = QuotaPacer::new(limits);
    let client = builder(&emu)
        .pace_to_quotas(pacer.clone())
        .deadline(Duration::from_secs(5))
        .build()
        .await
        .unwrap();
    let [a, b, c] = [
        space(&client, "A").await,
        space(&client, "B").await,
        space(&client, "C").await,
    ];
    client.send(post(&a, "a")).await.unwrap();
    let clone = client.clone();
    let err = clone.send(post(&a, "again")).await.unwrap_err();
    assert_eq!(
        err.kind(),
        ErrorKind::Timeout,
        "a clone shares the window: {err}"
    );
    clone
        .send(post(&b, "b"))
        .await
        .expect("another space's window");
    let other = builder(&emu)
        .pace_to_quotas(pacer)
        .deadline(Duration::from_secs(5))
        .build()
        .await
        .unwrap();
    let err = other.send(post(&c, "c")).await.unwrap_err();
    assert_eq!(
        err.kind(),
        ErrorKind::Timeout,
        "the project's 2 message writes are spent, by the other client: {err}"
    );
    assert_eq!(emu.snapshot().messages.len(), 2);
}

/// Unpaced, the emulator's RESOURCE_EXHAUSTED carries RetryInfo: retried only when the
/// policy opts in, after the delay it gives, and then admitted.
#[tokio::test]
async fn unpaced_resource_exhausted_is_retried_only_on_opt_in() {
    let minute = QuotaLimits::published().with_limit(Quota::WritesPerSpace, 1);
    let emu = emulator(&minute).await;
    let plain = builder(&emu).build().await.unwrap();
    let a = space(&plain, "A").await;
    plain.send(post(&a, "one")).await.unwrap();
    let err = plain.send(post(&a, "two")).await.unwrap_err();
    assert_eq!(err.code(), Some(Code::ResourceExhausted), "{err}");
    assert!(err.retry_delay().is_some(), "{err:?}");

    let emu = emulator(&minute.with_window(Duration::from_millis(300))).await;
    let retrying = builder(&emu)
        .retry_policy(DefaultRetryPolicy::default().with_resource_exhausted(true))
        .build()
        .await
        .unwrap();
    let b = space(&retrying, "B").await;
    retrying.send(post(&b, "one")).await.unwrap();
    retrying
        .send(post(&b, "two"))
        .await
        .expect("retried after the RetryInfo delay");
    assert_eq!(emu.snapshot().messages_in(&b).count(), 2);
}

/// The media endpoints draw from the same table as the RPCs, on both sides: an upload is one
/// per-space write (a resumable session's chunks are that one call), each download request
/// one per-space read. Unpaced, the call past a limit is the emulator's 429, decoded; paced,
/// it fails at once, unsent, when the wait for a slot would outlast its deadline.
#[cfg(feature = "media")]
#[tokio::test]
async fn media_calls_draw_from_the_same_table() {
    use google_chat_grpc::media::UploadBody;
    use google_chat_grpc::proto::chat::v1::UploadAttachmentResponse;

    // Two writes: the upload and the message that carries it.
    let limits = QuotaLimits::published()
        .with_limit(Quota::WritesPerSpace, 2)
        .with_limit(Quota::ReadsPerSpace, 1);
    fn upload(client: &ChatClient, space: &str) -> google_chat_grpc::media::AttachmentUpload {
        client
            .upload_attachment(space)
            .set_filename("f.bin")
            // 300 KiB in 256 KiB chunks: a resumable session of two chunks, one call.
            .body(UploadBody::from_bytes(vec![7u8; 300 * 1024]))
            .multipart_threshold(1024)
            .chunk_size(256 * 1024)
            .with_deadline(Duration::from_secs(5))
    }
    async fn download(client: &ChatClient, message: &Message) -> google_chat_grpc::Result<Vec<u8>> {
        let mut got = Vec::new();
        client
            .download_attachment(&message.attachment[0])
            .with_deadline(Duration::from_secs(5))
            .to_writer(&mut got)
            .await?;
        Ok(got)
    }

    let emu = emulator(&limits).await;
    let unpaced = builder(&emu).build().await.unwrap();
    let a = space(&unpaced, "A").await;
    let message = upload(&unpaced, &a)
        .send_in_message("a file")
        .await
        .unwrap();
    let refused: google_chat_grpc::Result<UploadAttachmentResponse> =
        upload(&unpaced, &a).send().await;
    let err = refused.unwrap_err();
    assert_eq!(err.code(), Some(Code::ResourceExhausted), "{err}");
    // Google's details, through the REST error body.
    let violation = &err.quota_failure().expect("QuotaFailure").violations[0];
    assert_eq!(violation.subject, a, "{violation:?}");
    assert_eq!(
        err.error_info().expect("ErrorInfo").reason,
        "RATE_LIMIT_EXCEEDED"
    );
    assert!(
        err.retry_delay().is_some_and(|d| d > Duration::ZERO),
        "{err:?}"
    );
    assert_eq!(
        download(&unpaced, &message).await.unwrap().len(),
        300 * 1024
    );
    let err = download(&unpaced, &message).await.unwrap_err();
    assert_eq!(err.code(), Some(Code::ResourceExhausted), "{err}");

    // Paced: the same calls; the one past each limit is held back before it is sent (the
    // emulator would have answered RESOURCE_EXHAUSTED).
    let emu = emulator(&limits).await;
    let paced = builder(&emu).pace_to_quotas(limits).build().await.unwrap();
    let a = space(&paced, "A").await;
    let message = upload(&paced, &a).send_in_message("a file").await.unwrap();
    let err = upload(&paced, &a).send().await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
    assert!(
        err.to_string()
            .contains("pacing to the usage limits would wait"),
        "{err}"
    );
    assert_eq!(download(&paced, &message).await.unwrap().len(), 300 * 1024);
    let err = download(&paced, &message).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
    assert!(
        err.to_string()
            .contains("pacing to the usage limits would wait"),
        "{err}"
    );
}
