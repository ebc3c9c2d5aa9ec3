//! The errors the emulator answers with, shaped like the real API's: a canonical code, a
//! message, and `google.rpc` details (`BadRequest` field violations, `PreconditionFailure`,
//! `ResourceInfo`, `RetryInfo`) packed into `grpc-status-details-bin`.

use std::time::Duration;

use tonic::{Code, Status};
use tonic_types::{ErrorDetails, StatusExt};

/// `INVALID_ARGUMENT` with one `BadRequest` field violation.
pub(crate) fn invalid(field: &str, description: impl Into<String>) -> Status {
    let description = description.into();
    Status::with_error_details(
        Code::InvalidArgument,
        format!("Invalid argument `{field}`: {description}"),
        ErrorDetails::with_bad_request_violation(field, description),
    )
}

/// `INVALID_ARGUMENT` for a required field left empty.
pub(crate) fn required(field: &str) -> Status {
    invalid(field, "is required")
}

/// `NOT_FOUND` with a `ResourceInfo` naming the resource.
pub(crate) fn not_found(kind: &str, name: &str) -> Status {
    Status::with_error_details(
        Code::NotFound,
        format!("{kind} `{name}` not found"),
        ErrorDetails::with_resource_info(kind, name, "", "not found"),
    )
}

/// `ALREADY_EXISTS` with a `ResourceInfo` naming the existing resource.
pub(crate) fn already_exists(kind: &str, name: &str, why: impl Into<String>) -> Status {
    let why = why.into();
    Status::with_error_details(
        Code::AlreadyExists,
        format!("{kind} `{name}` already exists: {why}"),
        ErrorDetails::with_resource_info(kind, name, "", why),
    )
}

/// `PERMISSION_DENIED`.
pub(crate) fn denied(why: impl Into<String>) -> Status {
    let why = why.into();
    Status::with_error_details(
        Code::PermissionDenied,
        format!("The caller does not have permission: {why}"),
        ErrorDetails::with_error_info(
            "PERMISSION_DENIED",
            "chat.googleapis.com",
            [("reason".to_owned(), why)],
        ),
    )
}

/// `PERMISSION_DENIED` for a token without any of the method's scopes, word for word as
/// Google's frontends answer it (the `ErrorInfo` is what client libraries match on).
pub(crate) fn insufficient_scopes(method: &str) -> Status {
    // A media upload is `UploadAttachment` with a body; a download has no RPC, so it is named
    // by its discovery-document ID.
    let method = match method {
        super::faults::MEDIA_UPLOAD => "google.chat.v1.ChatService.UploadAttachment".to_owned(),
        super::faults::MEDIA_DOWNLOAD => "chat.media.download".to_owned(),
        rpc => format!("google.chat.v1.ChatService.{rpc}"),
    };
    Status::with_error_details(
        Code::PermissionDenied,
        "Request had insufficient authentication scopes.",
        ErrorDetails::with_error_info(
            "ACCESS_TOKEN_SCOPE_INSUFFICIENT",
            "googleapis.com",
            [
                ("method".to_owned(), method),
                ("service".to_owned(), "chat.googleapis.com".to_owned()),
            ],
        ),
    )
}

/// `FAILED_PRECONDITION` with one `PreconditionFailure` violation.
pub(crate) fn precondition(subject: &str, description: impl Into<String>) -> Status {
    let description = description.into();
    Status::with_error_details(
        Code::FailedPrecondition,
        description.clone(),
        ErrorDetails::with_precondition_failure_violation("STATE", subject, description),
    )
}

/// `UNAUTHENTICATED`.
pub(crate) fn unauthenticated(why: &str) -> Status {
    Status::with_error_details(
        Code::Unauthenticated,
        format!("Request had invalid authentication credentials: {why}"),
        ErrorDetails::with_error_info(
            "ACCESS_TOKEN_TYPE_UNSUPPORTED",
            "chat.googleapis.com",
            [("method".to_owned(), "google.chat.v1.ChatService".to_owned())],
        ),
    )
}

/// An injected failure, with `RetryInfo` when a delay is given.
pub(crate) fn injected(code: Code, message: &str, retry_delay: Option<Duration>) -> Status {
    match retry_delay {
        Some(delay) => {
            Status::with_error_details(code, message, ErrorDetails::with_retry_info(Some(delay)))
        }
        None => Status::new(code, message),
    }
}
