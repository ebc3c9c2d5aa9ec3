//! Emulator: sections: system and custom sections, create/update/delete rules, positions,
//! section items (spaces) and moving them, the caller's own sections only, page sizes.

use crate::emulator_support;

use emulator_support::*;

use google_chat_grpc::emulator::{Emulator, EmulatorHandle};
use google_chat_grpc::proto::chat::v1::chat_service_client::ChatServiceClient;
use google_chat_grpc::proto::chat::v1::position_section_request::{Position, PositionOneOf};
use google_chat_grpc::proto::chat::v1::*;
use tonic::transport::Channel;
use tonic::{Code, Status};

async fn start() -> (EmulatorHandle, ChatServiceClient<Channel>) {
    let emulator = Emulator::builder()
        .user("alice@example.com", "1", "Alice")
        .start()
        .await
        .expect("start");
    let client = ChatServiceClient::connect(emulator.uri())
        .await
        .expect("connect");
    (emulator, client)
}

async fn set_up(
    c: &mut ChatServiceClient<Channel>,
    kind: space::SpaceType,
    name: &str,
    members: &[&str],
) -> Space {
    c.set_up_space(as_(
        "user:1",
        SetUpSpaceRequest {
            space: Some(Space {
                space_type: kind as i32,
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

async fn create(
    c: &mut ChatServiceClient<Channel>,
    who: &str,
    parent: &str,
    name: &str,
) -> Result<Section, Status> {
    c.create_section(as_(
        who,
        CreateSectionRequest {
            parent: parent.into(),
            section: Some(Section {
                display_name: name.into(),
                r#type: section::SectionType::CustomSection as i32,
                ..Default::default()
            }),
        },
    ))
    .await
    .map(|r| r.into_inner())
}

async fn list(c: &mut ChatServiceClient<Channel>, who: &str) -> Vec<Section> {
    c.list_sections(as_(
        who,
        ListSectionsRequest {
            parent: "users/me".into(),
            page_size: 100,
            ..Default::default()
        },
    ))
    .await
    .unwrap()
    .into_inner()
    .sections
}

async fn items(c: &mut ChatServiceClient<Channel>, parent: &str, filter: &str) -> Vec<SectionItem> {
    c.list_section_items(as_(
        "user:1",
        ListSectionItemsRequest {
            parent: parent.into(),
            filter: filter.into(),
            ..Default::default()
        },
    ))
    .await
    .unwrap()
    .into_inner()
    .section_items
}

fn space_of(i: &SectionItem) -> &str {
    match &i.item {
        Some(section_item::Item::Space(s)) => s,
        None => "",
    }
}

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
