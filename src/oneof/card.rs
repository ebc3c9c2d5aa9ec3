//! The `google.apps.card.v1` unions that building a card touches: widget data (in a section,
//! a carousel and a column), button on-click, decorated text controls, icons, suggestions and
//! selection items and their data sources.

use crate::proto::apps::card::v1::{
    Action, Button, ButtonList, Card, Carousel, ChipList, Columns, DateTimePicker, DecoratedText,
    Divider, Grid, Icon, Image, MaterialIcon, OnClick, OpenLink, OverflowMenu, SelectionInput,
    TextInput, TextParagraph, Widget,
    card::{NestedWidget, nested_widget},
    columns::column::{Widgets as ColumnWidget, widgets as column_widget},
    decorated_text::{Control, SwitchControl},
    icon::Icons,
    on_click,
    selection_input::{
        MultiSelectDataSource, PlatformDataSource, SelectionItem,
        platform_data_source::{CommonDataSource, DataSource},
        selection_item::StartIcon,
    },
    suggestions::{SuggestionItem, suggestion_item},
    widget,
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

    /// The text paragraph, `None` for any other widget.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::Widget;
    ///
    /// assert!(Widget::divider().as_text_paragraph().is_none());
    /// ```
    pub fn as_text_paragraph(&self) -> Option<&TextParagraph> {
        match self.data.as_ref()? {
            widget::Data::TextParagraph(data) => Some(data),
            _ => None,
        }
    }

    /// The image, `None` for any other widget.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::Widget;
    ///
    /// assert!(
    ///     Widget::image("https://example.com/a.png")
    ///         .as_image()
    ///         .is_some()
    /// );
    /// ```
    pub fn as_image(&self) -> Option<&Image> {
        match self.data.as_ref()? {
            widget::Data::Image(data) => Some(data),
            _ => None,
        }
    }

    /// The decorated text, `None` for any other widget.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::Widget;
    ///
    /// assert!(Widget::text_paragraph("hi").as_decorated_text().is_none());
    /// ```
    pub fn as_decorated_text(&self) -> Option<&DecoratedText> {
        match self.data.as_ref()? {
            widget::Data::DecoratedText(data) => Some(data),
            _ => None,
        }
    }

    /// The button list, `None` for any other widget.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::Widget;
    ///
    /// assert!(Widget::button_list([]).as_button_list().is_some());
    /// ```
    pub fn as_button_list(&self) -> Option<&ButtonList> {
        match self.data.as_ref()? {
            widget::Data::ButtonList(data) => Some(data),
            _ => None,
        }
    }

    /// The text input, `None` for any other widget.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::Widget;
    ///
    /// assert!(Widget::default().as_text_input().is_none());
    /// ```
    pub fn as_text_input(&self) -> Option<&TextInput> {
        match self.data.as_ref()? {
            widget::Data::TextInput(data) => Some(data),
            _ => None,
        }
    }

    /// The selection input, `None` for any other widget.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::Widget;
    ///
    /// assert!(Widget::default().as_selection_input().is_none());
    /// ```
    pub fn as_selection_input(&self) -> Option<&SelectionInput> {
        match self.data.as_ref()? {
            widget::Data::SelectionInput(data) => Some(data),
            _ => None,
        }
    }

    /// The date-time picker, `None` for any other widget.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::Widget;
    ///
    /// assert!(Widget::default().as_date_time_picker().is_none());
    /// ```
    pub fn as_date_time_picker(&self) -> Option<&DateTimePicker> {
        match self.data.as_ref()? {
            widget::Data::DateTimePicker(data) => Some(data),
            _ => None,
        }
    }

    /// The divider, `None` for any other widget.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::Widget;
    ///
    /// assert!(Widget::text_paragraph("hi").as_divider().is_none());
    /// ```
    pub fn as_divider(&self) -> Option<&Divider> {
        match self.data.as_ref()? {
            widget::Data::Divider(data) => Some(data),
            _ => None,
        }
    }

    /// The grid, `None` for any other widget.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::Widget;
    ///
    /// assert!(Widget::default().as_grid().is_none());
    /// ```
    pub fn as_grid(&self) -> Option<&Grid> {
        match self.data.as_ref()? {
            widget::Data::Grid(data) => Some(data),
            _ => None,
        }
    }

    /// The columns, `None` for any other widget.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::Widget;
    ///
    /// assert!(Widget::default().as_columns().is_none());
    /// ```
    pub fn as_columns(&self) -> Option<&Columns> {
        match self.data.as_ref()? {
            widget::Data::Columns(data) => Some(data),
            _ => None,
        }
    }

    /// The carousel, `None` for any other widget.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::Widget;
    ///
    /// assert!(Widget::default().as_carousel().is_none());
    /// ```
    pub fn as_carousel(&self) -> Option<&Carousel> {
        match self.data.as_ref()? {
            widget::Data::Carousel(data) => Some(data),
            _ => None,
        }
    }

    /// The chip list, `None` for any other widget.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::Widget;
    ///
    /// assert!(Widget::default().as_chip_list().is_none());
    /// ```
    pub fn as_chip_list(&self) -> Option<&ChipList> {
        match self.data.as_ref()? {
            widget::Data::ChipList(data) => Some(data),
            _ => None,
        }
    }
}

