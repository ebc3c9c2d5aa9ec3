//! Accepted TCP connections, wrapped so fault injection can reset them: every connection
//! carries a kill switch, reachable from the call's request extensions (to drop the
//! connection a call came in on) and from a registry (to drop them all).

use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex, Weak};
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::sync::watch;
use tonic::transport::server::Connected;

type Wait = Pin<Box<dyn std::future::Future<Output = ()> + Send>>;

/// The kill switch of one connection; in each request's extensions.
#[derive(Debug, Clone)]
pub(crate) struct KillSwitch(Arc<watch::Sender<bool>>);

impl KillSwitch {
    pub(crate) fn kill(&self) {
        self.0.send_replace(true);
    }
}

/// All live connections of one server.
#[derive(Debug, Clone, Default)]
pub(crate) struct Connections(Arc<Mutex<Vec<Weak<watch::Sender<bool>>>>>);

impl Connections {
    pub(crate) fn drop_all(&self) {
        let mut list = self.0.lock().unwrap_or_else(|e| e.into_inner());
        for tx in list.drain(..).filter_map(|w| w.upgrade()) {
            tx.send_replace(true);
        }
    }

    /// Wraps an accepted stream.
    pub(crate) fn wrap(&self, stream: TcpStream) -> KillableStream {
        let (tx, mut rx) = watch::channel(false);
        let tx = Arc::new(tx);
        let mut list = self.0.lock().unwrap_or_else(|e| e.into_inner());
        list.retain(|w| w.strong_count() > 0);
        list.push(Arc::downgrade(&tx));
        KillableStream {
            stream,
            switch: KillSwitch(tx),
            killed: Box::pin(async move {
                // Resolves when the switch flips (or its sender is gone with the connection).
                let _ = rx.wait_for(|dead| *dead).await;
            }),
            dead: false,
        }
    }
}

/// A TCP stream that fails all I/O once its kill switch flips.
pub(crate) struct KillableStream {
    stream: TcpStream,
    switch: KillSwitch,
    killed: Wait,
    dead: bool,
}

impl KillableStream {
    fn check(&mut self, cx: &mut Context<'_>) -> io::Result<()> {
        if !self.dead && self.killed.as_mut().poll(cx).is_ready() {
            self.dead = true;
        }
        if self.dead {
            Err(io::Error::new(
                io::ErrorKind::ConnectionReset,
                "dropped by the emulator's fault injection",
            ))
        } else {
            Ok(())
        }
    }
}

impl Connected for KillableStream {
    type ConnectInfo = KillSwitch;

    fn connect_info(&self) -> KillSwitch {
        self.switch.clone()
    }
}

impl AsyncRead for KillableStream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if let Err(e) = this.check(cx) {
            return Poll::Ready(Err(e));
        }
        Pin::new(&mut this.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for KillableStream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        if let Err(e) = this.check(cx) {
            return Poll::Ready(Err(e));
        }
        Pin::new(&mut this.stream).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if let Err(e) = this.check(cx) {
            return Poll::Ready(Err(e));
        }
        Pin::new(&mut this.stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }
}
