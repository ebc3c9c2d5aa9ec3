//! `SectionItem.item` (a space in a sidebar section) and `PositionSectionRequest.position`
//! (an absolute sort order or the start or end).

use crate::proto::chat::v1::{
    PositionSectionRequest, SectionItem, position_section_request::Position,
    position_section_request::PositionOneOf, section_item::Item,
};

impl SectionItem {
    /// A section item for the space `space` (`spaces/{space}`).
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::SectionItem;
    ///
    /// let item = SectionItem::for_space("spaces/AAAA");
    /// assert_eq!(item.space(), Some("spaces/AAAA"));
    /// ```
    pub fn for_space(space: impl Into<String>) -> Self {
        SectionItem {
            item: Some(Item::Space(space.into())),
            ..Default::default()
        }
    }

    /// The space this item stands for, `None` when unset.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::SectionItem;
    ///
    /// assert_eq!(SectionItem::default().space(), None);
    /// ```
    pub fn space(&self) -> Option<&str> {
        match self.item.as_ref()? {
            Item::Space(space) => Some(space),
        }
    }
}

impl PositionSectionRequest {
    /// Moves section `name` to the absolute `sort_order`.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::PositionSectionRequest;
    ///
    /// let request = PositionSectionRequest::to_sort_order("users/me/sections/s1", 3);
    /// assert_eq!(request.sort_order(), Some(3));
    /// assert_eq!(request.relative_position(), None);
    /// ```
    pub fn to_sort_order(name: impl Into<String>, sort_order: i32) -> Self {
        PositionSectionRequest {
            name: name.into(),
            position: Some(PositionOneOf::SortOrder(sort_order)),
        }
    }

    /// Moves section `name` to the start or the end of the list.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::{
    ///     PositionSectionRequest, position_section_request::Position,
    /// };
    ///
    /// let request = PositionSectionRequest::to_relative_position(
    ///     "users/me/sections/s1",
    ///     Position::Start,
    /// );
    /// assert_eq!(request.relative_position(), Some(Position::Start));
    /// ```
    pub fn to_relative_position(name: impl Into<String>, position: Position) -> Self {
        PositionSectionRequest {
            name: name.into(),
            position: Some(PositionOneOf::RelativePosition(position.into())),
        }
    }

    /// The requested absolute sort order, if that is how the request positions the section.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::PositionSectionRequest;
    ///
    /// assert_eq!(PositionSectionRequest::default().sort_order(), None);
    /// ```
    pub fn sort_order(&self) -> Option<i32> {
        match self.position? {
            PositionOneOf::SortOrder(sort_order) => Some(sort_order),
            PositionOneOf::RelativePosition(_) => None,
        }
    }

    /// The requested relative position, typed; a value this crate does not know reads as
    /// `Position::Unspecified`, as prost's own enum getters do.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::{
    ///     PositionSectionRequest, position_section_request::Position,
    /// };
    ///
    /// let request =
    ///     PositionSectionRequest::to_relative_position("users/me/sections/s1", Position::End);
    /// assert_eq!(request.relative_position(), Some(Position::End));
    /// ```
    pub fn relative_position(&self) -> Option<Position> {
        match self.position? {
            PositionOneOf::RelativePosition(value) => {
                Some(Position::try_from(value).unwrap_or_default())
            }
            PositionOneOf::SortOrder(_) => None,
        }
    }
}
