//! A fluent builder for cards (`Message.cards_v2`), over the generated
//! [`google.apps.card.v1`](crate::proto::apps::card::v1) types, checked against the limits
//! the protos state.
//!
//! ```
//! use google_chat_grpc::cards::CardBuilder;
//! use google_chat_grpc::proto::apps::card::v1::OnClick;
//!
//! let card = CardBuilder::new()
//!     .header("Deploy 1.4", "production")
//!     .section(|s| {
//!         s.paragraph("All checks <b>passed</b>.")
//!             .decorated_text("Duration", "4 min 12 s")
//!             .link_button("Open logs", "https://example.com/deploys/14")
//!             .button("Roll back", OnClick::action("rollback"))
//!     })
//!     .build_with_id("deploy-14")?;
//!
//! let section = &card.card.as_ref().unwrap().sections[0];
//! assert_eq!(section.widgets.len(), 3); // both buttons share one button list
//! # Ok::<(), google_chat_grpc::Error>(())
//! ```
//!
//! The result is the plain generated struct: change anything the builder does not cover
//! afterwards, or write widgets yourself with [`SectionBuilder::widget`] and the
//! constructors in [`oneof`](crate::oneof) (`Widget::grid`, `Widget::columns`, ...).
//! To post it, `client.send_card(space, card_id, card, fallback_text)` or
//! `Message { cards_v2: vec![card_with_id], .. }`; a Chat app posts cards with app
//! authentication.
//!
//! # What is checked
//!
//! [`CardBuilder::build`] and [`validate`] refuse, with an
//! [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument) naming the section and
//! the rule, what the protos' comments say Chat does not accept or silently drops:
//!
//! | rule | where the proto says it |
//! | --- | --- |
//! | at most 100 widgets in a card (more are ignored) | `google.apps.card.v1.Card` |
//! | a section has at least one widget | `Card.Section.widgets` |
//! | a header has a title | `Card.CardHeader.title` ("Required") |
//! | a button has an `on_click` | `Button.on_click` ("Required") |
//! | at most 2 columns | `Columns.column_items` |
//! | at most 100 items in a selection input | `SelectionInput.items` |
//! | a fixed footer's secondary button needs a primary one | `Card.CardFixedFooter.secondary_button` |
//! | `cards_v2` at most 32 KB (checked on the encoded card, which is smaller than its JSON: a pass is no guarantee) | `google.chat.v1.Message.cards_v2` |

use prost::Message as _;

use crate::proto::apps::card::v1::{
    Button, ButtonList, Card, DecoratedText, Image, OnClick, Widget,
    card::{CardHeader, Section},
    widget,
};
use crate::proto::chat::v1::CardWithId;
use crate::{Error, Result};

/// Widgets per card; more are ignored (`google.apps.card.v1.Card`).
pub const MAX_WIDGETS: usize = 100;
/// Columns in a `Columns` widget (`google.apps.card.v1.Columns`).
pub const MAX_COLUMNS: usize = 2;
/// Items in a selection input (`google.apps.card.v1.SelectionInput.items`).
pub const MAX_SELECTION_ITEMS: usize = 100;
/// Bytes of `cards_v2` in a message (`google.chat.v1.Message.cards_v2`: 32 KB).
pub const MAX_CARDS_BYTES: usize = 32 * 1024;

/// Builds a [`Card`]: a header, then sections of widgets. See the [module docs](self).
#[derive(Debug, Clone, Default)]
#[must_use = "a card builder does nothing until `.build()`"]
pub struct CardBuilder {
    card: Card,
}

impl Card {
    /// Starts a [`CardBuilder`].
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::Card;
    ///
    /// let card = Card::builder().section(|s| s.paragraph("Hello")).build()?;
    /// assert_eq!(card.sections.len(), 1);
    /// # Ok::<(), google_chat_grpc::Error>(())
    /// ```
    pub fn builder() -> CardBuilder {
        CardBuilder::new()
    }
}

