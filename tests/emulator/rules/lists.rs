//! Page sizes of the lists: each list's documented default, the maximum a larger size is
//! lowered to, and `INVALID_ARGUMENT` for a negative size.

use google_chat_grpc::emulator::{Emulator, SeedData};

use super::*;

/// One space with 1,001 members and 1,001 messages, and 1,001 spaces user 1 is in.
async fn crowded() -> (
    google_chat_grpc::emulator::EmulatorHandle,
    chat_service_client::ChatServiceClient<tonic::transport::Channel>,
) {
    let members: Vec<_> = (1..=1001)
        .map(|i| serde_json::json!({"user": format!("users/{i}")}))
        .collect();
    let messages: Vec<_> = (0..1001)
        .map(|i| serde_json::json!({"sender": "users/1", "text": format!("m{i}")}))
        .collect();
    let mut spaces = vec![serde_json::json!({
        "display_name": "Crowded",
        "members": members,
        "messages": messages,
    })];
    spaces.extend((1..=1000).map(
        |i| serde_json::json!({"display_name": format!("S{i}"), "members": [{"user": "users/1"}]}),
    ));
    let seed: SeedData =
        serde_json::from_value(serde_json::json!({ "spaces": spaces })).expect("seed");
    let emulator = Emulator::builder().seed(seed).start().await.expect("start");
    let client = chat_service_client::ChatServiceClient::connect(emulator.uri())
        .await
        .expect("connect");
    (emulator, client)
}

#[tokio::test]
async fn page_sizes_default_and_clamp_as_documented() {
    let (emu, mut c) = crowded().await;
    let crowded = emu
        .snapshot()
        .spaces
        .iter()
        .find(|s| s.display_name == "Crowded")
        .expect("seeded")
        .name
        .clone();

    // (page size given, spaces, memberships, messages)
    for (size, spaces, members, messages) in [(0, 100, 100, 25), (5000, 1000, 1000, 1000)] {
        let got = c
            .list_spaces(as_(
                "user:1",
                ListSpacesRequest {
                    page_size: size,
                    ..Default::default()
                },
            ))
            .await
            .unwrap()
            .into_inner();
        assert_eq!(got.spaces.len(), spaces, "ListSpaces page_size {size}");
        let got = c
            .list_memberships(as_(
                "user:1",
                ListMembershipsRequest {
                    parent: crowded.clone(),
                    page_size: size,
                    ..Default::default()
                },
            ))
            .await
            .unwrap()
            .into_inner();
        assert_eq!(
            got.memberships.len(),
            members,
            "ListMemberships page_size {size}"
        );
        let got = c
            .list_messages(as_(
                "user:1",
                ListMessagesRequest {
                    parent: crowded.clone(),
                    page_size: size,
                    ..Default::default()
                },
            ))
            .await
            .unwrap()
            .into_inner();
        assert_eq!(
            got.messages.len(),
            messages,
            "ListMessages page_size {size}"
        );
        assert!(!got.next_page_token.is_empty());
    }

    let negative = [
        c.list_spaces(as_(
            "user:1",
            ListSpacesRequest {
                page_size: -1,
                ..Default::default()
            },
        ))
        .await
        .map(|_| ()),
        c.list_memberships(as_(
            "user:1",
            ListMembershipsRequest {
                parent: crowded.clone(),
                page_size: -1,
                ..Default::default()
            },
        ))
        .await
        .map(|_| ()),
        c.list_messages(as_(
            "user:1",
            ListMessagesRequest {
                parent: crowded.clone(),
                page_size: -1,
                ..Default::default()
            },
        ))
        .await
        .map(|_| ()),
    ];
    for (i, r) in negative.into_iter().enumerate() {
        assert_eq!(r.unwrap_err().code(), Code::InvalidArgument, "list {i}");
    }
}

/// The lists with smaller pages: reactions and custom emojis (default 25, at most 200) and
/// message pins (default and most 100), each with one item more than its maximum.
#[tokio::test]
async fn reaction_emoji_and_pin_pages_default_and_clamp_as_documented() {
    let (_emu, mut c) = start().await;
    let s = team(&mut c, "Busy").await;
    let m = post(&mut c, "user:1", &s.name, "react").await;
    for i in 0..201u32 {
        let e = char::from_u32(0x1F300 + i).expect("a char").to_string();
        c.create_reaction(as_(
            "user:1",
            CreateReactionRequest {
                parent: m.name.clone(),
                reaction: Some(Reaction {
                    emoji: Some(Emoji {
                        content: Some(emoji::Content::Unicode(e)),
                    }),
                    ..Default::default()
                }),
            },
        ))
        .await
        .unwrap();
        c.create_custom_emoji(as_(
            "user:1",
            CreateCustomEmojiRequest {
                custom_emoji: Some(CustomEmoji {
                    emoji_name: format!(":e{i}:"),
                    payload: Some(custom_emoji::CustomEmojiPayload {
                        file_content: vec![0x89; 16],
                        filename: "e.gif".into(),
                    }),
                    ..Default::default()
                }),
            },
        ))
        .await
        .unwrap();
    }
    for i in 0..101 {
        let p = post(&mut c, "user:1", &s.name, &format!("pin {i}")).await;
        c.create_message_pin(as_(
            "user:1",
            CreateMessagePinRequest {
                parent: s.name.clone(),
                message_pin: Some(MessagePin {
                    message: p.name,
                    ..Default::default()
                }),
            },
        ))
        .await
        .unwrap();
    }

    // (page size given, reactions, custom emojis, pins)
    for (size, reactions, emojis, pins) in [(0, 25, 25, 100), (5000, 200, 200, 100)] {
        let got = c
            .list_reactions(as_(
                "user:2",
                ListReactionsRequest {
                    parent: m.name.clone(),
                    page_size: size,
                    ..Default::default()
                },
            ))
            .await
            .unwrap()
            .into_inner();
        assert_eq!(got.reactions.len(), reactions, "ListReactions {size}");
        assert!(!got.next_page_token.is_empty());
        let got = c
            .list_custom_emojis(as_(
                "user:2",
                ListCustomEmojisRequest {
                    page_size: size,
                    ..Default::default()
                },
            ))
            .await
            .unwrap()
            .into_inner();
        assert_eq!(got.custom_emojis.len(), emojis, "ListCustomEmojis {size}");
        assert!(!got.next_page_token.is_empty());
        let got = c
            .list_message_pins(as_(
                "user:2",
                ListMessagePinsRequest {
                    parent: s.name.clone(),
                    page_size: size,
                    ..Default::default()
                },
            ))
            .await
            .unwrap()
            .into_inner();
        assert_eq!(got.message_pins.len(), pins, "ListMessagePins {size}");
        assert!(!got.next_page_token.is_empty());
    }
    let e = c
        .list_message_pins(as_(
            "user:2",
            ListMessagePinsRequest {
                parent: s.name.clone(),
                page_size: -1,
                ..Default::default()
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);
}
