//! The reference pages (`../shared/reference/`, beside the repository; see their README),
//! read as data where they list things the emulator must match: the REST routes page's
//! routes are all served, and every OAuth scope the package page names for an RPC is one
//! the RPC accepts. The pages are not part of a fresh clone, so without them these tests
//! check nothing and say so.

use std::path::PathBuf;

use crate::emulator_support::start;
use crate::rest::{Version, send};
use google_chat_grpc::RPCS;

/// The text of a reference page, or `None` (with a note) when the pages aren't there.
fn page(name: &str) -> Option<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/reference");
    if !dir.is_dir() {
        eprintln!("{}: no reference pages; skipped", dir.display());
        return None;
    }
    let path = dir.join(name);
    Some(std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

/// `METHOD /path` pairs of the routes page, in its order: each table row lists a method's
/// HTTP bindings as `POST /v1/{parent=spaces/*}/messages`, several to a line.
fn routes(text: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    for line in text.lines() {
        // The page ends each route with a CJK counter word glued to the next token.
        let words: Vec<&str> = line
            .split(|c: char| c.is_whitespace() || !c.is_ascii())
            .filter(|w| !w.is_empty())
            .collect();
        for pair in words.windows(2) {
            if ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(&pair[0])
                && pair[1].starts_with('/')
            {
                found.push((pair[0].to_owned(), pair[1].to_owned()));
            }
        }
    }
    found
}

/// A concrete path for a route template: `{name=spaces/*/messages/*}` becomes
/// `spaces/s1/messages/s1`, `{resourceName=**}` two segments.
fn concrete(template: &str) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}').map_or(rest.len(), |c| open + c);
        let var = &rest[open + 1..close];
        let pattern = var.split_once('=').map_or("*", |(_, p)| p);
        let filled: Vec<&str> = pattern
            .split('/')
            .map(|seg| match seg {
                "*" => "s1",
                "**" => "s1/s2",
                literal => literal,
            })
            .collect();
        out.push_str(&filled.join("/"));
        rest = rest.get(close + 1..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

#[test]
fn route_templates_become_paths() {
    assert_eq!(
        concrete("/v1/{name=spaces/*/messages/*}"),
        "/v1/spaces/s1/messages/s1"
    );
    assert_eq!(concrete("/v1/media/{resourceName=**}"), "/v1/media/s1/s2");
    assert_eq!(
        concrete("/v1/{parent=spaces/*}/attachments:upload"),
        "/v1/spaces/s1/attachments:upload"
    );
    let parsed = routes(
        "upload |\nPOST /v1/{parent=spaces/*}/attachments:upload 個POST /upload/v1/{parent=spaces/*}/attachments:upload 個上傳附件。 |",
    );
    assert_eq!(
        parsed,
        [
            (
                "POST".to_owned(),
                "/v1/{parent=spaces/*}/attachments:upload".to_owned()
            ),
            (
                "POST".to_owned(),
                "/upload/v1/{parent=spaces/*}/attachments:upload".to_owned()
            ),
        ]
    );
}

/// Every route of `reference/rest-resources.zh-TW.txt` reaches a method: the answer (for
/// resources that don't exist, mostly `NOT_FOUND` from the method) is never the router's
/// "The requested URL ... was not found".
#[tokio::test]
async fn the_rest_reference_routes_are_all_served() {
    let Some(text) = page("rest-resources.zh-TW.txt") else {
        return;
    };
    let routes = routes(&text);
    assert!(routes.len() >= 30, "only {} routes read", routes.len());
    let (emu, _c) = start().await;
    for (method, template) in &routes {
        let path = concrete(template);
        let body = (method != "GET" && method != "DELETE").then_some("{}");
        let reply = send(
            emu.addr(),
            Version::Http1,
            method,
            &path,
            Some("user:1"),
            body,
        )
        .await;
        let message = reply.json["error"]["message"].as_str().unwrap_or("");
        assert!(
            !message.starts_with("The requested URL"),
            "{method} {template} ({path}) is not served: {}",
            reply.text
        );
    }
}

/// `RPC name → the scope URLs its section lists`, from the package page: a section starts
/// at `rpc Name(`, and its scopes are the `https://www.googleapis.com/auth/` lines before
/// the next section; the RPCs end where the messages begin.
fn page_scopes(text: &str) -> Vec<(String, Vec<String>)> {
    let mut sections: Vec<(String, Vec<String>)> = Vec::new();
    for line in text.lines() {
        let line = line.trim().trim_start_matches('•').trim();
        if let Some(rest) = line.strip_prefix("rpc ") {
            let name = rest.split('(').next().unwrap_or("").to_owned();
            sections.push((name, Vec::new()));
        } else if line.starts_with("https://www.googleapis.com/auth/")
            && let Some((_, scopes)) = sections.last_mut()
        {
            scopes.push(line.to_owned());
        } else if line == "AccessoryWidget" {
            break;
        }
    }
    sections
}

/// Every scope `reference/google-chat-v1-package.pl.txt` lists for an RPC is one Google's
/// discovery document lists for it, so the emulator accepts it (`tests/emulator/scopes.rs`
/// checks the emulator against the discovery document). The page is older than the
/// discovery document: it lists fewer RPCs and, for some, fewer scopes (the `chat.app.*`
/// scopes of app authentication, non-admin SearchSpaces); the newer list wins.
#[test]
fn every_scope_of_the_package_page_is_accepted_by_its_rpc() {
    let Some(text) = page("google-chat-v1-package.pl.txt") else {
        return;
    };
    let sections = page_scopes(&text);
    assert!(sections.len() >= 30, "only {} RPCs read", sections.len());
    for (name, scopes) in &sections {
        let rpc = RPCS
            .iter()
            .find(|r| r.name == name)
            .unwrap_or_else(|| panic!("the package page's `{name}` is not an RPC"));
        assert!(!scopes.is_empty(), "{name}: no scopes read");
        for scope in scopes {
            assert!(
                rpc.scopes.contains(&scope.as_str()),
                "{name}: the page's {scope} is not among {:?}",
                rpc.scopes
            );
        }
    }
}
