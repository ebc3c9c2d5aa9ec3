//! Where an upload's bytes come from ([`UploadBody`]), and how they are cut into the pieces
//! the protocols send: the whole body for a multipart request, chunks from a given offset
//! for a resumable one. Bytes and files can be read again from any offset; a reader or a
//! stream cannot, so the part of the current chunk the server has not committed stays
//! buffered until it has.

use std::collections::VecDeque;
use std::io;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::Arc;

use prost::bytes::{Bytes, BytesMut};
use tokio::io::{AsyncRead, AsyncReadExt as _};
use tokio_stream::{Stream, StreamExt as _};

use super::MAX_UPLOAD_SIZE;
use super::http::{FileRange, Segment, protocol_error};
use crate::error::Error;

/// The bytes of an attachment to upload: in memory, a file, an `AsyncRead` or a `Stream`
/// of `Bytes`. None is read into memory whole: see [the module](super#memory).
///
/// ```no_run
/// use google_chat_grpc::media::UploadBody;
///
/// let in_memory = UploadBody::from(b"hello".to_vec());
/// let on_disk = UploadBody::from_path("video.mp4");
/// # async fn run() -> std::io::Result<()> {
/// let file = tokio::fs::File::open("video.mp4").await?;
/// let size = file.metadata().await?.len();
/// // A reader of known size: over 200 MB it is refused before anything is sent.
/// let reader = UploadBody::from_reader(file).with_size(size);
/// # Ok(()) }
/// ```
pub struct UploadBody {
    kind: Kind,
}

type ByteStream = Pin<Box<dyn Stream<Item = io::Result<Bytes>> + Send>>;

enum Kind {
    Bytes(Bytes),
    Path(PathBuf),
    Reader {
        reader: Box<dyn AsyncRead + Send + Unpin>,
        size: Option<u64>,
    },
    Stream {
        stream: ByteStream,
        size: Option<u64>,
    },
}

impl std::fmt::Debug for UploadBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.kind {
            Kind::Bytes(b) => f.debug_tuple("UploadBody::Bytes").field(&b.len()).finish(),
            Kind::Path(p) => f.debug_tuple("UploadBody::Path").field(p).finish(),
            Kind::Reader { size, .. } => f
                .debug_struct("UploadBody::Reader")
                .field("size", size)
                .finish(),
            Kind::Stream { size, .. } => f
                .debug_struct("UploadBody::Stream")
                .field("size", size)
                .finish(),
        }
    }
}

impl UploadBody {
    /// Bytes in memory, sliced (not copied) into the requests.
    pub fn from_bytes(bytes: impl Into<Bytes>) -> Self {
        Self {
            kind: Kind::Bytes(bytes.into()),
        }
    }

    /// A file, opened when the upload starts, its size read then (over 200 MB it is refused
    /// before anything is sent), and read as it is sent.
    pub fn from_path(path: impl AsRef<Path>) -> Self {
        Self {
            kind: Kind::Path(path.as_ref().to_owned()),
        }
    }

    /// Any `AsyncRead` (a socket, a decompressor, a child's stdout). Of unknown size unless
    /// [`with_size`](Self::with_size) says it.
    pub fn from_reader(reader: impl AsyncRead + Send + Unpin + 'static) -> Self {
        Self {
            kind: Kind::Reader {
                reader: Box::new(reader),
                size: None,
            },
        }
    }

