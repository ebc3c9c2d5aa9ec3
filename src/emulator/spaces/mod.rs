//! Spaces: `CreateSpace`, `SetUpSpace`, `GetSpace`, `ListSpaces`, `UpdateSpace`,
//! `DeleteSpace`, `CompleteImportSpace`, `FindDirectMessage`, `FindGroupChats`, with the
//! rules of the API reference (`spaces-setup`, `update-space`). The shared pieces are in
//! `records`, which the other parts (and the membership and seed code) build on.

mod lifecycle;
mod lookup;
mod records;
mod update;

pub(crate) use lifecycle::{complete_import, create, delete, set_up};
pub(crate) use lookup::{find_direct_message, find_group_chats, get, list};
pub(crate) use records::{
    add_members, creation_key, group_membership, human, permits, user_membership, view,
};
pub(crate) use update::update;
