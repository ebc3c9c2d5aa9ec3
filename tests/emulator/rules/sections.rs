//! `section.proto`: what CreateSection assigns itself (name, `sort_order`), the 80-character
//! display name counted in characters, and the 100-item maximum of both section lists.

use super::*;

fn custom(display_name: &str) -> CreateSectionRequest {
    CreateSectionRequest {
        parent: "users/me".into(),
        section: Some(Section {
            display_name: display_name.into(),
            r#type: section::SectionType::CustomSection as i32,
            ..Default::default()
        }),
    }
}

#[tokio::test]
async fn sections_get_their_name_and_order_from_the_server_and_pages_of_at_most_100() {
    let (_emu, mut c) = start().await;
    let mut forged = custom("Forged");
    if let Some(s) = forged.section.as_mut() {
        s.name = "users/1/sections/forged".into();
        s.sort_order = 1;
    }
    let made = c
        .create_section(as_("user:1", forged))
        .await
        .unwrap()
        .into_inner();
    assert_ne!(made.name, "users/1/sections/forged");
    assert!(made.name.starts_with("users/1/sections/"));
    // Appended after the three system sections: `sort_order` is output only.
    assert_eq!(made.sort_order, 4);

    // Up to 80 characters, not bytes.
    c.create_section(as_("user:1", custom(&"é".repeat(80))))
        .await
        .unwrap();
    let e = c
        .create_section(as_("user:1", custom(&"é".repeat(81))))
        .await
        .unwrap_err();
    assert_eq!(violation_field(&e), "section.display_name");

    // 105 sections in all, 101 spaces in default-spaces: both lists stop at 100.
    for i in 0..100 {
        c.create_section(as_("user:1", custom(&format!("S{i}"))))
            .await
            .unwrap();
        team(&mut c, &format!("Team {i}")).await;
    }
    team(&mut c, "Team 100").await;
    let sections = c
        .list_sections(as_(
            "user:1",
            ListSectionsRequest {
                parent: "users/me".into(),
                page_size: 5000,
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(sections.sections.len(), 100);
    assert!(!sections.next_page_token.is_empty());
    let items = c
        .list_section_items(as_(
            "user:1",
            ListSectionItemsRequest {
                parent: "users/me/sections/default-spaces".into(),
                page_size: 5000,
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(items.section_items.len(), 100);
    assert!(!items.next_page_token.is_empty());
}
