//! The `chat-emulator` binary as a user runs it: seed data from a file, `--fail`,
//! authentication (and `--permissive`), the per-call log line without the token, bad flags, and
//! a clean exit on SIGINT.

use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use google_chat_grpc::proto::chat::v1::chat_service_client::ChatServiceClient;
use google_chat_grpc::proto::chat::v1::*;
use tonic::transport::Channel;
use tonic::{Code, Request};

const SEED: &str = r#"{
  "users": [
    {"email": "alice@example.com", "id": "111", "display_name": "Alice"},
    {"email": "bob@example.com", "id": "222", "display_name": "Bob"}
  ],
  "spaces": [{
    "display_name": "Seeded team",
    "members": [{"user": "users/alice@example.com", "role": "ROLE_MANAGER"},
                {"user": "users/bob@example.com"}],
    "messages": [{"sender": "users/alice@example.com", "text": "Welcome", "thread_key": "intro"},
                 {"sender": "users/bob@example.com", "text": "Thanks", "thread_key": "intro"}]
  }]
}"#;

const TOKEN: &str = "user:alice@example.com";

/// A running `chat-emulator` process and everything it has printed so far.
struct Server {
    child: Child,
    addr: SocketAddr,
    output: Arc<Mutex<String>>,
    /// The same output as printed, colour sequences and all.
    raw: Arc<Mutex<String>>,
    _dir: TempDir,
}

/// How to start the binary, beyond its flags.
#[derive(Default)]
struct Launch {
    /// Leave `NO_COLOR` unset (the tests set it otherwise).
    colour_allowed: bool,
    /// Run under `ulimit -n` (Linux, through `sh`).
    fd_limit: Option<u32>,
}

/// A temporary directory removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Self {
        let dir = std::env::temp_dir().join(format!("chat-emulator-test-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Removes ANSI colour sequences, in case the log is coloured.
fn plain(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Copies a child's stream, line by line, into `output`.
fn collect(
    stream: impl Read + Send + 'static,
    output: Arc<Mutex<String>>,
    raw: Arc<Mutex<String>>,
) {
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { break };
            let mut out = output.lock().unwrap();
            out.push_str(&plain(&line));
            out.push('\n');
            let mut raw = raw.lock().unwrap();
            raw.push_str(&line);
            raw.push('\n');
        }
    });
}

