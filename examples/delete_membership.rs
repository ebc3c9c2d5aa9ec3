//! Remove people and apps from a space (`spaces.members.delete`), as in Google's guide
//! "Remove a user or a Google Chat app from a space".
//!
//! ```sh
//! cargo run --example delete_membership --all-features
//! ```
//!
//! The answer is the membership with state `NOT_A_MEMBER`. An app may remove only its own
//! membership (`spaces/{space}/members/app`), and the last space manager cannot be removed.

#[path = "support/mod.rs"]
mod support;

use std::io::Write;

use google_chat_grpc::auth::scopes;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    example(&mut std::io::stdout()).await
}

/// The task, writing what it does to `out` (`tests/api/examples.rs` runs it and checks that).
pub async fn example(out: &mut impl Write) -> Result<(), Box<dyn std::error::Error>> {
    let target = support::Target::start().await?;
    let alice = target
        .client(
            "alice@example.com",
            &[scopes::CHAT_SPACES_CREATE, scopes::CHAT_MEMBERSHIPS],
        )
        .await?;
    let space = alice
        .set_up_space_with(
            "Incident 42",
            ["users/bob@example.com", "users/carol@example.com"],
        )
        .send()
        .await?;
    alice.add_app(&space.name).send().await?;
    writeln!(
        out,
        "space {} with Alice (manager), Bob, Carol and the app",
        space.name
    )?;

    // A person, named by email instead of member ID.
    let removed = alice
        .remove_member(format!("{}/members/bob@example.com", space.name))
        .send()
        .await?;
    writeln!(out, "removed {} -> {:?}", removed.name, removed.state())?;

    // The app leaves on its own, with app authentication and the `app` alias.
    let app = target.client("app", &[]).await?;
    let left = app
        .remove_member(format!("{}/members/app", space.name))
        .send()
        .await?;
    writeln!(out, "the app left: {} -> {:?}", left.name, left.state())?;

    // Alice is the only manager: she cannot leave until someone else manages the space.
    let err = alice
        .remove_member(format!("{}/members/alice@example.com", space.name))
        .send()
        .await
        .unwrap_err();
    writeln!(
        out,
        "removing the last manager: {:?}: {}",
        err.code().unwrap_or(tonic::Code::Unknown),
        err
    )?;
    Ok(())
}
