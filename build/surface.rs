//! The request builders and the `ChatClient` method of every RPC: one `set_<field>` per
//! request field, generated from the descriptors so no RPC or field is left out.

use std::fmt::Write as _;

use prost_reflect::{DescriptorPool, FieldDescriptor, Kind};

use crate::discovery::Discovery;
use crate::paths::{camel, ident, nested_module, snake, type_path};
use crate::{BoxError, SERVICE};

/// How a setter takes and stores one value of a field's type.
struct ValueType {
    /// Parameter type of the setter.
    param: String,
    /// Expression converting the parameter `v` into the stored value.
    convert: &'static str,
}

fn value_type(kind: &Kind) -> ValueType {
    let plain = |t: &str| ValueType {
        param: t.to_owned(),
        convert: "v",
    };
    match kind {
        Kind::Double => plain("f64"),
        Kind::Float => plain("f32"),
        Kind::Int32 | Kind::Sint32 | Kind::Sfixed32 => plain("i32"),
        Kind::Int64 | Kind::Sint64 | Kind::Sfixed64 => plain("i64"),
        Kind::Uint32 | Kind::Fixed32 => plain("u32"),
        Kind::Uint64 | Kind::Fixed64 => plain("u64"),
        Kind::Bool => plain("bool"),
        Kind::String => ValueType {
            param: "impl Into<String>".into(),
            convert: "v.into()",
        },
        Kind::Bytes => ValueType {
            param: "impl Into<Vec<u8>>".into(),
            convert: "v.into()",
        },
        Kind::Message(m) => plain(&type_path(m.full_name(), m.package_name())),
        Kind::Enum(e) => ValueType {
            param: type_path(e.full_name(), e.package_name()),
            convert: "v as i32",
        },
    }
}

fn is_deprecated(field: &FieldDescriptor) -> bool {
    field
        .field_descriptor_proto()
        .options
        .as_ref()
        .is_some_and(|o| o.deprecated())
}

fn setter(
    request_path: &str,
    request_full: &str,
    package: &str,
    field: &FieldDescriptor,
) -> Option<String> {
    if is_deprecated(field) || field.is_map() {
        return None;
    }
    let name = field.name();
    let member = ident(name);
    let kind = field.kind();
    let doc = format!("    /// Sets [`{request_path}::{member}`].\n");
    let v = value_type(&kind);
    let body = if field.is_list() {
        let (item_type, collect) = match kind {
            Kind::String => ("String".to_owned(), "values.into_iter().collect()"),
            Kind::Bytes => ("Vec<u8>".to_owned(), "values.into_iter().collect()"),
            Kind::Enum(_) => (
                v.param.clone(),
                "values.into_iter().map(|v| v as i32).collect()",
            ),
            _ => (v.param.clone(), "values.into_iter().collect()"),
        };
        return Some(format!(
            "{doc}    pub fn set_{name}<I: IntoIterator<Item = {item_type}>>(mut self, values: I) -> Self {{\n        \
             self.request.{member} = {collect};\n        self\n    }}\n"
        ));
    } else if let Some(oneof) = field.containing_oneof().filter(|o| !o.is_synthetic()) {
        // prost renames a oneof enum that would collide with a nested type of the message.
        let parent = oneof.parent_message();
        let mut enum_name = camel(oneof.name());
        if parent.child_messages().any(|m| m.name() == enum_name)
            || parent.child_enums().any(|e| e.name() == enum_name)
        {
            enum_name.push_str("OneOf");
        }
        let enum_path = format!("{}::{enum_name}", nested_module(request_full, package));
        format!(
            "self.request.{} = Some({enum_path}::{}({}));",
            ident(oneof.name()),
            camel(name),
            v.convert
        )
    } else if field.supports_presence() {
        format!("self.request.{member} = Some({});", v.convert)
    } else {
        format!("self.request.{member} = {};", v.convert)
    };
    Some(format!(
        "{doc}    pub fn set_{name}(mut self, v: {}) -> Self {{\n        {body}\n        self\n    }}\n",
        v.param
    ))
}

/// "a" or "an" before an RPC name: "an `UpdateMessage` call".
fn article(name: &str) -> &'static str {
    if name.starts_with(['A', 'E', 'I', 'O', 'U']) {
        "an"
    } else {
        "a"
    }
}

