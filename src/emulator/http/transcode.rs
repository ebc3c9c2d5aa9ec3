//! HTTP/JSON ↔ protobuf transcoding of the `ChatService` RPCs, driven entirely by the
//! `google.api.http` rules in the embedded descriptor set: no per-RPC table is written by
//! hand. Built once per process ([`Transcoder::get`]).
//!
//! A request is transcoded into one JSON object for the RPC's request message (the body,
//! under the rule's `body` field or as the whole message for `body: "*"`; then the query
//! parameters; then the path variables, which win) and that object is read with
//! prost-reflect's proto3 JSON deserializer; the resulting dynamic message is encoded to
//! protobuf bytes for the emulator's dispatch. The response bytes are decoded into a
//! dynamic message of the output type and written with prost-reflect's serializer.

use std::sync::OnceLock;

use prost::Message as _;
use prost_reflect::{
    DescriptorPool, DeserializeOptions, DynamicMessage, FieldDescriptor, Kind, MessageDescriptor,
    MethodDescriptor,
};
use serde_json::{Map, Value};
use tonic::{Code, Status};

use crate::proto::api::HttpRule;
use crate::proto::api::http_rule::Pattern;

/// Query parameters every Google REST API accepts on any method (the "system parameters");
/// they never bind to request fields.
const SYSTEM_PARAMS: &[&str] = &[
    "alt",
    "prettyPrint",
    "fields",
    "key",
    "access_token",
    "oauth_token",
    "quotaUser",
    "$.xgafv",
    "callback",
    "upload_protocol",
    "uploadType",
];

/// Where the HTTP body goes in the request message.
#[derive(Debug, Clone)]
enum BodyTarget {
    /// No body (GET, DELETE): every field not in the path is a query parameter.
    None,
    /// `body: "*"`: the body is the whole request message.
    All,
    /// `body: "field"`: the body is that field; other fields are query parameters.
    Field(FieldDescriptor),
}

#[derive(Debug, Clone, PartialEq)]
enum Segment {
    Literal(String),
    /// `*`: one path segment.
    Star,
    /// `**`: zero or more path segments.
    DoubleStar,
}

/// A variable of a path template: the field path (`message.name`) and the template
/// segments it spans.
#[derive(Debug, Clone)]
struct Variable {
    fields: Vec<FieldDescriptor>,
    start: usize,
    end: usize,
}

/// A parsed `google.api.http` path template (`/v1/{name=spaces/*/messages/*}:verb`).
#[derive(Debug, Clone)]
struct Template {
    segments: Vec<Segment>,
    variables: Vec<Variable>,
    verb: Option<String>,
}

/// One HTTP binding of one RPC.
#[derive(Debug, Clone)]
pub(crate) struct Route {
    pub(crate) http_method: http::Method,
    template: Template,
    body: BodyTarget,
    pub(crate) method: MethodDescriptor,
}

/// The request fields a matched path binds.
type PathValues = Vec<(Vec<FieldDescriptor>, String)>;

/// The routes of every RPC and the descriptor pool their messages live in.
#[derive(Debug)]
pub(crate) struct Transcoder {
    pool: DescriptorPool,
    routes: Vec<Route>,
}

/// The error of a request that cannot be transcoded: `INVALID_ARGUMENT`, as Google's
/// frontends answer it.
pub(crate) fn bad_request(message: impl Into<String>) -> Status {
    Status::new(Code::InvalidArgument, message.into())
}

impl Transcoder {
    /// The process's transcoder, built on first use from the embedded descriptor sets.
    pub(crate) fn get() -> Result<&'static Transcoder, &'static str> {
        static ONCE: OnceLock<Result<Transcoder, String>> = OnceLock::new();
        ONCE.get_or_init(Transcoder::build)
            .as_ref()
            .map_err(|e| e.as_str())
    }

    fn build() -> Result<Transcoder, String> {
        // With google.rpc.Status and the error details (BadRequest, ...), to render error
        // bodies.
        let pool = crate::json::pool()?.clone();
        let service = pool
            .get_service_by_name("google.chat.v1.ChatService")
            .ok_or("google.chat.v1.ChatService is not in the descriptor set")?;
        let http = pool
            .get_extension_by_name("google.api.http")
            .ok_or("google.api.http is not in the descriptor set")?;
        let mut routes = Vec::new();
        for method in service.methods() {
            let options = method.options();
            if !options.has_extension(&http) {
                continue;
            }
            let rule = options
                .get_extension(&http)
                .as_message()
                .ok_or_else(|| format!("{}: google.api.http is not a message", method.name()))?
                .transcode_to::<HttpRule>()
                .map_err(|e| format!("{}: google.api.http: {e}", method.name()))?;
            let mut rules = vec![rule.clone()];
            rules.extend(rule.additional_bindings.iter().cloned());
            for rule in rules {
                routes.push(
                    Route::new(&method, &rule).map_err(|e| format!("{}: {e}", method.name()))?,
                );
            }
        }
        // Routes with a custom verb first: `/v1/spaces:search` is tried before anything
        // that could read `spaces:search` as a resource ID.
        routes.sort_by_key(|r| r.template.verb.is_none());
        Ok(Transcoder { pool, routes })
    }

