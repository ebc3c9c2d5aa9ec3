//! Update masks: the field paths of a `FieldMask`, normalised to snake_case (clients may send
//! the JSON camelCase names), checked against the paths a method allows.

use prost_types::FieldMask;
use tonic::Status;

use super::errors::invalid;
// `displayName` -> `display_name`: the client's own conversion, so both sides read a mask
// the same way.
use crate::update::snake_case as snake;

/// The mask's paths in snake_case; an empty or missing mask is `INVALID_ARGUMENT`. A path
/// may hold several comma-separated paths, as REST clients send them.
pub(crate) fn paths(mask: Option<&FieldMask>, allowed: &[&str]) -> Result<Vec<String>, Status> {
    let paths: Vec<String> = mask
        .map(|m| {
            m.paths
                .iter()
                .flat_map(|p| p.split(','))
                .map(|p| snake(p.trim()))
                .filter(|p| !p.is_empty())
                .collect()
        })
        .unwrap_or_default();
    if paths.is_empty() {
        return Err(invalid(
            "update_mask",
            "is required and must name at least one field",
        ));
    }
    for p in &paths {
        if p != "*" && !allowed.contains(&p.as_str()) {
            return Err(invalid(
                "update_mask",
                format!(
                    "`{p}` cannot be updated; supported paths: {}",
                    allowed.join(", ")
                ),
            ));
        }
    }
    Ok(paths)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_and_checks() {
        let m = FieldMask {
            paths: vec!["displayName,space_details".into()],
        };
        assert_eq!(
            paths(Some(&m), &["display_name", "space_details"])
                .unwrap()
                .len(),
            2
        );
        assert!(paths(None, &["a"]).is_err());
        assert!(
            paths(
                Some(&FieldMask {
                    paths: vec!["x".into()]
                }),
                &["a"]
            )
            .is_err()
        );
    }
}
