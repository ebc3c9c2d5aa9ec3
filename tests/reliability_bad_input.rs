//! Reliability against bad input: property tests over every resource name type, every
//! update-mask builder and the raw `Update*` requests, and filter strings sent to the
//! emulator's list and search RPCs (no panic; a refusal is `INVALID_ARGUMENT` with a message
//! that says what was wrong); then a fuzz-style pass that sends every one of the 52 methods
//! empty, random, truncated and bit-flipped protobuf bytes over raw gRPC: each call gets a
//! status within a timeout, nothing in the process panics, and the emulator keeps serving.

mod support;

use support::RawCodec;

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use google_chat_grpc::emulator::{Emulator, EmulatorHandle};
use google_chat_grpc::names::*;
use google_chat_grpc::proto::chat::v1::chat_service_client::ChatServiceClient;
use google_chat_grpc::proto::chat::v1::*;
use google_chat_grpc::update::*;
use google_chat_grpc::{Error, ErrorKind};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use prost::bytes::Bytes;
use tonic::transport::Channel;
use tonic::{Code, Request, Status};

// ---------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------

/// Strings shaped like names: collection words, IDs, and the characters that break them.
fn name_like() -> impl Strategy<Value = String> {
    let segment = prop_oneof![
        3 => prop::sample::select(vec![
            "spaces", "messages", "members", "users", "attachments", "reactions", "threads",
            "spaceEvents", "messagePins", "customEmojis", "groups", "availability", "sections",
            "items", "spaceReadState", "threadReadState", "spaceNotificationSetting",
            "quotedMessageMetadata", "me", "app", "-", "*", "{space}", "",
        ])
        .prop_map(str::to_owned),
        2 => "[a-zA-Z0-9@._-]{1,8}",
        1 => "[ \t\n\u{0}{}*/%é😀]{0,3}",
    ];
    prop::collection::vec(segment, 0..9).prop_map(|s| s.join("/"))
}

/// A segment as `new` might be given one: usually fine, sometimes not.
fn segment_arg() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zA-Z0-9@._-]{1,10}",
        1 => "[a-z/ \n{}\u{7f}]{0,4}",
        1 => Just(String::new()),
        1 => Just("{space}".to_owned()),
    ]
}

fn segment_ok(s: &str) -> bool {
    let placeholder = s.starts_with('{') && s.ends_with('}');
    let bad_char = s
        .chars()
        .any(|c| c == '/' || c.is_whitespace() || c.is_control());
    !s.is_empty() && !bad_char && !placeholder
}

macro_rules! name_properties {
    ($($test:ident: $name:ident($($var:ident),+);)*) => {
        proptest! {
            #![proptest_config(Config { cases: 200, ..Config::default() })]
            $(
                #[test]
                fn $test(
                    text in prop_oneof![name_like(), ".{0,64}"],
                    $($var in segment_arg()),+
                ) {
                    match text.parse::<$name>() {
                        Ok(name) => {
                            prop_assert_eq!(name.to_string(), text.clone());
                            prop_assert_eq!(
                                text.split('/').count(),
                                $name::PATTERN.split('/').count()
                            );
                            $( prop_assert!(segment_ok(name.$var()), "{:?}", name); )+
                            prop_assert_eq!(text.parse::<$name>().unwrap(), name);
                        }
                        Err(err) => {
                            prop_assert_eq!(err.expected(), $name::PATTERN);
                            prop_assert_eq!(err.got(), text.as_str());
                            prop_assert!(err.to_string().contains($name::PATTERN));
                            let err = Error::from(err);
                            prop_assert_eq!(err.kind(), ErrorKind::InvalidArgument);
                            prop_assert_eq!(err.code(), Some(Code::InvalidArgument));
                        }
                    }
                    let all_ok = [$(segment_ok(&$var)),+].iter().all(|ok| *ok);
                    match $name::new($(&$var),+) {
                        Ok(built) => {
                            prop_assert!(all_ok, "accepted {:?}", built);
                            $( prop_assert_eq!(built.$var(), $var.as_str()); )+
                        }
                        Err(err) => {
                            prop_assert!(!all_ok, "refused good segments: {}", err);
                            prop_assert_eq!(err.expected(), $name::PATTERN);
                        }
                    }
                }
            )*
        }
    };
}