    /// The route and the path values for a request line (`Err` for a path that does not
    /// percent-decode).
    pub(crate) fn find(
        &self,
        method: &http::Method,
        path: &str,
    ) -> Result<Option<(&Route, PathValues)>, Status> {
        for route in &self.routes {
            if route.http_method != *method {
                continue;
            }
            if let Some(values) = route.template.matches(path)? {
                return Ok(Some((route, values)));
            }
        }
        Ok(None)
    }

    /// The protobuf-encoded request message for a matched route.
    pub(crate) fn request(
        &self,
        route: &Route,
        path_values: PathValues,
        query: &[(String, String)],
        body: &[u8],
    ) -> Result<Vec<u8>, Status> {
        let input = route.method.input();
        let body_json = if body.iter().all(u8::is_ascii_whitespace) {
            None
        } else {
            Some(
                serde_json::from_slice::<Value>(body)
                    .map_err(|e| bad_request(format!("Invalid JSON payload received. {e}")))?,
            )
        };
        let mut root = Map::new();
        match (&route.body, body_json) {
            (BodyTarget::All, Some(Value::Object(o))) => root = o,
            (BodyTarget::All, Some(_)) => {
                return Err(bad_request(
                    "Invalid JSON payload received. The request body must be a JSON object.",
                ));
            }
            (BodyTarget::Field(f), Some(v)) => {
                root.insert(f.json_name().to_owned(), v);
            }
            // A body on a method without one is ignored, as Google's frontends do.
            (_, _) => {}
        }
        for (key, value) in query {
            if SYSTEM_PARAMS.contains(&key.as_str()) {
                continue;
            }
            if matches!(route.body, BodyTarget::All) {
                return Err(unknown_param(key));
            }
            let fields = field_path(&input, key).ok_or_else(|| unknown_param(key))?;
            if let BodyTarget::Field(f) = &route.body
                && fields[0] == *f
            {
                return Err(bad_request(format!(
                    "Invalid query parameter `{key}`: the field is bound to the request body"
                )));
            }
            set_query(&mut root, &fields, key, value)?;
        }
        for (fields, value) in path_values {
            let (last, parents) = fields.split_last().expect("a variable names a field");
            let object = object_at(&mut root, parents, "path variable")?;
            object.insert(last.json_name().to_owned(), Value::String(value));
        }
        let message = DynamicMessage::deserialize_with_options(
            input,
            Value::Object(root),
            &DeserializeOptions::new().deny_unknown_fields(true),
        )
        .map_err(|e| bad_request(format!("Invalid JSON payload received. {e}")))?;
        Ok(message.encode_to_vec())
    }

    /// The JSON of a protobuf-encoded response of the route's RPC.
    pub(crate) fn response(
        &self,
        route: &Route,
        bytes: &[u8],
        pretty: bool,
    ) -> Result<Vec<u8>, Status> {
        let message = DynamicMessage::decode(route.method.output(), bytes)
            .map_err(|e| Status::internal(format!("response does not decode: {e}")))?;
        to_json(&message, pretty)
    }

    /// `details` of a status as proto3 JSON (`{"@type": ..., ...}` each), from its
    /// `grpc-status-details-bin`; empty when it has none or they do not decode.
    pub(crate) fn details(&self, status: &Status) -> Vec<Value> {
        let Some(desc) = self.pool.get_message_by_name("google.rpc.Status") else {
            return Vec::new();
        };
        if status.details().is_empty() {
            return Vec::new();
        }
        let Ok(message) = DynamicMessage::decode(desc, status.details()) else {
            return Vec::new();
        };
        let Ok(Value::Object(mut rendered)) = message.serialize_with_options(
            serde_json::value::Serializer,
            &crate::json::serialize_options(),
        ) else {
            return Vec::new();
        };
        match rendered.remove("details") {
            Some(Value::Array(details)) => details,
            _ => Vec::new(),
        }
    }

