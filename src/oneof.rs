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
//! let widget = Widget::button_list([Button::new("Docs", OnClick::open_link("https://example.com"))]);
//! assert_eq!(widget.as_button_list().map(|list| list.buttons.len()), Some(1));
//! ```
//!
//! Naming follows one rule. A message that *is* a union (an [`Emoji`], a card
//! [`Widget`], an [`OnClick`]) gets a constructor per variant named after it
//! (`Emoji::unicode`, `Widget::text_paragraph`) and borrowing accessors `as_<variant>()`
//! returning `None` for the other variants. A message that merely *has* a union among other
//! fields (a [`Membership`]'s member, an [`Attachment`]'s data reference) gets accessors named
//! after the variant (`drive_data_ref()`) and `set_<variant>()` setters. Enum values that
//! prost stores as `i32` inside a union are read and written as their typed enum; singular enum
//! fields already have typed getters and setters from prost (`membership.role()`,
//! `set_role(..)`).
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
