//! Google's REST error answers as the crate's [`Error`]: the HTTP status mapped to a gRPC code
//! as Google's frontends map them, and the body `{"error": {"code", "message", "status",
//! "details"}}` decoded into the same code, message and `google.rpc` details a gRPC status
//! carries. Any other body (a proxy's HTML page) gives the code of the HTTP status and a
//! short, printable excerpt; no input makes this panic.

use std::collections::HashMap;
use std::time::Duration;

use http::StatusCode;
use serde_json::Value;
use tonic::Code;
use tonic_types::{
    BadRequest, DebugInfo, ErrorDetail, ErrorInfo, FieldViolation, Help, HelpLink,
    LocalizedMessage, PreconditionFailure, PreconditionViolation, QuotaFailure, QuotaViolation,
    RequestInfo, ResourceInfo, RetryInfo, StatusExt as _,
};

use crate::error::Error;

/// The gRPC code Google's REST frontends answer with `status` (the reverse of the HTTP
/// mapping in `google/rpc/code.proto`, where several codes share a status: the body's
/// `status` field says which, and wins).
pub(crate) fn code_of(status: StatusCode) -> Code {
    match status.as_u16() {
        200..=299 => Code::Ok,
        400 => Code::InvalidArgument,
        401 => Code::Unauthenticated,
        403 => Code::PermissionDenied,
        404 => Code::NotFound,
        408 => Code::DeadlineExceeded,
        409 => Code::Aborted,
        412 => Code::FailedPrecondition,
        413 | 416 => Code::OutOfRange,
        429 => Code::ResourceExhausted,
        499 => Code::Cancelled,
        500 => Code::Internal,
        501 => Code::Unimplemented,
        // A proxy in front of the service, restarting or overloaded: try again.
        502 | 503 => Code::Unavailable,
        504 => Code::DeadlineExceeded,
        s if (400..500).contains(&s) => Code::FailedPrecondition,
        _ => Code::Unknown,
    }
}

/// A code by its name in `google.rpc.Code` (`NOT_FOUND`).
fn code_named(name: &str) -> Option<Code> {
    Some(match name {
        "OK" => Code::Ok,
        "CANCELLED" => Code::Cancelled,
        "UNKNOWN" => Code::Unknown,
        "INVALID_ARGUMENT" => Code::InvalidArgument,
        "DEADLINE_EXCEEDED" => Code::DeadlineExceeded,
        "NOT_FOUND" => Code::NotFound,
        "ALREADY_EXISTS" => Code::AlreadyExists,
        "PERMISSION_DENIED" => Code::PermissionDenied,
        "RESOURCE_EXHAUSTED" => Code::ResourceExhausted,
        "FAILED_PRECONDITION" => Code::FailedPrecondition,
        "ABORTED" => Code::Aborted,
        "OUT_OF_RANGE" => Code::OutOfRange,
        "UNIMPLEMENTED" => Code::Unimplemented,
        "INTERNAL" => Code::Internal,
        "UNAVAILABLE" => Code::Unavailable,
        "DATA_LOSS" => Code::DataLoss,
        "UNAUTHENTICATED" => Code::Unauthenticated,
        _ => return None,
    })
}

/// The error for a response with a non-success `status`, its `content_type` and (the first
/// bytes of) its body.
pub(crate) fn decode(status: StatusCode, content_type: &str, body: &[u8]) -> Error {
    let fallback = code_of(status);
    let parsed = serde_json::from_slice::<Value>(body).ok();
    let error = parsed.as_ref().and_then(|v| v.get("error"));
    let Some(error) = error.filter(|e| e.is_object()) else {
        return Error::from(tonic::Status::new(
            if fallback == Code::Ok {
                Code::Unknown
            } else {
                fallback
            },
            format!(
                "HTTP {status} from the media endpoint{}",
                excerpt(content_type, body)
            ),
        ));
    };
    let code = error
        .get("status")
        .and_then(Value::as_str)
        .and_then(code_named)
        .filter(|c| *c != Code::Ok)
        .unwrap_or(if fallback == Code::Ok {
            Code::Unknown
        } else {
            fallback
        });
    let message = error
        .get("message")
        .and_then(Value::as_str)
        .map_or_else(|| format!("HTTP {status}"), str::to_owned);
    let details: Vec<ErrorDetail> = error
        .get("details")
        .and_then(Value::as_array)
        .map(|details| details.iter().filter_map(detail).collect())
        .unwrap_or_default();
    Error::from(tonic::Status::with_error_details_vec(
        code, message, details,
    ))
}

