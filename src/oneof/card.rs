//! Constructors for the `google.apps.card.v1` unions that building a card touches: widget
//! data (in a section, a carousel and a column), button on-click, icons, suggestions and
//! selection items and their data sources. The readers, the setters (decorated text
//! controls, data sources, ...) and the `From` impls are generated.

use crate::proto::apps::card::v1::{
    Action, Button, ButtonList, Card, Carousel, ChipList, Columns, DateTimePicker, DecoratedText,
    Divider, Grid, Icon, Image, MaterialIcon, OnClick, OpenLink, OverflowMenu, SelectionInput,
    TextInput, TextParagraph, Widget,
    card::{NestedWidget, nested_widget},
    columns::column::Widgets as ColumnWidget,
    icon::Icons,
    on_click,
    selection_input::{
        PlatformDataSource, SelectionItem,
        platform_data_source::{CommonDataSource, DataSource},
    },
    suggestions::{SuggestionItem, suggestion_item},
};

fn text_paragraph(text: String) -> TextParagraph {
    TextParagraph {
        text,
        ..Default::default()
    }
}

fn image(image_url: String) -> Image {
    Image {
        image_url,
        ..Default::default()
    }
}

fn button_list(buttons: impl IntoIterator<Item = Button>) -> ButtonList {
    ButtonList {
        buttons: buttons.into_iter().collect(),
    }
}

impl Widget {
    /// A paragraph of text (Chat's `formatText` markup: `<b>`, `<a href>`, ...).
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::Widget;
    ///
    /// let widget = Widget::text_paragraph("Build <b>passed</b>");
    /// assert_eq!(
    ///     widget.as_text_paragraph().unwrap().text,
    ///     "Build <b>passed</b>"
    /// );
    /// assert!(widget.as_image().is_none());
    /// ```
    pub fn text_paragraph(text: impl Into<String>) -> Self {
        Widget::from(text_paragraph(text.into()))
    }

    /// An image from an HTTPS URL.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::Widget;
    ///
    /// let widget = Widget::image("https://example.com/chart.png");
    /// assert_eq!(
    ///     widget.as_image().unwrap().image_url,
    ///     "https://example.com/chart.png"
    /// );
    /// ```
    pub fn image(url: impl Into<String>) -> Self {
        Widget::from(image(url.into()))
    }

    /// Text with optional labels, icons and a control.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::{DecoratedText, Widget};
    ///
    /// let widget = Widget::decorated_text(DecoratedText {
    ///     top_label: "Status".into(),
    ///     text: "Deployed".into(),
    ///     ..Default::default()
    /// });
    /// assert_eq!(widget.as_decorated_text().unwrap().text, "Deployed");
    /// ```
    pub fn decorated_text(decorated_text: DecoratedText) -> Self {
        Widget::from(decorated_text)
    }

    /// A row of buttons.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::{Button, OnClick, Widget};
    ///
    /// let widget = Widget::button_list([
    ///     Button::new("Approve", OnClick::action("approve")),
    ///     Button::new("Details", OnClick::open_link("https://example.com/pr/1")),
    /// ]);
    /// assert_eq!(widget.as_button_list().unwrap().buttons.len(), 2);
    /// ```
    pub fn button_list(buttons: impl IntoIterator<Item = Button>) -> Self {
        Widget::from(button_list(buttons))
    }

    /// A text field the user types into.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::{TextInput, Widget};
    ///
    /// let widget = Widget::text_input(TextInput {
    ///     name: "summary".into(),
    ///     ..Default::default()
    /// });
    /// assert_eq!(widget.as_text_input().unwrap().name, "summary");
    /// ```
    pub fn text_input(text_input: TextInput) -> Self {
        Widget::from(text_input)
    }

    /// Checkboxes, radio buttons, switches, a dropdown or a multiselect menu.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::{
    ///     SelectionInput, Widget, selection_input::SelectionItem,
    /// };
    ///
    /// let widget = Widget::selection_input(SelectionInput {
    ///     name: "size".into(),
    ///     items: vec![
    ///         SelectionItem::new("Small", "s"),
    ///         SelectionItem::new("Large", "l"),
    ///     ],
    ///     ..Default::default()
    /// });
    /// assert_eq!(widget.as_selection_input().unwrap().items.len(), 2);
    /// ```
    pub fn selection_input(selection_input: SelectionInput) -> Self {
        Widget::from(selection_input)
    }

    /// A date and/or time picker.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::{DateTimePicker, Widget};
    ///
    /// let widget = Widget::date_time_picker(DateTimePicker {
    ///     name: "due".into(),
    ///     ..Default::default()
    /// });
    /// assert_eq!(widget.as_date_time_picker().unwrap().name, "due");
    /// ```
    pub fn date_time_picker(date_time_picker: DateTimePicker) -> Self {
        Widget::from(date_time_picker)
    }

    /// A horizontal line between widgets.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::Widget;
    ///
    /// assert!(Widget::divider().as_divider().is_some());
    /// ```
    pub fn divider() -> Self {
        Widget::from(Divider {})
    }

