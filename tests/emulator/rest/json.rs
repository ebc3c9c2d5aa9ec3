//! The proto3 JSON mapping on the REST side, rule by rule: lowerCamelCase out and
//! snake_case accepted in, enums by name, 64-bit integers as strings, `Timestamp` in
//! RFC 3339, `Duration` and `FieldMask` as strings, bytes in base64, `Empty` as `{}`,
//! unknown fields rejected, defaults omitted; and path, query and body mapping.

use google_chat_grpc::emulator::Emulator;
use serde_json::Value;

use super::{Rest, Version, s, send, team};

#[tokio::test]
async fn names_are_camel_case_out_and_either_case_in() {
    let emu = Emulator::builder().start().await.unwrap();
    let u1 = Rest::new(emu.addr(), "user:1");
    // snake_case in (proto names), even mixed with lowerCamelCase.
    let space = u1
        .post(
            "/v1/spaces:setup",
            r#"{"space": {"space_type": "SPACE", "displayName": "Snake", "space_details": {"description": "d"}},
                "memberships": [{"member": {"name": "users/2", "type": "HUMAN"}}]}"#,
        )
        .await
        .ok();
    assert_eq!(s(&space, "displayName"), "Snake");
    assert_eq!(space["spaceDetails"]["description"], "d");
    // lowerCamelCase out, never the proto names.
    let text = serde_json::to_string(&space).unwrap();
    for snake in ["display_name", "space_type", "create_time", "space_details"] {
        assert!(!text.contains(snake), "{snake} in {text}");
    }
    // Query parameters by either name too.
    let name = s(&space, "name");
    let m = u1
        .post(
            &format!("/v1/{name}/messages?message_id=client-a&requestId=r"),
            r#"{"text": "x"}"#,
        )
        .await
        .ok();
    assert_eq!(s(&m, "clientAssignedMessageId"), "client-a");
}

#[tokio::test]
async fn enums_are_names_int64_are_strings_and_defaults_are_omitted() {
    let emu = Emulator::builder().start().await.unwrap();
    let u1 = Rest::new(emu.addr(), "user:1");
    let space = team(&u1, "Enums").await;
    let got = u1.get(&format!("/v1/{space}")).await.ok();
    assert_eq!(got["spaceType"], "SPACE");
    assert_eq!(got["spaceHistoryState"], "HISTORY_ON");
    // Defaults are omitted: false bools, empty strings, zero numbers, unset messages.
    assert!(got.get("importMode").is_none(), "{got}");
    assert!(got.get("singleUserBotDm").is_none(), "{got}");
    assert!(got.get("deleteTime").is_none(), "{got}");
    assert!(
        !serde_json::to_string(&got).unwrap().contains("\"\""),
        "{got}"
    );
    // Enum numbers are accepted on input, names come out.
    let m = u1.get(&format!("/v1/{space}/members/2")).await.ok();
    assert_eq!(m["role"], "ROLE_MEMBER");
    let promoted = u1
        .patch(
            &format!("/v1/{space}/members/2?updateMask=role"),
            r#"{"role": 2}"#,
        )
        .await
        .ok();
    assert_eq!(promoted["role"], "ROLE_MANAGER");
    // An unknown enum name is a 400.
    let e = u1
        .patch(
            &format!("/v1/{space}/members/2?updateMask=role"),
            r#"{"role": "ROLE_KING"}"#,
        )
        .await
        .err(400);
    assert_eq!(e["status"], "INVALID_ARGUMENT");
    // Enums by name in the query, and a bad one named in the error.
    u1.get("/v1/spaces:findGroupChats?users=users/2&spaceView=SPACE_VIEW_RESOURCE_NAME_ONLY")
        .await
        .ok();
    let e = u1
        .get("/v1/spaces:findGroupChats?users=users/2&spaceView=NOPE")
        .await
        .err(400);
    assert!(e["message"].as_str().unwrap().contains("spaceView"), "{e}");
    // 64-bit integers are strings (a slash command's `commandId`), and accepted as numbers.
    let bot = Rest::new(emu.addr(), "app");
    u1.post(
        &format!("/v1/{space}/members"),
        r#"{"member": {"name": "users/app", "type": "BOT"}}"#,
    )
    .await
    .ok();
    let m = bot
        .post(
            &format!("/v1/{space}/messages"),
            r#"{"text": "/cmd", "slashCommand": {"commandId": 9007199254740993}}"#,
        )
        .await
        .ok();
    if let Some(id) = m.get("slashCommand") {
        assert_eq!(id["commandId"], "9007199254740993", "{m}");
    }
}

