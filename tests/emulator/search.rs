//! Emulator: `SearchSpaces`, `SearchMessages` and `FindGroupChats`: their documented query
//! grammars and matching rules, who sees what (joined spaces, admin access), ordering, paging,
//! and INVALID_ARGUMENT for bad queries.

use crate::emulator_support;

use emulator_support::*;

use google_chat_grpc::emulator::{Emulator, EmulatorHandle};
use google_chat_grpc::proto::chat::v1::chat_service_client::ChatServiceClient;
use google_chat_grpc::proto::chat::v1::*;
use tonic::transport::Channel;
use tonic::{Code, Status};

async fn start() -> (EmulatorHandle, ChatServiceClient<Channel>) {
    let emulator = Emulator::builder()
        .user("alice@example.com", "1", "Alice")
        .user("bob@example.com", "2", "Bob")
        .start()
        .await
        .expect("start");
    let client = ChatServiceClient::connect(emulator.uri())
        .await
        .expect("connect");
    (emulator, client)
}

/// A SPACE set up by `who` with the given members.
async fn space(
    c: &mut ChatServiceClient<Channel>,
    who: &str,
    name: &str,
    members: &[&str],
) -> Space {
    c.set_up_space(as_(
        who,
        SetUpSpaceRequest {
            space: Some(Space {
                space_type: space::SpaceType::Space as i32,
                display_name: name.into(),
                ..Default::default()
            }),
            memberships: members.iter().map(|m| member(m)).collect(),
            ..Default::default()
        },
    ))
    .await
    .unwrap()
    .into_inner()
}

async fn post(c: &mut ChatServiceClient<Channel>, who: &str, space: &str, text: &str) -> Message {
    c.create_message(as_(
        who,
        CreateMessageRequest {
            parent: space.into(),
            message: Some(Message {
                text: text.into(),
                ..Default::default()
            }),
            ..Default::default()
        },
    ))
    .await
    .unwrap()
    .into_inner()
}

fn spaces_query(query: &str) -> SearchSpacesRequest {
    SearchSpacesRequest {
        query: query.into(),
        ..Default::default()
    }
}

async fn search_spaces(
    c: &mut ChatServiceClient<Channel>,
    who: &str,
    req: SearchSpacesRequest,
) -> Result<SearchSpacesResponse, Status> {
    c.search_spaces(as_(who, req)).await.map(|r| r.into_inner())
}

fn names(r: &SearchSpacesResponse) -> Vec<String> {
    let mut v: Vec<String> = r
        .results
        .iter()
        .map(|s| s.space.as_ref().unwrap().display_name.clone())
        .collect();
    v.sort();
    v
}

