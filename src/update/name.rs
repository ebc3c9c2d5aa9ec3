//! Shape checks for the resource names the `Update*` requests carry, against the patterns of
//! the protos' `google.api.resource` options. Only the shape: whether the resource exists, or
//! whether `users/{user}` is the caller, is for the server to say.

use crate::Error;

/// Checks `value` against `pattern` (e.g. `spaces/{space}/messages/{message}`) with the
/// crate's one name check ([`crate::names`]) and returns the variable segments in order.
pub(super) fn check<'a>(
    rpc: &str,
    field: &str,
    value: &'a str,
    pattern: &'static str,
) -> Result<Vec<&'a str>, Error> {
    crate::names::check_pattern(pattern, value).map_err(|reason| {
        Error::invalid_argument(format!(
            "{rpc}: {field} {} does not match `{pattern}`: {reason}",
            shown(value)
        ))
    })
}

/// `value` quoted and escaped for an error message, cut short if it is long.
pub(super) fn shown(value: &str) -> String {
    const MAX: usize = 120;
    if value.chars().count() <= MAX {
        format!("{value:?}")
    } else {
        let head: String = value.chars().take(MAX).collect();
        format!("{head:?}...")
    }
}

/// The documented shape of a client-assigned message ID: `client-` followed by lowercase
/// letters, digits and hyphens, 63 characters at most in all (`CreateMessageRequest.message_id`).
pub(super) fn check_client_message_id(rpc: &str, id: &str) -> Result<(), Error> {
    let well_formed = id.starts_with("client-")
        && id.len() <= 63
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if well_formed {
        Ok(())
    } else {
        Err(Error::invalid_argument(format!(
            "{rpc}: message ID {} is not a valid client-assigned ID: it must begin with \
             `client-` and have at most 63 characters, only lowercase letters, digits and \
             hyphens (see CreateMessageRequest.message_id)",
            shown(id)
        )))
    }
}
