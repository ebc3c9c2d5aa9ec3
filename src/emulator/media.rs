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

use prost::bytes::BytesMut;
use tokio::io::{AsyncRead, AsyncSeekExt as _, AsyncWriteExt as _, ReadBuf};
use tonic::codegen::Bytes;

use super::identity::Caller;

/// How much a [`BlobReader`] hands out at a time: memory blobs are sliced, not copied, so
/// a large piece costs nothing and saves the HTTP side per-frame work (64 KiB pieces made
/// downloads half as fast as a plain loopback copy).
const READ_CHUNK: usize = 1 << 20;
/// How much of a file blob is read at a time (each read is a trip to tokio's blocking
/// pool, so fewer and larger).
const FILE_CHUNK: usize = 1 << 20;
/// The write buffer of a file blob.
const WRITE_BUFFER: usize = 1 << 20;

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
    Memory(Arc<Pieces>),
    File(PathBuf),
}

/// A memory blob: the blocks its bytes were copied into as they arrived (never one buffer
/// that grows, so a 200 MB upload is neither copied again nor held twice).
#[derive(Debug, Default)]
struct Pieces {
    chunks: Vec<Bytes>,
    /// Where each piece ends in the blob.
    ends: Vec<u64>,
}

impl Blob {
    /// A blob with no bytes: what an attachment made by the gRPC `UploadAttachment`
    /// (which carries no bytes) downloads as.
    pub(crate) fn empty() -> Blob {
        Blob {
            len: 0,
            data: BlobData::Memory(Arc::default()),
        }
    }

