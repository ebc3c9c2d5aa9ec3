//! Credentials: where access tokens come from ([`TokenSource`]), how they are cached and
//! refreshed ([`TokenCache`]), and the tower layer that puts them on every request
//! ([`AuthLayer`]).
//!
//! Tokens are secrets: [`AccessToken`] prints as `AccessToken(<redacted>)`, the header it
//! becomes is marked sensitive (HPACK never-index, `Debug` shows `Sensitive`), and no error
//! of this module contains one.

use std::fmt;
use std::future::Future;
#[cfg(feature = "gcp-auth")]
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime};

use http::HeaderValue;

/// OAuth scopes of the Chat API, one constant per scope the `ChatService` proto lists
/// (`google.api.oauth_scopes`), generated at build time, plus presets.
///
/// ```
/// use google_chat_grpc::auth::scopes;
///
/// assert_eq!(scopes::CHAT_BOT, "https://www.googleapis.com/auth/chat.bot");
/// assert!(scopes::ALL.contains(&scopes::CHAT_MESSAGES));
/// assert_eq!(scopes::APP, &[scopes::CHAT_BOT]);
/// ```
pub mod scopes {
    pub use crate::generated::scopes::*;

    /// App authentication: a Chat app acting as itself (the default).
    pub const APP: &[&str] = &[CHAT_BOT];
    /// User authentication for everyday messaging: spaces, members, messages, reactions.
    pub const USER_MESSAGING: &[&str] = &[
        CHAT_SPACES,
        CHAT_MEMBERSHIPS,
        CHAT_MESSAGES,
        CHAT_MESSAGES_REACTIONS,
    ];
    /// Import mode (with domain-wide delegation): create import spaces and backfill them.
    pub const IMPORT: &[&str] = &[CHAT_IMPORT];
    /// Workspace administrators acting with `use_admin_access`.
    pub const ADMIN: &[&str] = &[CHAT_ADMIN_SPACES, CHAT_ADMIN_MEMBERSHIPS, CHAT_ADMIN_DELETE];
}

/// An OAuth access token. Its `Debug` and `Display` never show the secret.
///
/// ```
/// use google_chat_grpc::auth::AccessToken;
///
/// let token = AccessToken::new("ya29.secret");
/// assert_eq!(format!("{token:?}"), "AccessToken(<redacted>)");
/// assert_eq!(token.secret(), "ya29.secret");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken(Arc<str>);

impl AccessToken {
    /// Wraps a raw token.
    pub fn new(token: impl Into<String>) -> Self {
        Self(Arc::from(token.into()))
    }

    /// The raw token. Think before you log it.
    pub fn secret(&self) -> &str {
        &self.0
    }

    /// The `authorization` header value, marked sensitive.
    fn header_value(&self) -> Result<HeaderValue, AuthError> {
        let mut value = HeaderValue::try_from(format!("Bearer {}", self.0)).map_err(|_| {
            AuthError::new("the access token contains characters not allowed in a header")
        })?;
        value.set_sensitive(true);
        Ok(value)
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken(<redacted>)")
    }
}

impl fmt::Display for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// A token and when it stops being valid (`None`: never, as for a static token).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Token {
    /// The bearer token.
    pub access_token: AccessToken,
    /// Expiry, if the source knows it.
    pub expires_at: Option<SystemTime>,
}

impl Token {
    /// A token valid until `expires_at`.
    pub fn new(access_token: AccessToken, expires_at: Option<SystemTime>) -> Self {
        Self {
            access_token,
            expires_at,
        }
    }
}

/// Why no token could be had. Never contains a token.
#[derive(Debug, Clone)]
pub struct AuthError {
    message: String,
    source: Option<Arc<dyn std::error::Error + Send + Sync>>,
}

impl AuthError {
    /// An error with a message for the user.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            source: None,
        }
    }

    /// An error caused by `source` (which must not contain a token either).
    pub fn with_source(
        message: impl Into<String>,
        source: impl std::error::Error + Send + Sync + 'static,
    ) -> Self {
        Self {
            message: message.into(),
            source: Some(Arc::new(source)),
        }
    }
}

impl fmt::Display for AuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.source {
            Some(source) => write!(f, "{}: {source}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for AuthError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|s| s as &(dyn std::error::Error + 'static))
    }
}

/// A boxed future, as returned by [`TokenSource::token`].
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Where tokens come from. Implement it to plug in another OAuth flow (an installed-app
/// user flow, a secret manager, ...); the client caches and refreshes on top of it.
///
/// ```
/// use google_chat_grpc::auth::{AccessToken, AuthError, BoxFuture, Token, TokenSource};
/// use std::time::{Duration, SystemTime};
///
/// struct FromVault;
///
/// impl TokenSource for FromVault {
///     fn token(&self) -> BoxFuture<'_, Result<Token, AuthError>> {
///         Box::pin(async {
///             let expires = SystemTime::now() + Duration::from_secs(3600);
///             Ok(Token::new(AccessToken::new("ya29.from-vault"), Some(expires)))
///         })
///     }
/// }
/// ```
pub trait TokenSource: Send + Sync + 'static {
    /// Fetches a fresh token. Called by the cache only when the current one is about to
    /// expire, by one task at a time.
    fn token(&self) -> BoxFuture<'_, Result<Token, AuthError>>;
}

