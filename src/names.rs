//! Typed resource names, one per `google.api.resource` pattern in the protos: parse
//! (`FromStr`), `Display`, an accessor per segment, constructors, and the names of the
//! resources they live under.
//!
//! Parsing checks the shape only (literal collection segments, one non-empty segment per
//! variable), which is what the API itself accepts: `users/alice@example.com`, `users/app`,
//! `users/me`, `spaces/AAAA/members/app` and `client-` message IDs are all valid.
//!
//! ```
//! use google_chat_grpc::names::{MessageName, SpaceName};
//!
//! let name: MessageName = "spaces/AAAA/messages/client-report-42".parse()?;
//! assert_eq!(name.space(), "AAAA");
//! assert_eq!(name.message(), "client-report-42");
//! assert_eq!(name.space_name(), SpaceName::new("AAAA")?);
//! assert_eq!(name.to_string(), "spaces/AAAA/messages/client-report-42");
//!
//! let err = "spaces/AAAA/threads/x".parse::<MessageName>().unwrap_err();
//! assert_eq!(
//!     err.to_string(),
//!     r#"expected a name like spaces/{space}/messages/{message}, got "spaces/AAAA/threads/x""#
//! );
//! # Ok::<(), google_chat_grpc::names::NameError>(())
//! ```

use std::fmt;

/// A string that is not a name of the expected shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameError {
    // Crate-visible for the names the generated code defines (`crate::generated::names`).
    pub(crate) expected: &'static str,
    pub(crate) got: String,
}

impl NameError {
    /// The pattern the name should have matched, e.g. `spaces/{space}`.
    pub fn expected(&self) -> &'static str {
        self.expected
    }

    /// The string given.
    pub fn got(&self) -> &str {
        &self.got
    }
}

impl fmt::Display for NameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "expected a name like {}, got {:?}",
            self.expected, self.got
        )
    }
}

impl std::error::Error for NameError {}

impl From<NameError> for crate::Error {
    fn from(err: NameError) -> Self {
        crate::Error::invalid_argument(err.to_string())
    }
}

/// Why a variable segment is not an ID, if it is not: empty, with whitespace or control
/// characters (never part of a Chat ID), or an unfilled `{placeholder}`.
fn segment_problem(segment: &str) -> Option<&'static str> {
    if segment.is_empty() {
        Some("is empty")
    } else if segment
        // Every whitespace or control character is one of these bytes; the exact (Unicode)
        // check runs only when one is there, so the usual ASCII ID costs one pass of bytes.
        .bytes()
        .any(|b| b <= b' ' || b >= 0x7f)
        && segment.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        Some("contains whitespace or control characters")
    } else if segment.starts_with('{') && segment.ends_with('}') {
        Some("is an unfilled placeholder")
    } else {
        None
    }
}

/// Checks `name` against `template` (`Some(literal)`, or `None` for a variable) and returns
/// the variable segments in order, or why it does not fit.
fn check<'a>(template: &[Option<&str>], name: &'a str) -> Result<Vec<&'a str>, String> {
    let segments: Vec<&str> = name.split('/').collect();
    if name.is_empty() {
        return Err("the name is empty".to_owned());
    }
    if segments.len() != template.len() {
        let plural = |n: usize| if n == 1 { "segment" } else { "segments" };
        return Err(format!(
            "it has {} {}, not {}",
            segments.len(),
            plural(segments.len()),
            template.len()
        ));
    }
    let mut vars = Vec::new();
    for (i, (segment, expected)) in segments.iter().zip(template).enumerate() {
        match expected {
            Some(literal) if segment != literal => {
                return Err(format!("segment {} should be `{literal}`", i + 1));
            }
            Some(_) => {}
            None => match segment_problem(segment) {
                Some(problem) => return Err(format!("segment {} {problem}", i + 1)),
                None => vars.push(*segment),
            },
        }
    }
    Ok(vars)
}

pub(crate) fn matches(template: &[Option<&str>], name: &str) -> bool {
    check(template, name).is_ok()
}

