//! Credentials: where access tokens come from ([`TokenSource`]), how they are cached and
//! refreshed ([`TokenCache`]), and the tower layer that puts them on every request
//! ([`AuthLayer`]).
//!
//! Tokens are secrets: [`AccessToken`] prints as `AccessToken(<redacted>)`, the header it
//! becomes is marked sensitive (HPACK never-index, `Debug` shows `Sensitive`), and no error
//! of this module contains one.
//!
//! | module | what it holds |
//! | --- | --- |
//! | here | the token types, [`AuthError`], the [`TokenSource`] trait, [`scopes`] |
//! | `credentials` | [`Credentials`], the recipe, and its resolution into a source (ADC key files included) |
//! | `sources` | the sources: [`StaticToken`], user credentials, service account keys, gcp_auth's providers |
//! | `cache` | [`TokenCache`]: single-flight fetches and refresh ahead of expiry |
//! | `layer` | [`AuthLayer`]: the cache as a tower layer, for raw tonic channels |

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::SystemTime;

use http::HeaderValue;

mod cache;
mod credentials;
mod layer;
mod sources;

pub use cache::TokenCache;
pub use credentials::Credentials;
pub use layer::{AuthFuture, AuthLayer, AuthService};
pub use sources::StaticToken;

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
    pub(super) fn header_value(&self) -> Result<HeaderValue, AuthError> {
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

/// Whether `uri` names this machine by definition: an address in `127.0.0.0/8`, `::1` (or
/// an IPv4-mapped loopback address), or the name `localhost`. Where plaintext may carry a
/// secret (the Chat endpoint, a user credentials `token_uri`), only these hosts qualify.
///
/// No other name is resolved to find out: what it resolves to is up to DNS (or a hosts
/// file) and may change between this check and the connection, so `my-box.local` is
/// refused even when it is this machine.
pub(crate) fn is_loopback(uri: &http::Uri) -> bool {
    let Some(host) = uri.host() else {
        return false;
    };
    // `http::Uri` keeps the brackets of an IPv6 literal.
    let literal = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    match literal.parse::<std::net::IpAddr>() {
        Ok(ip) => ip.to_canonical().is_loopback(),
        Err(_) => host.eq_ignore_ascii_case("localhost"),
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
