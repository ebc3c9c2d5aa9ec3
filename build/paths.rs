//! Rust paths and identifiers of generated items, computed the way prost-build names them.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Rust module path of a proto package, relative to the crate root.
fn package_module(package: &str) -> String {
    match package {
        "google.protobuf" => "::prost_types".to_owned(),
        other => {
            let rest = other.strip_prefix("google.").unwrap_or(other);
            let parts: Vec<String> = rest.split('.').map(ident).collect();
            format!("crate::proto::{}", parts.join("::"))
        }
    }
}

/// Rust path of a message or enum, given its full proto name and package.
pub fn type_path(full_name: &str, package: &str) -> String {
    if full_name == "google.protobuf.Empty" {
        return "()".to_owned();
    }
    let rest = full_name
        .strip_prefix(package)
        .and_then(|r| r.strip_prefix('.'))
        .unwrap_or(full_name);
    let mut parts: Vec<&str> = rest.split('.').collect();
    let name = parts.pop().unwrap_or_default();
    let mut path = package_module(package);
    for parent in parts {
        path.push_str("::");
        path.push_str(&ident(&parent.to_snake_case()));
    }
    path.push_str("::");
    path.push_str(&name.to_upper_camel_case());
    path
}

/// The module prost puts a message's nested types (and oneof enums) in.
pub fn nested_module(message_full_name: &str, package: &str) -> String {
    let rest = message_full_name
        .strip_prefix(package)
        .and_then(|r| r.strip_prefix('.'))
        .unwrap_or(message_full_name);
    let mut path = package_module(package);
    for part in rest.split('.') {
        path.push_str("::");
        path.push_str(&ident(&part.to_snake_case()));
    }
    path
}

/// A field or module name as prost writes it: snake case, keywords escaped.
pub fn ident(name: &str) -> String {
    let snake = name.to_snake_case();
    match snake.as_str() {
        "self" | "super" | "crate" | "extern" => format!("{snake}_"),
        "as" | "break" | "const" | "continue" | "else" | "enum" | "false" | "fn" | "for" | "if"
        | "impl" | "in" | "let" | "loop" | "match" | "mod" | "move" | "mut" | "pub" | "ref"
        | "return" | "static" | "struct" | "trait" | "true" | "type" | "unsafe" | "use"
        | "where" | "while" | "async" | "await" | "dyn" | "abstract" | "become" | "box" | "do"
        | "final" | "macro" | "override" | "priv" | "typeof" | "unsized" | "virtual" | "yield"
        | "try" | "gen" => {
            format!("r#{snake}")
        }
        _ => snake,
    }
}

/// A variant or type name as prost writes it.
pub fn camel(name: &str) -> String {
    name.to_upper_camel_case()
}

pub fn snake(name: &str) -> String {
    name.to_snake_case()
}
