//! `UpdateMessage`: the builder and the rules of `UpdateMessageRequest`.

use crate::Error;
use crate::proto::chat::v1::{
    AccessoryWidget, Attachment, CardWithId, Message, UpdateMessageRequest,
    contextual_add_on_markup,
};

use super::{Mask, Update, mask_paths, missing, name, validated};

const RPC: &str = "UpdateMessage";

/// An `UpdateMessage` request under construction: each setter writes a field of the
/// [`Message`] and adds its path to the update mask.
///
/// [`into_request`](Update::into_request) checks what `UpdateMessageRequest` documents:
///
/// - the mask is not empty, and the name has the shape `spaces/{space}/messages/{message}`
///   (the message ID may be a client-assigned `client-...` ID, which must then be well formed:
///   lowercase letters, digits and hyphens, at most 63 characters);
/// - with `allow_missing`, the message ID must be client-assigned;
/// - `quoted_message_metadata` can only be removed, not set;
/// - when the message has several `cards_v2`, each has a `card_id`, all different.
///
/// `cards`, `cards_v2` and `accessory_widgets` need app authentication; that is the
/// server's to check.
///
/// ```
/// use google_chat_grpc::update::{MessageUpdate, Update};
///
/// let request = MessageUpdate::new("spaces/AAAA/messages/BBBB.CCCC")
///     .set_text("Deploy finished (edited)")
///     .into_request()?;
/// assert_eq!(request.update_mask.unwrap().paths, ["text"]);
/// // Then: client.send(request).await?
/// # Ok::<(), google_chat_grpc::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
#[must_use = "an update does nothing until it is turned into a request and sent"]
pub struct MessageUpdate {
    message: Message,
    mask: Mask,
    allow_missing: bool,
}

impl MessageUpdate {
    /// Starts an update of the message `name` (`spaces/{space}/messages/{message}`, where
    /// `{message}` may be a `client-...` ID), with an empty mask.
    ///
    /// ```
    /// use google_chat_grpc::update::MessageUpdate;
    ///
    /// let update = MessageUpdate::new("spaces/AAAA/messages/client-deploy-42").set_text("Done");
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            message: Message {
                name: name.into(),
                ..Default::default()
            },
            mask: Mask::default(),
            allow_missing: false,
        }
    }

    /// Replaces the text (path `text`).
    ///
    /// ```
    /// use google_chat_grpc::update::{MessageUpdate, Update};
    ///
    /// let request = MessageUpdate::new("spaces/AAAA/messages/BBBB").set_text("Edited").into_request()?;
    /// assert_eq!(request.message.unwrap().text, "Edited");
    /// # Ok::<(), google_chat_grpc::Error>(())
    /// ```
    pub fn set_text(mut self, text: impl Into<String>) -> Self {
        self.message.text = text.into();
        self.mask.add("text");
        self
    }

    /// Replaces the attachments (path `attachment`); an empty list removes them.
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::Attachment;
    /// use google_chat_grpc::update::{MessageUpdate, Update};
    ///
    /// let request = MessageUpdate::new("spaces/AAAA/messages/BBBB")
    ///     .set_attachments(Vec::<Attachment>::new())
    ///     .into_request()?;
    /// assert_eq!(request.update_mask.unwrap().paths, ["attachment"]);
    /// # Ok::<(), google_chat_grpc::Error>(())
    /// ```
    pub fn set_attachments(mut self, attachments: impl IntoIterator<Item = Attachment>) -> Self {
        self.message.attachment = attachments.into_iter().collect();
        self.mask.add("attachment");
        self
    }

    /// Replaces the legacy cards (path `cards`; needs app authentication).
    ///
    /// ```
    /// # #![allow(deprecated)]
    /// use google_chat_grpc::update::{MessageUpdate, Update};
    ///
    /// let request = MessageUpdate::new("spaces/AAAA/messages/BBBB").set_cards([]).into_request()?;
    /// assert_eq!(request.update_mask.unwrap().paths, ["cards"]);
    /// # Ok::<(), google_chat_grpc::Error>(())
    /// ```
    #[deprecated(note = "`Message.cards` is deprecated; use `set_cards_v2`")]
    pub fn set_cards(
        mut self,
        cards: impl IntoIterator<Item = contextual_add_on_markup::Card>,
    ) -> Self {
        #[allow(deprecated)]
        {
            self.message.cards = cards.into_iter().collect();
        }
        self.mask.add("cards");
        self
    }

    /// Replaces the cards (path `cards_v2`; needs app authentication). With more than one
    /// card, each needs a distinct `card_id`.
    ///
    /// ```
    /// use google_chat_grpc::proto::apps::card::v1::{Card, card::CardHeader};
    /// use google_chat_grpc::proto::chat::v1::CardWithId;
    /// use google_chat_grpc::update::{MessageUpdate, Update};
    ///
    /// let card = Card {
    ///     header: Some(CardHeader { title: "Deploy #42".into(), ..Default::default() }),
    ///     ..Default::default()
    /// };
    /// let request = MessageUpdate::new("spaces/AAAA/messages/BBBB")
    ///     .set_cards_v2([CardWithId { card_id: "status".into(), card: Some(card) }])
    ///     .into_request()?;
    /// assert_eq!(request.update_mask.unwrap().paths, ["cards_v2"]);
    /// # Ok::<(), google_chat_grpc::Error>(())
    /// ```
    pub fn set_cards_v2(mut self, cards: impl IntoIterator<Item = CardWithId>) -> Self {
        self.message.cards_v2 = cards.into_iter().collect();
        self.mask.add("cards_v2");
        self
    }

    /// Replaces the accessory widgets shown below the message (path `accessory_widgets`;
    /// needs app authentication).
    ///
    /// ```
    /// use google_chat_grpc::proto::chat::v1::AccessoryWidget;
    /// use google_chat_grpc::update::{MessageUpdate, Update};
    ///
    /// let request = MessageUpdate::new("spaces/AAAA/messages/BBBB")
    ///     .set_accessory_widgets(Vec::<AccessoryWidget>::new())
    ///     .into_request()?;
    /// assert_eq!(request.update_mask.unwrap().paths, ["accessory_widgets"]);
    /// # Ok::<(), google_chat_grpc::Error>(())
    /// ```
    pub fn set_accessory_widgets(
        mut self,
        widgets: impl IntoIterator<Item = AccessoryWidget>,
    ) -> Self {
        self.message.accessory_widgets = widgets.into_iter().collect();
        self.mask.add("accessory_widgets");
        self
    }

    /// Removes the quoted message (path `quoted_message_metadata` with no value), the only
    /// change the API allows to it.
    ///
    /// ```
    /// use google_chat_grpc::update::{MessageUpdate, Update};
    ///
    /// let request = MessageUpdate::new("spaces/AAAA/messages/BBBB").remove_quoted_message().into_request()?;
    /// let request_message = request.message.unwrap();
    /// assert!(request_message.quoted_message_metadata.is_none());
    /// assert_eq!(request.update_mask.unwrap().paths, ["quoted_message_metadata"]);
    /// # Ok::<(), google_chat_grpc::Error>(())
    /// ```
    pub fn remove_quoted_message(mut self) -> Self {
        self.message.quoted_message_metadata = None;
        self.mask.add("quoted_message_metadata");
        self
    }

    /// Creates the message if it does not exist (`allow_missing`); the mask is then ignored.
    /// Needs a client-assigned message ID (`spaces/{space}/messages/client-...`).
    ///
    /// ```
    /// use google_chat_grpc::update::{MessageUpdate, Update};
    ///
    /// let request = MessageUpdate::new("spaces/AAAA/messages/client-build-status")
    ///     .set_text("Build green")
    ///     .set_allow_missing(true)
    ///     .into_request()?;
    /// assert!(request.allow_missing);
    ///
    /// // A system-assigned ID cannot be created by an update.
    /// assert!(MessageUpdate::new("spaces/AAAA/messages/BBBB")
    ///     .set_text("Build green")
    ///     .set_allow_missing(true)
    ///     .into_request()
    ///     .is_err());
    /// # Ok::<(), google_chat_grpc::Error>(())
    /// ```
    pub fn set_allow_missing(mut self, allow_missing: bool) -> Self {
        self.allow_missing = allow_missing;
        self
    }
}

