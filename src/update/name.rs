//! Shape checks for the resource names the `Update*` requests carry, against the patterns of
//! the protos' `google.api.resource` options. Only the shape: whether the resource exists, or
//! whether `users/{user}` is the caller, is for the server to say.

use crate::Error;

/// Checks `value` against `pattern` (e.g. `spaces/{space}/messages/{message}`) and returns
/// the variable segments in order.
///
/// Literal segments must match exactly; each variable segment must be non-empty, free of
/// whitespace and control characters, and not an unfilled `{placeholder}`. A '/' inside a
/// segment shows up as a wrong segment count.
pub(super) fn check<'a>(
    rpc: &str,
    field: &str,
    value: &'a str,
    pattern: &'static str,
) -> Result<Vec<&'a str>, Error> {
    let fail = |reason: String| {
        Error::invalid_argument(format!(
            "{rpc}: {field} {} does not match `{pattern}`: {reason}",
            shown(value)
        ))
    };
    let expected: Vec<&str> = pattern.split('/').collect();
    let given: Vec<&str> = value.split('/').collect();
    if value.is_empty() {
        return Err(fail("the name is empty".into()));
    }
    if given.len() != expected.len() {
        return Err(fail(format!(
            "expected {} segments separated by '/', got {}",
            expected.len(),
            given.len()
        )));
    }
    let mut vars = Vec::new();
    for (want, got) in expected.iter().zip(&given) {
        if want.starts_with('{') {
            check_segment(want, got).map_err(fail)?;
            vars.push(*got);
        } else if want != got {
            return Err(fail(format!("expected `{want}`, got {}", shown(got))));
        }
    }
    Ok(vars)
}

fn check_segment(var: &str, got: &str) -> Result<(), String> {
    if got.is_empty() {
        return Err(format!("`{var}` is empty"));
    }
    if got.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!(
            "`{var}` {} contains whitespace or control characters",
            shown(got)
        ));
    }
    if got.starts_with('{') && got.ends_with('}') {
        return Err(format!(
            "`{var}` is the unfilled placeholder {got}; put the real ID there"
        ));
    }
    Ok(())
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
