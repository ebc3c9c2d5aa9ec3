//! `Availability.state_metadata`, and the `expiration` unions of `CustomStatus`,
//! `MarkAsActiveRequest` and `MarkAsDoNotDisturbRequest`: each ends at a time or after a
//! duration.

use prost_types::{Duration, Timestamp};

use crate::proto::chat::v1::{
    Availability, CustomStatus, DoNotDisturbMetadata, MarkAsActiveRequest,
    MarkAsDoNotDisturbRequest, availability, custom_status, mark_as_active_request,
    mark_as_do_not_disturb_request,
};

impl Availability {
    /// The do-not-disturb details (when it ends), present while the state is
    /// `DO_NOT_DISTURB`.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::{
    ///     Availability, DoNotDisturbMetadata, availability::State,
    /// };
    ///
    /// let mut availability = Availability::default();
    /// assert!(availability.do_not_disturb_metadata().is_none());
    /// availability.set_do_not_disturb_metadata(DoNotDisturbMetadata::default());
    /// assert_eq!(availability.state(), State::DoNotDisturb);
    /// assert!(availability.do_not_disturb_metadata().is_some());
    /// ```
    pub fn do_not_disturb_metadata(&self) -> Option<&DoNotDisturbMetadata> {
        match self.state_metadata.as_ref()? {
            availability::StateMetadata::DoNotDisturbMetadata(metadata) => Some(metadata),
        }
    }

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

impl CustomStatus {
    /// When the status ends, if it was set with a fixed end time.
    ///
    /// ```
    /// use google_chat_grpc::prost_types::Timestamp;
    /// use google_chat_grpc::proto::chat::v1::CustomStatus;
    ///
    /// let mut status = CustomStatus {
    ///     text: "Out to lunch".into(),
    ///     ..Default::default()
    /// };
    /// status.set_expire_time(Timestamp {
    ///     seconds: 1_800_000_000,
    ///     nanos: 0,
    /// });
    /// assert_eq!(status.expire_time().map(|t| t.seconds), Some(1_800_000_000));
    /// assert_eq!(status.ttl(), None);
    /// ```
    pub fn expire_time(&self) -> Option<Timestamp> {
        match self.expiration? {
            custom_status::Expiration::ExpireTime(time) => Some(time),
            custom_status::Expiration::Ttl(_) => None,
        }
    }

    /// How long the status lasts, if it was set with a duration.
    ///
    /// ```
    /// use google_chat_grpc::prost_types::Duration;
    /// use google_chat_grpc::proto::chat::v1::CustomStatus;
    ///
    /// let mut status = CustomStatus::default();
    /// status.set_ttl(Duration {
    ///     seconds: 3600,
    ///     nanos: 0,
    /// });
    /// assert_eq!(status.ttl().map(|d| d.seconds), Some(3600));
    /// assert_eq!(status.expire_time(), None);
    /// ```
    pub fn ttl(&self) -> Option<Duration> {
        match self.expiration? {
            custom_status::Expiration::Ttl(ttl) => Some(ttl),
            custom_status::Expiration::ExpireTime(_) => None,
        }
    }

    /// Ends the status at `time` (replacing a duration).
    ///
    /// ```
    /// use google_chat_grpc::prost_types::Timestamp;
    /// use google_chat_grpc::proto::chat::v1::CustomStatus;
    ///
    /// let mut status = CustomStatus::default();
    /// status.set_expire_time(Timestamp::default());
    /// assert!(status.expire_time().is_some());
    /// ```
    pub fn set_expire_time(&mut self, time: Timestamp) {
        self.expiration = Some(custom_status::Expiration::ExpireTime(time));
    }

    /// Ends the status after `ttl` (replacing an end time).
    ///
    /// ```
    /// use google_chat_grpc::prost_types::Duration;
    /// use google_chat_grpc::proto::chat::v1::CustomStatus;
    ///
    /// let mut status = CustomStatus::default();
    /// status.set_ttl(Duration {
    ///     seconds: 60,
    ///     nanos: 0,
    /// });
    /// assert!(status.ttl().is_some());
    /// ```
    pub fn set_ttl(&mut self, ttl: Duration) {
        self.expiration = Some(custom_status::Expiration::Ttl(ttl));
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

    /// The requested end time, if the request has one.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::MarkAsActiveRequest;
    ///
    /// assert_eq!(MarkAsActiveRequest::default().expire_time(), None);
    /// ```
    pub fn expire_time(&self) -> Option<Timestamp> {
        match self.expiration? {
            mark_as_active_request::Expiration::ExpireTime(time) => Some(time),
            mark_as_active_request::Expiration::Ttl(_) => None,
        }
    }

    /// The requested duration, if the request has one.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::MarkAsActiveRequest;
    ///
    /// assert_eq!(MarkAsActiveRequest::default().ttl(), None);
    /// ```
    pub fn ttl(&self) -> Option<Duration> {
        match self.expiration? {
            mark_as_active_request::Expiration::Ttl(ttl) => Some(ttl),
            mark_as_active_request::Expiration::ExpireTime(_) => None,
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

    /// The requested end time, if the request has one.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::MarkAsDoNotDisturbRequest;
    ///
    /// assert_eq!(MarkAsDoNotDisturbRequest::default().expire_time(), None);
    /// ```
    pub fn expire_time(&self) -> Option<Timestamp> {
        match self.expiration? {
            mark_as_do_not_disturb_request::Expiration::ExpireTime(time) => Some(time),
            mark_as_do_not_disturb_request::Expiration::Ttl(_) => None,
        }
    }

    /// The requested duration, if the request has one.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::MarkAsDoNotDisturbRequest;
    ///
    /// assert_eq!(MarkAsDoNotDisturbRequest::default().ttl(), None);
    /// ```
    pub fn ttl(&self) -> Option<Duration> {
        match self.expiration? {
            mark_as_do_not_disturb_request::Expiration::Ttl(ttl) => Some(ttl),
            mark_as_do_not_disturb_request::Expiration::ExpireTime(_) => None,
        }
    }
}
