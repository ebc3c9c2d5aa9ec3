//! Who is calling, from the `authorization: Bearer <token>` header, by the emulator's token
//! convention (see the module docs of [`crate::emulator`]):
//!
//! | token | caller |
//! | --- | --- |
//! | `user:<id>` | human user `users/<id>` with user authentication (`<id>` may be an email) |
//! | `admin:<id>` | human user `users/<id>` who may set `use_admin_access` |
//! | `app` or `app:<name>` | a Chat app with app authentication (`chat.bot`), user `users/app` or `users/app-<name>` |
//!
//! Any of them may end in `;scopes=<scope>,<scope>,...`: the OAuth scopes the token was
//! granted, each a full URL or its last segment (`chat.messages.readonly`). Without the
//! suffix a token carries every scope, so tokens written before scopes were modelled keep
//! working. `;scopes=` (empty) grants none.
//!
//! Anything else is `UNAUTHENTICATED`, unless the emulator runs permissive.

use tonic::Status;
use tonic::metadata::MetadataMap;

use super::errors::{denied, insufficient_scopes, unauthenticated};
use crate::auth::scopes;
use crate::proto::chat::v1::{User, user};

/// The user a permissive emulator assumes when a call carries no usable token.
pub const PERMISSIVE_USER: &str = "users/guest";

/// What a token says, before emails are resolved through the directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Token {
    /// `user:<id>`.
    User(String),
    /// `admin:<id>`.
    Admin(String),
    /// `app` (`None`) or `app:<name>`.
    App(Option<String>),
}

/// The OAuth scopes a token was granted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Scopes {
    /// No `;scopes=` suffix: every scope of the API.
    All,
    /// The scopes listed, as full URLs (the constants of [`crate::auth::scopes`]).
    Granted(Vec<&'static str>),
}

impl Scopes {
    /// Whether any of `accepted` (a method's scopes, as full URLs) was granted.
    pub(crate) fn allow(&self, accepted: &[&str]) -> bool {
        match self {
            Scopes::All => true,
            Scopes::Granted(granted) => granted.iter().any(|g| accepted.contains(g)),
        }
    }

    /// `chat.messages.readonly,https://www.googleapis.com/auth/chat.spaces` → the constants.
    fn parse(list: &str) -> Result<Scopes, String> {
        let mut granted = Vec::new();
        for item in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let short = item
                .strip_prefix("https://www.googleapis.com/auth/")
                .unwrap_or(item);
            let Some(scope) = scopes::ALL
                .iter()
                .find(|s| s.rsplit('/').next() == Some(short))
            else {
                return Err(format!(
                    "`{short}` is not an OAuth scope of the Chat API (see `auth::scopes::ALL`)"
                ));
            };
            if !granted.contains(scope) {
                granted.push(*scope);
            }
        }
        Ok(Scopes::Granted(granted))
    }
}

/// A call's token as read and checked against the method's scopes: who is calling, and
/// the scopes granted, which some rules read per field (GetSpace's access settings).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Credentials {
    pub(crate) token: Token,
    pub(crate) scopes: Scopes,
}

/// Reads the token convention from request metadata.
pub(crate) fn token(metadata: &MetadataMap, permissive: bool) -> Result<(Token, Scopes), Status> {
    let fallback = |why: &str| {
        if permissive {
            Ok((
                Token::User(PERMISSIVE_USER.trim_start_matches("users/").to_owned()),
                Scopes::All,
            ))
        } else {
            Err(unauthenticated(why))
        }
    };
    let Some(value) = metadata.get("authorization") else {
        return fallback("missing `authorization: Bearer <token>` metadata");
    };
    let Ok(value) = value.to_str() else {
        return fallback("authorization metadata is not ASCII");
    };
    let Some(token) = value
        .strip_prefix("Bearer ")
        .or_else(|| value.strip_prefix("bearer "))
    else {
        return fallback("authorization metadata is not a Bearer token");
    };
    let (token, scopes) = match token.trim().split_once(';') {
        None => (token.trim(), Scopes::All),
        Some((token, suffix)) => {
            let Some(list) = suffix.trim().strip_prefix("scopes=") else {
                return fallback("the part after `;` in a token must be `scopes=<scope>,...`");
            };
            match Scopes::parse(list) {
                Ok(scopes) => (token.trim(), scopes),
                Err(why) => return fallback(&why),
            }
        }
    };
    let valid_id = |id: &str| {
        !id.is_empty()
            && id.len() <= 254
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"@.-_+".contains(&b))
    };
    if token == "app" {
        return Ok((Token::App(None), scopes));
    }
    if let Some(name) = token.strip_prefix("app:") {
        if valid_id(name) && !name.contains('@') {
            return Ok((Token::App(Some(name.to_owned())), scopes));
        }
    } else if let Some(id) = token.strip_prefix("user:") {
        if valid_id(id) {
            return Ok((Token::User(id.to_owned()), scopes));
        }
    } else if let Some(id) = token.strip_prefix("admin:")
        && valid_id(id)
    {
        return Ok((Token::Admin(id.to_owned()), scopes));
    }
    fallback(
        "token does not follow the emulator convention (`user:<id>`, `admin:<id>`, `app[:<name>]`)",
    )
}

