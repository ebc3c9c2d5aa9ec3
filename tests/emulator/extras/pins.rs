//! Message pins.

use super::*;

async fn pin(
    c: &mut ChatServiceClient<Channel>,
    who: &str,
    space: &str,
    message: &str,
) -> Result<MessagePin, Status> {
    c.create_message_pin(as_(
        who,
        CreateMessagePinRequest {
            parent: space.into(),
            message_pin: Some(MessagePin {
                message: message.into(),
                ..Default::default()
            }),
        },
    ))
    .await
    .map(|r| r.into_inner())
}

#[tokio::test]
async fn message_pins() {
    let (_emu, mut c) = start().await;
    let s = set_up(&mut c, space::SpaceType::Space, "Pins", &["users/2"]).await;
    let other = set_up(&mut c, space::SpaceType::Space, "Elsewhere", &[]).await;
    let m = post(&mut c, "user:2", &s.name, "pin me").await;
    let p = pin(&mut c, "user:2", &s.name, &m.name).await.unwrap();
    // The pin's ID is the message's ID.
    let mid = m.name.rsplit('/').next().unwrap();
    assert_eq!(p.name, format!("{}/messagePins/{mid}", s.name));
    assert_eq!(p.message, m.name);
    let listed = pins(&mut c, "user:1", &s.name, 0, "").await.unwrap();
    assert_eq!(listed.message_pins, std::slice::from_ref(&p));

    // Bad pins.
    let e = pin(&mut c, "user:1", &s.name, &m.name).await.unwrap_err();
    assert_eq!(e.code(), Code::AlreadyExists);
    let e = pin(&mut c, "user:1", &other.name, &m.name)
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);
    let e = pin(&mut c, "user:1", &s.name, "").await.unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);
    assert_eq!(violation_field(&e), "message_pin.message");
    let e = pin(
        &mut c,
        "user:1",
        &s.name,
        &format!("{}/messages/nope", s.name),
    )
    .await
    .unwrap_err();
    assert_eq!(e.code(), Code::NotFound);
    let e = pin(&mut c, "user:9", &s.name, &m.name).await.unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);
    let e = pin(&mut c, "app", &s.name, &m.name).await.unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);
    let e = pins(&mut c, "app", &s.name, 0, "").await.unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);
    let e = pins(&mut c, "user:9", &s.name, 0, "").await.unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);
    let e = pins(&mut c, "user:1", &s.name, -1, "").await.unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);

    // Pages: at most 100, tokens bound to the parent.
    let mut names = vec![p.name.clone()];
    for i in 0..4 {
        let m = post(&mut c, "user:1", &s.name, &format!("more {i}")).await;
        names.push(pin(&mut c, "user:1", &s.name, &m.name).await.unwrap().name);
    }
    let first = pins(&mut c, "user:1", &s.name, 3, "").await.unwrap();
    assert_eq!(first.message_pins.len(), 3);
    let rest = pins(&mut c, "user:1", &s.name, 3, &first.next_page_token)
        .await
        .unwrap();
    assert_eq!(rest.message_pins.len(), 2);
    assert!(rest.next_page_token.is_empty());
    let e = pins(&mut c, "user:1", &other.name, 3, &first.next_page_token)
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::InvalidArgument);
    assert_eq!(
        pins(&mut c, "user:1", &s.name, 500, "")
            .await
            .unwrap()
            .message_pins
            .len(),
        5
    );

    // Unpin; then it's gone, and the message can be pinned again.
    c.delete_message_pin(as_(
        "user:1",
        DeleteMessagePinRequest {
            name: p.name.clone(),
        },
    ))
    .await
    .unwrap();
    let e = c
        .delete_message_pin(as_(
            "user:1",
            DeleteMessagePinRequest {
                name: p.name.clone(),
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::NotFound);
    for (who, name, code) in [
        (
            "user:1",
            format!("{}/messages/{mid}", s.name),
            Code::InvalidArgument,
        ),
        ("user:9", names[1].clone(), Code::PermissionDenied),
        ("app", names[1].clone(), Code::PermissionDenied),
    ] {
        let e = c
            .delete_message_pin(as_(who, DeleteMessagePinRequest { name }))
            .await
            .unwrap_err();
        assert_eq!(e.code(), code);
    }
    assert_eq!(
        pin(&mut c, "user:2", &s.name, &m.name).await.unwrap().name,
        p.name
    );

    // Deleting a message removes its pin.
    c.delete_message(as_(
        "user:2",
        DeleteMessageRequest {
            name: m.name.clone(),
            ..Default::default()
        },
    ))
    .await
    .unwrap();
    let left = pins(&mut c, "user:1", &s.name, 0, "").await.unwrap();
    assert!(left.message_pins.iter().all(|x| x.message != m.name));
    assert_eq!(left.message_pins.len(), 4);
}
