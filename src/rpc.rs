//! What the client knows about each `ChatService` RPC, derived at build time from the
//! protos' `google.api` options rather than typed by hand.

/// A request message of one `ChatService` RPC.
///
/// Every RPC of the Chat API has its own request type, so the request alone tells the
/// client which method to call, what comes back, which field routes the call
/// (`x-goog-request-params`), and whether it carries a `request_id` for idempotent retries.
/// Implemented by the generated code (`build/rpcs.rs`) for all 52 request types, and sealed:
/// it cannot be implemented outside this crate (the client relies on the generated facts).
///
/// ```
/// use google_chat_grpc::RpcRequest;
/// use google_chat_grpc::proto::chat::v1::{CreateMessageRequest, UpdateSpaceRequest, Space};
///
/// let create = CreateMessageRequest { parent: "spaces/AAAA".into(), ..Default::default() };
/// assert_eq!(CreateMessageRequest::PATH, "/google.chat.v1.ChatService/CreateMessage");
/// assert_eq!(create.routing_param(), Some(("parent", "spaces/AAAA")));
///
/// let update = UpdateSpaceRequest {
///     space: Some(Space { name: "spaces/BBBB".into(), ..Default::default() }),
///     ..Default::default()
/// };
/// assert_eq!(update.routing_param(), Some(("space.name", "spaces/BBBB")));
/// ```
pub trait RpcRequest:
    sealed::Sealed + prost::Message + Clone + Default + Send + Sync + 'static
{
    /// The RPC's response message (`()` for `google.protobuf.Empty`).
    type Response: prost::Message + Default + Send + Sync + 'static;
    /// The RPC's name in the proto, e.g. `CreateMessage`.
    const METHOD: &'static str;
    /// The gRPC path, e.g. `/google.chat.v1.ChatService/CreateMessage`.
    const PATH: &'static str;
    /// The field path and value that route this call, from the method's `google.api.http`
    /// rule; `None` for methods whose HTTP path has no variable.
    fn routing_param(&self) -> Option<(&'static str, &str)>;
    /// The `request_id` field, for the RPCs that deduplicate on it (`CreateMessage`,
    /// `CreateSpace`, `SetUpSpace`).
    fn request_id_mut(&mut self) -> Option<&mut String>;
    /// Which failures Google's service config retries for this method.
    const RETRY: RetryClass;
    /// What a retry can do after an attempt that may have taken effect.
    const IDEMPOTENCY: Idempotency;
    /// Checks what the client can check before the wire: the routing field has the shape
    /// of the method's HTTP rule (`spaces/*`, `spaces/*/messages/*`, ...), and for `Update*`
    /// requests that every mask path names a field and the documented rules hold (see
    /// [`update`](crate::update)). Every way of sending runs this once; it fails with
    /// [`ErrorKind::InvalidArgument`](crate::ErrorKind::InvalidArgument).
    ///
    /// ```
    /// use google_chat_grpc::RpcRequest;
    /// use google_chat_grpc::proto::chat::v1::GetSpaceRequest;
    ///
    /// let bad = GetSpaceRequest { name: "AAAA".into(), ..Default::default() };
    /// let err = bad.validate().unwrap_err();
    /// assert!(err.to_string().contains("spaces/{space}"), "{err}");
    /// ```
    fn validate(&self) -> Result<(), crate::Error> {
        crate::validate::request(self)
    }
}

/// What the generated code tells the hand-written checks about each request, out of users'
/// reach: `RpcRequest` has this as a supertrait, and nothing outside the crate can name it.
pub(crate) mod sealed {
    /// The variable of a method's `google.api.http` path that routes the call.
    #[derive(Debug, Clone, Copy)]
    pub struct Route {
        /// The request field, e.g. `space.name`.
        pub field: &'static str,
        /// Its template in the HTTP rule, e.g. `spaces/*`.
        pub template: &'static str,
        /// The resource pattern shown in errors, e.g. `spaces/{space}`.
        pub pattern: &'static str,
    }

    pub trait Sealed {
        /// The routing variable, `None` for methods whose HTTP path has none.
        const ROUTE: Option<Route>;
        /// For `Update*` requests: every field path the update mask may name, sorted.
        const MASK_FIELDS: Option<&'static [&'static str]> = None;
        /// For `Update*` requests: the update mask.
        fn update_mask(&self) -> Option<&prost_types::FieldMask> {
            None
        }
        /// The rules the proto comments document for this request beyond names and masks
        /// (`src/update/*` for the `Update*` requests).
        fn documented_rules(&self) -> Result<(), crate::Error> {
            Ok(())
        }
        /// The `request_id`, for the creates that carry one.
        fn request_id(&self) -> Option<&str> {
            None
        }
        /// For [`Idempotency::Reconciled`](super::Idempotency::Reconciled) methods: the
        /// success an earlier attempt's effect stands for, when `error` is how a repeat
        /// reports it (`src/reconcile.rs`).
        #[allow(clippy::type_complexity)]
        fn reconcile<'a>(
            &'a self,
            client: &'a crate::ChatClient,
            options: &'a crate::CallOptions,
            error: &'a crate::Error,
        ) -> Option<crate::auth::BoxFuture<'a, crate::Result<<Self as super::RpcRequest>::Response>>>
        where
            Self: super::RpcRequest,
        {
            let _ = (client, options, error);
            None
        }
    }
}