#[tokio::test]
async fn timestamps_durations_field_masks_bytes_and_empty() {
    let emu = Emulator::builder().start().await.unwrap();
    let u1 = Rest::new(emu.addr(), "user:1");
    let space = team(&u1, "Types").await;
    let got = u1.get(&format!("/v1/{space}")).await.ok();
    // RFC 3339 in UTC with a `Z`.
    let created = s(&got, "createTime");
    assert!(
        created.len() >= 20 && created.ends_with('Z') && created.as_bytes()[10] == b'T',
        "{created}"
    );
    // Timestamps in: an offset is accepted and normalized to UTC.
    let id = space.trim_start_matches("spaces/");
    let rs = u1
        .patch(
            &format!("/v1/users/me/spaces/{id}/spaceReadState?updateMask=lastReadTime"),
            r#"{"lastReadTime": "2031-05-06T09:10:11+02:00"}"#,
        )
        .await;
    // Later than now is clamped or accepted; either way a Timestamp string comes back.
    let rs = rs.ok();
    assert!(s(&rs, "lastReadTime").ends_with('Z'), "{rs}");
    let e = u1
        .patch(
            &format!("/v1/users/me/spaces/{id}/spaceReadState?updateMask=lastReadTime"),
            r#"{"lastReadTime": "yesterday"}"#,
        )
        .await
        .err(400);
    assert_eq!(e["status"], "INVALID_ARGUMENT");
    // Durations as "600s".
    let a = u1
        .post(
            "/v1/users/me/availability:markAsDoNotDisturb",
            r#"{"ttl": "1.5s"}"#,
        )
        .await
        .ok();
    assert_eq!(a["state"], "DO_NOT_DISTURB");
    // FieldMask: comma-separated lowerCamelCase, also snake_case paths.
    let u = u1
        .patch(
            &format!("/v1/{space}?updateMask=display_name,spaceDetails"),
            r#"{"displayName": "Masked", "spaceDetails": {"guidelines": "be nice"}}"#,
        )
        .await
        .ok();
    assert_eq!(u["displayName"], "Masked");
    assert_eq!(u["spaceDetails"]["guidelines"], "be nice");
    // Bytes in base64; a bad base64 is a 400.
    let e = u1
        .post(
            "/v1/customEmojis",
            r#"{"emojiName": ":x:", "payload": {"fileContent": "***", "filename": "x.png"}}"#,
        )
        .await
        .err(400);
    assert_eq!(e["status"], "INVALID_ARGUMENT");
    // Empty as {}.
    let m = u1
        .post(&format!("/v1/{space}/messages"), r#"{"text": "bye"}"#)
        .await
        .ok();
    let r = u1.delete(&format!("/v1/{}", s(&m, "name"))).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json, Value::Object(Default::default()));
    assert!(
        r.content_type.starts_with("application/json"),
        "{}",
        r.content_type
    );
}

#[tokio::test]
async fn unknown_fields_and_parameters_are_rejected() {
    let emu = Emulator::builder().start().await.unwrap();
    let u1 = Rest::new(emu.addr(), "user:1");
    let space = team(&u1, "Strict").await;
    // Unknown top-level and nested body fields.
    for body in [
        r#"{"text": "x", "colour": "red"}"#,
        r#"{"text": "x", "thread": {"name": "spaces/a/threads/b", "size": 3}}"#,
    ] {
        let e = u1
            .post(&format!("/v1/{space}/messages"), body)
            .await
            .err(400);
        assert_eq!(e["status"], "INVALID_ARGUMENT", "{body}");
    }
    // body "*": unknown fields in the body, and no query parameters bind.
    let e = u1
        .post(
            "/v1/spaces:setup",
            r#"{"space": {"spaceType": "SPACE", "displayName": "x"}, "extra": 1}"#,
        )
        .await
        .err(400);
    assert!(e["message"].as_str().unwrap().contains("extra"), "{e}");
    let e = u1
        .post(
            "/v1/spaces:setup?requestId=abc",
            r#"{"space": {"spaceType": "SPACE", "displayName": "x"}}"#,
        )
        .await
        .err(400);
    assert!(e["message"].as_str().unwrap().contains("requestId"), "{e}");
    // Unknown query parameters, and the body field cannot come from the query.
    let e = u1.get(&format!("/v1/{space}?colour=red")).await.err(400);
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .contains("Cannot bind query parameter"),
        "{e}"
    );
    let e = u1
        .patch(
            &format!("/v1/{space}?updateMask=displayName&space.displayName=q"),
            r#"{"displayName": "b"}"#,
        )
        .await
        .err(400);
    assert_eq!(e["status"], "INVALID_ARGUMENT");
    // Typed query values.
    let e = u1
        .get(&format!("/v1/{space}/messages?pageSize=ten"))
        .await
        .err(400);
    assert!(e["message"].as_str().unwrap().contains("TYPE_INT32"), "{e}");
    let e = u1
        .get(&format!("/v1/{space}/messages?showDeleted=maybe"))
        .await
        .err(400);
    assert!(e["message"].as_str().unwrap().contains("TYPE_BOOL"), "{e}");
    // System parameters are accepted (and `alt` other than json is not).
    u1.get(&format!(
        "/v1/{space}?alt=json&prettyPrint=false&key=k&$.xgafv=2&quotaUser=q"
    ))
    .await
    .ok();
    u1.get(&format!("/v1/{space}?alt=proto")).await.err(400);
}