name_properties! {
    attachment_names: AttachmentName(space, message, attachment);
    availability_names: AvailabilityName(user);
    custom_emoji_names: CustomEmojiName(custom_emoji);
    group_names: GroupName(group);
    membership_names: MembershipName(space, member);
    message_names: MessageName(space, message);
    message_pin_names: MessagePinName(space, message_pin);
    quoted_message_metadata_names: QuotedMessageMetadataName(space, message, quoted_message_metadata);
    reaction_names: ReactionName(space, message, reaction);
    section_names: SectionName(user, section);
    section_item_names: SectionItemName(user, section, item);
    space_names: SpaceName(space);
    space_event_names: SpaceEventName(space, space_event);
    space_notification_setting_names: SpaceNotificationSettingName(user, space);
    space_read_state_names: SpaceReadStateName(user, space);
    thread_names: ThreadName(space, thread);
    thread_read_state_names: ThreadReadStateName(user, space, thread);
    user_names: UserName(user);
}

// ---------------------------------------------------------------------------------------
// Update masks
// ---------------------------------------------------------------------------------------

/// A name for an update: usually of the right shape, often not.
fn update_name(pattern: &'static str) -> impl Strategy<Value = String> {
    let filled = prop::collection::vec("[a-zA-Z0-9@._-]{1,8}", 3).prop_map(move |ids| {
        let mut ids = ids.into_iter();
        pattern
            .split('/')
            .map(|s| {
                if s.starts_with('{') {
                    ids.next().unwrap_or_default()
                } else {
                    s.to_owned()
                }
            })
            .collect::<Vec<_>>()
            .join("/")
    });
    prop_oneof![2 => filled, 1 => name_like(), 1 => ".{0,40}"]
}

/// Text for a field: short, long (over every documented limit), or odd.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,20}",
        "[a-z ]{100,200}",
        Just("x".repeat(40_000)),
        Just(String::new()),
        Just(" \n\t".to_owned()),
    ]
}

/// What every refusal must look like: `INVALID_ARGUMENT`, before the wire, naming the RPC.
fn check_refusal(rpc: &str, err: &Error) -> Result<(), TestCaseError> {
    prop_assert_eq!(err.kind(), ErrorKind::InvalidArgument, "{:?}", err);
    prop_assert_eq!(err.attempts(), 0);
    prop_assert!(err.to_string().contains(rpc), "{}: {}", rpc, err);
    Ok(())
}

fn check_mask(rpc: &str, mask: Option<&prost_types::FieldMask>) -> Result<(), TestCaseError> {
    let mask = mask.expect("an update mask");
    prop_assert!(!mask.paths.is_empty(), "{}: empty mask accepted", rpc);
    Ok(())
}