// Checks the deprecated `SearchSpacesResponse.spaces`, still documented and filled.
#[allow(deprecated)]
#[tokio::test]
async fn search_spaces_matches_display_name_tokens_among_joined_spaces() {
    let (_emu, mut c) = start().await;
    for n in ["Fun event", "The evening was fun", "notFun event", "even"] {
        space(&mut c, "user:1", n, &["users/2"]).await;
    }
    // Not a member: never found without admin access.
    space(&mut c, "user:3", "Fun eve elsewhere", &["users/4"]).await;
    let r = search_spaces(
        &mut c,
        "user:1",
        spaces_query(r#"space_type = "SPACE" AND display_name:"Fun Eve""#),
    )
    .await
    .unwrap();
    assert_eq!(names(&r), ["Fun event", "The evening was fun"]);
    assert_eq!(r.total_size, 2);
    // The deprecated `spaces` field is populated only with admin access.
    assert!(r.spaces.is_empty());

    // OR within display_name; the implicit AND and email tokens work too.
    let r = search_spaces(
        &mut c,
        "user:alice@example.com",
        spaces_query(r#"(display_name:"notfun" OR display_name:"was") AND space_type = "SPACE""#),
    )
    .await
    .unwrap();
    assert_eq!(names(&r), ["The evening was fun", "notFun event"]);

    // Without display_name a non-admin search returns an empty response.
    let r = search_spaces(
        &mut c,
        "user:1",
        spaces_query(r#"(external_user_allowed = "false" AND space_type = "SPACE")"#),
    )
    .await
    .unwrap();
    assert!(r.results.is_empty() && r.next_page_token.is_empty());

    // Group chats are never SPACEs.
    c.set_up_space(as_(
        "user:1",
        SetUpSpaceRequest {
            space: Some(Space {
                space_type: space::SpaceType::GroupChat as i32,
                ..Default::default()
            }),
            memberships: vec![member("users/2"), member("users/5")],
            ..Default::default()
        },
    ))
    .await
    .unwrap();
    let r = search_spaces(
        &mut c,
        "user:1",
        spaces_query(r#"space_type = "SPACE" AND display_name:"e""#),
    )
    .await
    .unwrap();
    assert_eq!(r.results.len(), 4);

    // order_by create_time DESC (the only non-admin time order).
    let mut req = spaces_query(r#"space_type = "SPACE" AND display_name:"e""#);
    req.order_by = "create_time DESC".into();
    let r = search_spaces(&mut c, "user:1", req).await.unwrap();
    let got: Vec<_> = r
        .results
        .iter()
        .map(|s| s.space.as_ref().unwrap().display_name.as_str())
        .collect();
    assert_eq!(
        got,
        ["even", "notFun event", "The evening was fun", "Fun event"]
    );
}

#[tokio::test]
async fn search_spaces_rejects_bad_queries_and_callers() {
    let (_emu, mut c) = start().await;
    space(&mut c, "user:1", "Hello", &["users/2"]).await;
    let bad = [
        "",
        // space_type is required, and SPACE is its only value.
        r#"display_name:"Hello""#,
        r#"space_type = "GROUP_CHAT" AND display_name:"Hello""#,
        // Only AND across fields.
        r#"space_type = "SPACE" OR display_name:"Hello""#,
        // space_type takes neither AND nor OR.
        r#"(space_type = "SPACE" OR space_type = "SPACE") AND display_name:"Hello""#,
        // display_name takes only OR, and only `:`.
        r#"space_type = "SPACE" AND display_name:"Hello" AND display_name:"World""#,
        r#"space_type = "SPACE" AND display_name = "Hello""#,
        // Admin-only fields.
        r#"space_type = "SPACE" AND display_name:"Hello" AND create_time > "2020-01-01T00:00:00Z""#,
        r#"customer = "customers/my_customer" AND space_type = "SPACE" AND display_name:"Hello""#,
        r#"space_type = "SPACE" AND display_name:"Hello" AND external_user_allowed = "maybe""#,
        r#"space_type = "SPACE" AND display_name:"Hello" AND unknown = "x""#,
        r#"space_type = "SPACE" AND (display_name:"Hello""#,
    ];
    for q in bad {
        let e = search_spaces(&mut c, "user:1", spaces_query(q))
            .await
            .unwrap_err();
        assert_eq!(e.code(), Code::InvalidArgument, "{q}: {e:?}");
        assert_eq!(violation_field(&e), "query", "{q}");
    }
    let ok = r#"space_type = "SPACE" AND display_name:"Hello""#;
    for order in ["create_time ASC", "last_active_time DESC", "display_name"] {
        let mut req = spaces_query(ok);
        req.order_by = order.into();
        let e = search_spaces(&mut c, "user:1", req).await.unwrap_err();
        assert_eq!(e.code(), Code::InvalidArgument, "{order}");
        assert_eq!(violation_field(&e), "order_by");
    }
    // User authentication only; admin access only for administrators.
    let e = search_spaces(&mut c, "app", spaces_query(ok))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);
    let mut req = spaces_query(r#"customer = "customers/my_customer" AND space_type = "SPACE""#);
    req.use_admin_access = true;
    let e = search_spaces(&mut c, "user:1", req).await.unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);
    let e = search_spaces(
        &mut c,
        "user:1",
        SearchSpacesRequest {
            query: ok.into(),
            page_size: -1,
            ..Default::default()
        },
    )
    .await
    .unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);
}

// Checks the deprecated `SearchSpacesResponse.spaces`, still documented and filled.
#[allow(deprecated)]
#[tokio::test]
async fn search_spaces_with_admin_access_sees_the_whole_customer() {
    let (_emu, mut c) = start().await;
    let a = space(&mut c, "user:1", "Alpha", &["users/2", "users/3"]).await;
    let b = space(&mut c, "user:3", "Beta", &[]).await;
    let g = space(&mut c, "user:4", "Gamma", &["users/5"]).await;
    post(&mut c, "user:3", &b.name, "wake up").await;
    let admin = |q: &str| SearchSpacesRequest {
        use_admin_access: true,
        query: q.into(),
        ..Default::default()
    };
    let all = r#"customer = "customers/my_customer" AND space_type = "SPACE""#;
    let r = search_spaces(&mut c, "admin:99", admin(all)).await.unwrap();
    assert_eq!(names(&r), ["Alpha", "Beta", "Gamma"]);
    assert_eq!(r.total_size, 3);
    assert_eq!(
        r.spaces.len(),
        3,
        "the deprecated field is filled for admins"
    );

    // Ordering by member count and by activity, both directions.
    let mut req = admin(all);
    req.order_by = "membership_count.joined_direct_human_user_count DESC".into();
    let r = search_spaces(&mut c, "admin:99", req).await.unwrap();
    assert_eq!(r.results[0].space.as_ref().unwrap().name, a.name);
    assert_eq!(r.results[2].space.as_ref().unwrap().name, b.name);
    let mut req = admin(all);
    req.order_by = "last_active_time desc".into();
    let r = search_spaces(&mut c, "admin:99", req).await.unwrap();
    assert_eq!(r.results[0].space.as_ref().unwrap().name, b.name);

    // Time intervals (AND) and alternatives (OR) on one field.
    let created = a.create_time.unwrap();
    let at = |t: &prost_types::Timestamp| chrono_free_rfc3339(t.seconds, t.nanos);
    let q = format!(
        r#"{all} AND (create_time > "{}" AND create_time <= "{}")"#,
        at(&created),
        at(g.create_time.as_ref().unwrap())
    );
    let r = search_spaces(&mut c, "admin:99", admin(&q)).await.unwrap();
    assert_eq!(names(&r), ["Beta", "Gamma"]);
    let q = format!(
        r#"{all} AND (create_time = "{}" OR create_time = "{}")"#,
        at(&created),
        at(g.create_time.as_ref().unwrap())
    );
    let r = search_spaces(&mut c, "admin:99", admin(&q)).await.unwrap();
    assert_eq!(names(&r), ["Alpha", "Gamma"]);
    let q = format!(r#"{all} AND space_history_state = "HISTORY_ON""#);
    search_spaces(&mut c, "admin:99", admin(&q)).await.unwrap();

    // customer is required, with its one value.
    for q in [
        r#"space_type = "SPACE""#,
        r#"customer = "customers/C012" AND space_type = "SPACE""#,
        r#"customer = "customers/my_customer" AND space_type = "SPACE" AND space_history_state = "SOMETIMES""#,
        r#"customer = "customers/my_customer" AND space_type = "SPACE" AND create_time > "yesterday""#,
    ] {
        let e = search_spaces(&mut c, "admin:99", admin(q))
            .await
            .unwrap_err();
        assert_eq!(e.code(), Code::InvalidArgument, "{q}");
    }

    // Pages of one, with tokens bound to the query.
    let mut seen = Vec::new();
    let mut token = String::new();
    loop {
        let mut req = admin(all);
        req.page_size = 1;
        req.page_token = token.clone();
        let r = search_spaces(&mut c, "admin:99", req).await.unwrap();
        assert_eq!(r.total_size, 3);
        seen.extend(r.results.iter().map(|s| s.space.clone().unwrap().name));
        if r.next_page_token.is_empty() {
            break;
        }
        token = r.next_page_token;
        let mut other = admin(&format!(r#"{all} AND display_name:"Alpha""#));
        other.page_token = token.clone();
        let e = search_spaces(&mut c, "admin:99", other).await.unwrap_err();
        assert_eq!(e.code(), Code::InvalidArgument);
    }
    assert_eq!(seen.len(), 3);
    // Over the maximum is clamped, not rejected.
    let mut req = admin(all);
    req.page_size = 5000;
    assert_eq!(
        search_spaces(&mut c, "admin:99", req)
            .await
            .unwrap()
            .results
            .len(),
        3
    );
}

/// RFC 3339 for a timestamp, UTC, with nanoseconds.
fn chrono_free_rfc3339(seconds: i64, nanos: i32) -> String {
    let days = seconds.div_euclid(86_400);
    let secs = seconds.rem_euclid(86_400);
    // Civil date from days since the epoch (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{nanos:09}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

fn messages_query(filter: &str) -> SearchMessagesRequest {
    SearchMessagesRequest {
        parent: "spaces/-".into(),
        filter: filter.into(),
        ..Default::default()
    }
}

async fn search_messages(
    c: &mut ChatServiceClient<Channel>,
    who: &str,
    req: SearchMessagesRequest,
) -> Result<SearchMessagesResponse, Status> {
    c.search_messages(as_(who, req))
        .await
        .map(|r| r.into_inner())
}

fn texts(r: &SearchMessagesResponse) -> Vec<String> {
    r.results
        .iter()
        .map(|m| m.message.as_ref().unwrap().text.clone())
        .collect()
}

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
    c.create_membership(as_(
        "user:1",
        CreateMembershipRequest {
            parent: project.name.clone(),
            membership: Some(Membership {
                member_type: Some(membership::MemberType::Member(User {
                    name: "users/app".into(),
                    r#type: user::Type::Bot as i32,
                    ..Default::default()
                })),
                ..Default::default()
            }),
            ..Default::default()
        },
    ))
    .await
    .unwrap();
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

async fn group_chat(c: &mut ChatServiceClient<Channel>, who: &str, members: &[&str]) -> Space {
    c.set_up_space(as_(
        who,
        SetUpSpaceRequest {
            space: Some(Space {
                space_type: space::SpaceType::GroupChat as i32,
                ..Default::default()
            }),
            memberships: members.iter().map(|m| member(m)).collect(),
            ..Default::default()
        },
    ))
    .await
    .unwrap()
    .into_inner()
}

fn find(users: &[&str]) -> FindGroupChatsRequest {
    FindGroupChatsRequest {
        users: users.iter().map(|u| u.to_string()).collect(),
        ..Default::default()
    }
}

async fn find_group_chats(
    c: &mut ChatServiceClient<Channel>,
    who: &str,
    req: FindGroupChatsRequest,
) -> Result<FindGroupChatsResponse, Status> {
    c.find_group_chats(as_(who, req))
        .await
        .map(|r| r.into_inner())
}

#[tokio::test]
async fn find_group_chats_with_exactly_these_users() {
    let (_emu, mut c) = start().await;
    let a = group_chat(&mut c, "user:1", &["users/2", "users/3"]).await;
    let b = group_chat(&mut c, "user:2", &["users/1", "users/3"]).await;
    group_chat(&mut c, "user:1", &["users/2", "users/4"]).await;
    group_chat(&mut c, "user:1", &["users/2", "users/3", "users/4"]).await;
    // A SPACE with the same people is not a group chat.
    space(&mut c, "user:1", "Same people", &["users/2", "users/3"]).await;

    // Resource names only by default; the email alias works.
    let r = find_group_chats(
        &mut c,
        "user:1",
        find(&["users/bob@example.com", "users/3"]),
    )
    .await
    .unwrap();
    let got: Vec<_> = r.spaces.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(got, [a.name.as_str(), b.name.as_str()]);
    assert!(
        r.spaces
            .iter()
            .all(|s| s.space_type == 0 && s.display_name.is_empty())
    );
    // The expanded view has the space data; the caller is always part of the set.
    let mut req = find(&["users/1", "users/3"]);
    req.space_view = SpaceView::Expanded as i32;
    let r = find_group_chats(&mut c, "user:2", req).await.unwrap();
    assert_eq!(r.spaces.len(), 2);
    assert!(
        r.spaces
            .iter()
            .all(|s| s.space_type == space::SpaceType::GroupChat as i32)
    );
    // No exact match, or a Chat app in the set: no spaces.
    for users in [
        &["users/2"][..],
        &["users/2", "users/3", "users/5"],
        &["users/2", "users/app"],
    ] {
        let r = find_group_chats(&mut c, "user:1", find(users))
            .await
            .unwrap();
        assert!(r.spaces.is_empty(), "{users:?}");
    }
    // Only joined members count: once user 3 leaves, that chat no longer matches.
    c.delete_membership(as_(
        "user:3",
        DeleteMembershipRequest {
            name: format!("{}/members/3", b.name),
            ..Default::default()
        },
    ))
    .await
    .unwrap();
    let r = find_group_chats(&mut c, "user:1", find(&["users/2", "users/3"]))
        .await
        .unwrap();
    assert_eq!(r.spaces.len(), 1);
    assert_eq!(r.spaces[0].name, a.name);

    // Pages: default 10, at most 30, tokens bound to the users.
    for _ in 0..11 {
        group_chat(&mut c, "user:1", &["users/5", "users/6"]).await;
    }
    let first = find_group_chats(&mut c, "user:1", find(&["users/5", "users/6"]))
        .await
        .unwrap();
    assert_eq!(first.spaces.len(), 10);
    let mut next = find(&["users/5", "users/6"]);
    next.page_token = first.next_page_token.clone();
    let rest = find_group_chats(&mut c, "user:1", next).await.unwrap();
    assert_eq!(rest.spaces.len(), 1);
    assert!(rest.next_page_token.is_empty());
    let mut other = find(&["users/5"]);
    other.page_token = first.next_page_token.clone();
    let e = find_group_chats(&mut c, "user:1", other).await.unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);
    let mut big = find(&["users/5", "users/6"]);
    big.page_size = 100;
    assert_eq!(
        find_group_chats(&mut c, "user:1", big)
            .await
            .unwrap()
            .spaces
            .len(),
        11
    );

    // Bad requests: negative page size, more than 49 users, app authentication.
    let mut neg = find(&["users/2"]);
    neg.page_size = -1;
    let e = find_group_chats(&mut c, "user:1", neg).await.unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);
    let many: Vec<String> = (100..150).map(|i| format!("users/{i}")).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    let e = find_group_chats(&mut c, "user:1", find(&many))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);
    assert_eq!(violation_field(&e), "users");
    let e = find_group_chats(&mut c, "app", find(&["users/2"]))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);

    // A group chat being imported is not visible until the import completes.
    let imported = c
        .create_space(as_(
            "user:7",
            CreateSpaceRequest {
                space: Some(Space {
                    space_type: space::SpaceType::GroupChat as i32,
                    import_mode: true,
                    ..Default::default()
                }),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    for u in ["users/7", "users/8", "users/9"] {
        c.create_membership(as_(
            "user:7",
            CreateMembershipRequest {
                parent: imported.name.clone(),
                membership: Some(member(u)),
                ..Default::default()
            },
        ))
        .await
        .unwrap();
    }
    let r = find_group_chats(&mut c, "user:8", find(&["users/7", "users/9"]))
        .await
        .unwrap();
    assert!(r.spaces.is_empty());
    c.complete_import_space(as_(
        "user:7",
        CompleteImportSpaceRequest {
            name: imported.name.clone(),
        },
    ))
    .await
    .unwrap();
    let r = find_group_chats(&mut c, "user:8", find(&["users/7", "users/9"]))
        .await
        .unwrap();
    assert_eq!(r.spaces.len(), 1);
    assert_eq!(r.spaces[0].name, imported.name);
}
