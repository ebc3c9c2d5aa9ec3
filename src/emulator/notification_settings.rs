//! Space notification settings (`GetSpaceNotificationSetting`,
//! `UpdateSpaceNotificationSetting`): per user and space, the caller's own only. Defaults are
//! `ALL` for direct messages and `FOR_YOU` elsewhere, unmuted.

use tonic::Status;

use super::errors::{denied, invalid, required};
use super::identity::Caller;
use super::masks;
use super::state::State;
use crate::proto::chat::v1::space::SpaceType;
use crate::proto::chat::v1::space_notification_setting::{MuteSetting, NotificationSetting};
use crate::proto::chat::v1::{
    GetSpaceNotificationSettingRequest, SpaceNotificationSetting,
    UpdateSpaceNotificationSettingRequest,
};

fn parse(
    state: &mut State,
    caller: &Caller,
    name: &str,
    field: &str,
) -> Result<(String, String), Status> {
    let bad = || {
        invalid(
            field,
            "must be `users/{user}/spaces/{space}/spaceNotificationSetting`",
        )
    };
    let rest = name.strip_prefix("users/").ok_or_else(bad)?;
    let (user, rest) = rest.split_once("/spaces/").ok_or_else(bad)?;
    let space = rest
        .strip_suffix("/spaceNotificationSetting")
        .filter(|s| !s.contains('/') && !s.is_empty())
        .ok_or_else(bad)?;
    let user = state.resolve_user(&format!("users/{user}"), caller, field)?;
    if user != caller.name {
        return Err(denied(
            "only the caller's own notification settings are available",
        ));
    }
    Ok((user, space.to_owned()))
}

fn current(
    state: &mut State,
    caller: &Caller,
    user: &str,
    space: &str,
) -> Result<SpaceNotificationSetting, Status> {
    let rec = state.writable_space(space, caller, false)?;
    let default = if rec.space_type() == SpaceType::DirectMessage {
        NotificationSetting::All
    } else {
        NotificationSetting::ForYou
    };
    let name = format!("{user}/spaces/{space}/spaceNotificationSetting");
    Ok(rec
        .notification_settings
        .entry(user.to_owned())
        .or_insert_with(|| SpaceNotificationSetting {
            name,
            notification_setting: Some(default as i32),
            mute_setting: Some(MuteSetting::Unmuted as i32),
        })
        .clone())
}

/// `GetSpaceNotificationSetting`.
pub(crate) fn get(
    state: &mut State,
    caller: &Caller,
    req: GetSpaceNotificationSettingRequest,
) -> Result<SpaceNotificationSetting, Status> {
    let (user, space) = parse(state, caller, &req.name, "name")?;
    current(state, caller, &user, &space)
}

/// `UpdateSpaceNotificationSetting`.
pub(crate) fn update(
    state: &mut State,
    caller: &Caller,
    req: UpdateSpaceNotificationSettingRequest,
) -> Result<SpaceNotificationSetting, Status> {
    let input = req
        .space_notification_setting
        .ok_or_else(|| required("space_notification_setting"))?;
    let (user, space) = parse(
        state,
        caller,
        &input.name,
        "space_notification_setting.name",
    )?;
    let paths = masks::paths(
        req.update_mask.as_ref(),
        &["notification_setting", "mute_setting"],
    )?;
    let mut setting = current(state, caller, &user, &space)?;
    let dm = state
        .spaces
        .get(&space)
        .is_some_and(|r| r.space_type() == SpaceType::DirectMessage && !r.space.single_user_bot_dm);
    for p in &paths {
        if p == "notification_setting" || p == "*" {
            match input
                .notification_setting
                .map(NotificationSetting::try_from)
            {
                // Documented as "not available for 1:1 direct messages".
                Some(Ok(NotificationSetting::MainConversations | NotificationSetting::ForYou))
                    if dm =>
                {
                    return Err(invalid(
                        "space_notification_setting.notification_setting",
                        "MAIN_CONVERSATIONS and FOR_YOU aren't available in direct messages",
                    ));
                }
                Some(Ok(s)) if s != NotificationSetting::Unspecified => {
                    setting.notification_setting = Some(s as i32)
                }
                _ => {
                    return Err(invalid(
                        "space_notification_setting.notification_setting",
                        "must be ALL, MAIN_CONVERSATIONS, FOR_YOU or OFF",
                    ));
                }
            }
        }
        if p == "mute_setting" || p == "*" {
            match input.mute_setting.map(MuteSetting::try_from) {
                Some(Ok(s)) if s != MuteSetting::Unspecified => {
                    setting.mute_setting = Some(s as i32)
                }
                _ => {
                    return Err(invalid(
                        "space_notification_setting.mute_setting",
                        "must be MUTED or UNMUTED",
                    ));
                }
            }
        }
    }
    let rec = state.writable_space(&space, caller, false)?;
    rec.notification_settings.insert(user, setting.clone());
    Ok(setting)
}
