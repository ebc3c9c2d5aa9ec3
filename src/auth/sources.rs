//! The token sources this crate brings: a static token, and (feature `gcp-auth`) user
//! credentials, service account keys and gcp_auth's own providers.

#[cfg(feature = "gcp-auth")]
use std::sync::Arc;
#[cfg(feature = "gcp-auth")]
use std::time::{Duration, SystemTime};

use super::{AccessToken, AuthError, BoxFuture, Token, TokenSource};

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

/// Google's OAuth token endpoint, unless the credentials file names another.
#[cfg(feature = "gcp-auth")]
const GOOGLE_TOKEN_URI: &str = "https://oauth2.googleapis.com/token";

/// User credentials: a refresh token exchanged for access tokens (RFC 6749, section 6).
#[cfg(feature = "gcp-auth")]
pub(super) struct AuthorizedUser {
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
    pub(super) fn from_json(text: &str) -> Result<Self, AuthError> {
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
        use crate::encoding::url_encode;
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
pub(super) struct ServiceAccountKey {
    json: Arc<str>,
    pub(super) subject: Option<String>,
    pub(super) scopes: Vec<String>,
}

#[cfg(feature = "gcp-auth")]
impl ServiceAccountKey {
    /// Checks the key now, so a bad one fails the client's build rather than its calls.
    pub(super) fn new(
        json: Arc<str>,
        subject: Option<String>,
        scopes: &[String],
    ) -> Result<Self, AuthError> {
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
pub(super) struct GcpAuthSource {
    provider: Arc<dyn gcp_auth::TokenProvider>,
    scopes: Vec<String>,
}

#[cfg(feature = "gcp-auth")]
impl GcpAuthSource {
    pub(super) fn new(provider: Arc<dyn gcp_auth::TokenProvider>, scopes: &[String]) -> Self {
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
