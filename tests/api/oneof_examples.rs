//! The examples that were doctests on the hand-written oneof accessors, setters and `From`
//! impls of `src/oneof/`. Those are generated now (`build/oneof.rs`) with one-line docs, so
//! their examples live on here, unchanged: one test per message, one block per former
//! doctest, named after the method it documented.

#[test]
fn annotation() {
    // `Annotation::user_mention`
    {
        use google_chat_grpc::proto::chat::v1::{
            Annotation, AnnotationType, User, UserMentionMetadata,
        };

        let mut annotation = Annotation::default();
        annotation.set_user_mention(UserMentionMetadata {
            user: Some(User {
                name: "users/1".into(),
                ..Default::default()
            }),
            ..Default::default()
        });
        assert_eq!(annotation.r#type(), AnnotationType::UserMention);
        let user = annotation.user_mention().and_then(|m| m.user.as_ref());
        assert_eq!(user.map(|u| u.name.as_str()), Some("users/1"));
        assert!(annotation.slash_command().is_none());
    }
    // `Annotation::slash_command`
    {
        use google_chat_grpc::proto::chat::v1::{Annotation, SlashCommandMetadata};

        let mut annotation = Annotation::default();
        annotation.set_slash_command(SlashCommandMetadata {
            command_id: 7,
            ..Default::default()
        });
        assert_eq!(annotation.slash_command().map(|c| c.command_id), Some(7));
    }
    // `Annotation::rich_link`
    {
        use google_chat_grpc::proto::chat::v1::{Annotation, RichLinkMetadata};

        let mut annotation = Annotation::default();
        annotation.set_rich_link(RichLinkMetadata {
            uri: "https://meet.google.com/abc".into(),
            ..Default::default()
        });
        assert_eq!(
            annotation.rich_link().map(|l| l.uri.as_str()),
            Some("https://meet.google.com/abc")
        );
    }
    // `Annotation::custom_emoji`
    {
        use google_chat_grpc::proto::chat::v1::{Annotation, CustomEmojiMetadata};

        let mut annotation = Annotation::default();
        annotation.set_custom_emoji(CustomEmojiMetadata::default());
        assert!(annotation.custom_emoji().is_some());
        assert!(annotation.rich_link().is_none());
    }
}

#[test]
fn rich_link_metadata() {
    // `RichLinkMetadata::drive_link_data`
    {
        use google_chat_grpc::proto::chat::v1::{
            DriveLinkData, RichLinkMetadata, rich_link_metadata::RichLinkType,
        };

        let mut link = RichLinkMetadata::default();
        link.set_drive_link_data(DriveLinkData {
            mime_type: "application/pdf".into(),
            ..Default::default()
        });
        assert_eq!(link.rich_link_type(), RichLinkType::DriveFile);
        assert_eq!(
            link.drive_link_data().map(|d| d.mime_type.as_str()),
            Some("application/pdf")
        );
        assert!(link.meet_space_link_data().is_none());
    }
    // `RichLinkMetadata::chat_space_link_data`
    {
        use google_chat_grpc::proto::chat::v1::{ChatSpaceLinkData, RichLinkMetadata};

        let mut link = RichLinkMetadata::default();
        link.set_chat_space_link_data(ChatSpaceLinkData {
            space: "spaces/S".into(),
            ..Default::default()
        });
        assert_eq!(
            link.chat_space_link_data().map(|d| d.space.as_str()),
            Some("spaces/S")
        );
    }
    // `RichLinkMetadata::meet_space_link_data`
    {
        use google_chat_grpc::proto::chat::v1::{MeetSpaceLinkData, RichLinkMetadata};

        let mut link = RichLinkMetadata::default();
        link.set_meet_space_link_data(MeetSpaceLinkData {
            meeting_code: "abc-defg-hij".into(),
            ..Default::default()
        });
        assert_eq!(
            link.meet_space_link_data().map(|d| d.meeting_code.as_str()),
            Some("abc-defg-hij")
        );
    }
    // `RichLinkMetadata::calendar_event_link_data`
    {
        use google_chat_grpc::proto::chat::v1::{CalendarEventLinkData, RichLinkMetadata};

        let mut link = RichLinkMetadata::default();
        link.set_calendar_event_link_data(CalendarEventLinkData {
            event_id: "e1".into(),
            ..Default::default()
        });
        assert_eq!(
            link.calendar_event_link_data().map(|d| d.event_id.as_str()),
            Some("e1")
        );
    }
}

#[test]
fn attachment() {
    // `Attachment::attachment_data_ref`
    {
        use google_chat_grpc::proto::chat::v1::{Attachment, AttachmentDataRef};

        assert!(
            Attachment::uploaded(AttachmentDataRef::default())
                .attachment_data_ref()
                .is_some()
        );
        assert!(Attachment::default().attachment_data_ref().is_none());
    }
    // `Attachment::drive_data_ref`
    {
        use google_chat_grpc::proto::chat::v1::Attachment;

        assert!(Attachment::drive_file("1AbC").drive_data_ref().is_some());
        assert!(Attachment::default().drive_data_ref().is_none());
    }
}

#[test]
fn availability() {
    // `Availability::do_not_disturb_metadata`
    {
        use google_chat_grpc::proto::chat::v1::{
            Availability, DoNotDisturbMetadata, availability::State,
        };

        let mut availability = Availability::default();
        assert!(availability.do_not_disturb_metadata().is_none());
        availability.set_do_not_disturb_metadata(DoNotDisturbMetadata::default());
        assert_eq!(availability.state(), State::DoNotDisturb);
        assert!(availability.do_not_disturb_metadata().is_some());
    }
}

#[test]
fn custom_status() {
    // `CustomStatus::expire_time`
    {
        use google_chat_grpc::prost_types::Timestamp;
        use google_chat_grpc::proto::chat::v1::CustomStatus;

        let mut status = CustomStatus {
            text: "Out to lunch".into(),
            ..Default::default()
        };
        status.set_expire_time(Timestamp {
            seconds: 1_800_000_000,
            nanos: 0,
        });
        assert_eq!(status.expire_time().map(|t| t.seconds), Some(1_800_000_000));
        assert_eq!(status.ttl(), None);
    }
    // `CustomStatus::ttl`
    {
        use google_chat_grpc::prost_types::Duration;
        use google_chat_grpc::proto::chat::v1::CustomStatus;

        let mut status = CustomStatus::default();
        status.set_ttl(Duration {
            seconds: 3600,
            nanos: 0,
        });
        assert_eq!(status.ttl().map(|d| d.seconds), Some(3600));
        assert_eq!(status.expire_time(), None);
    }
    // `CustomStatus::set_expire_time`
    {
        use google_chat_grpc::prost_types::Timestamp;
        use google_chat_grpc::proto::chat::v1::CustomStatus;

        let mut status = CustomStatus::default();
        status.set_expire_time(Timestamp::default());
        assert!(status.expire_time().is_some());
    }
    // `CustomStatus::set_ttl`
    {
        use google_chat_grpc::prost_types::Duration;
        use google_chat_grpc::proto::chat::v1::CustomStatus;

        let mut status = CustomStatus::default();
        status.set_ttl(Duration {
            seconds: 60,
            nanos: 0,
        });
        assert!(status.ttl().is_some());
    }
}

#[test]
fn mark_as_active_request() {
    // `MarkAsActiveRequest::expire_time`
    {
        use google_chat_grpc::proto::chat::v1::MarkAsActiveRequest;

        assert_eq!(MarkAsActiveRequest::default().expire_time(), None);
    }
    // `MarkAsActiveRequest::ttl`
    {
        use google_chat_grpc::proto::chat::v1::MarkAsActiveRequest;

        assert_eq!(MarkAsActiveRequest::default().ttl(), None);
    }
}

#[test]
fn mark_as_do_not_disturb_request() {
    // `MarkAsDoNotDisturbRequest::expire_time`
    {
        use google_chat_grpc::proto::chat::v1::MarkAsDoNotDisturbRequest;

        assert_eq!(MarkAsDoNotDisturbRequest::default().expire_time(), None);
    }
    // `MarkAsDoNotDisturbRequest::ttl`
    {
        use google_chat_grpc::proto::chat::v1::MarkAsDoNotDisturbRequest;

        assert_eq!(MarkAsDoNotDisturbRequest::default().ttl(), None);
    }
}

#[test]
fn card_widget() {
    // `Widget::as_text_paragraph`
    {
        use google_chat_grpc::proto::apps::card::v1::Widget;

        assert!(Widget::divider().as_text_paragraph().is_none());
    }
    // `Widget::as_image`
    {
        use google_chat_grpc::proto::apps::card::v1::Widget;

        assert!(
            Widget::image("https://example.com/a.png")
                .as_image()
                .is_some()
        );
    }
    // `Widget::as_decorated_text`
    {
        use google_chat_grpc::proto::apps::card::v1::Widget;

        assert!(Widget::text_paragraph("hi").as_decorated_text().is_none());
    }
    // `Widget::as_button_list`
    {
        use google_chat_grpc::proto::apps::card::v1::Widget;

        assert!(Widget::button_list([]).as_button_list().is_some());
    }
    // `Widget::as_text_input`
    {
        use google_chat_grpc::proto::apps::card::v1::Widget;

        assert!(Widget::default().as_text_input().is_none());
    }
    // `Widget::as_selection_input`
    {
        use google_chat_grpc::proto::apps::card::v1::Widget;

        assert!(Widget::default().as_selection_input().is_none());
    }
    // `Widget::as_date_time_picker`
    {
        use google_chat_grpc::proto::apps::card::v1::Widget;

        assert!(Widget::default().as_date_time_picker().is_none());
    }
    // `Widget::as_divider`
    {
        use google_chat_grpc::proto::apps::card::v1::Widget;

        assert!(Widget::text_paragraph("hi").as_divider().is_none());
    }
    // `Widget::as_grid`
    {
        use google_chat_grpc::proto::apps::card::v1::Widget;

        assert!(Widget::default().as_grid().is_none());
    }
    // `Widget::as_columns`
    {
        use google_chat_grpc::proto::apps::card::v1::Widget;

        assert!(Widget::default().as_columns().is_none());
    }
    // `Widget::as_carousel`
    {
        use google_chat_grpc::proto::apps::card::v1::Widget;

        assert!(Widget::default().as_carousel().is_none());
    }
    // `Widget::as_chip_list`
    {
        use google_chat_grpc::proto::apps::card::v1::Widget;

        assert!(Widget::default().as_chip_list().is_none());
    }
}

#[test]
fn card_nested_widget() {
    // `NestedWidget::as_text_paragraph`
    {
        use google_chat_grpc::proto::apps::card::v1::card::NestedWidget;

        assert!(
            NestedWidget::image("https://example.com/a.png")
                .as_text_paragraph()
                .is_none()
        );
    }
    // `NestedWidget::as_button_list`
    {
        use google_chat_grpc::proto::apps::card::v1::card::NestedWidget;

        assert!(NestedWidget::default().as_button_list().is_none());
    }
    // `NestedWidget::as_image`
    {
        use google_chat_grpc::proto::apps::card::v1::card::NestedWidget;

        assert!(NestedWidget::text_paragraph("hi").as_image().is_none());
    }
}

#[test]
fn card_column_widgets() {
    // `Widgets::as_text_paragraph`
    {
        use google_chat_grpc::proto::apps::card::v1::columns::column::Widgets;

        assert!(Widgets::default().as_text_paragraph().is_none());
    }
    // `Widgets::as_image`
    {
        use google_chat_grpc::proto::apps::card::v1::columns::column::Widgets;

        assert!(Widgets::text_paragraph("x").as_image().is_none());
    }
    // `Widgets::as_decorated_text`
    {
        use google_chat_grpc::proto::apps::card::v1::{DecoratedText, columns::column::Widgets};

        assert!(
            Widgets::from(DecoratedText::default())
                .as_decorated_text()
                .is_some()
        );
    }
    // `Widgets::as_button_list`
    {
        use google_chat_grpc::proto::apps::card::v1::columns::column::Widgets;

        assert!(Widgets::default().as_button_list().is_none());
    }
    // `Widgets::as_text_input`
    {
        use google_chat_grpc::proto::apps::card::v1::{TextInput, columns::column::Widgets};

        assert!(
            Widgets::from(TextInput::default())
                .as_text_input()
                .is_some()
        );
    }
    // `Widgets::as_selection_input`
    {
        use google_chat_grpc::proto::apps::card::v1::{SelectionInput, columns::column::Widgets};

        assert!(
            Widgets::from(SelectionInput::default())
                .as_selection_input()
                .is_some()
        );
    }
    // `Widgets::as_date_time_picker`
    {
        use google_chat_grpc::proto::apps::card::v1::{DateTimePicker, columns::column::Widgets};

        assert!(
            Widgets::from(DateTimePicker::default())
                .as_date_time_picker()
                .is_some()
        );
    }
    // `Widgets::as_chip_list`
    {
        use google_chat_grpc::proto::apps::card::v1::{ChipList, columns::column::Widgets};

        assert!(Widgets::from(ChipList::default()).as_chip_list().is_some());
    }
}

#[test]
fn card_on_click() {
    // `OnClick::as_action`
    {
        use google_chat_grpc::proto::apps::card::v1::OnClick;

        assert!(OnClick::default().as_action().is_none());
    }
    // `OnClick::as_open_link`
    {
        use google_chat_grpc::proto::apps::card::v1::OnClick;

        assert!(OnClick::action("f").as_open_link().is_none());
    }
    // `OnClick::as_open_dynamic_link_action`
    {
        use google_chat_grpc::proto::apps::card::v1::OnClick;

        assert!(OnClick::action("f").as_open_dynamic_link_action().is_none());
    }
    // `OnClick::as_card`
    {
        use google_chat_grpc::proto::apps::card::v1::OnClick;

        assert!(OnClick::action("f").as_card().is_none());
    }
    // `OnClick::as_overflow_menu`
    {
        use google_chat_grpc::proto::apps::card::v1::OnClick;

        assert!(OnClick::action("f").as_overflow_menu().is_none());
    }
}

#[test]
fn card_decorated_text() {
    // `DecoratedText::button`
    {
        use google_chat_grpc::proto::apps::card::v1::{Button, DecoratedText, OnClick};

        let mut text = DecoratedText {
            text: "PR #1".into(),
            ..Default::default()
        };
        text.set_button(Button::new(
            "Open",
            OnClick::open_link("https://example.com/pr/1"),
        ));
        assert_eq!(text.button().unwrap().text, "Open");
        assert!(text.switch_control().is_none());
    }
    // `DecoratedText::switch_control`
    {
        use google_chat_grpc::proto::apps::card::v1::{
            DecoratedText, decorated_text::SwitchControl,
        };

        let mut text = DecoratedText::default();
        text.set_switch_control(SwitchControl {
            name: "notify".into(),
            selected: true,
            ..Default::default()
        });
        assert!(text.switch_control().unwrap().selected);
    }
    // `DecoratedText::end_icon`
    {
        use google_chat_grpc::proto::apps::card::v1::{DecoratedText, Icon};

        let mut text = DecoratedText::default();
        text.set_end_icon(Icon::known_icon("STAR"));
        assert_eq!(text.end_icon().and_then(Icon::as_known_icon), Some("STAR"));
    }
    // `DecoratedText::set_button`
    {
        use google_chat_grpc::proto::apps::card::v1::{Button, DecoratedText, OnClick};

        let mut text = DecoratedText::default();
        text.set_button(Button::new("Go", OnClick::action("go")));
        assert!(text.button().is_some());
    }
    // `DecoratedText::set_switch_control`
    {
        use google_chat_grpc::proto::apps::card::v1::{
            DecoratedText, decorated_text::SwitchControl,
        };

        let mut text = DecoratedText::default();
        text.set_switch_control(SwitchControl::default());
        assert!(text.switch_control().is_some());
    }
    // `DecoratedText::set_end_icon`
    {
        use google_chat_grpc::proto::apps::card::v1::{DecoratedText, Icon};

        let mut text = DecoratedText::default();
        text.set_end_icon(Icon::material_icon("check_circle"));
        assert!(text.end_icon().is_some());
    }
}

#[test]
fn card_icon() {
    // `Icon::as_known_icon`
    {
        use google_chat_grpc::proto::apps::card::v1::Icon;

        assert_eq!(Icon::default().as_known_icon(), None);
    }
    // `Icon::as_icon_url`
    {
        use google_chat_grpc::proto::apps::card::v1::Icon;

        assert_eq!(Icon::known_icon("STAR").as_icon_url(), None);
    }
    // `Icon::as_material_icon`
    {
        use google_chat_grpc::proto::apps::card::v1::Icon;

        assert!(Icon::known_icon("STAR").as_material_icon().is_none());
    }
}

#[test]
fn card_suggestion_item() {
    // `SuggestionItem::as_text`
    {
        use google_chat_grpc::proto::apps::card::v1::suggestions::SuggestionItem;

        assert_eq!(SuggestionItem::default().as_text(), None);
    }
}

#[test]
fn card_selection_item() {
    // `SelectionItem::start_icon_uri`
    {
        use google_chat_grpc::proto::apps::card::v1::selection_input::SelectionItem;

        let mut item = SelectionItem::new("Alice", "users/1");
        assert_eq!(item.start_icon_uri(), None);
        item.set_start_icon_uri("https://example.com/alice.png");
        assert_eq!(item.start_icon_uri(), Some("https://example.com/alice.png"));
    }
    // `SelectionItem::set_start_icon_uri`
    {
        use google_chat_grpc::proto::apps::card::v1::selection_input::SelectionItem;

        let mut item = SelectionItem::new("Alice", "users/1");
        item.set_start_icon_uri("https://example.com/alice.png");
        assert!(item.start_icon_uri().is_some());
    }
}

#[test]
fn card_selection_input() {
    // `SelectionInput::external_data_source`
    {
        use google_chat_grpc::proto::apps::card::v1::{Action, SelectionInput};

        let mut input = SelectionInput::default();
        input.set_external_data_source(Action {
            function: "findContacts".into(),
            ..Default::default()
        });
        assert_eq!(
            input.external_data_source().unwrap().function,
            "findContacts"
        );
        assert!(input.platform_data_source().is_none());
    }
    // `SelectionInput::platform_data_source`
    {
        use google_chat_grpc::proto::apps::card::v1::SelectionInput;
        use google_chat_grpc::proto::apps::card::v1::selection_input::{
            PlatformDataSource, platform_data_source::CommonDataSource,
        };

        let mut input = SelectionInput::default();
        input.set_platform_data_source(PlatformDataSource::common_data_source(
            CommonDataSource::User,
        ));
        let source = input
            .platform_data_source()
            .and_then(PlatformDataSource::as_common_data_source);
        assert_eq!(source, Some(CommonDataSource::User));
    }
    // `SelectionInput::set_external_data_source`
    {
        use google_chat_grpc::proto::apps::card::v1::{Action, SelectionInput};

        let mut input = SelectionInput::default();
        input.set_external_data_source(Action::default());
        assert!(input.external_data_source().is_some());
    }
    // `SelectionInput::set_platform_data_source`
    {
        use google_chat_grpc::proto::apps::card::v1::SelectionInput;
        use google_chat_grpc::proto::apps::card::v1::selection_input::{
            PlatformDataSource, platform_data_source::CommonDataSource,
        };

        let mut input = SelectionInput::default();
        input.set_platform_data_source(PlatformDataSource::common_data_source(
            CommonDataSource::User,
        ));
        assert!(input.platform_data_source().is_some());
    }
}

#[test]
fn card_platform_data_source() {
    // `PlatformDataSource::as_common_data_source`
    {
        use google_chat_grpc::proto::apps::card::v1::selection_input::PlatformDataSource;

        assert_eq!(PlatformDataSource::default().as_common_data_source(), None);
    }
}

#[test]
fn membership() {
    // `Membership::user`
    {
        use google_chat_grpc::proto::chat::v1::Membership;

        assert_eq!(
            Membership::for_user("users/1").user().unwrap().name,
            "users/1"
        );
        assert!(Membership::for_group("groups/g").user().is_none());
    }
    // `Membership::group`
    {
        use google_chat_grpc::proto::chat::v1::Membership;

        assert_eq!(
            Membership::for_group("groups/g").group().unwrap().name,
            "groups/g"
        );
        assert!(Membership::for_user("users/1").group().is_none());
    }
}

#[test]
fn accessory_widget() {
    // `AccessoryWidget::as_button_list`
    {
        use google_chat_grpc::proto::chat::v1::AccessoryWidget;

        assert!(AccessoryWidget::default().as_button_list().is_none());
    }
}

#[test]
fn dialog_action() {
    // `DialogAction::dialog`
    {
        use google_chat_grpc::proto::chat::v1::DialogAction;

        assert!(DialogAction::default().dialog().is_none());
    }
}

#[test]
fn updated_widget() {
    // `UpdatedWidget::suggestions`
    {
        use google_chat_grpc::proto::chat::v1::action_response::UpdatedWidget;

        assert!(UpdatedWidget::default().suggestions().is_none());
    }
}

#[test]
fn emoji() {
    // `Emoji::as_unicode`
    {
        use google_chat_grpc::proto::chat::v1::Emoji;

        assert_eq!(Emoji::unicode("👍").as_unicode(), Some("👍"));
        assert_eq!(Emoji::default().as_unicode(), None);
    }
    // `Emoji::as_custom`
    {
        use google_chat_grpc::proto::chat::v1::{CustomEmoji, Emoji};

        assert!(Emoji::custom(CustomEmoji::default()).as_custom().is_some());
        assert!(Emoji::unicode("👍").as_custom().is_none());
    }
}

#[test]
fn section_item() {
    // `SectionItem::space`
    {
        use google_chat_grpc::proto::chat::v1::SectionItem;

        assert_eq!(SectionItem::default().space(), None);
    }
}

#[test]
fn position_section_request() {
    // `PositionSectionRequest::sort_order`
    {
        use google_chat_grpc::proto::chat::v1::PositionSectionRequest;

        assert_eq!(PositionSectionRequest::default().sort_order(), None);
    }
    // `PositionSectionRequest::relative_position`
    {
        use google_chat_grpc::proto::chat::v1::{
            PositionSectionRequest, position_section_request::Position,
        };

        let request =
            PositionSectionRequest::to_relative_position("users/me/sections/s1", Position::End);
        assert_eq!(request.relative_position(), Some(Position::End));
    }
}

#[test]
fn space() {
    // `Space::predefined_permission_settings`
    {
        use google_chat_grpc::proto::chat::v1::{Space, space::PredefinedPermissionSettings};

        let mut space = Space {
            display_name: "Announcements".into(),
            ..Default::default()
        };
        space.set_predefined_permission_settings(PredefinedPermissionSettings::AnnouncementSpace);
        assert_eq!(
            space.predefined_permission_settings(),
            Some(PredefinedPermissionSettings::AnnouncementSpace)
        );
        assert!(space.permission_settings().is_none());
    }
    // `Space::permission_settings`
    {
        use google_chat_grpc::proto::chat::v1::{Space, space::PermissionSettings};

        let mut space = Space::default();
        assert!(space.permission_settings().is_none());
        space.set_permission_settings(PermissionSettings::default());
        assert!(space.permission_settings().is_some());
    }
    // `Space::set_predefined_permission_settings`
    {
        use google_chat_grpc::proto::chat::v1::{Space, space::PredefinedPermissionSettings};

        let mut space = Space::default();
        space.set_predefined_permission_settings(PredefinedPermissionSettings::CollaborationSpace);
        assert!(space.predefined_permission_settings().is_some());
    }
    // `Space::set_permission_settings`
    {
        use google_chat_grpc::proto::chat::v1::{Space, space::PermissionSettings};

        let mut space = Space::default();
        space.set_permission_settings(PermissionSettings::default());
        assert!(space.predefined_permission_settings().is_none());
    }
}

#[test]
fn space_principal() {
    // `Principal::as_audience`
    {
        use google_chat_grpc::proto::chat::v1::space::Principal;

        assert!(Principal::default().as_audience().is_none());
    }
}

#[test]
fn widget_markup() {
    // `WidgetMarkup::as_text_paragraph`
    {
        use google_chat_grpc::proto::chat::v1::WidgetMarkup;

        assert!(
            WidgetMarkup::image("https://example.com/a.png")
                .as_text_paragraph()
                .is_none()
        );
    }
    // `WidgetMarkup::as_image`
    {
        use google_chat_grpc::proto::chat::v1::WidgetMarkup;

        assert!(WidgetMarkup::text_paragraph("hi").as_image().is_none());
    }
    // `WidgetMarkup::as_key_value`
    {
        use google_chat_grpc::proto::chat::v1::WidgetMarkup;

        assert!(WidgetMarkup::default().as_key_value().is_none());
    }
}

#[test]
fn markup_button() {
    // `Button::as_text_button`
    {
        use google_chat_grpc::proto::chat::v1::widget_markup::Button;

        assert!(Button::default().as_text_button().is_none());
    }
    // `Button::as_image_button`
    {
        use google_chat_grpc::proto::chat::v1::widget_markup::Button;

        assert!(Button::default().as_image_button().is_none());
    }
}

#[test]
fn markup_on_click() {
    // `OnClick::as_action`
    {
        use google_chat_grpc::proto::chat::v1::widget_markup::OnClick;

        assert!(OnClick::default().as_action().is_none());
    }
    // `OnClick::as_open_link`
    {
        use google_chat_grpc::proto::chat::v1::widget_markup::OnClick;

        assert!(OnClick::action("a").as_open_link().is_none());
    }
}

#[test]
fn markup_key_value() {
    // `KeyValue::icon`
    {
        use google_chat_grpc::proto::chat::v1::widget_markup::{Icon, KeyValue};

        let mut key_value = KeyValue::default();
        key_value.set_icon(Icon::Clock);
        assert_eq!(key_value.icon(), Some(Icon::Clock));
        assert_eq!(key_value.icon_url(), None);
    }
    // `KeyValue::icon_url`
    {
        use google_chat_grpc::proto::chat::v1::widget_markup::KeyValue;

        let mut key_value = KeyValue::default();
        key_value.set_icon_url("https://example.com/i.png");
        assert_eq!(key_value.icon_url(), Some("https://example.com/i.png"));
        assert_eq!(key_value.icon(), None);
    }
    // `KeyValue::set_icon`
    {
        use google_chat_grpc::proto::chat::v1::widget_markup::{Icon, KeyValue};

        let mut key_value = KeyValue::default();
        key_value.set_icon(Icon::Email);
        assert_eq!(key_value.icon(), Some(Icon::Email));
    }
    // `KeyValue::set_icon_url`
    {
        use google_chat_grpc::proto::chat::v1::widget_markup::KeyValue;

        let mut key_value = KeyValue::default();
        key_value.set_icon_url("https://example.com/i.png");
        assert!(key_value.icon_url().is_some());
    }
    // `KeyValue::button`
    {
        use google_chat_grpc::proto::chat::v1::widget_markup::{Button, KeyValue, OnClick};

        let mut key_value = KeyValue::default();
        assert!(key_value.button().is_none());
        key_value.set_button(Button::text_button("Open", OnClick::action("open")));
        assert!(key_value.button().is_some());
    }
    // `KeyValue::set_button`
    {
        use google_chat_grpc::proto::chat::v1::widget_markup::{Button, KeyValue, OnClick};

        let mut key_value = KeyValue::default();
        key_value.set_button(Button::text_button("Open", OnClick::action("open")));
        assert_eq!(
            key_value
                .button()
                .and_then(Button::as_text_button)
                .unwrap()
                .text,
            "Open"
        );
    }
}

#[test]
fn markup_image_button() {
    // `ImageButton::icon`
    {
        use google_chat_grpc::proto::chat::v1::widget_markup::{Icon, ImageButton};

        let mut image_button = ImageButton::default();
        image_button.set_icon(Icon::Phone);
        assert_eq!(image_button.icon(), Some(Icon::Phone));
    }
    // `ImageButton::icon_url`
    {
        use google_chat_grpc::proto::chat::v1::widget_markup::ImageButton;

        let mut image_button = ImageButton::default();
        image_button.set_icon_url("https://example.com/i.png");
        assert_eq!(image_button.icon_url(), Some("https://example.com/i.png"));
    }
    // `ImageButton::set_icon`
    {
        use google_chat_grpc::proto::chat::v1::widget_markup::{Icon, ImageButton};

        let mut image_button = ImageButton::default();
        image_button.set_icon(Icon::Star);
        assert_eq!(image_button.icon_url(), None);
    }
    // `ImageButton::set_icon_url`
    {
        use google_chat_grpc::proto::chat::v1::widget_markup::ImageButton;

        let mut image_button = ImageButton::default();
        image_button.set_icon_url("https://example.com/i.png");
        assert_eq!(image_button.icon(), None);
    }
}
