//! `Availability.state_metadata`, whose setter also sets the state, and the requests whose
//! `expiration` ends at a time or after a duration (`MarkAsActiveRequest`,
//! `MarkAsDoNotDisturbRequest`). The readers, and `CustomStatus`'s, are generated.

use prost_types::{Duration, Timestamp};

use crate::proto::chat::v1::{
    Availability, DoNotDisturbMetadata, MarkAsActiveRequest, MarkAsDoNotDisturbRequest,
    availability, mark_as_active_request, mark_as_do_not_disturb_request,
};

impl Availability {
    /// Sets the do-not-disturb details and the state to `DO_NOT_DISTURB`, which they belong to.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::{Availability, DoNotDisturbMetadata};
    ///
    /// let mut availability = Availability::default();
    /// availability.set_do_not_disturb_metadata(DoNotDisturbMetadata::default());
    /// assert!(availability.do_not_disturb_metadata().is_some());
    /// ```
    pub fn set_do_not_disturb_metadata(&mut self, metadata: DoNotDisturbMetadata) {
        self.set_state(availability::State::DoNotDisturb);
        self.state_metadata = Some(availability::StateMetadata::DoNotDisturbMetadata(metadata));
    }
}

impl MarkAsActiveRequest {
    /// A request to be shown as active for `name` (`users/{user}/availability`) until `time`.
    ///
    /// ```
    /// use google_chat_grpc::prost_types::Timestamp;
    /// use google_chat_grpc::proto::chat::v1::MarkAsActiveRequest;
    ///
    /// let until = Timestamp {
    ///     seconds: 1_800_000_000,
    ///     nanos: 0,
    /// };
    /// let request = MarkAsActiveRequest::until("users/me/availability", until);
    /// assert_eq!(request.expire_time(), Some(until));
    /// ```
    pub fn until(name: impl Into<String>, time: Timestamp) -> Self {
        MarkAsActiveRequest {
            name: name.into(),
            expiration: Some(mark_as_active_request::Expiration::ExpireTime(time)),
        }
    }

    /// A request to be shown as active for `name` during `ttl`.
    ///
    /// ```
    /// use google_chat_grpc::prost_types::Duration;
    /// use google_chat_grpc::proto::chat::v1::MarkAsActiveRequest;
    ///
    /// let hour = Duration {
    ///     seconds: 3600,
    ///     nanos: 0,
    /// };
    /// let request = MarkAsActiveRequest::lasting("users/me/availability", hour);
    /// assert_eq!(request.ttl(), Some(hour));
    /// assert_eq!(request.expire_time(), None);
    /// ```
    pub fn lasting(name: impl Into<String>, ttl: Duration) -> Self {
        MarkAsActiveRequest {
            name: name.into(),
            expiration: Some(mark_as_active_request::Expiration::Ttl(ttl)),
        }
    }
}

impl MarkAsDoNotDisturbRequest {
    /// A request to turn on do-not-disturb for `name` (`users/{user}/availability`) until
    /// `time`.
    ///
    /// ```
    /// use google_chat_grpc::prost_types::Timestamp;
    /// use google_chat_grpc::proto::chat::v1::MarkAsDoNotDisturbRequest;
    ///
    /// let until = Timestamp {
    ///     seconds: 1_800_000_000,
    ///     nanos: 0,
    /// };
    /// let request = MarkAsDoNotDisturbRequest::until("users/me/availability", until);
    /// assert_eq!(request.expire_time(), Some(until));
    /// ```
    pub fn until(name: impl Into<String>, time: Timestamp) -> Self {
        MarkAsDoNotDisturbRequest {
            name: name.into(),
            expiration: Some(mark_as_do_not_disturb_request::Expiration::ExpireTime(time)),
        }
    }

    /// A request to turn on do-not-disturb for `name` during `ttl`.
    ///
    /// ```
    /// use google_chat_grpc::prost_types::Duration;
    /// use google_chat_grpc::proto::chat::v1::MarkAsDoNotDisturbRequest;
    ///
    /// let hour = Duration {
    ///     seconds: 3600,
    ///     nanos: 0,
    /// };
    /// let request = MarkAsDoNotDisturbRequest::lasting("users/me/availability", hour);
    /// assert_eq!(request.ttl(), Some(hour));
    /// ```
    pub fn lasting(name: impl Into<String>, ttl: Duration) -> Self {
        MarkAsDoNotDisturbRequest {
            name: name.into(),
            expiration: Some(mark_as_do_not_disturb_request::Expiration::Ttl(ttl)),
        }
    }
}
