//! What the task examples share: an emulator with a few people in its directory, and a
//! client acting as one of them. Pass `--live` to an example to use Application Default
//! Credentials against chat.googleapis.com instead.

use google_chat_grpc::ChatClient;
use google_chat_grpc::auth::{Credentials, scopes};
use google_chat_grpc::emulator::{Emulator, EmulatorHandle};

/// Where the example runs: the embedded emulator (kept alive here), or the real API.
pub struct Target {
    pub emulator: Option<EmulatorHandle>,
}

impl Target {
    pub async fn start() -> Result<Self, Box<dyn std::error::Error>> {
        if std::env::args().any(|a| a == "--live") {
            println!("talking to {}", google_chat_grpc::DEFAULT_ENDPOINT);
            return Ok(Self { emulator: None });
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
        })
    }

    /// A client acting as `who`: a user's email, or `app` for the Chat app itself.
    pub async fn client(
        &self,
        who: &str,
        live_scopes: &[&str],
    ) -> Result<ChatClient, google_chat_grpc::Error> {
        match &self.emulator {
            Some(emulator) => {
                let token = if who == "app" {
                    "app".to_owned()
                } else {
                    format!("user:{who}")
                };
                ChatClient::builder()
                    .endpoint(emulator.uri())
                    .insecure_allow_plaintext()
                    .credentials(Credentials::static_token(token))
                    .build()
                    .await
            }
            None => {
                let scopes = if who == "app" {
                    scopes::APP
                } else {
                    live_scopes
                };
                ChatClient::builder()
                    .credentials(Credentials::application_default())
                    .scopes(scopes)
                    .build()
                    .await
            }
        }
    }
}
