//! Constructors and accessors for the `oneof` unions of the Chat API and its cards.
//!
//! prost turns each `oneof` into an `Option` of a nested enum, which is exact but wordy to
//! build and to read. This module adds inherent methods on the generated types, so the common
//! cases read like the domain, and a few borrowed views where a union is worth matching on:
//!
//! ```
//! use google_chat_grpc::oneof::Member;
//! use google_chat_grpc::proto::apps::card::v1::{Button, OnClick, Widget};
//! use google_chat_grpc::proto::chat::v1::{Emoji, Membership};
//!
//! let membership = Membership::for_user("users/123");
//! assert!(matches!(membership.member(), Some(Member::User(user)) if user.name == "users/123"));
//!
//! let thumbs_up = Emoji::unicode("👍");
//! assert_eq!(thumbs_up.as_unicode(), Some("👍"));
//!
//! let docs = Button::new("Docs", OnClick::open_link("https://example.com"));
//! let widget = Widget::button_list([docs]);
//! assert_eq!(widget.as_button_list().map(|list| list.buttons.len()), Some(1));
//! ```
//!
//! Naming follows one rule. A message that *is* a union (an [`Emoji`], a card [`Widget`], an
//! [`OnClick`]) gets a constructor per variant named after it (`Emoji::unicode`,
//! `Widget::text_paragraph`) and borrowing accessors `as_<variant>()` that return `None` for
//! the other variants. A message that merely *has* a union among other fields (a
//! [`Membership`]'s member, an [`Attachment`]'s data reference) gets accessors named after the
//! variant (`drive_data_ref()`), `set_<variant>()` setters, and constructors where a request
//! needs one (`Membership::for_user`). Enum values that prost stores as `i32` inside a union
//! are read and written as their typed enum; singular enum fields already have typed getters
//! and setters from prost (`membership.role()`, `set_role(..)`).
//!
//! The accessors, the setters and the `From` impls are generated from the descriptors by
//! `build/oneof.rs`, for every union, so a union new in a proto refresh gets them too. The
//! files below hold what a generator cannot write: the constructors, the views
//! ([`Member`], [`SpaceEventData`]) and the setters that also set a `type` field.
//!
//! # Every union, and its helpers
//!
//! | message (`oneof`) | build | read |
//! | --- | --- | --- |
//! | `Membership` (`member_type`) | `for_user`, `for_app`, `for_group` | `member()` -> [`Member`], `user()`, `group()` |
//! | `SpaceEvent` (`payload`, 18 variants) | `from_payload(data)`, `Payload::from(data)` | `kind()` -> [`SpaceEventKind`], `is_batch()`, `data()` -> [`SpaceEventData`], `messages_created()`, `messages_updated()`, `messages_deleted()`, `memberships_{created,updated,deleted}()`, `reactions_{created,deleted}()`, `spaces_updated()` |
//! | `Emoji` (`content`) | `unicode`, `custom` | `as_unicode()`, `as_custom()` |
//! | `Attachment` (`data_ref`) | `uploaded`, `drive_file` | `attachment_data_ref()`, `drive_data_ref()`, `drive_file_id()`, `is_drive_file()` |
//! | `Annotation` (`metadata`) | `set_user_mention`, `set_slash_command`, `set_rich_link`, `set_custom_emoji` (each also sets `type`) | `user_mention()`, `slash_command()`, `rich_link()`, `custom_emoji()` |
//! | `RichLinkMetadata` (`data`) | `set_{drive,chat_space,meet_space,calendar_event}_link_data` (each also sets `rich_link_type`) | `drive_link_data()`, `chat_space_link_data()`, `meet_space_link_data()`, `calendar_event_link_data()` |
//! | `Space` (`space_permission_settings`) | `set_predefined_permission_settings`, `set_permission_settings` | `predefined_permission_settings()`, `permission_settings()` |
//! | `space::Principal` (`principal_type`) | `audience` | `as_audience()` |
//! | `Availability` (`state_metadata`) | `set_do_not_disturb_metadata` (also sets `state`) | `do_not_disturb_metadata()` |
//! | `CustomStatus` (`expiration`) | `set_expire_time`, `set_ttl` | `expire_time()`, `ttl()` |
//! | `MarkAsActiveRequest`, `MarkAsDoNotDisturbRequest` (`expiration`) | `until`, `lasting` | `expire_time()`, `ttl()` |
//! | `SectionItem` (`item`) | `for_space` | `space()` |
//! | `PositionSectionRequest` (`position`) | `to_sort_order`, `to_relative_position` | `sort_order()`, `relative_position()` |
//! | `AccessoryWidget` (`action`) | `button_list` | `as_button_list()` |
//! | `DialogAction` (`action`) | `open_dialog` | `dialog()` |
//! | `action_response::UpdatedWidget` (`updated_widget`) | `with_suggestions` | `suggestions()` |
//! | `WidgetMarkup` (`data`), deprecated cards | `text_paragraph`, `image`, `key_value` | `as_text_paragraph()`, `as_image()`, `as_key_value()` |
//! | `widget_markup::Button` (`type`) | `text_button`, `image_button` | `as_text_button()`, `as_image_button()` |
//! | `widget_markup::OnClick` (`data`) | `open_link`, `action` | `as_open_link()`, `as_action()` |
//! | `widget_markup::KeyValue` (`icons`, `control`), `ImageButton` (`icons`) | `set_icon`, `set_icon_url`, `set_button` | `icon()`, `icon_url()`, `button()` |
//! | card `Widget` (`data`, 12 variants) | `text_paragraph`, `image`, `decorated_text`, `button_list`, `text_input`, `selection_input`, `date_time_picker`, `divider`, `grid`, `columns`, `carousel`, `chip_list`, `From<each>` | `as_<variant>()` for each |
//! | card `card::NestedWidget` (`data`) | `text_paragraph`, `button_list`, `image` | `as_<variant>()` for each |
//! | card `columns::column::Widgets` (`data`) | `text_paragraph`, `image`, `button_list`, `From<each>` | `as_<variant>()` for each |
//! | card `OnClick` (`data`) | `open_link`, `action`, `open_dynamic_link`, `card`, `overflow_menu`, `From<Action>`, `From<OpenLink>` | `as_action()`, `as_open_link()`, `as_open_dynamic_link_action()`, `as_card()`, `as_overflow_menu()` |
//! | card `Button` (no union; its `on_click`) | `Button::new(text, on_click)` | |
//! | card `DecoratedText` (`control`) | `set_button`, `set_switch_control`, `set_end_icon` | `button()`, `switch_control()`, `end_icon()` |
//! | card `Icon` (`icons`) | `known_icon`, `icon_url`, `material_icon` | `as_known_icon()`, `as_icon_url()`, `as_material_icon()` |
//! | card `suggestions::SuggestionItem` (`content`) | `text` | `as_text()` |
//! | card `selection_input::SelectionItem` (`start_icon`) | `new(text, value)`, `set_start_icon_uri` | `start_icon_uri()` |
//! | card `SelectionInput` (`multi_select_data_source`) | `set_external_data_source`, `set_platform_data_source` | `external_data_source()`, `platform_data_source()` |
//! | card `selection_input::PlatformDataSource` (`data_source`) | `common_data_source` | `as_common_data_source()` |
//!
//! [`Emoji`]: crate::proto::chat::v1::Emoji
//! [`Widget`]: crate::proto::apps::card::v1::Widget
//! [`OnClick`]: crate::proto::apps::card::v1::OnClick
//! [`Membership`]: crate::proto::chat::v1::Membership
//! [`Attachment`]: crate::proto::chat::v1::Attachment

