//! Attachment bytes: the blobs the media upload endpoints store and the download endpoint
//! serves, and the resumable upload sessions still filling. In memory by default; with
//! [`EmulatorBuilder::media_dir`](super::EmulatorBuilder::media_dir) one file per blob or
//! session in that directory, so 200 MB bodies never sit in RAM.
//!
//! Bytes are written as they arrive from the request body ([`BlobWriter`]) and read back
//! in chunks ([`BlobReader`]); nothing here holds a whole body in a buffer of its own
//! (the in-memory store *is* the buffer). The HTTP side is in `http/media/`.

use std::collections::HashMap;
use std::io;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncSeekExt as _, AsyncWriteExt as _, ReadBuf};
use tonic::codegen::Bytes;

use super::identity::Caller;

/// How much a [`BlobReader`] hands out at a time.
const READ_CHUNK: usize = 64 * 1024;

/// Where bytes are kept.
#[derive(Debug, Clone, Default)]
pub(crate) enum Backing {
    /// In the emulator's memory.
    #[default]
    Memory,
    /// One file per blob or session in this directory (created on first use).
    Dir(PathBuf),
}

/// A finished blob: the bytes of one upload.
#[derive(Debug, Clone)]
pub(crate) struct Blob {
    pub(crate) len: u64,
    data: BlobData,
}

#[derive(Debug, Clone)]
enum BlobData {
    Memory(Bytes),
    File(PathBuf),
}

impl Blob {
    /// A blob with no bytes: what an attachment made by the gRPC `UploadAttachment`
    /// (which carries no bytes) downloads as.
    pub(crate) fn empty() -> Blob {
        Blob {
            len: 0,
            data: BlobData::Memory(Bytes::new()),
        }
    }

    /// Reads `start..end` (clamped to the blob).
    pub(crate) async fn read(&self, start: u64, end: u64) -> io::Result<BlobReader> {
        let end = end.min(self.len);
        let start = start.min(end);
        Ok(match &self.data {
            BlobData::Memory(bytes) => {
                // In range by the clamps above, and a memory blob's length fits in usize.
                let bytes = bytes.slice(start as usize..end as usize);
                BlobReader(Source::Memory(bytes))
            }
            BlobData::File(path) => {
                let mut file = tokio::fs::File::open(path).await?;
                file.seek(io::SeekFrom::Start(start)).await?;
                BlobReader(Source::File {
                    file,
                    remaining: end - start,
                    buf: vec![0; READ_CHUNK],
                })
            }
        })
    }
}

/// A range of a blob, read chunk by chunk.
#[derive(Debug)]
pub(crate) struct BlobReader(Source);

#[derive(Debug)]
enum Source {
    Memory(Bytes),
    File {
        file: tokio::fs::File,
        remaining: u64,
        buf: Vec<u8>,
    },
}

impl BlobReader {
    /// The next chunk, at most `max` bytes; `None` at the end.
    pub(crate) fn poll_chunk(
        &mut self,
        cx: &mut Context<'_>,
        max: usize,
    ) -> Poll<Option<io::Result<Bytes>>> {
        let max = max.clamp(1, READ_CHUNK);
        match &mut self.0 {
            Source::Memory(bytes) => {
                if bytes.is_empty() {
                    return Poll::Ready(None);
                }
                let n = bytes.len().min(max);
                Poll::Ready(Some(Ok(bytes.split_to(n))))
            }
            Source::File {
                file,
                remaining,
                buf,
            } => {
                if *remaining == 0 {
                    return Poll::Ready(None);
                }
                let want = usize::try_from(*remaining).unwrap_or(usize::MAX).min(max);
                let mut read = ReadBuf::new(&mut buf[..want]);
                match Pin::new(file).poll_read(cx, &mut read) {
                    Poll::Pending => Poll::Pending,
                    Poll::Ready(Err(e)) => Poll::Ready(Some(Err(e))),
                    Poll::Ready(Ok(())) => {
                        let got = read.filled();
                        if got.is_empty() {
                            return Poll::Ready(Some(Err(io::Error::new(
                                io::ErrorKind::UnexpectedEof,
                                "the media file is shorter than its record",
                            ))));
                        }
                        *remaining -= got.len() as u64;
                        Poll::Ready(Some(Ok(Bytes::copy_from_slice(got))))
                    }
                }
            }
        }
    }
}

/// Bytes being written: a new blob, or a resumable session's committed prefix.
#[derive(Debug)]
pub(crate) struct BlobWriter {
    written: u64,
    sink: Sink,
}

#[derive(Debug)]
enum Sink {
    Memory(Vec<u8>),
    File {
        file: tokio::fs::File,
        path: PathBuf,
    },
}

impl BlobWriter {
    /// How many bytes have been written.
    pub(crate) fn len(&self) -> u64 {
        self.written
    }