/// A pattern (`spaces/{space}`) or HTTP rule template (`spaces/*`) as a template.
fn template_of(pattern: &str) -> Vec<Option<&str>> {
    pattern
        .split('/')
        .map(|s| {
            if s == "*" || s.starts_with('{') {
                None
            } else {
                Some(s)
            }
        })
        .collect()
}

/// Checks `value` against a documented pattern (`spaces/{space}/messages/{message}`) and
/// returns its variable segments, or why it does not fit; for modules that check names
/// inside requests (`update`).
pub(crate) fn check_pattern<'a>(pattern: &str, value: &'a str) -> Result<Vec<&'a str>, String> {
    check(&template_of(pattern), value)
}

/// Fills a template's variables in order. A value with a `/` makes a name that `matches`
/// then refuses.
pub(crate) fn build(template: &[Option<&str>], vars: &[&str]) -> String {
    let mut vars = vars.iter();
    let segments: Vec<&str> = template
        .iter()
        .map(|t| t.unwrap_or_else(|| vars.next().copied().unwrap_or("")))
        .collect();
    segments.join("/")
}

/// The first `n` segments of a name.
pub(crate) fn prefix(name: &str, n: usize) -> &str {
    match name.match_indices('/').nth(n - 1) {
        Some((i, _)) => &name[..i],
        None => name,
    }
}

/// Checks a request's routing field against its method's HTTP rule template (`spaces/*`),
/// before anything goes on the wire. `shown` is the pattern the error names.
pub(crate) fn check_routing(
    field: &str,
    template: &str,
    shown: &'static str,
    value: &str,
) -> Result<(), crate::Error> {
    // On every call, so no allocation on the way to `Ok`.
    let mut given = Segments(Some(value));
    let fits = Segments(Some(template)).all(|expected| match given.next() {
        Some(segment) if expected == "*" => segment_problem(segment).is_none(),
        Some(segment) => segment == expected,
        None => false,
    }) && given.next().is_none();
    if fits {
        return Ok(());
    }
    Err(match check(&template_of(template), value) {
        Err(_) if value.is_empty() => crate::Error::invalid_argument(format!(
            "{field} is required: expected a name like {shown}"
        )),
        Err(why) => crate::Error::invalid_argument(format!(
            "{field} is {value:?}: expected a name like {shown} ({why})"
        )),
        Ok(_) => crate::Error::invalid_argument(format!(
            "{field} is {value:?}: expected a name like {shown}"
        )),
    })
}

/// `str::split('/')` for short names: a plain byte scan, where `split`'s searcher costs more
/// to set up than the name takes to scan (this runs on every call).
struct Segments<'a>(Option<&'a str>);

impl<'a> Iterator for Segments<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.0?;
        match rest.bytes().position(|b| b == b'/') {
            Some(i) => {
                self.0 = Some(&rest[i + 1..]);
                Some(&rest[..i])
            }
            None => {
                self.0 = None;
                Some(rest)
            }
        }
    }
}

