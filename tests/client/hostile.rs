//! A hostile server: raw HTTP/2 answering a unary call with every malformed shape we could
//! think of. Whatever it sends, a call returns a typed `Error` (or, where the answer is in
//! fact well formed, the message) within its deadline, and never panics.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use google_chat_grpc::proto::chat::v1::{GetSpaceRequest, Space};
use google_chat_grpc::{CallOptions, ChatClient, ErrorKind};
use h2::Reason;
use proptest::prelude::*;
use prost::Message as _;
use prost::bytes::Bytes;
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tonic::Code;

use crate::support;

/// One thing the server does on a stream, in order.
#[derive(Clone, Debug)]
enum Step {
    /// Response headers; `end` ends the stream there (a trailers-only response).
    Headers {
        status: u16,
        headers: Vec<(&'static str, Vec<u8>)>,
        end: bool,
    },
    /// A DATA frame; `true` ends the stream (without trailers).
    Data(Vec<u8>, bool),
    Trailers(Vec<(&'static str, Vec<u8>)>),
    /// RST_STREAM with this code.
    Reset(Reason),
    /// GOAWAY with this code, then the connection closes.
    GoAway(Reason),
    /// Keeps the stream open, sending nothing, until the client resets it.
    Hang,
}

/// Starts a server that answers every stream of every connection with `steps`.
async fn start(steps: Vec<Step>) -> SocketAddr {
    start_recording(steps).await.0
}

/// [`start`], and the paths of the requests it was sent, in order.
async fn start_recording(steps: Vec<Step>) -> (SocketAddr, Paths) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let steps = Arc::new(steps);
    let paths = Paths::default();
    let recorded = paths.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            tokio::spawn(connection(socket, steps.clone(), recorded.clone()));
        }
    });
    (addr, paths)
}

type Paths = Arc<std::sync::Mutex<Vec<String>>>;

async fn connection(socket: tokio::net::TcpStream, steps: Arc<Vec<Step>>, paths: Paths) {
    let Ok(mut conn) = h2::server::handshake(socket).await else {
        return;
    };
    // GOAWAY is a connection frame: a stream asks the connection's task to send it.
    let (goaway, mut goaway_requests) = mpsc::unbounded_channel();
    loop {
        tokio::select! {
            accepted = conn.accept() => match accepted {
                Some(Ok((request, respond))) => {
                    paths.lock().unwrap().push(request.uri().path().to_owned());
                    tokio::spawn(answer(request, respond, steps.clone(), goaway.clone()));
                }
                _ => return,
            },
            Some(reason) = goaway_requests.recv() => conn.abrupt_shutdown(reason),
        }
    }
}

async fn answer(
    request: http::Request<h2::RecvStream>,
    mut respond: h2::server::SendResponse<Bytes>,
    steps: Arc<Vec<Step>>,
    goaway: mpsc::UnboundedSender<Reason>,
) {
    // Read the whole request first, as a server would before answering.
    let mut body = request.into_body();
    while let Some(Ok(chunk)) = body.data().await {
        let _ = body.flow_control().release_capacity(chunk.len());
    }
    let mut stream: Option<h2::SendStream<Bytes>> = None;
    for step in steps.iter() {
        // Errors are ignored: the client may have gone, which is its right.
        match step.clone() {
            Step::Headers {
                status,
                headers,
                end,
            } => {
                let mut response = http::Response::builder().status(status);
                for (name, value) in headers {
                    response = response.header(name, value);
                }
                match respond.send_response(response.body(()).unwrap(), end) {
                    Ok(s) => stream = Some(s),
                    Err(_) => return,
                }
            }
            Step::Data(bytes, end) => {
                if let Some(s) = &mut stream {
                    let _ = s.send_data(bytes.into(), end);
                }
            }
            Step::Trailers(trailers) => {
                if let Some(s) = &mut stream {
                    let _ = s.send_trailers(header_map(trailers));
                }
            }
            Step::Reset(reason) => match &mut stream {
                Some(s) => s.send_reset(reason),
                None => respond.send_reset(reason),
            },
            Step::GoAway(reason) => {
                let _ = goaway.send(reason);
            }
            Step::Hang => {
                let _ = match &mut stream {
                    Some(s) => std::future::poll_fn(|cx| s.poll_reset(cx)).await,
                    None => std::future::poll_fn(|cx| respond.poll_reset(cx)).await,
                };
                return;
            }
        }
        // Let each frame go out on its own, so the client sees them in order and apart.
        tokio::task::yield_now().await;
    }
}