mod annotation;
mod attachment;
mod availability;
mod card;
mod membership;
mod message;
mod reaction;
mod section;
mod space;
mod space_event;
mod widget_markup;

pub use membership::Member;
pub use space_event::{SpaceEventData, SpaceEventKind};

// The accessors, setters and `From` impls, generated for every union by build/oneof.rs
// (see src/generated.rs; the code itself is in generated/chat_oneofs.rs).
#[doc(hidden)]
pub use crate::generated::oneofs::ONEOFS;

/// One `oneof` and the helpers its message has, a row of [`ONEOFS`].
#[doc(hidden)]
#[derive(Debug)]
pub struct OneofHelpers {
    /// Full proto name of the message (`google.chat.v1.Emoji`).
    pub message: &'static str,
    /// The oneof's proto name (`content`).
    pub oneof: &'static str,
    /// One entry per field of the oneof, in proto order.
    pub variants: &'static [VariantHelpers],
}

/// The helpers of one variant of a `oneof`; `""` where there is none.
#[doc(hidden)]
#[derive(Debug)]
pub struct VariantHelpers {
    /// The field's proto name (`unicode`).
    pub field: &'static str,
    /// The method that reads the variant (`as_unicode`).
    pub read: &'static str,
    /// Whether `read` is hand-written in `src/oneof/` rather than generated.
    pub read_by_hand: bool,
    /// The method that sets the variant (`set_icon_url`).
    pub set: &'static str,
    /// Whether `set` is hand-written in `src/oneof/` rather than generated.
    pub set_by_hand: bool,
    /// Whether the message (or, for `SpaceEvent`, its `Payload`) has `From<variant type>`.
    pub from: bool,
}