impl Update for MessageUpdate {
    type Request = UpdateMessageRequest;

    fn into_request(self) -> Result<UpdateMessageRequest, Error> {
        UpdateMessageRequest {
            message: Some(self.message),
            update_mask: Some(self.mask.into_field_mask()),
            allow_missing: self.allow_missing,
        }
        .into_request()
    }
}

/// Checks a hand-built request by the same rules as [`MessageUpdate`].
///
/// ```
/// use google_chat_grpc::proto::chat::v1::{Message, UpdateMessageRequest};
/// use google_chat_grpc::update::Update;
///
/// let raw = UpdateMessageRequest {
///     message: Some(Message { name: "spaces/AAAA/messages/BBBB".into(), text: "Hi".into(), ..Default::default() }),
///     update_mask: Some(google_chat_grpc::prost_types::FieldMask { paths: vec!["text".into()] }),
///     ..Default::default()
/// };
/// assert!(raw.into_request().is_ok());
/// ```
impl Update for UpdateMessageRequest {
    type Request = Self;

    fn into_request(self) -> Result<Self, Error> {
        validated(self)
    }
}

pub(super) fn check(req: &UpdateMessageRequest) -> Result<(), Error> {
    let message = req
        .message
        .as_ref()
        .ok_or_else(|| missing(RPC, "message"))?;
    let vars = name::check(
        RPC,
        "message.name",
        &message.name,
        "spaces/{space}/messages/{message}",
    )?;
    let id = vars.get(1).copied().unwrap_or_default();
    if id.starts_with("client-") {
        name::check_client_message_id(RPC, id)?;
    } else if req.allow_missing {
        return Err(Error::invalid_argument(format!(
            "{RPC}: `allow_missing` needs a client-assigned message ID \
             (`spaces/{{space}}/messages/client-...`), got {}",
            name::shown(&message.name)
        )));
    }
    let paths = mask_paths(RPC, req.update_mask.as_ref())?;
    let has = |p: &str| paths.iter().any(|q| q == p);

    if has("quoted_message_metadata") && message.quoted_message_metadata.is_some() {
        return Err(Error::invalid_argument(format!(
            "{RPC}: `quoted_message_metadata` can only be removed; leave \
             `message.quoted_message_metadata` unset to remove the quote"
        )));
    }

    if has("cards_v2") && message.cards_v2.len() > 1 {
        let mut seen: Vec<&str> = Vec::with_capacity(message.cards_v2.len());
        for card in &message.cards_v2 {
            if card.card_id.is_empty() {
                return Err(Error::invalid_argument(format!(
                    "{RPC}: a message with {} cards needs a `card_id` on each card",
                    message.cards_v2.len()
                )));
            }
            if seen.contains(&card.card_id.as_str()) {
                return Err(Error::invalid_argument(format!(
                    "{RPC}: `card_id` {} is used by more than one card; card IDs must be \
                     unique within a message",
                    name::shown(&card.card_id)
                )));
            }
            seen.push(&card.card_id);
        }
    }
    Ok(())
}