#[tokio::test]
async fn path_query_and_body_mapping() {
    let emu = Emulator::builder().start().await.unwrap();
    let u1 = Rest::new(emu.addr(), "user:1");
    let space = team(&u1, "Mapping").await;
    // The path wins over the body for the bound field (`message.name` from the path).
    let m = u1
        .post(&format!("/v1/{space}/messages"), r#"{"text": "one"}"#)
        .await
        .ok();
    let name = s(&m, "name");
    let u = u1
        .patch(
            &format!("/v1/{name}?updateMask=text"),
            r#"{"name": "spaces/elsewhere/messages/x", "text": "two"}"#,
        )
        .await
        .ok();
    assert_eq!(s(&u, "name"), name);
    assert_eq!(s(&u, "text"), "two");
    // Percent-encoded path segments are decoded.
    let id = space.trim_start_matches("spaces/");
    let first = id.as_bytes()[0];
    let got = u1
        .get(&format!("/v1/spaces/%{first:02X}{}", &id[1..]))
        .await
        .ok();
    assert_eq!(s(&got, "name"), space);
    u1.get("/v1/spaces/%zz").await.err(400);
    u1.get("/v1/spaces/%FF%FE").await.err(400);
    // Query strings: `+` and %20 are spaces, repeated fields repeat.
    let list = u1
        .get(&format!(
            "/v1/{space}/messages?orderBy=createTime+desc&pageSize=1"
        ))
        .await
        .ok();
    assert_eq!(list["messages"][0]["text"], "two");
    // Whitespace-only bodies are no body; a non-object for body "*" is a 400.
    u1.get(&format!("/v1/{space}")).await.ok();
    let e = u1.post("/v1/spaces:setup", "[1, 2]").await.err(400);
    assert_eq!(e["status"], "INVALID_ARGUMENT");
    // A body on a bodiless method is ignored.
    let r = send(
        emu.addr(),
        Version::Http1,
        "GET",
        &format!("/v1/{space}"),
        Some("user:1"),
        Some(r#"{"ignored": true}"#),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text);
    // Paths that match no template are 404s; so is the right path under the wrong method.
    for (method, path) in [
        ("GET", "/v1/nothing/here".to_owned()),
        ("GET", "/v1/spaces/a/b".to_owned()),
        ("PUT", format!("/v1/{space}")),
        ("GET", "/v1/spaces:nope".to_owned()),
        ("GET", "/v1//spaces".to_owned()),
        ("GET", "/".to_owned()),
    ] {
        let r = send(
            emu.addr(),
            Version::Http1,
            method,
            &path,
            Some("user:1"),
            None,
        )
        .await;
        assert_eq!(r.status, 404, "{method} {path}: {}", r.text);
        assert_eq!(r.json["error"]["status"], "NOT_FOUND", "{}", r.text);
    }
}

/// "If you list messages from a space with no messages, the response is an empty object.
/// When using a REST/HTTP interface, the response contains an empty JSON object, `{}`"
/// (chat_service.proto, ListMessages).
#[tokio::test]
async fn an_empty_message_list_is_an_empty_json_object() {
    let emu = Emulator::builder().start().await.unwrap();
    let u1 = Rest::new(emu.addr(), "user:1");
    let space = team(&u1, "Quiet").await;
    let reply = u1.get(&format!("/v1/{space}/messages")).await;
    assert_eq!(reply.text.trim(), "{}", "{reply:?}");
    assert_eq!(reply.ok(), Value::Object(Default::default()));
}
