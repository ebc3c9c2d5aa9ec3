//! Per-RPC facts from the service's `google.api` options: `RpcRequest` impls (method, path,
//! routing field, request id), the data `src/validate.rs` checks requests against (routing
//! templates, update-mask fields), `Paginated` impls, the `RPCS` table, and scopes.

use std::collections::HashMap;
use std::fmt::Write as _;

use prost_reflect::{DescriptorPool, Kind, MessageDescriptor, MethodDescriptor, Value};

use crate::discovery::Discovery;
use crate::names::Resources;
use crate::paths::{ident, snake, type_path};
use crate::{BoxError, SERVICE};

/// The routing field of a method and its template: the first `{field=template}` variable
/// of its `google.api.http` path, which Google's clients send in `x-goog-request-params`.
pub fn routing(pool: &DescriptorPool, method: &MethodDescriptor) -> Option<(String, String)> {
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
    let end = start + path[start..].find('}')?;
    let (field, template) = path[start..end]
        .split_once('=')
        .unwrap_or((&path[start..end], "*"));
    Some((field.to_owned(), template.to_owned()))
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
        return format!("self.{}.as_str()", ident(head));
    }
    let Kind::Message(inner) = field.kind() else {
        panic!("{head} is not a message")
    };
    assert!(
        !rest.contains('.'),
        "routing paths nest one level in google.chat.v1"
    );
    assert!(
        inner.get_field_by_name(rest).is_some(),
        "{path} in {}",
        message.full_name()
    );
    format!(
        "self.{}.as_ref().map_or(\"\", |m| m.{}.as_str())",
        ident(head),
        ident(rest)
    )
}

fn rust_type(message: &MessageDescriptor) -> String {
    type_path(message.full_name(), message.package_name())
}

/// The repeated message field of a list response that holds the items.
fn items_field(response: &MessageDescriptor) -> Option<(String, String)> {
    let deprecated = |f: &prost_reflect::FieldDescriptor| {
        f.field_descriptor_proto()
            .options
            .as_ref()
            .is_some_and(|o| o.deprecated())
    };
    response
        .fields()
        .find(|f| f.is_list() && matches!(f.kind(), Kind::Message(_)) && !deprecated(f))
        .map(|f| {
            let Kind::Message(item) = f.kind() else {
                unreachable!()
            };
            (ident(f.name()), rust_type(&item))
        })
}

/// Per method, the status codes Google's service config retries (`retry_codes_name` of the
/// method, looked up in `retry_codes`).
fn retry_codes(service_config: &str) -> Result<HashMap<String, Vec<String>>, BoxError> {
    let config: serde_json::Value = serde_json::from_str(service_config)?;
    let interface = &config["interfaces"][SERVICE];
    let classes = interface["retry_codes"]
        .as_object()
        .ok_or("service config: no retry_codes")?;
    let methods = interface["methods"]
        .as_object()
        .ok_or("service config: no methods")?;
    methods
        .iter()
        .map(|(name, method)| {
            let class = method["retry_codes_name"]
                .as_str()
                .ok_or_else(|| format!("service config: {name} has no retry_codes_name"))?;
            let codes = classes
                .get(class)
                .and_then(|codes| codes.as_array())
                .ok_or_else(|| format!("service config: no retry codes named {class}"))?
                .iter()
                .map(|code| code.as_str().unwrap_or_default().to_owned())
                .collect();
            Ok((name.clone(), codes))
        })
        .collect()
}

/// Every field path an update mask of `request` can name: the fields of the message it
/// updates (its one message field besides `update_mask`), and their subfields through
/// singular messages of this package (not into well-known types, lists or maps).
fn mask_fields(request: &MessageDescriptor) -> Result<Vec<String>, BoxError> {
    fn walk(message: &MessageDescriptor, prefix: &str, depth: usize, out: &mut Vec<String>) {
        for field in message.fields() {
            let path = format!("{prefix}{}", field.name());
            if let Kind::Message(sub) = field.kind()
                && !field.is_list()
                && !field.is_map()
                && !sub.full_name().starts_with("google.protobuf.")
                && depth < 4
            {
                walk(&sub, &format!("{path}."), depth + 1, out);
            }
            out.push(path);
        }
    }
    let resource = request
        .fields()
        .find(|f| f.name() != "update_mask" && matches!(f.kind(), Kind::Message(_)))
        .ok_or_else(|| format!("{}: no message to update", request.full_name()))?;
    let Kind::Message(message) = resource.kind() else {
        unreachable!()
    };
    let mut out = Vec::new();
    walk(&message, "", 0, &mut out);
    out.sort();
    Ok(out)
}

/// The creates whose resource has a natural key: a repeat answers `ALREADY_EXISTS`, and the
/// client can fetch what the first attempt made (a user's reaction with that emoji, the
/// membership of that member, the custom emoji of that name, the pin of that message).
const KEYED_CREATES: &[&str] = &[
    "CreateReaction",
    "CreateMembership",
    "CreateCustomEmoji",
    "CreateMessagePin",
];