/// What a first call of an RPC trips over, said on its builder.
fn note(name: &str) -> Option<&'static str> {
    match name {
        "CreateSpace" => Some(
            "**With app authentication**, `space.customer` is required for a named space \
             (`customers/my_customer` for the app's own organization; \
             [`create_space_as_app`](crate::ChatClient::create_space_as_app) sets it); with \
             user authentication it must not be set.",
        ),
        "CreateMembership" => Some(
            "**With app authentication** (`chat.app.memberships`, administrator approval), \
             only users of the space's organization can be added: no external users, groups \
             or apps.",
        ),
        _ => None,
    }
}

pub fn builders(pool: &DescriptorPool, discovery: &Discovery) -> Result<String, BoxError> {
    let service = pool
        .get_service_by_name(SERVICE)
        .ok_or("ChatService missing")?;
    let mut out =
        String::from("// Generated by build/surface.rs from google.chat.v1. Do not edit.\n");
    let mut client = String::from("impl crate::ChatClient {\n");
    for method in service.methods() {
        let input = method.input();
        let package = input.package_name();
        let req = type_path(input.full_name(), package);
        let name = method.name();
        let method_snake = snake(name);
        let paginated = input.get_field_by_name("page_token").is_some();
        let stream_doc = if paginated {
            " Stream every result with [`by_item`](RequestBuilder::by_item) or \
             [`by_page`](RequestBuilder::by_page)."
        } else {
            ""
        };
        // The setters, also listed on the alias's own page: rustdoc shows an alias's methods
        // only through JavaScript.
        let setters: Vec<(String, String)> = input
            .fields()
            .filter_map(|field| {
                let code = setter(&req, input.full_name(), package, &field)?;
                let name = code.split_once("pub fn ")?.1.split_once('(')?.0.to_owned();
                Some((name, code))
            })
            .collect();
        let scopes = format!(
            "OAuth scopes (any one; from Google's discovery document): {}.",
            crate::discovery::doc_list(&discovery.scopes[name])
        );
        let listed = if setters.is_empty() {
            "It has no setters: the request has no fields besides the argument.".to_owned()
        } else {
            let names: Vec<String> = setters.iter().map(|(n, _)| format!("`{n}`")).collect();
            format!("Setters: {}.", names.join(", "))
        };
        writeln!(
            out,
            "/// Builder for {article} `{name}` call, from [`ChatClient::{method_snake}`](crate::ChatClient::{method_snake}).\n\
             ///\n\
             /// {listed} Then the call options of [`CallOptions`](crate::CallOptions) \
             (`with_timeout`, `with_retry_policy`, ...), and [`send`](RequestBuilder::send).\n\
             ///\n\
             /// {scopes}{note}\n\
             pub type {name} = RequestBuilder<{req}>;\n",
            article = article(name),
            note = note(name)
                .map(|n| format!("\n///\n/// {n}"))
                .unwrap_or_default(),
        )?;
        writeln!(out, "impl RequestBuilder<{req}> {{")?;
        for (_, code) in &setters {
            out.push_str(code);
        }
        writeln!(out, "}}\n")?;

        let routing = crate::rpcs::routing(pool, &method);
        let (param, init) = match routing.as_ref().map(|(f, _)| f.as_str()) {
            Some(field) if !field.contains('.') => (
                format!(", {}: impl Into<String>", ident(field)),
                format!(
                    "{req} {{ {0}: {0}.into(), ..Default::default() }}",
                    ident(field)
                ),
            ),
            _ => (String::new(), "Default::default()".to_owned()),
        };
        writeln!(
            client,
            "    /// Starts {article} `{name}` call ([`{input_name}`]({req})): set fields on the builder, \
             then `.send().await`.{stream_doc}\n    \
             ///\n    \
             /// {scopes}{note}\n    \
             pub fn {method_snake}(&self{param}) -> {name} {{\n        \
             RequestBuilder::new(self.clone(), {init})\n    }}\n",
            input_name = input.name(),
            article = article(name),
            note = note(name)
                .map(|n| format!("\n    ///\n    /// {n}"))
                .unwrap_or_default(),
        )?;
    }
    client.push_str("}\n");
    out.push_str(&client);
    Ok(out)
}

