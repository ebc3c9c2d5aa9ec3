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

/// With `use_admin_access`, app memberships are out of reach: "creating app memberships",
/// "getting app memberships", "deleting app memberships" and "listing app memberships in a
/// space isn't supported" (membership.proto). The emulator answers `INVALID_ARGUMENT` on
/// `use_admin_access`, as for UpdateSpace's paths admin access doesn't support; the same
/// calls for a human succeed, and a list with admin access (whose filter must keep to
/// humans) never shows the app.
#[tokio::test]
async fn admin_access_refuses_app_memberships_and_lists_without_them() {
    let (_emu, mut c) = start().await;
    let s = team(&mut c, "Administered").await;
    let app_name = format!("{}/members/app", s.name);
    let bot = || Membership {
        member_type: Some(membership::MemberType::Member(User {
            name: "users/app".into(),
            r#type: user::Type::Bot as i32,
            ..Default::default()
        })),
        ..Default::default()
    };
    let create = |m: Membership| CreateMembershipRequest {
        parent: s.name.clone(),
        membership: Some(m),
        use_admin_access: true,
    };
    let refused = |e: tonic::Status| {
        assert_eq!(
            (e.code(), violation_field(&e).as_str()),
            (Code::InvalidArgument, "use_admin_access"),
            "{e:?}"
        );
    };

    // CreateMembership: the app is refused with admin access, a human is added.
    refused(
        c.create_membership(as_("admin:7", create(bot())))
            .await
            .unwrap_err(),
    );
    let human = c
        .create_membership(as_("admin:7", create(member("users/4"))))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(human.name, format!("{}/members/4", s.name));
    // Without admin access the manager adds the app.
    let mut plain = create(bot());
    plain.use_admin_access = false;
    c.create_membership(as_("user:1", plain)).await.unwrap();

    // GetMembership: the app's membership (by the alias) is refused, a human's is returned.
    let get = |name: &str| GetMembershipRequest {
        name: name.into(),
        use_admin_access: true,
    };
    refused(
        c.get_membership(as_("admin:7", get(&app_name)))
            .await
            .unwrap_err(),
    );
    assert_eq!(
        c.get_membership(as_("admin:7", get(&human.name)))
            .await
            .unwrap()
            .into_inner()
            .name,
        human.name
    );

    // ListMemberships: the filter must keep to humans, and the app isn't listed.
    let list = |filter: &str| ListMembershipsRequest {
        parent: s.name.clone(),
        filter: filter.into(),
        use_admin_access: true,
        ..Default::default()
    };
    for filter in ["", "member.type = \"BOT\"", "member.type != \"HUMAN\""] {
        let e = c
            .list_memberships(as_("admin:7", list(filter)))
            .await
            .unwrap_err();
        assert_eq!(
            (e.code(), violation_field(&e).as_str()),
            (Code::InvalidArgument, "filter"),
            "{filter}"
        );
    }
    for filter in ["member.type = \"HUMAN\"", "member.type != \"BOT\""] {
        let names: Vec<String> = c
            .list_memberships(as_("admin:7", list(filter)))
            .await
            .unwrap()
            .into_inner()
            .memberships
            .into_iter()
            .map(|m| m.name)
            .collect();
        assert_eq!(names.len(), 4, "{filter}: {names:?}");
        assert!(!names.contains(&app_name), "{filter}: {names:?}");
    }

    // DeleteMembership: the app's membership is refused and stays; a human's is deleted.
    let del = |name: &str| DeleteMembershipRequest {
        name: name.into(),
        use_admin_access: true,
    };
    refused(
        c.delete_membership(as_("admin:7", del(&app_name)))
            .await
            .unwrap_err(),
    );
    let still = c
        .get_membership(as_(
            "user:1",
            GetMembershipRequest {
                name: app_name.clone(),
                use_admin_access: false,
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(still.state, membership::MembershipState::Joined as i32);
    let gone = c
        .delete_membership(as_("admin:7", del(&human.name)))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(gone.state, membership::MembershipState::NotAMember as i32);
}

/// A membership write needs the scope of its member: with user authentication
/// `chat.memberships` for a human and `chat.memberships.app` for the calling app
/// (membership.proto, CreateMembershipRequest and DeleteMembershipRequest; the "remove a user
/// or a Chat app" guide, `reference/delete-membership.zh-TW.txt`), with app authentication
/// `chat.app.memberships`. Either scope alone passes the method's own check, so the member
/// decides; the refusal is Google's insufficient-scopes error.
#[tokio::test]
async fn membership_writes_need_the_scope_for_their_member() {
    let (_emu, mut c) = start().await;
    let s = team(&mut c, "Scoped members").await;
    let bot = || Membership {
        member_type: Some(membership::MemberType::Member(User {
            name: "users/app".into(),
            r#type: user::Type::Bot as i32,
            ..Default::default()
        })),
        ..Default::default()
    };
    let add = |parent: &str, m: Membership| CreateMembershipRequest {
        parent: parent.into(),
        membership: Some(m),
        use_admin_access: false,
    };
    let del = |name: String| DeleteMembershipRequest {
        name,
        use_admin_access: false,
    };
    let insufficient = |e: tonic::Status| {
        assert_eq!(e.code(), Code::PermissionDenied, "{e:?}");
        assert_eq!(
            e.message(),
            "Request had insufficient authentication scopes.",
            "{e:?}"
        );
    };
    let humans_scope = "user:1;scopes=chat.memberships";
    let apps_scope = "user:1;scopes=chat.memberships.app";

    insufficient(
        c.create_membership(as_(apps_scope, add(&s.name, member("users/4"))))
            .await
            .unwrap_err(),
    );
    insufficient(
        c.create_membership(as_(humans_scope, add(&s.name, bot())))
            .await
            .unwrap_err(),
    );
    c.create_membership(as_(humans_scope, add(&s.name, member("users/4"))))
        .await
        .unwrap();
    c.create_membership(as_(apps_scope, add(&s.name, bot())))
        .await
        .unwrap();

    let app = format!("{}/members/app", s.name);
    let four = format!("{}/members/4", s.name);
    insufficient(
        c.delete_membership(as_(humans_scope, del(app.clone())))
            .await
            .unwrap_err(),
    );
    insufficient(
        c.delete_membership(as_(apps_scope, del(four.clone())))
            .await
            .unwrap_err(),
    );
    // Refused calls changed nothing; the right scope removes each.
    let left = c
        .delete_membership(as_(humans_scope, del(four)))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(left.state, membership::MembershipState::NotAMember as i32);
    c.delete_membership(as_(apps_scope, del(app)))
        .await
        .unwrap();

    // App authentication: `chat.app.memberships`; `chat.memberships.app` is a user scope.
    let mine = c
        .create_space(as_(
            "app",
            CreateSpaceRequest {
                space: Some(Space {
                    customer: Some("customers/my_customer".into()),
                    ..named("App's members")
                }),
                request_id: String::new(),
            },
        ))
        .await
        .unwrap()
        .into_inner();
    insufficient(
        c.create_membership(as_(
            "app;scopes=chat.memberships.app",
            add(&mine.name, member("users/5")),
        ))
        .await
        .unwrap_err(),
    );
    c.create_membership(as_(
        "app;scopes=chat.app.memberships",
        add(&mine.name, member("users/5")),
    ))
    .await
    .unwrap();

    // `chat.import` "(import mode spaces only)" (chat_service.proto, CreateMembership).
    let imported = c
        .create_space(as_(
            "user:1",
            CreateSpaceRequest {
                space: Some(Space {
                    import_mode: true,
                    ..named("Being imported")
                }),
                request_id: String::new(),
            },
        ))
        .await
        .unwrap()
        .into_inner();
    let importer = "user:1;scopes=chat.import";
    c.create_membership(as_(importer, add(&imported.name, member("users/6"))))
        .await
        .unwrap();
    insufficient(
        c.create_membership(as_(importer, add(&s.name, member("users/6"))))
            .await
            .unwrap_err(),
    );
}