/// `: <content-type>: <the first 200 printable characters>`, or nothing for an empty body.
fn excerpt(content_type: &str, body: &[u8]) -> String {
    let text = String::from_utf8_lossy(&body[..body.len().min(800)]);
    let text: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let mut short: String = text.chars().take(200).collect();
    if short.len() < text.len() {
        short.push_str("...");
    }
    if short.is_empty() {
        if content_type.is_empty() {
            String::new()
        } else {
            format!(" ({content_type}, empty body)")
        }
    } else if content_type.is_empty() {
        format!(": {short}")
    } else {
        format!(" ({content_type}): {short}")
    }
}

fn text(v: &Value, field: &str) -> String {
    v.get(field)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

fn list<'a>(v: &'a Value, field: &str) -> impl Iterator<Item = &'a Value> {
    v.get(field)
        .and_then(Value::as_array)
        .map(|a| a.as_slice())
        .unwrap_or_default()
        .iter()
}

fn strings(v: &Value, field: &str) -> HashMap<String, String> {
    v.get(field)
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                .collect()
        })
        .unwrap_or_default()
}

/// One element of `details`: proto3 JSON of a `google.rpc` detail type, named by `@type`.
/// Types outside `google.rpc`'s standard set are left out (their fields cannot be known).
fn detail(v: &Value) -> Option<ErrorDetail> {
    let kind = v.get("@type")?.as_str()?;
    let kind = kind.rsplit('/').next().unwrap_or(kind);
    Some(match kind {
        "google.rpc.ErrorInfo" => {
            ErrorInfo::new(text(v, "reason"), text(v, "domain"), strings(v, "metadata")).into()
        }
        "google.rpc.RetryInfo" => RetryInfo::new(
            v.get("retryDelay")
                .or_else(|| v.get("retry_delay"))
                .and_then(Value::as_str)
                .and_then(duration),
        )
        .into(),
        "google.rpc.DebugInfo" => DebugInfo::new(
            list(v, "stackEntries")
                .chain(list(v, "stack_entries"))
                .filter_map(|e| e.as_str().map(str::to_owned))
                .collect::<Vec<_>>(),
            text(v, "detail"),
        )
        .into(),
        "google.rpc.QuotaFailure" => QuotaFailure::new(
            list(v, "violations")
                .map(|q| QuotaViolation::new(text(q, "subject"), text(q, "description")))
                .collect::<Vec<_>>(),
        )
        .into(),
        "google.rpc.PreconditionFailure" => PreconditionFailure::new(
            list(v, "violations")
                .map(|p| {
                    PreconditionViolation::new(
                        text(p, "type"),
                        text(p, "subject"),
                        text(p, "description"),
                    )
                })
                .collect::<Vec<_>>(),
        )
        .into(),
        "google.rpc.BadRequest" => BadRequest::new(
            list(v, "fieldViolations")
                .chain(list(v, "field_violations"))
                .map(|f| {
                    let mut violation =
                        FieldViolation::new(text(f, "field"), text(f, "description"));
                    violation.reason = text(f, "reason");
                    violation
                })
                .collect::<Vec<_>>(),
        )
        .into(),
        "google.rpc.RequestInfo" => {
            let id = v.get("requestId").or_else(|| v.get("request_id"));
            let serving = v.get("servingData").or_else(|| v.get("serving_data"));
            RequestInfo::new(
                id.and_then(Value::as_str).unwrap_or_default(),
                serving.and_then(Value::as_str).unwrap_or_default(),
            )
            .into()
        }
        "google.rpc.ResourceInfo" => {
            let field = |camel: &str, snake: &str| {
                v.get(camel)
                    .or_else(|| v.get(snake))
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned()
            };
            ResourceInfo::new(
                field("resourceType", "resource_type"),
                field("resourceName", "resource_name"),
                text(v, "owner"),
                text(v, "description"),
            )
            .into()
        }
        "google.rpc.Help" => Help::new(
            list(v, "links")
                .map(|l| HelpLink::new(text(l, "description"), text(l, "url")))
                .collect::<Vec<_>>(),
        )
        .into(),
        "google.rpc.LocalizedMessage" => {
            LocalizedMessage::new(text(v, "locale"), text(v, "message")).into()
        }
        _ => return None,
    })
}

