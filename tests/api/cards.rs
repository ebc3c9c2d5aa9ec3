//! The card builder: what it builds, the documented limits it refuses, and a built card
//! posted to the emulator and read back.

use google_chat_grpc::ErrorKind;
use google_chat_grpc::cards::{self, CardBuilder, MAX_WIDGETS};
use google_chat_grpc::emulator::Emulator;
use google_chat_grpc::proto::apps::card::v1::{
    Button, Card, Columns, OnClick, SelectionInput, Widget,
    card::{CardFixedFooter, CardHeader, Section},
    columns::Column,
    selection_input::SelectionItem,
};

#[test]
fn builds_what_twenty_lines_of_literals_did() {
    let card = CardBuilder::new()
        .header("Deploy 1.4", "production")
        .section(|s| {
            s.paragraph("All checks passed.")
                .link_button("Open logs", "https://example.com/logs")
        })
        .build()
        .unwrap();
    // The same card, written out as literals.
    let by_hand = Card {
        header: Some(CardHeader {
            title: "Deploy 1.4".into(),
            subtitle: "production".into(),
            ..Default::default()
        }),
        sections: vec![Section {
            widgets: vec![
                Widget::text_paragraph("All checks passed."),
                Widget::button_list([Button::new(
                    "Open logs",
                    OnClick::open_link("https://example.com/logs"),
                )]),
            ],
            ..Default::default()
        }],
        ..Default::default()
    };
    assert_eq!(card, by_hand);
}

#[test]
fn buttons_in_a_row_share_a_list_and_a_widget_between_starts_a_new_one() {
    let card = Card::builder()
        .titled_section("Actions", |s| {
            s.button("Approve", OnClick::action("approve"))
                .button("Reject", OnClick::action("reject"))
                .divider()
                .link_button("Docs", "https://example.com")
                .decorated_text("Owner", "Alice")
                .image("https://example.com/chart.png", "A chart")
                .collapsible(2)
        })
        .name("review")
        .build()
        .unwrap();
    let section = &card.sections[0];
    assert_eq!(section.header, "Actions");
    assert_eq!(section.widgets.len(), 5);
    assert_eq!(
        section.widgets[0].as_button_list().unwrap().buttons.len(),
        2
    );
    assert_eq!(
        section.widgets[2].as_button_list().unwrap().buttons.len(),
        1
    );
    assert_eq!(
        section.widgets[3].as_decorated_text().unwrap().top_label,
        "Owner"
    );
    assert_eq!(section.widgets[4].as_image().unwrap().alt_text, "A chart");
    assert!(section.collapsible);
    assert_eq!(section.uncollapsible_widgets_count, 2);
    assert_eq!(card.name, "review");
}

fn refused(card: Result<Card, google_chat_grpc::Error>, says: &str) {
    let err = card.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidArgument);
    assert!(err.to_string().contains(says), "{err} should say {says:?}");
}

#[test]
fn at_most_100_widgets_per_card() {
    let fill = |n: usize| {
        Card::builder()
            .section(|mut s| {
                for i in 0..n / 2 {
                    s = s.paragraph(format!("p{i}"));
                }
                s
            })
            .section(|mut s| {
                for i in 0..n - n / 2 {
                    s = s.paragraph(format!("q{i}"));
                }
                s
            })
            .build()
    };
    assert!(fill(MAX_WIDGETS).is_ok());
    refused(
        fill(MAX_WIDGETS + 1),
        "101 widgets; a card holds at most 100",
    );
}

#[test]
fn the_stated_rules_are_refused() {
    refused(
        Card::builder().section(|s| s).build(),
        "section 0 has no widgets",
    );
    refused(
        Card::builder()
            .header("", "sub")
            .section(|s| s.divider())
            .build(),
        "header has no title",
    );
    refused(
        Card::builder()
            .section(|s| s.divider().push_button(Button::default()))
            .build(),
        "section 0, widget 1: button 0 has no on_click",
    );
    refused(
        Card::builder()
            .section(|s| {
                s.widget(Widget::columns(Columns {
                    column_items: vec![Column::default(); 3],
                }))
            })
            .build(),
        "3 columns; at most 2",
    );
    refused(
        Card::builder()
            .section(|s| {
                s.widget(Widget::selection_input(SelectionInput {
                    name: "pick".into(),
                    items: (0..101)
                        .map(|i| SelectionItem::new(format!("{i}"), format!("{i}")))
                        .collect(),
                    ..Default::default()
                }))
            })
            .build(),
        "101 selection items; at most 100",
    );
    let footer_without_primary = Card {
        sections: vec![Section {
            widgets: vec![Widget::divider()],
            ..Default::default()
        }],
        fixed_footer: Some(Box::new(CardFixedFooter {
            secondary_button: Some(Box::new(Button::new("Cancel", OnClick::action("cancel")))),
            ..Default::default()
        })),
        ..Default::default()
    };
    refused(
        cards::validate(&footer_without_primary).map(|_| Card::default()),
        "secondary button but no primary",
    );
    let huge = Card::builder()
        .section(|s| s.paragraph("x".repeat(40 * 1024)))
        .build();
    refused(huge, "cards_v2 may have at most 32 KB");
}

#[tokio::test]
async fn a_built_card_posts_and_reads_back() {
    let emulator = Emulator::default();
    let alice = emulator
        .connect_in_memory("user:alice@example.com")
        .await
        .unwrap();
    let space = alice
        .set_up_space_with("Ops", ["users/bob@example.com"])
        .send()
        .await
        .unwrap();
    alice.add_app(&space.name).send().await.unwrap();
    let app = emulator.connect_in_memory("app").await.unwrap();
    let card = Card::builder()
        .header("Deploy 1.4", "")
        .section(|s| {
            s.paragraph("Done")
                .link_button("Logs", "https://example.com")
        })
        .build()
        .unwrap();
    let posted = app
        .send_card(&space.name, "deploy", card.clone(), "Deploy 1.4 done")
        .send()
        .await
        .unwrap();
    assert_eq!(posted.cards_v2[0].card_id, "deploy");
    assert_eq!(posted.cards_v2[0].card.as_ref(), Some(&card));
}
