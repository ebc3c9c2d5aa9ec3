//! Section positions and page sizes.

use super::*;

#[tokio::test]
async fn positions_and_pages() {
    let (_emu, mut c) = start().await;
    let mut custom = Vec::new();
    for i in 0..9 {
        custom.push(
            create(&mut c, "user:1", "users/me", &format!("S{i}"))
                .await
                .unwrap(),
        );
    }
    // Default page of 10 out of 12 sections, then the rest; negative sizes are rejected.
    let first = c
        .list_sections(as_(
            "user:1",
            ListSectionsRequest {
                parent: "users/me".into(),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(first.sections.len(), 10);
    let rest = c
        .list_sections(as_(
            "user:1",
            ListSectionsRequest {
                parent: "users/me".into(),
                page_token: first.next_page_token.clone(),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(rest.sections.len(), 2);
    assert!(rest.next_page_token.is_empty());
    for req in [
        ListSectionsRequest {
            parent: "users/me".into(),
            page_size: -1,
            ..Default::default()
        },
        ListSectionsRequest {
            parent: "users/me".into(),
            page_token: "garbage".into(),
            ..Default::default()
        },
    ] {
        let e = c.list_sections(as_("user:1", req)).await.unwrap_err();
        assert_eq!(e.code(), Code::InvalidArgument);
    }
    let e = c
        .list_sections(as_(
            "user:1",
            ListSectionsRequest {
                parent: "users/2".into(),
                ..Default::default()
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);

    let position = |name: &str, p: PositionOneOf| PositionSectionRequest {
        name: name.into(),
        position: Some(p),
    };
    let last = custom.last().unwrap().name.clone();
    let moved = c
        .position_section(as_(
            "user:1",
            position(
                &last,
                PositionOneOf::RelativePosition(Position::Start as i32),
            ),
        ))
        .await
        .unwrap()
        .into_inner()
        .section
        .unwrap();
    assert_eq!(moved.sort_order, 1);
    let order = list(&mut c, "user:1").await;
    assert_eq!(order[0].name, last);
    assert_eq!(order[1].name, "users/1/sections/default-direct-messages");
    // An absolute position shifts the section there and those below it down.
    let moved = c
        .position_section(as_("user:1", position(&last, PositionOneOf::SortOrder(3))))
        .await
        .unwrap()
        .into_inner()
        .section
        .unwrap();
    assert_eq!(moved.sort_order, 3);
    let order = list(&mut c, "user:1").await;
    assert_eq!(order[2].name, last);
    assert_eq!(order[1].name, "users/1/sections/default-spaces");
    assert_eq!(order[3].name, "users/1/sections/default-apps");
    // Beyond the end appends; END too; system sections can be positioned.
    let moved = c
        .position_section(as_(
            "user:1",
            position(
                "users/1/sections/default-spaces",
                PositionOneOf::SortOrder(99),
            ),
        ))
        .await
        .unwrap()
        .into_inner()
        .section
        .unwrap();
    assert_eq!(moved.sort_order, 12);
    let moved = c
        .position_section(as_(
            "user:1",
            position(
                &custom[0].name,
                PositionOneOf::RelativePosition(Position::End as i32),
            ),
        ))
        .await
        .unwrap()
        .into_inner()
        .section
        .unwrap();
    assert_eq!(moved.sort_order, 12);
    let order = list(&mut c, "user:1").await;
    assert_eq!(order[11].name, custom[0].name);
    assert_eq!(order[10].name, "users/1/sections/default-spaces");

    for (req, code) in [
        (
            position(&last, PositionOneOf::SortOrder(0)),
            Code::InvalidArgument,
        ),
        (
            position(&last, PositionOneOf::SortOrder(-2)),
            Code::InvalidArgument,
        ),
        (
            position(
                &last,
                PositionOneOf::RelativePosition(Position::Unspecified as i32),
            ),
            Code::InvalidArgument,
        ),
        (
            PositionSectionRequest {
                name: last.clone(),
                position: None,
            },
            Code::InvalidArgument,
        ),
        (
            position("users/1/sections/gone", PositionOneOf::SortOrder(1)),
            Code::NotFound,
        ),
    ] {
        let e = c.position_section(as_("user:1", req)).await.unwrap_err();
        assert_eq!(e.code(), code, "{e:?}");
    }
}
