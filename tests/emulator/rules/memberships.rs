//! `membership.proto`: what CreateMembership ignores, and Google Group memberships.

use super::*;

#[tokio::test]
async fn create_membership_assigns_name_state_role_and_time() {
    let (_emu, mut c) = start().await;
    let s = team(&mut c, "Joiners").await;
    let past = Some(prost_types::Timestamp {
        seconds: 1_000_000_000,
        nanos: 0,
    });
    let m = c
        .create_membership(as_(
            "user:1",
            CreateMembershipRequest {
                parent: s.name.clone(),
                membership: Some(Membership {
                    name: format!("{}/members/forged", s.name),
                    state: membership::MembershipState::Invited as i32,
                    // "This field can only be used as input in UpdateMembership."
                    role: membership::MembershipRole::RoleManager as i32,
                    create_time: past,
                    delete_time: past,
                    ..member("users/4")
                }),
                use_admin_access: false,
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(m.name, format!("{}/members/4", s.name));
    assert_eq!(m.state, membership::MembershipState::Joined as i32);
    assert_eq!(m.role, membership::MembershipRole::RoleMember as i32);
    assert_ne!(m.create_time, past);
    assert_eq!(m.delete_time, None);
}

#[tokio::test]
async fn group_memberships_need_user_authentication_and_show_groups() {
    let (_emu, mut c) = start().await;
    let s = team(&mut c, "Grouped").await;
    let group = |parent: &str| CreateMembershipRequest {
        parent: parent.into(),
        membership: Some(Membership {
            member_type: Some(membership::MemberType::GroupMember(Group {
                name: "groups/eng".into(),
            })),
            ..Default::default()
        }),
        use_admin_access: false,
    };
    let added = c
        .create_membership(as_("user:1", group(&s.name)))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(
        added.role,
        membership::MembershipRole::Unspecified as i32,
        "groups have no role"
    );
    let list = |show_groups: bool| {
        as_(
            "user:1",
            ListMembershipsRequest {
                parent: s.name.clone(),
                show_groups,
                ..Default::default()
            },
        )
    };
    let names = |r: ListMembershipsResponse| -> Vec<String> {
        r.memberships.into_iter().map(|m| m.name).collect()
    };
    let without = names(c.list_memberships(list(false)).await.unwrap().into_inner());
    let with = names(c.list_memberships(list(true)).await.unwrap().into_inner());
    assert!(!without.contains(&added.name), "{without:?}");
    assert!(with.contains(&added.name), "{with:?}");

    // "Reading or mutating memberships for Google Groups requires user authentication."
    let apps = c
        .create_space(as_(
            "app",
            CreateSpaceRequest {
                space: Some(Space {
                    customer: Some("customers/my_customer".into()),
                    ..named("App space")
                }),
                request_id: String::new(),
            },
        ))
        .await
        .unwrap()
        .into_inner();
    let err = c
        .create_membership(as_("app", group(&apps.name)))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::PermissionDenied, "{err:?}");

    // `show_invited` "currently requires user authentication".
    let err = c
        .list_memberships(as_(
            "app",
            ListMembershipsRequest {
                parent: apps.name.clone(),
                show_invited: true,
                ..Default::default()
            },
        ))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::PermissionDenied);
}

/// "Chat apps can delete human users' or their own memberships" (membership.proto); a
/// space manager's only when the app created the space, and never a group's
/// (chat_service.proto, DeleteMembership).
#[tokio::test]
async fn apps_delete_human_memberships_and_managers_only_in_their_own_spaces() {
    let (_emu, mut c) = start().await;
    let s = team(&mut c, "Users' space").await;
    let add = |parent: &str, m: Membership| CreateMembershipRequest {
        parent: parent.into(),
        membership: Some(m),
        use_admin_access: false,
    };
    let app = Membership {
        member_type: Some(membership::MemberType::Member(User {
            name: "users/app".into(),
            r#type: user::Type::Bot as i32,
            ..Default::default()
        })),
        ..Default::default()
    };
    let group = Membership {
        member_type: Some(membership::MemberType::GroupMember(Group {
            name: "groups/eng".into(),
        })),
        ..Default::default()
    };
    c.create_membership(as_("user:1", add(&s.name, app)))
        .await
        .unwrap();
    let g = c
        .create_membership(as_("user:1", add(&s.name, group)))
        .await
        .unwrap()
        .into_inner();
    let del = |name: String| DeleteMembershipRequest {
        name,
        use_admin_access: false,
    };

    let gone = c
        .delete_membership(as_("app", del(format!("{}/members/3", s.name))))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(gone.state, membership::MembershipState::NotAMember as i32);
    for name in [format!("{}/members/1", s.name), g.name.clone()] {
        let e = c
            .delete_membership(as_("app", del(name.clone())))
            .await
            .unwrap_err();
        assert_eq!(e.code(), Code::PermissionDenied, "{name}: {e:?}");
    }

    // In a space the app created it may remove a manager too.
    let mut mine = named("App's space");
    mine.customer = Some("customers/my_customer".into());
    let mine = c
        .create_space(as_(
            "app",
            CreateSpaceRequest {
                space: Some(mine),
                request_id: String::new(),
            },
        ))
        .await
        .unwrap()
        .into_inner();
    for user in ["users/4", "users/5"] {
        let m = c
            .create_membership(as_("app", add(&mine.name, member(user))))
            .await
            .unwrap()
            .into_inner();
        c.update_membership(as_(
            "app",
            UpdateMembershipRequest {
                membership: Some(Membership {
                    name: m.name,
                    role: membership::MembershipRole::RoleManager as i32,
                    ..Default::default()
                }),
                update_mask: mask(&["role"]),
                use_admin_access: false,
            },
        ))
        .await
        .unwrap();
    }
    c.delete_membership(as_("app", del(format!("{}/members/4", mine.name))))
        .await
        .unwrap();
}
