//! The one place a request is checked before the wire. [`RpcRequest::validate`] calls
//! [`request`], and every way of sending (`send`, `send_with`, the request builders,
//! `ChatClient::update`, `Update::into_request`) runs it exactly once.
//!
//! The facts come from the protos through the generated code (routing templates,
//! update-mask fields); the rules are hand-written here, in [`crate::names`] and in
//! [`crate::update`].

use crate::Error;
use crate::rpc::RpcRequest;

/// Checks `request`: the documented rules of its method hold (for `Update*` requests: the
/// resource is there, its name has the resource's pattern, the mask is not empty, ...), its
/// routing field has the shape of the method's HTTP rule, and every update-mask path names a
/// field of the resource.
///
/// The documented rules go first because their messages speak of the resource (`message`
/// is required) where the generic checks can only name a field path (`message.name`).
pub(crate) fn request<R: RpcRequest>(request: &R) -> Result<(), Error> {
    request.documented_rules()?;
    if let (Some(route), Some((_, value))) = (R::ROUTE, request.routing_param()) {
        crate::names::check_routing(route.field, route.template, route.pattern, value)?;
    }
    if let Some(fields) = R::MASK_FIELDS {
        crate::update::check_mask_fields(R::METHOD, request.update_mask(), fields)?;
    }
    Ok(())
}
