//! What the task examples share: an emulator with a few people in its directory, and a
//! client acting as one of them.
//!
//! Pass `--live` to an example to run it against chat.googleapis.com instead: people act
//! through Application Default Credentials (user credentials with the Chat scopes, e.g.
//! `gcloud auth application-default login --scopes=...`), and the Chat app through its own
//! service account key, `--app-credentials chat-app-key.json` (a user's ADC cannot act as
//! the app).

use google_chat_grpc::ChatClient;
use google_chat_grpc::auth::{Credentials, scopes};
use google_chat_grpc::emulator::{Emulator, EmulatorHandle};

/// Where the example runs: the embedded emulator (kept alive here), or the real API.
pub struct Target {
    pub emulator: Option<EmulatorHandle>,
    /// `--app-credentials FILE`: the Chat app's service account key, for `--live`.
    app_credentials: Option<String>,
}

impl Target {
    pub async fn start() -> Result<Self, Box<dyn std::error::Error>> {
        let args: Vec<String> = std::env::args().collect();
        if args.iter().any(|a| a == "--live") {
            println!("talking to {}", google_chat_grpc::DEFAULT_ENDPOINT);
            let app_credentials = args
                .iter()
                .position(|a| a == "--app-credentials")
                .map(|i| {
                    args.get(i + 1)
                        .cloned()
                        .ok_or("--app-credentials needs a file")
                })
                .transpose()?;
            return Ok(Self {
                emulator: None,
                app_credentials,
            });
        }
        let emulator = Emulator::builder()
            .user("alice@example.com", "1001", "Alice")
            .user("bob@example.com", "1002", "Bob")
            .user("carol@example.com", "1003", "Carol")
            .start()
            .await?;
        println!("emulator listening on {}", emulator.uri());
        Ok(Self {
            emulator: Some(emulator),
            app_credentials: None,
        })
    }

    /// A client acting as `who`: a user's email, or `app` for the Chat app itself.
    pub async fn client(
        &self,
        who: &str,
        live_scopes: &[&str],
    ) -> Result<ChatClient, Box<dyn std::error::Error>> {
        let Some(emulator) = &self.emulator else {
            let (credentials, scopes) = if who == "app" {
                let key = self.app_credentials.as_ref().ok_or(
                    "with --live, the app needs its own key: --app-credentials chat-app-key.json",
                )?;
                (Credentials::service_account_file(key), scopes::APP)
            } else {
                (Credentials::application_default(), live_scopes)
            };
            return Ok(ChatClient::builder()
                .credentials(credentials)
                .scopes(scopes)
                .build()
                .await?);
        };
        // The emulator's tokens: `app` is the Chat app, `user:<email>` that person.
        if who == "app" {
            Ok(emulator.app_client().await?)
        } else {
            Ok(emulator.client(format!("user:{who}")).await?)
        }
    }
}