/// A proto3 JSON `Duration`: decimal seconds with an `s` (`"1.5s"`, `"30s"`).
fn duration(text: &str) -> Option<Duration> {
    let seconds: f64 = text.strip_suffix('s')?.parse().ok()?;
    Duration::try_from_secs_f64(seconds).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_google_error_body_becomes_code_message_and_details() {
        let body = br#"{"error": {"code": 429, "message": "Quota exceeded", "status": "RESOURCE_EXHAUSTED",
            "details": [
              {"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "RATE_LIMIT_EXCEEDED",
               "domain": "googleapis.com", "metadata": {"service": "chat.googleapis.com", "n": 3}},
              {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "1.500s"},
              {"@type": "type.googleapis.com/google.rpc.BadRequest",
               "fieldViolations": [{"field": "filename", "description": "missing"}]},
              {"@type": "type.googleapis.com/some.Other", "x": 1},
              "not an object"
            ]}}"#;
        let error = decode(StatusCode::TOO_MANY_REQUESTS, "application/json", body);
        assert_eq!(error.kind(), crate::ErrorKind::Rpc);
        assert_eq!(error.code(), Some(Code::ResourceExhausted));
        assert_eq!(error.to_string(), "ResourceExhausted: Quota exceeded");
        let info = error.error_info().unwrap();
        assert_eq!(info.reason, "RATE_LIMIT_EXCEEDED");
        assert_eq!(info.metadata.get("service").unwrap(), "chat.googleapis.com");
        assert!(!info.metadata.contains_key("n"), "not a string");
        assert_eq!(error.retry_delay(), Some(Duration::from_millis(1500)));
        assert_eq!(
            error.bad_request().unwrap().field_violations[0].field,
            "filename"
        );
    }

    #[test]
    fn the_status_field_names_the_code_the_http_status_shares() {
        let body = br#"{"error": {"code": 400, "message": "no", "status": "FAILED_PRECONDITION"}}"#;
        let error = decode(StatusCode::BAD_REQUEST, "application/json", body);
        assert_eq!(error.code(), Some(Code::FailedPrecondition));
        let body = br#"{"error": {"code": 400, "message": "no", "status": "NOT_A_CODE"}}"#;
        let error = decode(StatusCode::BAD_REQUEST, "application/json", body);
        assert_eq!(error.code(), Some(Code::InvalidArgument));
    }

    #[test]
    fn other_bodies_give_the_http_status_code_and_a_short_excerpt() {
        let html = format!(
            "<html>\n<body>Bad\tGateway{}</body></html>",
            "x".repeat(5000)
        );
        let error = decode(StatusCode::BAD_GATEWAY, "text/html", html.as_bytes());
        assert_eq!(error.code(), Some(Code::Unavailable));
        let text = error.to_string();
        assert!(text.starts_with("Unavailable: HTTP 502 Bad Gateway from the media endpoint (text/html): <html> <body>Bad Gateway"), "{text}");
        assert!(text.len() < 400, "{text}");
        for body in [
            &b""[..],
            b"\xff\xfe\x00",
            b"{",
            b"{\"error\": 3}",
            b"[]",
            b"{\"error\": {\"details\": 5}}",
        ] {
            let error = decode(StatusCode::SERVICE_UNAVAILABLE, "", body);
            assert_eq!(error.code(), Some(Code::Unavailable), "{body:?}");
        }
        assert_eq!(decode(StatusCode::OK, "", b"").code(), Some(Code::Unknown));
    }

    #[test]
    fn http_statuses_map_as_googles_frontends() {
        for (status, code) in [
            (400, Code::InvalidArgument),
            (401, Code::Unauthenticated),
            (403, Code::PermissionDenied),
            (404, Code::NotFound),
            (409, Code::Aborted),
            (429, Code::ResourceExhausted),
            (499, Code::Cancelled),
            (500, Code::Internal),
            (501, Code::Unimplemented),
            (503, Code::Unavailable),
            (504, Code::DeadlineExceeded),
        ] {
            assert_eq!(
                code_of(StatusCode::from_u16(status).unwrap()),
                code,
                "{status}"
            );
        }
    }
}