/// A shared source is a source, so one can be kept for inspection and handed to a client.
impl<T: TokenSource> TokenSource for Arc<T> {
    fn token(&self) -> BoxFuture<'_, Result<Token, AuthError>> {
        (**self).token()
    }
}

/// A fixed token that never expires, e.g. from `gcloud auth print-access-token`, or a
/// token the emulator's identity convention understands (`user:123`, `app`).
#[derive(Debug, Clone)]
pub struct StaticToken(pub AccessToken);

impl TokenSource for StaticToken {
    fn token(&self) -> BoxFuture<'_, Result<Token, AuthError>> {
        let token = Token::new(self.0.clone(), None);
        Box::pin(async move { Ok(token) })
    }
}

/// How the client authenticates: a recipe resolved into a [`TokenSource`] (with the
/// builder's scopes) when the client is built.
///
/// ```no_run
/// use google_chat_grpc::auth::Credentials;
///
/// // Application Default Credentials: GOOGLE_APPLICATION_CREDENTIALS, gcloud's ADC file,
/// // the metadata server, then the gcloud CLI.
/// let adc = Credentials::application_default();
/// // A Chat app's service account key.
/// let app = Credentials::service_account_file("chat-app-key.json");
/// // Domain-wide delegation: the service account acts as a user (import mode, admin calls).
/// let as_user = Credentials::service_account_file("dwd-key.json").with_subject("admin@example.com");
/// // The same key as JSON text, e.g. from a secret manager.
/// let json = std::fs::read_to_string("chat-app-key.json")?;
/// let from_json = Credentials::service_account_json(json);
/// // The GCE/GKE/Cloud Run metadata server's service account.
/// let on_gcp = Credentials::metadata_server();
/// // A user's refresh token (`gcloud auth application-default login` writes such a file).
/// let user = Credentials::authorized_user_file("authorized_user.json");
/// // No credentials (the emulator), or a fixed token.
/// let none = Credentials::none();
/// let fixed = Credentials::static_token("user:123");
///
/// // Any other OAuth flow: your own TokenSource, cached and refreshed by the client.
/// use google_chat_grpc::auth::{AccessToken, AuthError, BoxFuture, Token, TokenSource};
/// struct FromVault;
/// impl TokenSource for FromVault {
///     fn token(&self) -> BoxFuture<'_, Result<Token, AuthError>> {
///         Box::pin(async { Ok(Token::new(AccessToken::new("ya29.from-vault"), None)) })
///     }
/// }
/// let custom = Credentials::from_source(FromVault);
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Clone)]
pub struct Credentials(CredentialsKind);

#[derive(Clone)]
enum CredentialsKind {
    None,
    Static(AccessToken),
    Source(Arc<dyn TokenSource>),
    #[cfg(feature = "gcp-auth")]
    ApplicationDefault {
        subject: Option<String>,
    },
    #[cfg(feature = "gcp-auth")]
    ServiceAccountFile {
        path: PathBuf,
        subject: Option<String>,
    },
    #[cfg(feature = "gcp-auth")]
    ServiceAccountJson {
        json: Arc<str>,
        subject: Option<String>,
    },
    #[cfg(feature = "gcp-auth")]
    MetadataServer,
    #[cfg(feature = "gcp-auth")]
    AuthorizedUserFile(PathBuf),
    /// `with_subject` on credentials that cannot act for another user: resolving fails.
    SubjectUnsupported(Box<CredentialsKind>),
}

impl CredentialsKind {
    fn name(&self) -> &'static str {
        match self {
            CredentialsKind::None => "none",
            CredentialsKind::Static(_) => "static token (redacted)",
            CredentialsKind::Source(_) => "custom token source",
            #[cfg(feature = "gcp-auth")]
            CredentialsKind::ApplicationDefault { .. } => "application default",
            #[cfg(feature = "gcp-auth")]
            CredentialsKind::ServiceAccountFile { .. } => "service account key file",
            #[cfg(feature = "gcp-auth")]
            CredentialsKind::ServiceAccountJson { .. } => "service account key (redacted)",
            #[cfg(feature = "gcp-auth")]
            CredentialsKind::MetadataServer => "metadata server",
            #[cfg(feature = "gcp-auth")]
            CredentialsKind::AuthorizedUserFile(_) => "authorized user file",
            CredentialsKind::SubjectUnsupported(inner) => inner.name(),
        }
    }
}

