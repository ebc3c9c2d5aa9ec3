//! Wire compatibility with Google's own generated code.
//!
//! `tests/fixtures/*.bin` were encoded by Google's Python types (PyPI `google-apps-chat`, see
//! `scripts/make-golden.py`). Each is decoded with our prost types, checked field by field, and
//! re-encoded: the bytes must be identical, or a field number, type or packing differs from
//! what Google's clients put on the wire.
//!
//! One legitimate difference is allowed, and only that one: protobuf writes fields in field
//! number order, but prost writes a whole `oneof` at the position of its *lowest* tag, so
//! `Membership { member_type = 3|5, create_time = 4 }` comes out as 5 before 4. Parsers must
//! accept any order, so the comparison puts both encodings in field-number order first
//! (recursively, guided by the embedded descriptor set) and then demands identical bytes.

use std::collections::HashMap;
use std::sync::OnceLock;

use google_chat_grpc::proto::apps::card::v1 as card;
use google_chat_grpc::proto::chat::v1 as chat;
use prost::Message;
use prost::encoding::{decode_varint, encode_varint};
use prost_types::field_descriptor_proto::Type;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("reading {path}: {e}"))
}

/// Decodes a fixture and asserts that re-encoding gives back the same bytes, up to the
/// oneof placement described in the module docs.
fn decode_roundtrip<M: Message + Default + prost::Name>(name: &str) -> M {
    let golden = fixture(name);
    let msg = M::decode(golden.as_slice()).unwrap_or_else(|e| panic!("decoding {name}: {e}"));
    let ours = msg.encode_to_vec();
    let type_name = M::full_name();
    // Google's encoder already writes field-number order; if this ever fails, the
    // normalisation below would be hiding something.
    assert_eq!(
        canonical(&type_name, &golden),
        golden,
        "{name}: golden bytes are not canonical"
    );
    assert_eq!(
        canonical(&type_name, &ours),
        golden,
        "{name} re-encodes to different bytes"
    );
    msg
}

/// Message type name -> (field number -> nested message type name), for the message-typed
/// fields only: the rest are opaque bytes to the canonicaliser.
fn message_fields() -> &'static HashMap<String, HashMap<u64, String>> {
    static FIELDS: OnceLock<HashMap<String, HashMap<u64, String>>> = OnceLock::new();
    FIELDS.get_or_init(|| {
        let set =
            prost_types::FileDescriptorSet::decode(google_chat_grpc::proto::FILE_DESCRIPTOR_SET)
                .expect("descriptor set decodes");
        let mut out = HashMap::new();
        fn walk(
            prefix: &str,
            messages: &[prost_types::DescriptorProto],
            out: &mut HashMap<String, HashMap<u64, String>>,
        ) {
            for m in messages {
                let full = format!("{prefix}.{}", m.name());
                let fields = m
                    .field
                    .iter()
                    .filter(|f| f.r#type() == Type::Message)
                    .map(|f| {
                        (
                            f.number() as u64,
                            f.type_name().trim_start_matches('.').to_owned(),
                        )
                    })
                    .collect();
                walk(&full, &m.nested_type, out);
                out.insert(full, fields);
            }
        }
        for file in &set.file {
            walk(file.package(), &file.message_type, &mut out);
        }
        out
    })
}

/// Re-encodes `bytes` (a message of type `type_name`) with its fields in field-number order,
/// recursing into sub-messages. The sort is stable, so repeated fields keep their order.
fn canonical(type_name: &str, mut bytes: &[u8]) -> Vec<u8> {
    let nested = message_fields()
        .get(type_name)
        .unwrap_or_else(|| panic!("{type_name} is not in the descriptor set"));
    let mut fields: Vec<(u64, Vec<u8>)> = Vec::new();
    while !bytes.is_empty() {
        let key = decode_varint(&mut bytes).expect("field key");
        let (number, wire_type) = (key >> 3, key & 7);
        let mut encoded = Vec::new();
        encode_varint(key, &mut encoded);
        match wire_type {
            0 => encode_varint(decode_varint(&mut bytes).expect("varint"), &mut encoded),
            1 | 5 => {
                let width = if wire_type == 1 { 8 } else { 4 };
                encoded.extend_from_slice(&bytes[..width]);
                bytes = &bytes[width..];
            }
            2 => {
                let len = decode_varint(&mut bytes).expect("length") as usize;
                let (payload, rest) = bytes.split_at(len);
                bytes = rest;
                let payload = match nested.get(&number) {
                    Some(sub) => canonical(sub, payload),
                    None => payload.to_vec(),
                };
                encode_varint(payload.len() as u64, &mut encoded);
                encoded.extend_from_slice(&payload);
            }
            other => panic!("unexpected wire type {other} in {type_name}.{number}"),
        }
        fields.push((number, encoded));
    }
    fields.sort_by_key(|(number, _)| *number);
    fields
        .into_iter()
        .flat_map(|(_, encoded)| encoded)
        .collect()
}

