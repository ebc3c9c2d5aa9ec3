//! `generated/` is an exact copy of the surface code the build generates (see
//! `src/generated.rs`), so that the generated code can be read and grepped in the source tree.
//! With `GOOGLE_CHAT_GRPC_BLESS=1` the test rewrites the copy instead of failing.

use std::path::Path;

/// Each generated surface file, as this build made it.
const GENERATED: &[(&str, &str)] = &[
    (
        "chat_rpcs.rs",
        include_str!(concat!(env!("OUT_DIR"), "/chat_rpcs.rs")),
    ),
    (
        "chat_scopes.rs",
        include_str!(concat!(env!("OUT_DIR"), "/chat_scopes.rs")),
    ),
    (
        "chat_names.rs",
        include_str!(concat!(env!("OUT_DIR"), "/chat_names.rs")),
    ),
    (
        "chat_builders.rs",
        include_str!(concat!(env!("OUT_DIR"), "/chat_builders.rs")),
    ),
    (
        "chat_oneofs.rs",
        include_str!(concat!(env!("OUT_DIR"), "/chat_oneofs.rs")),
    ),
];

#[test]
fn the_checked_in_copy_of_the_generated_code_is_current() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("generated");
    let bless = std::env::var_os("GOOGLE_CHAT_GRPC_BLESS").is_some();
    let mut stale = Vec::new();
    for (file, generated) in GENERATED {
        let path = dir.join(file);
        let copy = std::fs::read_to_string(&path).unwrap_or_default();
        if copy == *generated {
            continue;
        }
        if bless {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, generated).unwrap();
        } else {
            stale.push(*file);
        }
    }
    assert!(
        stale.is_empty(),
        "generated/ differs from what the build generated for {stale:?}; run \
         `GOOGLE_CHAT_GRPC_BLESS=1 cargo test --all-features --test api generated` and commit it"
    );
    // Every file in the copy is one the build makes: none is left behind by a rename.
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        assert!(
            GENERATED.iter().any(|(file, _)| *file == name),
            "generated/{name} is not generated any more; delete it"
        );
    }
}

/// build/docs.rs: no raw proto cross-reference and no URL that prost's autolinking mangled
/// is left in the rustdoc of the generated packages, and the references became links.
#[test]
fn generated_docs_have_no_raw_cross_references() {
    for (file, code) in [
        (
            "google.chat.v1.rs",
            include_str!(concat!(env!("OUT_DIR"), "/google.chat.v1.rs")),
        ),
        (
            "google.apps.card.v1.rs",
            include_str!(concat!(env!("OUT_DIR"), "/google.apps.card.v1.rs")),
        ),
        (
            "google.api.rs",
            include_str!(concat!(env!("OUT_DIR"), "/google.api.rs")),
        ),
    ] {
        assert!(
            !code.contains("\\]\\[google."),
            "{file}: raw cross-reference left"
        );
        assert!(!code.contains("\",>"), "{file}: a mangled URL left");
        let mangled = code.lines().find(|l| l.contains("\"<http"));
        assert!(mangled.is_none(), "{file}: a mangled URL left: {mangled:?}");
    }
    let chat = include_str!(concat!(env!("OUT_DIR"), "/google.chat.v1.rs"));
    assert!(chat.contains(
        "[ListMessages](crate::proto::chat::v1::chat_service_client::ChatServiceClient::list_messages)"
    ));
    assert!(chat.contains("(crate::proto::chat::v1::membership::MembershipRole::RoleManager)"));
    assert!(chat.contains("(crate::proto::chat::v1::Thread::thread_key)"));
}