    /// The name of a gRPC code as `google.rpc.Code` spells it (`INVALID_ARGUMENT`).
    pub(crate) fn code_name(&self, code: Code) -> String {
        self.pool
            .get_enum_by_name("google.rpc.Code")
            .and_then(|e| e.get_value(code as i32))
            .map(|v| v.name().to_owned())
            .unwrap_or_else(|| "UNKNOWN".to_owned())
    }
}

fn to_json(message: &DynamicMessage, pretty: bool) -> Result<Vec<u8>, Status> {
    let mut out = crate::json::write_dynamic(message, pretty)
        .map_err(|e| Status::internal(format!("response does not render as JSON: {e}")))?;
    if pretty {
        out.push(b'\n');
    }
    Ok(out)
}

fn unknown_param(key: &str) -> Status {
    bad_request(format!(
        "Invalid JSON payload received. Unknown name \"{key}\": Cannot bind query parameter."
    ))
}

/// The fields a dotted query parameter name (`space.displayName`, `show_deleted`) names.
fn field_path(message: &MessageDescriptor, key: &str) -> Option<Vec<FieldDescriptor>> {
    let mut fields = Vec::new();
    let mut current = message.clone();
    let mut parts = key.split('.').peekable();
    while let Some(part) = parts.next() {
        let field = current
            .get_field_by_json_name(part)
            .or_else(|| current.get_field_by_name(part))?;
        if parts.peek().is_some() {
            match field.kind() {
                Kind::Message(inner) if !field.is_list() && !field.is_map() => current = inner,
                _ => return None,
            }
        }
        fields.push(field);
    }
    Some(fields)
}

/// The JSON object at `parents` (created as needed).
fn object_at<'a>(
    root: &'a mut Map<String, Value>,
    parents: &[FieldDescriptor],
    what: &str,
) -> Result<&'a mut Map<String, Value>, Status> {
    let mut object = root;
    for parent in parents {
        let entry = object
            .entry(parent.json_name().to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
        if entry.is_null() {
            *entry = Value::Object(Map::new());
        }
        object = entry.as_object_mut().ok_or_else(|| {
            bad_request(format!(
                "Invalid {what}: `{}` is not a message in the request body",
                parent.json_name()
            ))
        })?;
    }
    Ok(object)
}

/// Sets one query parameter into the request JSON: by the field's kind (bools as bools,
/// everything else as the string proto3 JSON accepts for it), repeated fields appended.
fn set_query(
    root: &mut Map<String, Value>,
    fields: &[FieldDescriptor],
    key: &str,
    value: &str,
) -> Result<(), Status> {
    let (last, parents) = fields.split_last().expect("a parameter names a field");
    if last.is_map() {
        return Err(bad_request(format!(
            "Invalid query parameter `{key}`: map fields cannot be set from the query"
        )));
    }
    let json = match last.kind() {
        Kind::Bool => match value {
            "true" | "1" => Value::Bool(true),
            "false" | "0" => Value::Bool(false),
            _ => {
                return Err(bad_request(format!(
                    "Invalid value at '{key}' (TYPE_BOOL), \"{value}\""
                )));
            }
        },
        // Google's frontends take mask paths in either case (`display_name,spaceDetails`);
        // proto3 JSON spells them in lowerCamelCase.
        Kind::Message(m) if m.full_name() == "google.protobuf.FieldMask" => Value::String(
            value
                .split(',')
                .map(|p| {
                    p.trim()
                        .split('.')
                        .map(camel_case)
                        .collect::<Vec<_>>()
                        .join(".")
                })
                .collect::<Vec<_>>()
                .join(","),
        ),
        Kind::Message(m) if !is_string_wkt(m.full_name()) => {
            return Err(bad_request(format!(
                "Invalid query parameter `{key}`: message fields cannot be set from the query"
            )));
        }
        Kind::Enum(e) => {
            if e.get_value_by_name(value).is_none()
                && value
                    .parse::<i32>()
                    .map_or(true, |n| e.get_value(n).is_none())
            {
                return Err(bad_request(format!(
                    "Invalid value at '{key}' (type.googleapis.com/{}), \"{value}\"",
                    e.full_name()
                )));
            }
            Value::String(value.to_owned())
        }
        kind => {
            let ok = match kind {
                Kind::Int32 | Kind::Sint32 | Kind::Sfixed32 => value.parse::<i32>().is_ok(),
                Kind::Int64 | Kind::Sint64 | Kind::Sfixed64 => value.parse::<i64>().is_ok(),
                Kind::Uint32 | Kind::Fixed32 => value.parse::<u32>().is_ok(),
                Kind::Uint64 | Kind::Fixed64 => value.parse::<u64>().is_ok(),
                Kind::Float | Kind::Double => value.parse::<f64>().is_ok(),
                _ => true,
            };
            if !ok {
                return Err(bad_request(format!(
                    "Invalid value at '{key}' ({}), \"{value}\"",
                    type_name(&kind)
                )));
            }
            Value::String(value.to_owned())
        }
    };
    let object = object_at(root, parents, "query parameter")?;
    let name = last.json_name().to_owned();
    if last.is_list() {
        match object
            .entry(name)
            .or_insert_with(|| Value::Array(Vec::new()))
        {
            Value::Array(items) => items.push(json),
            other => *other = Value::Array(vec![json]),
        }
    } else {
        object.insert(name, json);
    }
    Ok(())
}