    /// A `Stream` of byte chunks (a `Bytes` stream from another HTTP body, a channel). Of
    /// unknown size unless [`with_size`](Self::with_size) says it; an item's error ends
    /// the upload with an [`ErrorKind::Io`](crate::ErrorKind::Io) error.
    pub fn from_stream<S, B, E>(stream: S) -> Self
    where
        S: Stream<Item = Result<B, E>> + Send + 'static,
        B: Into<Bytes>,
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let stream = stream.map(|item| item.map(Into::into).map_err(io::Error::other));
        Self {
            kind: Kind::Stream {
                stream: Box::pin(stream),
                size: None,
            },
        }
    }

    /// The exact size of a reader or stream, so the upload can pick its protocol and refuse
    /// a body over 200 MB before sending anything. A source that then gives more or fewer
    /// bytes fails the upload. (Bytes and files know their size.)
    pub fn with_size(mut self, size: u64) -> Self {
        match &mut self.kind {
            Kind::Reader { size: s, .. } | Kind::Stream { size: s, .. } => *s = Some(size),
            Kind::Bytes(_) | Kind::Path(_) => {}
        }
        self
    }

    /// The size, when known before reading: bytes, or a declared reader or stream (a file's
    /// is read when the upload starts).
    pub fn size(&self) -> Option<u64> {
        match &self.kind {
            Kind::Bytes(b) => Some(b.len() as u64),
            Kind::Path(_) => None,
            Kind::Reader { size, .. } | Kind::Stream { size, .. } => *size,
        }
    }
}

impl From<Bytes> for UploadBody {
    fn from(bytes: Bytes) -> Self {
        Self::from_bytes(bytes)
    }
}

impl From<Vec<u8>> for UploadBody {
    fn from(bytes: Vec<u8>) -> Self {
        Self::from_bytes(bytes)
    }
}

impl From<&'static [u8]> for UploadBody {
    fn from(bytes: &'static [u8]) -> Self {
        Self::from_bytes(bytes)
    }
}

impl<const N: usize> From<&'static [u8; N]> for UploadBody {
    fn from(bytes: &'static [u8; N]) -> Self {
        Self::from_bytes(&bytes[..])
    }
}

impl From<String> for UploadBody {
    fn from(text: String) -> Self {
        Self::from_bytes(text)
    }
}

impl From<&'static str> for UploadBody {
    fn from(text: &'static str) -> Self {
        Self::from_bytes(text)
    }
}

/// An upload's source, opened.
pub(crate) enum Source {
    Bytes(Bytes),
    File { path: Arc<Path>, len: u64 },
    Stream(Box<StreamSource>),
}

/// The bytes of a piece of the upload, ready to be sent (again, if need be).
#[derive(Debug, Clone)]
pub(crate) enum ChunkData {
    Bytes(Vec<Bytes>),
    File {
        path: Arc<Path>,
        offset: u64,
        len: u64,
    },
}

impl ChunkData {
    /// Body segments for one attempt: a file is opened and positioned anew each time.
    pub(crate) async fn segments(&self) -> Result<Vec<Segment>, Error> {
        match self {
            ChunkData::Bytes(pieces) => Ok(pieces.iter().cloned().map(Segment::Bytes).collect()),
            ChunkData::File { path, offset, len } => {
                let shown = format!("reading {}", path.display());
                let (path, offset) = (path.clone(), *offset);
                let opened = tokio::task::spawn_blocking(move || {
                    let mut file = std::fs::File::open(&path)?;
                    if offset > 0 {
                        io::Seek::seek(&mut file, io::SeekFrom::Start(offset))?;
                    }
                    Ok::<_, io::Error>(file)
                })
                .await
                .map_err(io::Error::other)
                .and_then(|opened| opened);
                let file = opened.map_err(|e| Error::io(shown, e))?;
                Ok(vec![Segment::File(FileRange::new(file, *len))])
            }
        }
    }
}

/// A piece of the upload: `len` bytes from `start`; `last` when it ends the body.
#[derive(Debug)]
pub(crate) struct Chunk {
    pub(crate) start: u64,
    pub(crate) len: u64,
    pub(crate) last: bool,
    pub(crate) data: ChunkData,
}

impl Source {
    /// Opens the body: a file's size is read now.
    pub(crate) async fn open(body: UploadBody) -> Result<Self, Error> {
        Ok(match body.kind {
            Kind::Bytes(bytes) => Source::Bytes(bytes),
            Kind::Path(path) => {
                let meta = tokio::fs::metadata(&path)
                    .await
                    .map_err(|e| Error::io(format!("reading {}", path.display()), e))?;
                if !meta.is_file() {
                    return Err(Error::io(
                        format!("reading {}", path.display()),
                        io::Error::new(io::ErrorKind::InvalidInput, "not a regular file"),
                    ));
                }
                Source::File {
                    path: path.into(),
                    len: meta.len(),
                }
            }
            Kind::Reader { reader, size } => Source::Stream(Box::new(StreamSource::new(
                Input::Reader(reader, BytesMut::new()),
                size,
            ))),
            Kind::Stream { stream, size } => {
                Source::Stream(Box::new(StreamSource::new(Input::Stream(stream), size)))
            }
        })
    }

