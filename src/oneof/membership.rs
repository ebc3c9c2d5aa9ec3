//! `Membership.member_type`: a membership is either a user's (human or app) or a Google Group's.
//! The constructors and the [`Member`] view; `user()` and `group()` are generated.

use crate::proto::chat::v1::{Group, Membership, User, membership::MemberType, user};

/// Who a [`Membership`] is for: a user (human or Chat app) or a Google Group.
///
/// ```
/// use google_chat_grpc::oneof::Member;
/// use google_chat_grpc::proto::chat::v1::Membership;
///
/// match Membership::for_group("groups/abc").member() {
///     Some(Member::Group(group)) => assert_eq!(group.name, "groups/abc"),
///     other => panic!("expected a group, got {other:?}"),
/// }
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum Member<'a> {
    /// A human user or a Chat app (`users/{user}`, `users/app`).
    User(&'a User),
    /// A Google Group (`groups/{group}`).
    Group(&'a Group),
}

impl<'a> Member<'a> {
    /// The member's resource name: `users/{user}` or `groups/{group}`.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::Membership;
    ///
    /// let membership = Membership::for_user("users/123");
    /// assert_eq!(membership.member().map(|m| m.name()), Some("users/123"));
    /// ```
    pub fn name(&self) -> &'a str {
        match self {
            Member::User(user) => &user.name,
            Member::Group(group) => &group.name,
        }
    }
}

impl Membership {
    /// A membership for a human user, as `CreateMembership` expects it: `member.name` is
    /// `users/{user}` (an ID or an email) and `member.type` is `HUMAN`.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::{Membership, user};
    ///
    /// let membership = Membership::for_user("users/alice@example.com");
    /// let user = membership.user().unwrap();
    /// assert_eq!(user.name, "users/alice@example.com");
    /// assert_eq!(user.r#type(), user::Type::Human);
    /// ```
    pub fn for_user(name: impl Into<String>) -> Self {
        Self::for_member_user(name.into(), user::Type::Human)
    }

    /// A membership for a Chat app: `member.name` is `users/{app}` (`users/app` for the
    /// calling app) and `member.type` is `BOT`.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::{Membership, user};
    ///
    /// let membership = Membership::for_app("users/app");
    /// assert_eq!(membership.user().unwrap().r#type(), user::Type::Bot);
    /// ```
    pub fn for_app(name: impl Into<String>) -> Self {
        Self::for_member_user(name.into(), user::Type::Bot)
    }

    /// A membership for a Google Group: `group_member.name` is `groups/{group}`.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::Membership;
    ///
    /// let membership = Membership::for_group("groups/abc");
    /// assert_eq!(
    ///     membership.group().map(|g| g.name.as_str()),
    ///     Some("groups/abc")
    /// );
    /// assert!(membership.user().is_none());
    /// ```
    pub fn for_group(name: impl Into<String>) -> Self {
        Membership {
            member_type: Some(MemberType::GroupMember(Group { name: name.into() })),
            ..Default::default()
        }
    }

    fn for_member_user(name: String, kind: user::Type) -> Self {
        let mut member = User {
            name,
            ..Default::default()
        };
        member.set_type(kind);
        Membership {
            member_type: Some(MemberType::Member(member)),
            ..Default::default()
        }
    }

    /// Who this membership is for, or `None` when the member is not set.
    ///
    /// ```
    /// use google_chat_grpc::oneof::Member;
    /// use google_chat_grpc::proto::chat::v1::Membership;
    ///
    /// assert!(matches!(
    ///     Membership::for_user("users/1").member(),
    ///     Some(Member::User(_))
    /// ));
    /// assert_eq!(Membership::default().member(), None);
    /// ```
    pub fn member(&self) -> Option<Member<'_>> {
        match self.member_type.as_ref()? {
            MemberType::Member(user) => Some(Member::User(user)),
            MemberType::GroupMember(group) => Some(Member::Group(group)),
        }
    }
}