impl CardWithId {
    /// A card with the ID that identifies it in the message (unique within the message;
    /// used to update it).
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::Card;
    /// use google_chat_grpc::proto::chat::v1::CardWithId;
    ///
    /// let card = Card::builder().header("Weekly report", "").section(|s| s.divider()).build()?;
    /// let with_id = CardWithId::new("report", card);
    /// assert_eq!(with_id.card_id, "report");
    /// # Ok::<(), google_chat_grpc::Error>(())
    /// ```
    pub fn new(card_id: impl Into<String>, card: Card) -> Self {
        CardWithId {
            card_id: card_id.into(),
            card: Some(card),
        }
    }
}

impl CardBuilder {
    /// An empty card.
    pub fn new() -> Self {
        Self::default()
    }

    /// The header: a title, and a subtitle (empty for none).
    pub fn header(self, title: impl Into<String>, subtitle: impl Into<String>) -> Self {
        self.header_with(CardHeader {
            title: title.into(),
            subtitle: subtitle.into(),
            ..Default::default()
        })
    }

    /// A header with an image or other settings.
    pub fn header_with(mut self, header: CardHeader) -> Self {
        self.card.header = Some(header);
        self
    }

    /// The card's name, for card navigation in Workspace add-ons.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.card.name = name.into();
        self
    }

    /// Adds a section without a header, filled by `build`.
    pub fn section(self, build: impl FnOnce(SectionBuilder) -> SectionBuilder) -> Self {
        self.push(build(SectionBuilder::default()))
    }

    /// Adds a section with a header, filled by `build`.
    pub fn titled_section(
        self,
        header: impl Into<String>,
        build: impl FnOnce(SectionBuilder) -> SectionBuilder,
    ) -> Self {
        self.push(build(SectionBuilder::default().header(header)))
    }

    fn push(mut self, section: SectionBuilder) -> Self {
        self.card.sections.push(section.section);
        self
    }

    /// The card as built so far, unchecked.
    pub fn card(&self) -> &Card {
        &self.card
    }

    /// The card, checked against the [documented limits](self#what-is-checked).
    pub fn build(self) -> Result<Card> {
        validate(&self.card)?;
        Ok(self.card)
    }

    /// The card with its ID, for `Message.cards_v2`, checked as [`build`](Self::build).
    pub fn build_with_id(self, card_id: impl Into<String>) -> Result<CardWithId> {
        Ok(CardWithId::new(card_id, self.build()?))
    }
}

/// Builds one [`Section`] of a card; made by [`CardBuilder::section`].
#[derive(Debug, Clone, Default)]
#[must_use = "a section builder is added by returning it from the closure"]
pub struct SectionBuilder {
    section: Section,
}

impl SectionBuilder {
    /// The section's header text.
    pub fn header(mut self, header: impl Into<String>) -> Self {
        self.section.header = header.into();
        self
    }

    /// A paragraph of text (Chat's card markup: `<b>`, `<i>`, `<a href>`, ...).
    pub fn paragraph(self, text: impl Into<String>) -> Self {
        self.widget(Widget::text_paragraph(text))
    }

    /// Text with a label above it (empty for none).
    pub fn decorated_text(self, top_label: impl Into<String>, text: impl Into<String>) -> Self {
        self.widget(Widget::decorated_text(DecoratedText {
            top_label: top_label.into(),
            text: text.into(),
            ..Default::default()
        }))
    }

    /// An image from an HTTPS URL, with its alternative text for accessibility.
    pub fn image(self, url: impl Into<String>, alt_text: impl Into<String>) -> Self {
        self.widget(Widget::from(Image {
            image_url: url.into(),
            alt_text: alt_text.into(),
            ..Default::default()
        }))
    }

    /// A horizontal line.
    pub fn divider(self) -> Self {
        self.widget(Widget::divider())
    }

    /// A button. Buttons added one after another share one button list (one row).
    pub fn button(self, text: impl Into<String>, on_click: OnClick) -> Self {
        self.push_button(Button::new(text, on_click))
    }

