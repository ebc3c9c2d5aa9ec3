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

/// The HTTP/1 client of the grants this crate makes itself (user credentials).
#[cfg(feature = "gcp-auth")]
type HttpClient = hyper_util::client::legacy::Client<
    hyper_rustls::HttpsConnector<hyper_util::client::legacy::connect::HttpConnector>,
    http_body_util::Full<prost::bytes::Bytes>,
>;

/// User credentials: a refresh token exchanged for access tokens (RFC 6749, section 6).
#[cfg(feature = "gcp-auth")]
pub(super) struct AuthorizedUser {
    client_id: String,
    client_secret: String,
    refresh_token: String,
    token_uri: String,
    http: HttpClient,
}

#[cfg(feature = "gcp-auth")]
impl AuthorizedUser {
    /// Reads a user credentials file. `allow_plaintext` is the builder's
    /// `insecure_allow_plaintext()`: with it, and only then, `token_uri` may be `http://`
    /// on a loopback host (see [`check_token_uri`]).
    pub(super) fn from_json(text: &str, allow_plaintext: bool) -> Result<Self, AuthError> {
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
        let token_uri = file
            .token_uri
            .unwrap_or_else(|| GOOGLE_TOKEN_URI.to_owned());
        let https = check_token_uri(&token_uri, allow_plaintext)?;
        // The roots are loaded only for an https endpoint: a loopback test endpoint works
        // on a machine without a certificate store too.
        let tls = rustls::ClientConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .map_err(|e| AuthError::with_source("setting up TLS for the token endpoint", e))?
        .with_root_certificates(if https {
            tls_roots()?
        } else {
            rustls::RootCertStore::empty()
        })
        .with_no_client_auth();
        let connector = hyper_rustls::HttpsConnectorBuilder::new()
            .with_tls_config(tls)
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
            token_uri,
            http,
        })
    }
}

/// The refresh-token grant sends the client secret and the refresh token, credentials
/// that outlive any access token: the same rule as the Chat endpoint's plaintext guard
/// applies to where they go. `https://` always; `http://` only to a loopback host
/// (`localhost`, `127.0.0.0/8`, `::1`, no name resolved) *and* when the builder's
/// `insecure_allow_plaintext()` allows plaintext. Returns whether the endpoint is https.
///
/// Without a TLS feature (`tls-webpki-roots`, `tls-native-roots`) an https endpoint cannot
/// be reached: said here, when the client is built, rather than by a failed handshake.
#[cfg(feature = "gcp-auth")]
fn check_token_uri(token_uri: &str, allow_plaintext: bool) -> Result<bool, AuthError> {
    let uri: http::Uri = token_uri
        .parse()
        .map_err(|e| AuthError::with_source(format!("invalid token_uri {token_uri:?}"), e))?;
    match uri.scheme_str() {
        Some("https")
            if cfg!(any(
                feature = "tls-webpki-roots",
                feature = "tls-native-roots"
            )) =>
        {
            Ok(true)
        }
        Some("https") => Err(AuthError::new(format!(
            "the token endpoint {token_uri} needs TLS: enable the `tls-webpki-roots` or \
             `tls-native-roots` feature"
        ))),
        Some("http") if allow_plaintext && super::is_loopback(&uri) => Ok(false),
        Some("http") => Err(AuthError::new(format!(
            "refusing to send the refresh token and client secret over plaintext to token_uri \
             {token_uri}: use https (an http:// token_uri is allowed only on a loopback host, \
             with insecure_allow_plaintext())"
        ))),
        _ => Err(AuthError::new(format!(
            "token_uri {token_uri:?} needs an https:// scheme"
        ))),
    }
}

