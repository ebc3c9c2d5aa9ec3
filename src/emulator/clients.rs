//! [`ChatClient`]s connected to an emulator in one line: over its loopback port
//! ([`EmulatorHandle::client`]) or over an in-memory duplex stream, with no port at all
//! ([`Emulator::connect_in_memory`]).

use std::io;

use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;

use super::{Emulator, EmulatorHandle};
use crate::auth::Credentials;
use crate::{ChatClient, ClientBuilder, Error, ErrorKind, Result};

/// The token of the emulator's default Chat app (`users/app`, app authentication).
const APP_TOKEN: &str = "app";

/// How much one direction of an in-memory connection buffers: enough for a large page of
/// messages in flight without the writer waiting on the reader.
const DUPLEX_BUFFER: usize = 1 << 20;

impl EmulatorHandle {
    /// A [`ClientBuilder`] for this emulator, acting as the caller `token` names (see the
    /// [token table](super#who-is-calling): `user:alice@example.com`, `admin:<id>`, `app`,
    /// `app:<name>`), for settings [`client`](Self::client) does not make (retry policy,
    /// timeouts, channels, ...).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use std::time::Duration;
    /// let emulator = google_chat_grpc::emulator::Emulator::builder().start().await?;
    /// let client = emulator
    ///     .client_builder("user:alice@example.com")
    ///     .timeout(Duration::from_secs(2))
    ///     .connect()
    ///     .await?;
    /// client.send_text("spaces/AAAA", "hi").send().await.unwrap_err(); // no such space
    /// # Ok(()) }
    /// ```
    pub fn client_builder(&self, token: impl Into<String>) -> ClientBuilder {
        ChatClient::builder()
            .endpoint(self.uri())
            // The emulator listens on loopback, and its tokens are not secrets.
            .insecure_allow_plaintext()
            .credentials(Credentials::static_token(token))
    }

    /// A client connected to this emulator as the caller `token` names: `user:<id or
    /// email>`, `admin:<id or email>`, `app` or `app:<name>` (the
    /// [token table](super#who-is-calling)).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use google_chat_grpc::emulator::Emulator;
    ///
    /// let emulator = Emulator::builder().start().await?;
    /// let alice = emulator.client("user:alice@example.com").await?;
    /// let space = alice.set_up_space_with("Launch", ["users/bob@example.com"]).send().await?;
    /// alice.send_text(&space.name, "hello").send().await?;
    /// assert_eq!(emulator.snapshot().messages_in(&space.name).count(), 1);
    /// # Ok(()) }
    /// ```
    pub async fn client(&self, token: impl Into<String>) -> Result<ChatClient> {
        self.client_builder(token).connect().await
    }

    /// A client connected as the emulator's Chat app (`users/app`, token `app`): app
    /// authentication, as a service account key with `chat.bot` would be.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let emulator = google_chat_grpc::emulator::Emulator::builder().start().await?;
    /// let alice = emulator.client("user:alice@example.com").await?;
    /// let space = alice.set_up_space_with("Ops", ["users/bob@example.com"]).send().await?;
    /// alice.add_app(&space.name).send().await?;
    ///
    /// let app = emulator.app_client().await?;
    /// let posted = app.send_text(&space.name, "Build is green").send().await?;
    /// assert_eq!(posted.sender.unwrap().name, "users/app");
    /// # Ok(()) }
    /// ```
    pub async fn app_client(&self) -> Result<ChatClient> {
        self.client(APP_TOKEN).await
    }
}

impl Emulator {
    /// A client connected to this emulator over in-memory streams (`tokio::io::duplex`):
    /// no port, no listener, nothing another process can reach. `token` names the caller as
    /// for [`EmulatorHandle::client`]. The calls go through the whole client stack (request
    /// IDs, validation, headers, retries, HTTP/2) and the emulator's gRPC service.
    ///
    /// Every connection the client opens (one per channel, and again after a connection
    /// breaks) is a fresh duplex pair served in a background task of the current Tokio
    /// runtime; the task ends when the client is dropped. Faults apply as on a port, except
    /// that connection-dropping ones answer `UNAVAILABLE` (as [`Emulator::service`] does).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use google_chat_grpc::emulator::Emulator;
    ///
    /// let emulator = Emulator::default();
    /// let alice = emulator.connect_in_memory("user:alice@example.com").await?;
    /// let space = alice.set_up_space_with("Launch", ["users/bob@example.com"]).send().await?;
    /// assert_eq!(emulator.snapshot().spaces[0].name, space.name);
    /// # Ok(()) }
    /// ```
    pub async fn connect_in_memory(&self, token: impl Into<String>) -> Result<ChatClient> {
        let builder = ChatClient::builder().credentials(Credentials::static_token(token));
        self.connect_in_memory_with(builder).await
    }

    /// As [`connect_in_memory`](Self::connect_in_memory), with the client's settings taken
    /// from `builder` (its endpoint and channel count do not apply).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// use google_chat_grpc::ChatClient;
    /// use google_chat_grpc::auth::Credentials;
    /// use google_chat_grpc::emulator::Emulator;
    ///
    /// let emulator = Emulator::default();
    /// let builder = ChatClient::builder()
    ///     .credentials(Credentials::static_token("app"))
    ///     .auto_request_id(false);
    /// let app = emulator.connect_in_memory_with(builder).await?;
    /// # drop(app);
    /// # Ok(()) }
    /// ```
    pub async fn connect_in_memory_with(&self, builder: ClientBuilder) -> Result<ChatClient> {
        let channel = self.in_memory_channel().await?;
        builder.build_with_channel(channel).await
    }

    /// A channel whose every connection is a new duplex pair, the server end handed to one
    /// server task through `incoming`.
    async fn in_memory_channel(&self) -> Result<tonic::transport::Channel> {
        let (incoming_tx, incoming_rx) = mpsc::channel::<io::Result<tokio::io::DuplexStream>>(4);
        let service = self.service();
        tokio::spawn(async move {
            // Ends when the channel (and with it every sender) is gone; open connections
            // are tasks of their own and end with their client ends.
            let _ = tonic::transport::Server::builder()
                .add_service(service)
                .serve_with_incoming(ReceiverStream::new(incoming_rx))
                .await;
        });
        let connector = tower::service_fn(move |_: http::Uri| {
            let incoming = incoming_tx.clone();
            async move {
                let (client, server) = tokio::io::duplex(DUPLEX_BUFFER);
                incoming.send(Ok(server)).await.map_err(|_| {
                    io::Error::new(io::ErrorKind::BrokenPipe, "the in-memory emulator stopped")
                })?;
                Ok::<_, io::Error>(hyper_util::rt::TokioIo::new(client))
            }
        });
        // The URI is never resolved; it only fills the `:authority` of each call.
        tonic::transport::Endpoint::from_static("http://emulator.in-memory")
            .connect_with_connector(connector)
            .await
            .map_err(|e| {
                Error::new(ErrorKind::Transport, "connecting to the in-memory emulator")
                    .with_source(e)
            })
    }
}