fn header_map(pairs: Vec<(&'static str, Vec<u8>)>) -> http::HeaderMap {
    let mut map = http::HeaderMap::new();
    for (name, value) in pairs {
        map.append(name, http::HeaderValue::from_bytes(&value).unwrap());
    }
    map
}

// --- building blocks of answers ---

fn h(name: &'static str, value: impl AsRef<[u8]>) -> (&'static str, Vec<u8>) {
    (name, value.as_ref().to_vec())
}

const GRPC: (&str, &[u8]) = ("content-type", b"application/grpc");

fn grpc_headers() -> Step {
    Step::Headers {
        status: 200,
        headers: vec![h(GRPC.0, GRPC.1)],
        end: false,
    }
}

/// A trailers-only response: the status in the response headers, and nothing else.
fn trailers_only(extra: Vec<(&'static str, Vec<u8>)>) -> Vec<Step> {
    let mut headers = vec![h(GRPC.0, GRPC.1)];
    headers.extend(extra);
    vec![Step::Headers {
        status: 200,
        headers,
        end: true,
    }]
}

/// Headers, one message, then these trailers.
fn with_trailers(trailers: Vec<(&'static str, Vec<u8>)>) -> Vec<Step> {
    vec![
        grpc_headers(),
        Step::Data(frame(0, &space()), false),
        Step::Trailers(trailers),
    ]
}

/// A length-prefixed gRPC message with this compressed flag.
fn frame(flag: u8, payload: &[u8]) -> Vec<u8> {
    let mut out = vec![flag];
    out.extend_from_slice(&u32::try_from(payload.len()).unwrap().to_be_bytes());
    out.extend_from_slice(payload);
    out
}

fn space() -> Vec<u8> {
    Space {
        name: "spaces/A".into(),
        ..Default::default()
    }
    .encode_to_vec()
}

fn ok_trailers() -> Vec<(&'static str, Vec<u8>)> {
    vec![h("grpc-status", "0")]
}

/// What the message says when the details were dropped, after the server's message.
const DROPPED: &str = "no such space (the server's grpc-status-details-bin was not valid base64";

/// Not base64: `!` is outside the alphabet.
const NOT_BASE64: &str = "!!not-base64!!";

// --- the cases ---

/// What a case must yield.
#[derive(Debug, Clone, Copy)]
enum Expect {
    /// The space the server sent.
    Space,
    /// An error of this kind and code.
    Fails(ErrorKind, Code),
    /// An error of this kind and code whose message contains this text.
    FailsSaying(ErrorKind, Code, &'static str),
}

struct Case {
    name: String,
    steps: Vec<Step>,
    expect: Expect,
}

fn case(name: impl Into<String>, steps: Vec<Step>, expect: Expect) -> Case {
    Case {
        name: name.into(),
        steps,
        expect,
    }
}

/// The deadline of every call: a hang ends there.
const DEADLINE: Duration = Duration::from_secs(2);
/// What a call may take past its deadline (a busy debug build on two shared cores).
const SLACK: Duration = Duration::from_millis(1500);

use ErrorKind::{Rpc, Timeout, Transport};
use Expect::{Fails, FailsSaying};

fn cases() -> Vec<Case> {
    let mut cases = vec![
        // grpc-status-details-bin that is not base64 made tonic 0.14.9 panic in
        // `Status::from_header_map`, on both paths where it reads a status.
        case(
            "details-bin not base64, trailers-only",
            trailers_only(vec![
                h("grpc-status", "5"),
                h("grpc-message", "no such space"),
                h("grpc-status-details-bin", NOT_BASE64),
            ]),
            FailsSaying(Rpc, Code::NotFound, DROPPED),
        ),
        case(
            "details-bin not base64, in trailers",
            with_trailers(vec![
                h("grpc-status", "5"),
                h("grpc-message", "no such space"),
                h("grpc-status-details-bin", NOT_BASE64),
            ]),
            FailsSaying(Rpc, Code::NotFound, DROPPED),
        ),
        case(
            "details-bin not base64 on an OK status",
            with_trailers(vec![
                h("grpc-status", "0"),
                h("grpc-status-details-bin", NOT_BASE64),
            ]),
            Expect::Space,
        ),
        case(
            "details-bin not base64, and no grpc-message",
            trailers_only(vec![
                h("grpc-status", "14"),
                h("grpc-status-details-bin", NOT_BASE64),
            ]),
            FailsSaying(Rpc, Code::Unavailable, "details-bin was not valid base64"),
        ),
        case(
            "details-bin base64 but not a google.rpc.Status",
            trailers_only(vec![
                h("grpc-status", "9"),
                h("grpc-status-details-bin", "/////w"),
            ]),
            Fails(Rpc, Code::FailedPrecondition),
        ),
        case(
            "grpc-status not a number",
            trailers_only(vec![h("grpc-status", "abc")]),
            Fails(Rpc, Code::Unknown),
        ),
        case(
            "grpc-status out of range",
            trailers_only(vec![h("grpc-status", "99")]),
            Fails(Rpc, Code::Unknown),
        ),
        case(
            "grpc-status negative",
            trailers_only(vec![h("grpc-status", "-1")]),
            Fails(Rpc, Code::Unknown),
        ),
        case(
            "grpc-status twice",
            trailers_only(vec![h("grpc-status", "5"), h("grpc-status", "14")]),
            Fails(Rpc, Code::NotFound),
        ),
        case(
            "grpc-status of 8 KB",
            trailers_only(vec![h("grpc-status", "1".repeat(8 << 10))]),
            Fails(Rpc, Code::Unknown),
        ),
        case(
            "headers over the client's 16 KB limit",
            trailers_only(vec![
                h("grpc-status", "5"),
                h("grpc-message", "x".repeat(64 << 10)),
            ]),
            Fails(Transport, Code::Unavailable),
        ),
        case(
            "grpc-message with a broken escape",
            trailers_only(vec![h("grpc-status", "5"), h("grpc-message", "50%zz off%")]),
            FailsSaying(Rpc, Code::NotFound, "50%zz off%"),
        ),
        case(
            "grpc-message escaping bytes that are not UTF-8",
            trailers_only(vec![
                h("grpc-status", "5"),
                h("grpc-message", "caf%C3%A9 %FF%FE gone"),
            ]),
            FailsSaying(Rpc, Code::NotFound, "café"),
        ),
        case(
            "grpc-message escaping bytes that are not UTF-8, in trailers",
            with_trailers(vec![
                h("grpc-status", "7"),
                h("grpc-message", "caf%C3%A9 %C3 denied"),
            ]),
            FailsSaying(Rpc, Code::PermissionDenied, "café \u{FFFD} denied"),
        ),
        case(
            "a body that is not a protobuf",
            vec![
                grpc_headers(),
                Step::Data(frame(0, &[0xff, 0xff, 0xff, 0xff]), false),
                Step::Trailers(ok_trailers()),
            ],
            Fails(Rpc, Code::Internal),
        ),
        case(
            "a length prefix larger than the body, then trailers",
            vec![
                grpc_headers(),
                Step::Data(frame(0, &space())[..8].to_vec(), false),
                Step::Trailers(ok_trailers()),
            ],
            Fails(Rpc, Code::Internal),
        ),
        case(
            "a length prefix larger than the body, then the end",
            vec![
                grpc_headers(),
                Step::Data(frame(0, &space())[..8].to_vec(), true),
            ],
            Fails(Rpc, Code::Internal),
        ),
        // Responses of any size are taken by default, so tonic waits for the 4 GB that
        // never come, and the trailers end the wait.
        case(
            "a length prefix of 4 GB",
            vec![
                grpc_headers(),
                Step::Data(vec![0, 0xff, 0xff, 0xff, 0xff, 1, 2, 3], false),
                Step::Trailers(ok_trailers()),
            ],
            Fails(Rpc, Code::Internal),
        ),
        case(
            "half a length prefix",
            vec![
                grpc_headers(),
                Step::Data(vec![0, 0], false),
                Step::Trailers(ok_trailers()),
            ],
            Fails(Rpc, Code::Internal),
        ),
        case(
            "compressed flag without grpc-encoding",
            vec![
                grpc_headers(),
                Step::Data(frame(1, &space()), false),
                Step::Trailers(ok_trailers()),
            ],
            Fails(Rpc, Code::Internal),
        ),
        case(
            "compressed flag that is neither 0 nor 1",
            vec![
                grpc_headers(),
                Step::Data(frame(7, &space()), false),
                Step::Trailers(ok_trailers()),
            ],
            Fails(Rpc, Code::Internal),
        ),
        case(
            "an unknown grpc-encoding",
            vec![
                Step::Headers {
                    status: 200,
                    headers: vec![h(GRPC.0, GRPC.1), h("grpc-encoding", "br")],
                    end: false,
                },
                Step::Data(frame(1, &space()), false),
                Step::Trailers(ok_trailers()),
            ],
            Fails(Rpc, Code::Unimplemented),
        ),
        case(
            "two messages for a unary call",
            vec![
                grpc_headers(),
                Step::Data(frame(0, &space()), false),
                Step::Data(frame(0, &space()), false),
                Step::Trailers(ok_trailers()),
            ],
            FailsSaying(Rpc, Code::Internal, "more than one response message"),
        ),
        case(
            "two messages in one DATA frame",
            vec![
                grpc_headers(),
                Step::Data([frame(0, &space()), frame(0, &[])].concat(), false),
                Step::Trailers(ok_trailers()),
            ],
            FailsSaying(Rpc, Code::Internal, "more than one response message"),
        ),
        case(
            "no message and grpc-status 0",
            trailers_only(ok_trailers()),
            Fails(Rpc, Code::Internal),
        ),
        case(
            "a message and no trailers",
            vec![grpc_headers(), Step::Data(frame(0, &space()), true)],
            Fails(Rpc, Code::Unknown),
        ),
        case(
            "headers and the end, no body, no status",
            vec![Step::Headers {
                status: 200,
                headers: vec![h(GRPC.0, GRPC.1)],
                end: true,
            }],
            Fails(Rpc, Code::Unknown),
        ),
        case(
            "trailers without grpc-status",
            with_trailers(vec![h("x-other", "1")]),
            Fails(Rpc, Code::Unknown),
        ),
        case(
            "HTML 200",
            vec![
                Step::Headers {
                    status: 200,
                    headers: vec![h("content-type", "text/html")],
                    end: false,
                },
                Step::Data(b"<html>hello</html>".to_vec(), true),
            ],
            FailsSaying(Transport, Code::Unknown, "not gRPC"),
        ),
        case(
            "HTML 503",
            vec![
                Step::Headers {
                    status: 503,
                    headers: vec![h("content-type", "text/html")],
                    end: false,
                },
                Step::Data(b"<html>down</html>".to_vec(), true),
            ],
            FailsSaying(Transport, Code::Unavailable, "not gRPC"),
        ),
        case(
            "no content-type",
            vec![Step::Headers {
                status: 200,
                headers: vec![],
                end: true,
            }],
            FailsSaying(Transport, Code::Unknown, "not gRPC"),
        ),
        case(
            "gRPC content-type on HTTP 503 without grpc-status",
            vec![Step::Headers {
                status: 503,
                headers: vec![h(GRPC.0, GRPC.1)],
                end: true,
            }],
            Fails(Rpc, Code::Unavailable),
        ),
        case(
            "GOAWAY before the response",
            vec![Step::GoAway(Reason::INTERNAL_ERROR), Step::Hang],
            Fails(Transport, Code::Unavailable),
        ),
        case(
            "GOAWAY after the headers",
            vec![grpc_headers(), Step::GoAway(Reason::NO_ERROR), Step::Hang],
            Fails(Transport, Code::Unavailable),
        ),
        case(
            "GOAWAY in the middle of a message",
            vec![
                grpc_headers(),
                Step::Data(frame(0, &space())[..6].to_vec(), false),
                Step::GoAway(Reason::PROTOCOL_ERROR),
                Step::Hang,
            ],
            Fails(Transport, Code::Unavailable),
        ),
        case(
            "a stream that never ends, after a message",
            vec![
                grpc_headers(),
                Step::Data(frame(0, &space()), false),
                Step::Hang,
            ],
            Fails(Timeout, Code::DeadlineExceeded),
        ),
        case(
            "headers, then nothing",
            vec![grpc_headers(), Step::Hang],
            Fails(Timeout, Code::DeadlineExceeded),
        ),
        case(
            "no response at all",
            vec![Step::Hang],
            Fails(Timeout, Code::DeadlineExceeded),
        ),
    ];
    // RST_STREAM, before the response and in the middle of one.
    for reason in [
        Reason::NO_ERROR,
        Reason::PROTOCOL_ERROR,
        Reason::INTERNAL_ERROR,
        Reason::REFUSED_STREAM,
        Reason::CANCEL,
        Reason::ENHANCE_YOUR_CALM,
        Reason::from(0xdead),
    ] {
        cases.push(case(
            format!("RST_STREAM {reason:?} before the response"),
            vec![Step::Reset(reason)],
            Fails(Transport, Code::Unavailable),
        ));
        // hyper reads a reset with NO_ERROR as the body's end, so tonic sees a message cut
        // short.
        let during = if reason == Reason::NO_ERROR {
            Fails(Rpc, Code::Internal)
        } else {
            Fails(Transport, Code::Unavailable)
        };
        cases.push(case(
            format!("RST_STREAM {reason:?} in the middle of a message"),
            vec![
                grpc_headers(),
                Step::Data(frame(0, &space())[..6].to_vec(), false),
                Step::Reset(reason),
            ],
            during,
        ));
    }
    cases
}

/// What a call to `addr` returned, and how long it took.
async fn call(addr: SocketAddr) -> (google_chat_grpc::Result<Space>, Duration) {
    let client: ChatClient = support::client_builder(addr).build().await.unwrap();
    let started = Instant::now();
    let result = client
        .send_with(
            GetSpaceRequest {
                name: "spaces/A".into(),
                ..Default::default()
            },
            CallOptions::default()
                .with_deadline(DEADLINE)
                .without_retry(),
        )
        .await;
    (result, started.elapsed())
}

/// Every case at once (so the hangs overlap), each in a task of its own, so a panic in one
/// is reported with its name instead of hiding the others.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_malformed_answer_is_a_typed_error_within_the_deadline() {
    let mut tasks = tokio::task::JoinSet::new();
    let mut names = std::collections::HashMap::new();
    for case in cases() {
        let name = case.name.clone();
        let task = tasks.spawn(async move {
            let addr = start(case.steps).await;
            let (result, elapsed) = call(addr).await;
            (case.name, case.expect, result, elapsed)
        });
        names.insert(task.id(), name);
    }
    let total = names.len();
    let mut failures = Vec::new();
    while let Some(joined) = tasks.join_next_with_id().await {
        let (_, (name, expect, result, elapsed)) = match joined {
            Ok(done) => done,
            Err(e) => {
                failures.push(format!("{}: panicked: {e}", names[&e.id()]));
                continue;
            }
        };
        if elapsed > DEADLINE + SLACK {
            failures.push(format!("{name}: took {elapsed:?}"));
        }
        let wrong = match (expect, &result) {
            (Expect::Space, Ok(space)) => space.name != "spaces/A",
            (Expect::Fails(kind, code), Err(e)) => e.kind() != kind || e.code() != Some(code),
            (Expect::FailsSaying(kind, code, text), Err(e)) => {
                e.kind() != kind || e.code() != Some(code) || !e.to_string().contains(text)
            }
            _ => true,
        };
        if wrong {
            let got = match &result {
                Ok(space) => format!("Ok({space:?})"),
                Err(e) => format!("{e:?}: {e}"),
            };
            failures.push(format!("{name}: expected {expect:?}, got {got}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {total} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Runs one call against `steps` on a runtime of its own (proptest cases are synchronous).
fn call_blocking(steps: Vec<Step>) -> (google_chat_grpc::Result<Space>, Duration) {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(async { call(start(steps).await).await })
}

/// Bytes a header value may hold (visible ASCII, space, tab, and obs-text).
fn header_bytes(max: usize) -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 0..max).prop_map(|bytes| {
        bytes
            .into_iter()
            .filter(|b| *b == b'\t' || (b' '..=b'~').contains(b) || *b >= 0x80)
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Random bytes as the body, sometimes behind a prefix that is nearly right, ended by
    /// trailers or by the stream's end: the call always ends, in time, and a failure has a
    /// code.
    #[test]
    fn random_bodies_end_in_a_result(
        flag in 0u8..3,
        payload in prop::collection::vec(any::<u8>(), 0..200),
        len_delta in -3i64..4,
        prefixed in any::<bool>(),
        trailers in prop::sample::select(vec![None, Some("0"), Some("5"), Some("x")]),
    ) {
        let mut body = Vec::new();
        if prefixed {
            let len = (payload.len() as i64 + len_delta).max(0) as u32;
            body.push(flag);
            body.extend_from_slice(&len.to_be_bytes());
        }
        body.extend_from_slice(&payload);
        let mut steps = vec![grpc_headers(), Step::Data(body, trailers.is_none())];
        if let Some(status) = trailers {
            steps.push(Step::Trailers(vec![h("grpc-status", status)]));
        }
        let (result, elapsed) = call_blocking(steps);
        prop_assert!(elapsed < DEADLINE + SLACK, "{elapsed:?}");
        if let Err(e) = result {
            prop_assert!(e.code().is_some(), "{e:?}");
            prop_assert!(e.code() != Some(Code::DeadlineExceeded), "{e:?}");
        }
    }

    /// A valid code with random `grpc-message` and `grpc-status-details-bin` bytes, in a
    /// trailers-only answer or in trailers: the error is the server's, with its code.
    #[test]
    fn random_status_attachments_keep_the_servers_code(
        code in 1i32..=16,
        message in header_bytes(40),
        details in prop_oneof![
            header_bytes(40),
            header_bytes(40).prop_map(|b| {
                use base64::Engine as _;
                base64::engine::general_purpose::STANDARD_NO_PAD.encode(b).into_bytes()
            }),
        ],
        in_trailers in any::<bool>(),
    ) {
        let status = vec![
            h("grpc-status", code.to_string()),
            h("grpc-message", &message),
            h("grpc-status-details-bin", &details),
        ];
        let steps = if in_trailers { with_trailers(status) } else { trailers_only(status) };
        let (result, elapsed) = call_blocking(steps);
        prop_assert!(elapsed < DEADLINE + SLACK, "{elapsed:?}");
        let e = result.unwrap_err();
        prop_assert_eq!(e.kind(), Rpc, "{:?}", e);
        prop_assert_eq!(e.code(), Some(Code::from_i32(code)), "{:?}", e);
    }
}

/// `REFUSED_STREAM` is HTTP/2's word that the server did not process the stream: a create
/// that is not idempotent is retried after it, but not after a reset that may follow work.
#[tokio::test]
async fn only_a_refused_stream_lets_a_non_idempotent_create_retry() {
    for (reason, retried) in [
        (Reason::REFUSED_STREAM, true),
        (Reason::INTERNAL_ERROR, false),
        (Reason::CANCEL, false),
    ] {
        let addr = start(vec![Step::Reset(reason)]).await;
        let client: ChatClient = support::client_builder(addr).build().await.unwrap();
        let err = client
            .create_section("users/me")
            .with_deadline(Duration::from_millis(500))
            .send()
            .await
            .unwrap_err();
        assert_eq!(err.attempts() > 1, retried, "{reason:?}: {err:?}");
        assert_eq!(err.may_have_applied(), !retried, "{reason:?}: {err:?}");
    }
}

/// An endpoint with a path (a proxy's route) puts it before every method's path, as
/// tonic's origin does.
#[tokio::test]
async fn an_endpoint_path_prefixes_the_method() {
    let (addr, paths) = start_recording(with_trailers(ok_trailers())).await;
    let client = ChatClient::builder()
        .endpoint(format!("http://{addr}/chat-proxy"))
        .insecure_allow_plaintext()
        .credentials(google_chat_grpc::auth::Credentials::static_token("t"))
        .connect()
        .await
        .unwrap();
    let got = client.send(support::get_space()).await.unwrap();
    assert_eq!(got.name, "spaces/A");
    assert_eq!(
        *paths.lock().unwrap(),
        ["/chat-proxy/google.chat.v1.ChatService/GetSpace"]
    );
}

/// A status met before the message carries the response's headers in its metadata, as
/// tonic's unary call adds them; one after the message carries the trailers' alone.
#[tokio::test]
async fn an_early_status_carries_the_response_headers() {
    let headers = || Step::Headers {
        status: 200,
        headers: vec![h(GRPC.0, GRPC.1), h("x-served-by", "frontend-7")],
        end: false,
    };
    let error_trailers = || Step::Trailers(vec![h("grpc-status", "5"), h("x-trailer", "t")]);
    let early = start(vec![headers(), error_trailers()]).await;
    let (result, _) = call(early).await;
    let err = result.unwrap_err();
    let status = err.status().expect("a status");
    assert_eq!(status.code(), Code::NotFound);
    assert_eq!(status.metadata().get("x-served-by").unwrap(), "frontend-7");
    assert_eq!(status.metadata().get("x-trailer").unwrap(), "t");

    let late = start(vec![
        headers(),
        Step::Data(frame(0, &space()), false),
        error_trailers(),
    ])
    .await;
    let (result, _) = call(late).await;
    let status = result.unwrap_err().status().cloned().expect("a status");
    assert_eq!(status.code(), Code::NotFound);
    assert!(status.metadata().get("x-served-by").is_none());
    assert_eq!(status.metadata().get("x-trailer").unwrap(), "t");
}
