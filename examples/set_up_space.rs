//! Set up a space and invite its first members in one call (`spaces.setup`), as in Google's
//! guide "Set up a space with initial members".
//!
//! ```sh
//! cargo run --example set_up_space --all-features
//! ```
//!
//! The caller joins automatically and must not be listed; people are `users/{id}` or
//! `users/{email}`, groups `groups/{id}` (named spaces only).

#[path = "support/mod.rs"]
mod support;

use std::io::Write;

use google_chat_grpc::auth::scopes;
use google_chat_grpc::proto::chat::v1::{Membership, Space, space};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    example(&mut std::io::stdout()).await
}

/// The task, writing what it does to `out` (`tests/api/examples.rs` runs it and checks that).
pub async fn example(out: &mut impl Write) -> Result<(), Box<dyn std::error::Error>> {
    let target = support::Target::start().await?;
    let chat = target
        .client(
            "alice@example.com",
            &[scopes::CHAT_SPACES_CREATE, scopes::CHAT_MEMBERSHIPS],
        )
        .await?;

    let space = chat
        .set_up_space()
        .set_space(Space {
            display_name: "Launch crew".into(),
            space_type: space::SpaceType::Space.into(),
            ..Default::default()
        })
        .set_memberships([
            Membership::for_user("users/bob@example.com"),
            Membership::for_user("users/carol@example.com"),
            Membership::for_group("groups/launch-team"),
        ])
        .send()
        .await?;
    writeln!(
        out,
        "set up {} \"{}\" ({:?})",
        space.name,
        space.display_name,
        space.space_type()
    )?;

    let mut members = chat
        .list_memberships(&space.name)
        .set_show_groups(true)
        .by_item();
    while let Some(member) = members.next().await {
        let member = member?;
        let who = member
            .member()
            .map(|m| m.name().to_owned())
            .unwrap_or_default();
        writeln!(out, "  {who:<14} {:?} {:?}", member.role(), member.state())?;
    }

    // Display names are unique among named spaces: a second one is ALREADY_EXISTS.
    let again = chat
        .set_up_space_with("Launch crew", ["users/bob@example.com"])
        .send()
        .await;
    match again {
        Err(e) => writeln!(
            out,
            "a second \"Launch crew\": {:?} ({})",
            e.code().unwrap_or(tonic::Code::Unknown),
            e
        )?,
        Ok(s) => writeln!(out, "a second space {}", s.name)?,
    }
    Ok(())
}