/// Creates with neither `request_id` nor a natural key: a repeat makes a second resource.
const UNKEYED_CREATES: &[&str] = &["CreateSection", "UploadAttachment"];

/// What a retry of `method` can do after an attempt that may have taken effect (the
/// `Idempotency` of src/rpc.rs), from its verb and request: a method this does not know stops
/// the build, so a proto refresh cannot bring one that is retried unsafely.
fn idempotency(method: &str, has_request_id: bool) -> Result<&'static str, BoxError> {
    const REPEATABLE: &[&str] = &[
        "Get", "List", "Search", "Find", "Update", "MarkAs", "Position", "Move",
    ];
    Ok(if has_request_id {
        "RequestId"
    } else if KEYED_CREATES.contains(&method)
        || method.starts_with("Delete")
        // A repeat answers FAILED_PRECONDITION (the space is no longer importing).
        || method == "CompleteImportSpace"
    {
        "Reconciled"
    } else if UNKEYED_CREATES.contains(&method) {
        "NotIdempotent"
    } else if REPEATABLE.iter().any(|verb| method.starts_with(verb)) {
        "Repeatable"
    } else {
        return Err(format!(
            "{method}: say in build/rpcs.rs what a retry of it can do (Idempotency in src/rpc.rs)"
        )
        .into());
    })
}

pub fn rpc_table(
    pool: &DescriptorPool,
    resources: &Resources,
    service_config: &str,
    discovery: &Discovery,
) -> Result<String, BoxError> {
    let service = pool
        .get_service_by_name(SERVICE)
        .ok_or("ChatService missing")?;
    let retry_codes = retry_codes(service_config)?;
    let mut impls = String::new();
    let mut table = String::new();
    for method in service.methods() {
        let input = method.input();
        let output = method.output();
        let routing = routing(pool, &method);
        let (routing_expr, route_data) = match &routing {
            Some((path, template)) => {
                let access = field_access(&input, path);
                let shown = resources.pattern_for_template(template).unwrap_or(template);
                (
                    format!("Some((\"{path}\", {access}))"),
                    format!(
                        "Some(crate::rpc::sealed::Route {{ field: \"{path}\", template: \"{template}\", pattern: \"{shown}\" }})"
                    ),
                )
            }
            None => ("None".to_owned(), "None".to_owned()),
        };
        // Update requests also carry the fields their mask may name, and hook in their
        // documented rules (src/update/*); src/validate.rs does the checking.
        let update_data = if input.get_field_by_name("update_mask").is_some() {
            let fields = mask_fields(&input)?;
            format!(
                "
    const MASK_FIELDS: Option<&'static [&'static str]> = Some(&[{fields}]);
    fn update_mask(&self) -> Option<&prost_types::FieldMask> {{ self.update_mask.as_ref() }}
    fn documented_rules(&self) -> Result<(), crate::Error> {{ crate::update::CheckUpdate::check_update(self) }}",
                fields = fields
                    .iter()
                    .map(|f| format!("\"{f}\""))
                    .collect::<Vec<_>>()
                    .join(", "),
            )
        } else {
            String::new()
        };
        let has_request_id = input
            .get_field_by_name("request_id")
            .is_some_and(|f| matches!(f.kind(), Kind::String));
        let request_id_expr = if has_request_id {
            "Some(&mut self.request_id)"
        } else {
            "None"
        };
        // A method or a class of codes the config did not have before stops the build here,
        // rather than be retried differently from Google's clients.
        let codes = retry_codes
            .get(method.name())
            .ok_or_else(|| format!("{} is not in the service config", method.name()))?;
        let retry = match codes.iter().map(String::as_str).collect::<Vec<_>>()[..] {
            [] => "NonIdempotent",
            ["UNAVAILABLE"] => "Idempotent",
            ref other => {
                return Err(format!(
                    "{}: retry codes {other:?} have no RetryClass yet (src/rpc.rs)",
                    method.name()
                )
                .into());
            }
        };
        let idempotency = idempotency(method.name(), has_request_id)?;
        // The hand-written reconcile of each Reconciled method (src/reconcile.rs).
        let reconcile = match idempotency {
            "Reconciled" if method.name().starts_with("Delete") && method.name() != "DeleteMembership" => {
                "\n    fn reconcile<'a>(&'a self, _: &'a crate::ChatClient, _: &'a crate::CallOptions, error: &'a crate::Error) -> Option<crate::auth::BoxFuture<'a, crate::Result<<Self as RpcRequest>::Response>>> { crate::reconcile::deleted(error) }".to_owned()
            }
            "Reconciled" => format!(
                "\n    fn reconcile<'a>(&'a self, client: &'a crate::ChatClient, options: &'a crate::CallOptions, error: &'a crate::Error) -> Option<crate::auth::BoxFuture<'a, crate::Result<<Self as RpcRequest>::Response>>> {{ crate::reconcile::{}(self, client, options, error) }}",
                snake(method.name())
            ),
            _ => String::new(),
        };
        let request_id_fn = if has_request_id {
            "\n    fn request_id(&self) -> Option<&str> { Some(self.request_id.as_str()) }"
        } else {
            ""
        };
        let paginated = input.get_field_by_name("page_token").is_some()
            && output.get_field_by_name("next_page_token").is_some();
        writeln!(
            impls,
            "impl RpcRequest for {req} {{
    type Response = {resp};
    const METHOD: &'static str = \"{name}\";
    const PATH: &'static str = \"/{SERVICE}/{name}\";
    fn routing_param(&self) -> Option<(&'static str, &str)> {{ {routing_expr} }}
    fn request_id_mut(&mut self) -> Option<&mut String> {{ {request_id_expr} }}
    const RETRY: RetryClass = RetryClass::{retry};
    const IDEMPOTENCY: Idempotency = Idempotency::{idempotency};
}}
impl crate::rpc::sealed::Sealed for {req} {{
    const ROUTE: Option<crate::rpc::sealed::Route> = {route_data};{update_data}{request_id_fn}{reconcile}
}}",
            req = rust_type(&input),
            resp = rust_type(&output),
            name = method.name(),
        )?;
        if paginated {
            let (items, item_type) = items_field(&output)
                .ok_or_else(|| format!("{} has no item list", output.full_name()))?;
            writeln!(
                impls,
                "impl crate::paginate::Paginated for {req} {{
    type Item = {item_type};
    fn set_page_token(&mut self, token: String) {{ self.page_token = token; }}
    fn next_page_token(response: &Self::Response) -> &str {{ &response.next_page_token }}
    fn into_items(response: Self::Response) -> Vec<Self::Item> {{ response.{items} }}
}}",
                req = rust_type(&input),
            )?;
        }
        writeln!(
            table,
            "    RpcInfo {{ name: \"{name}\", rust_name: \"{snake}\", path: \"/{SERVICE}/{name}\", \
             request_type: \"{input}\", response_type: \"{output}\", routing_field: {routing}, \
             paginated: {paginated}, has_request_id: {has_request_id}, \
             retry: RetryClass::{retry}, idempotency: Idempotency::{idempotency}, \
             scopes: {scopes} }},",
            name = method.name(),
            scopes = crate::discovery::slice(&discovery.scopes[method.name()]),
            snake = snake(method.name()),
            input = input.full_name(),
            output = output.full_name(),
            routing = match &routing {
                Some((r, _)) => format!("Some(\"{r}\")"),
                None => "None".to_owned(),
            },
        )?;
    }
    // The same scopes as a doc paragraph per RPC, for the hand-written helpers' docs
    // (`#[doc = scopes_doc!("CreateMessage")]` in src/shortcuts.rs).
    let mut arms = String::new();
    for method in service.methods() {
        writeln!(
            arms,
            "    (\"{name}\") => {{ \"OAuth scopes of `{name}` (any one; from Google's discovery document): {list}.\" }};",
            name = method.name(),
            list = crate::discovery::doc_list(&discovery.scopes[method.name()]),
        )?;
    }
    Ok(format!(
        "// Generated by build/rpcs.rs from the google.api options of {SERVICE}. Do not edit.\n\
         {impls}\n/// Every RPC of `{SERVICE}`, in proto order.\n\
         pub const RPCS: &[RpcInfo] = &[\n{table}];\n\n\
         /// A doc paragraph naming the scopes of an RPC.\n\
         macro_rules! scopes_doc {{\n{arms}}}\n\
         pub(crate) use scopes_doc;\n"
    ))
}

