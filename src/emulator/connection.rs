//! Accepted TCP connections, wrapped so fault injection can reset them: every connection
//! carries a kill switch, reachable from the call's request extensions (to drop the
//! connection a call came in on) and from a registry (to drop them all).
//!
//! The wrapper also closes a connection that sends nothing within the handshake timeout
//! of being accepted (a port scanner, a client that connected and hung), and the accept
//! loop backs off on accept errors ([`AcceptBackoff`]).

use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::sync::watch;
use tokio::time::Sleep;
use tokio_stream::Stream;
use tonic::transport::server::Connected;

type Wait = Pin<Box<dyn std::future::Future<Output = ()> + Send>>;

/// The kill switch of one connection; in each request's extensions.
#[derive(Debug, Clone)]
pub(crate) struct KillSwitch {
    switch: Arc<watch::Sender<bool>>,
    /// Bytes written to the connection so far: a fault that cuts a body in the middle waits
    /// for this to stop growing, so the bytes before the cut are on the wire, not lost in
    /// the HTTP library's write buffer.
    written: Arc<AtomicU64>,
}

impl KillSwitch {
    pub(crate) fn kill(&self) {
        self.switch.send_replace(true);
    }

    /// How many bytes the connection has written.
    pub(crate) fn written(&self) -> u64 {
        self.written.load(Ordering::Relaxed)
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

    /// Wraps an accepted stream, which must send its first byte within `handshake`.
    pub(crate) fn wrap(&self, stream: TcpStream, handshake: Duration) -> KillableStream {
        let (tx, mut rx) = watch::channel(false);
        let tx = Arc::new(tx);
        let mut list = self.0.lock().unwrap_or_else(|e| e.into_inner());
        list.retain(|w| w.strong_count() > 0);
        list.push(Arc::downgrade(&tx));
        KillableStream {
            stream,
            switch: KillSwitch {
                switch: tx,
                written: Arc::new(AtomicU64::new(0)),
            },
            killed: Box::pin(async move {
                // Resolves when the switch flips (or its sender is gone with the connection).
                let _ = rx.wait_for(|dead| *dead).await;
            }),
            dead: false,
            handshake: Some(Box::pin(tokio::time::sleep(handshake))),
        }
    }
}

/// A TCP stream that fails all I/O once its kill switch flips.
pub(crate) struct KillableStream {
    stream: TcpStream,
    switch: KillSwitch,
    killed: Wait,
    dead: bool,
    /// Until the first byte arrives: when the peer must have sent it.
    handshake: Option<Pin<Box<Sleep>>>,
}

impl KillableStream {
    /// Fails once the switch has flipped. A look at the switch's value, not a poll of the
    /// wait for it: that poll re-registers the task with the channel, and doing it on each
    /// of a call's reads, writes and flushes was ~1.8k instructions per call ([`Self::arm`]
    /// registers only when the I/O is about to wait).
    fn check(&mut self) -> io::Result<()> {
        if !self.dead && *self.switch.switch.borrow() {
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

    /// For I/O that returned `Pending`: the task must be woken when the switch flips, to
    /// fail the I/O it waits for; the switch flipped meanwhile fails it now.
    fn arm<T>(&mut self, cx: &mut Context<'_>, polled: Poll<io::Result<T>>) -> Poll<io::Result<T>> {
        if polled.is_pending() && !self.dead && self.killed.as_mut().poll(cx).is_ready() {
            self.dead = true;
            if let Err(e) = self.check() {
                return Poll::Ready(Err(e));
            }
        }
        polled
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
        if let Err(e) = this.check() {
            return Poll::Ready(Err(e));
        }
        let before = buf.filled().len();
        let polled = Pin::new(&mut this.stream).poll_read(cx, buf);
        let polled = this.arm(cx, polled);
        if let Some(deadline) = &mut this.handshake {
            if buf.filled().len() > before {
                this.handshake = None;
            } else if polled.is_pending() && deadline.as_mut().poll(cx).is_ready() {
                this.dead = true;
                return Poll::Ready(Err(io::Error::new(
                    io::ErrorKind::TimedOut,
                    "no request within the emulator's handshake timeout",
                )));
            }
        }
        polled
    }
}

impl AsyncWrite for KillableStream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        if let Err(e) = this.check() {
            return Poll::Ready(Err(e));
        }
        let polled = Pin::new(&mut this.stream).poll_write(cx, buf);
        let polled = this.arm(cx, polled);
        if let Poll::Ready(Ok(n)) = polled {
            this.switch.written.fetch_add(n as u64, Ordering::Relaxed);
        }
        polled
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        if let Err(e) = this.check() {
            return Poll::Ready(Err(e));
        }
        let polled = Pin::new(&mut this.stream).poll_flush(cx);
        this.arm(cx, polled)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }
}

/// Accepted connections, with a pause after each accept error: at the file-descriptor limit
/// `accept` fails at once, every time, and an accept loop that retries at once spins a core
/// until a descriptor frees. The pause doubles from 5 ms to 1 s and resets on success; the
/// errors themselves are logged here (tonic's loop would only skip them).
pub(crate) struct AcceptBackoff<S> {
    inner: S,
    pause: Option<Pin<Box<Sleep>>>,
    next: Duration,
}

impl<S> AcceptBackoff<S> {
    const FIRST: Duration = Duration::from_millis(5);
    const MAX: Duration = Duration::from_secs(1);

    pub(crate) fn new(inner: S) -> Self {
        AcceptBackoff {
            inner,
            pause: None,
            next: Self::FIRST,
        }
    }
}

impl<S, T> Stream for AcceptBackoff<S>
where
    S: Stream<Item = io::Result<T>> + Unpin,
{
    type Item = io::Result<T>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(pause) = &mut this.pause {
                if pause.as_mut().poll(cx).is_pending() {
                    return Poll::Pending;
                }
                this.pause = None;
            }
            match Pin::new(&mut this.inner).poll_next(cx) {
                Poll::Ready(Some(Err(e))) => {
                    tracing::warn!(
                        target: "chat_emulator",
                        error = %e,
                        pause_ms = this.next.as_millis() as u64,
                        "accept failed; pausing before the next accept"
                    );
                    this.pause = Some(Box::pin(tokio::time::sleep(this.next)));
                    this.next = (this.next * 2).min(Self::MAX);
                }
                Poll::Ready(Some(Ok(io))) => {
                    this.next = Self::FIRST;
                    return Poll::Ready(Some(Ok(io)));
                }
                other => return other,
            }
        }
    }
}
