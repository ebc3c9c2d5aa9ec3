//! The `json` feature against Google's own JSON: `tests/fixtures/*.json` were printed by
//! protobuf's `json_format.MessageToJson` from the same messages as the `.bin` fixtures
//! (`scripts/make-golden.py`). Each binary fixture, decoded with our types, must print as the
//! same JSON value, and each JSON fixture must parse back into the same message.

use google_chat_grpc::json::{self, ParseOptions};
use google_chat_grpc::proto::chat::v1 as chat;
use prost::{Message, Name};
use serde_json::Value;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("reading {path}: {e}"))
}

fn agrees_with_google<M: Message + Name + Default + PartialEq + std::fmt::Debug>(stem: &str) {
    let message = M::decode(fixture(&format!("{stem}.bin")).as_slice()).unwrap();
    let google_text = String::from_utf8(fixture(&format!("{stem}.json"))).unwrap();
    let google: Value = serde_json::from_str(&google_text).unwrap();

    let ours = json::to_value(&message).unwrap();
    assert_eq!(ours, google, "{stem}: our JSON differs from json_format's");
    let text: Value = serde_json::from_str(&json::to_string_pretty(&message).unwrap()).unwrap();
    assert_eq!(
        text, google,
        "{stem}: to_string_pretty differs from to_value"
    );

    let parsed: M = json::from_str(&google_text).unwrap();
    assert_eq!(
        parsed, message,
        "{stem}: Google's JSON parses into another message"
    );
    let parsed: M = json::from_value(google).unwrap();
    assert_eq!(parsed, message, "{stem}: from_value differs from from_str");
}

#[test]
fn matches_googles_json_format() {
    agrees_with_google::<chat::Message>("message");
    agrees_with_google::<chat::Membership>("membership_group");
    agrees_with_google::<chat::SpaceEvent>("space_event_batch_created");
    agrees_with_google::<chat::Space>("space_settings");
}

#[test]
fn proto_field_names_are_accepted_too() {
    let space: chat::Space =
        json::from_str(r#"{"display_name": "Ops", "space_type": "SPACE"}"#).unwrap();
    assert_eq!(space.display_name, "Ops");
    assert_eq!(space.space_type, chat::space::SpaceType::Space as i32);
}

#[test]
fn errors_name_the_type_and_the_problem() {
    let unknown = json::from_str::<chat::Space>(r#"{"displayNmae": "Ops"}"#).unwrap_err();
    assert_eq!(unknown.type_name(), "google.chat.v1.Space");
    let text = unknown.to_string();
    assert!(text.starts_with("google.chat.v1.Space as JSON: "), "{text}");
    assert!(text.contains("displayNmae"), "{text}");

    let bad_enum = json::from_str::<chat::Space>(r#"{"spaceType": "ROOM"}"#).unwrap_err();
    assert!(bad_enum.to_string().contains("ROOM"), "{bad_enum}");

    let bad_time = json::from_str::<chat::Message>(r#"{"createTime": "yesterday"}"#).unwrap_err();
    assert!(
        bad_time.to_string().contains("createTime") || bad_time.to_string().contains("timestamp"),
        "{bad_time}"
    );

    let trailing = json::from_str::<chat::Space>(r#"{"name": "spaces/A"} {"#).unwrap_err();
    assert!(trailing.to_string().contains("trailing"), "{trailing}");

    let not_object = json::from_value::<chat::Space>(Value::from(3)).unwrap_err();
    assert_eq!(not_object.type_name(), "google.chat.v1.Space");
}

#[test]
fn unknown_fields_can_be_skipped() {
    let newer = r#"{"name": "spaces/AAAA", "futureField": {"x": 1}, "spaceType": "SPACE"}"#;
    assert!(json::from_str::<chat::Space>(newer).is_err());
    let lenient = ParseOptions::new().ignore_unknown_fields(true);
    let space: chat::Space = json::from_str_with(newer, lenient).unwrap();
    assert_eq!(space.name, "spaces/AAAA");
    assert_eq!(space.space_type, chat::space::SpaceType::Space as i32);
    let space: chat::Space =
        json::from_value_with(serde_json::from_str(newer).unwrap(), lenient).unwrap();
    assert_eq!(space.name, "spaces/AAAA");
}

#[test]
fn a_built_card_prints_as_card_json() {
    let card = google_chat_grpc::proto::apps::card::v1::Card::builder()
        .header("Deploy 1.4", "production")
        .section(|s| {
            s.paragraph("All checks passed.")
                .link_button("Open", "https://ci.example.com/runs/42")
        })
        .build_with_id("deploy")
        .unwrap();
    let out = json::to_value(&card).unwrap();
    assert_eq!(
        out,
        serde_json::json!({
            "cardId": "deploy",
            "card": {
                "header": {"title": "Deploy 1.4", "subtitle": "production"},
                "sections": [{"widgets": [
                    {"textParagraph": {"text": "All checks passed."}},
                    {"buttonList": {"buttons": [{
                        "text": "Open",
                        "onClick": {"openLink": {"url": "https://ci.example.com/runs/42"}}
                    }]}}
                ]}]
            }
        })
    );
    let back: google_chat_grpc::proto::chat::v1::CardWithId = json::from_value(out).unwrap();
    assert_eq!(back, card);
}
