//! Section items (spaces) and moving them.

use super::*;

#[tokio::test]
async fn section_items_and_moves() {
    let (_emu, mut c) = start().await;
    let team = set_up(&mut c, space::SpaceType::Space, "Team", &["users/2"]).await;
    let other = set_up(&mut c, space::SpaceType::Space, "Other", &[]).await;
    let dm = set_up(&mut c, space::SpaceType::DirectMessage, "", &["users/2"]).await;
    let group = set_up(
        &mut c,
        space::SpaceType::GroupChat,
        "",
        &["users/2", "users/3"],
    )
    .await;

    // Joined spaces are items of their default sections.
    let spaces_items = items(&mut c, "users/me/sections/default-spaces", "").await;
    let got: Vec<_> = spaces_items.iter().map(space_of).collect();
    assert_eq!(got, [team.name.as_str(), other.name.as_str()]);
    let team_id = team.name.trim_start_matches("spaces/");
    assert_eq!(
        spaces_items[0].name,
        format!("users/1/sections/default-spaces/items/{team_id}")
    );
    let dms = items(&mut c, "users/1/sections/default-direct-messages", "").await;
    let got: Vec<_> = dms.iter().map(space_of).collect();
    assert_eq!(got, [dm.name.as_str(), group.name.as_str()]);
    assert!(
        items(&mut c, "users/me/sections/default-apps", "")
            .await
            .is_empty()
    );

    // Filtering by space, across all sections with `-`.
    let f = format!("space = {}", group.name);
    let found = items(&mut c, "users/me/sections/-", &f).await;
    assert_eq!(found.len(), 1);
    assert!(
        found[0]
            .name
            .starts_with("users/1/sections/default-direct-messages/items/")
    );
    let f = format!(r#"space = "{}""#, team.name);
    assert_eq!(items(&mut c, "users/me/sections/-", &f).await.len(), 1);
    for (parent, filter) in [
        ("users/me/sections/-", ""),
        ("users/me/sections/default-spaces", "display_name = Team"),
        ("users/me/sections/default-spaces", "space != spaces/A"),
        ("users/me/sections/default-spaces", "space = "),
        ("users/me", ""),
    ] {
        let e = c
            .list_section_items(as_(
                "user:1",
                ListSectionItemsRequest {
                    parent: parent.into(),
                    filter: filter.into(),
                    ..Default::default()
                },
            ))
            .await
            .unwrap_err();
        assert_eq!(e.code(), Code::InvalidArgument, "{parent} {filter}");
    }

    // Move the team space to a custom section and back.
    let work = create(&mut c, "user:1", "users/me", "Work").await.unwrap();
    let moved = c
        .move_section_item(as_(
            "user:1",
            MoveSectionItemRequest {
                name: spaces_items[0].name.clone(),
                target_section: work.name.clone(),
            },
        ))
        .await
        .unwrap()
        .into_inner()
        .section_item
        .unwrap();
    assert_eq!(moved.name, format!("{}/items/{team_id}", work.name));
    assert_eq!(space_of(&moved), team.name);
    let in_work = items(&mut c, &work.name, "").await;
    assert_eq!(in_work, std::slice::from_ref(&moved));
    let left: Vec<_> = items(&mut c, "users/me/sections/default-spaces", "")
        .await
        .iter()
        .map(|i| space_of(i).to_owned())
        .collect();
    assert_eq!(left, std::slice::from_ref(&other.name));
    // The old item name no longer exists; a space can't go to another default section.
    let e = c
        .move_section_item(as_(
            "user:1",
            MoveSectionItemRequest {
                name: spaces_items[0].name.clone(),
                target_section: work.name.clone(),
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::NotFound);
    let e = c
        .move_section_item(as_(
            "user:1",
            MoveSectionItemRequest {
                name: moved.name.clone(),
                target_section: "users/me/sections/default-direct-messages".into(),
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);
    let e = c
        .move_section_item(as_(
            "user:1",
            MoveSectionItemRequest {
                name: moved.name.clone(),
                target_section: "users/2/sections/default-spaces".into(),
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);
    let e = c
        .move_section_item(as_(
            "user:1",
            MoveSectionItemRequest {
                name: moved.name.clone(),
                target_section: "users/me/sections/missing".into(),
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::NotFound);
    let e = c
        .move_section_item(as_(
            "user:1",
            MoveSectionItemRequest {
                name: "users/me/sections/default-spaces".into(),
                target_section: work.name.clone(),
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);

    // Deleting a section moves its items back to their default sections.
    let dm_item = items(&mut c, "users/me/sections/default-direct-messages", "").await[0].clone();
    c.move_section_item(as_(
        "user:1",
        MoveSectionItemRequest {
            name: dm_item.name,
            target_section: work.name.clone(),
        },
    ))
    .await
    .unwrap();
    assert_eq!(items(&mut c, &work.name, "").await.len(), 2);
    c.delete_section(as_(
        "user:1",
        DeleteSectionRequest {
            name: work.name.clone(),
        },
    ))
    .await
    .unwrap();
    assert_eq!(
        items(&mut c, "users/me/sections/default-spaces", "")
            .await
            .len(),
        2
    );
    assert_eq!(
        items(&mut c, "users/me/sections/default-direct-messages", "")
            .await
            .len(),
        2
    );
    // Another user's items are theirs: user 2 has the team space in their own default section.
    let theirs = c
        .list_section_items(as_(
            "user:2",
            ListSectionItemsRequest {
                parent: "users/me/sections/default-spaces".into(),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner()
        .section_items;
    assert_eq!(theirs.len(), 1);
    assert!(theirs[0].name.starts_with("users/2/"));
    let e = c
        .list_section_items(as_(
            "app",
            ListSectionItemsRequest {
                parent: "users/me/sections/default-spaces".into(),
                ..Default::default()
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);

    // Page size default 10, negative rejected.
    for i in 0..11 {
        set_up(&mut c, space::SpaceType::Space, &format!("More {i}"), &[]).await;
    }
    let page = c
        .list_section_items(as_(
            "user:1",
            ListSectionItemsRequest {
                parent: "users/me/sections/default-spaces".into(),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(page.section_items.len(), 10);
    assert!(!page.next_page_token.is_empty());
    let e = c
        .list_section_items(as_(
            "user:1",
            ListSectionItemsRequest {
                parent: "users/me/sections/default-spaces".into(),
                page_size: -5,
                ..Default::default()
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);
}
