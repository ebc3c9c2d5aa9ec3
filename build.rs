//! Compiles the vendored Google protos in `proto/` into prost messages and tonic stubs, and
//! derives from the same descriptors what the hand-written layer needs per RPC: routing,
//! validation, builders, resource names, scopes.
//!
//! protox parses the `.proto` files in pure Rust, so a fresh machine needs only `cargo`:
//! no `protoc`, no Python, no Node.

use std::{env, fs, path::PathBuf};

// The generators, one module each, live in build/ (a top-level build.rs is where a reader
// of a crate looks for its build script first).
#[path = "build/discovery.rs"]
mod discovery;
#[path = "build/docs.rs"]
mod docs;
#[path = "build/names.rs"]
mod names;
#[path = "build/oneof.rs"]
mod oneof;
#[path = "build/paths.rs"]
mod paths;
#[path = "build/rpcs.rs"]
mod rpcs;
#[path = "build/surface.rs"]
mod surface;

/// The one file whose import closure is the whole API; `proto/` holds exactly that closure.
const ROOT_PROTO: &str = "google/chat/v1/chat_service.proto";

/// Encoded `FileDescriptorSet` written to `OUT_DIR`, included by `src/proto.rs`.
const DESCRIPTOR_FILE: &str = "google_chat_v1_descriptor.bin";

pub(crate) const SERVICE: &str = "google.chat.v1.ChatService";

/// The last line of every generated surface file (see `src/generated.rs`).
const COPY_NOTE: &str = "// Compiled from OUT_DIR by src/generated.rs. generated/ holds a copy for reading \
                         and grep, kept identical by tests/api/generated.rs.\n";

type BoxError = Box<dyn std::error::Error>;