// `Widget::from(text_paragraph)` and friends, for widgets built field by field.
macro_rules! widget_from {
    ($($variant:ident),* $(,)?) => {$(
        impl From<$variant> for Widget {
            fn from(data: $variant) -> Self {
                Widget { data: Some(widget::Data::$variant(data)), ..Default::default() }
            }
        }
    )*};
}

widget_from!(
    TextParagraph,
    Image,
    DecoratedText,
    ButtonList,
    TextInput,
    SelectionInput,
    DateTimePicker,
    Divider,
    Grid,
    Columns,
    Carousel,
    ChipList,
);

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

    /// The text paragraph, `None` for any other widget.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::card::NestedWidget;
    ///
    /// assert!(
    ///     NestedWidget::image("https://example.com/a.png")
    ///         .as_text_paragraph()
    ///         .is_none()
    /// );
    /// ```
    pub fn as_text_paragraph(&self) -> Option<&TextParagraph> {
        match self.data.as_ref()? {
            nested_widget::Data::TextParagraph(data) => Some(data),
            _ => None,
        }
    }

    /// The button list, `None` for any other widget.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::card::NestedWidget;
    ///
    /// assert!(NestedWidget::default().as_button_list().is_none());
    /// ```
    pub fn as_button_list(&self) -> Option<&ButtonList> {
        match self.data.as_ref()? {
            nested_widget::Data::ButtonList(data) => Some(data),
            _ => None,
        }
    }

    /// The image, `None` for any other widget.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::card::NestedWidget;
    ///
    /// assert!(NestedWidget::text_paragraph("hi").as_image().is_none());
    /// ```
    pub fn as_image(&self) -> Option<&Image> {
        match self.data.as_ref()? {
            nested_widget::Data::Image(data) => Some(data),
            _ => None,
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

    /// The text paragraph, `None` for any other widget.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::columns::column::Widgets;
    ///
    /// assert!(Widgets::default().as_text_paragraph().is_none());
    /// ```
    pub fn as_text_paragraph(&self) -> Option<&TextParagraph> {
        match self.data.as_ref()? {
            column_widget::Data::TextParagraph(data) => Some(data),
            _ => None,
        }
    }

    /// The image, `None` for any other widget.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::columns::column::Widgets;
    ///
    /// assert!(Widgets::text_paragraph("x").as_image().is_none());
    /// ```
    pub fn as_image(&self) -> Option<&Image> {
        match self.data.as_ref()? {
            column_widget::Data::Image(data) => Some(data),
            _ => None,
        }
    }

    /// The decorated text, `None` for any other widget.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::{
    ///     DecoratedText, columns::column::Widgets,
    /// };
    ///
    /// assert!(
    ///     Widgets::from(DecoratedText::default())
    ///         .as_decorated_text()
    ///         .is_some()
    /// );
    /// ```
    pub fn as_decorated_text(&self) -> Option<&DecoratedText> {
        match self.data.as_ref()? {
            column_widget::Data::DecoratedText(data) => Some(data),
            _ => None,
        }
    }

    /// The button list, `None` for any other widget.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::columns::column::Widgets;
    ///
    /// assert!(Widgets::default().as_button_list().is_none());
    /// ```
    pub fn as_button_list(&self) -> Option<&ButtonList> {
        match self.data.as_ref()? {
            column_widget::Data::ButtonList(data) => Some(data),
            _ => None,
        }
    }

    /// The text input, `None` for any other widget.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::{TextInput, columns::column::Widgets};
    ///
    /// assert!(
    ///     Widgets::from(TextInput::default())
    ///         .as_text_input()
    ///         .is_some()
    /// );
    /// ```
    pub fn as_text_input(&self) -> Option<&TextInput> {
        match self.data.as_ref()? {
            column_widget::Data::TextInput(data) => Some(data),
            _ => None,
        }
    }

    /// The selection input, `None` for any other widget.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::{
    ///     SelectionInput, columns::column::Widgets,
    /// };
    ///
    /// assert!(
    ///     Widgets::from(SelectionInput::default())
    ///         .as_selection_input()
    ///         .is_some()
    /// );
    /// ```
    pub fn as_selection_input(&self) -> Option<&SelectionInput> {
        match self.data.as_ref()? {
            column_widget::Data::SelectionInput(data) => Some(data),
            _ => None,
        }
    }

    /// The date-time picker, `None` for any other widget.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::{
    ///     DateTimePicker, columns::column::Widgets,
    /// };
    ///
    /// assert!(
    ///     Widgets::from(DateTimePicker::default())
    ///         .as_date_time_picker()
    ///         .is_some()
    /// );
    /// ```
    pub fn as_date_time_picker(&self) -> Option<&DateTimePicker> {
        match self.data.as_ref()? {
            column_widget::Data::DateTimePicker(data) => Some(data),
            _ => None,
        }
    }

    /// The chip list, `None` for any other widget.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::{ChipList, columns::column::Widgets};
    ///
    /// assert!(Widgets::from(ChipList::default()).as_chip_list().is_some());
    /// ```
    pub fn as_chip_list(&self) -> Option<&ChipList> {
        match self.data.as_ref()? {
            column_widget::Data::ChipList(data) => Some(data),
            _ => None,
        }
    }
}

// `Widgets::from(decorated_text)` and friends, for column widgets built field by field.
macro_rules! column_widget_from {
    ($($variant:ident),* $(,)?) => {$(
        impl From<$variant> for ColumnWidget {
            fn from(data: $variant) -> Self {
                ColumnWidget { data: Some(column_widget::Data::$variant(data)) }
            }
        }
    )*};
}

column_widget_from!(
    TextParagraph,
    Image,
    DecoratedText,
    ButtonList,
    TextInput,
    SelectionInput,
    DateTimePicker,
    ChipList,
);

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

    /// The action to run, `None` for any other on-click.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::OnClick;
    ///
    /// assert!(OnClick::default().as_action().is_none());
    /// ```
    pub fn as_action(&self) -> Option<&Action> {
        match self.data.as_ref()? {
            on_click::Data::Action(action) => Some(action),
            _ => None,
        }
    }

    /// The link to open, `None` for any other on-click.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::OnClick;
    ///
    /// assert!(OnClick::action("f").as_open_link().is_none());
    /// ```
    pub fn as_open_link(&self) -> Option<&OpenLink> {
        match self.data.as_ref()? {
            on_click::Data::OpenLink(link) => Some(link),
            _ => None,
        }
    }

    /// The action that returns a link to open, `None` for any other on-click.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::OnClick;
    ///
    /// assert!(OnClick::action("f").as_open_dynamic_link_action().is_none());
    /// ```
    pub fn as_open_dynamic_link_action(&self) -> Option<&Action> {
        match self.data.as_ref()? {
            on_click::Data::OpenDynamicLinkAction(action) => Some(action),
            _ => None,
        }
    }

    /// The card to push, `None` for any other on-click.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::OnClick;
    ///
    /// assert!(OnClick::action("f").as_card().is_none());
    /// ```
    pub fn as_card(&self) -> Option<&Card> {
        match self.data.as_ref()? {
            on_click::Data::Card(card) => Some(card),
            _ => None,
        }
    }

    /// The overflow menu, `None` for any other on-click.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::OnClick;
    ///
    /// assert!(OnClick::action("f").as_overflow_menu().is_none());
    /// ```
    pub fn as_overflow_menu(&self) -> Option<&OverflowMenu> {
        match self.data.as_ref()? {
            on_click::Data::OverflowMenu(menu) => Some(menu),
            _ => None,
        }
    }
}