    /// A button that opens `url`.
    pub fn link_button(self, text: impl Into<String>, url: impl Into<String>) -> Self {
        self.button(text, OnClick::open_link(url))
    }

    /// A button made by hand (an icon, a color, disabled, ...), in the current button row.
    pub fn push_button(mut self, button: Button) -> Self {
        if let Some(Widget {
            data: Some(widget::Data::ButtonList(list)),
            ..
        }) = self.section.widgets.last_mut()
        {
            list.buttons.push(button);
            return self;
        }
        self.widget(Widget::from(ButtonList {
            buttons: vec![button],
        }))
    }

    /// Any widget (a grid, columns, a text input, ...): see the constructors on [`Widget`].
    pub fn widget(mut self, widget: Widget) -> Self {
        self.section.widgets.push(widget);
        self
    }

    /// Makes the section collapsible, showing its first `visible` widgets when collapsed.
    pub fn collapsible(mut self, visible: u32) -> Self {
        self.section.collapsible = true;
        self.section.uncollapsible_widgets_count = i32::try_from(visible).unwrap_or(i32::MAX);
        self
    }
}

/// Checks a card, built or written by hand, against the
/// [documented limits](self#what-is-checked).
///
/// ```
/// use google_chat_grpc::cards::validate;
/// use google_chat_grpc::proto::apps::card::v1::{Card, card::Section};
///
/// let empty_section = Card { sections: vec![Section::default()], ..Default::default() };
/// let err = validate(&empty_section).unwrap_err();
/// assert!(err.to_string().contains("section 0 has no widgets"), "{err}");
/// ```
pub fn validate(card: &Card) -> Result<()> {
    let refuse = |what: String| Err(Error::invalid_argument(format!("card: {what}")));
    if card.header.as_ref().is_some_and(|h| h.title.is_empty()) {
        return refuse("the header has no title (CardHeader.title is required)".into());
    }
    let mut widgets = 0;
    for (i, section) in card.sections.iter().enumerate() {
        if section.widgets.is_empty() {
            return refuse(format!(
                "section {i} has no widgets (a section must contain at least one)"
            ));
        }
        widgets += section.widgets.len();
        for (j, widget) in section.widgets.iter().enumerate() {
            check_widget(widget)
                .or_else(|rule| refuse(format!("section {i}, widget {j}: {rule}")))?;
        }
    }
    if widgets > MAX_WIDGETS {
        return refuse(format!(
            "{widgets} widgets; a card holds at most {MAX_WIDGETS} (Chat ignores the rest)"
        ));
    }
    let footer = card.fixed_footer.as_deref();
    if footer.is_some_and(|f| f.secondary_button.is_some() && f.primary_button.is_none()) {
        return refuse("the fixed footer has a secondary button but no primary one".into());
    }
    let size = card.encoded_len();
    if size > MAX_CARDS_BYTES {
        return refuse(format!(
            "{size} bytes encoded; cards_v2 may have at most 32 KB"
        ));
    }
    Ok(())
}

fn check_widget(widget: &Widget) -> std::result::Result<(), String> {
    let check_buttons = |buttons: &[Button]| match buttons.iter().position(|b| b.on_click.is_none())
    {
        Some(k) => Err(format!("button {k} has no on_click (required)")),
        None => Ok(()),
    };
    match &widget.data {
        Some(widget::Data::ButtonList(list)) => check_buttons(&list.buttons),
        Some(widget::Data::Columns(columns)) if columns.column_items.len() > MAX_COLUMNS => {
            Err(format!(
                "{} columns; at most {MAX_COLUMNS}",
                columns.column_items.len()
            ))
        }
        Some(widget::Data::SelectionInput(input)) if input.items.len() > MAX_SELECTION_ITEMS => {
            Err(format!(
                "{} selection items; at most {MAX_SELECTION_ITEMS}",
                input.items.len()
            ))
        }
        _ => Ok(()),
    }
}