proptest! {
    #![proptest_config(Config { cases: 300, ..Config::default() })]

    #[test]
    fn space_updates(
        name in update_name(SpaceName::PATTERN),
        ops in prop::collection::vec(0u8..14, 0..6),
        a in text(),
        b in text(),
        n in any::<i32>(),
        admin in any::<bool>(),
    ) {
        let setting = space::PermissionSetting { managers_allowed: n % 2 == 0, ..Default::default() };
        let access = space::AccessPermissionSetting::default();
        let mut u = SpaceUpdate::new(name.clone());
        for op in ops {
            u = match op {
                0 => u.set_display_name(a.clone()),
                1 => u.set_space_type(space::SpaceType::try_from(n.rem_euclid(5)).unwrap_or_default()),
                2 => u.convert_to_space(b.clone()),
                3 => u.set_space_details(a.clone(), b.clone()),
                4 => u.set_space_history_state(HistoryState::try_from(n.rem_euclid(3)).unwrap_or_default()),
                5 => u.set_audience(b.clone()),
                6 => u.clear_audience(),
                7 => u.set_discover_space_setting(access.clone()),
                8 => u.set_join_space_setting(access.clone()),
                9 => u.set_manage_members_and_groups(setting),
                10 => u.set_toggle_history(setting),
                11 => u.set_use_at_mention_all(setting),
                12 => u.set_reply_messages(setting),
                _ => u.set_use_admin_access(admin),
            };
        }
        match u.into_request() {
            Ok(req) => {
                check_mask("UpdateSpace", req.update_mask.as_ref())?;
                prop_assert!(name.parse::<SpaceName>().is_ok(), "{}", name);
            }
            Err(err) => check_refusal("UpdateSpace", &err)?,
        }
    }

    #[test]
    fn message_updates(
        name in update_name(MessageName::PATTERN),
        ops in prop::collection::vec(0u8..6, 0..5),
        a in text(),
        card_ids in prop::collection::vec(".{0,3}", 0..3),
    ) {
        let mut u = MessageUpdate::new(name.clone());
        for op in ops {
            u = match op {
                0 => u.set_text(a.clone()),
                1 => u.set_attachments([Attachment { name: a.clone(), ..Default::default() }]),
                2 => u.set_cards_v2(card_ids.iter().map(|id| CardWithId {
                    card_id: id.clone(),
                    ..Default::default()
                })),
                3 => u.set_accessory_widgets([AccessoryWidget::default()]),
                4 => u.remove_quoted_message(),
                _ => u.set_allow_missing(true),
            };
        }
        match u.into_request() {
            Ok(req) => check_mask("UpdateMessage", req.update_mask.as_ref())?,
            Err(err) => check_refusal("UpdateMessage", &err)?,
        }
    }

    #[test]
    fn membership_section_and_setting_updates(
        member in update_name(MembershipName::PATTERN),
        section in update_name(SectionName::PATTERN),
        setting in update_name(SpaceNotificationSettingName::PATTERN),
        read_state in update_name(SpaceReadStateName::PATTERN),
        availability in update_name(AvailabilityName::PATTERN),
        n in any::<i32>(),
        seconds in any::<i64>(),
        nanos in any::<i32>(),
        a in text(),
        b in text(),
        set in any::<[bool; 4]>(),
    ) {
        let mut u = MembershipUpdate::new(member);
        if set[0] {
            u = u.set_role(membership::MembershipRole::try_from(n.rem_euclid(4)).unwrap_or_default());
        }
        match u.set_use_admin_access(set[1]).into_request() {
            Ok(req) => check_mask("UpdateMembership", req.update_mask.as_ref())?,
            Err(err) => check_refusal("UpdateMembership", &err)?,
        }

        let mut u = SectionUpdate::new(section);
        if set[0] {
            u = u.set_display_name(a.clone());
        }
        match u.into_request() {
            Ok(req) => check_mask("UpdateSection", req.update_mask.as_ref())?,
            Err(err) => check_refusal("UpdateSection", &err)?,
        }

        let mut u = SpaceNotificationSettingUpdate::new(setting);
        if set[1] {
            u = u.set_notification_setting(
                space_notification_setting::NotificationSetting::try_from(n.rem_euclid(5)).unwrap_or_default(),
            );
        }
        if set[2] {
            u = u.set_mute_setting(
                space_notification_setting::MuteSetting::try_from(n.rem_euclid(3)).unwrap_or_default(),
            );
        }
        match u.into_request() {
            Ok(req) => check_mask("UpdateSpaceNotificationSetting", req.update_mask.as_ref())?,
            Err(err) => check_refusal("UpdateSpaceNotificationSetting", &err)?,
        }

        let mut u = SpaceReadStateUpdate::new(read_state);
        if set[2] {
            u = u.set_last_read_time(prost_types::Timestamp { seconds, nanos });
        }
        match u.into_request() {
            Ok(req) => check_mask("UpdateSpaceReadState", req.update_mask.as_ref())?,
            Err(err) => check_refusal("UpdateSpaceReadState", &err)?,
        }

        let mut u = AvailabilityUpdate::new(availability);
        u = match (set[3], set[0]) {
            (true, _) => u.set_status(a, b),
            (false, true) => u.clear_custom_status(),
            (false, false) => u,
        };
        match u.into_request() {
            Ok(req) => check_mask("UpdateAvailability", req.update_mask.as_ref())?,
            Err(err) => check_refusal("UpdateAvailability", &err)?,
        }
    }

    /// Raw requests with arbitrary mask paths get the same checks.
    #[test]
    fn raw_update_requests_with_arbitrary_masks(
        name in update_name(SpaceName::PATTERN),
        paths in prop::collection::vec(prop_oneof![
            prop::sample::select(vec![
                "display_name", "displayName", "space_details", "space_history_state",
                "spaceHistoryState", "access_settings.audience", "permission_settings",
                "permission_settings.manageApps", "text", "role", "last_read_time",
                "notification_setting", "custom_status", "*", "",
            ]).prop_map(str::to_owned),
            ".{0,12}",
        ], 0..4),
        with_resource in any::<bool>(),
    ) {
        let mask = Some(prost_types::FieldMask { paths });
        let space = with_resource.then(|| Space { name: name.clone(), ..Default::default() });
        let message = with_resource.then(|| Message { name: name.clone(), ..Default::default() });
        let outcomes = [
            ("UpdateSpace", UpdateSpaceRequest { space, update_mask: mask.clone(), ..Default::default() }
                .into_request().map(|r| r.update_mask)),
            ("UpdateMessage", UpdateMessageRequest { message, update_mask: mask.clone(), ..Default::default() }
                .into_request().map(|r| r.update_mask)),
            ("UpdateMembership", UpdateMembershipRequest {
                membership: with_resource.then(|| Membership { name: name.clone(), ..Default::default() }),
                update_mask: mask.clone(), ..Default::default()
            }.into_request().map(|r| r.update_mask)),
            ("UpdateSection", UpdateSectionRequest {
                section: with_resource.then(|| Section { name: name.clone(), ..Default::default() }),
                update_mask: mask.clone(),
            }.into_request().map(|r| r.update_mask)),
            ("UpdateAvailability", UpdateAvailabilityRequest {
                availability: with_resource.then(|| Availability { name: name.clone(), ..Default::default() }),
                update_mask: mask.clone(),
            }.into_request().map(|r| r.update_mask)),
        ];
        for (rpc, outcome) in outcomes {
            match outcome {
                Ok(mask) => check_mask(rpc, mask.as_ref())?,
                Err(err) => check_refusal(rpc, &err)?,
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Filters sent to the emulator
// ---------------------------------------------------------------------------------------

fn as_<T>(token: &str, msg: T) -> Request<T> {
    let mut r = Request::new(msg);
    r.metadata_mut()
        .insert("authorization", format!("Bearer {token}").parse().unwrap());
    r.set_timeout(Duration::from_secs(10));
    r
}

/// Filters made of the filter language's own pieces, in any order.
fn filter_like() -> impl Strategy<Value = String> {
    let token = prop::sample::select(vec![
        "create_time",
        "last_update_time",
        "space_type",
        "spaceType",
        "member.type",
        "role",
        "emoji.unicode",
        "emoji.custom_emoji.uid",
        "user.name",
        "event_types",
        "start_time",
        "end_time",
        "thread.name",
        "creator(\"users/me\")",
        "display_name",
        "customer",
        "external_user_allowed",
        "=",
        "!=",
        "<",
        ">",
        "<=",
        ">=",
        ":",
        "AND",
        "OR",
        "NOT",
        "(",
        ")",
        "\"",
        ",",
        "-",
        "*",
        "\\",
        "\"2024-01-01T00:00:00Z\"",
        "\"2024-13-45T99:99:99Z\"",
        "\"SPACE\"",
        "\"ROLE_MANAGER\"",
        "\"HUMAN\"",
        "users/1",
        "users/me",
        "\"users/1\"",
        "\"google.workspace.chat.message.v1.created\"",
        "\"customers/my_customer\"",
        "\"😀\"",
        "99999999999999999999999",
        "true",
        "\u{0}",
        "",
    ]);
    prop::collection::vec(token, 0..12).prop_map(|t| t.join(" "))
}

struct Lists {
    emulator: EmulatorHandle,
    client: ChatServiceClient<Channel>,
    space: String,
    message: String,
    section: String,
}

impl Lists {
    async fn start() -> Self {
        let emulator = Emulator::builder().start().await.expect("emulator");
        let mut client = ChatServiceClient::connect(emulator.uri()).await.unwrap();
        let space = client
            .set_up_space(as_(
                "user:1",
                SetUpSpaceRequest {
                    space: Some(Space {
                        space_type: space::SpaceType::Space as i32,
                        display_name: "Filters".into(),
                        ..Default::default()
                    }),
                    ..Default::default()
                },
            ))
            .await
            .unwrap()
            .into_inner()
            .name;
        let message = client
            .create_message(as_(
                "user:1",
                CreateMessageRequest {
                    parent: space.clone(),
                    message: Some(Message {
                        text: "hello".into(),
                        ..Default::default()
                    }),
                    ..Default::default()
                },
            ))
            .await
            .unwrap()
            .into_inner()
            .name;
        let section = client
            .create_section(as_(
                "user:1",
                CreateSectionRequest {
                    parent: "users/me".into(),
                    section: Some(Section {
                        display_name: "Mine".into(),
                        r#type: section::SectionType::CustomSection as i32,
                        ..Default::default()
                    }),
                },
            ))
            .await
            .unwrap()
            .into_inner()
            .name;
        Lists {
            emulator,
            client,
            space,
            message,
            section,
        }
    }

    /// Sends `filter` to every list and search RPC that takes one; returns the statuses.
    async fn send(&self, filter: &str) -> Vec<(&'static str, Result<(), Status>)> {
        let mut c = self.client.clone();
        let f = filter.to_owned();
        vec![
            (
                "ListSpaces",
                c.list_spaces(as_(
                    "user:1",
                    ListSpacesRequest {
                        filter: f.clone(),
                        ..Default::default()
                    },
                ))
                .await
                .map(drop),
            ),
            (
                "ListMessages",
                c.list_messages(as_(
                    "user:1",
                    ListMessagesRequest {
                        parent: self.space.clone(),
                        filter: f.clone(),
                        ..Default::default()
                    },
                ))
                .await
                .map(drop),
            ),
            (
                "ListMemberships",
                c.list_memberships(as_(
                    "user:1",
                    ListMembershipsRequest {
                        parent: self.space.clone(),
                        filter: f.clone(),
                        ..Default::default()
                    },
                ))
                .await
                .map(drop),
            ),
            (
                "ListReactions",
                c.list_reactions(as_(
                    "user:1",
                    ListReactionsRequest {
                        parent: self.message.clone(),
                        filter: f.clone(),
                        ..Default::default()
                    },
                ))
                .await
                .map(drop),
            ),
            (
                "ListSpaceEvents",
                c.list_space_events(as_(
                    "user:1",
                    ListSpaceEventsRequest {
                        parent: self.space.clone(),
                        filter: f.clone(),
                        ..Default::default()
                    },
                ))
                .await
                .map(drop),
            ),
            (
                "ListCustomEmojis",
                c.list_custom_emojis(as_(
                    "user:1",
                    ListCustomEmojisRequest {
                        filter: f.clone(),
                        ..Default::default()
                    },
                ))
                .await
                .map(drop),
            ),
            (
                "SearchSpaces",
                c.search_spaces(as_(
                    "admin:1",
                    SearchSpacesRequest {
                        use_admin_access: true,
                        query: f.clone(),
                        ..Default::default()
                    },
                ))
                .await
                .map(drop),
            ),
            (
                "SearchMessages",
                c.search_messages(as_(
                    "user:1",
                    SearchMessagesRequest {
                        parent: "spaces/-".into(),
                        filter: f.clone(),
                        ..Default::default()
                    },
                ))
                .await
                .map(drop),
            ),
            (
                "ListSectionItems",
                c.list_section_items(as_(
                    "user:1",
                    ListSectionItemsRequest {
                        parent: self.section.clone(),
                        filter: f.clone(),
                        ..Default::default()
                    },
                ))
                .await
                .map(drop),
            ),
        ]
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn filters_are_answered_or_refused_with_invalid_argument() {
    let rt = runtime();
    let lists = rt.block_on(Lists::start());
    // The documented shapes work.
    for (filter, rpc) in [
        (r#"space_type = "SPACE""#, "ListSpaces"),
        (r#"create_time > "2020-01-01T00:00:00Z""#, "ListMessages"),
        (r#"member.type = "HUMAN""#, "ListMemberships"),
        (r#"emoji.unicode = "🙂""#, "ListReactions"),
        (
            r#"event_types:"google.workspace.chat.message.v1.created""#,
            "ListSpaceEvents",
        ),
        (r#"creator("users/me")"#, "ListCustomEmojis"),
        (
            r#"customer = "customers/my_customer" AND space_type = "SPACE""#,
            "SearchSpaces",
        ),
    ] {
        let outcomes = rt.block_on(lists.send(filter));
        let (_, result) = outcomes.iter().find(|(r, _)| *r == rpc).unwrap();
        assert!(result.is_ok(), "{rpc} {filter}: {result:?}");
    }

    let mut runner = TestRunner::new(Config {
        cases: 300,
        ..Config::default()
    });
    let strategy = prop_oneof![3 => filter_like(), 1 => ".{0,80}"];
    runner
        .run(&strategy, |filter| {
            for (rpc, result) in rt.block_on(lists.send(&filter)) {
                if let Err(status) = result {
                    prop_assert_eq!(
                        status.code(),
                        Code::InvalidArgument,
                        "{} {:?}: {:?}",
                        rpc,
                        filter,
                        status
                    );
                    prop_assert!(!status.message().is_empty());
                }
            }
            Ok(())
        })
        .unwrap();
    drop(lists.emulator);
}

/// Deep nesting and long inputs are refused (or answered), not a crash of the server.
#[test]
fn deeply_nested_and_huge_filters_are_refused_not_a_crash() {
    let rt = runtime();
    let lists = rt.block_on(Lists::start());
    let depth = 50_000;
    let nested = format!(
        "{}space_type = \"SPACE\"{}",
        "(".repeat(depth),
        ")".repeat(depth)
    );
    let negated = format!("{}space_type = \"SPACE\"", "NOT ".repeat(depth));
    let long_and = vec![r#"space_type = "SPACE""#; 20_000].join(" AND ");
    for filter in [nested, negated, long_and] {
        for (rpc, result) in rt.block_on(lists.send(&filter)) {
            if let Err(status) = result {
                assert_eq!(status.code(), Code::InvalidArgument, "{rpc}: {status:?}");
            }
        }
    }
    // Still serving.
    let ok = rt.block_on(lists.send(""));
    assert!(ok.iter().any(|(_, r)| r.is_ok()));
}

// ---------------------------------------------------------------------------------------
// Raw bytes for every method
// ---------------------------------------------------------------------------------------

/// Panics anywhere in this process (the emulator's handlers run here), counted.
fn panics() -> &'static AtomicUsize {
    static PANICS: AtomicUsize = AtomicUsize::new(0);
    static HOOK: OnceLock<()> = OnceLock::new();
    HOOK.get_or_init(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            PANICS.fetch_add(1, Ordering::SeqCst);
            previous(info);
        }));
    });
    &PANICS
}

/// A request of the method's input type with its top-level fields set to plausible values,
/// encoded: the base that truncation and bit flips start from.
fn plausible_request(input: &prost_reflect::MessageDescriptor, space: &str) -> Vec<u8> {
    use prost::Message as _;
    use prost_reflect::{DynamicMessage, Kind, Value};
    let mut msg = DynamicMessage::new(input.clone());
    for field in input.fields() {
        if field.is_list() || field.is_map() {
            continue;
        }
        let value = match field.kind() {
            Kind::String => Value::String(match field.name() {
                "parent" | "name" => space.to_owned(),
                "filter" => r#"space_type = "SPACE""#.to_owned(),
                other => format!("{other}-value"),
            }),
            Kind::Bool => Value::Bool(true),
            Kind::Int32 => Value::I32(3),
            Kind::Int64 => Value::I64(3),
            Kind::Enum(e) => Value::EnumNumber(e.values().last().map_or(0, |v| v.number())),
            Kind::Message(m) => Value::Message(DynamicMessage::new(m)),
            _ => continue,
        };
        msg.set_field(&field, value);
    }
    msg.encode_to_vec()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_method_answers_random_and_truncated_bytes_with_a_status() {
    let panics_before = panics().load(Ordering::SeqCst);
    let emulator = Emulator::builder().start().await.expect("emulator");
    let lists_client = ChatServiceClient::connect(emulator.uri()).await.unwrap();
    let mut c = lists_client.clone();
    let space = c
        .set_up_space(as_(
            "user:1",
            SetUpSpaceRequest {
                space: Some(Space {
                    space_type: space::SpaceType::Space as i32,
                    display_name: "Fuzz".into(),
                    ..Default::default()
                }),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner()
        .name;

    let pool = prost_reflect::DescriptorPool::decode(google_chat_grpc::proto::FILE_DESCRIPTOR_SET)
        .unwrap();
    let service = pool
        .get_service_by_name("google.chat.v1.ChatService")
        .unwrap();
    let methods: Vec<_> = service.methods().collect();
    assert_eq!(methods.len(), 52);
    assert_eq!(google_chat_grpc::emulator::methods().len(), 52);

    let channel = tonic::transport::Endpoint::from_shared(emulator.uri())
        .unwrap()
        .connect()
        .await
        .unwrap();
    let mut rng = fastrand::Rng::with_seed(0xf022);
    let mut jobs = Vec::new();
    for method in &methods {
        let path = format!("/google.chat.v1.ChatService/{}", method.name());
        let base = plausible_request(&method.input(), &space);
        let mut inputs: Vec<Vec<u8>> = vec![Vec::new(), base.clone()];
        for _ in 0..12 {
            let len = rng.usize(1..96);
            inputs.push((0..len).map(|_| rng.u8(..)).collect());
        }
        for cut in 1..base.len().min(16) {
            inputs.push(base[..base.len() - cut].to_vec());
        }
        for _ in 0..12 {
            let mut flipped = base.clone();
            if !flipped.is_empty() {
                for _ in 0..rng.usize(1..4) {
                    let i = rng.usize(..flipped.len());
                    flipped[i] ^= 1 << rng.u8(0..8);
                }
            }
            inputs.push(flipped);
        }
        // Valid bytes with garbage appended: an unknown field, a length running off the end.
        let mut tail = base.clone();
        tail.extend_from_slice(&[0xfa, 0xff, 0xff, 0xff, 0x0f, 0x01]);
        inputs.push(tail);
        for (k, input) in inputs.into_iter().enumerate() {
            let token = ["user:1", "admin:1", "app"][k % 3];
            jobs.push((path.clone(), token, Bytes::from(input)));
        }
    }
    // One message over the default 4 MiB limit.
    jobs.push((
        "/google.chat.v1.ChatService/CreateMessage".to_owned(),
        "user:1",
        Bytes::from(vec![0x0a; 5 << 20]),
    ));

    let total = jobs.len();
    let mut answered = std::collections::HashMap::<Code, usize>::new();
    let mut queue = jobs.into_iter();
    loop {
        let batch: Vec<_> = queue.by_ref().take(16).collect();
        if batch.is_empty() {
            break;
        }
        let calls = batch.into_iter().map(|(path, token, body)| {
            let mut grpc = tonic::client::Grpc::new(channel.clone());
            async move {
                let mut request = Request::new(body);
                request
                    .metadata_mut()
                    .insert("authorization", format!("Bearer {token}").parse().unwrap());
                let call = async {
                    grpc.ready()
                        .await
                        .map_err(|e| Status::unknown(e.to_string()))?;
                    grpc.unary(
                        request,
                        http::uri::PathAndQuery::try_from(path.as_str()).unwrap(),
                        RawCodec,
                    )
                    .await
                };
                match tokio::time::timeout(Duration::from_secs(10), call).await {
                    Ok(Ok(_)) => Code::Ok,
                    Ok(Err(status)) => status.code(),
                    Err(_) => panic!("{path}: no answer within 10 s"),
                }
            }
        });
        for code in futures_join(calls).await {
            *answered.entry(code).or_default() += 1;
        }
    }
    eprintln!("{total} raw calls over 52 methods: {answered:?}");
    assert_eq!(answered.values().sum::<usize>(), total);
    assert_eq!(
        panics().load(Ordering::SeqCst),
        panics_before,
        "something panicked while serving"
    );
    // A panic in a handler would reset the stream: the client would see UNKNOWN or
    // INTERNAL from h2 rather than a status from the emulator.
    assert!(
        !answered.contains_key(&Code::Unknown),
        "stream resets: {answered:?}"
    );

    // Still serving, on the same connection and a new one (the fuzzing may have deleted the
    // space: DeleteSpace got a valid request too).
    let mut again = ChatServiceClient::new(channel);
    again
        .set_up_space(as_(
            "user:1",
            SetUpSpaceRequest {
                space: Some(Space {
                    space_type: space::SpaceType::Space as i32,
                    display_name: "After the fuzz".into(),
                    ..Default::default()
                }),
                ..Default::default()
            },
        ))
        .await
        .expect("the emulator keeps serving");
    let mut fresh = ChatServiceClient::connect(emulator.uri()).await.unwrap();
    fresh
        .list_spaces(as_("user:1", ListSpacesRequest::default()))
        .await
        .expect("the emulator keeps serving");
    let _ = emulator.snapshot();
    emulator.shutdown().await;
}

/// Runs futures concurrently on the current task and collects their outputs in order.
async fn futures_join<F: std::future::Future>(
    futures: impl IntoIterator<Item = F>,
) -> Vec<F::Output> {
    let mut set = Vec::new();
    for f in futures {
        set.push(Box::pin(f));
    }
    let mut out: Vec<Option<F::Output>> = (0..set.len()).map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (i, f) in set.iter_mut().enumerate() {
            if out[i].is_none() {
                match f.as_mut().poll(cx) {
                    std::task::Poll::Ready(v) => out[i] = Some(v),
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(())
        }
    })
    .await;
    out.into_iter().map(Option::unwrap).collect()
}