/// The error for `with_subject` on credentials that cannot delegate.
fn subject_unsupported(kind: &str) -> AuthError {
    AuthError::new(format!(
        "with_subject (domain-wide delegation) needs a service account key, but the \
         credentials are: {kind}"
    ))
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = f.debug_tuple("Credentials");
        out.field(&self.0.name());
        if matches!(self.0, CredentialsKind::SubjectUnsupported(_)) {
            out.field(&"with_subject: unsupported");
        }
        out.finish()
    }
}

impl Credentials {
    /// No `authorization` header at all: for the emulator or a proxy that adds its own.
    pub fn none() -> Self {
        Self(CredentialsKind::None)
    }

    /// A fixed bearer token that is never refreshed.
    pub fn static_token(token: impl Into<String>) -> Self {
        Self(CredentialsKind::Static(AccessToken::new(token)))
    }

    /// Your own [`TokenSource`].
    pub fn from_source(source: impl TokenSource) -> Self {
        Self(CredentialsKind::Source(Arc::new(source)))
    }

    /// Application Default Credentials, in gcp_auth's order: a service account key named by
    /// `GOOGLE_APPLICATION_CREDENTIALS`, gcloud's ADC file
    /// (`~/.config/gcloud/application_default_credentials.json`), the GCE/GKE metadata
    /// server, then `gcloud auth print-access-token`.
    ///
    /// `GOOGLE_APPLICATION_CREDENTIALS` may also name a *user* credentials file
    /// (`"type": "authorized_user"`, what `gcloud auth application-default login` writes),
    /// which gcp_auth reads only from gcloud's own path: this client handles it with the
    /// refresh-token grant, as Google's other client libraries do.
    ///
    /// A service account key or user credentials file named by
    /// `GOOGLE_APPLICATION_CREDENTIALS` is refreshed `refresh_ahead` before expiry. The
    /// other sources (gcloud's ADC file, the metadata server, the gcloud CLI) come through
    /// gcp_auth's cache, which fetches a new token only 20 s before expiry: their window is
    /// those 20 s (see [`TokenCache`]).
    #[cfg(feature = "gcp-auth")]
    #[cfg_attr(docsrs, doc(cfg(feature = "gcp-auth")))]
    pub fn application_default() -> Self {
        Self(CredentialsKind::ApplicationDefault { subject: None })
    }

    /// A service account key file (JSON, as downloaded from the Cloud console).
    #[cfg(feature = "gcp-auth")]
    #[cfg_attr(docsrs, doc(cfg(feature = "gcp-auth")))]
    pub fn service_account_file(path: impl Into<PathBuf>) -> Self {
        Self(CredentialsKind::ServiceAccountFile {
            path: path.into(),
            subject: None,
        })
    }

    /// A service account key given as its JSON text.
    #[cfg(feature = "gcp-auth")]
    #[cfg_attr(docsrs, doc(cfg(feature = "gcp-auth")))]
    pub fn service_account_json(json: impl Into<String>) -> Self {
        Self(CredentialsKind::ServiceAccountJson {
            json: Arc::from(json.into()),
            subject: None,
        })
    }

    /// The GCE/GKE metadata server's default service account (scopes are the VM's).
    ///
    /// Its tokens come through gcp_auth's cache, which fetches a new one only 20 s before
    /// expiry: the refresh-ahead window is those 20 s, not the builder's `refresh_ahead`
    /// (see [`TokenCache`]).
    #[cfg(feature = "gcp-auth")]
    #[cfg_attr(docsrs, doc(cfg(feature = "gcp-auth")))]
    pub fn metadata_server() -> Self {
        Self(CredentialsKind::MetadataServer)
    }

    /// A user credentials file (`"type": "authorized_user"`: `client_id`, `client_secret`,
    /// `refresh_token`), exchanged for access tokens with the OAuth refresh-token grant.
    /// The scopes are those the user consented to when the file was made.
    #[cfg(feature = "gcp-auth")]
    #[cfg_attr(docsrs, doc(cfg(feature = "gcp-auth")))]
    pub fn authorized_user_file(path: impl Into<PathBuf>) -> Self {
        Self(CredentialsKind::AuthorizedUserFile(path.into()))
    }