macro_rules! resource_name {
    (
        $(#[$doc:meta])*
        $name:ident, $pattern:literal, [$($segment:expr),*],
        vars: [$($var:ident: $index:literal),*],
        ancestors: [$($ancestor:ident: $ancestor_fn:ident: $depth:literal),*],
    ) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub(crate) String);

        impl $name {
            #[doc = concat!("The pattern: `", $pattern, "`.")]
            pub const PATTERN: &'static str = $pattern;
            const TEMPLATE: &'static [Option<&'static str>] = &[$($segment),*];

            #[doc = concat!("The name `", $pattern, "` with these segments; each must be non-empty and without `/`.")]
            #[allow(clippy::too_many_arguments)]
            pub fn new($($var: impl AsRef<str>),*) -> Result<Self, $crate::names::NameError> {
                let name = $crate::names::build(Self::TEMPLATE, &[$($var.as_ref()),*]);
                Self::parse(name)
            }

            /// Parses a name, checking its shape.
            pub fn parse(name: impl Into<String>) -> Result<Self, $crate::names::NameError> {
                let name = name.into();
                if $crate::names::matches(Self::TEMPLATE, &name) {
                    Ok(Self(name))
                } else {
                    Err($crate::names::NameError { expected: $pattern, got: name })
                }
            }

            /// The name as a string.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            $(
                #[doc = concat!("The `{", stringify!($var), "}` segment.")]
                pub fn $var(&self) -> &str {
                    self.0.split('/').nth($index).unwrap_or_default()
                }
            )*

            $(
                #[doc = concat!("The [`", stringify!($ancestor), "`] this resource belongs to.")]
                pub fn $ancestor_fn(&self) -> $ancestor {
                    $ancestor($crate::names::prefix(&self.0, $depth).to_owned())
                }
            )*
        }

        impl std::str::FromStr for $name {
            type Err = $crate::names::NameError;
            fn from_str(s: &str) -> Result<Self, $crate::names::NameError> {
                Self::parse(s)
            }
        }

        impl TryFrom<&str> for $name {
            type Error = $crate::names::NameError;
            fn try_from(s: &str) -> Result<Self, $crate::names::NameError> {
                Self::parse(s)
            }
        }

        impl TryFrom<String> for $name {
            type Error = $crate::names::NameError;
            fn try_from(s: String) -> Result<Self, $crate::names::NameError> {
                Self::parse(s)
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl ::std::fmt::Debug for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                write!(f, concat!(stringify!($name), "({:?})"), self.0)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl From<$name> for String {
            fn from(name: $name) -> String {
                name.0
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }
    };
}

// Used by the generated names (`crate::generated::names`).
pub(crate) use resource_name;

pub use crate::generated::names::*;

impl UserName {
    /// `users/me`: the calling user (read states, notification settings, sections).
    pub fn me() -> Self {
        Self("users/me".to_owned())
    }

    /// `users/app`: the calling Chat app.
    pub fn app() -> Self {
        Self("users/app".to_owned())
    }

    /// Whether this names the user by email (`users/alice@example.com`), which the API
    /// accepts wherever it takes a user.
    pub fn is_email(&self) -> bool {
        self.user().contains('@')
    }
}

impl MembershipName {
    /// `spaces/{space}/members/app`: the calling Chat app's own membership.
    pub fn app(space: impl AsRef<str>) -> Result<Self, NameError> {
        Self::new(space, "app")
    }
}

impl MessageName {
    /// Whether the message ID was assigned by the client (`client-...`, set through
    /// `message_id` on create).
    pub fn is_client_assigned(&self) -> bool {
        self.message().starts_with("client-")
    }
}

impl SpaceReadStateName {
    /// `users/me/spaces/{space}/spaceReadState`: the caller's read state in a space.
    pub fn for_me(space: impl AsRef<str>) -> Result<Self, NameError> {
        Self::new("me", space)
    }
}

impl SpaceNotificationSettingName {
    /// `users/me/spaces/{space}/spaceNotificationSetting`: the caller's setting.
    pub fn for_me(space: impl AsRef<str>) -> Result<Self, NameError> {
        Self::new("me", space)
    }
}

impl SpaceName {
    /// `spaces/-`: every space, where the API accepts it (`SearchMessages`).
    pub fn all() -> Self {
        Self("spaces/-".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::{Segments, segment_problem};

    #[test]
    fn segments_split_like_str_split() {
        for name in [
            "",
            "/",
            "a",
            "a/b",
            "/a/",
            "spaces/A/messages/b",
            "a//b",
            "ü/é/",
        ] {
            assert_eq!(
                Segments(Some(name)).collect::<Vec<_>>(),
                name.split('/').collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn segment_problems_include_unicode_whitespace() {
        assert_eq!(segment_problem("AAAA"), None);
        assert_eq!(segment_problem("ümlaut"), None);
        for bad in ["a b", "a\tb", "a\u{7f}", "a\u{a0}b", "a\u{2003}", "\u{85}"] {
            assert!(segment_problem(bad).is_some(), "{bad:?}");
        }
    }
}
