//! Clean-ups of the rustdoc prost writes from the proto comments, applied to its output in
//! `OUT_DIR` after it is generated:
//!
//! - Google's cross-references, `[ListMessages][google.chat.v1.ChatService.ListMessages]`
//!   (which prost escapes to `\[ListMessages\]\[google.chat...\]` and rustdoc shows raw),
//!   become intra-doc links to the generated item: a message or enum, a field (its message,
//!   when the field is part of a oneof), an enum value, a service method (its client
//!   method). A target the descriptors do not know keeps only its text.
//! - prost wraps every bare URL in `<...>`, also inside the JSON samples of the card docs,
//!   where `"imageUrl": "https://..png",` turns into `"<https://..png",>`; the quote and
//!   comma it swallowed are put back outside.

use heck::{ToShoutySnakeCase, ToUpperCamelCase};
use prost_reflect::DescriptorPool;

use crate::paths::{ident, type_path};

/// The cleaned text of one generated file.
pub fn clean(pool: &DescriptorPool, code: &str) -> String {
    unmangle_urls(&cross_references(pool, code))
}

fn cross_references(pool: &DescriptorPool, code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(start) = rest.find("\\[") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let parsed = after.split_once("\\]\\[").and_then(|(text, tail)| {
            let (target, tail) = tail.split_once("\\]")?;
            // The text may wrap onto the next doc line (`[thread\n    /// ID][...]`).
            let plausible = text.len() < 120
                && text.matches('\n').count() <= 1
                && !text.contains("\\[")
                && target.starts_with("google.")
                && !target.contains(char::is_whitespace);
            plausible.then_some((text, target, tail))
        });
        match parsed {
            Some((text, target, tail)) => {
                match resolve(pool, target) {
                    Some(path) => out.push_str(&format!("[{text}]({path})")),
                    None => out.push_str(text),
                }
                rest = tail;
            }
            None => {
                out.push_str("\\[");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The Rust path of the item a proto full name names, if the descriptors know it.
fn resolve(pool: &DescriptorPool, target: &str) -> Option<String> {
    if let Some(m) = pool.get_message_by_name(target) {
        return Some(type_path(m.full_name(), m.package_name()));
    }
    if let Some(e) = pool.get_enum_by_name(target) {
        return Some(type_path(e.full_name(), e.package_name()));
    }
    let (parent, member) = target.rsplit_once('.')?;
    if let Some(m) = pool.get_message_by_name(parent) {
        let field = m.get_field_by_name(member)?;
        let path = type_path(m.full_name(), m.package_name());
        let in_oneof = field.containing_oneof().is_some_and(|o| !o.is_synthetic());
        return Some(if in_oneof {
            path
        } else {
            format!("{path}::{}", ident(field.name()))
        });
    }
    if let Some(e) = pool.get_enum_by_name(parent) {
        let value = e.get_value_by_name(member)?;
        // prost strips the enum's name as a prefix of its values (`MEMBERSHIP_ROLE_...`).
        let prefix = format!("{}_", e.name().to_shouty_snake_case());
        let name = value.name();
        let name = name.strip_prefix(&prefix).unwrap_or(name);
        return Some(format!(
            "{}::{}",
            type_path(e.full_name(), e.package_name()),
            name.to_upper_camel_case()
        ));
    }
    if let Some(s) = pool.get_service_by_name(parent) {
        let method = s.methods().find(|m| m.name() == member)?;
        let module = format!("{}_client", ident(s.name()));
        let package = s.package_name();
        let service = type_path(s.full_name(), package);
        let (base, client) = service.rsplit_once("::")?;
        return Some(format!(
            "{base}::{module}::{client}Client::{}",
            ident(method.name())
        ));
    }
    None
}

/// `"<https://x.png",>` back to `"https://x.png",`, and `"<https://x">` to `"https://x"`.
fn unmangle_urls(code: &str) -> String {
    let mut out = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(start) = rest.find("\"<http") {
        out.push_str(&rest[..start + 1]);
        let after = &rest[start + 2..];
        match after.find('>') {
            Some(end) if after[..end].ends_with('"') || after[..end].ends_with("\",") => {
                out.push_str(&after[..end]);
                rest = &after[end + 1..];
            }
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}
