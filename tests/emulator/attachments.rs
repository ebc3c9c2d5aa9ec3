//! Emulator: `UploadAttachment` (user authentication) and `GetAttachment` (app
//! authentication): upload tokens turned into stored attachments by `CreateMessage` and
//! `UpdateMessage`, their output fields, and the error cases.

use crate::emulator_support;

use emulator_support::*;

use google_chat_grpc::proto::chat::v1::chat_service_client::ChatServiceClient;
use google_chat_grpc::proto::chat::v1::*;
use tonic::transport::Channel;
use tonic::{Code, Status};

fn member(user: &str, kind: user::Type) -> Membership {
    Membership {
        member_type: Some(membership::MemberType::Member(User {
            name: user.into(),
            r#type: kind as i32,
            ..Default::default()
        })),
        ..Default::default()
    }
}

/// A SPACE managed by user 1 with user 2 and the Chat app.
async fn team(c: &mut ChatServiceClient<Channel>, name: &str) -> Space {
    let s = c
        .set_up_space(as_(
            "user:1",
            SetUpSpaceRequest {
                space: Some(Space {
                    space_type: space::SpaceType::Space as i32,
                    display_name: name.into(),
                    ..Default::default()
                }),
                memberships: vec![member("users/2", user::Type::Human)],
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    c.create_membership(as_(
        "user:1",
        CreateMembershipRequest {
            parent: s.name.clone(),
            membership: Some(member("users/app", user::Type::Bot)),
            ..Default::default()
        },
    ))
    .await
    .unwrap();
    s
}

async fn upload(
    c: &mut ChatServiceClient<Channel>,
    who: &str,
    parent: &str,
    filename: &str,
) -> Result<AttachmentDataRef, Status> {
    c.upload_attachment(as_(
        who,
        UploadAttachmentRequest {
            parent: parent.into(),
            filename: filename.into(),
        },
    ))
    .await
    .map(|r| r.into_inner().attachment_data_ref.unwrap())
}

fn uploaded(r: AttachmentDataRef) -> Attachment {
    Attachment {
        data_ref: Some(attachment::DataRef::AttachmentDataRef(r)),
        ..Default::default()
    }
}

async fn post_with(
    c: &mut ChatServiceClient<Channel>,
    who: &str,
    space: &str,
    text: &str,
    attachment: Vec<Attachment>,
) -> Result<Message, Status> {
    c.create_message(as_(
        who,
        CreateMessageRequest {
            parent: space.into(),
            message: Some(Message {
                text: text.into(),
                attachment,
                ..Default::default()
            }),
            ..Default::default()
        },
    ))
    .await
    .map(|r| r.into_inner())
}

async fn get(
    c: &mut ChatServiceClient<Channel>,
    who: &str,
    name: &str,
) -> Result<Attachment, Status> {
    c.get_attachment(as_(who, GetAttachmentRequest { name: name.into() }))
        .await
        .map(|r| r.into_inner())
}

#[tokio::test]
async fn upload_then_post_then_get() {
    let (_emu, mut c) = start().await;
    let s = team(&mut c, "Files").await;
    let r = upload(&mut c, "user:2", &s.name, "diagram.png")
        .await
        .unwrap();
    assert!(!r.attachment_upload_token.is_empty());
    // An attachment alone is enough content for a message.
    let m = post_with(&mut c, "user:2", &s.name, "", vec![uploaded(r)])
        .await
        .unwrap();
    assert_eq!(m.attachment.len(), 1);
    let a = &m.attachment[0];
    assert!(
        a.name.starts_with(&format!("{}/attachments/", m.name)),
        "{}",
        a.name
    );
    assert_eq!(a.content_name, "diagram.png");
    assert_eq!(a.content_type, "image/png");
    assert_eq!(a.source, attachment::Source::UploadedContent as i32);
    assert!(!a.download_uri.is_empty() && !a.thumbnail_uri.is_empty());
    match &a.data_ref {
        Some(attachment::DataRef::AttachmentDataRef(d)) => {
            assert!(
                !d.resource_name.is_empty(),
                "resource_name for the media API"
            );
        }
        other => panic!("unexpected data_ref {other:?}"),
    }
    // GetMessage shows the same attachment.
    let again = c
        .get_message(as_(
            "user:1",
            GetMessageRequest {
                name: m.name.clone(),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(again.attachment, m.attachment);

    // GetAttachment: app authentication only.
    let got = get(&mut c, "app", &a.name).await.unwrap();
    assert_eq!(&got, a);
    let e = get(&mut c, "user:2", &a.name).await.unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);
    let e = get(&mut c, "app", &format!("{}/attachments/nope", m.name))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::NotFound);
    let e = get(&mut c, "app", &format!("{}/attachments/x", s.name))
        .await
        .unwrap_err();
    assert!(
        matches!(e.code(), Code::NotFound | Code::InvalidArgument),
        "{e:?}"
    );
    let e = get(&mut c, "app", "spaces/A/messages/B").await.unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);
    let e = get(&mut c, "app", "spaces/NOPE/messages/B/attachments/C")
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::NotFound);
    // An app outside the space can't read it.
    let e = get(&mut c, "app:other", &a.name).await.unwrap_err();
    assert!(matches!(e.code(), Code::PermissionDenied | Code::NotFound));

    // Several attachments, with types from the file extension.
    let pdf = upload(&mut c, "user:1", &s.name, "Report.PDF")
        .await
        .unwrap();
    let bin = upload(&mut c, "user:1", &s.name, "data.bin").await.unwrap();
    let m = post_with(
        &mut c,
        "user:1",
        &s.name,
        "two files",
        vec![uploaded(pdf), uploaded(bin)],
    )
    .await
    .unwrap();
    let types: Vec<_> = m
        .attachment
        .iter()
        .map(|a| a.content_type.as_str())
        .collect();
    assert_eq!(types, ["application/pdf", "application/octet-stream"]);
    assert_ne!(m.attachment[0].name, m.attachment[1].name);

    // UpdateMessage with the `attachment` mask replaces the attachments.
    let txt = upload(&mut c, "user:1", &s.name, "notes.txt")
        .await
        .unwrap();
    let updated = c
        .update_message(as_(
            "user:1",
            UpdateMessageRequest {
                message: Some(Message {
                    name: m.name.clone(),
                    attachment: vec![uploaded(txt)],
                    ..Default::default()
                }),
                update_mask: Some(prost_types::FieldMask {
                    paths: vec!["attachment".into()],
                }),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(updated.attachment.len(), 1);
    assert_eq!(updated.attachment[0].content_type, "text/plain");
    assert_eq!(updated.text, "two files");
    let e = get(&mut c, "app", &m.attachment[0].name).await.unwrap_err();
    assert_eq!(e.code(), Code::NotFound, "replaced attachments are gone");
}

#[tokio::test]
async fn upload_errors() {
    let (_emu, mut c) = start().await;
    let s = team(&mut c, "Files").await;
    let other = team(&mut c, "Other").await;

    // User authentication only.
    let e = upload(&mut c, "app", &s.name, "a.png").await.unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);
    // The filename is required and is a name, not a path.
    let e = upload(&mut c, "user:1", &s.name, "").await.unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);
    assert_eq!(violation_field(&e), "filename");
    let e = upload(&mut c, "user:1", &s.name, "dir/a.png")
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);
    // The parent is an existing space the caller is in.
    let e = upload(&mut c, "user:1", "rooms/x", "a.png")
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);
    assert_eq!(violation_field(&e), "parent");
    let e = upload(&mut c, "user:1", "spaces/NOPE", "a.png")
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::NotFound);
    let e = upload(&mut c, "user:9", &s.name, "a.png")
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);

    // A token works only in the space it was uploaded to; made-up tokens don't work.
    let r = upload(&mut c, "user:1", &s.name, "a.png").await.unwrap();
    let e = post_with(
        &mut c,
        "user:1",
        &other.name,
        "wrong space",
        vec![uploaded(r.clone())],
    )
    .await
    .unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);
    assert_eq!(
        violation_field(&e),
        "message.attachment[0].attachment_data_ref.attachment_upload_token"
    );
    let bogus = AttachmentDataRef {
        attachment_upload_token: "not-a-token".into(),
        ..Default::default()
    };
    let e = post_with(&mut c, "user:1", &s.name, "bogus", vec![uploaded(bogus)])
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);
    let e = post_with(
        &mut c,
        "user:1",
        &s.name,
        "empty",
        vec![Attachment::default()],
    )
    .await
    .unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);
    assert_eq!(violation_field(&e), "message.attachment[0]");
    // The good token still works after the failures.
    post_with(&mut c, "user:1", &s.name, "right space", vec![uploaded(r)])
        .await
        .unwrap();
}