/// `display_name` → `displayName`.
fn camel_case(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    let mut upper = false;
    for c in segment.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// `TYPE_INT32`, as Google's error messages name a scalar type.
fn type_name(kind: &Kind) -> String {
    let name = match kind {
        Kind::Double => "double",
        Kind::Float => "float",
        Kind::Int32 => "int32",
        Kind::Int64 => "int64",
        Kind::Uint32 => "uint32",
        Kind::Uint64 => "uint64",
        Kind::Sint32 => "sint32",
        Kind::Sint64 => "sint64",
        Kind::Fixed32 => "fixed32",
        Kind::Fixed64 => "fixed64",
        Kind::Sfixed32 => "sfixed32",
        Kind::Sfixed64 => "sfixed64",
        Kind::Bool => "bool",
        Kind::String => "string",
        Kind::Bytes => "bytes",
        Kind::Message(m) => return format!("type.googleapis.com/{}", m.full_name()),
        Kind::Enum(e) => return format!("type.googleapis.com/{}", e.full_name()),
    };
    format!("TYPE_{}", name.to_ascii_uppercase())
}

/// Well-known types whose proto3 JSON form is a string, so a query parameter can hold them.
fn is_string_wkt(name: &str) -> bool {
    matches!(
        name,
        "google.protobuf.Timestamp"
            | "google.protobuf.Duration"
            | "google.protobuf.FieldMask"
            | "google.protobuf.StringValue"
            | "google.protobuf.BytesValue"
            | "google.protobuf.Int64Value"
            | "google.protobuf.UInt64Value"
            | "google.protobuf.Int32Value"
            | "google.protobuf.UInt32Value"
            | "google.protobuf.DoubleValue"
            | "google.protobuf.FloatValue"
    )
}

impl Route {
    fn new(method: &MethodDescriptor, rule: &HttpRule) -> Result<Route, String> {
        let (http_method, pattern) = match rule.pattern.as_ref() {
            Some(Pattern::Get(p)) => (http::Method::GET, p),
            Some(Pattern::Post(p)) => (http::Method::POST, p),
            Some(Pattern::Put(p)) => (http::Method::PUT, p),
            Some(Pattern::Patch(p)) => (http::Method::PATCH, p),
            Some(Pattern::Delete(p)) => (http::Method::DELETE, p),
            Some(Pattern::Custom(c)) => (
                http::Method::from_bytes(c.kind.as_bytes()).map_err(|e| e.to_string())?,
                &c.path,
            ),
            None => return Err("an http rule without a pattern".into()),
        };
        let input = method.input();
        let body = match rule.body.as_str() {
            "" => BodyTarget::None,
            "*" => BodyTarget::All,
            name => BodyTarget::Field(
                input
                    .get_field_by_name(name)
                    .ok_or_else(|| format!("body field {name} is not in {}", input.name()))?,
            ),
        };
        Ok(Route {
            http_method,
            template: Template::parse(pattern, &input)?,
            body,
            method: method.clone(),
        })
    }

    /// The RPC's name (`CreateMessage`).
    pub(crate) fn rpc(&self) -> &str {
        self.method.name()
    }
}

impl Template {
    fn parse(pattern: &str, input: &MessageDescriptor) -> Result<Template, String> {
        let rest = pattern
            .strip_prefix('/')
            .ok_or_else(|| format!("template {pattern} does not start with /"))?;
        // The verb follows the last `:` that is outside braces and after the last `/`.
        let tail_start = rest.rfind(['/', '}']).map_or(0, |i| i + 1);
        let (body, verb) = match rest[tail_start..].find(':') {
            Some(i) => (
                &rest[..tail_start + i],
                Some(rest[tail_start + i + 1..].to_owned()),
            ),
            None => (rest, None),
        };
        let mut segments = Vec::new();
        let mut variables = Vec::new();
        let mut chars = body;
        while !chars.is_empty() {
            if let Some(after) = chars.strip_prefix('{') {
                let close = after
                    .find('}')
                    .ok_or_else(|| format!("unclosed variable in {pattern}"))?;
                let inner = &after[..close];
                let (path, sub) = inner.split_once('=').unwrap_or((inner, "*"));
                let fields = field_path(input, path)
                    .ok_or_else(|| format!("{path} in {pattern} is not a request field"))?;
                let start = segments.len();
                segments.extend(sub.split('/').map(Segment::parse));
                variables.push(Variable {
                    fields,
                    start,
                    end: segments.len(),
                });
                chars = &after[close + 1..];
            } else {
                let end = chars.find('/').unwrap_or(chars.len());
                segments.push(Segment::parse(&chars[..end]));
                chars = &chars[end..];
            }
            chars = chars.strip_prefix('/').unwrap_or(chars);
        }
        Ok(Template {
            segments,
            variables,
            verb,
        })
    }

    /// The path values if `path` (still percent-encoded) matches.
    fn matches(&self, path: &str) -> Result<Option<PathValues>, Status> {
        let Some(rest) = path.strip_prefix('/') else {
            return Ok(None);
        };
        let rest = match &self.verb {
            Some(verb) => match rest
                .strip_suffix(verb.as_str())
                .and_then(|r| r.strip_suffix(':'))
            {
                Some(r) => r,
                None => return Ok(None),
            },
            None => rest,
        };
        let parts: Vec<&str> = rest.split('/').collect();
        let mut spans = vec![(0, 0); self.segments.len()];
        if !match_segments(&self.segments, &parts, 0, 0, &mut spans) {
            return Ok(None);
        }
        let mut values = Vec::with_capacity(self.variables.len());
        for v in &self.variables {
            let from = if v.start < spans.len() {
                spans[v.start].0
            } else {
                parts.len()
            };
            let to = if v.end > v.start {
                spans[v.end - 1].1
            } else {
                from
            };
            let mut value = String::new();
            for (i, part) in parts[from..to].iter().enumerate() {
                if i > 0 {
                    value.push('/');
                }
                value.push_str(&percent_decode(part)?);
            }
            values.push((v.fields.clone(), value));
        }
        Ok(Some(values))
    }
}

impl Segment {
    fn parse(s: &str) -> Segment {
        match s {
            "*" => Segment::Star,
            "**" => Segment::DoubleStar,
            s => Segment::Literal(s.to_owned()),
        }
    }
}

/// Matches template segments from `t` against path parts from `p`, recording each template
/// segment's span of parts.
fn match_segments(
    segments: &[Segment],
    parts: &[&str],
    t: usize,
    p: usize,
    spans: &mut [(usize, usize)],
) -> bool {
    let Some(segment) = segments.get(t) else {
        return p == parts.len();
    };
    match segment {
        Segment::Literal(l) => {
            if parts.get(p).is_some_and(|part| part == l) {
                spans[t] = (p, p + 1);
                match_segments(segments, parts, t + 1, p + 1, spans)
            } else {
                false
            }
        }
        Segment::Star => {
            if parts.get(p).is_some_and(|part| !part.is_empty()) {
                spans[t] = (p, p + 1);
                match_segments(segments, parts, t + 1, p + 1, spans)
            } else {
                false
            }
        }
        Segment::DoubleStar => (p..=parts.len()).rev().any(|end| {
            if parts[p..end].iter().any(|part| part.is_empty()) {
                return false;
            }
            spans[t] = (p, end);
            match_segments(segments, parts, t + 1, end, spans)
        }),
    }
}

/// Percent-decodes one path segment or query component (`+` is left alone; the query
/// parser turns it into a space first).
pub(crate) fn percent_decode(s: &str) -> Result<String, Status> {
    if !s.contains('%') {
        return Ok(s.to_owned());
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| bad_request(format!("Invalid percent-encoding in `{s}`")))?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| bad_request(format!("`{s}` is not UTF-8 once decoded")))
}

/// The query string's parameters, decoded (`+` as a space), in order.
pub(crate) fn parse_query(query: &str) -> Result<Vec<(String, String)>, Status> {
    let mut params = Vec::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        params.push((
            percent_decode(&k.replace('+', " "))?,
            percent_decode(&v.replace('+', " "))?,
        ));
    }
    Ok(params)
}

/// The last value of a system parameter, if given.
pub(crate) fn system_param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .rev()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}