/// One constant per scope in `google.api.oauth_scopes`, named after the scope's last segment,
/// and the scopes of the media endpoints (from the discovery document).
pub fn scope_constants(pool: &DescriptorPool, discovery: &Discovery) -> Result<String, BoxError> {
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
        "// Generated by build/rpcs.rs from the google.api.oauth_scopes of {SERVICE}. Do not edit.\n"
    );
    let mut all = Vec::new();
    for scope in scopes.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let short = scope.rsplit('/').next().unwrap_or(scope);
        let name = short.replace(['.', '-'], "_").to_ascii_uppercase();
        writeln!(out, "/// `{scope}`\npub const {name}: &str = \"{scope}\";")?;
        all.push(name);
    }
    writeln!(
        out,
        "/// Every scope `{SERVICE}` lists, in proto order.\npub const ALL: &[&str] = &[{}];",
        all.join(", ")
    )?;
    let upload = &discovery.scopes["UploadAttachment"];
    writeln!(
        out,
        "/// The scopes that allow uploading an attachment's bytes (`media.upload`, the same \
         as `UploadAttachment`'s), any one of them: {}.\n\
         pub const FOR_MEDIA_UPLOAD: &[&str] = {};",
        crate::discovery::doc_list(upload),
        crate::discovery::slice(upload)
    )?;
    writeln!(
        out,
        "/// The scopes that allow downloading an attachment's bytes (`media.download`, which \
         has no RPC), any one of them: {}.\n\
         pub const FOR_MEDIA_DOWNLOAD: &[&str] = {};",
        crate::discovery::doc_list(&discovery.media_download),
        crate::discovery::slice(&discovery.media_download)
    )?;
    Ok(out)
}