/// For the integration tests (`tests/api/surface.rs`): per RPC, a function that rebuilds a
/// request through the builder, calling every setter with the request's own values, and a
/// `for_each_rpc!` macro listing them. Generated with the builders so neither can drift.
pub fn surface_tests(pool: &DescriptorPool) -> Result<String, BoxError> {
    let service = pool
        .get_service_by_name(SERVICE)
        .ok_or("ChatService missing")?;
    let mut out =
        String::from("// Generated by build/surface.rs for tests/api/surface.rs. Do not edit.\n");
    let mut list = String::new();
    for method in service.methods() {
        let input = method.input();
        let package = input.package_name();
        let req = type_path(input.full_name(), package).replace("crate::", "google_chat_grpc::");
        let method_snake = snake(method.name());
        let routing = crate::rpcs::routing(pool, &method);
        let start = match routing.as_ref().map(|(f, _)| f.as_str()) {
            Some(field) if !field.contains('.') => {
                format!("client.{method_snake}(r.{}.clone())", ident(field))
            }
            _ => format!("client.{method_snake}()"),
        };
        let mut body = String::new();
        for field in input.fields() {
            let member = ident(field.name());
            let name = field.name();
            let kind = field.kind();
            let enum_type = match &kind {
                Kind::Enum(e) => Some(
                    type_path(e.full_name(), e.package_name())
                        .replace("crate::", "google_chat_grpc::"),
                ),
                _ => None,
            };
            if is_deprecated(&field) {
                writeln!(
                    body,
                    "    #[allow(deprecated)]\n    {{ b.request_mut().{member} = r.{member}.clone(); }}"
                )?;
                continue;
            }
            if field.is_list() {
                match &enum_type {
                    Some(e) => writeln!(
                        body,
                        "    b = b.set_{name}(r.{member}.iter().map(|v| {e}::try_from(*v).unwrap_or_default()));"
                    )?,
                    None => writeln!(body, "    b = b.set_{name}(r.{member}.clone());")?,
                }
            } else if let Some(oneof) = field.containing_oneof().filter(|o| !o.is_synthetic()) {
                let parent = oneof.parent_message();
                let mut enum_name = camel(oneof.name());
                if parent.child_messages().any(|m| m.name() == enum_name)
                    || parent.child_enums().any(|e| e.name() == enum_name)
                {
                    enum_name.push_str("OneOf");
                }
                let enum_path =
                    format!("{}::{enum_name}", nested_module(input.full_name(), package))
                        .replace("crate::", "google_chat_grpc::");
                let value = match &enum_type {
                    Some(e) => format!("{e}::try_from(v).unwrap_or_default()"),
                    None => "v".to_owned(),
                };
                writeln!(
                    body,
                    "    if let Some({enum_path}::{}(v)) = r.{}.clone() {{ b = b.set_{name}({value}); }}",
                    camel(name),
                    ident(oneof.name())
                )?;
            } else if field.supports_presence() {
                let value = match &enum_type {
                    Some(e) => format!("{e}::try_from(v).unwrap_or_default()"),
                    None => "v".to_owned(),
                };
                writeln!(
                    body,
                    "    if let Some(v) = r.{member}.clone() {{ b = b.set_{name}({value}); }}"
                )?;
            } else {
                match &enum_type {
                    Some(e) => writeln!(
                        body,
                        "    b = b.set_{name}({e}::try_from(r.{member}).unwrap_or_default());"
                    )?,
                    None => writeln!(body, "    b = b.set_{name}(r.{member}.clone());")?,
                }
            }
        }
        writeln!(
            out,
            "#[allow(unused_mut)]\npub(crate) fn via_builder_{method_snake}(client: &google_chat_grpc::ChatClient, r: {req}) -> google_chat_grpc::builder::{name} {{\n    let mut b = {start};\n{body}    b\n}}\n",
            name = method.name(),
        )?;
        writeln!(
            list,
            "        $m!({method_snake}, {name}, {req}, via_builder_{method_snake});",
            name = method.name()
        )?;
    }
    writeln!(
        out,
        "macro_rules! for_each_rpc {{\n    ($m:ident) => {{\n{list}    }};\n}}"
    )?;
    Ok(out)
}