    /// The body's size: known for bytes and files, declared for a reader or stream, or
    /// found once a stream has ended.
    pub(crate) fn size(&self) -> Option<u64> {
        match self {
            Source::Bytes(b) => Some(b.len() as u64),
            Source::File { len, .. } => Some(*len),
            Source::Stream(s) => s.declared.or(s.eof.then_some(s.start + s.len)),
        }
    }

    /// The whole body as one piece, if it is at most `limit` bytes long. A reader or stream
    /// of unknown size is read (and kept) up to `limit + 1` bytes to tell.
    pub(crate) async fn whole_if_at_most(&mut self, limit: u64) -> Result<Option<Chunk>, Error> {
        if let Some(size) = self.size()
            && size > limit
        {
            return Ok(None);
        }
        match self {
            Source::Bytes(_) | Source::File { .. } => self.chunk(0, limit.max(1)).await.map(Some),
            Source::Stream(s) => {
                s.fill(limit.saturating_add(1)).await?;
                if s.eof && s.len <= limit {
                    Ok(Some(s.chunk_at(0, limit)?))
                } else {
                    Ok(None)
                }
            }
        }
    }

    /// Up to `size` bytes from `offset` (a resumable chunk). A reader or stream drops what is
    /// before `offset` (the server committed it) and reads one byte past the chunk, so that a
    /// chunk that ends the body is known to.
    pub(crate) async fn chunk(&mut self, offset: u64, size: u64) -> Result<Chunk, Error> {
        let seekable = |total: u64| {
            let start = offset.min(total);
            let len = size.min(total - start);
            (start, len, start + len == total)
        };
        match self {
            Source::Bytes(bytes) => {
                let (start, len, last) = seekable(bytes.len() as u64);
                // Both ends are within the bytes, so they fit in usize.
                let range = start as usize..(start + len) as usize;
                Ok(Chunk {
                    start,
                    len,
                    last,
                    data: ChunkData::Bytes(vec![bytes.slice(range)]),
                })
            }
            Source::File { path, len: total } => {
                let (start, len, last) = seekable(*total);
                Ok(Chunk {
                    start,
                    len,
                    last,
                    data: ChunkData::File {
                        path: path.clone(),
                        offset: start,
                        len,
                    },
                })
            }
            Source::Stream(s) => {
                s.advance(offset)?;
                s.fill(offset.saturating_add(size).saturating_add(1))
                    .await?;
                s.chunk_at(offset, size)
            }
        }
    }
}

pub(crate) enum Input {
    /// The reader, and the buffer its next read goes into (consecutive reads share one
    /// allocation, so a reader that gives a few bytes at a time costs no more memory).
    Reader(Box<dyn AsyncRead + Send + Unpin>, BytesMut),
    Stream(ByteStream),
}

/// A reader or stream, with the bytes read but not yet committed by the server: the window
/// `[start, start + len)`.
pub(crate) struct StreamSource {
    input: Input,
    declared: Option<u64>,
    window: VecDeque<Bytes>,
    start: u64,
    len: u64,
    eof: bool,
}

/// One read of a reader.
const READ: usize = 256 << 10;
/// A buffer with less room than this left is replaced before the next read.
const MIN_READ: usize = 16 << 10;

impl StreamSource {
    fn new(input: Input, declared: Option<u64>) -> Self {
        Self {
            input,
            declared,
            window: VecDeque::new(),
            start: 0,
            len: 0,
            eof: false,
        }
    }

    /// Reads until the window reaches `end` (an offset in the body) or the source ends.
    async fn fill(&mut self, end: u64) -> Result<(), Error> {
        while !self.eof && self.start + self.len < end {
            self.read_more().await?;
        }
        Ok(())
    }

