//! The `UpdateSpace` mask rules exist twice on purpose: the client refuses a request before
//! sending it (`update/space.rs`), and the emulator answers it as the server would
//! (`emulator/spaces/update.rs`). One table of cases runs against both, so that the two
//! cannot drift apart unnoticed; where they differ today, the case says so and why.

use google_chat_grpc::proto::chat::v1::chat_service_client::ChatServiceClient;
use google_chat_grpc::proto::chat::v1::space::{
    AccessSettings, PermissionSetting, PermissionSettings, SpacePermissionSettings, SpaceType,
};
use google_chat_grpc::proto::chat::v1::*;
use google_chat_grpc::update::Update;
use prost_types::FieldMask;
use tonic::transport::Channel;

use crate::emulator_support::{as_, member, start, team};

/// The kind of space a case updates, made fresh for it.
#[derive(Debug, Clone, Copy)]
enum On {
    Space,
    GroupChat,
    DirectMessage,
}

/// Whether a side accepts the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Answer {
    Accept,
    Reject,
}
use Answer::{Accept, Reject};

struct Case {
    name: &'static str,
    on: On,
    paths: &'static [&'static str],
    /// Sets the values the mask names (the space's `name` is set for every case).
    values: fn(&mut Space),
    admin: bool,
    client: Answer,
    emulator: Answer,
    /// Why the two sides answer differently; empty when they agree.
    why: &'static str,
}

fn nothing(_: &mut Space) {}

fn renamed(space: &mut Space) {
    space.display_name = "Renamed by a mask case".into();
}

fn history_off(space: &mut Space) {
    space.space_history_state = HistoryState::HistoryOff as i32;
}

fn managers_manage_apps(space: &mut Space) {
    space.space_permission_settings = Some(SpacePermissionSettings::PermissionSettings(
        PermissionSettings {
            manage_apps: Some(PermissionSetting {
                managers_allowed: true,
                ..Default::default()
            }),
            ..Default::default()
        },
    ));
}

fn open_to_domain(space: &mut Space) {
    space.access_settings = Some(AccessSettings {
        audience: "audiences/default".into(),
        ..Default::default()
    });
}

fn to_space(space: &mut Space) {
    space.space_type = SpaceType::Space as i32;
    space.display_name = "Converted by a mask case".into();
}