    /// Domain-wide delegation: the service account acts as `subject` (a user's email), as
    /// import mode and many admin calls require.
    ///
    /// Only a service account key can delegate: [`service_account_file`](Self::service_account_file),
    /// [`service_account_json`](Self::service_account_json), and
    /// [`application_default`](Self::application_default) when
    /// `GOOGLE_APPLICATION_CREDENTIALS` names a service account key. With any other
    /// credentials (or ADC resolving to something else) building the client fails with an
    /// [`ErrorKind::Auth`](crate::ErrorKind::Auth) error instead of silently calling as
    /// the account itself.
    pub fn with_subject(self, subject: impl Into<String>) -> Self {
        match self.0 {
            #[cfg(feature = "gcp-auth")]
            CredentialsKind::ApplicationDefault { .. } => {
                Self(CredentialsKind::ApplicationDefault {
                    subject: Some(subject.into()),
                })
            }
            #[cfg(feature = "gcp-auth")]
            CredentialsKind::ServiceAccountFile { path, .. } => {
                Self(CredentialsKind::ServiceAccountFile {
                    path,
                    subject: Some(subject.into()),
                })
            }
            #[cfg(feature = "gcp-auth")]
            CredentialsKind::ServiceAccountJson { json, .. } => {
                Self(CredentialsKind::ServiceAccountJson {
                    json,
                    subject: Some(subject.into()),
                })
            }
            CredentialsKind::SubjectUnsupported(inner) => {
                Self(CredentialsKind::SubjectUnsupported(inner))
            }
            other => {
                let _ = subject;
                Self(CredentialsKind::SubjectUnsupported(Box::new(other)))
            }
        }
    }

    /// Whether these credentials put a token on requests (and so must not go over
    /// plaintext unless the user allows it).
    pub fn sends_token(&self) -> bool {
        match &self.0 {
            CredentialsKind::None => false,
            CredentialsKind::SubjectUnsupported(inner) => !matches!(**inner, CredentialsKind::None),
            _ => true,
        }
    }

    /// Resolves the recipe into a token source for `scopes`. `None` means no auth.
    pub(crate) async fn resolve(
        &self,
        scopes: &[String],
    ) -> Result<Option<Arc<dyn TokenSource>>, AuthError> {
        #[cfg(not(feature = "gcp-auth"))]
        let _ = scopes;
        Ok(match &self.0 {
            CredentialsKind::None => None,
            CredentialsKind::Static(token) => Some(Arc::new(StaticToken(token.clone()))),
            CredentialsKind::Source(source) => Some(source.clone()),
            CredentialsKind::SubjectUnsupported(inner) => {
                return Err(subject_unsupported(inner.name()));
            }
            #[cfg(feature = "gcp-auth")]
            CredentialsKind::ApplicationDefault { subject } => {
                let path = std::env::var_os("GOOGLE_APPLICATION_CREDENTIALS");
                match adc_key_file(path, subject.as_deref(), scopes)? {
                    Some(AdcFile::User(user)) => return Ok(Some(Arc::new(*user))),
                    Some(AdcFile::Key(key)) => return Ok(Some(Arc::new(key))),
                    None => {}
                }
                if subject.is_some() {
                    return Err(subject_unsupported(
                        "application default, and GOOGLE_APPLICATION_CREDENTIALS names no \
                         service account key",
                    ));
                }
                let provider = gcp_auth::provider().await.map_err(|e| {
                    AuthError::with_source("no Application Default Credentials found", e)
                })?;
                Some(Arc::new(GcpAuthSource::new(provider, scopes)))
            }
            #[cfg(feature = "gcp-auth")]
            CredentialsKind::ServiceAccountFile { path, subject } => {
                let json = std::fs::read_to_string(path).map_err(|e| {
                    AuthError::with_source(
                        format!("reading service account key {}", path.display()),
                        e,
                    )
                })?;
                Some(Arc::new(ServiceAccountKey::new(
                    json.into(),
                    subject.clone(),
                    scopes,
                )?))
            }
            #[cfg(feature = "gcp-auth")]
            CredentialsKind::ServiceAccountJson { json, subject } => Some(Arc::new(
                ServiceAccountKey::new(json.clone(), subject.clone(), scopes)?,
            )),
            #[cfg(feature = "gcp-auth")]
            CredentialsKind::AuthorizedUserFile(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| {
                    AuthError::with_source(format!("reading {}", path.display()), e)
                })?;
                Some(Arc::new(AuthorizedUser::from_json(&text)?))
            }
            #[cfg(feature = "gcp-auth")]
            CredentialsKind::MetadataServer => {
                let account = gcp_auth::MetadataServiceAccount::new()
                    .await
                    .map_err(|e| AuthError::with_source("the metadata server gave no token", e))?;
                Some(Arc::new(GcpAuthSource::new(Arc::new(account), scopes)))
            }
        })
    }
}

/// The file `GOOGLE_APPLICATION_CREDENTIALS` names, if it is ours to handle: a service
/// account key (read by [`ServiceAccountKey`], whose refresh-ahead works, and which can
/// delegate to `subject`), or a user credentials file (which gcp_auth reads only from
/// gcloud's own path). `None`: leave ADC to gcp_auth.
#[cfg(feature = "gcp-auth")]
fn adc_key_file(
    path: Option<std::ffi::OsString>,
    subject: Option<&str>,
    scopes: &[String],
) -> Result<Option<AdcFile>, AuthError> {
    let Some(path) = path else {
        return Ok(None);
    };
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok(None);
    };
    let file: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    let kind = file.get("type").and_then(|t| t.as_str());
    if kind == Some("authorized_user") {
        if subject.is_some() {
            return Err(subject_unsupported(
                "application default, and GOOGLE_APPLICATION_CREDENTIALS names user credentials",
            ));
        }
        return Ok(Some(AdcFile::User(Box::new(AuthorizedUser::from_json(
            &text,
        )?))));
    }
    let is_key =
        kind == Some("service_account") || (kind.is_none() && file.get("private_key").is_some());
    if !is_key {
        return Ok(None);
    }
    let key = ServiceAccountKey::new(text.into(), subject.map(str::to_owned), scopes)?;
    Ok(Some(AdcFile::Key(key)))
}