    /// A grid of items.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::{Grid, Widget};
    ///
    /// let widget = Widget::grid(Grid {
    ///     title: "Team".into(),
    ///     column_count: 2,
    ///     ..Default::default()
    /// });
    /// assert_eq!(widget.as_grid().unwrap().column_count, 2);
    /// ```
    pub fn grid(grid: Grid) -> Self {
        Widget::from(grid)
    }

    /// Up to two columns of widgets.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::{Columns, Widget};
    ///
    /// assert!(Widget::columns(Columns::default()).as_columns().is_some());
    /// ```
    pub fn columns(columns: Columns) -> Self {
        Widget::from(columns)
    }

    /// A carousel of small cards.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::{Carousel, Widget};
    ///
    /// assert!(
    ///     Widget::carousel(Carousel::default())
    ///         .as_carousel()
    ///         .is_some()
    /// );
    /// ```
    pub fn carousel(carousel: Carousel) -> Self {
        Widget::from(carousel)
    }

    /// A list of chips.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::{ChipList, Widget};
    ///
    /// assert!(
    ///     Widget::chip_list(ChipList::default())
    ///         .as_chip_list()
    ///         .is_some()
    /// );
    /// ```
    pub fn chip_list(chip_list: ChipList) -> Self {
        Widget::from(chip_list)
    }
}

impl NestedWidget {
    /// A text paragraph inside a carousel card.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::card::NestedWidget;
    ///
    /// assert_eq!(
    ///     NestedWidget::text_paragraph("hi")
    ///         .as_text_paragraph()
    ///         .unwrap()
    ///         .text,
    ///     "hi"
    /// );
    /// ```
    pub fn text_paragraph(text: impl Into<String>) -> Self {
        NestedWidget {
            data: Some(nested_widget::Data::TextParagraph(text_paragraph(
                text.into(),
            ))),
        }
    }

    /// Buttons inside a carousel card.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::{Button, OnClick, card::NestedWidget};
    ///
    /// let nested = NestedWidget::button_list([Button::new("Open", OnClick::action("open"))]);
    /// assert_eq!(nested.as_button_list().unwrap().buttons.len(), 1);
    /// ```
    pub fn button_list(buttons: impl IntoIterator<Item = Button>) -> Self {
        NestedWidget {
            data: Some(nested_widget::Data::ButtonList(button_list(buttons))),
        }
    }

    /// An image inside a carousel card.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::card::NestedWidget;
    ///
    /// assert!(
    ///     NestedWidget::image("https://example.com/a.png")
    ///         .as_image()
    ///         .is_some()
    /// );
    /// ```
    pub fn image(url: impl Into<String>) -> Self {
        NestedWidget {
            data: Some(nested_widget::Data::Image(image(url.into()))),
        }
    }
}

impl ColumnWidget {
    /// A text paragraph inside a column.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::columns::column::Widgets;
    ///
    /// assert_eq!(
    ///     Widgets::text_paragraph("left")
    ///         .as_text_paragraph()
    ///         .unwrap()
    ///         .text,
    ///     "left"
    /// );
    /// ```
    pub fn text_paragraph(text: impl Into<String>) -> Self {
        ColumnWidget::from(text_paragraph(text.into()))
    }

    /// An image inside a column.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::columns::column::Widgets;
    ///
    /// assert!(
    ///     Widgets::image("https://example.com/a.png")
    ///         .as_image()
    ///         .is_some()
    /// );
    /// ```
    pub fn image(url: impl Into<String>) -> Self {
        ColumnWidget::from(image(url.into()))
    }

    /// Buttons inside a column.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::{
    ///     Button, OnClick, columns::column::Widgets,
    /// };
    ///
    /// let widget = Widgets::button_list([Button::new("Go", OnClick::action("go"))]);
    /// assert_eq!(widget.as_button_list().unwrap().buttons.len(), 1);
    /// ```
    pub fn button_list(buttons: impl IntoIterator<Item = Button>) -> Self {
        ColumnWidget::from(button_list(buttons))
    }
}

impl Button {
    /// A button labelled `text` that does `on_click`.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::{Button, OnClick};
    ///
    /// let button = Button::new("Docs", OnClick::open_link("https://example.com"));
    /// assert_eq!(button.text, "Docs");
    /// let url = button
    ///     .on_click
    ///     .as_ref()
    ///     .and_then(|c| c.as_open_link())
    ///     .map(|l| l.url.as_str());
    /// assert_eq!(url, Some("https://example.com"));
    /// ```
    pub fn new(text: impl Into<String>, on_click: OnClick) -> Self {
        Button {
            text: text.into(),
            on_click: Some(Box::new(on_click)),
            ..Default::default()
        }
    }
}

impl OnClick {
    /// Opens `url`.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::OnClick;
    ///
    /// let on_click = OnClick::open_link("https://example.com");
    /// assert_eq!(on_click.as_open_link().unwrap().url, "https://example.com");
    /// assert!(on_click.as_action().is_none());
    /// ```
    pub fn open_link(url: impl Into<String>) -> Self {
        OnClick::from(OpenLink {
            url: url.into(),
            ..Default::default()
        })
    }

