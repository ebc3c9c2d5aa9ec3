//! `SearchSpaces` and `FindGroupChats`.

use super::*;

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