#[test]
fn canonical_ordering_is_needed_only_for_interleaved_oneofs() {
    // Guards the normalisation: the three fixtures without an interleaved oneof must match
    // byte for byte as prost writes them, with no reordering at all.
    fn raw<M: Message + Default>(name: &str) {
        let golden = fixture(name);
        let ours = M::decode(golden.as_slice())
            .expect("decodes")
            .encode_to_vec();
        assert_eq!(ours, golden, "{name}");
    }
    raw::<chat::Message>("message.bin");
    raw::<chat::SpaceEvent>("space_event_batch_created.bin");
    raw::<chat::Space>("space_settings.bin");

    let golden = fixture("membership_group.bin");
    let ours = chat::Membership::decode(golden.as_slice())
        .expect("decodes")
        .encode_to_vec();
    assert_ne!(
        ours, golden,
        "prost now orders oneofs canonically: drop the normalisation"
    );
}

#[test]
fn message_with_thread_mention_card_and_drive_attachment() {
    let m: chat::Message = decode_roundtrip("message.bin");

    assert_eq!(m.name, "spaces/AAAAabcdef/messages/abc.123");
    assert_eq!(m.text, "Hello <users/222>, the report is attached.");
    assert_eq!(m.client_assigned_message_id, "client-report-42");
    let created = m.create_time.expect("create_time");
    assert_eq!(
        (created.seconds, created.nanos),
        (1_760_000_000, 123_000_000)
    );

    let sender = m.sender.expect("sender");
    assert_eq!(sender.name, "users/111");
    assert_eq!(sender.r#type(), chat::user::Type::Human);

    let thread = m.thread.expect("thread");
    assert_eq!(thread.name, "spaces/AAAAabcdef/threads/thr1");
    assert_eq!(thread.thread_key, "weekly-report");

    let [annotation] = m.annotations.as_slice() else {
        panic!("one annotation expected, got {:?}", m.annotations)
    };
    assert_eq!(annotation.r#type(), chat::AnnotationType::UserMention);
    assert_eq!((annotation.start_index, annotation.length), (Some(6), 12));
    let Some(chat::annotation::Metadata::UserMention(mention)) = &annotation.metadata else {
        panic!(
            "user mention metadata expected, got {:?}",
            annotation.metadata
        )
    };
    assert_eq!(
        mention.user.as_ref().map(|u| u.name.as_str()),
        Some("users/222")
    );
    assert_eq!(mention.r#type(), chat::user_mention_metadata::Type::Mention);

    let [card_with_id] = m.cards_v2.as_slice() else {
        panic!("one card expected")
    };
    assert_eq!(card_with_id.card_id, "status-card");
    let card = card_with_id.card.as_ref().expect("card");
    let header = card.header.as_ref().expect("card header");
    assert_eq!(
        (header.title.as_str(), header.subtitle.as_str()),
        ("Build status", "main")
    );
    let [section] = card.sections.as_slice() else {
        panic!("one section expected")
    };
    assert_eq!(section.header, "Details");
    let [first, second] = section.widgets.as_slice() else {
        panic!("two widgets expected")
    };
    let Some(card::widget::Data::TextParagraph(paragraph)) = &first.data else {
        panic!("text paragraph expected, got {:?}", first.data)
    };
    assert_eq!(paragraph.text, "All green");
    let Some(card::widget::Data::ButtonList(buttons)) = &second.data else {
        panic!("button list expected, got {:?}", second.data)
    };
    let [button] = buttons.buttons.as_slice() else {
        panic!("one button expected")
    };
    assert_eq!(button.text, "Open");
    let on_click = button.on_click.as_ref().and_then(|c| c.data.as_ref());
    let Some(card::on_click::Data::OpenLink(link)) = on_click else {
        panic!("open_link expected, got {on_click:?}")
    };
    assert_eq!(link.url, "https://example.com/build/42");

    let [attachment] = m.attachment.as_slice() else {
        panic!("one attachment expected")
    };
    assert_eq!(
        attachment.name,
        "spaces/AAAAabcdef/messages/abc.123/attachments/att1"
    );
    assert_eq!(attachment.content_name, "report.pdf");
    assert_eq!(attachment.content_type, "application/pdf");
    assert_eq!(attachment.source(), chat::attachment::Source::DriveFile);
    let Some(chat::attachment::DataRef::DriveDataRef(drive)) = &attachment.data_ref else {
        panic!("drive_data_ref expected, got {:?}", attachment.data_ref)
    };
    assert_eq!(drive.drive_file_id, "1AbCdEfGhIjK");
}

#[test]
fn membership_with_group_member() {
    let m: chat::Membership = decode_roundtrip("membership_group.bin");

    assert_eq!(m.name, "spaces/AAAAabcdef/members/grp1");
    assert_eq!(m.state(), chat::membership::MembershipState::Joined);
    assert_eq!(m.role(), chat::membership::MembershipRole::RoleMember);
    assert_eq!(m.create_time.map(|t| t.seconds), Some(1_750_000_000));
    let Some(chat::membership::MemberType::GroupMember(group)) = &m.member_type else {
        panic!("group_member expected, got {:?}", m.member_type)
    };
    assert_eq!(group.name, "groups/0abc123");
}

#[test]
fn space_event_with_message_batch_created_payload() {
    let e: chat::SpaceEvent = decode_roundtrip("space_event_batch_created.bin");

    assert_eq!(e.name, "spaces/AAAAabcdef/spaceEvents/evt1");
    assert_eq!(
        e.event_type,
        "google.workspace.chat.message.v1.batchCreated"
    );
    let t = e.event_time.expect("event_time");
    assert_eq!((t.seconds, t.nanos), (1_760_000_100, 5));
    let Some(chat::space_event::Payload::MessageBatchCreatedEventData(batch)) = &e.payload else {
        panic!(
            "message_batch_created_event_data expected, got {:?}",
            e.payload
        )
    };
    let messages: Vec<(&str, &str)> = batch
        .messages
        .iter()
        .map(|created| {
            let m = created.message.as_ref().expect("message in created event");
            (m.name.as_str(), m.text.as_str())
        })
        .collect();
    assert_eq!(
        messages,
        [
            ("spaces/AAAAabcdef/messages/m1", "first"),
            ("spaces/AAAAabcdef/messages/m2", "second")
        ]
    );
}

#[test]
fn space_with_access_and_permission_settings() {
    let s: chat::Space = decode_roundtrip("space_settings.bin");

    assert_eq!(s.name, "spaces/AAAAabcdef");
    assert_eq!(s.space_type(), chat::space::SpaceType::Space);
    assert_eq!(s.display_name, "Release planning");
    assert_eq!(s.space_history_state(), chat::HistoryState::HistoryOn);
    assert_eq!(s.create_time.map(|t| t.seconds), Some(1_700_000_000));
    let details = s.space_details.as_ref().expect("space_details");
    assert_eq!(
        (details.description.as_str(), details.guidelines.as_str()),
        ("Plans", "Be kind")
    );

    let access = s.access_settings.as_ref().expect("access_settings");
    assert_eq!(
        access.access_state(),
        chat::space::access_settings::AccessState::Discoverable
    );
    assert_eq!(access.audience, "audiences/default");

    let Some(chat::space::SpacePermissionSettings::PermissionSettings(p)) =
        &s.space_permission_settings
    else {
        panic!(
            "permission_settings expected, got {:?}",
            s.space_permission_settings
        )
    };
    let manage = p
        .manage_members_and_groups
        .as_ref()
        .expect("manage_members_and_groups");
    assert!(manage.managers_allowed && !manage.members_allowed);
    let modify = p
        .modify_space_details
        .as_ref()
        .expect("modify_space_details");
    assert!(modify.managers_allowed && modify.members_allowed);
    let post = p.post_messages.as_ref().expect("post_messages");
    // `assistant_managers_allowed` is proto3 `optional`: an explicit false is present on the
    // wire and must survive the round trip as Some(false), not collapse to None.
    assert_eq!(post.assistant_managers_allowed, Some(false));
    assert!(post.managers_allowed && post.members_allowed);
    assert!(p.toggle_history.is_none() && p.reply_messages.is_none());
}
