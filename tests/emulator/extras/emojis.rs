//! Custom emojis: create, get, list, delete.

use super::*;

fn emoji(name: &str, filename: &str, bytes: usize) -> CreateCustomEmojiRequest {
    CreateCustomEmojiRequest {
        custom_emoji: Some(CustomEmoji {
            emoji_name: name.into(),
            payload: Some(custom_emoji::CustomEmojiPayload {
                file_content: vec![0x89; bytes],
                filename: filename.into(),
            }),
            ..Default::default()
        }),
    }
}

async fn list_emojis(
    c: &mut ChatServiceClient<Channel>,
    who: &str,
    filter: &str,
    page_size: i32,
    page_token: &str,
) -> Result<ListCustomEmojisResponse, Status> {
    c.list_custom_emojis(as_(
        who,
        ListCustomEmojisRequest {
            filter: filter.into(),
            page_size,
            page_token: page_token.into(),
        },
    ))
    .await
    .map(|r| r.into_inner())
}

#[tokio::test]
async fn custom_emojis() {
    let (_emu, mut c) = start().await;
    let parrot = c
        .create_custom_emoji(as_("user:1", emoji(":party-parrot:", "parrot.gif", 1024)))
        .await
        .unwrap()
        .into_inner();
    assert!(parrot.name.starts_with("customEmojis/"));
    assert!(!parrot.uid.is_empty());
    assert_eq!(parrot.emoji_name, ":party-parrot:");
    assert!(parrot.payload.is_none(), "the payload is input only");
    assert!(
        parrot.temporary_image_uri.is_empty(),
        "not populated when the emoji is created"
    );

    // Get by name or by `:emoji-name:` alias; the image URL is there now.
    let got = c
        .get_custom_emoji(as_(
            "user:2",
            GetCustomEmojiRequest {
                name: parrot.name.clone(),
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(got.name, parrot.name);
    assert!(!got.temporary_image_uri.is_empty());
    assert!(got.payload.is_none());
    let by_alias = c
        .get_custom_emoji(as_(
            "user:2",
            GetCustomEmojiRequest {
                name: "customEmojis/:party-parrot:".into(),
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(by_alias, got);

    // Bad creates.
    let big = 256 * 1024 + 1;
    for (req, code, field) in [
        (
            emoji("party", "a.png", 10),
            Code::InvalidArgument,
            "custom_emoji.emoji_name",
        ),
        (
            emoji(":Party:", "a.png", 10),
            Code::InvalidArgument,
            "custom_emoji.emoji_name",
        ),
        (
            emoji(":a--b:", "a.png", 10),
            Code::InvalidArgument,
            "custom_emoji.emoji_name",
        ),
        (
            emoji(":a_-b:", "a.png", 10),
            Code::InvalidArgument,
            "custom_emoji.emoji_name",
        ),
        (
            emoji(":-ab:", "a.png", 10),
            Code::InvalidArgument,
            "custom_emoji.emoji_name",
        ),
        (
            emoji("::", "a.png", 10),
            Code::InvalidArgument,
            "custom_emoji.emoji_name",
        ),
        (
            emoji(":big:", "a.png", big),
            Code::InvalidArgument,
            "custom_emoji.payload.file_content",
        ),
        (
            emoji(":empty:", "a.png", 0),
            Code::InvalidArgument,
            "custom_emoji.payload.file_content",
        ),
        (
            emoji(":noname:", "", 10),
            Code::InvalidArgument,
            "custom_emoji.payload.filename",
        ),
        (
            emoji(":svg:", "a.svg", 10),
            Code::InvalidArgument,
            "custom_emoji.payload.filename",
        ),
        (
            CreateCustomEmojiRequest {
                custom_emoji: Some(CustomEmoji {
                    emoji_name: ":nopayload:".into(),
                    ..Default::default()
                }),
            },
            Code::InvalidArgument,
            "custom_emoji.payload",
        ),
        (
            emoji(":party-parrot:", "b.png", 10),
            Code::AlreadyExists,
            "",
        ),
    ] {
        let e = c.create_custom_emoji(as_("user:2", req)).await.unwrap_err();
        assert_eq!(e.code(), code, "{e:?}");
        if !field.is_empty() {
            assert_eq!(violation_field(&e), field);
        }
    }
    for ok in [(":a_b-c1:", "x.PNG"), (":x:", "x.jpg")] {
        c.create_custom_emoji(as_("user:2", emoji(ok.0, ok.1, 256 * 1024)))
            .await
            .unwrap();
    }
    let e = c
        .create_custom_emoji(as_("app", emoji(":bot:", "a.png", 10)))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);

    // Lists: all, mine, not mine; bad filters.
    let all = list_emojis(&mut c, "user:2", "", 0, "").await.unwrap();
    assert_eq!(all.custom_emojis.len(), 3);
    assert!(all.custom_emojis.iter().all(|e| e.payload.is_none()));
    let mine = list_emojis(&mut c, "user:2", r#"creator("users/me")"#, 0, "")
        .await
        .unwrap();
    assert_eq!(mine.custom_emojis.len(), 2);
    let others = list_emojis(&mut c, "user:2", r#"NOT creator("users/me")"#, 0, "")
        .await
        .unwrap();
    assert_eq!(others.custom_emojis.len(), 1);
    assert_eq!(others.custom_emojis[0].name, parrot.name);
    for f in [
        r#"creator("users/1")"#,
        "creator(users/me) AND x = 1",
        "emoji_name = \":x:\"",
    ] {
        let e = list_emojis(&mut c, "user:2", f, 0, "").await.unwrap_err();
        assert_eq!(e.code(), Code::InvalidArgument, "{f}");
    }
    // Pages with tokens bound to the filter.
    let first = list_emojis(&mut c, "user:2", "", 2, "").await.unwrap();
    assert_eq!(first.custom_emojis.len(), 2);
    let rest = list_emojis(&mut c, "user:2", "", 2, &first.next_page_token)
        .await
        .unwrap();
    assert_eq!(rest.custom_emojis.len(), 1);
    assert!(rest.next_page_token.is_empty());
    let e = list_emojis(
        &mut c,
        "user:2",
        r#"creator("users/me")"#,
        2,
        &first.next_page_token,
    )
    .await
    .unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);
    let e = list_emojis(&mut c, "user:2", "", -1, "").await.unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);

    // Delete: the creator only (or an administrator), by name or alias.
    let e = c
        .delete_custom_emoji(as_(
            "user:2",
            DeleteCustomEmojiRequest {
                name: parrot.name.clone(),
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);
    c.delete_custom_emoji(as_(
        "user:1",
        DeleteCustomEmojiRequest {
            name: "customEmojis/:party-parrot:".into(),
        },
    ))
    .await
    .unwrap();
    for name in [parrot.name.as_str(), "customEmojis/:party-parrot:"] {
        let e = c
            .get_custom_emoji(as_("user:1", GetCustomEmojiRequest { name: name.into() }))
            .await
            .unwrap_err();
        assert_eq!(e.code(), Code::NotFound);
    }
    c.delete_custom_emoji(as_(
        "admin:9",
        DeleteCustomEmojiRequest {
            name: "customEmojis/:x:".into(),
        },
    ))
    .await
    .unwrap();
    let e = c
        .get_custom_emoji(as_(
            "user:1",
            GetCustomEmojiRequest {
                name: "emojis/x".into(),
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);
    // The name is free again after deletion.
    c.create_custom_emoji(as_("user:2", emoji(":party-parrot:", "p.png", 10)))
        .await
        .unwrap();
}