    async fn read_more(&mut self) -> Result<(), Error> {
        let piece = match &mut self.input {
            Input::Reader(reader, buffer) => {
                if buffer.len() < MIN_READ {
                    *buffer = BytesMut::zeroed(READ);
                }
                let n = reader
                    .read(&mut buffer[..])
                    .await
                    .map_err(|e| Error::io("reading the attachment's reader", e))?;
                (n > 0).then(|| buffer.split_to(n).freeze())
            }
            Input::Stream(stream) => match stream.next().await {
                Some(Ok(piece)) => Some(piece),
                Some(Err(e)) => return Err(Error::io("reading the attachment's stream", e)),
                None => None,
            },
        };
        let Some(piece) = piece else {
            self.eof = true;
            let total = self.start + self.len;
            if let Some(declared) = self.declared
                && declared != total
            {
                return Err(Error::invalid_argument(format!(
                    "the attachment's body ended after {total} bytes, but its size was \
                     declared as {declared} (`UploadBody::with_size`)"
                )));
            }
            return Ok(());
        };
        let total = self.start + self.len + piece.len() as u64;
        if let Some(declared) = self.declared
            && total > declared
        {
            return Err(Error::invalid_argument(format!(
                "the attachment's body gave more than the {declared} bytes declared \
                 (`UploadBody::with_size`); stopped"
            )));
        }
        if total > MAX_UPLOAD_SIZE {
            return Err(too_large(format!(
                "the attachment's stream grew past {MAX_UPLOAD_SIZE} bytes; stopped \
                 before sending more"
            )));
        }
        self.len += piece.len() as u64;
        if !piece.is_empty() {
            self.window.push_back(piece);
        }
        Ok(())
    }

    /// Drops what is before `offset`: the server has it.
    fn advance(&mut self, offset: u64) -> Result<(), Error> {
        if offset < self.start {
            return Err(protocol_error(format!(
                "the upload session went back to byte {offset}, before byte {} which it had \
                 committed, and a stream cannot be read again",
                self.start
            )));
        }
        if offset > self.start + self.len {
            return Err(protocol_error(format!(
                "the upload session committed up to byte {offset}, past the {} bytes sent",
                self.start + self.len
            )));
        }
        let mut skip = offset - self.start;
        while skip > 0 {
            let Some(front) = self.window.front_mut() else {
                break;
            };
            let n = front.len() as u64;
            if n <= skip {
                self.window.pop_front();
                skip -= n;
                self.start += n;
                self.len -= n;
            } else {
                // `skip < n`, a length in memory.
                let _ = front.split_to(skip as usize);
                self.start += skip;
                self.len -= skip;
                skip = 0;
            }
        }
        Ok(())
    }

    /// The chunk of up to `size` bytes at `offset`, the window's start.
    fn chunk_at(&self, offset: u64, size: u64) -> Result<Chunk, Error> {
        debug_assert_eq!(offset, self.start);
        let available = self.len;
        let (len, last) = if available > size {
            (size, false)
        } else if self.eof {
            (available, true)
        } else {
            return Err(protocol_error(
                "the upload's source was not read far enough",
            ));
        };
        let mut pieces = Vec::new();
        let mut left = len;
        for piece in &self.window {
            if left == 0 {
                break;
            }
            let n = (piece.len() as u64).min(left);
            // `n <= piece.len()`.
            pieces.push(piece.slice(..n as usize));
            left -= n;
        }
        Ok(Chunk {
            start: offset,
            len,
            last,
            data: ChunkData::Bytes(pieces),
        })
    }
}

