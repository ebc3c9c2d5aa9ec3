//! Constructors for the unions around a message's interactive parts:
//! `AccessoryWidget.action`, `DialogAction.action` and
//! `ActionResponse.UpdatedWidget.updated_widget`. The readers are generated.

use crate::proto::apps::card::v1::{Button, ButtonList, Card, selection_input::SelectionItem};
use crate::proto::chat::v1::{
    AccessoryWidget, Dialog, DialogAction,
    accessory_widget::Action as AccessoryAction,
    action_response::{SelectionItems, UpdatedWidget, updated_widget},
    dialog_action::Action as DialogActionKind,
};

impl AccessoryWidget {
    /// An accessory widget with these buttons, shown under the message's body.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::{Button, OnClick};
    /// use google_chat_grpc::proto::chat::v1::AccessoryWidget;
    ///
    /// let accessory = AccessoryWidget::button_list([Button::new(
    ///     "Open",
    ///     OnClick::open_link("https://example.com"),
    /// )]);
    /// assert_eq!(
    ///     accessory.as_button_list().map(|list| list.buttons.len()),
    ///     Some(1)
    /// );
    /// ```
    pub fn button_list(buttons: impl IntoIterator<Item = Button>) -> Self {
        AccessoryWidget {
            action: Some(AccessoryAction::ButtonList(ButtonList {
                buttons: buttons.into_iter().collect(),
            })),
        }
    }
}

impl DialogAction {
    /// An action that opens a dialog whose body is `card`.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::Card;
    /// use google_chat_grpc::proto::chat::v1::DialogAction;
    ///
    /// let action = DialogAction::open_dialog(Card {
    ///     name: "settings".into(),
    ///     ..Default::default()
    /// });
    /// let body = action.dialog().and_then(|d| d.body.as_ref());
    /// assert_eq!(body.map(|card| card.name.as_str()), Some("settings"));
    /// ```
    pub fn open_dialog(card: Card) -> Self {
        DialogAction {
            action: Some(DialogActionKind::Dialog(Dialog { body: Some(card) })),
            ..Default::default()
        }
    }
}

impl UpdatedWidget {
    /// Autocomplete suggestions `items` for the widget whose ID is `widget`.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::selection_input::SelectionItem;
    /// use google_chat_grpc::proto::chat::v1::action_response::UpdatedWidget;
    ///
    /// let updated =
    ///     UpdatedWidget::with_suggestions("contacts", [SelectionItem::new("Alice", "alice")]);
    /// assert_eq!(updated.widget, "contacts");
    /// assert_eq!(updated.suggestions().map(|s| s.items.len()), Some(1));
    /// ```
    pub fn with_suggestions(
        widget: impl Into<String>,
        items: impl IntoIterator<Item = SelectionItem>,
    ) -> Self {
        UpdatedWidget {
            widget: widget.into(),
            updated_widget: Some(updated_widget::UpdatedWidget::Suggestions(SelectionItems {
                items: items.into_iter().collect(),
            })),
        }
    }
}
