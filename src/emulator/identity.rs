//! Who is calling, from the `authorization: Bearer <token>` header, by the emulator's token
//! convention (see the module docs of [`crate::emulator`]):
//!
//! | token | caller |
//! | --- | --- |
//! | `user:<id>` | human user `users/<id>` with user authentication (`<id>` may be an email) |
//! | `admin:<id>` | human user `users/<id>` who may set `use_admin_access` |
//! | `app` or `app:<name>` | a Chat app with app authentication (`chat.bot`), user `users/app` or `users/app-<name>` |
//!
//! Anything else is `UNAUTHENTICATED`, unless the emulator runs permissive.

use tonic::Status;
use tonic::metadata::MetadataMap;

use super::errors::{denied, unauthenticated};
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

/// Reads the token convention from request metadata.
pub(crate) fn token(metadata: &MetadataMap, permissive: bool) -> Result<Token, Status> {
    let fallback = |why: &str| {
        if permissive {
            Ok(Token::User(
                PERMISSIVE_USER.trim_start_matches("users/").to_owned(),
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
    let token = token.trim();
    let valid_id = |id: &str| {
        !id.is_empty()
            && id.len() <= 254
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"@.-_+".contains(&b))
    };
    if token == "app" {
        return Ok(Token::App(None));
    }
    if let Some(name) = token.strip_prefix("app:") {
        if valid_id(name) && !name.contains('@') {
            return Ok(Token::App(Some(name.to_owned())));
        }
    } else if let Some(id) = token.strip_prefix("user:") {
        if valid_id(id) {
            return Ok(Token::User(id.to_owned()));
        }
    } else if let Some(id) = token.strip_prefix("admin:")
        && valid_id(id)
    {
        return Ok(Token::Admin(id.to_owned()));
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
}

impl Caller {
    pub(crate) fn is_app(&self) -> bool {
        self.kind == AuthKind::App
    }

    pub(crate) fn is_admin(&self) -> bool {
        self.kind == AuthKind::Admin
    }

    /// Apps cannot ask for `use_admin_access`; whether a user may is checked with the space.
    pub(crate) fn check_admin_access(&self, requested: bool) -> Result<(), Status> {
        if requested && self.is_app() {
            return Err(denied("use_admin_access requires user authentication"));
        }
        Ok(())
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
    fn follows_the_convention() {
        assert_eq!(
            token(&md("Bearer user:42"), false).unwrap(),
            Token::User("42".into())
        );
        assert_eq!(
            token(&md("Bearer admin:a@x.com"), false).unwrap(),
            Token::Admin("a@x.com".into())
        );
        assert_eq!(token(&md("Bearer app"), false).unwrap(), Token::App(None));
        assert_eq!(
            token(&md("Bearer app:bot1"), false).unwrap(),
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
            token(&MetadataMap::new(), true).unwrap(),
            Token::User("guest".into())
        );
    }
}