/// An upload over [`MAX_UPLOAD_SIZE`].
pub(crate) fn too_large(what: String) -> Error {
    Error::invalid_argument(format!(
        "{what}: Chat takes attachments of up to 200 MB ({MAX_UPLOAD_SIZE} bytes)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes_of(chunk: &Chunk) -> Vec<u8> {
        match &chunk.data {
            ChunkData::Bytes(pieces) => pieces.iter().flat_map(|p| p.iter().copied()).collect(),
            ChunkData::File { .. } => panic!("not in memory"),
        }
    }

    /// A file range is read a block ahead and in order, from the chunk's offset; a file that
    /// got shorter since its size was read fails the body instead of sending fewer bytes.
    #[tokio::test(flavor = "multi_thread", worker_threads = 1)]
    async fn a_file_chunk_reads_its_range_and_notices_a_shorter_file() {
        use http_body::Body as _;
        use http_body_util::BodyExt as _;

        let data: Vec<u8> = (0..3_000_000u32).map(|i| (i % 241) as u8).collect();
        let path = std::env::temp_dir().join(format!("chat-source-{}", uuid::Uuid::new_v4()));
        std::fs::write(&path, &data).unwrap();
        let mut source = Source::open(UploadBody::from_path(&path)).await.unwrap();
        let chunk = source.chunk(500_001, 1 << 21).await.unwrap();
        let body = super::super::http::OutgoingBody::new(chunk.data.segments().await.unwrap());
        assert_eq!(body.size_hint().exact(), Some(1 << 21));
        let sent = body.collect().await.unwrap().to_bytes();
        assert!(sent[..] == data[500_001..500_001 + (1 << 21)]);

        let body = super::super::http::OutgoingBody::new(chunk.data.segments().await.unwrap());
        std::fs::File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_len(2_000_000)
            .unwrap();
        let err = body.collect().await.map(|_| ()).unwrap_err();
        assert!(err.to_string().contains("got shorter"), "{err}");
        let _ = std::fs::remove_file(&path);
    }

    /// A stream cut in odd pieces gives the same chunks as the bytes, from any committed
    /// offset, and keeps only the uncommitted part.
    #[tokio::test]
    async fn a_stream_resends_its_uncommitted_tail() {
        let data: Vec<u8> = (0..10_000u32).map(|i| (i % 251) as u8).collect();
        let pieces: Vec<Result<Vec<u8>, io::Error>> =
            data.chunks(777).map(|c| Ok(c.to_vec())).collect();
        let mut stream = Source::open(UploadBody::from_stream(tokio_stream::iter(pieces)))
            .await
            .unwrap();
        let mut bytes = Source::open(UploadBody::from(data.clone())).await.unwrap();
        assert!(stream.whole_if_at_most(4096).await.unwrap().is_none());
        assert_eq!(stream.size(), None);
        for (offset, size) in [
            (0, 4096),
            (1000, 4096),
            (1000, 4096),
            (5096, 4096),
            (9192, 4096),
        ] {
            let a = stream.chunk(offset, size).await.unwrap();
            let b = bytes.chunk(offset, size).await.unwrap();
            assert_eq!(bytes_of(&a), bytes_of(&b), "{offset}");
            assert_eq!(
                (a.start, a.len, a.last),
                (b.start, b.len, b.last),
                "{offset}"
            );
            if let Source::Stream(s) = &stream {
                assert!(s.len <= size + 777, "keeps one chunk and one read");
            }
        }
        assert_eq!(stream.size(), Some(10_000));
        assert!(stream.chunk(10, 4096).await.is_err(), "went back");
    }

    #[tokio::test]
    async fn a_small_reader_is_whole_and_a_declared_size_is_held_to() {
        let mut small = Source::open(UploadBody::from_reader(&b"hello"[..]))
            .await
            .unwrap();
        let whole = small.whole_if_at_most(5).await.unwrap().unwrap();
        assert_eq!(bytes_of(&whole), b"hello");
        assert!(whole.last);

        let mut lying = Source::open(UploadBody::from_reader(&b"hello"[..]).with_size(4))
            .await
            .unwrap();
        let err = lying.whole_if_at_most(10).await.unwrap_err();
        assert!(err.to_string().contains("more than the 4 bytes"), "{err}");
        let mut short = Source::open(UploadBody::from_reader(&b"hello"[..]).with_size(6))
            .await
            .unwrap();
        let err = short.whole_if_at_most(10).await.unwrap_err();
        assert!(err.to_string().contains("ended after 5 bytes"), "{err}");
    }
}