fn main() -> Result<(), BoxError> {
    println!("cargo:rerun-if-changed=proto");
    println!("cargo:rerun-if-changed=build");
    println!("cargo:rerun-if-changed=build.rs");
    println!(
        "cargo:rustc-env=GOOGLE_CHAT_GRPC_RUSTC_VERSION={}",
        rustc_version()
    );
    println!(
        "cargo:rustc-env=GOOGLE_CHAT_GRPC_TONIC_VERSION={}",
        tonic_version()
    );

    let out_dir = PathBuf::from(env::var("OUT_DIR")?);

    let mut compiler = protox::Compiler::new(["proto"])?;
    compiler.include_imports(true).include_source_info(true);
    compiler.open_file(ROOT_PROTO)?;

    // Codegen reads the comments from source info, so it gets the full set.
    let fds = compiler.file_descriptor_set();

    // The set exported for reflection keeps extension options (google.api.http, resource
    // patterns, ...) that prost_types drops, but not the comments: those are already in the
    // rustdoc and would triple the size embedded in every binary.
    compiler.include_source_info(false);
    fs::write(
        out_dir.join(DESCRIPTOR_FILE),
        compiler.encode_file_descriptor_set(),
    )?;

    let pool = compiler.descriptor_pool();
    let resources = names::Resources::collect(&pool);
    let discovery = discovery::read(&pool, &fs::read_to_string("proto/discovery/chat.v1.json")?)?;
    let surface = [
        (
            "chat_rpcs.rs",
            rpcs::rpc_table(
                &pool,
                &resources,
                &fs::read_to_string("proto/service_config/chat_service_client_config.json")?,
                &discovery,
            )?,
        ),
        ("chat_scopes.rs", rpcs::scope_constants(&pool, &discovery)?),
        ("chat_names.rs", resources.generate()?),
        ("chat_builders.rs", surface::builders(&pool, &discovery)?),
        ("chat_oneofs.rs", oneof::oneofs(&pool)?),
    ];
    for (file, code) in surface {
        fs::write(out_dir.join(file), format!("{code}{COPY_NOTE}"))?;
    }
    fs::write(
        out_dir.join("chat_surface_tests.rs"),
        surface::surface_tests(&pool)?,
    )?;

    tonic_prost_build::configure()
        .build_client(true)
        // Server stubs are always generated but compiled only with the `server` feature, so
        // client-only users do not pay for tonic's server stack.
        .build_server(true)
        .server_mod_attribute(".", r#"#[cfg(feature = "server")]"#)
        .server_mod_attribute(".", r#"#[cfg_attr(docsrs, doc(cfg(feature = "server")))]"#)
        .compile_fds_with_config(fds, prost_config())?;

    for file in [
        "google.chat.v1.rs",
        "google.apps.card.v1.rs",
        "google.api.rs",
    ] {
        let path = out_dir.join(file);
        let code = fs::read_to_string(&path)?;
        fs::write(&path, docs::clean(&pool, &code))?;
    }

    Ok(())
}

fn prost_config() -> tonic_prost_build::Config {
    let mut config = tonic_prost_build::Config::new();
    // `prost::Name` on every message: full names and `type.googleapis.com/...` URLs, for
    // packing into `Any` and for tools that look types up by name.
    config.enable_type_names();
    // Where a user writing a message looks first: the proto comment says Chat parses
    // mentions but not how to write one.
    config.field_attribute(
        ".google.chat.v1.Message.text",
        "#[doc = \"\"]\n#[doc = \"Mentions are written in the text as `<users/{user}>` \
         (`<users/all>` for everyone): see [`crate::text`].\"]",
    );
    config
}

/// For the `gl-rust/<version>` part of `x-goog-api-client`.
fn rustc_version() -> String {
    let rustc = env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    std::process::Command::new(rustc)
        .arg("--version")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|v| v.split_whitespace().nth(1).map(str::to_owned))
        .unwrap_or_else(|| "unknown".into())
}

/// The tonic release line of `tonic = "0.14.x"` in Cargo.toml: what `grpc/` says when the
/// exact version cannot be found.
const TONIC_LINE: &str = "0.14";

/// For the `grpc/<version>` part of `x-goog-api-client`: the exact tonic version this build
/// links, from the `Cargo.lock` that governs it, else [`TONIC_LINE`].
///
/// tonic exposes its version nowhere (its `tonic/<version>` user agent is a private const),
/// cargo tells a build script nothing of its dependencies' versions (`DEP_*` needs a
/// `links` key tonic has not), and `cargo metadata` cannot run inside a build. So the lock
/// is read, found where cargo put this build: the ancestors of `OUT_DIR`
/// (`<target>/<profile>/build/<crate>-<hash>/out`), which by default is the workspace's
/// `target/`, next to its `Cargo.lock`, whether this crate is the workspace or a
/// dependency of it. A target directory elsewhere (`CARGO_TARGET_DIR`, `build-dir`) finds
/// none there; then the lock beside `Cargo.toml` is taken, but only when this crate is not
/// an unpacked package (registry, git or vendored: `.cargo-ok` or `.cargo-checksum.json`),
/// since a published crate carries the lock it was published with, not the one of the build.
/// A lock is taken only if it lists this package at this version; else [`TONIC_LINE`].
fn tonic_version() -> String {
    let this = (
        env::var("CARGO_PKG_NAME").unwrap_or_default(),
        env::var("CARGO_PKG_VERSION").unwrap_or_default(),
    );
    let out_dir = env::var_os("OUT_DIR").map(PathBuf::from);
    let beside_target = out_dir
        .iter()
        .flat_map(|out| out.ancestors().skip(1))
        .map(|dir| dir.join("Cargo.lock"));
    let beside_manifest = env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .filter(|dir| !dir.join(".cargo-ok").exists() && !dir.join(".cargo-checksum.json").exists())
        .map(|dir| dir.join("Cargo.lock"));
    for lock in beside_target.chain(beside_manifest) {
        let Ok(text) = fs::read_to_string(&lock) else {
            continue;
        };
        let packages = locked_packages(&text);
        if !packages.contains(&this) {
            continue;
        }
        // `cargo update -p tonic` changes the lock, not this crate: run again then.
        println!("cargo:rerun-if-changed={}", lock.display());
        let line = format!("{TONIC_LINE}.");
        if let Some((_, version)) = packages
            .into_iter()
            .find(|(name, version)| name == "tonic" && version.starts_with(&line))
        {
            return version;
        }
        break;
    }
    TONIC_LINE.into()
}

/// The `(name, version)` of every `[[package]]` of a `Cargo.lock`.
fn locked_packages(lock: &str) -> Vec<(String, String)> {
    let field = |block: &str, key: &str| {
        block.lines().find_map(|line| {
            let value = line.strip_prefix(key)?.trim_start().strip_prefix('=')?;
            Some(value.trim().trim_matches('"').to_owned())
        })
    };
    lock.split("[[package]]")
        .skip(1)
        .filter_map(|block| Some((field(block, "name")?, field(block, "version")?)))
        .collect()
}