impl From<Action> for OnClick {
    fn from(action: Action) -> Self {
        OnClick {
            data: Some(on_click::Data::Action(action)),
        }
    }
}

impl From<OpenLink> for OnClick {
    fn from(link: OpenLink) -> Self {
        OnClick {
            data: Some(on_click::Data::OpenLink(link)),
        }
    }
}

impl DecoratedText {
    /// The button at the end of the text, if that is the control.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::{Button, DecoratedText, OnClick};
    ///
    /// let mut text = DecoratedText {
    ///     text: "PR #1".into(),
    ///     ..Default::default()
    /// };
    /// text.set_button(Button::new(
    ///     "Open",
    ///     OnClick::open_link("https://example.com/pr/1"),
    /// ));
    /// assert_eq!(text.button().unwrap().text, "Open");
    /// assert!(text.switch_control().is_none());
    /// ```
    pub fn button(&self) -> Option<&Button> {
        match self.control.as_ref()? {
            Control::Button(button) => Some(button),
            _ => None,
        }
    }

    /// The switch or checkbox at the end of the text, if that is the control.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::{
    ///     DecoratedText, decorated_text::SwitchControl,
    /// };
    ///
    /// let mut text = DecoratedText::default();
    /// text.set_switch_control(SwitchControl {
    ///     name: "notify".into(),
    ///     selected: true,
    ///     ..Default::default()
    /// });
    /// assert!(text.switch_control().unwrap().selected);
    /// ```
    pub fn switch_control(&self) -> Option<&SwitchControl> {
        match self.control.as_ref()? {
            Control::SwitchControl(switch) => Some(switch),
            _ => None,
        }
    }

