//! Constructors for the unions of the deprecated card v1 widgets in `google.chat.v1`
//! (`WidgetMarkup`, used by `Message.cards`): widget data, buttons and on-click. Their
//! readers, and the icon accessors and setters of key-values and image buttons, are
//! generated. New cards use `google.apps.card.v1` (`Message.cards_v2`).

use crate::proto::chat::v1::WidgetMarkup;
use crate::proto::chat::v1::widget_markup::{
    Button, Data as MarkupData, FormAction, Image, ImageButton, KeyValue, OnClick, OpenLink,
    TextButton, TextParagraph, button, on_click,
};

impl WidgetMarkup {
    /// A paragraph of text.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::WidgetMarkup;
    ///
    /// assert_eq!(
    ///     WidgetMarkup::text_paragraph("hi")
    ///         .as_text_paragraph()
    ///         .unwrap()
    ///         .text,
    ///     "hi"
    /// );
    /// ```
    pub fn text_paragraph(text: impl Into<String>) -> Self {
        let paragraph = TextParagraph { text: text.into() };
        WidgetMarkup {
            data: Some(MarkupData::TextParagraph(paragraph)),
            ..Default::default()
        }
    }

    /// An image from a URL.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::WidgetMarkup;
    ///
    /// let widget = WidgetMarkup::image("https://example.com/a.png");
    /// assert_eq!(
    ///     widget.as_image().unwrap().image_url,
    ///     "https://example.com/a.png"
    /// );
    /// ```
    pub fn image(url: impl Into<String>) -> Self {
        let image = Image {
            image_url: url.into(),
            ..Default::default()
        };
        WidgetMarkup {
            data: Some(MarkupData::Image(image)),
            ..Default::default()
        }
    }

    /// A key-value pair with optional labels, icon and button.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::{WidgetMarkup, widget_markup::KeyValue};
    ///
    /// let widget = WidgetMarkup::key_value(KeyValue {
    ///     content: "42".into(),
    ///     ..Default::default()
    /// });
    /// assert_eq!(widget.as_key_value().unwrap().content, "42");
    /// ```
    pub fn key_value(key_value: KeyValue) -> Self {
        WidgetMarkup {
            data: Some(MarkupData::KeyValue(key_value)),
            ..Default::default()
        }
    }
}

impl Button {
    /// A text button labelled `text` that does `on_click`.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::widget_markup::{Button, OnClick};
    ///
    /// let button = Button::text_button("Open", OnClick::open_link("https://example.com"));
    /// assert_eq!(button.as_text_button().unwrap().text, "Open");
    /// assert!(button.as_image_button().is_none());
    /// ```
    pub fn text_button(text: impl Into<String>, on_click: OnClick) -> Self {
        let text_button = TextButton {
            text: text.into(),
            on_click: Some(on_click),
        };
        Button {
            r#type: Some(button::Type::TextButton(text_button)),
        }
    }

    /// An image button.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::widget_markup::{Button, Icon, ImageButton};
    ///
    /// let mut image_button = ImageButton::default();
    /// image_button.set_icon(Icon::Star);
    /// let button = Button::image_button(image_button);
    /// assert_eq!(button.as_image_button().unwrap().icon(), Some(Icon::Star));
    /// ```
    pub fn image_button(image_button: ImageButton) -> Self {
        Button {
            r#type: Some(button::Type::ImageButton(image_button)),
        }
    }
}

impl OnClick {
    /// Opens `url`.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::widget_markup::OnClick;
    ///
    /// assert_eq!(
    ///     OnClick::open_link("https://example.com")
    ///         .as_open_link()
    ///         .unwrap()
    ///         .url,
    ///     "https://example.com"
    /// );
    /// ```
    pub fn open_link(url: impl Into<String>) -> Self {
        OnClick {
            data: Some(on_click::Data::OpenLink(OpenLink { url: url.into() })),
        }
    }

    /// Sends the form action `method_name` to the Chat app.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::widget_markup::OnClick;
    ///
    /// let on_click = OnClick::action("approve");
    /// assert_eq!(on_click.as_action().unwrap().action_method_name, "approve");
    /// assert!(on_click.as_open_link().is_none());
    /// ```
    pub fn action(method_name: impl Into<String>) -> Self {
        let action = FormAction {
            action_method_name: method_name.into(),
            ..Default::default()
        };
        OnClick {
            data: Some(on_click::Data::Action(action)),
        }
    }
}
