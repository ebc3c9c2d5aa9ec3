//! `space_setup.proto`: the SetUpSpace combinations the other tests leave out: no Chat apps
//! among the memberships, a DM with the calling app has no memberships and is found again,
//! a DM has no display name or details, the caller and group emails aren't memberships.

use super::*;

fn set_up(space: Space, memberships: Vec<Membership>) -> SetUpSpaceRequest {
    SetUpSpaceRequest {
        space: Some(space),
        memberships,
        ..Default::default()
    }
}

fn dm(single_user_bot_dm: bool) -> Space {
    Space {
        space_type: space::SpaceType::DirectMessage as i32,
        single_user_bot_dm,
        ..Default::default()
    }
}

fn bot(name: &str) -> Membership {
    Membership {
        member_type: Some(membership::MemberType::Member(User {
            name: name.into(),
            r#type: user::Type::Bot as i32,
            ..Default::default()
        })),
        ..Default::default()
    }
}

#[tokio::test]
async fn set_up_space_refuses_the_combinations_its_docs_rule_out() {
    let (_emu, mut c) = start().await;
    let refused = |req: SetUpSpaceRequest| {
        let mut c = c.clone();
        async move {
            let e = c.set_up_space(as_("user:1", req)).await.unwrap_err();
            assert_eq!(e.code(), Code::InvalidArgument, "{e:?}");
            violation_field(&e)
        }
    };
    // "You can only add human users when setting up a space."
    assert_eq!(
        refused(set_up(named("With app"), vec![bot("users/app")])).await,
        "memberships[0].member.type"
    );
    // A DM with the calling app: memberships must be empty.
    assert_eq!(
        refused(set_up(dm(true), vec![member("users/2")])).await,
        "memberships"
    );
    // A DM has no display name and no details.
    let named_dm = Space {
        display_name: "Us".into(),
        ..dm(false)
    };
    assert_eq!(
        refused(set_up(named_dm, vec![member("users/2")])).await,
        "space.display_name"
    );
    let detailed_dm = Space {
        space_details: Some(space::SpaceDetails {
            description: "about us".into(),
            ..Default::default()
        }),
        ..dm(false)
    };
    assert_eq!(
        refused(set_up(detailed_dm, vec![member("users/2")])).await,
        "space.space_details"
    );
    // The caller is added automatically, not listed.
    assert_eq!(
        refused(set_up(named("Me twice"), vec![member("users/1")])).await,
        "memberships[0].member.name"
    );
    // Group emails aren't supported: groups by ID.
    let by_email = Membership {
        member_type: Some(membership::MemberType::GroupMember(Group {
            name: "groups/eng@example.com".into(),
        })),
        ..Default::default()
    };
    assert_eq!(
        refused(set_up(named("Grouped"), vec![by_email])).await,
        "memberships[0].group_member.name"
    );

    // The DM with the calling app: the app is its other member, and it is found again.
    let a = c
        .set_up_space(as_("user:1", set_up(dm(true), vec![])))
        .await
        .unwrap()
        .into_inner();
    assert!(a.single_user_bot_dm);
    assert_eq!(a.space_type, space::SpaceType::DirectMessage as i32);
    let b = c
        .set_up_space(as_("user:1", set_up(dm(true), vec![])))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(a.name, b.name, "an existing DM is returned");
    let members = c
        .list_memberships(as_(
            "user:1",
            ListMembershipsRequest {
                parent: a.name.clone(),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner()
        .memberships;
    let names: Vec<String> = members
        .iter()
        .filter_map(|m| match &m.member_type {
            Some(membership::MemberType::Member(u)) => Some(u.name.clone()),
            _ => None,
        })
        .collect();
    assert!(names.contains(&"users/app".to_owned()), "{names:?}");
    assert!(names.contains(&"users/1".to_owned()), "{names:?}");
}

/// "At most 49 memberships (in addition to the caller)" (space_setup.proto); the older
/// package page says 20 (`reference/google-chat-v1-package.pl.txt:2967`), and the protos
/// are newer: 49 are taken, all joined, and 50 are refused.
#[tokio::test]
async fn set_up_space_takes_up_to_49_memberships() {
    let (_emu, mut c) = start().await;
    let users = |n: usize, from: usize| -> Vec<Membership> {
        (0..n)
            .map(|i| member(&format!("users/{}", from + i)))
            .collect()
    };
    let space = c
        .set_up_space(as_("user:1", set_up(named("Forty-nine"), users(49, 100))))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        space
            .membership_count
            .map(|m| m.joined_direct_human_user_count),
        Some(50),
        "49 and the caller"
    );
    let err = c
        .set_up_space(as_("user:1", set_up(named("Fifty"), users(50, 200))))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::InvalidArgument, "{err:?}");
}