    /// The icon at the end of the text, if that is the control.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::{DecoratedText, Icon};
    ///
    /// let mut text = DecoratedText::default();
    /// text.set_end_icon(Icon::known_icon("STAR"));
    /// assert_eq!(text.end_icon().and_then(Icon::as_known_icon), Some("STAR"));
    /// ```
    pub fn end_icon(&self) -> Option<&Icon> {
        match self.control.as_ref()? {
            Control::EndIcon(icon) => Some(icon),
            _ => None,
        }
    }

    /// Puts a button at the end of the text (replacing any other control).
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::{Button, DecoratedText, OnClick};
    ///
    /// let mut text = DecoratedText::default();
    /// text.set_button(Button::new("Go", OnClick::action("go")));
    /// assert!(text.button().is_some());
    /// ```
    pub fn set_button(&mut self, button: Button) {
        self.control = Some(Control::Button(button));
    }

    /// Puts a switch or checkbox at the end of the text (replacing any other control).
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::{
    ///     DecoratedText, decorated_text::SwitchControl,
    /// };
    ///
    /// let mut text = DecoratedText::default();
    /// text.set_switch_control(SwitchControl::default());
    /// assert!(text.switch_control().is_some());
    /// ```
    pub fn set_switch_control(&mut self, switch: SwitchControl) {
        self.control = Some(Control::SwitchControl(switch));
    }

    /// Puts an icon at the end of the text (replacing any other control).
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::{DecoratedText, Icon};
    ///
    /// let mut text = DecoratedText::default();
    /// text.set_end_icon(Icon::material_icon("check_circle"));
    /// assert!(text.end_icon().is_some());
    /// ```
    pub fn set_end_icon(&mut self, icon: Icon) {
        self.control = Some(Control::EndIcon(icon));
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

    /// The built-in icon's name, `None` for any other icon.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::Icon;
    ///
    /// assert_eq!(Icon::default().as_known_icon(), None);
    /// ```
    pub fn as_known_icon(&self) -> Option<&str> {
        match self.icons.as_ref()? {
            Icons::KnownIcon(name) => Some(name),
            _ => None,
        }
    }

    /// The custom icon's URL, `None` for any other icon.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::Icon;
    ///
    /// assert_eq!(Icon::known_icon("STAR").as_icon_url(), None);
    /// ```
    pub fn as_icon_url(&self) -> Option<&str> {
        match self.icons.as_ref()? {
            Icons::IconUrl(url) => Some(url),
            _ => None,
        }
    }

    /// The Material icon, `None` for any other icon.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::Icon;
    ///
    /// assert!(Icon::known_icon("STAR").as_material_icon().is_none());
    /// ```
    pub fn as_material_icon(&self) -> Option<&MaterialIcon> {
        match self.icons.as_ref()? {
            Icons::MaterialIcon(icon) => Some(icon),
            _ => None,
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

    /// The suggested text, `None` when unset.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::suggestions::SuggestionItem;
    ///
    /// assert_eq!(SuggestionItem::default().as_text(), None);
    /// ```
    pub fn as_text(&self) -> Option<&str> {
        match self.content.as_ref()? {
            suggestion_item::Content::Text(text) => Some(text),
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

    /// The icon shown before the text (multiselect menus only), `None` when unset.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::selection_input::SelectionItem;
    ///
    /// let mut item = SelectionItem::new("Alice", "users/1");
    /// assert_eq!(item.start_icon_uri(), None);
    /// item.set_start_icon_uri("https://example.com/alice.png");
    /// assert_eq!(item.start_icon_uri(), Some("https://example.com/alice.png"));
    /// ```
    pub fn start_icon_uri(&self) -> Option<&str> {
        match self.start_icon.as_ref()? {
            StartIcon::StartIconUri(uri) => Some(uri),
        }
    }

    /// Sets the icon shown before the text.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::selection_input::SelectionItem;
    ///
    /// let mut item = SelectionItem::new("Alice", "users/1");
    /// item.set_start_icon_uri("https://example.com/alice.png");
    /// assert!(item.start_icon_uri().is_some());
    /// ```
    pub fn set_start_icon_uri(&mut self, uri: impl Into<String>) {
        self.start_icon = Some(StartIcon::StartIconUri(uri.into()));
    }
}

impl SelectionInput {
    /// The action that fetches items from your own data source, if the multiselect menu
    /// uses one.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::{Action, SelectionInput};
    ///
    /// let mut input = SelectionInput::default();
    /// input.set_external_data_source(Action {
    ///     function: "findContacts".into(),
    ///     ..Default::default()
    /// });
    /// assert_eq!(
    ///     input.external_data_source().unwrap().function,
    ///     "findContacts"
    /// );
    /// assert!(input.platform_data_source().is_none());
    /// ```
    pub fn external_data_source(&self) -> Option<&Action> {
        match self.multi_select_data_source.as_ref()? {
            MultiSelectDataSource::ExternalDataSource(action) => Some(action),
            MultiSelectDataSource::PlatformDataSource(_) => None,
        }
    }

    /// The Google Workspace data source, if the multiselect menu uses one.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::SelectionInput;
    /// use google_chat_grpc::proto::apps::card::v1::selection_input::{
    ///     PlatformDataSource, platform_data_source::CommonDataSource,
    /// };
    ///
    /// let mut input = SelectionInput::default();
    /// input.set_platform_data_source(PlatformDataSource::common_data_source(
    ///     CommonDataSource::User,
    /// ));
    /// let source = input
    ///     .platform_data_source()
    ///     .and_then(PlatformDataSource::as_common_data_source);
    /// assert_eq!(source, Some(CommonDataSource::User));
    /// ```
    pub fn platform_data_source(&self) -> Option<&PlatformDataSource> {
        match self.multi_select_data_source.as_ref()? {
            MultiSelectDataSource::PlatformDataSource(source) => Some(source),
            MultiSelectDataSource::ExternalDataSource(_) => None,
        }
    }

    /// Fills the multiselect menu from your own data source (replacing a platform one).
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::{Action, SelectionInput};
    ///
    /// let mut input = SelectionInput::default();
    /// input.set_external_data_source(Action::default());
    /// assert!(input.external_data_source().is_some());
    /// ```
    pub fn set_external_data_source(&mut self, action: Action) {
        self.multi_select_data_source = Some(MultiSelectDataSource::ExternalDataSource(action));
    }

    /// Fills the multiselect menu from Google Workspace (replacing an external source).
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::SelectionInput;
    /// use google_chat_grpc::proto::apps::card::v1::selection_input::{
    ///     PlatformDataSource, platform_data_source::CommonDataSource,
    /// };
    ///
    /// let mut input = SelectionInput::default();
    /// input.set_platform_data_source(PlatformDataSource::common_data_source(
    ///     CommonDataSource::User,
    /// ));
    /// assert!(input.platform_data_source().is_some());
    /// ```
    pub fn set_platform_data_source(&mut self, source: PlatformDataSource) {
        self.multi_select_data_source = Some(MultiSelectDataSource::PlatformDataSource(source));
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

    /// The common data source, typed; `None` when unset. A value this crate does not know
    /// reads as `Unknown`, as prost's own enum getters do.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::selection_input::PlatformDataSource;
    ///
    /// assert_eq!(PlatformDataSource::default().as_common_data_source(), None);
    /// ```
    pub fn as_common_data_source(&self) -> Option<CommonDataSource> {
        match self.data_source? {
            DataSource::CommonDataSource(value) => {
                Some(CommonDataSource::try_from(value).unwrap_or_default())
            }
        }
    }
}
