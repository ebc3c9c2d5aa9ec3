//! `attachment.proto`: an attachment's fields are output only but for its data reference,
//! so what a client sends besides the reference is replaced, for uploads and Drive files.

use super::*;

fn attached(data_ref: attachment::DataRef) -> Attachment {
    Attachment {
        name: "spaces/forged/messages/forged/attachments/forged".into(),
        content_name: "forged.exe".into(),
        content_type: "application/x-forged".into(),
        thumbnail_uri: "https://example.com/forged-thumb".into(),
        download_uri: "https://example.com/forged".into(),
        source: attachment::Source::DriveFile as i32,
        data_ref: Some(data_ref),
    }
}

async fn post_with(
    c: &mut chat_service_client::ChatServiceClient<tonic::transport::Channel>,
    space: &str,
    a: Attachment,
) -> Message {
    c.create_message(as_(
        "user:1",
        CreateMessageRequest {
            parent: space.into(),
            message: Some(Message {
                attachment: vec![a],
                ..Default::default()
            }),
            ..Default::default()
        },
    ))
    .await
    .unwrap()
    .into_inner()
}

#[tokio::test]
async fn output_only_attachment_fields_sent_with_a_message_are_ignored() {
    let (_emu, mut c) = start().await;
    let s = team(&mut c, "Attached").await;
    let upload = c
        .upload_attachment(as_(
            "user:1",
            UploadAttachmentRequest {
                parent: s.name.clone(),
                filename: "chart.png".into(),
            },
        ))
        .await
        .unwrap()
        .into_inner()
        .attachment_data_ref
        .unwrap();
    let forged_ref = AttachmentDataRef {
        resource_name: "forged/media".into(),
        ..upload
    };
    let m = post_with(
        &mut c,
        &s.name,
        attached(attachment::DataRef::AttachmentDataRef(forged_ref)),
    )
    .await;
    let a = &m.attachment[0];
    assert!(a.name.starts_with(&format!("{}/attachments/", m.name)));
    assert_eq!(a.content_name, "chart.png");
    assert_eq!(a.content_type, "image/png");
    assert_eq!(a.source, attachment::Source::UploadedContent as i32);
    assert!(!a.thumbnail_uri.contains("forged") && !a.thumbnail_uri.is_empty());
    assert!(!a.download_uri.contains("forged") && !a.download_uri.is_empty());
    match &a.data_ref {
        Some(attachment::DataRef::AttachmentDataRef(r)) => {
            assert_eq!(r.resource_name, format!("{}/media", a.name));
        }
        other => panic!("expected an attachment data ref, got {other:?}"),
    }

    // A Drive file: the reference is kept, what Drive would tell Chat is not made up.
    let drive = DriveDataRef {
        drive_file_id: "1AbC".into(),
    };
    let m = post_with(
        &mut c,
        &s.name,
        attached(attachment::DataRef::DriveDataRef(drive.clone())),
    )
    .await;
    let a = &m.attachment[0];
    assert!(a.name.starts_with(&format!("{}/attachments/", m.name)));
    assert_eq!(a.source, attachment::Source::DriveFile as i32);
    assert_eq!(a.data_ref, Some(attachment::DataRef::DriveDataRef(drive)));
    assert_eq!(
        (
            a.content_name.as_str(),
            a.content_type.as_str(),
            a.thumbnail_uri.as_str(),
            a.download_uri.as_str()
        ),
        ("", "", "", ""),
        "{a:?}"
    );
}
