//! `SearchMessages`.

use super::*;

#[tokio::test]
async fn search_messages_keywords_fields_and_functions() {
    let (_emu, mut c) = start().await;
    let project = space(&mut c, "user:1", "Project Tasks", &["users/2"]).await;
    let other = space(&mut c, "user:2", "Lunch", &["users/1"]).await;
    let hidden = space(&mut c, "user:3", "Secret", &["users/4"]).await;
    post(&mut c, "user:1", &project.name, "Pending reports for Q1").await;
    let m2 = post(&mut c, "user:2", &project.name, "things to do: urgent").await;
    post(
        &mut c,
        "user:2",
        &other.name,
        "urgent lunch, see https://example.com",
    )
    .await;
    post(&mut c, "user:3", &hidden.name, "urgent secret").await;
    // App messages are not searchable.
    add_app(&mut c, "user:1", &project.name).await;
    post(&mut c, "app", &project.name, "urgent from the app").await;
    // Deleted messages neither.
    let gone = post(&mut c, "user:1", &project.name, "urgent but deleted").await;
    c.delete_message(as_(
        "user:1",
        DeleteMessageRequest {
            name: gone.name,
            ..Default::default()
        },
    ))
    .await
    .unwrap();

    let s = |f: &str| messages_query(f);
    let r = search_messages(&mut c, "user:1", s("urgent"))
        .await
        .unwrap();
    // Newest first by default; only spaces the caller is in.
    assert_eq!(
        texts(&r),
        [
            "urgent lunch, see https://example.com",
            "things to do: urgent"
        ]
    );
    let r = search_messages(&mut c, "user:1", s(r#""things to do" "urgent""#))
        .await
        .unwrap();
    assert_eq!(texts(&r), ["things to do: urgent"]);
    let r = search_messages(
        &mut c,
        "user:1",
        s(r#""Pending reports" AND create_time >= "2023-01-01T00:00:00Z""#),
    )
    .await
    .unwrap();
    assert_eq!(texts(&r), ["Pending reports for Q1"]);
    let r = search_messages(
        &mut c,
        "user:1",
        s(r#"create_time < "2023-01-01T00:00:00Z""#),
    )
    .await
    .unwrap();
    assert!(r.results.is_empty());
    let r = search_messages(
        &mut c,
        "user:1",
        s(r#"sender.name = "users/bob@example.com""#),
    )
    .await
    .unwrap();
    assert_eq!(r.results.len(), 2);
    let r = search_messages(
        &mut c,
        "user:1",
        s(r#"(sender.name = "users/me" OR sender.name = "users/2") AND space.name = "spaces/-x""#),
    )
    .await
    .unwrap();
    assert!(r.results.is_empty());
    let q = format!(
        r#"space.name = "{}" OR space.name = "{}""#,
        project.name, other.name
    );
    assert_eq!(
        search_messages(&mut c, "user:1", s(&q))
            .await
            .unwrap()
            .results
            .len(),
        3
    );
    let r = search_messages(&mut c, "user:1", s("space.display_name:Project urgent"))
        .await
        .unwrap();
    assert_eq!(r.results[0].message.as_ref().unwrap().name, m2.name);
    let r = search_messages(&mut c, "user:1", s("has_link()"))
        .await
        .unwrap();
    assert_eq!(texts(&r), ["urgent lunch, see https://example.com"]);
    let mut req = s("urgent");
    req.order_by = "create_time desc".into();
    assert_eq!(
        search_messages(&mut c, "user:1", req)
            .await
            .unwrap()
            .results
            .len(),
        2
    );

    // is_unread(): read up to the newest message of Project Tasks.
    c.update_space_read_state(as_(
        "user:1",
        UpdateSpaceReadStateRequest {
            space_read_state: Some(SpaceReadState {
                name: format!("users/me/{}/spaceReadState", project.name),
                last_read_time: m2.create_time,
            }),
            update_mask: Some(prost_types::FieldMask {
                paths: vec!["last_read_time".into()],
            }),
        },
    ))
    .await
    .unwrap();
    let r = search_messages(&mut c, "user:1", s("urgent is_unread()"))
        .await
        .unwrap();
    assert_eq!(texts(&r), ["urgent lunch, see https://example.com"]);

    // The FULL view says whether each result is read, and the space's mute setting.
    let mut req = s("urgent");
    req.view = search_messages_request::SearchMessagesView::Full as i32;
    let r = search_messages(&mut c, "user:1", req).await.unwrap();
    assert_eq!(r.results[0].read, Some(false));
    assert_eq!(r.results[1].read, Some(true));
    assert_eq!(
        r.results[1].space_mute_setting,
        space_notification_setting::MuteSetting::Unmuted as i32
    );
    let r = search_messages(&mut c, "user:1", s("urgent"))
        .await
        .unwrap();
    assert_eq!(r.results[0].read, None, "BASIC view has no metadata");

    // Messages in spaces the caller muted are left out.
    c.update_space_notification_setting(as_(
        "user:1",
        UpdateSpaceNotificationSettingRequest {
            space_notification_setting: Some(SpaceNotificationSetting {
                name: format!("users/me/{}/spaceNotificationSetting", other.name),
                mute_setting: Some(space_notification_setting::MuteSetting::Muted as i32),
                ..Default::default()
            }),
            update_mask: Some(prost_types::FieldMask {
                paths: vec!["mute_setting".into()],
            }),
        },
    ))
    .await
    .unwrap();
    let r = search_messages(&mut c, "user:1", s("urgent"))
        .await
        .unwrap();
    assert_eq!(texts(&r), ["things to do: urgent"]);
}

#[tokio::test]
async fn search_messages_attachments_and_mentions() {
    let (_emu, mut c) = start().await;
    let s = space(&mut c, "user:1", "Files", &["users/2"]).await;
    let upload = c
        .upload_attachment(as_(
            "user:1",
            UploadAttachmentRequest {
                parent: s.name.clone(),
                filename: "report.pdf".into(),
            },
        ))
        .await
        .unwrap()
        .into_inner();
    c.create_message(as_(
        "user:1",
        CreateMessageRequest {
            parent: s.name.clone(),
            message: Some(Message {
                text: "the report".into(),
                attachment: vec![Attachment {
                    data_ref: Some(attachment::DataRef::AttachmentDataRef(
                        upload.attachment_data_ref.unwrap(),
                    )),
                    ..Default::default()
                }],
                ..Default::default()
            }),
            ..Default::default()
        },
    ))
    .await
    .unwrap();
    post(&mut c, "user:1", &s.name, "no report attached").await;
    let q = format!(r#"attachment:* AND space.name = "{}""#, s.name);
    let r = search_messages(&mut c, "user:2", messages_query(&q))
        .await
        .unwrap();
    assert_eq!(texts(&r), ["the report"]);
    // A mention filter parses, with `me` and email aliases.
    for q in [
        r#"annotations.user_mentions.user.name:"users/me""#,
        r#"annotations.user_mentions.user.name:"users/bob@example.com" OR annotations.user_mentions.user.name:"users/1""#,
    ] {
        search_messages(&mut c, "user:2", messages_query(q))
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn search_messages_rejects_bad_requests_and_pages() {
    let (_emu, mut c) = start().await;
    let s = space(&mut c, "user:1", "Busy", &["users/2"]).await;
    for i in 0..30 {
        post(&mut c, "user:2", &s.name, &format!("note {i}")).await;
    }
    let long = "x ".repeat(501);
    let bad = [
        "",
        long.as_str(),
        // Across fields only AND.
        r#"sender.name = "users/2" OR is_unread()"#,
        r#"(sender.name = "users/2" OR is_unread())"#,
        // create_time: only < and >=, only AND.
        r#"create_time > "2023-01-01T00:00:00Z""#,
        r#"create_time = "2023-01-01T00:00:00Z""#,
        r#"(create_time < "2023-01-01T00:00:00Z" OR create_time >= "2024-01-01T00:00:00Z")"#,
        r#"create_time < "last week""#,
        // sender.name and space.name: only `=`, only OR.
        r#"sender.name = "users/1" AND sender.name = "users/2""#,
        r#"sender.name:"users/1""#,
        // display_name: AND or OR, not a mix.
        r#"(space.display_name:a AND space.display_name:b OR space.display_name:c)"#,
        r#"((space.display_name:a AND space.display_name:b) OR space.display_name:c)"#,
        r#"text = "x""#,
        "no_such_function()",
        "NOT note",
        r#"(note"#,
    ];
    for f in bad {
        let e = search_messages(&mut c, "user:1", messages_query(f))
            .await
            .unwrap_err();
        assert_eq!(e.code(), Code::InvalidArgument, "{f}: {e:?}");
        assert_eq!(violation_field(&e), "filter", "{f}");
    }
    let mut req = messages_query("note");
    req.parent = s.name.clone();
    let e = search_messages(&mut c, "user:1", req).await.unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);
    assert_eq!(violation_field(&e), "parent");
    for order in ["create_time asc", "create_time", "sender desc"] {
        let mut req = messages_query("note");
        req.order_by = order.into();
        let e = search_messages(&mut c, "user:1", req).await.unwrap_err();
        assert_eq!(e.code(), Code::InvalidArgument, "{order}");
        assert_eq!(violation_field(&e), "order_by");
    }
    let e = search_messages(&mut c, "app", messages_query("note"))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);

    // Default page 25, then the rest; tokens are bound to the filter.
    let first = search_messages(&mut c, "user:1", messages_query("note"))
        .await
        .unwrap();
    assert_eq!(first.results.len(), 25);
    assert_eq!(texts(&first)[0], "note 29");
    let mut next = messages_query("note");
    next.page_token = first.next_page_token.clone();
    let rest = search_messages(&mut c, "user:1", next).await.unwrap();
    assert_eq!(rest.results.len(), 5);
    assert!(rest.next_page_token.is_empty());
    let mut changed = messages_query("note 1");
    changed.page_token = first.next_page_token;
    let e = search_messages(&mut c, "user:1", changed)
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);
    let mut big = messages_query("note");
    big.page_size = 1000;
    assert_eq!(
        search_messages(&mut c, "user:1", big)
            .await
            .unwrap()
            .results
            .len(),
        30
    );
}