/// What `GOOGLE_APPLICATION_CREDENTIALS` named, when we handle it rather than gcp_auth.
#[cfg(feature = "gcp-auth")]
enum AdcFile {
    User(Box<AuthorizedUser>),
    Key(ServiceAccountKey),
}

/// Google's OAuth token endpoint, unless the credentials file names another.
#[cfg(feature = "gcp-auth")]
const GOOGLE_TOKEN_URI: &str = "https://oauth2.googleapis.com/token";

/// User credentials: a refresh token exchanged for access tokens (RFC 6749, section 6).
#[cfg(feature = "gcp-auth")]
struct AuthorizedUser {
    client_id: String,
    client_secret: String,
    refresh_token: String,
    token_uri: String,
    http: hyper_util::client::legacy::Client<
        hyper_rustls::HttpsConnector<hyper_util::client::legacy::connect::HttpConnector>,
        http_body_util::Full<prost::bytes::Bytes>,
    >,
}

#[cfg(feature = "gcp-auth")]
impl AuthorizedUser {
    fn from_json(text: &str) -> Result<Self, AuthError> {
        #[derive(serde::Deserialize)]
        struct File {
            client_id: String,
            client_secret: String,
            refresh_token: String,
            token_uri: Option<String>,
        }
        // serde's message would quote the offending input, which may be the secret.
        let file: File = serde_json::from_str(text).map_err(|e| {
            AuthError::new(format!(
                "not an authorized_user credentials file (line {}, column {}): it needs \
                 client_id, client_secret and refresh_token",
                e.line(),
                e.column()
            ))
        })?;
        let connector = hyper_rustls::HttpsConnectorBuilder::new()
            .with_provider_and_native_roots(rustls::crypto::ring::default_provider())
            .map_err(|e| AuthError::with_source("loading the system's TLS roots", e))?
            .https_or_http()
            .enable_http1()
            .build();
        let http =
            hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
                .build(connector);
        Ok(Self {
            client_id: file.client_id,
            client_secret: file.client_secret,
            refresh_token: file.refresh_token,
            token_uri: file
                .token_uri
                .unwrap_or_else(|| GOOGLE_TOKEN_URI.to_owned()),
            http,
        })
    }
}

#[cfg(feature = "gcp-auth")]
impl TokenSource for AuthorizedUser {
    fn token(&self) -> BoxFuture<'_, Result<Token, AuthError>> {
        use crate::transport::url_encode;
        use http_body_util::BodyExt;

        Box::pin(async move {
            let form = format!(
                "grant_type=refresh_token&client_id={}&client_secret={}&refresh_token={}",
                url_encode(&self.client_id),
                url_encode(&self.client_secret),
                url_encode(&self.refresh_token)
            );
            let request = http::Request::post(&self.token_uri)
                .header(
                    http::header::CONTENT_TYPE,
                    "application/x-www-form-urlencoded",
                )
                .body(http_body_util::Full::from(form))
                .map_err(|e| AuthError::with_source("invalid token_uri", e))?;
            let response =
                self.http.request(request).await.map_err(|e| {
                    AuthError::with_source(format!("calling {}", self.token_uri), e)
                })?;
            let status = response.status();
            let body = response
                .into_body()
                .collect()
                .await
                .map_err(|e| AuthError::with_source("reading the token response", e))?
                .to_bytes();
            let reply: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
            if !status.is_success() {
                // OAuth errors carry `error` and `error_description`, never a token.
                let reason = reply
                    .get("error")
                    .and_then(|e| e.as_str())
                    .unwrap_or("unknown");
                let detail = reply
                    .get("error_description")
                    .and_then(|e| e.as_str())
                    .unwrap_or("");
                return Err(AuthError::new(format!(
                    "the token endpoint refused the refresh token: HTTP {status}, {reason} {detail}"
                )));
            }
            let access = reply
                .get("access_token")
                .and_then(|t| t.as_str())
                .ok_or_else(|| AuthError::new("the token response has no access_token"))?;
            let lifetime = reply
                .get("expires_in")
                .and_then(|t| t.as_u64())
                .unwrap_or(3600);
            Ok(Token::new(
                AccessToken::new(access),
                Some(SystemTime::now() + Duration::from_secs(lifetime)),
            ))
        })
    }
}

