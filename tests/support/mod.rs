//! A scripted `ChatService` on `127.0.0.1:0` for client tests: it records every call (path,
//! headers, request bytes, peer address) and answers from a queue of scripted replies, or
//! with an empty message (valid for every response type) when the queue is empty.
#![allow(dead_code, missing_docs)]

pub mod samples;

use std::collections::VecDeque;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use prost::bytes::{Buf, BufMut, Bytes};
use tonic::codec::{Codec, DecodeBuf, Decoder, EncodeBuf, Encoder};
use tonic::transport::server::TcpConnectInfo;
use tonic::{Status, body::Body};

/// One recorded call.
#[derive(Debug, Clone)]
pub struct Call {
    pub path: String,
    pub headers: http::HeaderMap,
    pub body: Bytes,
    pub peer: Option<SocketAddr>,
}

impl Call {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn decode<M: prost::Message + Default>(&self) -> M {
        M::decode(self.body.clone()).expect("request decodes")
    }
}

/// What the server does with the next call.
pub enum Reply {
    /// Answer with these encoded message bytes.
    Ok(Bytes),
    /// Fail with this status.
    Fail(Status),
    /// Wait, then do the inner reply.
    After(Duration, Box<Reply>),
}

/// Computes a reply from the call.
type Responder = Box<dyn Fn(&Call) -> Reply + Send>;

#[derive(Clone, Default)]
pub struct MockChat {
    state: Arc<Mutex<State>>,
}

#[derive(Default)]
struct State {
    /// When set, calls are answered but not recorded (benchmarks: no growth, no copies).
    quiet: bool,
    calls: Vec<Call>,
    script: VecDeque<Reply>,
    /// Applied when the script is empty; `None` means an empty OK message.
    fallback: Option<Responder>,
}

impl MockChat {
    /// Starts the server; the returned address takes gRPC calls until the test ends.
    pub async fn start() -> (Self, SocketAddr) {
        let mock = Self::default();
        let addr = serve(mock.clone()).await;
        (mock, addr)
    }

    /// Starts a server that answers every call with `reply` and records nothing: the
    /// cheapest server this harness can be, for benchmarks.
    pub async fn start_fixed(reply: Bytes) -> SocketAddr {
        let mock = Self::default();
        mock.state.lock().unwrap().quiet = true;
        mock.respond(move |_| Reply::Ok(reply.clone()));
        serve(mock).await
    }

    pub fn push(&self, reply: Reply) {
        self.state.lock().unwrap().script.push_back(reply);
    }

    pub fn push_n(&self, n: usize, reply: impl Fn() -> Reply) {
        for _ in 0..n {
            self.push(reply());
        }
    }

    /// What to do once the script is used up.
    pub fn always(&self, reply: impl Fn() -> Reply + Send + 'static) {
        self.respond(move |_| reply());
    }

    /// Answers each call (once the script is used up) from what it asked.
    pub fn respond(&self, reply: impl Fn(&Call) -> Reply + Send + 'static) {
        self.state.lock().unwrap().fallback = Some(Box::new(reply));
    }

    pub fn calls(&self) -> Vec<Call> {
        self.state.lock().unwrap().calls.clone()
    }
}

pub async fn serve<S>(service: S) -> SocketAddr
where
    S: tower::Service<http::Request<Body>, Response = http::Response<Body>, Error = Infallible>
        + tonic::server::NamedService
        + Clone
        + Send
        + Sync
        + 'static,
    S::Future: Send + 'static,
{
    let incoming = tonic::transport::server::TcpIncoming::bind("127.0.0.1:0".parse().unwrap())
        .expect("bind loopback")
        .with_nodelay(Some(true));
    let addr = incoming.local_addr().unwrap();
    tokio::spawn(
        tonic::transport::Server::builder()
            .add_service(service)
            .serve_with_incoming(incoming),
    );
    addr
}

impl tonic::server::NamedService for MockChat {
    const NAME: &'static str = "google.chat.v1.ChatService";
}

