//! Every example in `examples/`, run against the embedded emulator with its output checked,
//! so what the README promises cannot rot. Each example's `main` is a thin shell around a
//! function that writes to any `io::Write`; the files are compiled here as modules.

#[cfg(feature = "media")]
#[allow(dead_code, clippy::duplicate_mod)] // its `main`; each example has its own `support`
#[path = "../../examples/attachments.rs"]
mod attachments;
#[allow(dead_code, clippy::duplicate_mod)] // its `main`; each example has its own `support`
#[path = "../../examples/delete_membership.rs"]
mod delete_membership;
#[allow(dead_code, clippy::duplicate_mod)] // its `main`; each example has its own `support`
#[path = "../../examples/loadgen.rs"]
mod loadgen;
#[allow(dead_code, clippy::duplicate_mod)] // its `main`; each example has its own `support`
#[path = "../../examples/quickstart.rs"]
mod quickstart;
#[allow(dead_code, clippy::duplicate_mod)] // its `main`; each example has its own `support`
#[path = "../../examples/set_up_space.rs"]
mod set_up_space;
#[allow(dead_code, clippy::duplicate_mod)] // its `main`; each example has its own `support`
#[path = "../../examples/update_space.rs"]
mod update_space;

use google_chat_grpc::emulator::Emulator;

/// What an example wrote, as lines.
async fn output<F, Fut>(example: F) -> Vec<String>
where
    F: FnOnce(Vec<u8>) -> Fut,
    Fut: std::future::Future<Output = (Vec<u8>, Result<(), Box<dyn std::error::Error>>)>,
{
    let (out, result) = example(Vec::new()).await;
    let text = String::from_utf8(out).unwrap();
    if let Err(e) = result {
        panic!("the example failed: {e}\nafter writing:\n{text}");
    }
    text.lines().map(str::to_owned).collect()
}

/// `line` matches `pattern`, where `*` stands for any run of characters (resource names are
/// random).
fn like(line: &str, pattern: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = line.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    for (i, part) in parts.iter().enumerate() {
        if i + 1 == parts.len() {
            return rest.ends_with(part);
        }
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.is_empty()
}

fn assert_lines(lines: &[String], patterns: &[&str]) {
    assert_eq!(
        lines.len(),
        patterns.len(),
        "line count differs:\n{}",
        lines.join("\n")
    );
    for (line, pattern) in lines.iter().zip(patterns) {
        assert!(
            like(line, pattern),
            "{line:?} is not like {pattern:?}\n{}",
            lines.join("\n")
        );
    }
}

#[tokio::test]
async fn quickstart_flow() {
    let lines = output(|mut out| async move {
        let r = quickstart::example(&mut out).await;
        (out, r)
    })
    .await;
    assert_lines(
        &lines,
        &[
            "1. set up spaces/* \"Release planning\" with bob@example.com, carol@example.com",
            "2. posted spaces/*/messages/* in thread spaces/*/threads/*",
            "3. replied spaces/*/messages/* (same thread: true)",
            "4. reacted 🚀 as spaces/*/messages/*/reactions/*",
            "5. space details now: \"Shipping 1.4\" / \"Decisions go in threads.\"",
            "6. space events so far:",
            "   google.workspace.chat.membership.v1.created  spaces/*/spaceEvents/*",
            "   google.workspace.chat.membership.v1.created  spaces/*/spaceEvents/*",
            "   google.workspace.chat.membership.v1.created  spaces/*/spaceEvents/*",
            "   google.workspace.chat.message.v1.created  spaces/*/spaceEvents/*",
            "   google.workspace.chat.message.v1.created  spaces/*/spaceEvents/*",
            "   google.workspace.chat.reaction.v1.created  spaces/*/spaceEvents/*",
            "   google.workspace.chat.space.v1.updated  spaces/*/spaceEvents/*",
            "7. removed spaces/*/members/1003 (state now NotAMember)",
            "8. spaces/* now has 2 members",
        ],
    );
}

#[tokio::test]
async fn set_up_space_task() {
    let lines = output(|mut out| async move {
        let r = set_up_space::example(&mut out).await;
        (out, r)
    })
    .await;
    assert_lines(
        &lines,
        &[
            "set up spaces/* \"Launch crew\" (Space)",
            "  users/1001 * Joined",
            "  users/1002 * Joined",
            "  users/1003 * Joined",
            "  groups/launch-team * Joined",
            "a second \"Launch crew\": AlreadyExists (*)",
        ],
    );
}

#[tokio::test]
async fn update_space_task() {
    let lines = output(|mut out| async move {
        let r = update_space::example(&mut out).await;
        (out, r)
    })
    .await;
    assert_lines(
        &lines,
        &[
            "space spaces/* \"Release planning\"",
            "updated (mask: space_details)",
            "  description: This description was updated with the Chat API!",
            "  guidelines:  Be kind. Use threads.",
            "renamed to \"Release 1.4\" (mask: display_name)",
            "mixing space_history_state with display_name: InvalidArgument: *",
        ],
    );
}

/// 6 MB: past the 5 MiB multipart threshold, so the resumable path, in a test's time.
#[cfg(feature = "media")]
#[tokio::test]
async fn attachments_round_trip() {
    let lines = output(|mut out| async move {
        let r = attachments::example(&mut out, 6_000_000).await;
        (out, r)
    })
    .await;
    assert_lines(
        &lines,
        &[
            "space spaces/*",
            "file 6000000 bytes, SHA-256 *",
            "posted spaces/*/messages/* with spaces/*/attachments/*",
            "attachment \"build.bin\" (application/octet-stream), media spaces/*/media",
            "downloaded 6000000 bytes (application/octet-stream), SHA-256 *",
            "same bytes: true",
            "throughput: upload * MB/s, download * MB/s",
        ],
    );
    let sha = |prefix: &str| {
        let line = lines.iter().find(|l| l.starts_with(prefix)).unwrap();
        line.rsplit(' ').next().unwrap().to_owned()
    };
    assert_eq!(sha("file "), sha("downloaded "));
}

#[tokio::test]
async fn delete_membership_task() {
    let lines = output(|mut out| async move {
        let r = delete_membership::example(&mut out).await;
        (out, r)
    })
    .await;
    assert_lines(
        &lines,
        &[
            "space spaces/* with Alice (manager), Bob, Carol and the app",
            "removed spaces/*/members/1002 -> NotAMember",
            "the app left: spaces/*/members/app -> NotAMember",
            "removing the last manager: FailedPrecondition: *",
        ],
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn loadgen_run() {
    let emulator = Emulator::builder().start().await.unwrap();
    let args = [
        "--endpoint",
        &emulator.uri(),
        "--concurrency",
        "4",
        "--calls",
        "100",
        "--warmup",
        "10",
    ]
    .map(str::to_owned);
    let line = loadgen::loadgen(args).await.unwrap();
    let report: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(report["client"], "rust", "{line}");
    assert_eq!(report["calls"], 100, "{line}");
    assert_eq!(report["errors"], 0, "{line}");
    assert!(report["calls_per_s"].as_f64().unwrap() > 0.0, "{line}");
}