/// A service account key (optionally delegating to `subject`), exchanged for a token with
/// the JWT-bearer grant by a *fresh* `gcp_auth::CustomServiceAccount` on every fetch.
///
/// A long-lived one would answer from its own cache, which keeps a token until 20 s before
/// its expiry: the cache's refresh-ahead would get the same token back and the real
/// refresh window would shrink to those 20 s. Building the account anew (parsing the key,
/// a new HTTPS client) costs a few milliseconds once per token lifetime.
#[cfg(feature = "gcp-auth")]
struct ServiceAccountKey {
    json: Arc<str>,
    subject: Option<String>,
    scopes: Vec<String>,
}

#[cfg(feature = "gcp-auth")]
impl ServiceAccountKey {
    /// Checks the key now, so a bad one fails the client's build rather than its calls.
    fn new(json: Arc<str>, subject: Option<String>, scopes: &[String]) -> Result<Self, AuthError> {
        let key = Self {
            json,
            subject,
            scopes: scopes.to_vec(),
        };
        key.account()?;
        Ok(key)
    }

    fn account(&self) -> Result<gcp_auth::CustomServiceAccount, AuthError> {
        let account = gcp_auth::CustomServiceAccount::from_json(&self.json)
            .map_err(|e| AuthError::with_source("parsing service account key", e))?;
        Ok(match &self.subject {
            Some(subject) => account.with_subject(subject.clone()),
            None => account,
        })
    }
}

#[cfg(feature = "gcp-auth")]
impl TokenSource for ServiceAccountKey {
    fn token(&self) -> BoxFuture<'_, Result<Token, AuthError>> {
        Box::pin(async move {
            let account = self.account()?;
            GcpAuthSource::fetch(&account, &self.scopes).await
        })
    }
}

/// A gcp_auth provider asked for a fixed set of scopes. The provider caches its tokens
/// until 20 s before expiry, so this is for the sources whose cache cannot be bypassed
/// (the metadata server, gcloud's files and CLI).
#[cfg(feature = "gcp-auth")]
struct GcpAuthSource {
    provider: Arc<dyn gcp_auth::TokenProvider>,
    scopes: Vec<String>,
}

#[cfg(feature = "gcp-auth")]
impl GcpAuthSource {
    fn new(provider: Arc<dyn gcp_auth::TokenProvider>, scopes: &[String]) -> Self {
        Self {
            provider,
            scopes: scopes.to_vec(),
        }
    }

    async fn fetch(
        provider: &dyn gcp_auth::TokenProvider,
        scopes: &[String],
    ) -> Result<Token, AuthError> {
        let scopes: Vec<&str> = scopes.iter().map(String::as_str).collect();
        let token = provider
            .token(&scopes)
            .await
            .map_err(|e| AuthError::with_source("fetching an access token", e))?;
        let expires_at = u64::try_from(token.expires_at().timestamp())
            .ok()
            .map(|secs| SystemTime::UNIX_EPOCH + Duration::from_secs(secs));
        Ok(Token::new(AccessToken::new(token.as_str()), expires_at))
    }
}

#[cfg(feature = "gcp-auth")]
impl TokenSource for GcpAuthSource {
    fn token(&self) -> BoxFuture<'_, Result<Token, AuthError>> {
        Box::pin(async move { Self::fetch(&*self.provider, &self.scopes).await })
    }
}

/// Caches the token of a [`TokenSource`] and refreshes it ahead of expiry.
///
/// - A token within `refresh_ahead` of its expiry is still handed out while *one*
///   background task (started by a call) fetches the next one. A token closer than 10 s to
///   its expiry is not used: the calls then wait for a fetch.
/// - A source that hands back the same token again (same expiry) is asked again at most
///   every 10 s. This is what happens with gcp_auth's own caching providers, which keep a
///   token until 20 s before its expiry: for [`Credentials::metadata_server`], gcloud's ADC
///   file and the gcloud CLI the refresh window is in fact those last 20 s (the new token
///   arrives 20 to 10 s before expiry, or the next call waits for it), whatever
///   `refresh_ahead` says. Service account keys, user credentials files and your own
///   sources bypass it: for them the window is `refresh_ahead`.
/// - With no usable token, callers queue on one lock: the first fetches, the others find
///   the fresh token when they get the lock (N concurrent calls, one fetch).
/// - A failed fetch is shared, not repeated: every caller that queued behind it gets its
///   error (N concurrent calls during an outage, one fetch). It is never cached: the next
///   call after it tries again.
pub struct TokenCache {
    source: Arc<dyn TokenSource>,
    refresh_ahead: Duration,
    state: Mutex<CacheState>,
    fetch: tokio::sync::Mutex<()>,
}