const CASES: &[Case] = &[
    Case {
        name: "display_name alone",
        on: On::Space,
        paths: &["display_name"],
        values: renamed,
        admin: false,
        client: Accept,
        emulator: Accept,
        why: "",
    },
    Case {
        name: "camelCase path",
        on: On::Space,
        paths: &["displayName"],
        values: |s| s.display_name = "Renamed in camelCase".into(),
        admin: false,
        client: Accept,
        emulator: Accept,
        why: "",
    },
    Case {
        name: "empty mask",
        on: On::Space,
        paths: &[],
        values: renamed,
        admin: false,
        client: Reject,
        emulator: Reject,
        why: "",
    },
    Case {
        name: "display_name with space_details",
        on: On::Space,
        paths: &["display_name", "space_details"],
        values: |s| {
            s.display_name = "Renamed with details".into();
            s.space_details = Some(space::SpaceDetails {
                description: "What we do".into(),
                guidelines: "Be kind".into(),
            });
        },
        admin: false,
        client: Accept,
        emulator: Accept,
        why: "",
    },
    Case {
        name: "space_history_state alone",
        on: On::Space,
        paths: &["space_history_state"],
        values: history_off,
        admin: false,
        client: Accept,
        emulator: Accept,
        why: "",
    },
    Case {
        name: "space_history_state with display_name",
        on: On::Space,
        paths: &["space_history_state", "display_name"],
        values: |s| {
            history_off(s);
            s.display_name = "Renamed with history".into();
        },
        admin: false,
        client: Reject,
        emulator: Reject,
        why: "",
    },
    Case {
        name: "space_history_state unspecified",
        on: On::Space,
        paths: &["space_history_state"],
        values: nothing,
        admin: false,
        client: Reject,
        emulator: Reject,
        why: "",
    },
    Case {
        name: "one permission setting",
        on: On::Space,
        paths: &["permission_settings.manage_apps"],
        values: managers_manage_apps,
        admin: false,
        client: Accept,
        emulator: Accept,
        why: "",
    },
    Case {
        name: "permission setting with display_name",
        on: On::Space,
        paths: &["permission_settings.manage_apps", "display_name"],
        values: |s| {
            managers_manage_apps(s);
            s.display_name = "Renamed with permissions".into();
        },
        admin: false,
        client: Reject,
        emulator: Reject,
        why: "",
    },
    Case {
        name: "audience alone",
        on: On::Space,
        paths: &["access_settings.audience"],
        values: open_to_domain,
        admin: false,
        client: Accept,
        emulator: Accept,
        why: "",
    },
    Case {
        name: "audience with display_name",
        on: On::Space,
        paths: &["access_settings.audience", "display_name"],
        values: |s| {
            open_to_domain(s);
            s.display_name = "Renamed with audience".into();
        },
        admin: false,
        client: Reject,
        emulator: Reject,
        why: "",
    },
    Case {
        name: "audience with an access permission setting",
        on: On::Space,
        paths: &[
            "access_settings.audience",
            "access_settings.access_permission_settings.discover_space_setting",
        ],
        values: open_to_domain,
        admin: false,
        client: Reject,
        emulator: Accept,
        why: "the client keeps `access_settings.audience` alone in its mask (as documented); \
              the emulator only keeps `access_settings.*` apart from the other groups",
    },
    Case {
        name: "GROUP_CHAT to SPACE with display_name",
        on: On::GroupChat,
        paths: &["space_type", "display_name"],
        values: to_space,
        admin: false,
        client: Accept,
        emulator: Accept,
        why: "",
    },
    Case {
        name: "GROUP_CHAT to SPACE without display_name",
        on: On::GroupChat,
        paths: &["space_type"],
        values: to_space,
        admin: false,
        client: Reject,
        emulator: Reject,
        why: "",
    },
    Case {
        name: "space_type GROUP_CHAT",
        on: On::Space,
        paths: &["space_type"],
        values: |s| s.space_type = SpaceType::GroupChat as i32,
        admin: false,
        client: Reject,
        emulator: Reject,
        why: "",
    },
    Case {
        name: "space_type SPACE on a SPACE without display_name",
        on: On::Space,
        paths: &["space_type"],
        values: |s| s.space_type = SpaceType::Space as i32,
        admin: false,
        client: Reject,
        emulator: Accept,
        why: "the client requires `display_name` with every `space_type` change; the \
              emulator sees that the space is a SPACE already and changes nothing",
    },
    Case {
        name: "display_name over 128 characters",
        on: On::Space,
        paths: &["display_name"],
        values: |s| s.display_name = "x".repeat(129),
        admin: false,
        client: Reject,
        emulator: Reject,
        why: "",
    },
    Case {
        name: "space_details description over 150 characters",
        on: On::Space,
        paths: &["space_details"],
        values: |s| {
            s.space_details = Some(space::SpaceDetails {
                description: "x".repeat(151),
                guidelines: String::new(),
            })
        },
        admin: false,
        client: Reject,
        emulator: Reject,
        why: "",
    },
    Case {
        name: "empty display_name",
        on: On::Space,
        paths: &["display_name"],
        values: nothing,
        admin: false,
        client: Accept,
        emulator: Reject,
        why: "the client checks only the length of `display_name`; the emulator refuses an \
              empty name for a SPACE, which needs one",
    },
    Case {
        name: "wildcard",
        on: On::Space,
        paths: &["*"],
        values: renamed,
        admin: false,
        client: Accept,
        emulator: Reject,
        why: "into_request checks how paths combine and leaves `*` to the server, which \
              refuses it for UpdateSpace",
    },
    Case {
        name: "unknown path",
        on: On::Space,
        paths: &["no_such_field"],
        values: nothing,
        admin: false,
        client: Reject,
        emulator: Reject,
        why: "",
    },
    Case {
        name: "predefined_permission_settings",
        on: On::Space,
        paths: &["predefined_permission_settings"],
        values: nothing,
        admin: false,
        client: Reject,
        emulator: Reject,
        why: "",
    },
    Case {
        name: "output-only permission setting",
        on: On::Space,
        paths: &["permission_settings.post_messages"],
        values: nothing,
        admin: false,
        client: Reject,
        emulator: Reject,
        why: "",
    },
    Case {
        name: "space_details on a direct message",
        on: On::DirectMessage,
        paths: &["space_details"],
        values: |s| {
            s.space_details = Some(space::SpaceDetails {
                description: "A DM".into(),
                guidelines: String::new(),
            })
        },
        admin: false,
        client: Accept,
        emulator: Reject,
        why: "the rule depends on the stored space's type, which the client does not know",
    },
    Case {
        name: "permission setting on a group chat",
        on: On::GroupChat,
        paths: &["permission_settings.manage_apps"],
        values: managers_manage_apps,
        admin: false,
        client: Accept,
        emulator: Reject,
        why: "the rule depends on the stored space's type, which the client does not know",
    },
    Case {
        name: "admin access with display_name",
        on: On::Space,
        paths: &["display_name"],
        values: |s| s.display_name = "Renamed by an administrator".into(),
        admin: true,
        client: Accept,
        emulator: Accept,
        why: "",
    },
    Case {
        name: "admin access with a permission setting",
        on: On::Space,
        paths: &["permission_settings.manage_apps"],
        values: managers_manage_apps,
        admin: true,
        client: Accept,
        emulator: Accept,
        why: "",
    },
    Case {
        name: "admin access with space_history_state",
        on: On::Space,
        paths: &["space_history_state"],
        values: history_off,
        admin: true,
        client: Reject,
        emulator: Reject,
        why: "",
    },
    Case {
        name: "admin access with the audience",
        on: On::Space,
        paths: &["access_settings.audience"],
        values: open_to_domain,
        admin: true,
        client: Reject,
        emulator: Reject,
        why: "",
    },
    Case {
        name: "admin access converting a group chat",
        on: On::GroupChat,
        paths: &["space_type", "display_name"],
        values: to_space,
        admin: true,
        client: Reject,
        emulator: Reject,
        why: "",
    },
];