/// How the caller authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AuthKind {
    /// A human with user authentication.
    User,
    /// A human with user authentication who is a Workspace administrator.
    Admin,
    /// A Chat app with app authentication.
    App,
}

/// The resolved caller of one RPC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Caller {
    pub(crate) kind: AuthKind,
    /// `users/<numeric id>` for humans, `users/app[-<name>]` for apps.
    pub(crate) name: String,
    /// The scopes the token was granted: the method's own were checked before the call;
    /// these are for rules that depend on a scope within a method.
    pub(crate) scopes: Scopes,
}

impl Caller {
    pub(crate) fn is_app(&self) -> bool {
        self.kind == AuthKind::App
    }

    pub(crate) fn is_admin(&self) -> bool {
        self.kind == AuthKind::Admin
    }

    /// Whether the token was granted `scope` (a full URL, a constant of
    /// [`crate::auth::scopes`]).
    pub(crate) fn has_scope(&self, scope: &str) -> bool {
        self.scopes.allow(&[scope])
    }

    /// Apps cannot ask for `use_admin_access`; whether a user may is checked with the space.
    pub(crate) fn check_admin_access(&self, requested: bool) -> Result<(), Status> {
        if requested && self.is_app() {
            return Err(denied("use_admin_access requires user authentication"));
        }
        Ok(())
    }

    /// "User authentication grants administrator privileges when an administrator account
    /// authenticates, `use_admin_access` is `true`, and one of the following authorization
    /// scopes is used" (chat_service.proto, each method with admin access): with admin access
    /// the token needs one of `method`'s `chat.admin.*` scopes, without it one of its others.
    /// Either kind passes the method's own check, so this one follows the request; a handler
    /// calls it once the request's shape is checked.
    pub(crate) fn check_admin_scopes(&self, method: &str, requested: bool) -> Result<(), Status> {
        let is_admin_scope = |s: &str| {
            s.rsplit('/')
                .next()
                .is_some_and(|name| name.starts_with("chat.admin."))
        };
        let scopes = crate::RPCS
            .iter()
            .find(|r| r.name == method)
            .map_or(&[][..], |r| r.scopes);
        if scopes
            .iter()
            .any(|s| is_admin_scope(s) == requested && self.has_scope(s))
        {
            Ok(())
        } else {
            Err(insufficient_scopes(method))
        }
    }

    /// The member segment of this caller's membership names.
    pub(crate) fn member_id(&self) -> &str {
        self.name.trim_start_matches("users/")
    }

    /// The `User` message for this caller, as a sender or a member.
    pub(crate) fn user(&self) -> User {
        User {
            name: self.name.clone(),
            r#type: if self.is_app() {
                user::Type::Bot as i32
            } else {
                user::Type::Human as i32
            },
            ..Default::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(v: &str) -> MetadataMap {
        let mut m = MetadataMap::new();
        m.insert("authorization", v.parse().unwrap());
        m
    }

    #[test]
    fn reads_scopes() {
        let (token, scopes) = token(
            &md("Bearer user:a@x.com;scopes=chat.messages.readonly, https://www.googleapis.com/auth/chat.spaces"),
            false,
        )
        .unwrap();
        assert_eq!(token, Token::User("a@x.com".into()));
        assert_eq!(
            scopes,
            Scopes::Granted(vec![
                crate::auth::scopes::CHAT_MESSAGES_READONLY,
                crate::auth::scopes::CHAT_SPACES
            ])
        );
        assert!(scopes.allow(&[crate::auth::scopes::CHAT_SPACES]));
        assert!(!scopes.allow(&[crate::auth::scopes::CHAT_MESSAGES]));
        assert_eq!(
            super::token(&md("Bearer app;scopes="), false).unwrap().1,
            Scopes::Granted(vec![])
        );
        for bad in ["Bearer app;scopes=chat.nope", "Bearer app;scope=chat.bot"] {
            assert_eq!(
                super::token(&md(bad), false).unwrap_err().code(),
                tonic::Code::Unauthenticated,
                "{bad}"
            );
        }
    }

    #[test]
    fn follows_the_convention() {
        assert_eq!(
            token(&md("Bearer user:42"), false).unwrap().0,
            Token::User("42".into())
        );
        assert_eq!(
            token(&md("Bearer admin:a@x.com"), false).unwrap().0,
            Token::Admin("a@x.com".into())
        );
        assert_eq!(token(&md("Bearer app"), false).unwrap().0, Token::App(None));
        assert_eq!(
            token(&md("Bearer app:bot1"), false).unwrap().0,
            Token::App(Some("bot1".into()))
        );
        assert_eq!(
            token(&md("Bearer ya29.real"), false).unwrap_err().code(),
            tonic::Code::Unauthenticated
        );
        assert_eq!(
            token(&MetadataMap::new(), false).unwrap_err().code(),
            tonic::Code::Unauthenticated
        );
        assert_eq!(
            token(&MetadataMap::new(), true).unwrap().0,
            Token::User("guest".into())
        );
    }
}