    /// Runs the action `function`: for a Chat app, the name the interaction event reports;
    /// for an add-on, the URL of the endpoint. Use [`OnClick::from`] an [`Action`] to add
    /// parameters.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::OnClick;
    ///
    /// let on_click = OnClick::action("approve");
    /// assert_eq!(on_click.as_action().unwrap().function, "approve");
    /// ```
    pub fn action(function: impl Into<String>) -> Self {
        OnClick::from(Action {
            function: function.into(),
            ..Default::default()
        })
    }

    /// Runs `action` to get the link to open (add-ons only).
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::{Action, OnClick};
    ///
    /// let on_click = OnClick::open_dynamic_link(Action {
    ///     function: "https://example.com/link".into(),
    ///     ..Default::default()
    /// });
    /// assert!(on_click.as_open_dynamic_link_action().is_some());
    /// assert!(on_click.as_action().is_none());
    /// ```
    pub fn open_dynamic_link(action: Action) -> Self {
        OnClick {
            data: Some(on_click::Data::OpenDynamicLinkAction(action)),
        }
    }

    /// Pushes `card` onto the card stack (add-ons only).
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::{Card, OnClick};
    ///
    /// let on_click = OnClick::card(Card {
    ///     name: "details".into(),
    ///     ..Default::default()
    /// });
    /// assert_eq!(on_click.as_card().unwrap().name, "details");
    /// ```
    pub fn card(card: Card) -> Self {
        OnClick {
            data: Some(on_click::Data::Card(Box::new(card))),
        }
    }

    /// Opens an overflow menu.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::{OnClick, OverflowMenu};
    ///
    /// assert!(
    ///     OnClick::overflow_menu(OverflowMenu::default())
    ///         .as_overflow_menu()
    ///         .is_some()
    /// );
    /// ```
    pub fn overflow_menu(menu: OverflowMenu) -> Self {
        OnClick {
            data: Some(on_click::Data::OverflowMenu(menu)),
        }
    }
}

impl Icon {
    /// One of the built-in icons, by name (`"STAR"`, `"EMAIL"`, `"CLOCK"`, ...).
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::Icon;
    ///
    /// assert_eq!(Icon::known_icon("EMAIL").as_known_icon(), Some("EMAIL"));
    /// ```
    pub fn known_icon(name: impl Into<String>) -> Self {
        Icon {
            icons: Some(Icons::KnownIcon(name.into())),
            ..Default::default()
        }
    }

    /// A custom icon from an HTTPS URL.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::Icon;
    ///
    /// let icon = Icon::icon_url("https://example.com/icon.png");
    /// assert_eq!(icon.as_icon_url(), Some("https://example.com/icon.png"));
    /// assert_eq!(icon.as_known_icon(), None);
    /// ```
    pub fn icon_url(url: impl Into<String>) -> Self {
        Icon {
            icons: Some(Icons::IconUrl(url.into())),
            ..Default::default()
        }
    }

    /// A [Google Material icon](https://fonts.google.com/icons), by name.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::Icon;
    ///
    /// assert_eq!(
    ///     Icon::material_icon("check_circle")
    ///         .as_material_icon()
    ///         .unwrap()
    ///         .name,
    ///     "check_circle"
    /// );
    /// ```
    pub fn material_icon(name: impl Into<String>) -> Self {
        let material = MaterialIcon {
            name: name.into(),
            ..Default::default()
        };
        Icon {
            icons: Some(Icons::MaterialIcon(material)),
            ..Default::default()
        }
    }
}

impl SuggestionItem {
    /// A suggested value for a text input.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::suggestions::SuggestionItem;
    ///
    /// assert_eq!(SuggestionItem::text("Berlin").as_text(), Some("Berlin"));
    /// ```
    pub fn text(text: impl Into<String>) -> Self {
        SuggestionItem {
            content: Some(suggestion_item::Content::Text(text.into())),
        }
    }
}

impl SelectionItem {
    /// An item showing `text` whose submitted value is `value`, not selected.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::selection_input::SelectionItem;
    ///
    /// let item = SelectionItem::new("Large", "l");
    /// assert_eq!(
    ///     (item.text.as_str(), item.value.as_str(), item.selected),
    ///     ("Large", "l", false)
    /// );
    /// ```
    pub fn new(text: impl Into<String>, value: impl Into<String>) -> Self {
        SelectionItem {
            text: text.into(),
            value: value.into(),
            ..Default::default()
        }
    }
}

impl PlatformDataSource {
    /// A data source shared by all Google Workspace applications, such as its users.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::selection_input::{
    ///     PlatformDataSource, platform_data_source::CommonDataSource,
    /// };
    ///
    /// let source = PlatformDataSource::common_data_source(CommonDataSource::User);
    /// assert_eq!(source.as_common_data_source(), Some(CommonDataSource::User));
    /// ```
    pub fn common_data_source(source: CommonDataSource) -> Self {
        PlatformDataSource {
            data_source: Some(DataSource::CommonDataSource(source.into())),
        }
    }
}
