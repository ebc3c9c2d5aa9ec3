//! The unions of the deprecated card v1 widgets in `google.chat.v1` (`WidgetMarkup`, used by
//! `Message.cards`): widget data, buttons, on-click, and the icons of key-values and image
//! buttons. New cards use `google.apps.card.v1` (`Message.cards_v2`).

use crate::proto::chat::v1::WidgetMarkup;
use crate::proto::chat::v1::widget_markup::{
    Button, Data as MarkupData, FormAction, Icon, Image, ImageButton, KeyValue, OnClick, OpenLink,
    TextButton, TextParagraph, button, image_button, key_value, on_click,
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

    /// The text paragraph, `None` for any other widget.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::WidgetMarkup;
    ///
    /// assert!(
    ///     WidgetMarkup::image("https://example.com/a.png")
    ///         .as_text_paragraph()
    ///         .is_none()
    /// );
    /// ```
    pub fn as_text_paragraph(&self) -> Option<&TextParagraph> {
        match self.data.as_ref()? {
            MarkupData::TextParagraph(data) => Some(data),
            _ => None,
        }
    }

    /// The image, `None` for any other widget.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::WidgetMarkup;
    ///
    /// assert!(WidgetMarkup::text_paragraph("hi").as_image().is_none());
    /// ```
    pub fn as_image(&self) -> Option<&Image> {
        match self.data.as_ref()? {
            MarkupData::Image(data) => Some(data),
            _ => None,
        }
    }

    /// The key-value, `None` for any other widget.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::WidgetMarkup;
    ///
    /// assert!(WidgetMarkup::default().as_key_value().is_none());
    /// ```
    pub fn as_key_value(&self) -> Option<&KeyValue> {
        match self.data.as_ref()? {
            MarkupData::KeyValue(data) => Some(data),
            _ => None,
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

    /// The text button, `None` for an image button or none.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::widget_markup::Button;
    ///
    /// assert!(Button::default().as_text_button().is_none());
    /// ```
    pub fn as_text_button(&self) -> Option<&TextButton> {
        match self.r#type.as_ref()? {
            button::Type::TextButton(button) => Some(button),
            button::Type::ImageButton(_) => None,
        }
    }

    /// The image button, `None` for a text button or none.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::widget_markup::Button;
    ///
    /// assert!(Button::default().as_image_button().is_none());
    /// ```
    pub fn as_image_button(&self) -> Option<&ImageButton> {
        match self.r#type.as_ref()? {
            button::Type::ImageButton(button) => Some(button),
            button::Type::TextButton(_) => None,
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

    /// The form action, `None` for a link or none.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::widget_markup::OnClick;
    ///
    /// assert!(OnClick::default().as_action().is_none());
    /// ```
    pub fn as_action(&self) -> Option<&FormAction> {
        match self.data.as_ref()? {
            on_click::Data::Action(action) => Some(action),
            on_click::Data::OpenLink(_) => None,
        }
    }

    /// The link, `None` for a form action or none.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::widget_markup::OnClick;
    ///
    /// assert!(OnClick::action("a").as_open_link().is_none());
    /// ```
    pub fn as_open_link(&self) -> Option<&OpenLink> {
        match self.data.as_ref()? {
            on_click::Data::OpenLink(link) => Some(link),
            on_click::Data::Action(_) => None,
        }
    }
}

impl KeyValue {
    /// The built-in icon, typed, if the icon is one (an unknown value reads as
    /// `Icon::Unspecified`).
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::widget_markup::{Icon, KeyValue};
    ///
    /// let mut key_value = KeyValue::default();
    /// key_value.set_icon(Icon::Clock);
    /// assert_eq!(key_value.icon(), Some(Icon::Clock));
    /// assert_eq!(key_value.icon_url(), None);
    /// ```
    pub fn icon(&self) -> Option<Icon> {
        match self.icons.as_ref()? {
            key_value::Icons::Icon(value) => Some(Icon::try_from(*value).unwrap_or_default()),
            key_value::Icons::IconUrl(_) => None,
        }
    }

    /// The icon's URL, if the icon is an image.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::widget_markup::KeyValue;
    ///
    /// let mut key_value = KeyValue::default();
    /// key_value.set_icon_url("https://example.com/i.png");
    /// assert_eq!(key_value.icon_url(), Some("https://example.com/i.png"));
    /// assert_eq!(key_value.icon(), None);
    /// ```
    pub fn icon_url(&self) -> Option<&str> {
        match self.icons.as_ref()? {
            key_value::Icons::IconUrl(url) => Some(url),
            key_value::Icons::Icon(_) => None,
        }
    }

    /// Uses a built-in icon (replacing an icon URL).
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::widget_markup::{Icon, KeyValue};
    ///
    /// let mut key_value = KeyValue::default();
    /// key_value.set_icon(Icon::Email);
    /// assert_eq!(key_value.icon(), Some(Icon::Email));
    /// ```
    pub fn set_icon(&mut self, icon: Icon) {
        self.icons = Some(key_value::Icons::Icon(icon.into()));
    }

    /// Uses an image from `url` as the icon (replacing a built-in icon).
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::widget_markup::KeyValue;
    ///
    /// let mut key_value = KeyValue::default();
    /// key_value.set_icon_url("https://example.com/i.png");
    /// assert!(key_value.icon_url().is_some());
    /// ```
    pub fn set_icon_url(&mut self, url: impl Into<String>) {
        self.icons = Some(key_value::Icons::IconUrl(url.into()));
    }

    /// The button shown with the key-value, if any.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::widget_markup::{Button, KeyValue, OnClick};
    ///
    /// let mut key_value = KeyValue::default();
    /// assert!(key_value.button().is_none());
    /// key_value.set_button(Button::text_button("Open", OnClick::action("open")));
    /// assert!(key_value.button().is_some());
    /// ```
    pub fn button(&self) -> Option<&Button> {
        match self.control.as_ref()? {
            key_value::Control::Button(button) => Some(button),
        }
    }

    /// Shows `button` with the key-value.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::widget_markup::{Button, KeyValue, OnClick};
    ///
    /// let mut key_value = KeyValue::default();
    /// key_value.set_button(Button::text_button("Open", OnClick::action("open")));
    /// assert_eq!(
    ///     key_value
    ///         .button()
    ///         .and_then(Button::as_text_button)
    ///         .unwrap()
    ///         .text,
    ///     "Open"
    /// );
    /// ```
    pub fn set_button(&mut self, button: Button) {
        self.control = Some(key_value::Control::Button(button));
    }
}

impl ImageButton {
    /// The built-in icon, typed, if the icon is one (an unknown value reads as
    /// `Icon::Unspecified`).
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::widget_markup::{Icon, ImageButton};
    ///
    /// let mut image_button = ImageButton::default();
    /// image_button.set_icon(Icon::Phone);
    /// assert_eq!(image_button.icon(), Some(Icon::Phone));
    /// ```
    pub fn icon(&self) -> Option<Icon> {
        match self.icons.as_ref()? {
            image_button::Icons::Icon(value) => Some(Icon::try_from(*value).unwrap_or_default()),
            image_button::Icons::IconUrl(_) => None,
        }
    }

    /// The icon's URL, if the icon is an image.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::widget_markup::ImageButton;
    ///
    /// let mut image_button = ImageButton::default();
    /// image_button.set_icon_url("https://example.com/i.png");
    /// assert_eq!(image_button.icon_url(), Some("https://example.com/i.png"));
    /// ```
    pub fn icon_url(&self) -> Option<&str> {
        match self.icons.as_ref()? {
            image_button::Icons::IconUrl(url) => Some(url),
            image_button::Icons::Icon(_) => None,
        }
    }

    /// Uses a built-in icon (replacing an icon URL).
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::widget_markup::{Icon, ImageButton};
    ///
    /// let mut image_button = ImageButton::default();
    /// image_button.set_icon(Icon::Star);
    /// assert_eq!(image_button.icon_url(), None);
    /// ```
    pub fn set_icon(&mut self, icon: Icon) {
        self.icons = Some(image_button::Icons::Icon(icon.into()));
    }

    /// Uses an image from `url` as the icon (replacing a built-in icon).
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::widget_markup::ImageButton;
    ///
    /// let mut image_button = ImageButton::default();
    /// image_button.set_icon_url("https://example.com/i.png");
    /// assert_eq!(image_button.icon(), None);
    /// ```
    pub fn set_icon_url(&mut self, url: impl Into<String>) {
        self.icons = Some(image_button::Icons::IconUrl(url.into()));
    }
}