/// Static facts about one RPC, as listed in [`RPCS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct RpcInfo {
    /// Name in the proto, e.g. `ListMessages`.
    pub name: &'static str,
    /// Name of the generated client method, e.g. `list_messages`.
    pub rust_name: &'static str,
    /// gRPC path.
    pub path: &'static str,
    /// Full proto name of the request message.
    pub request_type: &'static str,
    /// Full proto name of the response message.
    pub response_type: &'static str,
    /// The request field that routes the call, if any.
    pub routing_field: Option<&'static str>,
    /// Whether the RPC pages (`page_token` in, `next_page_token` out).
    pub paginated: bool,
    /// Whether the request has a `request_id` the server deduplicates on.
    pub has_request_id: bool,
    /// Which failures Google's service config retries for this method.
    pub retry: RetryClass,
    /// What a retry can do after an attempt that may have taken effect.
    pub idempotency: Idempotency,
    /// The OAuth scopes that allow the method, any one of them, as full URLs: from Google's
    /// discovery document (`proto/discovery/chat.v1.json`), which lists them per method
    /// where the protos list only the service's. The constants are in
    /// [`auth::scopes`](crate::auth::scopes).
    ///
    /// ```
    /// use google_chat_grpc::{RPCS, auth::scopes};
    ///
    /// let list = RPCS.iter().find(|rpc| rpc.name == "ListMessages").unwrap();
    /// assert!(list.scopes.contains(&scopes::CHAT_MESSAGES_READONLY));
    /// assert!(!list.scopes.contains(&scopes::CHAT_SPACES));
    /// ```
    pub scopes: &'static [&'static str],
}

/// Which failures a method retries by default, from Google's service config for the Chat
/// API (`proto/service_config/`), the one every official client is generated from.
///
/// ```
/// use google_chat_grpc::{RPCS, RetryClass};
///
/// let not_retried: Vec<_> = RPCS
///     .iter()
///     .filter(|rpc| rpc.retry == RetryClass::NonIdempotent)
///     .map(|rpc| rpc.name)
///     .collect();
/// assert_eq!(not_retried, ["ListMessagePins", "CreateMessagePin", "DeleteMessagePin"]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RetryClass {
    /// Google's config treats the method as idempotent and retries `UNAVAILABLE`; so does
    /// the client, with its [`RetryPolicy`](crate::retry::RetryPolicy) (most methods).
    Idempotent,
    /// Google's config retries nothing: a call is retried only when its
    /// [`CallOptions`](crate::CallOptions) give a retry policy.
    NonIdempotent,
}

/// What a retry of a method can do after an attempt that may have taken effect (the server
/// applied it, the answer was lost), and so how the client retries it. Derived at build time
/// from each method's verb and request (`build/rpcs.rs`); the README's reliability section
/// has the table per method.
///
/// An attempt "may have taken effect" unless it provably never reached the server: the
/// connection was refused, or HTTP/2 refused the stream (`REFUSED_STREAM`, or a `GOAWAY`
/// that did not cover it), or the server answered with a status that means it did nothing
/// (`INVALID_ARGUMENT`, `NOT_FOUND`, `PERMISSION_DENIED`, ...).
///
/// ```
/// use google_chat_grpc::{Idempotency, RPCS};
///
/// let of = |name: &str| RPCS.iter().find(|rpc| rpc.name == name).unwrap().idempotency;
/// assert_eq!(of("GetSpace"), Idempotency::Repeatable);
/// assert_eq!(of("CreateMessage"), Idempotency::RequestId);
/// assert_eq!(of("CreateReaction"), Idempotency::Reconciled);
/// assert_eq!(of("DeleteMessage"), Idempotency::Reconciled);
/// assert_eq!(of("CreateSection"), Idempotency::NotIdempotent);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Idempotency {
    /// Doing it twice is doing it once: reads, updates by mask, `MarkAs*`, moves and
    /// positions. Retried by the policy.
    Repeatable,
    /// A create carrying `request_id`, which the client fills before the first attempt: the
    /// server answers a repeat with the resource the first attempt made.
    RequestId,
    /// A repeat reports the earlier attempt's effect as a failure, and the client turns it
    /// back into the success it was, but only when an earlier attempt of the same call may
    /// have taken effect: a keyed create's `ALREADY_EXISTS` becomes the existing resource
    /// (fetched), a delete's `NOT_FOUND` a success, `CompleteImportSpace`'s
    /// `FAILED_PRECONDITION` the completed space. The same answer to a first attempt is the
    /// caller's error and stays one.
    Reconciled,
    /// A repeat would make a second resource (`CreateSection`, `UploadAttachment`): retried
    /// only when the failed attempt provably never reached the
    /// server, as gRPC's transparent retry does.
    NotIdempotent,
}

pub use crate::generated::rpcs::RPCS;
