//! `user.proto`: with user authentication a `User` in a response carries only its `name`
//! and `type` (senders, members, reactions, mentions, event payloads); apps see the display
//! name (from the directory, not from what a client sent); email aliases come back as the
//! canonical name.

use google_chat_grpc::emulator::Emulator;

use super::*;

fn only_name_and_type(u: &User, who: &str) {
    assert_eq!(
        u,
        &User {
            name: u.name.clone(),
            r#type: u.r#type,
            ..Default::default()
        },
        "{who} sees more than name and type"
    );
    assert!(!u.name.is_empty() && u.r#type != 0, "{who}: {u:?}");
}

fn member_user(m: &Membership) -> &User {
    match &m.member_type {
        Some(membership::MemberType::Member(u)) => u,
        other => panic!("not a user membership: {other:?}"),
    }
}

#[tokio::test]
async fn user_authentication_sees_only_the_name_and_type_of_users() {
    let emu = Emulator::builder()
        .user("ann@example.com", "1", "Ann")
        .user("bob@example.com", "2", "Bob")
        .start()
        .await
        .unwrap();
    let mut c = chat_service_client::ChatServiceClient::connect(emu.uri())
        .await
        .unwrap();
    let s = c
        .set_up_space(as_(
            "user:1",
            SetUpSpaceRequest {
                space: Some(named("Directory")),
                // `display_name` and `is_anonymous` are output only: ignored here.
                memberships: vec![Membership {
                    member_type: Some(membership::MemberType::Member(User {
                        name: "users/bob@example.com".into(),
                        display_name: "Forged".into(),
                        r#type: user::Type::Human as i32,
                        is_anonymous: true,
                        ..Default::default()
                    })),
                    ..Default::default()
                }],
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    add_app(&mut c, "user:1", &s.name).await;
    let m = post(&mut c, "user:2", &s.name, "hi <users/1>").await;
    only_name_and_type(m.sender.as_ref().unwrap(), "CreateMessage");
    // Only the canonical name comes back for an email alias.
    assert_eq!(m.sender.as_ref().unwrap().name, "users/2");
    let Some(annotation::Metadata::UserMention(mention)) = &m.annotations[0].metadata else {
        panic!("{m:?}");
    };
    only_name_and_type(mention.user.as_ref().unwrap(), "the mention");
    c.create_reaction(as_(
        "user:1",
        CreateReactionRequest {
            parent: m.name.clone(),
            reaction: Some(Reaction {
                emoji: Some(Emoji {
                    content: Some(emoji::Content::Unicode("👋".into())),
                }),
                ..Default::default()
            }),
        },
    ))
    .await
    .unwrap();

    let got = c
        .get_message(as_(
            "user:1",
            GetMessageRequest {
                name: m.name.clone(),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    only_name_and_type(got.sender.as_ref().unwrap(), "GetMessage");
    let members = c
        .list_memberships(as_(
            "user:1",
            ListMembershipsRequest {
                parent: s.name.clone(),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner()
        .memberships;
    assert_eq!(members.len(), 3);
    for m in &members {
        only_name_and_type(member_user(m), "ListMemberships");
    }
    let reactions = c
        .list_reactions(as_(
            "user:2",
            ListReactionsRequest {
                parent: m.name.clone(),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner()
        .reactions;
    only_name_and_type(reactions[0].user.as_ref().unwrap(), "ListReactions");
    let events = c
        .list_space_events(as_(
            "user:2",
            ListSpaceEventsRequest {
                parent: s.name.clone(),
                filter: "event_types:\"google.workspace.chat.message.v1.created\"".into(),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner()
        .space_events;
    let Some(space_event::Payload::MessageCreatedEventData(d)) = &events[0].payload else {
        panic!("{events:?}");
    };
    only_name_and_type(
        d.message.as_ref().unwrap().sender.as_ref().unwrap(),
        "ListSpaceEvents",
    );

    // An app sees the display names.
    let seen_by_app = c
        .get_message(as_(
            "app",
            GetMessageRequest {
                name: m.name.clone(),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(seen_by_app.sender.unwrap().display_name, "Bob");
    let bob = c
        .get_membership(as_(
            "app",
            GetMembershipRequest {
                name: format!("{}/members/2", s.name),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(member_user(&bob).display_name, "Bob");
    assert!(!member_user(&bob).is_anonymous);
}