/// A fresh space of the case's kind, with user 1 as its manager (or member).
async fn fresh(c: &mut ChatServiceClient<Channel>, on: On, n: usize) -> Space {
    let (space_type, memberships) = match on {
        On::Space => return team(c, &format!("Mask case {n}")).await,
        On::GroupChat => (
            SpaceType::GroupChat,
            vec![member("users/2"), member("users/3")],
        ),
        On::DirectMessage => (SpaceType::DirectMessage, vec![member("users/2")]),
    };
    c.set_up_space(as_(
        "user:1",
        SetUpSpaceRequest {
            space: Some(Space {
                space_type: space_type as i32,
                ..Default::default()
            }),
            memberships,
            ..Default::default()
        },
    ))
    .await
    .unwrap()
    .into_inner()
}

#[tokio::test]
async fn client_and_emulator_agree_on_update_space_masks() {
    let (_emulator, mut c) = start().await;
    let mut wrong = Vec::new();
    for (n, case) in CASES.iter().enumerate() {
        assert_eq!(
            case.client == case.emulator,
            case.why.is_empty(),
            "{}: a case where the sides differ says why, and only such a case",
            case.name
        );
        let target = fresh(&mut c, case.on, n).await;
        let mut space = Space {
            name: target.name.clone(),
            ..Default::default()
        };
        (case.values)(&mut space);
        let request = UpdateSpaceRequest {
            space: Some(space),
            update_mask: Some(FieldMask {
                paths: case.paths.iter().map(|p| p.to_string()).collect(),
            }),
            use_admin_access: case.admin,
        };

        let client = request.clone().into_request();
        let client_answer = if client.is_ok() { Accept } else { Reject };
        if client_answer != case.client {
            wrong.push(format!(
                "{}: client {client_answer:?}, expected {:?}: {client:?}",
                case.name, case.client
            ));
        }

        let token = if case.admin { "admin:1" } else { "user:1" };
        let emulator = c.update_space(as_(token, request)).await;
        let emulator_answer = if emulator.is_ok() { Accept } else { Reject };
        if emulator_answer != case.emulator {
            wrong.push(format!(
                "{}: emulator {emulator_answer:?}, expected {:?}: {:?}",
                case.name,
                case.emulator,
                emulator.map(|r| r.into_inner().name)
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