#[derive(Default)]
struct CacheState {
    current: Option<CachedToken>,
    background_refresh: bool,
    /// Fetches finished so far, successful or not: a caller that saw an older count before
    /// it queued has waited for a fetch, and takes that fetch's outcome.
    fetches: u64,
    /// The error of the last fetch, if it failed. Only callers that queued before it
    /// finished get it; later ones fetch again.
    last_error: Option<AuthError>,
}

#[derive(Clone)]
struct CachedToken {
    header: HeaderValue,
    expires_at: Option<SystemTime>,
    /// Do not ask the source again before this, even in the refresh window: gcp_auth caches
    /// too and may hand back the same token until shortly before expiry.
    next_refresh: Option<SystemTime>,
}

impl fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenCache")
            .field("refresh_ahead", &self.refresh_ahead)
            .finish_non_exhaustive()
    }
}

/// Tokens closer to expiry than this are not used at all.
const EXPIRY_MARGIN: Duration = Duration::from_secs(10);

impl TokenCache {
    /// The default refresh window: 4 minutes before expiry (Google tokens live an hour).
    pub const DEFAULT_REFRESH_AHEAD: Duration = Duration::from_secs(240);

    /// A cache over `source`, refreshing `refresh_ahead` before expiry.
    pub fn new(source: Arc<dyn TokenSource>, refresh_ahead: Duration) -> Arc<Self> {
        Arc::new(Self {
            source,
            refresh_ahead,
            state: Mutex::new(CacheState::default()),
            fetch: tokio::sync::Mutex::new(()),
        })
    }

    /// The `authorization` header for the next request.
    pub async fn header(self: &Arc<Self>) -> Result<HeaderValue, AuthError> {
        if let Some(header) = self.cached() {
            return Ok(header);
        }
        let seen = self.lock_state().fetches;
        let _fetching = self.fetch.lock().await;
        // Someone else may have fetched while we waited for the lock.
        if let Some(header) = self.cached() {
            return Ok(header);
        }
        // ... and failed: its error is ours too, rather than one more fetch per waiter.
        {
            let state = self.lock_state();
            if state.fetches != seen
                && let Some(error) = &state.last_error
            {
                return Err(error.clone());
            }
        }
        self.fetch_and_store().await
    }

    fn lock_state(&self) -> std::sync::MutexGuard<'_, CacheState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The cached header if still usable, starting a background refresh when it is due.
    /// Synchronous, so the auth layer's common path needs no boxed future.
    fn cached(self: &Arc<Self>) -> Option<HeaderValue> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let token = state.current.as_ref()?;
        // A token without expiry (a static one) needs no clock read.
        let Some(expires_at) = token.expires_at else {
            return Some(token.header.clone());
        };
        let now = SystemTime::now();
        if now + EXPIRY_MARGIN >= expires_at {
            return None;
        }
        let header = token.header.clone();
        let due = now + self.refresh_ahead >= expires_at
            && token.next_refresh.is_none_or(|next| now >= next);
        if due && !state.background_refresh {
            state.background_refresh = true;
            let cache = Arc::clone(self);
            tokio::spawn(async move {
                let _fetching = cache.fetch.lock().await;
                // A failure here is not cached; callers keep the valid token and the next
                // call past the window tries again (only callers that queued behind this
                // fetch, the token having expired meanwhile, get its error).
                let result = cache.fetch_and_store().await;
                if let Err(e) = result {
                    tracing::warn!(error = %e, "background token refresh failed");
                }
                cache
                    .state
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .background_refresh = false;
            });
        }
        Some(header)
    }

    /// Fetches a token (the caller holds `fetch`) and records the outcome.
    async fn fetch_and_store(&self) -> Result<HeaderValue, AuthError> {
        let result = self.fetch_token().await;
        let mut state = self.lock_state();
        state.fetches += 1;
        match result {
            Ok((header, expires_at, now)) => {
                state.last_error = None;
                let unchanged = state
                    .current
                    .as_ref()
                    .is_some_and(|c| c.expires_at == expires_at);
                state.current = Some(CachedToken {
                    header: header.clone(),
                    expires_at,
                    next_refresh: unchanged.then(|| now + Duration::from_secs(10)),
                });
                Ok(header)
            }
            Err(error) => {
                state.last_error = Some(error.clone());
                Err(error)
            }
        }
    }

    async fn fetch_token(
        &self,
    ) -> Result<(HeaderValue, Option<SystemTime>, SystemTime), AuthError> {
        let token = self.source.token().await?;
        let header = token.access_token.header_value()?;
        Ok((header, token.expires_at, SystemTime::now()))
    }
}

/// Tower layer that adds `authorization: Bearer <token>` from a [`TokenCache`] to every
/// request, fetching asynchronously (tonic interceptors are synchronous and cannot).
///
/// Also usable on its own around a raw tonic `Channel`.
#[derive(Clone, Debug)]
pub struct AuthLayer {
    cache: Option<Arc<TokenCache>>,
}

