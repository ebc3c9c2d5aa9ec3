//! Compiles the vendored Google protos in `proto/` into prost messages and tonic stubs.
//!
//! protox parses the `.proto` files in pure Rust, so a fresh machine needs only `cargo`:
//! no `protoc`, no Python, no Node.

use std::fmt::Write as _;
use std::{env, fs, path::PathBuf};

use prost_reflect::{DescriptorPool, Kind, MessageDescriptor, Value};

/// The one file whose import closure is the whole API; `proto/` holds exactly that closure.
const ROOT_PROTO: &str = "google/chat/v1/chat_service.proto";

/// Encoded `FileDescriptorSet` written to `OUT_DIR`, included by `src/proto.rs`.
const DESCRIPTOR_FILE: &str = "google_chat_v1_descriptor.bin";

/// Per-RPC facts derived from the service's options, included by `src/rpc.rs`.
const RPCS_FILE: &str = "chat_rpcs.rs";

/// OAuth scope constants from `google.api.oauth_scopes`, included by `src/auth.rs`.
const SCOPES_FILE: &str = "chat_scopes.rs";

const SERVICE: &str = "google.chat.v1.ChatService";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=proto");
    println!("cargo:rerun-if-changed=build.rs");
    // For the `gl-rust/<version>` part of x-goog-api-client.
    let rustc = env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let version = std::process::Command::new(rustc)
        .arg("--version")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|v| v.split_whitespace().nth(1).map(str::to_owned))
        .unwrap_or_else(|| "unknown".into());
    println!("cargo:rustc-env=GOOGLE_CHAT_GRPC_RUSTC_VERSION={version}");

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
    fs::write(out_dir.join(RPCS_FILE), rpc_table(&pool)?)?;
    fs::write(out_dir.join(SCOPES_FILE), scope_constants(&pool)?)?;

    tonic_prost_build::configure()
        .build_client(true)
        // Server stubs are always generated but compiled only with the `server` feature, so
        // client-only users do not pay for tonic's server stack.
        .build_server(true)
        .server_mod_attribute(".", r#"#[cfg(feature = "server")]"#)
        .server_mod_attribute(".", r#"#[cfg_attr(docsrs, doc(cfg(feature = "server")))]"#)
        .compile_fds_with_config(fds, prost_config())?;

    Ok(())
}

fn prost_config() -> tonic_prost_build::Config {
    let mut config = tonic_prost_build::Config::new();
    // `prost::Name` on every message: full names and `type.googleapis.com/...` URLs, for
    // packing into `Any` and for tools that look types up by name.
    config.enable_type_names();
    config
}

/// Rust path of a message type, relative to the crate root.
fn rust_type(message: &MessageDescriptor) -> String {
    match message.full_name() {
        "google.protobuf.Empty" => "()".to_owned(),
        name => {
            let rest = name
                .strip_prefix("google.chat.v1.")
                .expect("chat.v1 request/response");
            format!("crate::proto::chat::v1::{rest}")
        }
    }
}

/// The routing field of a method: the first `{field=...}` variable of its `google.api.http`
/// path, which is what Google's clients send in `x-goog-request-params`.
fn routing_field(
    pool: &DescriptorPool,
    method: &prost_reflect::MethodDescriptor,
) -> Option<String> {
    let http = pool.get_extension_by_name("google.api.http")?;
    let options = method.options();
    if !options.has_extension(&http) {
        return None;
    }
    let rule = options.get_extension(&http);
    let rule = rule.as_message()?;
    let path = ["get", "post", "put", "patch", "delete"]
        .iter()
        .find_map(|verb| match rule.get_field_by_name(verb).as_deref() {
            Some(Value::String(p)) if !p.is_empty() => Some(p.clone()),
            _ => None,
        })?;
    let start = path.find('{')? + 1;
    let end = start + path[start..].find(['=', '}'])?;
    Some(path[start..end].to_owned())
}

/// A Rust expression reading the (possibly nested, `a.b`) string field from `self`.
fn field_access(message: &MessageDescriptor, path: &str) -> String {
    let (head, rest) = path.split_once('.').unwrap_or((path, ""));
    let field = message
        .get_field_by_name(head)
        .unwrap_or_else(|| panic!("{path} in {}", message.full_name()));
    if rest.is_empty() {
        assert!(
            matches!(field.kind(), Kind::String),
            "routing field {path} is not a string"
        );
        return format!("self.{head}.as_str()");
    }
    let Kind::Message(inner) = field.kind() else {
        panic!("{head} is not a message")
    };
    let (inner_head, inner_rest) = rest.split_once('.').unwrap_or((rest, ""));
    assert!(
        inner_rest.is_empty(),
        "routing paths nest one level in google.chat.v1"
    );
    assert!(
        inner.get_field_by_name(inner_head).is_some(),
        "{path} in {}",
        message.full_name()
    );
    format!("self.{head}.as_ref().map_or(\"\", |m| m.{inner_head}.as_str())")
}

fn snake_case(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// `impl RpcRequest` for every request type, and the table of all RPCs.
fn rpc_table(pool: &DescriptorPool) -> Result<String, Box<dyn std::error::Error>> {
    let service = pool
        .get_service_by_name(SERVICE)
        .ok_or("ChatService missing")?;
    let mut impls = String::new();
    let mut table = String::new();
    for method in service.methods() {
        let input = method.input();
        let output = method.output();
        let routing = routing_field(pool, &method);
        let routing_expr = match &routing {
            Some(path) => format!("Some((\"{path}\", {}))", field_access(&input, path)),
            None => "None".to_owned(),
        };
        let has_request_id = input
            .get_field_by_name("request_id")
            .is_some_and(|f| matches!(f.kind(), Kind::String));
        let request_id_expr = if has_request_id {
            "Some(&mut self.request_id)"
        } else {
            "None"
        };
        let paginated = input.get_field_by_name("page_token").is_some()
            && output.get_field_by_name("next_page_token").is_some();
        writeln!(
            impls,
            "impl RpcRequest for {req} {{
    type Response = {resp};
    const METHOD: &'static str = \"{name}\";
    const PATH: &'static str = \"/{service}/{name}\";
    fn routing_param(&self) -> Option<(&'static str, &str)> {{ {routing_expr} }}
    fn request_id_mut(&mut self) -> Option<&mut String> {{ {request_id_expr} }}
}}",
            req = rust_type(&input),
            resp = rust_type(&output),
            name = method.name(),
            service = SERVICE,
        )?;
        writeln!(
            table,
            "    RpcInfo {{ name: \"{name}\", rust_name: \"{snake}\", path: \"/{SERVICE}/{name}\", \
             request_type: \"{input}\", response_type: \"{output}\", routing_field: {routing}, \
             paginated: {paginated}, has_request_id: {has_request_id} }},",
            name = method.name(),
            snake = snake_case(method.name()),
            input = input.full_name(),
            output = output.full_name(),
            routing = match &routing {
                Some(r) => format!("Some(\"{r}\")"),
                None => "None".to_owned(),
            },
        )?;
    }
    Ok(format!(
        "// Generated by build.rs from the google.api options of {SERVICE}. Do not edit.\n\
         {impls}\n/// Every RPC of `{SERVICE}`, in proto order.\n\
         pub const RPCS: &[RpcInfo] = &[\n{table}];\n"
    ))
}

/// One constant per scope in `google.api.oauth_scopes`, named after the scope's last segment.
fn scope_constants(pool: &DescriptorPool) -> Result<String, Box<dyn std::error::Error>> {
    let service = pool
        .get_service_by_name(SERVICE)
        .ok_or("ChatService missing")?;
    let ext = pool
        .get_extension_by_name("google.api.oauth_scopes")
        .ok_or("oauth_scopes missing")?;
    let options = service.options();
    let value = options.get_extension(&ext);
    let scopes = value.as_str().ok_or("oauth_scopes is not a string")?;
    let mut out = format!(
        "// Generated by build.rs from the google.api.oauth_scopes of {SERVICE}. Do not edit.\n"
    );
    let mut all = Vec::new();
    for scope in scopes.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let short = scope.rsplit('/').next().unwrap_or(scope);
        let ident = short.replace(['.', '-'], "_").to_ascii_uppercase();
        writeln!(out, "/// `{scope}`\npub const {ident}: &str = \"{scope}\";")?;
        all.push(ident);
    }
    writeln!(
        out,
        "/// Every scope `{SERVICE}` lists, in proto order.\npub const ALL: &[&str] = &[{}];",
        all.join(", ")
    )?;
    Ok(out)
}