impl tower::Service<http::Request<Body>> for MockChat {
    type Response = http::Response<Body>;
    type Error = Infallible;
    type Future = std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<Self::Response, Infallible>> + Send>,
    >;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: http::Request<Body>) -> Self::Future {
        let state = self.state.clone();
        let path = request.uri().path().to_owned();
        let headers = request.headers().clone();
        let peer = request
            .extensions()
            .get::<TcpConnectInfo>()
            .and_then(|i| i.remote_addr());
        Box::pin(async move {
            let handler = Handler {
                state,
                path,
                headers,
                peer,
            };
            let mut grpc = tonic::server::Grpc::new(RawCodec);
            Ok(grpc.unary(handler, request).await)
        })
    }
}

struct Handler {
    state: Arc<Mutex<State>>,
    path: String,
    headers: http::HeaderMap,
    peer: Option<SocketAddr>,
}

impl tonic::server::UnaryService<Bytes> for Handler {
    type Response = Bytes;
    type Future = std::pin::Pin<
        Box<dyn std::future::Future<Output = Result<tonic::Response<Bytes>, Status>> + Send>,
    >;

    fn call(&mut self, request: tonic::Request<Bytes>) -> Self::Future {
        let reply = {
            let mut state = self.state.lock().unwrap();
            let call = Call {
                path: self.path.clone(),
                headers: self.headers.clone(),
                body: request.into_inner(),
                peer: self.peer,
            };
            let reply = match state.script.pop_front() {
                Some(reply) => reply,
                None => match &state.fallback {
                    Some(f) => f(&call),
                    None => Reply::Ok(Bytes::new()),
                },
            };
            if !state.quiet {
                state.calls.push(call);
            }
            reply
        };
        Box::pin(async move {
            let mut reply = reply;
            loop {
                match reply {
                    Reply::Ok(bytes) => return Ok(tonic::Response::new(bytes)),
                    Reply::Fail(status) => return Err(status),
                    Reply::After(delay, next) => {
                        tokio::time::sleep(delay).await;
                        reply = *next;
                    }
                }
            }
        })
    }
}

/// Passes message bytes through unparsed: for servers and clients that handle raw frames.
#[derive(Clone, Copy, Default)]
pub struct RawCodec;

impl Codec for RawCodec {
    type Encode = Bytes;
    type Decode = Bytes;
    type Encoder = RawCodec;
    type Decoder = RawCodec;

    fn encoder(&mut self) -> Self::Encoder {
        RawCodec
    }

    fn decoder(&mut self) -> Self::Decoder {
        RawCodec
    }
}

impl Encoder for RawCodec {
    type Item = Bytes;
    type Error = Status;

    fn encode(&mut self, item: Bytes, dst: &mut EncodeBuf<'_>) -> Result<(), Status> {
        dst.put_slice(&item);
        Ok(())
    }
}

impl Decoder for RawCodec {
    type Item = Bytes;
    type Error = Status;

    fn decode(&mut self, src: &mut DecodeBuf<'_>) -> Result<Option<Bytes>, Status> {
        Ok(Some(src.copy_to_bytes(src.remaining())))
    }
}

/// A client for the mock: plaintext allowed, a static token, fast retries.
pub fn client_builder(addr: SocketAddr) -> google_chat_grpc::ClientBuilder {
    google_chat_grpc::ChatClient::builder()
        .endpoint(format!("http://{addr}"))
        .insecure_allow_plaintext()
        .credentials(google_chat_grpc::auth::Credentials::static_token(
            "test-token-s3cr3t",
        ))
        .backoff(google_chat_grpc::retry::ExponentialBackoff::new(
            Duration::from_millis(1),
            1.3,
            Duration::from_millis(5),
        ))
}

/// A valid `GetSpace` request, for tests that need any call at all.
pub fn get_space() -> google_chat_grpc::proto::chat::v1::GetSpaceRequest {
    google_chat_grpc::proto::chat::v1::GetSpaceRequest {
        name: "spaces/AAAA".into(),
        ..Default::default()
    }
}
