//! Per-method OAuth scopes from the Chat API's discovery document
//! (`proto/discovery/chat.v1.json`, vendored by `scripts/vendor-protos.sh`).
//!
//! The protos list the service's scopes once (`google.api.oauth_scopes`), not per method;
//! the discovery document lists, for every REST method, the scopes a token may carry to
//! call it (any one of them). A discovery method is matched to its RPC by HTTP verb and
//! path shape: the RPC's `google.api.http` rule (and its additional bindings) with every
//! variable reduced to its template, against the method's `flatPath` with every
//! `{param}` reduced to `*`. An RPC without a match stops the build, so a refresh that
//! renames a path is seen rather than leaving a method without scopes.

use std::collections::{BTreeSet, HashMap};

use prost_reflect::{DescriptorPool, DynamicMessage, Value};
use serde_json::Value as Json;

use crate::{BoxError, SERVICE};

/// What the discovery document says about the Chat API's methods.
pub struct Discovery {
    /// RPC name → the scopes that allow it, sorted.
    pub scopes: HashMap<String, Vec<String>>,
    /// Scopes of `media.download`, which has no RPC (the bytes never travel over gRPC).
    pub media_download: Vec<String>,
}

const VERBS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

/// `(VERB, path shape)` of one `google.api.http` rule, e.g.
/// `("POST", "v1/spaces/*/messages")` for `post: "/v1/{parent=spaces/*}/messages"`.
fn rule_shape(rule: &DynamicMessage) -> Option<(String, String)> {
    VERBS
        .iter()
        .find_map(|verb| match rule.get_field_by_name(verb).as_deref() {
            Some(Value::String(path)) if !path.is_empty() => {
                Some((verb.to_ascii_uppercase(), proto_shape(path)))
            }
            _ => None,
        })
}

/// `/v1/{name=spaces/*}:completeImport` → `v1/spaces/*:completeImport`.
fn proto_shape(path: &str) -> String {
    let mut out = String::new();
    let mut rest = path.trim_start_matches('/');
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        let var = &rest[start + 1..start + len];
        out.push_str(var.split_once('=').map_or("*", |(_, template)| template));
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    out
}

/// `v1/spaces/{spacesId}/messages` → `v1/spaces/*/messages`.
fn flat_shape(path: &str) -> String {
    let mut out = String::new();
    let mut rest = path.trim_start_matches('/');
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        out.push('*');
        match rest[start..].find('}') {
            Some(len) => rest = &rest[start + len + 1..],
            None => rest = "",
        }
    }
    out.push_str(rest);
    out
}

/// Every method of the document's resource tree, depth first.
fn methods<'a>(resource: &'a Json, out: &mut Vec<&'a Json>) {
    if let Some(map) = resource.get("methods").and_then(Json::as_object) {
        out.extend(map.values());
    }
    if let Some(map) = resource.get("resources").and_then(Json::as_object) {
        for child in map.values() {
            methods(child, out);
        }
    }
}

fn scopes_of(method: &Json) -> Vec<String> {
    let mut scopes: Vec<String> = method
        .get("scopes")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
        .filter_map(Json::as_str)
        .map(str::to_owned)
        .collect();
    scopes.sort();
    scopes
}

pub fn read(pool: &DescriptorPool, document: &str) -> Result<Discovery, BoxError> {
    let doc: Json = serde_json::from_str(document)?;
    let mut all = Vec::new();
    methods(&doc, &mut all);
    let mut by_shape: HashMap<(String, String), Vec<String>> = HashMap::new();
    let mut media_download = None;
    for method in all {
        let id = method.get("id").and_then(Json::as_str).unwrap_or_default();
        let verb = method
            .get("httpMethod")
            .and_then(Json::as_str)
            .ok_or_else(|| format!("{id}: no httpMethod"))?;
        let path = method
            .get("flatPath")
            .or_else(|| method.get("path"))
            .and_then(Json::as_str)
            .ok_or_else(|| format!("{id}: no path"))?;
        if id == "chat.media.download" {
            media_download = Some(scopes_of(method));
        }
        by_shape.insert((verb.to_owned(), flat_shape(path)), scopes_of(method));
    }

    let http = pool
        .get_extension_by_name("google.api.http")
        .ok_or("google.api.http missing")?;
    let service = pool
        .get_service_by_name(SERVICE)
        .ok_or("ChatService missing")?;
    let mut scopes = HashMap::new();
    for method in service.methods() {
        let options = method.options();
        let rule = options.get_extension(&http);
        let rule = rule
            .as_message()
            .ok_or_else(|| format!("{}: no google.api.http rule", method.name()))?;
        let mut rules = vec![rule.clone()];
        if let Some(Value::List(extra)) = rule.get_field_by_name("additional_bindings").as_deref() {
            rules.extend(extra.iter().filter_map(|v| v.as_message().cloned()));
        }
        // Every binding of one RPC is the same method to the server: the union of their
        // scopes (in practice the PUT and PATCH of UpdateMessage list the same ones).
        let mut union = BTreeSet::new();
        let mut matched = false;
        for rule in &rules {
            let Some(shape) = rule_shape(rule) else {
                continue;
            };
            if let Some(found) = by_shape.get(&shape) {
                matched = true;
                union.extend(found.iter().cloned());
            }
        }
        if !matched || union.is_empty() {
            return Err(format!(
                "{}: no method with its HTTP rule (or no scopes) in proto/discovery/chat.v1.json",
                method.name()
            )
            .into());
        }
        scopes.insert(method.name().to_owned(), union.into_iter().collect());
    }
    Ok(Discovery {
        scopes,
        media_download: media_download.ok_or("chat.media.download missing")?,
    })
}

/// The scopes as a Rust slice expression of string literals.
pub fn slice(scopes: &[String]) -> String {
    let items: Vec<String> = scopes.iter().map(|s| format!("\"{s}\"")).collect();
    format!("&[{}]", items.join(", "))
}

/// The scopes for a doc comment: their short names, linked to the constants.
pub fn doc_list(scopes: &[String]) -> String {
    scopes
        .iter()
        .map(|s| {
            let short = s.rsplit('/').next().unwrap_or(s);
            let constant = short.replace(['.', '-'], "_").to_ascii_uppercase();
            format!("[`{short}`](crate::auth::scopes::{constant})")
        })
        .collect::<Vec<_>>()
        .join(", ")
}
