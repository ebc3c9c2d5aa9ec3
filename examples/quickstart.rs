//! The main job: a real Chat flow through `ChatClient`, against the embedded emulator.
//!
//! ```sh
//! cargo run --example quickstart --all-features
//! ```
//!
//! It starts the in-memory Chat API emulator on `127.0.0.1`, connects a `ChatClient` as the
//! user Alice, and walks a flow: set up a space with two colleagues, post a message and a
//! threaded reply, react, update the space's details, list what happened as space events,
//! and remove a member, printing each step.
//!
//! Against the real API, with user credentials that have the Chat scopes (e.g. from
//! `gcloud auth application-default login --scopes=...`) and two colleagues' emails:
//!
//! ```sh
//! cargo run --example quickstart --all-features -- --live bob@example.com carol@example.com
//! ```

use std::error::Error;
use std::io::Write;

use google_chat_grpc::ChatClient;
use google_chat_grpc::auth::{Credentials, scopes};
use google_chat_grpc::emulator::Emulator;
use google_chat_grpc::update::SpaceUpdate;

#[tokio::main]
async fn main() -> Result<(), Box<dyn Error>> {
    example(&mut std::io::stdout()).await
}

/// The flow, writing each step to `out` (`tests/api/examples.rs` runs it and checks that).
pub async fn example(out: &mut impl Write) -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let live = args.first().is_some_and(|a| a == "--live");

    // Keep the emulator alive for the whole flow; dropping the handle stops it.
    let (client, colleagues, _emulator) = if live {
        let colleagues = args[1..].to_vec();
        if colleagues.len() != 2 {
            return Err("--live needs two colleagues' emails".into());
        }
        let client = ChatClient::builder()
            .credentials(Credentials::application_default())
            .scopes(
                scopes::USER_MESSAGING
                    .iter()
                    .chain([&scopes::CHAT_USERS_READSTATE]),
            )
            .build()
            .await?;
        println!("talking to {}", google_chat_grpc::DEFAULT_ENDPOINT);
        (client, colleagues, None)
    } else {
        let emulator = Emulator::builder()
            .user("alice@example.com", "1001", "Alice")
            .user("bob@example.com", "1002", "Bob")
            .user("carol@example.com", "1003", "Carol")
            .start()
            .await?;
        println!("emulator listening on {}", emulator.uri());
        // The emulator's token convention: `user:<id or email>` is that user.
        let client = emulator.client("user:alice@example.com").await?;
        let colleagues = vec!["bob@example.com".to_owned(), "carol@example.com".to_owned()];
        (client, colleagues, Some(emulator))
    };

    run(&client, &colleagues, out).await
}

async fn run(
    chat: &ChatClient,
    colleagues: &[String],
    out: &mut impl Write,
) -> Result<(), Box<dyn Error>> {
    let users: Vec<String> = colleagues.iter().map(|c| format!("users/{c}")).collect();
    let space = chat
        .set_up_space_with("Release planning", users.clone())
        .send()
        .await?;
    writeln!(
        out,
        "1. set up {} \"{}\" with {}",
        space.name,
        space.display_name,
        colleagues.join(", ")
    )?;

    let hello = chat
        .send_text(&space.name, "Release 1.4 goes out Thursday.")
        .send()
        .await?;
    let thread = hello.thread.clone().unwrap_or_default().name;
    writeln!(out, "2. posted {} in thread {thread}", hello.name)?;

    let reply = chat
        .reply_in_thread(&space.name, &thread, "Changelog is ready for review.")
        .send()
        .await?;
    writeln!(
        out,
        "3. replied {} (same thread: {})",
        reply.name,
        reply.thread.unwrap_or_default().name == thread
    )?;

    let reaction = chat.react(&hello.name, "🚀").send().await?;
    writeln!(
        out,
        "4. reacted {} as {}",
        reaction
            .emoji
            .unwrap_or_default()
            .as_unicode()
            .unwrap_or("?"),
        reaction.name
    )?;

    let updated = chat
        .update(
            SpaceUpdate::new(&space.name)
                .set_space_details("Shipping 1.4", "Decisions go in threads."),
        )
        .await?;
    let details = updated.space_details.unwrap_or_default();
    writeln!(
        out,
        "5. space details now: \"{}\" / \"{}\"",
        details.description, details.guidelines
    )?;

    writeln!(out, "6. space events so far:")?;
    let filter = [
        "google.workspace.chat.message.v1.created",
        "google.workspace.chat.reaction.v1.created",
        "google.workspace.chat.membership.v1.created",
        "google.workspace.chat.space.v1.updated",
    ]
    .map(|t| format!("event_types:\"{t}\""))
    .join(" OR ");
    let mut events = chat
        .list_space_events(&space.name)
        .set_filter(filter)
        .by_item();
    while let Some(event) = events.next().await {
        let event = event?;
        writeln!(out, "   {}  {}", event.event_type, event.name)?;
    }

    // The email works as an alias for the member ID.
    let carol = format!("{}/members/{}", space.name, colleagues[1]);
    let removed = chat.remove_member(&carol).send().await?;
    writeln!(
        out,
        "7. removed {} (state now {:?})",
        removed.name,
        removed.state()
    )?;

    let left = chat
        .list_memberships(&space.name)
        .by_item()
        .collect_all()
        .await?;
    writeln!(out, "8. {} now has {} members", space.name, left.len())?;
    Ok(())
}