impl AuthLayer {
    /// A layer adding tokens from `cache`; `None` adds nothing.
    pub fn new(cache: Option<Arc<TokenCache>>) -> Self {
        Self { cache }
    }
}

impl<S> tower::Layer<S> for AuthLayer {
    type Service = AuthService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        AuthService {
            inner,
            cache: self.cache.clone(),
        }
    }
}

/// The service made by [`AuthLayer`].
#[derive(Clone, Debug)]
pub struct AuthService<S> {
    inner: S,
    cache: Option<Arc<TokenCache>>,
}

impl<S, B> tower::Service<http::Request<B>> for AuthService<S>
where
    S: tower::Service<http::Request<B>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Into<tower::BoxError>,
    B: Send + 'static,
{
    type Response = S::Response;
    type Error = tower::BoxError;
    type Future = AuthFuture<S::Future, S::Response>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, mut request: http::Request<B>) -> Self::Future {
        // The ready inner service goes with this call; a fresh clone waits for the next.
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let cache = match &self.cache {
            None => None,
            Some(cache) => match cache.cached() {
                Some(header) => {
                    request
                        .headers_mut()
                        .insert(http::header::AUTHORIZATION, header);
                    None
                }
                None => Some(cache.clone()),
            },
        };
        let state = match cache {
            None => AuthFutureState::Cached {
                future: inner.call(request),
            },
            Some(cache) => AuthFutureState::Fetching {
                future: Box::pin(async move {
                    let header = cache.header().await?;
                    request
                        .headers_mut()
                        .insert(http::header::AUTHORIZATION, header);
                    inner.call(request).await.map_err(Into::into)
                }),
            },
        };
        AuthFuture { state }
    }
}

pin_project_lite::pin_project! {
    /// The future of [`AuthService`]: the inner call's own future while the token is
    /// cached (almost every call: no box, no await), a boxed one only when a token must be
    /// fetched first.
    pub struct AuthFuture<F, T> {
        #[pin]
        state: AuthFutureState<F, T>,
    }
}

pin_project_lite::pin_project! {
    #[project = AuthFutureProj]
    enum AuthFutureState<F, T> {
        Cached { #[pin] future: F },
        Fetching { future: BoxFuture<'static, Result<T, tower::BoxError>> },
    }
}

impl<F, T> fmt::Debug for AuthFuture<F, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match self.state {
            AuthFutureState::Cached { .. } => "Cached",
            AuthFutureState::Fetching { .. } => "Fetching",
        };
        f.debug_struct("AuthFuture").field("state", &state).finish()
    }
}

impl<F, T, E> Future for AuthFuture<F, T>
where
    F: Future<Output = Result<T, E>>,
    E: Into<tower::BoxError>,
{
    type Output = Result<T, tower::BoxError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project().state.project() {
            AuthFutureProj::Cached { future } => future.poll(cx).map_err(Into::into),
            AuthFutureProj::Fetching { future } => future.as_mut().poll(cx),
        }
    }
}

#[cfg(all(test, feature = "gcp-auth"))]
mod tests {
    use super::*;

    fn write(name: &str, json: &serde_json::Value) -> std::path::PathBuf {
        let path = std::env::temp_dir().join(format!("gcg-{name}-{}.json", std::process::id()));
        std::fs::write(&path, json.to_string()).unwrap();
        path
    }

    #[test]
    fn adc_naming_a_key_file_carries_the_subject() {
        let key = write(
            "adc-key",
            &serde_json::json!({
                "type": "service_account",
                "private_key": include_str!("../tests/fixtures/test-service-account-key.pem"),
                "client_email": "app@test-project.iam.gserviceaccount.com",
                "token_uri": "http://127.0.0.1:1/token",
            }),
        );
        let scopes = vec![scopes::CHAT_IMPORT.to_owned()];
        let found = adc_key_file(Some(key.clone().into()), Some("admin@example.com"), &scopes);
        std::fs::remove_file(&key).ok();
        let Ok(Some(AdcFile::Key(key))) = found else {
            panic!("the key file was not used");
        };
        assert_eq!(key.subject.as_deref(), Some("admin@example.com"));
        assert_eq!(key.scopes, scopes);
    }

    #[test]
    fn adc_naming_user_credentials_refuses_a_subject() {
        let user = write(
            "adc-user",
            &serde_json::json!({
                "type": "authorized_user", "client_id": "c", "client_secret": "s",
                "refresh_token": "r",
            }),
        );
        let with = adc_key_file(Some(user.clone().into()), Some("admin@example.com"), &[]);
        let without = adc_key_file(Some(user.clone().into()), None, &[]);
        std::fs::remove_file(&user).ok();
        let Err(err) = with else {
            panic!("a subject on user credentials was accepted");
        };
        assert!(err.to_string().contains("with_subject"), "{err}");
        assert!(matches!(without, Ok(Some(AdcFile::User(_)))));
        assert!(matches!(adc_key_file(None, None, &[]), Ok(None)));
    }
}
