//! `reaction.proto`: what CreateReaction ignores and requires, reactions with custom emojis,
//! the ListReactions filter grammar, and what CreateCustomEmoji assigns itself.

use super::*;

fn react(parent: &str, emoji: Option<emoji::Content>) -> CreateReactionRequest {
    CreateReactionRequest {
        parent: parent.into(),
        reaction: Some(Reaction {
            emoji: emoji.map(|content| Emoji {
                content: Some(content),
            }),
            ..Default::default()
        }),
    }
}

fn unicode(e: &str) -> Option<emoji::Content> {
    Some(emoji::Content::Unicode(e.into()))
}

fn custom_emoji(name: &str) -> CreateCustomEmojiRequest {
    CreateCustomEmojiRequest {
        custom_emoji: Some(CustomEmoji {
            emoji_name: name.into(),
            payload: Some(custom_emoji::CustomEmojiPayload {
                file_content: vec![0x89; 64],
                filename: "e.png".into(),
            }),
            ..Default::default()
        }),
    }
}

fn list(parent: &str, filter: &str, page_size: i32, page_token: &str) -> ListReactionsRequest {
    ListReactionsRequest {
        parent: parent.into(),
        filter: filter.into(),
        page_size,
        page_token: page_token.into(),
    }
}

#[tokio::test]
async fn reactions_take_the_caller_a_server_name_and_a_known_emoji() {
    let (_emu, mut c) = start().await;
    let s = team(&mut c, "Reacting").await;
    let m = post(&mut c, "user:1", &s.name, "react to me").await;

    // `name` is assigned by the server and `user` (output only) is the caller.
    let mut forged = react(&m.name, unicode("🙂"));
    if let Some(r) = forged.reaction.as_mut() {
        r.name = format!("{}/reactions/forged", m.name);
        r.user = Some(User {
            name: "users/2".into(),
            ..Default::default()
        });
    }
    let r = c
        .create_reaction(as_("user:1", forged))
        .await
        .unwrap()
        .into_inner();
    assert!(r.name.starts_with(&format!("{}/reactions/", m.name)));
    assert_ne!(r.name, format!("{}/reactions/forged", m.name));
    assert_eq!(r.user.as_ref().map(|u| u.name.as_str()), Some("users/1"));

    // The emoji is required, and a custom emoji must exist.
    for bad in [None, unicode("")] {
        let e = c
            .create_reaction(as_("user:2", react(&m.name, bad)))
            .await
            .unwrap_err();
        assert_eq!(e.code(), Code::InvalidArgument);
        assert_eq!(violation_field(&e), "reaction.emoji");
    }
    let unknown = CustomEmoji {
        uid: "no-such-uid".into(),
        ..Default::default()
    };
    let e = c
        .create_reaction(as_(
            "user:2",
            react(&m.name, Some(emoji::Content::CustomEmoji(unknown))),
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::NotFound);

    // A custom emoji named by its UID comes back whole (its input-only payload left out).
    let parrot = c
        .create_custom_emoji(as_("user:3", custom_emoji(":parrot:")))
        .await
        .unwrap()
        .into_inner();
    let by_uid = CustomEmoji {
        uid: parrot.uid.clone(),
        ..Default::default()
    };
    let r2 = c
        .create_reaction(as_(
            "user:2",
            react(&m.name, Some(emoji::Content::CustomEmoji(by_uid))),
        ))
        .await
        .unwrap()
        .into_inner();
    match r2.emoji.and_then(|e| e.content) {
        Some(emoji::Content::CustomEmoji(got)) => {
            assert_eq!(got.name, parrot.name);
            assert_eq!(got.emoji_name, ":parrot:");
            assert!(got.payload.is_none());
        }
        other => panic!("expected the custom emoji, got {other:?}"),
    }
    c.create_reaction(as_("user:2", react(&m.name, unicode("🙂"))))
        .await
        .unwrap();

    // Only members react; reactions need user authentication (all three RPCs).
    let outsider = c
        .create_reaction(as_("user:9", react(&m.name, unicode("👍"))))
        .await
        .unwrap_err();
    assert_eq!(outsider.code(), Code::PermissionDenied, "{outsider:?}");
    let e = c
        .list_reactions(as_("app", list(&m.name, "", 0, "")))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);
    let e = c
        .delete_reaction(as_(
            "app",
            DeleteReactionRequest {
                name: r.name.clone(),
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);

    // The filter: the documented valid queries with both kinds of emoji, and the invalid
    // ones the other tests don't try.
    let uid = &parrot.uid;
    for (filter, count) in [
        (format!("emoji.custom_emoji.uid = \"{uid}\""), 1),
        (
            format!("emoji.unicode = \"🙂\" OR emoji.custom_emoji.uid = \"{uid}\""),
            3,
        ),
        (
            format!(
                "(emoji.unicode = \"🙂\" OR emoji.custom_emoji.uid = \"{uid}\") AND user.name = \"users/2\""
            ),
            2,
        ),
    ] {
        let got = c
            .list_reactions(as_("user:3", list(&m.name, &filter, 0, "")))
            .await
            .unwrap()
            .into_inner();
        assert_eq!(got.reactions.len(), count, "{filter}");
    }
    for bad in [
        format!("emoji.unicode = \"🙂\" AND emoji.custom_emoji.uid = \"{uid}\""),
        format!(
            "emoji.unicode = \"🙂\" OR emoji.custom_emoji.uid = \"{uid}\" OR user.name = \"users/2\""
        ),
    ] {
        let e = c
            .list_reactions(as_("user:3", list(&m.name, &bad, 0, "")))
            .await
            .unwrap_err();
        assert_eq!(e.code(), Code::InvalidArgument, "{bad}");
    }

    // A page token belongs to its filter.
    let first = c
        .list_reactions(as_("user:3", list(&m.name, "", 1, "")))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(first.reactions.len(), 1);
    let e = c
        .list_reactions(as_(
            "user:3",
            list(
                &m.name,
                "user.name = \"users/2\"",
                1,
                &first.next_page_token,
            ),
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);
}

#[tokio::test]
async fn custom_emojis_get_their_name_uid_and_image_url_from_the_server() {
    let (_emu, mut c) = start().await;
    let mut req = custom_emoji(":wave-hello:");
    if let Some(e) = req.custom_emoji.as_mut() {
        e.name = "customEmojis/forged".into();
        e.uid = "forged".into();
        e.temporary_image_uri = "https://example.com/forged.png".into();
    }
    let made = c
        .create_custom_emoji(as_("user:1", req))
        .await
        .unwrap()
        .into_inner();
    assert!(made.name.starts_with("customEmojis/"));
    assert_ne!(made.name, "customEmojis/forged");
    assert_ne!(made.uid, "forged");
    assert!(!made.uid.is_empty());
    assert!(made.temporary_image_uri.is_empty());
    let got = c
        .get_custom_emoji(as_(
            "user:2",
            GetCustomEmojiRequest {
                name: made.name.clone(),
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert!(!got.temporary_image_uri.is_empty());
    assert_ne!(got.temporary_image_uri, "https://example.com/forged.png");

    // `emoji_name` is required at creation.
    let e = c
        .create_custom_emoji(as_("user:1", custom_emoji("")))
        .await
        .unwrap_err();
    assert_eq!(violation_field(&e), "custom_emoji.emoji_name");
    // Custom emojis need user authentication, for reads too.
    let e = c
        .list_custom_emojis(as_("app", ListCustomEmojisRequest::default()))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);
}
