//! Every typed resource name parses any string without panicking; what it accepts prints
//! back unchanged and has the pattern's shape, what it refuses names the pattern and the
//! input; `new` accepts exactly the segments a name can hold.
#![no_main]

use google_chat_grpc::names::*;
use libfuzzer_sys::fuzz_target;

/// Whether `s` can be one variable segment of a name.
fn segment_ok(s: &str) -> bool {
    let placeholder = s.starts_with('{') && s.ends_with('}');
    let bad_char = s
        .chars()
        .any(|c| c == '/' || c.is_whitespace() || c.is_control());
    !s.is_empty() && !bad_char && !placeholder
}

macro_rules! check {
    ($input:expr, $segments:expr, $($name:ident($($var:ident),+);)*) => {$(
        match $input.parse::<$name>() {
            Ok(name) => {
                assert_eq!(name.to_string(), $input);
                assert_eq!($input.split('/').count(), $name::PATTERN.split('/').count());
                $( assert!(segment_ok(name.$var())); )+
            }
            Err(err) => {
                assert_eq!(err.expected(), $name::PATTERN);
                assert_eq!(err.got(), $input);
                let _ = google_chat_grpc::Error::from(err).to_string();
            }
        }
        {
            let mut segments = $segments.iter().cycle();
            $( let $var: &str = segments.next().map(String::as_str).unwrap_or(""); )+
            let all_ok = [$(segment_ok($var)),+].iter().all(|ok| *ok);
            assert_eq!($name::new($($var),+).is_ok(), all_ok);
        }
    )*};
}

fuzz_target!(|input: (String, Vec<String>)| {
    let (text, mut segments) = input;
    if segments.is_empty() {
        segments.push(String::new());
    }
    check!(text.as_str(), segments,
        AttachmentName(space, message, attachment);
        AvailabilityName(user);
        CustomEmojiName(custom_emoji);
        GroupName(group);
        MembershipName(space, member);
        MessageName(space, message);
        MessagePinName(space, message_pin);
        QuotedMessageMetadataName(space, message, quoted_message_metadata);
        ReactionName(space, message, reaction);
        SectionName(user, section);
        SectionItemName(user, section, item);
        SpaceName(space);
        SpaceEventName(space, space_event);
        SpaceNotificationSettingName(user, space);
        SpaceReadStateName(user, space);
        ThreadName(space, thread);
        ThreadReadStateName(user, space, thread);
        UserName(user);
    );
});
