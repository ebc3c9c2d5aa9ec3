//! `SectionItem.item` (a space in a sidebar section) and `PositionSectionRequest.position`
//! (an absolute sort order or the start or end): the constructors. The readers are generated.

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
}