    /// Appends bytes.
    pub(crate) async fn write(&mut self, data: &[u8]) -> io::Result<()> {
        match &mut self.sink {
            Sink::Memory(v) => v.extend_from_slice(data),
            Sink::File { file, .. } => file.write_all(data).await?,
        }
        self.written += data.len() as u64;
        Ok(())
    }

    /// Makes what was written so far durable in the store (a resumable session's committed
    /// bytes are in its file before the client is told they are).
    pub(crate) async fn flush(&mut self) -> io::Result<()> {
        if let Sink::File { file, .. } = &mut self.sink {
            file.flush().await?;
        }
        Ok(())
    }

    /// The finished blob.
    pub(crate) async fn finish(self) -> io::Result<Blob> {
        let len = self.written;
        let data = match self.sink {
            Sink::Memory(v) => BlobData::Memory(Bytes::from(v)),
            Sink::File { mut file, path } => {
                file.flush().await?;
                file.sync_data().await?;
                BlobData::File(path)
            }
        };
        Ok(Blob { len, data })
    }

    /// Throws the bytes away (a failed upload): the file, if any, is removed.
    pub(crate) async fn discard(self) {
        if let Sink::File { file, path } = self.sink {
            drop(file);
            // Best effort: a file that cannot be removed is only litter in a test directory.
            let _ = tokio::fs::remove_file(&path).await;
        }
    }
}

/// What an upload stored: the bytes and their content type.
#[derive(Debug, Clone)]
pub(crate) struct Media {
    /// The bytes; `None` for the gRPC `UploadAttachment`, which carries none (its
    /// attachment downloads as zero bytes).
    pub(crate) blob: Option<Blob>,
    /// As uploaded (the media part's `Content-Type`), else from the file name.
    pub(crate) content_type: String,
}

impl Media {
    /// The bytes to serve.
    pub(crate) fn blob(&self) -> Blob {
        self.blob.clone().unwrap_or_else(Blob::empty)
    }
}

/// The emulator's bytes: where new ones go, and the resumable sessions in progress.
#[derive(Debug, Default)]
pub(crate) struct MediaStore {
    backing: Backing,
    sessions: Mutex<HashMap<String, SharedSession>>,
}

/// A session, locked by the request writing to it (two chunks of one session never
/// interleave).
pub(crate) type SharedSession = Arc<tokio::sync::Mutex<Session>>;

/// A resumable upload in progress (or finished: then `done` holds its answer).
#[derive(Debug)]
pub(crate) struct Session {
    /// `spaces/{space}`.
    pub(crate) parent: String,
    pub(crate) filename: String,
    pub(crate) content_type: String,
    /// Who started it: after the start, the session URI is the credential.
    pub(crate) uploader: Caller,
    /// The total size, once the client said it.
    pub(crate) total: Option<u64>,
    /// The committed prefix; `None` once finished.
    pub(crate) writer: Option<BlobWriter>,
    /// How many bytes are committed.
    pub(crate) committed: u64,
    /// The `UploadAttachmentResponse` JSON, once complete.
    pub(crate) done: Option<Vec<u8>>,
}

impl MediaStore {
    /// In memory, or in files in `dir`.
    pub(crate) fn new(dir: Option<PathBuf>) -> MediaStore {
        MediaStore {
            backing: dir.map_or(Backing::Memory, Backing::Dir),
            sessions: Mutex::new(HashMap::new()),
        }
    }

    /// A writer for a new blob or session named `id` (the file name on disk), of about
    /// `size_hint` bytes if the client said so: memory is reserved once instead of growing
    /// by doubling, which would copy a large body several times and hold twice its size.
    pub(crate) async fn writer(&self, id: &str, size_hint: Option<u64>) -> io::Result<BlobWriter> {
        let sink = match &self.backing {
            Backing::Memory => Sink::Memory(Vec::with_capacity(
                size_hint.and_then(|n| usize::try_from(n).ok()).unwrap_or(0),
            )),
            Backing::Dir(dir) => {
                tokio::fs::create_dir_all(dir).await?;
                let path = dir.join(id);
                let file = tokio::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(&path)
                    .await?;
                Sink::File { file, path }
            }
        };
        Ok(BlobWriter { written: 0, sink })
    }

    fn sessions(&self) -> std::sync::MutexGuard<'_, HashMap<String, SharedSession>> {
        self.sessions.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Registers a new session under `id`.
    pub(crate) fn start_session(&self, id: String, session: Session) {
        self.sessions()
            .insert(id, Arc::new(tokio::sync::Mutex::new(session)));
    }

    /// A session by its `upload_id`.
    pub(crate) fn session(&self, id: &str) -> Option<SharedSession> {
        self.sessions().get(id).cloned()
    }

    /// Forgets a session (cancelled by the client).
    pub(crate) fn end_session(&self, id: &str) -> Option<SharedSession> {
        self.sessions().remove(id)
    }
}
