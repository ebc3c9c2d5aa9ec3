//! [`Credentials`]: how the client authenticates, and its resolution into a [`TokenSource`]
//! when the client is built (Application Default Credentials' key files included).

use std::fmt;
#[cfg(feature = "gcp-auth")]
use std::path::PathBuf;
use std::sync::Arc;

use super::sources::StaticToken;
#[cfg(feature = "gcp-auth")]
use super::sources::{AuthorizedUser, GcpAuthSource, MetadataServer, ServiceAccountKey};
use super::{AccessToken, AuthError, TokenSource};

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
    /// those 20 s (see [`TokenCache`](super::TokenCache)).
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

    /// The GCE/GKE/Cloud Run metadata server's default service account (scopes are the
    /// VM's or the service's: the builder's are not sent).
    ///
    /// The server is found as Google's client libraries find it: `GCE_METADATA_HOST`
    /// (`host` or `host:port`, e.g. a metadata emulator), then `GCE_METADATA_ROOT`, then
    /// `metadata.google.internal`, read when the client is built. Building fetches a first
    /// token (each request has 5 s), so off GCP the build fails with an
    /// [`ErrorKind::Auth`](crate::ErrorKind::Auth) error. Every later fetch asks the server
    /// anew, so tokens are refreshed `refresh_ahead` before expiry.
    ///
    /// (The metadata server that [`application_default`](Self::application_default) falls
    /// back on is gcp_auth's, which caches as described there.)
    #[cfg(feature = "gcp-auth")]
    #[cfg_attr(docsrs, doc(cfg(feature = "gcp-auth")))]
    pub fn metadata_server() -> Self {
        Self(CredentialsKind::MetadataServer)
    }

    /// A user credentials file (`"type": "authorized_user"`: `client_id`, `client_secret`,
    /// `refresh_token`), exchanged for access tokens with the OAuth refresh-token grant.
    /// The scopes are those the user consented to when the file was made.
    ///
    /// The grant sends the client secret and the refresh token to the file's `token_uri`
    /// (default `https://oauth2.googleapis.com/token`), so it must be `https://`: an
    /// `http://` one is refused with an [`ErrorKind::Auth`](crate::ErrorKind::Auth) error
    /// when the client is built, unless its host is loopback (`localhost`, `127.0.0.0/8`,
    /// `::1`) and the builder allows plaintext
    /// ([`insecure_allow_plaintext`](crate::ClientBuilder::insecure_allow_plaintext)), as
    /// for a local test token endpoint. TLS trusts the roots the crate's TLS features name,
    /// as for the Chat endpoint. The same holds for such a file named by
    /// `GOOGLE_APPLICATION_CREDENTIALS` ([`application_default`](Self::application_default)).
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
    ///
    /// `allow_plaintext` is the builder's `insecure_allow_plaintext()`: it lets a user
    /// credentials file's `token_uri` be `http://` on a loopback host.
    pub(crate) async fn resolve(
        &self,
        scopes: &[String],
        allow_plaintext: bool,
    ) -> Result<Option<Arc<dyn TokenSource>>, AuthError> {
        #[cfg(not(feature = "gcp-auth"))]
        let _ = (scopes, allow_plaintext);
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
                match adc_key_file(path, subject.as_deref(), scopes, allow_plaintext)? {
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
                Some(Arc::new(AuthorizedUser::from_json(&text, allow_plaintext)?))
            }
            #[cfg(feature = "gcp-auth")]
            CredentialsKind::MetadataServer => Some(Arc::new(MetadataServer::new().await?)),
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
    allow_plaintext: bool,
) -> Result<Option<AdcFile>, AuthError> {
    let Some(path) = path else {
        return Ok(None);
    };
    // The variable names the credentials to use: a file that cannot be read or parsed is
    // an error of its own, not a reason to fall back on other credentials.
    let shown = std::path::Path::new(&path).display();
    let text = std::fs::read_to_string(&path).map_err(|e| {
        AuthError::with_source(
            format!("reading {shown}, named by GOOGLE_APPLICATION_CREDENTIALS"),
            e,
        )
    })?;
    // serde's message may quote the input, which may be a private key: position only.
    let file: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        AuthError::new(format!(
            "{shown}, named by GOOGLE_APPLICATION_CREDENTIALS, is not a JSON credentials file \
             (line {}, column {})",
            e.line(),
            e.column()
        ))
    })?;
    let kind = file.get("type").and_then(|t| t.as_str());
    if kind == Some("authorized_user") {
        if subject.is_some() {
            return Err(subject_unsupported(
                "application default, and GOOGLE_APPLICATION_CREDENTIALS names user credentials",
            ));
        }
        return Ok(Some(AdcFile::User(Box::new(AuthorizedUser::from_json(
            &text,
            allow_plaintext,
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

#[cfg(all(test, feature = "gcp-auth"))]
mod tests {
    use super::*;
    use crate::auth::scopes;

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
                "private_key": include_str!("../../tests/fixtures/test-service-account-key.pem"),
                "client_email": "app@test-project.iam.gserviceaccount.com",
                "token_uri": "http://127.0.0.1:1/token",
            }),
        );
        let scopes = vec![scopes::CHAT_IMPORT.to_owned()];
        let found = adc_key_file(
            Some(key.clone().into()),
            Some("admin@example.com"),
            &scopes,
            false,
        );
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
                "refresh_token": "r", "token_uri": "http://127.0.0.1:1/token",
            }),
        );
        let with = adc_key_file(
            Some(user.clone().into()),
            Some("admin@example.com"),
            &[],
            true,
        );
        let without = adc_key_file(Some(user.clone().into()), None, &[], true);
        std::fs::remove_file(&user).ok();
        let Err(err) = with else {
            panic!("a subject on user credentials was accepted");
        };
        assert!(err.to_string().contains("with_subject"), "{err}");
        assert!(matches!(without, Ok(Some(AdcFile::User(_)))));
        assert!(matches!(adc_key_file(None, None, &[], false), Ok(None)));
    }

    #[test]
    fn adc_naming_an_unreadable_or_broken_file_says_why() {
        let missing = std::env::temp_dir().join(format!("gcg-missing-{}.json", std::process::id()));
        let Err(err) = adc_key_file(Some(missing.clone().into()), None, &[], false) else {
            panic!("a missing file was skipped");
        };
        let shown = err.to_string();
        assert!(shown.contains(&missing.display().to_string()), "{shown}");
        assert!(shown.contains("GOOGLE_APPLICATION_CREDENTIALS"), "{shown}");
        let cause = std::error::Error::source(&err).expect("the io error");
        assert_eq!(
            cause.downcast_ref::<std::io::Error>().map(|e| e.kind()),
            Some(std::io::ErrorKind::NotFound)
        );

        // Not JSON, and a truncated key: the position, never the content.
        for (name, text) in [
            ("pem", "-----BEGIN PRIVATE KEY-----\nMIIEs3cret\n"),
            (
                "cut",
                r#"{"type":"service_account","private_key":"MIIEs3cret"#,
            ),
            (
                "bad",
                r#"{"type":"service_account","private_key":MIIEs3cret}"#,
            ),
        ] {
            let path = std::env::temp_dir().join(format!("gcg-{name}-{}.json", std::process::id()));
            std::fs::write(&path, text).unwrap();
            let found = adc_key_file(Some(path.clone().into()), None, &[], false);
            std::fs::remove_file(&path).ok();
            let Err(err) = found else {
                panic!("{name}: a broken file was skipped");
            };
            let shown = format!("{err} {err:?}");
            assert!(shown.contains(&path.display().to_string()), "{shown}");
            assert!(
                shown.contains("not a JSON") && shown.contains("line 1"),
                "{shown}"
            );
            assert!(!shown.contains("s3cret"), "{name}: {shown}");
        }
    }
}