    /// Reads `start..end` (clamped to the blob).
    pub(crate) async fn read(&self, start: u64, end: u64) -> io::Result<BlobReader> {
        let end = end.min(self.len);
        let start = start.min(end);
        Ok(match &self.data {
            BlobData::Memory(pieces) => BlobReader(Source::Memory {
                index: pieces.ends.partition_point(|&e| e <= start),
                pieces: pieces.clone(),
                at: start,
                end,
            }),
            BlobData::File(path) => {
                let mut file = tokio::fs::File::open(path).await?;
                file.seek(io::SeekFrom::Start(start)).await?;
                BlobReader(Source::File {
                    file,
                    remaining: end - start,
                    buf: Vec::new(),
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
    Memory {
        pieces: Arc<Pieces>,
        /// The piece holding `at`.
        index: usize,
        at: u64,
        end: u64,
    },
    File {
        file: tokio::fs::File,
        remaining: u64,
        /// The piece being read; handed out whole (not copied) once filled.
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
            Source::Memory {
                pieces,
                index,
                at,
                end,
            } => {
                let (Some(chunk), Some(&chunk_end)) =
                    (pieces.chunks.get(*index), pieces.ends.get(*index))
                else {
                    return Poll::Ready(None);
                };
                if *at >= *end {
                    return Poll::Ready(None);
                }
                let chunk_start = chunk_end - chunk.len() as u64;
                let stop = chunk_end.min(*end).min(*at + max as u64);
                // Offsets inside one in-memory piece fit in usize.
                let piece =
                    chunk.slice((*at - chunk_start) as usize..(stop - chunk_start) as usize);
                *at = stop;
                if *at == chunk_end {
                    *index += 1;
                }
                Poll::Ready(Some(Ok(piece)))
            }
            Source::File {
                file,
                remaining,
                buf,
            } => {
                if *remaining == 0 {
                    return Poll::Ready(None);
                }
                let want = usize::try_from(*remaining)
                    .unwrap_or(usize::MAX)
                    .min(max)
                    .min(FILE_CHUNK);
                // A pending read keeps its buffer for the next poll.
                if buf.len() != want {
                    buf.resize(want, 0);
                }
                let mut read = ReadBuf::new(&mut buf[..]);
                match Pin::new(file).poll_read(cx, &mut read) {
                    Poll::Pending => Poll::Pending,
                    Poll::Ready(Err(e)) => Poll::Ready(Some(Err(e))),
                    Poll::Ready(Ok(())) => {
                        let n = read.filled().len();
                        if n == 0 {
                            return Poll::Ready(Some(Err(io::Error::new(
                                io::ErrorKind::UnexpectedEof,
                                "the media file is shorter than its record",
                            ))));
                        }
                        *remaining -= n as u64;
                        let mut piece = std::mem::take(buf);
                        piece.truncate(n);
                        Poll::Ready(Some(Ok(Bytes::from(piece))))
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
    Memory(MemorySink),
    File {
        /// Buffered: tokio's `File` hands each write to a blocking thread, and a body
        /// arrives in pieces of a few KiB.
        file: tokio::io::BufWriter<tokio::fs::File>,
        path: PathBuf,
    },
}

/// A memory blob being written.
///
/// The body's pieces are copied into blocks of the blob's own rather than kept: kept, they
/// pin the HTTP side's read buffers, so every read of the body lands in fresh memory, and
/// on Linux faulting that in 4 KiB pages (zeroed, then written) costs more than the rest of
/// the upload. So: the first [`HEAP_PREFIX`] on the heap (small attachments stay small),
/// then anonymous mappings advised to use transparent huge pages, each block twice the one
/// before up to [`MAX_BLOCK`]. A mapping's untouched tail costs address space, not memory.
#[derive(Debug, Default)]
struct MemorySink {
    sealed: Pieces,
    block: Block,
}

/// The block being filled.
#[derive(Debug, Default)]
enum Block {
    #[default]
    None,
    Heap(BytesMut),
    Mapped {
        map: memmap2::MmapMut,
        used: usize,
    },
}

/// Up to here a memory blob is on the heap.
const HEAP_PREFIX: usize = 1 << 20;
/// The first heap block (doubling from there).
const MIN_BLOCK: usize = 64 << 10;
/// The largest block: a 200 MB upload is seven of them.
const MAX_BLOCK: usize = 32 << 20;
/// A transparent huge page on x86-64 and most aarch64 kernels; mapped blocks are multiples.
const HUGE_PAGE: usize = 2 << 20;

impl MemorySink {
    fn write(&mut self, mut data: &[u8], mut written: u64) {
        while !data.is_empty() {
            let room = match &self.block {
                Block::None => 0,
                Block::Heap(buf) => buf.capacity() - buf.len(),
                Block::Mapped { map, used } => map.len() - used,
            };
            if room == 0 {
                let so_far = usize::try_from(written).unwrap_or(usize::MAX);
                self.seal();
                self.block = Self::open(so_far);
                continue;
            }
            let (now, rest) = data.split_at(room.min(data.len()));
            match &mut self.block {
                Block::None => {}
                Block::Heap(buf) => buf.extend_from_slice(now),
                Block::Mapped { map, used } => {
                    map[*used..*used + now.len()].copy_from_slice(now);
                    *used += now.len();
                }
            }
            written += now.len() as u64;
            data = rest;
        }
    }

    /// A new block for a blob that has `so_far` bytes.
    fn open(so_far: usize) -> Block {
        if so_far < HEAP_PREFIX {
            return Block::Heap(BytesMut::with_capacity(
                so_far.clamp(MIN_BLOCK, HEAP_PREFIX),
            ));
        }
        let size = so_far
            .next_multiple_of(HUGE_PAGE)
            .clamp(HUGE_PAGE, MAX_BLOCK);
        // A mapping that cannot be made (address space exhausted) falls back to the heap.
        let Ok(map) = memmap2::MmapMut::map_anon(size) else {
            return Block::Heap(BytesMut::with_capacity(size));
        };
        // Advice only: where huge pages are off, the block is still a block.
        #[cfg(target_os = "linux")]
        let _ = map.advise(memmap2::Advice::HugePage);
        Block::Mapped { map, used: 0 }
    }

    /// Moves the block being filled to the sealed pieces.
    fn seal(&mut self) {
        let piece = match std::mem::take(&mut self.block) {
            Block::None => return,
            Block::Heap(buf) => buf.freeze(),
            Block::Mapped { map, used } => Bytes::from_owner(map).slice(..used),
        };
        if !piece.is_empty() {
            let end = self.sealed.ends.last().copied().unwrap_or(0) + piece.len() as u64;
            self.sealed.chunks.push(piece);
            self.sealed.ends.push(end);
        }
    }

    fn finish(mut self) -> Pieces {
        self.seal();
        self.sealed
    }
}

impl BlobWriter {
    /// How many bytes have been written.
    pub(crate) fn len(&self) -> u64 {
        self.written
    }

    /// Appends bytes.
    pub(crate) async fn write(&mut self, data: Bytes) -> io::Result<()> {
        if data.is_empty() {
            return Ok(());
        }
        let len = data.len() as u64;
        match &mut self.sink {
            Sink::Memory(sink) => sink.write(&data, self.written),
            Sink::File { file, .. } => file.write_all(&data).await?,
        }
        self.written += len;
        Ok(())
    }

    /// Puts what was written so far in the store (a resumable session's committed bytes
    /// are in its file before the client is told they are).
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
            Sink::Memory(sink) => BlobData::Memory(Arc::new(sink.finish())),
            Sink::File { mut file, path } => {
                // Flushed to the file, not synced to the disk: a test double's files need
                // to be readable, not to survive a power cut.
                file.flush().await?;
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

    /// A writer for a new blob or session named `id` (the file name on disk).
    pub(crate) async fn writer(&self, id: &str) -> io::Result<BlobWriter> {
        let sink = match &self.backing {
            Backing::Memory => Sink::Memory(MemorySink::default()),
            Backing::Dir(dir) => {
                tokio::fs::create_dir_all(dir).await?;
                let path = dir.join(id);
                let file = tokio::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(&path)
                    .await?;
                Sink::File {
                    file: tokio::io::BufWriter::with_capacity(WRITE_BUFFER, file),
                    path,
                }
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

#[cfg(test)]
mod tests {
    use super::*;

    async fn read_all(blob: &Blob, start: u64, end: u64, max: usize) -> Vec<u8> {
        let mut reader = blob.read(start, end).await.unwrap();
        let mut out = Vec::new();
        while let Some(piece) = std::future::poll_fn(|cx| reader.poll_chunk(cx, max)).await {
            let piece = piece.unwrap();
            assert!(!piece.is_empty() && piece.len() <= max);
            out.extend_from_slice(&piece);
        }
        out
    }

    #[tokio::test]
    async fn ranges_across_pieces_in_memory_and_on_disk() {
        let data: Vec<u8> = (0..10_000u32).map(|i| (i % 251) as u8).collect();
        let dir = std::env::temp_dir().join(format!("media-store-{}", uuid::Uuid::new_v4()));
        for store in [MediaStore::new(None), MediaStore::new(Some(dir.clone()))] {
            let mut writer = store.writer("blob").await.unwrap();
            // Uneven pieces, an empty one among them.
            let mut at = 0;
            for len in [1, 0, 999, 3000, 7, 5993] {
                writer
                    .write(Bytes::copy_from_slice(&data[at..at + len]))
                    .await
                    .unwrap();
                at += len;
            }
            let blob = writer.finish().await.unwrap();
            assert_eq!(blob.len, 10_000);
            for (start, end) in [
                (0, 10_000),
                (0, 1),
                (1, 1000),
                (999, 4001),
                (4000, 4007),
                (9_999, 20_000),
                (10_000, 10_000),
            ] {
                for max in [1, 7, 4096, usize::MAX] {
                    let got = read_all(&blob, start, end, max).await;
                    let end = end.min(10_000) as usize;
                    assert_eq!(got, data[start as usize..end], "{start}..{end} by {max}");
                }
            }
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// Past the heap prefix the bytes go into mapped blocks: ranges across the heap blocks,
    /// the first mapping and the next read back exactly what was written.
    #[tokio::test]
    async fn a_large_blob_reads_back_across_heap_and_mapped_blocks() {
        let len = HEAP_PREFIX + 2 * HUGE_PAGE + 12_345;
        let data: Vec<u8> = (0..len as u32).map(|i| (i % 253) as u8).collect();
        let mut writer = MediaStore::new(None).writer("big").await.unwrap();
        // Pieces of the sizes a socket read gives, none aligned to a block.
        for piece in data.chunks(100_003) {
            writer.write(Bytes::copy_from_slice(piece)).await.unwrap();
        }
        assert_eq!(writer.len(), len as u64);
        let blob = writer.finish().await.unwrap();
        assert_eq!(blob.len, len as u64);
        let BlobData::Memory(pieces) = &blob.data else {
            panic!("a memory store's blob is in memory");
        };
        // 64K, 64K, 128K, 256K, 512K on the heap, then 2 MiB and 4 MiB mapped.
        assert_eq!(pieces.chunks.len(), 7, "{:?}", pieces.ends);
        assert_eq!(pieces.ends[4], HEAP_PREFIX as u64);
        let whole = read_all(&blob, 0, len as u64, usize::MAX).await;
        assert!(whole == data, "the blob differs from what was written");
        for (start, end) in [
            (HEAP_PREFIX - 1, HEAP_PREFIX + 1),
            (HEAP_PREFIX + HUGE_PAGE - 7, HEAP_PREFIX + HUGE_PAGE + 7),
            (len - 10, len),
        ] {
            let got = read_all(&blob, start as u64, end as u64, 4096).await;
            assert!(got == data[start..end], "{start}..{end}");
        }
    }
}