/// The roots of the crate's TLS features ([`crate::transport::tls_roots`]), for the token
/// endpoint.
#[cfg(feature = "gcp-auth")]
fn tls_roots() -> Result<rustls::RootCertStore, AuthError> {
    crate::transport::tls_roots()
        .map_err(|e| AuthError::new(format!("TLS for the token endpoint: {e}")))
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

/// The metadata server's default service account (GCE, GKE, Cloud Run, ...): a GET with
/// `Metadata-Flavor: Google` for a fresh token on every fetch.
///
/// Not gcp_auth's `MetadataServiceAccount`, for two reasons: it keeps its token until 20 s
/// before expiry, so the cache's refresh-ahead would get the same token back; and it always
/// asks `metadata.google.internal`, where Google's own client libraries honour
/// `GCE_METADATA_HOST` (an emulator, a sidecar, a test server).
#[cfg(feature = "gcp-auth")]
pub(super) struct MetadataServer {
    token_url: http::Uri,
    http: hyper_util::client::legacy::Client<
        hyper_util::client::legacy::connect::HttpConnector,
        http_body_util::Full<prost::bytes::Bytes>,
    >,
    /// The token fetched when the client was built (which checks the server answers), for
    /// the first fetch.
    first: std::sync::Mutex<Option<Token>>,
}

/// The metadata server's host (and port) unless `GCE_METADATA_HOST` names another.
#[cfg(feature = "gcp-auth")]
const METADATA_HOST: &str = "metadata.google.internal";

/// One token request's time limit: on GCP the server answers in milliseconds, elsewhere
/// its name may take long to fail.
#[cfg(feature = "gcp-auth")]
const METADATA_TIMEOUT: Duration = Duration::from_secs(5);

#[cfg(feature = "gcp-auth")]
impl MetadataServer {
    /// Finds the server as Google's client libraries do: `GCE_METADATA_HOST` (`host` or
    /// `host:port`), then its older name `GCE_METADATA_ROOT`, then
    /// `metadata.google.internal`; and fetches a first token, so that a client built off
    /// GCP fails to build.
    pub(super) async fn new() -> Result<Self, AuthError> {
        let host = ["GCE_METADATA_HOST", "GCE_METADATA_ROOT"]
            .into_iter()
            .find_map(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
            .unwrap_or_else(|| METADATA_HOST.to_owned());
        let url =
            format!("http://{host}/computeMetadata/v1/instance/service-accounts/default/token");
        let token_url = url
            .parse::<http::Uri>()
            .ok()
            .filter(|uri| uri.authority().is_some_and(|a| a.as_str() == host))
            .ok_or_else(|| {
                AuthError::new(format!(
                    "GCE_METADATA_HOST {host:?} is not a host or host:port"
                ))
            })?;
        let mut connector = hyper_util::client::legacy::connect::HttpConnector::new();
        connector.set_connect_timeout(Some(METADATA_TIMEOUT));
        connector.set_nodelay(true);
        let server = Self {
            token_url,
            http: hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
                .build(connector),
            first: std::sync::Mutex::new(None),
        };
        let token = server.fetch().await?;
        *server.first.lock().unwrap_or_else(|e| e.into_inner()) = Some(token);
        Ok(server)
    }

    async fn fetch(&self) -> Result<Token, AuthError> {
        use http_body_util::BodyExt;

        let request = http::Request::get(self.token_url.clone())
            .header("metadata-flavor", "Google")
            .body(http_body_util::Full::default())
            .map_err(|e| AuthError::with_source("building the metadata request", e))?;
        let exchange = async {
            let response = self.http.request(request).await.map_err(|e| {
                AuthError::with_source(format!("calling the metadata server {}", self.token_url), e)
            })?;
            let status = response.status();
            let body = response
                .into_body()
                .collect()
                .await
                .map_err(|e| AuthError::with_source("reading the metadata server's answer", e))?
                .to_bytes();
            Ok::<_, AuthError>((status, body))
        };
        let (status, body) = tokio::time::timeout(METADATA_TIMEOUT, exchange)
            .await
            .map_err(|_| {
                AuthError::new(format!(
                    "the metadata server {} did not answer within {METADATA_TIMEOUT:?}",
                    self.token_url
                ))
            })??;
        if !status.is_success() {
            // The body of a refusal is not shown: it is the server's, and could be anything.
            return Err(AuthError::new(format!(
                "the metadata server refused the token request: HTTP {status}"
            )));
        }
        #[derive(serde::Deserialize)]
        struct Reply {
            access_token: String,
            expires_in: u64,
        }
        // Position only: serde's message could quote the token.
        let reply: Reply = serde_json::from_slice(&body).map_err(|e| {
            AuthError::new(format!(
                "the metadata server's token answer is not {{access_token, expires_in}} \
                 (line {}, column {})",
                e.line(),
                e.column()
            ))
        })?;
        Ok(Token::new(
            AccessToken::new(reply.access_token),
            Some(SystemTime::now() + Duration::from_secs(reply.expires_in)),
        ))
    }
}

#[cfg(feature = "gcp-auth")]
impl TokenSource for MetadataServer {
    fn token(&self) -> BoxFuture<'_, Result<Token, AuthError>> {
        let first = self.first.lock().unwrap_or_else(|e| e.into_inner()).take();
        Box::pin(async move {
            // The build's token, unless the first call came so late that the cache would
            // not use it: a fresh one then.
            let margin = super::cache::EXPIRY_MARGIN;
            match first {
                Some(token)
                    if token
                        .expires_at
                        .is_some_and(|at| at > SystemTime::now() + margin) =>
                {
                    Ok(token)
                }
                _ => self.fetch().await,
            }
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

#[cfg(all(test, feature = "gcp-auth"))]
mod tests {
    use super::*;

    #[test]
    fn a_plaintext_token_uri_needs_loopback_and_the_insecure_flag() {
        for allowed in [
            "http://127.0.0.1:8080/token",
            "http://[::1]/t",
            "http://localhost/t",
        ] {
            assert!(!check_token_uri(allowed, true).unwrap(), "{allowed}");
            let err = check_token_uri(allowed, false).unwrap_err().to_string();
            assert!(err.contains("plaintext"), "{err}");
        }
        for refused in [
            "http://oauth2.googleapis.com/token",
            "http://10.1.2.3/token",
            "http://localhost.example.com/token",
        ] {
            let err = check_token_uri(refused, true).unwrap_err().to_string();
            assert!(err.contains("plaintext") && err.contains(refused), "{err}");
        }
        let err = check_token_uri("ftp://example.com/token", true).unwrap_err();
        assert!(err.to_string().contains("https://"), "{err}");
    }

    #[test]
    fn an_https_token_uri_needs_a_tls_feature() {
        let https = check_token_uri(GOOGLE_TOKEN_URI, false);
        if cfg!(any(
            feature = "tls-webpki-roots",
            feature = "tls-native-roots"
        )) {
            assert!(https.unwrap());
        } else {
            let err = https.unwrap_err().to_string();
            assert!(err.contains("tls-webpki-roots"), "{err}");
            // and the whole file is refused the same way, when the client is built
            let json = r#"{"client_id":"c","client_secret":"s","refresh_token":"r"}"#;
            let err = AuthorizedUser::from_json(json, true).err().unwrap();
            assert!(err.to_string().contains("needs TLS"), "{err}");
        }
    }
}
