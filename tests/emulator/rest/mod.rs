//! The emulator's REST/JSON side, through plain HTTP clients (hyper, HTTP/1.1 and h2c) on
//! the port gRPC is served on: every RPC's binding from its `google.api.http` rule, path,
//! query and body mapping, the proto3 JSON rules, and Google-style error bodies.

mod all_rpcs;
mod errors;
mod json;
mod protocols;

use std::net::SocketAddr;

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::rt::{TokioExecutor, TokioIo};
use serde_json::Value;
use tokio::net::TcpStream;

/// Which HTTP a request goes over.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Version {
    Http1,
    H2c,
}

/// A response: status, content type and the body as JSON (`Value::Null` if it is not).
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub text: String,
    pub json: Value,
}

impl Reply {
    /// The body, asserting a 200.
    #[track_caller]
    pub fn ok(self) -> Value {
        assert_eq!(self.status, 200, "{}", self.text);
        self.json
    }

    /// `error.status` of an error body, asserting the HTTP status.
    #[track_caller]
    pub fn err(self, http: u16) -> Value {
        assert_eq!(self.status, http, "{}", self.text);
        assert_eq!(self.json["error"]["code"], http, "{}", self.text);
        self.json["error"].clone()
    }
}

/// One request on a fresh connection.
pub async fn send(
    addr: SocketAddr,
    version: Version,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&str>,
) -> Reply {
    send_raw(
        addr,
        version,
        method,
        path,
        token,
        &[],
        body.map(|b| b.as_bytes().to_vec()),
    )
    .await
}

/// [`send`] with extra headers and a raw body.
pub async fn send_raw(
    addr: SocketAddr,
    version: Version,
    method: &str,
    path: &str,
    token: Option<&str>,
    headers: &[(&str, &str)],
    body: Option<Vec<u8>>,
) -> Reply {
    let stream = TcpStream::connect(addr).await.expect("connect");
    let io = TokioIo::new(stream);
    let mut req = http::Request::builder()
        .method(method)
        .uri(format!("http://{addr}{path}"));
    if version == Version::Http1 {
        req = req.header("host", addr.to_string());
    }
    if let Some(t) = token {
        req = req.header("authorization", format!("Bearer {t}"));
    }
    if body.is_some() {
        req = req.header("content-type", "application/json");
    }
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let req = req
        .body(Full::new(Bytes::from(body.unwrap_or_default())))
        .expect("request");
    let response = match version {
        Version::Http1 => {
            let (mut sender, conn) = hyper::client::conn::http1::handshake(io)
                .await
                .expect("handshake");
            tokio::spawn(conn);
            sender.send_request(req).await.expect("response")
        }
        Version::H2c => {
            let (mut sender, conn) =
                hyper::client::conn::http2::handshake(TokioExecutor::new(), io)
                    .await
                    .expect("h2 handshake");
            tokio::spawn(conn);
            sender.send_request(req).await.expect("response")
        }
    };
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap_or("").to_owned())
        .unwrap_or_default();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    Reply {
        status,
        content_type,
        text,
        json,
    }
}

/// An HTTP/1.1 client bound to one emulator and one caller.
pub struct Rest {
    pub addr: SocketAddr,
    pub token: String,
}

impl Rest {
    pub fn new(addr: SocketAddr, token: &str) -> Rest {
        Rest {
            addr,
            token: token.into(),
        }
    }

    pub async fn get(&self, path: &str) -> Reply {
        send(
            self.addr,
            Version::Http1,
            "GET",
            path,
            Some(&self.token),
            None,
        )
        .await
    }

    pub async fn delete(&self, path: &str) -> Reply {
        send(
            self.addr,
            Version::Http1,
            "DELETE",
            path,
            Some(&self.token),
            None,
        )
        .await
    }

    pub async fn post(&self, path: &str, body: &str) -> Reply {
        send(
            self.addr,
            Version::Http1,
            "POST",
            path,
            Some(&self.token),
            Some(body),
        )
        .await
    }

    pub async fn patch(&self, path: &str, body: &str) -> Reply {
        send(
            self.addr,
            Version::Http1,
            "PATCH",
            path,
            Some(&self.token),
            Some(body),
        )
        .await
    }

    pub async fn put(&self, path: &str, body: &str) -> Reply {
        send(
            self.addr,
            Version::Http1,
            "PUT",
            path,
            Some(&self.token),
            Some(body),
        )
        .await
    }
}

/// A string field of a JSON object.
#[track_caller]
pub fn s(v: &Value, field: &str) -> String {
    v[field]
        .as_str()
        .unwrap_or_else(|| panic!("no string `{field}` in {v}"))
        .to_owned()
}

/// A SPACE set up over REST by `users/1`, with users 2 and 3.
pub async fn team(rest: &Rest, name: &str) -> String {
    let body = format!(
        r#"{{"space": {{"spaceType": "SPACE", "displayName": "{name}"}},
            "memberships": [{{"member": {{"name": "users/2", "type": "HUMAN"}}}},
                            {{"member": {{"name": "users/3", "type": "HUMAN"}}}}]}}"#
    );
    s(&rest.post("/v1/spaces:setup", &body).await.ok(), "name")
}
