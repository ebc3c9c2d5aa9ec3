//! Typed resource names: every type round-trips `parse` <-> `Display`, accepts what the API
//! accepts, and never panics on arbitrary input.

use google_chat_grpc::names::*;
use proptest::prelude::*;

/// One segment as Chat IDs look: letters, digits, `-`, `_`, `.`, `@`.
fn segment() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            proptest::char::range('a', 'z'),
            proptest::char::range('A', 'Z'),
            proptest::char::range('0', '9'),
            Just('-'),
            Just('_'),
            Just('.'),
            Just('@'),
        ],
        1..24,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

macro_rules! round_trips {
    ($($test:ident: $name:ident($($var:ident),+);)*) => {
        proptest! {
            $(
                #[test]
                fn $test($($var in segment()),+) {
                    let built = $name::new($(&$var),+).unwrap();
                    let text = built.to_string();
                    let parsed: $name = text.parse().unwrap();
                    prop_assert_eq!(&parsed, &built);
                    prop_assert_eq!(parsed.as_str(), text.as_str());
                    $( prop_assert_eq!(parsed.$var(), $var.as_str()); )+
                    // A trailing segment or a missing one is refused.
                    let longer = format!("{text}/x");
                    prop_assert!(longer.parse::<$name>().is_err());
                    let shorter = text.rsplit_once('/').unwrap().0;
                    prop_assert!(shorter.parse::<$name>().is_err());
                }
            )*
        }
    };
}

round_trips! {
    space_names: SpaceName(space);
    message_names: MessageName(space, message);
    membership_names: MembershipName(space, member);
    attachment_names: AttachmentName(space, message, attachment);
    reaction_names: ReactionName(space, message, reaction);
    thread_names: ThreadName(space, thread);
    quoted_message_metadata_names: QuotedMessageMetadataName(space, message, quoted_message_metadata);
    space_event_names: SpaceEventName(space, space_event);
    message_pin_names: MessagePinName(space, message_pin);
    custom_emoji_names: CustomEmojiName(custom_emoji);
    user_names: UserName(user);
    group_names: GroupName(group);
    availability_names: AvailabilityName(user);
    section_names: SectionName(user, section);
    section_item_names: SectionItemName(user, section, item);
    space_read_state_names: SpaceReadStateName(user, space);
    thread_read_state_names: ThreadReadStateName(user, space, thread);
    space_notification_setting_names: SpaceNotificationSettingName(user, space);
}

proptest! {
    #[test]
    fn arbitrary_strings_never_panic(text in ".{0,80}") {
        let _ = text.parse::<SpaceName>();
        let _ = text.parse::<MessageName>();
        let _ = text.parse::<ThreadReadStateName>();
        let _ = text.parse::<SpaceNotificationSettingName>();
        let _ = SpaceName::new(&text);
        let _ = MessageName::new(&text, &text);
    }

    #[test]
    fn name_like_strings_never_panic(parts in proptest::collection::vec("[a-zA-Z/{}* \\n-]{0,8}", 0..8)) {
        let text = parts.join("/");
        let _ = text.parse::<MembershipName>();
        let _ = text.parse::<SectionItemName>();
        let _ = text.parse::<UserName>();
    }

    #[test]
    fn a_segment_with_a_slash_is_refused(a in segment(), b in segment()) {
        let two = format!("{a}/{b}");
        let trailing = format!("{b}/");
        prop_assert!(SpaceName::new(two).is_err());
        prop_assert!(MessageName::new(&a, trailing).is_err());
    }
}

#[test]
fn aliases_the_api_accepts() {
    assert_eq!(UserName::me().as_str(), "users/me");
    assert_eq!(UserName::app().as_str(), "users/app");
    assert!(UserName::new("alice@example.com").unwrap().is_email());
    assert_eq!(
        MembershipName::app("AAAA").unwrap(),
        "spaces/AAAA/members/app"
    );
    assert!(
        "spaces/AAAA/members/alice@example.com"
            .parse::<MembershipName>()
            .is_ok()
    );
    assert!(
        MessageName::new("AAAA", "client-report-1")
            .unwrap()
            .is_client_assigned()
    );
    assert_eq!(
        SpaceReadStateName::for_me("AAAA").unwrap(),
        "users/me/spaces/AAAA/spaceReadState"
    );
    assert_eq!(SpaceName::all(), "spaces/-");
}

#[test]
fn ancestors() {
    let reaction: ReactionName = "spaces/S/messages/M/reactions/R".parse().unwrap();
    assert_eq!(reaction.message_name(), MessageName::new("S", "M").unwrap());
    assert_eq!(reaction.space_name(), SpaceName::new("S").unwrap());
    let item: SectionItemName = "users/me/sections/default-spaces/items/spaces-AAAA"
        .parse()
        .unwrap();
    assert_eq!(
        item.section_name().as_str(),
        "users/me/sections/default-spaces"
    );
    assert_eq!(item.user_name(), UserName::me());
}

#[test]
fn errors_name_the_pattern_and_the_value() {
    let err = "spaces/AAAA/messages".parse::<MessageName>().unwrap_err();
    assert_eq!(err.expected(), "spaces/{space}/messages/{message}");
    assert_eq!(err.got(), "spaces/AAAA/messages");
    for bad in [
        "",
        "spaces/",
        "spaces/A B",
        "spaces/{space}",
        "space/AAAA",
        "spaces/AAAA/",
        "spaces/\n",
    ] {
        assert!(bad.parse::<SpaceName>().is_err(), "{bad:?}");
    }
    let as_client_error: google_chat_grpc::Error = err.into();
    assert_eq!(
        as_client_error.kind(),
        google_chat_grpc::ErrorKind::InvalidArgument
    );
}

#[test]
fn a_name_with_one_segment_says_segment() {
    use google_chat_grpc::RpcRequest as _;
    let request = google_chat_grpc::proto::chat::v1::GetSpaceRequest {
        name: "spaces".into(),
        ..Default::default()
    };
    let err = request.validate().unwrap_err();
    assert!(
        err.to_string().contains("(it has 1 segment, not 2)"),
        "{err}"
    );
}