/// Polls `f` every 10 ms until it returns `Some`, for at most `limit`. Async, so that the
/// test's runtime keeps driving the client's connection meanwhile (the server's graceful
/// shutdown waits for the client to close it).
async fn poll<T>(limit: Duration, mut f: impl FnMut() -> Option<T>) -> Option<T> {
    let start = Instant::now();
    loop {
        if let Some(v) = f() {
            return Some(v);
        }
        if start.elapsed() > limit {
            return None;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

impl Server {
    /// Starts the binary on port 0 with the seed file and `args`, and waits for the line that
    /// says where it listens.
    async fn spawn(args: &[&str]) -> Server {
        Server::spawn_with(args, Launch::default()).await
    }

    async fn spawn_with(args: &[&str], launch: Launch) -> Server {
        let dir = TempDir::new();
        let seed = dir.0.join("seed.json");
        std::fs::write(&seed, SEED).expect("write seed");
        let bin = env!("CARGO_BIN_EXE_chat-emulator");
        let mut command = match launch.fd_limit {
            Some(limit) => {
                let mut c = Command::new("sh");
                c.args([
                    "-c",
                    &format!("ulimit -n {limit} && exec \"$0\" \"$@\""),
                    bin,
                ]);
                c
            }
            None => Command::new(bin),
        };
        command
            .args(["--host", "127.0.0.1", "--port", "0", "--seed-data"])
            .arg(&seed)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if launch.colour_allowed {
            command.env_remove("NO_COLOR");
        } else {
            command.env("NO_COLOR", "1");
        }
        let mut child = command.spawn().expect("spawn chat-emulator");
        let output = Arc::new(Mutex::new(String::new()));
        let raw = Arc::new(Mutex::new(String::new()));
        collect(child.stdout.take().unwrap(), output.clone(), raw.clone());
        collect(child.stderr.take().unwrap(), output.clone(), raw.clone());
        let addr = poll(Duration::from_secs(10), || {
            let out = output.lock().unwrap();
            let line = out
                .lines()
                .find(|l| l.contains("chat-emulator listening"))?;
            let local = line
                .split_whitespace()
                .find_map(|w| w.strip_prefix("local="))?;
            local.parse::<SocketAddr>().ok()
        })
        .await;
        let Some(addr) = addr else {
            let _ = child.kill();
            panic!(
                "chat-emulator did not say where it listens:\n{}",
                output.lock().unwrap()
            );
        };
        Server {
            child,
            addr,
            output,
            raw,
            _dir: dir,
        }
    }

    async fn client(&self) -> ChatServiceClient<Channel> {
        ChatServiceClient::connect(format!("http://{}", self.addr))
            .await
            .expect("connect")
    }

    fn output(&self) -> String {
        self.output.lock().unwrap().clone()
    }

    /// Waits until a line of the output contains every one of `parts`, and returns it.
    async fn wait_for_line(&self, parts: &[&str]) -> String {
        poll(Duration::from_secs(5), || {
            self.output()
                .lines()
                .find(|l| parts.iter().all(|p| l.contains(p)))
                .map(str::to_owned)
        })
        .await
        .unwrap_or_else(|| panic!("no line with {parts:?} in:\n{}", self.output()))
    }

    /// Sends SIGINT (Ctrl-C) and waits for the process to exit.
    async fn interrupt(mut self) -> (ExitStatus, String) {
        let pid = self.child.id().to_string();
        #[cfg(unix)]
        {
            let sent = Command::new("kill")
                .args(["-INT", &pid])
                .status()
                .expect("run kill");
            assert!(sent.success(), "kill -INT {pid}");
        }
        #[cfg(not(unix))]
        self.child.kill().expect("kill");
        let status = poll(Duration::from_secs(5), || self.child.try_wait().unwrap()).await;
        let Some(status) = status else {
            let _ = self.child.kill();
            panic!(
                "chat-emulator did not exit within 5 s of SIGINT:\n{}",
                self.output()
            );
        };
        // Let the reader threads drain what was printed last.
        let _ = poll(Duration::from_secs(1), || {
            self.output().contains("shutting down").then_some(())
        })
        .await;
        (status, self.output())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn as_<T>(token: &str, msg: T) -> Request<T> {
    let mut r = Request::new(msg);
    r.metadata_mut()
        .insert("authorization", format!("Bearer {token}").parse().unwrap());
    r
}

#[tokio::test]
async fn seeded_data_faults_auth_log_and_sigint() {
    let server = Server::spawn(&["--fail", "GetMessage:RESOURCE_EXHAUSTED:2"]).await;
    let mut c = server.client().await;

    // Seeded spaces and messages are listable, senders resolved through the seeded directory.
    let spaces = c
        .list_spaces(as_(TOKEN, ListSpacesRequest::default()))
        .await
        .expect("ListSpaces")
        .into_inner()
        .spaces;
    assert_eq!(spaces.len(), 1, "{spaces:?}");
    let team = &spaces[0];
    assert_eq!(team.display_name, "Seeded team");
    assert!(team.name.starts_with("spaces/"), "{}", team.name);
    let messages = c
        .list_messages(as_(
            "user:bob@example.com",
            ListMessagesRequest {
                parent: team.name.clone(),
                ..Default::default()
            },
        ))
        .await
        .expect("ListMessages")
        .into_inner()
        .messages;
    let texts: Vec<_> = messages.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(texts, ["Welcome", "Thanks"]);
    let senders: Vec<_> = messages
        .iter()
        .map(|m| m.sender.as_ref().unwrap().name.as_str())
        .collect();
    assert_eq!(senders, ["users/111", "users/222"]);
    let thread = |m: &Message| m.thread.as_ref().map(|t| t.name.clone());
    assert_eq!(thread(&messages[0]), thread(&messages[1]), "one thread");
    let members = c
        .list_memberships(as_(
            TOKEN,
            ListMembershipsRequest {
                parent: team.name.clone(),
                ..Default::default()
            },
        ))
        .await
        .expect("ListMemberships")
        .into_inner()
        .memberships;
    assert_eq!(members.len(), 2, "{members:?}");

    // `--fail GetMessage:RESOURCE_EXHAUSTED:2`: the next two GetMessage calls fail, then it works.
    let get = || {
        as_(
            TOKEN,
            GetMessageRequest {
                name: messages[0].name.clone(),
                ..Default::default()
            },
        )
    };
    for n in 1..=2 {
        let err = c.get_message(get()).await.expect_err("injected fault");
        assert_eq!(err.code(), Code::ResourceExhausted, "call {n}: {err:?}");
        assert!(err.message().contains("injected"), "{}", err.message());
    }
    let got = c.get_message(get()).await.expect("third GetMessage");
    assert_eq!(got.into_inner().text, "Welcome");

    // No token, or one outside the convention: UNAUTHENTICATED.
    let err = c
        .list_spaces(Request::new(ListSpacesRequest::default()))
        .await
        .expect_err("no token");
    assert_eq!(err.code(), Code::Unauthenticated, "{err:?}");
    let err = c
        .list_spaces(as_(
            "ya29.not-a-convention-token",
            ListSpacesRequest::default(),
        ))
        .await
        .expect_err("bad token");
    assert_eq!(err.code(), Code::Unauthenticated, "{err:?}");

    // One log line per call: method, caller, code, latency; never the token.
    let line = server
        .wait_for_line(&["ListSpaces", "caller=users/111", "code=Ok", "latency_ms="])
        .await;
    assert!(line.contains("INFO"), "{line}");
    server
        .wait_for_line(&["GetMessage", "code=ResourceExhausted"])
        .await;
    server
        .wait_for_line(&["ListMessages", "caller=users/222", "code=Ok"])
        .await;
    server
        .wait_for_line(&["ListSpaces", "code=Unauthenticated"])
        .await;
    drop(c);

    // Ctrl-C: a clean shutdown with exit status 0.
    let (status, output) = server.interrupt().await;
    assert!(status.success(), "exit status {status:?}:\n{output}");
    assert!(output.contains("shutting down"), "{output}");
    for secret in ["Bearer", "alice@example.com", "bob@example.com", "ya29"] {
        assert!(
            !output.contains(secret),
            "`{secret}` appears in the log:\n{output}"
        );
    }
}

/// `--fail` with `DROP` (the connection goes), `after` (applied, response lost) and
/// `retry=MS` (`RetryInfo` on the status).
#[tokio::test]
async fn fail_flags_drop_connections_lose_responses_and_carry_retry_info() {
    use tonic_types::StatusExt;

    let server = Server::spawn(&[
        "--fail",
        "GetSpace:DROP",
        "--fail",
        "CreateMessage:UNAVAILABLE:1:after:retry=250",
    ])
    .await;
    let mut c = server.client().await;
    let space = c
        .list_spaces(as_(TOKEN, ListSpacesRequest::default()))
        .await
        .expect("ListSpaces")
        .into_inner()
        .spaces
        .remove(0);

    let err = c
        .get_space(as_(
            TOKEN,
            GetSpaceRequest {
                name: space.name.clone(),
                ..Default::default()
            },
        ))
        .await
        .expect_err("the connection was dropped");
    assert!(
        matches!(
            err.code(),
            Code::Unavailable | Code::Unknown | Code::Internal
        ),
        "{err:?}"
    );

    // A new connection; the create is applied but its response is lost.
    let mut c = server.client().await;
    let create = || {
        as_(
            TOKEN,
            CreateMessageRequest {
                parent: space.name.clone(),
                message: Some(Message {
                    text: "lost response".into(),
                    ..Default::default()
                }),
                ..Default::default()
            },
        )
    };
    let err = c.create_message(create()).await.expect_err("injected");
    assert_eq!(err.code(), Code::Unavailable, "{err:?}");
    let retry = err.get_details_retry_info().expect("RetryInfo");
    assert_eq!(retry.retry_delay, Some(Duration::from_millis(250)));
    let texts: Vec<String> = c
        .list_messages(as_(
            TOKEN,
            ListMessagesRequest {
                parent: space.name.clone(),
                ..Default::default()
            },
        ))
        .await
        .expect("ListMessages")
        .into_inner()
        .messages
        .into_iter()
        .map(|m| m.text)
        .collect();
    assert!(texts.iter().any(|t| t == "lost response"), "{texts:?}");
    // Both faults are used up.
    c.create_message(create()).await.expect("second create");
    drop(c);
    let (status, output) = server.interrupt().await;
    assert!(status.success(), "exit status {status:?}:\n{output}");
}

#[tokio::test]
async fn permissive_accepts_calls_without_a_token() {
    // One worker thread, as a suite making one call at a time would run it.
    let server = Server::spawn(&["--permissive", "--workers", "1"]).await;
    #[cfg(target_os = "linux")]
    {
        let tasks = format!("/proc/{}/task", server.child.id());
        let workers = std::fs::read_dir(&tasks)
            .unwrap()
            .filter_map(|t| std::fs::read_to_string(t.ok()?.path().join("comm")).ok())
            .filter(|comm| comm.trim() == "tokio-rt-worker")
            .count();
        assert_eq!(
            workers, 1,
            "tokio worker threads of chat-emulator --workers 1"
        );
    }
    let mut c = server.client().await;
    // The permissive guest is not a member of the seeded space, so it sees no spaces; what
    // matters is that the call is accepted.
    let spaces = c
        .list_spaces(Request::new(ListSpacesRequest::default()))
        .await
        .expect("permissive ListSpaces without a token")
        .into_inner()
        .spaces;
    assert!(spaces.is_empty(), "{spaces:?}");
    // Tokens that follow the convention still choose the caller.
    let spaces = c
        .list_spaces(as_(TOKEN, ListSpacesRequest::default()))
        .await
        .expect("ListSpaces as alice")
        .into_inner()
        .spaces;
    assert_eq!(spaces.len(), 1);
    server
        .wait_for_line(&["ListSpaces", "caller=users/guest", "code=Ok"])
        .await;
    server
        .wait_for_line(&["ListSpaces", "caller=users/111", "code=Ok"])
        .await;
    // SIGINT while the client is still connected: the server says GOAWAY, the idle
    // connection closes, and the process exits.
    let (status, output) = server.interrupt().await;
    drop(c);
    assert!(status.success(), "exit status {status:?}:\n{output}");
}

#[test]
fn bad_flags_and_seed_data_exit_with_status_2() {
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_chat-emulator"))
            .args(args)
            .env("NO_COLOR", "1")
            .stdin(Stdio::null())
            .output()
            .expect("run chat-emulator")
    };
    let out = run(&["--fail", "GetMessage:NOT_A_CODE"]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown status code"));

    let out = run(&["--fail", "GetMessage:UNAVAILABLE:2:later"]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown part `later`"));

    let out = run(&["--quota-window", "1s"]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("--quota-window needs --quotas"));
    for bad in ["5x", "s", "-1s", "0s", "1e400s"] {
        let out = run(&["--quotas", "--quota-window", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}: {out:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("--quota-window"),
            "{bad}: {out:?}"
        );
    }

    for bad in ["0", "x", "1025"] {
        let out = run(&["--workers", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}: {out:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("--workers"),
            "{bad}: {out:?}"
        );
    }

    let out = run(&["--bogus"]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("usage:"));

    let dir = TempDir::new();
    let seed = dir.0.join("bad.json");
    std::fs::write(
        &seed,
        r#"{"spaces": [{"display_name": "X", "colour": "red"}]}"#,
    )
    .unwrap();
    let out = run(&["--port", "0", "--seed-data", seed.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("--seed-data"));

    // Each broken seed names the entry that is wrong.
    let alice = r#"{"user": "users/alice@example.com"}"#;
    let bob = r#"{"user": "users/bob@example.com"}"#;
    let space = |members: &str, kind: &str| {
        format!(
            r#"{{"spaces": [{{"display_name": "X", "space_type": "{kind}", "members": [{members}]}}]}}"#
        )
    };
    let cases = [
        (space(&format!("{alice}, {bob}, {alice}"), "SPACE"), "spaces[0]: members[2]: `users/alice@example.com` is the same user as members[0]"),
        // One person by email and by the ID the directory gives that email.
        (format!(r#"{{"users": [{{"email": "alice@example.com", "id": "111"}}], {}"#, &space(&format!(r#"{alice}, {{"user": "users/111"}}"#), "SPACE")[1..]), "is the same user as members[0]"),
        (space(&format!("{alice}, {bob}, {{\"user\": \"users/carol@example.com\"}}"), "DIRECT_MESSAGE"), "a DIRECT_MESSAGE has exactly two members"),
        (r#"{"users": [{"email": "a@example.com", "id": "1"}, {"email": "b@example.com", "id": "1"}]}"#.into(), "users[1]: id `1` is already users[0]"),
        (r#"{"users": [{"email": "a@example.com", "id": "1"}, {"email": "A@example.com", "id": "2"}]}"#.into(), "users[1]: email `A@example.com` is already users[0]"),
        (r#"{"users": [{"email": "a@example.com", "id": "x/y"}]}"#.into(), "users[0]: id `x/y` contains '/'"),
        (r#"{"users": [{"email": "a@example.com", "id": ".."}]}"#.into(), "users[0]: id `..` has a dot segment"),
        (r#"{"users": [{"email": "a@example.com", "id": ""}]}"#.into(), "users[0]: id is empty"),
        (r#"{"users": [{"email": "a@example.com", "id": "app"}]}"#.into(), "users[0]: id `app` is reserved"),
        (space(r#"{"user": "users/../x"}"#, "SPACE"), "spaces[0]: members[0]: id `../x` has a dot segment"),
        (space(r#"{"user": "users/"}"#, "SPACE"), "spaces[0]: members[0]: id is empty"),
        (format!("\u{feff}{}", space(alice, "SPACE")), "byte order mark"),
    ];
    for (json, expected) in cases {
        std::fs::write(&seed, &json).unwrap();
        let out = run(&["--port", "0", "--seed-data", seed.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{json}: {out:?}");
        assert!(stderr.contains(expected), "{json}:\n{stderr}");
    }
}

#[tokio::test]
async fn rest_calls_share_the_port_and_log_their_protocol() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let server = Server::spawn(&[]).await;
    let mut stream = tokio::net::TcpStream::connect(server.addr).await.unwrap();
    stream
        .write_all(
            b"GET /v1/spaces?prettyPrint=false HTTP/1.1\r\nhost: x\r\n\
              authorization: Bearer user:alice@example.com\r\nconnection: close\r\n\r\n",
        )
        .await
        .unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).await.unwrap();
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    assert!(reply.contains(r#""displayName":"Seeded team""#), "{reply}");
    server
        .wait_for_line(&[
            "ListSpaces",
            r#"protocol="rest""#,
            "caller=users/111",
            "code=Ok",
        ])
        .await;
    // And gRPC on the same port, logged as such.
    let mut c = ChatServiceClient::connect(format!("http://{}", server.addr))
        .await
        .unwrap();
    let mut req = Request::new(ListSpacesRequest::default());
    req.metadata_mut()
        .insert("authorization", format!("Bearer {TOKEN}").parse().unwrap());
    c.list_spaces(req).await.unwrap();
    server
        .wait_for_line(&["ListSpaces", r#"protocol="grpc""#, "caller=users/111"])
        .await;
}

#[tokio::test]
async fn sigint_right_after_the_listening_line_shuts_down_cleanly() {
    // The handler used to be installed only when the shutdown future was first polled,
    // after the line: a SIGINT sent on reading it killed the process (status 130).
    for _ in 0..5 {
        let server = Server::spawn(&[]).await;
        let (status, output) = server.interrupt().await;
        assert!(status.success(), "{status:?}\n{output}");
        assert!(output.contains("shutting down"), "{output}");
    }
}

#[tokio::test]
async fn a_redirected_log_has_no_colours_and_rounded_latencies() {
    let server = Server::spawn_with(
        &[],
        Launch {
            colour_allowed: true,
            ..Launch::default()
        },
    )
    .await;
    let mut c = server.client().await;
    c.list_spaces(as_(TOKEN, ListSpacesRequest::default()))
        .await
        .expect("ListSpaces");
    let line = server.wait_for_line(&["ListSpaces", "latency_ms="]).await;
    let raw = server.raw.lock().unwrap().clone();
    assert!(
        !raw.contains('\u{1b}'),
        "colour codes in a piped log:\n{raw}"
    );
    let latency = line
        .split_whitespace()
        .find_map(|w| w.strip_prefix("latency_ms="))
        .expect("latency_ms field");
    let decimals = latency.split_once('.').map_or(0, |(_, d)| d.len());
    assert!(decimals <= 3, "latency_ms={latency} is not rounded");
    assert!(latency.parse::<f64>().is_ok(), "{latency}");
}

#[tokio::test]
async fn reflection_answers_v1_and_v1alpha() {
    use tokio_stream::StreamExt as _;
    use tonic_reflection::pb::v1alpha::ServerReflectionRequest;
    use tonic_reflection::pb::v1alpha::server_reflection_client::ServerReflectionClient;
    use tonic_reflection::pb::v1alpha::server_reflection_request::MessageRequest;
    use tonic_reflection::pb::v1alpha::server_reflection_response::MessageResponse;

    let server = Server::spawn(&[]).await;
    let channel = Channel::from_shared(format!("http://{}", server.addr))
        .unwrap()
        .connect()
        .await
        .expect("connect");
    let mut client = ServerReflectionClient::new(channel);
    let request = ServerReflectionRequest {
        host: String::new(),
        message_request: Some(MessageRequest::ListServices(String::new())),
    };
    let mut answers = client
        .server_reflection_info(tokio_stream::iter([request]))
        .await
        .expect("v1alpha reflection")
        .into_inner();
    let answer = answers.next().await.expect("an answer").expect("ok");
    let Some(MessageResponse::ListServicesResponse(list)) = answer.message_response else {
        panic!("not a service list: {answer:?}");
    };
    let names: Vec<String> = list.service.into_iter().map(|s| s.name).collect();
    assert!(
        names.iter().any(|n| n == "google.chat.v1.ChatService"),
        "{names:?}"
    );
}

/// At the file-descriptor limit every `accept` fails at once; the server must pause
/// between them instead of spinning a core, and serve again once descriptors free up.
#[cfg(target_os = "linux")]
#[tokio::test]
async fn at_the_descriptor_limit_the_accept_loop_backs_off() {
    let server = Server::spawn_with(
        &[],
        Launch {
            fd_limit: Some(64),
            ..Launch::default()
        },
    )
    .await;
    let pid = server.child.id();
    let cpu_ticks = || -> u64 {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("stat");
        // Fields after the command name (which is in parentheses): utime is the 14th field
        // of the line, stime the 15th.
        let rest = &stat[stat.rfind(')').expect("comm") + 2..];
        let fields: Vec<&str> = rest.split_whitespace().collect();
        fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
    };
    // More connections than descriptors: the kernel completes them (backlog), the server
    // cannot accept them all.
    let mut held = Vec::new();
    for _ in 0..120 {
        if let Ok(s) = tokio::net::TcpStream::connect(server.addr).await {
            held.push(s);
        }
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let before = cpu_ticks();
    tokio::time::sleep(Duration::from_secs(1)).await;
    let used = cpu_ticks() - before;
    // A spinning accept loop burns the whole second (about 100 ticks); pauses of up to a
    // second burn next to nothing.
    assert!(
        used < 30,
        "{used} ticks of CPU in 1 s at the descriptor limit"
    );
    drop(held);
    // Served again once descriptors are free (the pause is at most a second).
    let mut c = server.client().await;
    c.list_spaces(as_(TOKEN, ListSpacesRequest::default()))
        .await
        .expect("served after the limit");
}

/// One HTTP/1.1 request on its own connection (`connection: close`): the whole answer.
async fn http1(addr: SocketAddr, head: &str, body: &[u8]) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "{head}\r\nhost: {addr}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body).await.unwrap();
    let mut reply = Vec::new();
    stream.read_to_end(&mut reply).await.unwrap();
    String::from_utf8_lossy(&reply).into_owned()
}

#[tokio::test]
async fn media_dir_keeps_uploads_on_disk_and_fail_reaches_media() {
    let media = TempDir::new();
    let dir = media.0.join("media");
    let server = Server::spawn(&[
        "--media-dir",
        dir.to_str().unwrap(),
        "--fail",
        "media.upload:UNAVAILABLE:1:skip=1",
    ])
    .await;
    let spaces = http1(
        server.addr,
        &format!("GET /v1/spaces?prettyPrint=false HTTP/1.1\r\nauthorization: Bearer {TOKEN}"),
        b"",
    )
    .await;
    let space = spaces
        .split('"')
        .find(|w| w.starts_with("spaces/"))
        .unwrap_or_else(|| panic!("no space in {spaces}"))
        .to_owned();
    let bytes: Vec<u8> = (0..100_000u32).map(|i| (i * 31 % 256) as u8).collect();
    let upload = format!(
        "POST /upload/v1/{space}/attachments:upload?uploadType=media&filename=f.bin \
         HTTP/1.1\r\nauthorization: Bearer {TOKEN}\r\ncontent-type: application/octet-stream"
    );
    let first = http1(server.addr, &upload, &bytes).await;
    assert!(first.starts_with("HTTP/1.1 200"), "{first}");
    assert!(first.contains("attachmentUploadToken"), "{first}");
    // One file, holding the bytes.
    let files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(std::fs::read(&files[0]).unwrap() == bytes);
    // `--fail media.upload:UNAVAILABLE:1:skip=1`: the second upload is a 503.
    let second = http1(server.addr, &upload, &bytes).await;
    assert!(second.starts_with("HTTP/1.1 503"), "{second}");
    server
        .wait_for_line(&[
            r#"method="media.upload""#,
            r#"protocol="media""#,
            "caller=users/111",
            "code=Ok",
        ])
        .await;
    server
        .wait_for_line(&[r#"method="media.upload""#, "code=Unavailable"])
        .await;
}

/// `--quotas --quota-window 1h`: the 61st write in the seeded space is refused, and the
/// RetryInfo counts from the hour-long window, not the published minute.
#[tokio::test]
async fn quotas_and_quota_window_flags() {
    let server = Server::spawn(&["--quotas", "--quota-window", "1h"]).await;
    server.wait_for_line(&["listening", "quotas=true"]).await;
    let mut c = server.client().await;
    let space = c
        .list_spaces(as_(TOKEN, ListSpacesRequest::default()))
        .await
        .expect("ListSpaces")
        .into_inner()
        .spaces
        .remove(0)
        .name;
    let post = || {
        as_(
            TOKEN,
            CreateMessageRequest {
                parent: space.clone(),
                message: Some(Message {
                    text: "hi".into(),
                    ..Default::default()
                }),
                ..Default::default()
            },
        )
    };
    for _ in 0..60 {
        c.create_message(post()).await.expect("within the limit");
    }
    let refused = c.create_message(post()).await.unwrap_err();
    assert_eq!(refused.code(), Code::ResourceExhausted, "{refused:?}");
    use tonic_types::StatusExt;
    let delay = refused
        .get_error_details()
        .retry_info()
        .and_then(|r| r.retry_delay)
        .expect("RetryInfo");
    assert!(delay > Duration::from_secs(3000), "{delay:?}");
    server.interrupt().await;
}
