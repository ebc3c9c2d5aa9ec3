//! `Space.Principal.principal_type`: a principal for an audience. The readers, and the
//! accessors and setters of `Space.space_permission_settings`, are generated.

use crate::proto::chat::v1::{
    Audience,
    space::{Principal, principal::PrincipalType},
};

impl Principal {
    /// A principal standing for the target audience `name` (`audiences/{audience}`).
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::space::Principal;
    ///
    /// let principal = Principal::audience("audiences/default");
    /// assert_eq!(
    ///     principal.as_audience().map(|a| a.name.as_str()),
    ///     Some("audiences/default")
    /// );
    /// ```
    pub fn audience(name: impl Into<String>) -> Self {
        Principal {
            principal_type: Some(PrincipalType::Audience(Audience { name: name.into() })),
        }
    }
}
