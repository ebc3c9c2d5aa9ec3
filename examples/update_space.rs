//! Update a space's details (`spaces.patch`) as in Google's guide "Update a space": the
//! description and guidelines, with the update mask written by the typed builder.
//!
//! ```sh
//! cargo run --example update_space --all-features
//! ```
//!
//! The client checks the documented mask rules before the wire: e.g. `space_history_state`
//! cannot be combined with any other path.

#[path = "support/mod.rs"]
mod support;

use std::io::Write;

use google_chat_grpc::auth::scopes;
use google_chat_grpc::proto::chat::v1::HistoryState;
use google_chat_grpc::update::SpaceUpdate;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    example(&mut std::io::stdout()).await
}

/// The task, writing what it does to `out` (`tests/api/examples.rs` runs it and checks that).
pub async fn example(out: &mut impl Write) -> Result<(), Box<dyn std::error::Error>> {
    let target = support::Target::start().await?;
    let chat = target
        .client("alice@example.com", &[scopes::CHAT_SPACES])
        .await?;
    let space = chat
        .set_up_space_with("Release planning", ["users/bob@example.com"])
        .send()
        .await?;
    writeln!(out, "space {} \"{}\"", space.name, space.display_name)?;

    let update = SpaceUpdate::new(&space.name).set_space_details(
        "This description was updated with the Chat API!",
        "Be kind. Use threads.",
    );
    let updated = chat.update(update).await?;
    let details = updated.space_details.unwrap_or_default();
    writeln!(out, "updated (mask: space_details)")?;
    writeln!(out, "  description: {}", details.description)?;
    writeln!(out, "  guidelines:  {}", details.guidelines)?;

    let renamed = chat
        .update(SpaceUpdate::new(&space.name).set_display_name("Release 1.4"))
        .await?;
    writeln!(
        out,
        "renamed to \"{}\" (mask: display_name)",
        renamed.display_name
    )?;

    // Refused before anything is sent: history state must be updated on its own.
    let mixed = SpaceUpdate::new(&space.name)
        .set_display_name("Release 1.5")
        .set_space_history_state(HistoryState::HistoryOn);
    let err = chat.update(mixed).await.unwrap_err();
    writeln!(
        out,
        "mixing space_history_state with display_name: {:?}: {err}",
        err.kind()
    )?;
    Ok(())
}
