//! `UpdateMembership`: the builder and the rules of `UpdateMembershipRequest`.

use crate::Error;
use crate::proto::chat::v1::membership::MembershipRole;
use crate::proto::chat::v1::{Membership, UpdateMembershipRequest};

use super::{Mask, Update, mask_paths, missing, name, validated};

const RPC: &str = "UpdateMembership";

/// An `UpdateMembership` request under construction: changes a member's role.
///
/// [`into_request`](Update::into_request) checks that the mask is not empty, that the name
/// has the shape `spaces/{space}/members/{member}` (`{member}` may be a user ID, an email or
/// `app`), and that a role in the mask is not `MEMBERSHIP_ROLE_UNSPECIFIED`.
///
/// ```
/// use google_chat_grpc::proto::chat::v1::membership::MembershipRole;
/// use google_chat_grpc::update::{MembershipUpdate, Update};
///
/// let request = MembershipUpdate::new("spaces/AAAA/members/alice@example.com")
///     .set_role(MembershipRole::RoleManager)
///     .into_request()?;
/// assert_eq!(request.update_mask.unwrap().paths, ["role"]);
/// // Then: client.send(request).await?
/// # Ok::<(), google_chat_grpc::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[must_use = "an update does nothing until it is turned into a request and sent"]
pub struct MembershipUpdate {
    membership: Membership,
    mask: Mask,
    use_admin_access: bool,
}

impl MembershipUpdate {
    /// Starts an update of the membership `name` (`spaces/{space}/members/{member}`), with
    /// an empty mask.
    ///
    /// ```
    /// use google_chat_grpc::update::MembershipUpdate;
    ///
    /// let update = MembershipUpdate::new("spaces/AAAA/members/123456789");
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            membership: Membership {
                name: name.into(),
                ..Default::default()
            },
            mask: Mask::default(),
            use_admin_access: false,
        }
    }

    /// Sets the member's role (path `role`). Managers and owners exist only in named spaces.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::membership::MembershipRole;
    /// use google_chat_grpc::update::{MembershipUpdate, Update};
    ///
    /// let request = MembershipUpdate::new("spaces/AAAA/members/123")
    ///     .set_role(MembershipRole::RoleMember)
    ///     .into_request()?;
    /// assert_eq!(request.membership.unwrap().role(), MembershipRole::RoleMember);
    /// # Ok::<(), google_chat_grpc::Error>(())
    /// ```
    pub fn set_role(mut self, role: MembershipRole) -> Self {
        self.membership.role = role as i32;
        self.mask.add("role");
        self
    }

    /// Runs the update with the caller's Google Workspace administrator privileges
    /// (`use_admin_access`; needs the `chat.admin.memberships` scope).
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::membership::MembershipRole;
    /// use google_chat_grpc::update::{MembershipUpdate, Update};
    ///
    /// let request = MembershipUpdate::new("spaces/AAAA/members/123")
    ///     .set_role(MembershipRole::RoleManager)
    ///     .set_use_admin_access(true)
    ///     .into_request()?;
    /// assert!(request.use_admin_access);
    /// # Ok::<(), google_chat_grpc::Error>(())
    /// ```
    pub fn set_use_admin_access(mut self, use_admin_access: bool) -> Self {
        self.use_admin_access = use_admin_access;
        self
    }
}

impl Update for MembershipUpdate {
    type Request = UpdateMembershipRequest;

    fn into_request(self) -> Result<UpdateMembershipRequest, Error> {
        UpdateMembershipRequest {
            membership: Some(self.membership),
            update_mask: Some(self.mask.into_field_mask()),
            use_admin_access: self.use_admin_access,
        }
        .into_request()
    }
}

/// Checks a hand-built request by the same rules as [`MembershipUpdate`].
///
/// ```
/// use google_chat_grpc::proto::chat::v1::{Membership, UpdateMembershipRequest};
/// use google_chat_grpc::update::Update;
///
/// let raw = UpdateMembershipRequest {
///     membership: Some(Membership { name: "spaces/AAAA/members/123".into(), ..Default::default() }),
///     update_mask: Some(google_chat_grpc::prost_types::FieldMask { paths: vec!["role".into()] }),
///     ..Default::default()
/// };
/// assert!(raw.into_request().is_err()); // the role is unspecified
/// ```
impl Update for UpdateMembershipRequest {
    type Request = Self;

    fn into_request(self) -> Result<Self, Error> {
        validated(self)
    }
}

pub(super) fn check(req: &UpdateMembershipRequest) -> Result<(), Error> {
    let membership = req
        .membership
        .as_ref()
        .ok_or_else(|| missing(RPC, "membership"))?;
    name::check(
        RPC,
        "membership.name",
        &membership.name,
        "spaces/{space}/members/{member}",
    )?;
    let paths = mask_paths(RPC, req.update_mask.as_ref())?;
    if paths.iter().any(|p| p == "role") && membership.role == MembershipRole::Unspecified as i32 {
        return Err(Error::invalid_argument(format!(
            "{RPC}: `role` must be ROLE_MEMBER, ROLE_ASSISTANT_MANAGER or ROLE_MANAGER, \
             not MEMBERSHIP_ROLE_UNSPECIFIED"
        )));
    }
    Ok(())
}
