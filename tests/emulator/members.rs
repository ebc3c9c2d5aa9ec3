//! Emulator: memberships (create, list filters, roles, DeleteMembership rules).

use google_chat_grpc::proto::chat::v1::*;
use tonic::Code;
use tonic_types::StatusExt;

use crate::emulator_support;

use emulator_support::*;

#[tokio::test]
async fn delete_membership_follows_the_documented_rules() {
    let (_emu, mut c) = start().await;
    let s = team(&mut c, "Team").await;
    let del = |name: String| DeleteMembershipRequest {
        name,
        use_admin_access: false,
    };

    // The last manager can't leave.
    let err = c
        .delete_membership(as_("user:1", del(format!("{}/members/1", s.name))))
        .await
        .unwrap_err();
    assert_eq!(err.code(), Code::FailedPrecondition);
    assert!(err.get_error_details().precondition_failure().is_some());

    // Members can't remove others; managers can; the result says NOT_A_MEMBER.
    assert_eq!(
        c.delete_membership(as_("user:2", del(format!("{}/members/3", s.name))))
            .await
            .unwrap_err()
            .code(),
        Code::PermissionDenied
    );
    let gone = c
        .delete_membership(as_("user:1", del(format!("{}/members/3", s.name))))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(gone.state, membership::MembershipState::NotAMember as i32);
    assert_eq!(gone.name, format!("{}/members/3", s.name));
    assert_eq!(
        c.get_space(as_(
            "user:3",
            GetSpaceRequest {
                name: s.name.clone(),
                use_admin_access: false
            }
        ))
        .await
        .unwrap_err()
        .code(),
        Code::PermissionDenied
    );

    // Promote user 2, then the old manager can leave.
    let upd = UpdateMembershipRequest {
        membership: Some(Membership {
            name: format!("{}/members/2", s.name),
            role: membership::MembershipRole::RoleManager as i32,
            ..Default::default()
        }),
        update_mask: Some(prost_types::FieldMask {
            paths: vec!["role".into()],
        }),
        use_admin_access: false,
    };
    assert_eq!(
        c.update_membership(as_("user:2", upd.clone()))
            .await
            .unwrap_err()
            .code(),
        Code::PermissionDenied
    );
    c.update_membership(as_("user:1", upd)).await.unwrap();
    c.delete_membership(as_("user:1", del(format!("{}/members/1", s.name))))
        .await
        .unwrap();

    // An app may delete only its own membership, named by the `app` alias.
    add_app(&mut c, "user:2", &s.name).await;
    assert_eq!(
        c.delete_membership(as_("app", del(format!("{}/members/2", s.name))))
            .await
            .unwrap_err()
            .code(),
        Code::PermissionDenied
    );
    let own = c
        .delete_membership(as_("app", del(format!("{}/members/app", s.name))))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(own.state, membership::MembershipState::NotAMember as i32);
}

#[tokio::test]
async fn memberships_create_and_list_with_filters() {
    let (emu, mut c) = start().await;
    let s = team(&mut c, "Team").await;
    let create = |user: &str| CreateMembershipRequest {
        parent: s.name.clone(),
        membership: Some(member(user)),
        use_admin_access: false,
    };
    let m = c
        .create_membership(as_("user:2", create("users/dave@example.com")))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(m.state, membership::MembershipState::Joined as i32);
    assert_eq!(
        c.create_membership(as_("user:2", create("users/dave@example.com")))
            .await
            .unwrap_err()
            .code(),
        Code::AlreadyExists
    );
    assert_eq!(
        c.create_membership(as_("user:9", create("users/8")))
            .await
            .unwrap_err()
            .code(),
        Code::PermissionDenied
    );
    // The email alias resolves to the same member.
    let same = c
        .get_membership(as_(
            "user:1",
            GetMembershipRequest {
                name: format!("{}/members/dave@example.com", s.name),
                use_admin_access: false,
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(same.name, m.name);

    let list = |filter: &str| ListMembershipsRequest {
        parent: s.name.clone(),
        filter: filter.into(),
        ..Default::default()
    };
    let managers = c
        .list_memberships(as_("user:1", list("role = \"ROLE_MANAGER\"")))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(managers.memberships.len(), 1);
    let humans = c
        .list_memberships(as_(
            "user:1",
            list("member.type != \"BOT\" AND role = \"ROLE_MEMBER\""),
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(humans.memberships.len(), 3);
    for bad in [
        "member.type = \"HUMAN\" AND member.type = \"BOT\"",
        "role = \"ROLE_MANAGER\" AND role = \"ROLE_MEMBER\"",
        "role = \"OWNER\"",
        "state = \"JOINED\"",
    ] {
        let err = c
            .list_memberships(as_("user:1", list(bad)))
            .await
            .unwrap_err();
        assert_eq!(
            (err.code(), violation_field(&err).as_str()),
            (Code::InvalidArgument, "filter"),
            "{bad}"
        );
    }
    // Admin access needs the HUMAN filter and an admin.
    let mut admin = list("");
    admin.use_admin_access = true;
    assert_eq!(
        c.list_memberships(as_("admin:7", admin.clone()))
            .await
            .unwrap_err()
            .code(),
        Code::InvalidArgument
    );
    admin.filter = "member.type = \"HUMAN\"".into();
    assert_eq!(
        c.list_memberships(as_("admin:7", admin.clone()))
            .await
            .unwrap()
            .into_inner()
            .memberships
            .len(),
        4
    );
    assert_eq!(
        c.list_memberships(as_("user:1", admin))
            .await
            .unwrap_err()
            .code(),
        Code::PermissionDenied
    );
    // Each addition is a membership.v1.created event.
    let created = emu
        .snapshot()
        .space_events
        .iter()
        .filter(|e| e.event_type == "google.workspace.chat.membership.v1.created")
        .count();
    assert_eq!(created, 4);
}

/// `spaces/{space}/members/app` works with user authentication too (the "delete a
/// membership" guide removes the app that way), and an app's ListMemberships leaves out app
/// memberships, its own included (chat_service.proto, ListMemberships).
#[tokio::test]
async fn the_app_alias_with_user_auth_and_app_lists_without_apps() {
    let (_emu, mut c) = start().await;
    let s = team(&mut c, "Team").await;
    add_app(&mut c, "user:1", &s.name).await;
    let app_member = format!("{}/members/app", s.name);
    let got = c
        .get_membership(as_(
            "user:2",
            GetMembershipRequest {
                name: app_member.clone(),
                use_admin_access: false,
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert!(
        matches!(&got.member_type, Some(membership::MemberType::Member(u)) if u.name == "users/app"),
        "{got:?}"
    );

    let listed = c
        .list_memberships(as_(
            "app",
            ListMembershipsRequest {
                parent: s.name.clone(),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner()
        .memberships;
    assert_eq!(listed.len(), 3, "the three humans: {listed:?}");
    assert!(listed.iter().all(|m| !m.name.ends_with("/members/app")));

    let removed = c
        .delete_membership(as_(
            "user:1",
            DeleteMembershipRequest {
                name: app_member,
                use_admin_access: false,
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(removed.state(), membership::MembershipState::NotAMember);
}
