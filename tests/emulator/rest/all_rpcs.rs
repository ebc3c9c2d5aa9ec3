//! Every one of the 52 RPCs through its REST binding, in one flow: each call checks that it
//! reached its RPC with the fields the path, query and body carry (the response or the
//! RPC's own error says so), and the test ends by checking the set of RPCs covered is
//! `emulator::methods()`, so a new RPC without a REST binding or a step here fails it.

use std::collections::BTreeSet;

use base64::Engine as _;
use google_chat_grpc::emulator::{self, Emulator};
use serde_json::Value;

use super::{Rest, s, team};

struct Covered(BTreeSet<&'static str>);

impl Covered {
    fn hit(&mut self, rpc: &'static str) {
        self.0.insert(rpc);
    }
}

#[tokio::test]
async fn every_rpc_is_reachable_over_rest_with_its_fields() {
    let emu = Emulator::builder().start().await.unwrap();
    let addr = emu.addr();
    let u1 = Rest::new(addr, "user:1");
    let u2 = Rest::new(addr, "user:2");
    let admin = Rest::new(addr, "admin:9");
    let app = Rest::new(addr, "app");
    let mut c = Covered(BTreeSet::new());

    // --- spaces ---
    let space = team(&u1, "Launch").await;
    c.hit("SetUpSpace");
    let got = u1.get(&format!("/v1/{space}")).await.ok();
    assert_eq!(s(&got, "displayName"), "Launch");
    assert_eq!(s(&got, "spaceType"), "SPACE");
    c.hit("GetSpace");

    let other = u1
        .post(
            "/v1/spaces?requestId=req-1",
            r#"{"spaceType": "SPACE", "displayName": "Other"}"#,
        )
        .await
        .ok();
    let other = s(&other, "name");
    c.hit("CreateSpace");

    let page = u1.get("/v1/spaces?pageSize=1").await.ok();
    assert_eq!(page["spaces"].as_array().unwrap().len(), 1, "{page}");
    let token = s(&page, "nextPageToken");
    let page2 = u1
        .get(&format!("/v1/spaces?pageSize=1&pageToken={token}"))
        .await
        .ok();
    assert_eq!(page2["spaces"].as_array().unwrap().len(), 1, "{page2}");
    c.hit("ListSpaces");

    let updated = u1
        .patch(
            &format!("/v1/{space}?updateMask=displayName,spaceDetails"),
            r#"{"displayName": "Renamed", "spaceDetails": {"description": "Plans"}}"#,
        )
        .await
        .ok();
    assert_eq!(s(&updated, "displayName"), "Renamed");
    assert_eq!(updated["spaceDetails"]["description"], "Plans");
    c.hit("UpdateSpace");

    let q = "customer%20%3D%20%22customers%2Fmy_customer%22%20AND%20space_type%20%3D%20%22SPACE%22";
    let found = admin
        .get(&format!("/v1/spaces:search?useAdminAccess=true&query={q}"))
        .await
        .ok();
    let names: Vec<&str> = found["spaces"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["displayName"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Renamed", "Other"], "{found}");
    c.hit("SearchSpaces");

    // No DM between 1 and 2 yet: the RPC's own NOT_FOUND.
    let e = u1
        .get("/v1/spaces:findDirectMessage?name=users/2")
        .await
        .err(404);
    assert_eq!(e["status"], "NOT_FOUND");
    c.hit("FindDirectMessage");

    let groups = u1
        .get("/v1/spaces:findGroupChats?users=users/2&users=users/3&pageSize=5")
        .await
        .ok();
    assert!(groups.is_object(), "{groups}");
    c.hit("FindGroupChats");

    // --- memberships ---
    let added = u1
        .post(
            &format!("/v1/{space}/members"),
            r#"{"member": {"name": "users/app", "type": "BOT"}}"#,
        )
        .await
        .ok();
    assert_eq!(s(&added, "name"), format!("{space}/members/app"));
    c.hit("CreateMembership");
    let m2 = format!("{space}/members/2");
    let got = u1.get(&format!("/v1/{m2}")).await.ok();
    assert_eq!(s(&got, "role"), "ROLE_MEMBER");
    assert_eq!(got["member"]["name"], "users/2");
    c.hit("GetMembership");
    let list = u1
        .get(&format!(
            "/v1/{space}/members?pageSize=2&filter=member.type%20%3D%20%22HUMAN%22"
        ))
        .await
        .ok();
    assert_eq!(list["memberships"].as_array().unwrap().len(), 2, "{list}");
    assert!(list["nextPageToken"].is_string(), "{list}");
    c.hit("ListMemberships");
    let promoted = u1
        .patch(
            &format!("/v1/{m2}?updateMask=role"),
            r#"{"role": "ROLE_MANAGER"}"#,
        )
        .await
        .ok();
    assert_eq!(s(&promoted, "role"), "ROLE_MANAGER");
    c.hit("UpdateMembership");

    // --- messages ---
    let msg = u1
        .post(
            &format!("/v1/{space}/messages?messageId=client-hello&requestId=r-1"),
            r#"{"text": "hello world"}"#,
        )
        .await
        .ok();
    let msg_name = s(&msg, "name");
    assert_eq!(s(&msg, "clientAssignedMessageId"), "client-hello");
    let by_client_id = u1
        .get(&format!("/v1/{space}/messages/client-hello"))
        .await
        .ok();
    assert_eq!(s(&by_client_id, "name"), msg_name);
    c.hit("CreateMessage");
    u2.post(&format!("/v1/{space}/messages"), r#"{"text": "second"}"#)
        .await
        .ok();
    let got = u1.get(&format!("/v1/{msg_name}")).await.ok();
    assert_eq!(s(&got, "text"), "hello world");
    c.hit("GetMessage");
    let page = u1
        .get(&format!(
            "/v1/{space}/messages?pageSize=1&orderBy=createTime%20desc&showDeleted=true"
        ))
        .await
        .ok();
    assert_eq!(page["messages"][0]["text"], "second", "{page}");
    assert!(page["nextPageToken"].is_string(), "{page}");
    c.hit("ListMessages");
    let put = u1
        .put(
            &format!("/v1/{msg_name}?updateMask=text"),
            r#"{"text": "edited by PUT"}"#,
        )
        .await
        .ok();
    assert_eq!(s(&put, "text"), "edited by PUT");
    // The additional binding: PATCH.
    let patched = u1
        .patch(
            &format!("/v1/{msg_name}?update_mask=text"),
            r#"{"text": "edited by PATCH"}"#,
        )
        .await
        .ok();
    assert_eq!(s(&patched, "text"), "edited by PATCH");
    c.hit("UpdateMessage");
    let found = u1
        .post(
            "/v1/spaces/-/messages:search",
            r#"{"filter": "PATCH", "pageSize": 10}"#,
        )
        .await
        .ok();
    assert_eq!(
        found["results"].as_array().map(Vec::len),
        Some(1),
        "{found}"
    );
    c.hit("SearchMessages");

    // --- reactions ---
    let reaction = u2
        .post(
            &format!("/v1/{msg_name}/reactions"),
            r#"{"emoji": {"unicode": "🙂"}}"#,
        )
        .await
        .ok();
    assert_eq!(reaction["emoji"]["unicode"], "🙂");
    c.hit("CreateReaction");
    let list = u1
        .get(&format!(
            "/v1/{msg_name}/reactions?filter=emoji.unicode%20%3D%20%22%F0%9F%99%82%22"
        ))
        .await
        .ok();
    assert_eq!(list["reactions"].as_array().unwrap().len(), 1, "{list}");
    c.hit("ListReactions");
    let gone = u2
        .delete(&format!("/v1/{}", s(&reaction, "name")))
        .await
        .ok();
    assert_eq!(gone, Value::Object(Default::default()));
    c.hit("DeleteReaction");

    // --- pins ---
    let pin = u1
        .post(
            &format!("/v1/{space}/messagePins"),
            &format!(r#"{{"message": "{msg_name}"}}"#),
        )
        .await
        .ok();
    assert_eq!(s(&pin, "message"), msg_name);
    c.hit("CreateMessagePin");
    let pins = u1.get(&format!("/v1/{space}/messagePins")).await.ok();
    assert_eq!(pins["messagePins"].as_array().unwrap().len(), 1, "{pins}");
    c.hit("ListMessagePins");
    u1.delete(&format!("/v1/{}", s(&pin, "name"))).await.ok();
    c.hit("DeleteMessagePin");

    // --- attachments ---
    let uploaded = u1
        .post(
            &format!("/v1/{space}/attachments:upload"),
            r#"{"filename": "notes.txt"}"#,
        )
        .await
        .ok();
    let data_ref = uploaded["attachmentDataRef"].clone();
    assert!(data_ref["attachmentUploadToken"].is_string(), "{uploaded}");
    c.hit("UploadAttachment");
    let with_file = u1
        .post(
            &format!("/v1/{space}/messages"),
            &format!(r#"{{"text": "file", "attachment": [{{"attachmentDataRef": {data_ref}}}]}}"#),
        )
        .await
        .ok();
    let attachment = s(&with_file["attachment"][0], "name");
    let got = app.get(&format!("/v1/{attachment}")).await.ok();
    assert_eq!(s(&got, "contentName"), "notes.txt");
    c.hit("GetAttachment");

    // --- custom emojis (bytes as base64) ---
    let png = base64::engine::general_purpose::STANDARD.encode([0x89u8; 64]);
    let emoji = u1
        .post(
            "/v1/customEmojis",
            &format!(
                r#"{{"emojiName": ":party-parrot:", "payload": {{"fileContent": "{png}", "filename": "p.png"}}}}"#
            ),
        )
        .await
        .ok();
    let emoji_name = s(&emoji, "name");
    assert_eq!(s(&emoji, "emojiName"), ":party-parrot:");
    c.hit("CreateCustomEmoji");
    let got = u1.get(&format!("/v1/{emoji_name}")).await.ok();
    assert_eq!(s(&got, "emojiName"), ":party-parrot:");
    c.hit("GetCustomEmoji");
    let list = u1.get("/v1/customEmojis?pageSize=10").await.ok();
    assert_eq!(list["customEmojis"].as_array().unwrap().len(), 1, "{list}");
    c.hit("ListCustomEmojis");
    u1.delete(&format!("/v1/{emoji_name}")).await.ok();
    c.hit("DeleteCustomEmoji");

    // --- read states ---
    let id = space.trim_start_matches("spaces/");
    let rs = u1
        .get(&format!("/v1/users/me/spaces/{id}/spaceReadState"))
        .await
        .ok();
    assert_eq!(
        s(&rs, "name"),
        format!("users/1/spaces/{id}/spaceReadState")
    );
    c.hit("GetSpaceReadState");
    let rs = u1
        .patch(
            &format!("/v1/users/me/spaces/{id}/spaceReadState?updateMask=lastReadTime"),
            r#"{"lastReadTime": "2030-01-02T03:04:05.500Z"}"#,
        )
        .await
        .ok();
    assert!(s(&rs, "lastReadTime").starts_with("20"), "{rs}");
    c.hit("UpdateSpaceReadState");
    let thread = s(&got_thread(&u1, &msg_name).await, "name");
    let thread_id = thread.rsplit('/').next().unwrap();
    let trs = u1
        .get(&format!(
            "/v1/users/me/spaces/{id}/threads/{thread_id}/threadReadState"
        ))
        .await
        .ok();
    assert_eq!(
        s(&trs, "name"),
        format!("users/1/spaces/{id}/threads/{thread_id}/threadReadState")
    );
    c.hit("GetThreadReadState");

    // --- availability ---
    let a = u1.get("/v1/users/me/availability").await.ok();
    assert!(s(&a, "name").ends_with("/availability"), "{a}");
    c.hit("GetAvailability");
    let a = u1
        .post(
            "/v1/users/me/availability:markAsActive",
            r#"{"ttl": "600s"}"#,
        )
        .await
        .ok();
    assert_eq!(s(&a, "state"), "ACTIVE");
    c.hit("MarkAsActive");
    let a = u1
        .post("/v1/users/me/availability:markAsAway", "{}")
        .await
        .ok();
    assert_eq!(s(&a, "state"), "AWAY");
    c.hit("MarkAsAway");
    let a = u1
        .post(
            "/v1/users/me/availability:markAsDoNotDisturb",
            r#"{"ttl": "3600s"}"#,
        )
        .await
        .ok();
    assert_eq!(s(&a, "state"), "DO_NOT_DISTURB");
    c.hit("MarkAsDoNotDisturb");
    let a = u1
        .patch(
            "/v1/users/me/availability?updateMask=customStatus",
            r#"{"customStatus": {"text": "heads down", "emoji": {"unicode": "🎧"}, "ttl": "3600s"}}"#,
        )
        .await
        .ok();
    assert_eq!(a["customStatus"]["text"], "heads down", "{a}");
    c.hit("UpdateAvailability");

    // --- space events ---
    let events = u1
        .get(&format!(
            "/v1/{space}/spaceEvents?pageSize=1&filter=event_types%3A%22google.workspace.chat.message.v1.created%22"
        ))
        .await
        .ok();
    let event = &events["spaceEvents"][0];
    assert_eq!(
        event["eventType"],
        "google.workspace.chat.message.v1.created"
    );
    assert!(events["nextPageToken"].is_string(), "{events}");
    c.hit("ListSpaceEvents");
    let got = u1.get(&format!("/v1/{}", s(event, "name"))).await.ok();
    assert_eq!(got["name"], event["name"]);
    c.hit("GetSpaceEvent");

    // --- notification settings ---
    let ns = u1
        .get(&format!(
            "/v1/users/me/spaces/{id}/spaceNotificationSetting"
        ))
        .await
        .ok();
    assert!(
        s(&ns, "name").ends_with("/spaceNotificationSetting"),
        "{ns}"
    );
    c.hit("GetSpaceNotificationSetting");
    let ns = u1
        .patch(
            &format!("/v1/users/me/spaces/{id}/spaceNotificationSetting?updateMask=muteSetting"),
            r#"{"muteSetting": "MUTED"}"#,
        )
        .await
        .ok();
    assert_eq!(s(&ns, "muteSetting"), "MUTED");
    c.hit("UpdateSpaceNotificationSetting");

    // --- sections ---
    let section = u1
        .post(
            "/v1/users/me/sections",
            r#"{"displayName": "Work", "type": "CUSTOM_SECTION"}"#,
        )
        .await
        .ok();
    let section_name = s(&section, "name");
    assert_eq!(s(&section, "displayName"), "Work");
    c.hit("CreateSection");
    let list = u1.get("/v1/users/me/sections?pageSize=50").await.ok();
    assert!(
        list["sections"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["name"] == section_name.as_str()),
        "{list}"
    );
    c.hit("ListSections");
    let renamed = u1
        .patch(
            &format!("/v1/{section_name}?updateMask=displayName"),
            r#"{"displayName": "Deep work"}"#,
        )
        .await
        .ok();
    assert_eq!(s(&renamed, "displayName"), "Deep work");
    c.hit("UpdateSection");
    let pos = u1
        .post(
            &format!("/v1/{section_name}:position"),
            r#"{"relativePosition": "START"}"#,
        )
        .await
        .ok();
    assert_eq!(pos["section"]["name"], section_name.as_str(), "{pos}");
    c.hit("PositionSection");
    let items = u1
        .get("/v1/users/me/sections/default-spaces/items")
        .await
        .ok();
    let item = items["sectionItems"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["space"] == space.as_str())
        .unwrap_or_else(|| panic!("{items}"))
        .clone();
    c.hit("ListSectionItems");
    let moved = u1
        .post(
            &format!("/v1/{}:move", s(&item, "name")),
            &format!(r#"{{"targetSection": "{section_name}"}}"#),
        )
        .await
        .ok();
    assert!(
        s(&moved["sectionItem"], "name").starts_with(&section_name),
        "{moved}"
    );
    c.hit("MoveSectionItem");
    u1.delete(&format!("/v1/{section_name}")).await.ok();
    c.hit("DeleteSection");

    // --- import ---
    let imported = u1
        .post(
            "/v1/spaces",
            r#"{"spaceType": "SPACE", "displayName": "Imported", "importMode": true,
                "createTime": "2020-01-01T00:00:00Z"}"#,
        )
        .await
        .ok();
    assert_eq!(imported["importMode"], true);
    let done = u1
        .post(
            &format!("/v1/{}:completeImport", s(&imported, "name")),
            "{}",
        )
        .await
        .ok();
    assert_eq!(done["space"]["name"], imported["name"]);
    assert!(done["space"].get("importMode").is_none(), "{done}");
    c.hit("CompleteImportSpace");

    // --- deletes ---
    let removed = app.delete(&format!("/v1/{space}/members/app")).await.ok();
    assert_eq!(s(&removed, "name"), format!("{space}/members/app"));
    c.hit("DeleteMembership");
    let gone = u1.delete(&format!("/v1/{msg_name}?force=true")).await.ok();
    assert_eq!(gone, Value::Object(Default::default()));
    c.hit("DeleteMessage");
    let gone = u1.delete(&format!("/v1/{other}")).await.ok();
    assert_eq!(gone, Value::Object(Default::default()));
    c.hit("DeleteSpace");

    let all: BTreeSet<&str> = emulator::methods().iter().copied().collect();
    let missing: Vec<_> = all.difference(&c.0).collect();
    assert!(
        missing.is_empty(),
        "RPCs not covered over REST: {missing:?}"
    );
    assert_eq!(c.0.len(), 52);
    // And the state is the one gRPC sees.
    let snap = emu.snapshot();
    assert!(snap.spaces.iter().any(|s| s.display_name == "Renamed"));
    assert!(!snap.spaces.iter().any(|s| s.name == other));
}

async fn got_thread(rest: &Rest, message: &str) -> Value {
    rest.get(&format!("/v1/{message}")).await.ok()["thread"].clone()
}
