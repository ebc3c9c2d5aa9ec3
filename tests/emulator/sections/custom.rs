//! System and custom sections: create, update and delete rules.

use super::*;

#[tokio::test]
async fn system_and_custom_sections() {
    let (_emu, mut c) = start().await;
    // Every user starts with the three system sections, in sort order.
    let sections = list(&mut c, "user:1").await;
    let names: Vec<_> = sections.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "users/1/sections/default-direct-messages",
            "users/1/sections/default-spaces",
            "users/1/sections/default-apps"
        ]
    );
    assert_eq!(
        sections.iter().map(|s| s.r#type).collect::<Vec<_>>(),
        [
            section::SectionType::DefaultDirectMessages as i32,
            section::SectionType::DefaultSpaces as i32,
            section::SectionType::DefaultApps as i32
        ]
    );
    assert!(sections.iter().all(|s| s.display_name.is_empty()));
    assert!(
        sections
            .windows(2)
            .all(|w| w[0].sort_order < w[1].sort_order)
    );

    // Custom sections: by `me`, ID or email; appended at the end.
    let work = create(&mut c, "user:1", "users/me", "Work").await.unwrap();
    assert!(work.name.starts_with("users/1/sections/"));
    assert_eq!(work.r#type, section::SectionType::CustomSection as i32);
    assert_eq!(work.display_name, "Work");
    assert_eq!(work.sort_order, 4);
    let fun = create(&mut c, "user:1", "users/alice@example.com", "Fun")
        .await
        .unwrap();
    assert_eq!(fun.sort_order, 5);

    // Bad creates.
    let e = create(&mut c, "user:1", "users/me", "").await.unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);
    assert_eq!(violation_field(&e), "section.display_name");
    let e = create(&mut c, "user:1", "users/me", &"x".repeat(81))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);
    create(&mut c, "user:1", "users/me", &"x".repeat(80))
        .await
        .unwrap();
    let e = c
        .create_section(as_(
            "user:1",
            CreateSectionRequest {
                parent: "users/me".into(),
                section: Some(Section {
                    display_name: "Spaces".into(),
                    r#type: section::SectionType::DefaultSpaces as i32,
                    ..Default::default()
                }),
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);
    // Only the caller's own sections, only with user authentication.
    let e = create(&mut c, "user:2", "users/1", "Theirs")
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);
    let e = create(&mut c, "app", "users/me", "App").await.unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);
    assert_eq!(
        list(&mut c, "user:2").await.len(),
        3,
        "sections are per user"
    );

    // UpdateSection: display_name of custom sections only, with a mask.
    let update = |name: &str, display: &str, paths: &[&str]| UpdateSectionRequest {
        section: Some(Section {
            name: name.into(),
            display_name: display.into(),
            ..Default::default()
        }),
        update_mask: Some(prost_types::FieldMask {
            paths: paths.iter().map(|p| p.to_string()).collect(),
        }),
    };
    let renamed = c
        .update_section(as_(
            "user:1",
            update(&work.name, "Day job", &["display_name"]),
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(renamed.display_name, "Day job");
    assert_eq!(renamed.sort_order, 4);
    for (req, code) in [
        (
            update("users/1/sections/default-spaces", "Mine", &["display_name"]),
            Code::InvalidArgument,
        ),
        (
            update(&work.name, "Day job", &["sort_order"]),
            Code::InvalidArgument,
        ),
        (
            update(&work.name, "", &["display_name"]),
            Code::InvalidArgument,
        ),
        (
            update("users/1/sections/nope", "Nope", &["display_name"]),
            Code::NotFound,
        ),
    ] {
        let e = c.update_section(as_("user:1", req)).await.unwrap_err();
        assert_eq!(e.code(), code, "{e:?}");
    }
    let e = c
        .update_section(as_(
            "user:1",
            UpdateSectionRequest {
                section: Some(Section {
                    name: work.name.clone(),
                    display_name: "x".into(),
                    ..Default::default()
                }),
                update_mask: None,
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);
    let e = c
        .update_section(as_(
            "user:2",
            update(&work.name, "Hijack", &["display_name"]),
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);

    // DeleteSection: custom ones only.
    let e = c
        .delete_section(as_(
            "user:1",
            DeleteSectionRequest {
                name: "users/1/sections/default-apps".into(),
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);
    c.delete_section(as_(
        "user:1",
        DeleteSectionRequest {
            name: fun.name.clone(),
        },
    ))
    .await
    .unwrap();
    let e = c
        .delete_section(as_(
            "user:1",
            DeleteSectionRequest {
                name: fun.name.clone(),
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::NotFound);
    let e = c
        .delete_section(as_(
            "user:1",
            DeleteSectionRequest {
                name: "spaces/AAA".into(),
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);
    let left = list(&mut c, "user:1").await;
    assert_eq!(left.len(), 5);
    assert!(left.iter().all(|s| s.name != fun.name));
    assert_eq!(
        left.iter().map(|s| s.sort_order).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5],
        "sort orders stay dense"
    );
}
