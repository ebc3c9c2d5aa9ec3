//! `UpdateSpace` masks by space type (the client/emulator rule table is `mask_rules.rs`).

use super::*;

#[tokio::test]
async fn update_space_masks_follow_the_space_type() {
    let (emu, mut c) = start().await;
    let space = c
        .set_up_space(as_(
            "user:1",
            SetUpSpaceRequest {
                space: Some(named_space("Old")),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    let upd = |s: Space, paths: &[&str]| UpdateSpaceRequest {
        space: Some(s),
        update_mask: mask(paths),
        use_admin_access: false,
    };
    let mut s = space.clone();
    s.display_name = "New".into();
    s.space_details = Some(space::SpaceDetails {
        description: "d".into(),
        guidelines: "g".into(),
    });
    let out = c
        .update_space(as_(
            "user:1",
            upd(s.clone(), &["displayName", "space_details"]),
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(out.display_name, "New");
    assert_eq!(out.space_details.unwrap().description, "d");

    // Unknown paths, `space_history_state` combined, and a SPACE -> GROUP_CHAT change are invalid.
    for paths in [&["name"][..], &["space_history_state", "display_name"][..]] {
        let err = c
            .update_space(as_("user:1", upd(s.clone(), paths)))
            .await
            .unwrap_err();
        assert_eq!(
            (err.code(), violation_field(&err).as_str()),
            (Code::InvalidArgument, "update_mask"),
            "{paths:?}"
        );
    }
    let mut g = s.clone();
    g.space_type = space::SpaceType::GroupChat as i32;
    assert_eq!(
        c.update_space(as_("user:1", upd(g, &["space_type"])))
            .await
            .unwrap_err()
            .code(),
        Code::InvalidArgument
    );
    assert_eq!(
        c.update_space(as_("user:1", upd(s.clone(), &[])))
            .await
            .unwrap_err()
            .code(),
        Code::InvalidArgument
    );

    // GROUP_CHAT -> SPACE needs display_name in the mask with a non-empty name.
    let gc = c
        .set_up_space(as_(
            "user:1",
            SetUpSpaceRequest {
                space: Some(Space {
                    space_type: space::SpaceType::GroupChat as i32,
                    ..Default::default()
                }),
                memberships: vec![member("users/2"), member("users/3")],
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    let mut conv = gc.clone();
    conv.display_name = "Promoted".into();
    assert_eq!(
        c.update_space(as_("user:1", upd(conv.clone(), &["display_name"])))
            .await
            .unwrap_err()
            .code(),
        Code::InvalidArgument
    );
    conv.space_type = space::SpaceType::Space as i32;
    assert_eq!(
        c.update_space(as_("user:1", upd(conv.clone(), &["space_type"])))
            .await
            .unwrap_err()
            .code(),
        Code::InvalidArgument
    );
    let done = c
        .update_space(as_("user:1", upd(conv, &["space_type", "display_name"])))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(done.space_type, space::SpaceType::Space as i32);

    // Non-members can't see or change the space; each update is a space.v1.updated event.
    assert_eq!(
        c.get_space(as_(
            "user:9",
            GetSpaceRequest {
                name: space.name.clone(),
                use_admin_access: false
            }
        ))
        .await
        .unwrap_err()
        .code(),
        Code::PermissionDenied
    );
    assert!(
        c.get_space(as_(
            "admin:9",
            GetSpaceRequest {
                name: space.name.clone(),
                use_admin_access: true
            }
        ))
        .await
        .is_ok()
    );
    assert_eq!(
        c.get_space(as_(
            "user:9",
            GetSpaceRequest {
                name: space.name.clone(),
                use_admin_access: true
            }
        ))
        .await
        .unwrap_err()
        .code(),
        Code::PermissionDenied
    );
    let events = emu.snapshot().space_events;
    assert!(
        events
            .iter()
            .any(|e| e.event_type == "google.workspace.chat.space.v1.updated"
                && matches!(
                    e.payload,
                    Some(space_event::Payload::SpaceUpdatedEventData(_))
                ))
    );
}
