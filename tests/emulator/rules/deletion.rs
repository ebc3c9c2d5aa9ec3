//! `deletion_metadata.proto`: who may delete a message and the `deletion_type` it leaves:
//! the sender (`CREATOR`), a manager (`SPACE_OWNER`), any member for an app's message
//! (`SPACE_MEMBER`: "Users can delete messages sent by apps"); an app only its own.

use super::*;

#[tokio::test]
async fn deleted_messages_say_who_deleted_them() {
    let (_emu, mut c) = start().await;
    let s = team(&mut c, "Deleting").await;
    add_app(&mut c, "user:1", &s.name).await;
    let own = post(&mut c, "user:2", &s.name, "mine").await;
    let by_manager = post(&mut c, "user:3", &s.name, "moderated").await;
    let by_app = post(&mut c, "app", &s.name, "from the app").await;
    let kept = post(&mut c, "user:3", &s.name, "not yours").await;
    let delete = |name: &str| DeleteMessageRequest {
        name: name.into(),
        force: false,
    };

    // A plain member can't delete another human's message; an app only its own.
    let e = c
        .delete_message(as_("user:2", delete(&kept.name)))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);
    let e = c
        .delete_message(as_("app", delete(&kept.name)))
        .await
        .unwrap_err();
    assert_eq!(e.code(), Code::PermissionDenied);

    for (who, m) in [
        ("user:2", &own),
        ("user:1", &by_manager),
        ("user:2", &by_app),
    ] {
        c.delete_message(as_(who, delete(&m.name)))
            .await
            .unwrap_or_else(|e| panic!("{who} deleting {}: {e:?}", m.text));
    }
    let listed = c
        .list_messages(as_(
            "user:3",
            ListMessagesRequest {
                parent: s.name.clone(),
                show_deleted: true,
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner()
        .messages;
    let deletion = |name: &str| {
        listed
            .iter()
            .find(|m| m.name == name)
            .and_then(|m| m.deletion_metadata)
            .map(|d| d.deletion_type)
    };
    use deletion_metadata::DeletionType;
    assert_eq!(deletion(&own.name), Some(DeletionType::Creator as i32));
    assert_eq!(
        deletion(&by_manager.name),
        Some(DeletionType::SpaceOwner as i32)
    );
    assert_eq!(
        deletion(&by_app.name),
        Some(DeletionType::SpaceMember as i32)
    );
    assert_eq!(deletion(&kept.name), None);
}
