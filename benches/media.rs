//! Attachment transfers against the emulator, next to a plain loopback copy of the same
//! bytes in the same run, and the client's peak memory for two file sizes.
//!
//! ```sh
//! cargo bench --all-features --bench media
//! MEDIA_BENCH_SIZES_MB=20,200 MEDIA_BENCH_ROUNDS=3 cargo bench --all-features --bench media
//! ```
//!
//! A plain harness (`harness = false`). The parent process runs the emulator (bytes in
//! memory), a TCP sink and a TCP source on `127.0.0.1`, and writes a file of each size. For
//! each size a child process (this binary again) is the client, so its peak RSS (`VmHWM`) is
//! the client's alone; per round it:
//!
//! - **upload**: `upload_attachment(..).body(UploadBody::from_path(file))` (resumable, 8 MiB
//!   chunks), against the **loopback copy**: the same file read in 256 KiB blocks and written
//!   to the sink socket, which discards it; and against a **keeping copy**: the same, to a
//!   sink that keeps what it reads as the emulator's memory store does (copied into 32 MiB
//!   anonymous mappings advised to use huge pages) and answers one byte once it has it all;
//! - **download**: `download_attachment(..).to_writer(sink)` of that upload, against a read
//!   of the same number of bytes from the source socket, which writes them from memory.
//!
//! The median round of each is printed, as MB/s and as the ratio to the copy.

use std::io::{Read as _, Write as _};
use std::time::Instant;

use google_chat_grpc::ChatClient;
use google_chat_grpc::auth::Credentials;
use google_chat_grpc::emulator::Emulator;
use google_chat_grpc::media::UploadBody;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

const CHILD: &str = "MEDIA_BENCH_CHILD";
const TOKEN: &str = "user:alice@example.com";

fn main() {
    if std::env::var_os(CHILD).is_some() {
        return child();
    }
    let sizes: Vec<usize> = std::env::var("MEDIA_BENCH_SIZES_MB")
        .unwrap_or_else(|_| "20,200".into())
        .split(',')
        .map(|s| s.trim().parse::<usize>().expect("sizes in MB") * 1_000_000)
        .collect();
    let rounds = std::env::var("MEDIA_BENCH_ROUNDS").unwrap_or_else(|_| "3".into());
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let emulator = Emulator::builder()
            .user("alice@example.com", "1001", "Alice")
            .start()
            .await
            .unwrap();
        let alice = emulator.client(TOKEN).await.unwrap();
        let space = alice
            .set_up_space_with("bench", ["users/bob@example.com"])
            .send()
            .await
            .unwrap();
        let sink = sink().await;
        let keeper = keeping_sink().await;
        let source = source().await;
        println!(
            "media: {rounds} rounds per size, median shown; ratio = client / plain loopback copy"
        );
        for size in sizes {
            let path =
                std::env::temp_dir().join(format!("media-bench-{}-{size}", std::process::id()));
            write_file(&path, size);
            // The block_on thread waits; the emulator and the sockets run on the workers.
            let out = std::process::Command::new(std::env::current_exe().unwrap())
                .env(CHILD, "1")
                .env("MEDIA_BENCH_URI", emulator.uri())
                .env("MEDIA_BENCH_SPACE", &space.name)
                .env("MEDIA_BENCH_FILE", &path)
                .env("MEDIA_BENCH_SIZE", size.to_string())
                .env("MEDIA_BENCH_ROUNDS", &rounds)
                .env("MEDIA_BENCH_SINK", sink.to_string())
                .env("MEDIA_BENCH_KEEPER", keeper.to_string())
                .env("MEDIA_BENCH_SOURCE", source.to_string())
                .output()
                .unwrap();
            let _ = std::fs::remove_file(&path);
            std::io::stdout().write_all(&out.stdout).unwrap();
            assert!(
                out.status.success(),
                "child failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        emulator.shutdown().await;
    });
}

/// Accepts connections and discards what they send.
async fn sink() -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = vec![0u8; 256 << 10];
                while socket.read(&mut buf).await.is_ok_and(|n| n > 0) {}
            });
        }
    });
    addr
}

/// Accepts connections and keeps what they send, as the emulator's memory store keeps an
/// upload, until the sender closes its side; then answers one byte and forgets it all.
async fn keeping_sink() -> std::net::SocketAddr {
    const BLOCK: usize = 32 << 20;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = vec![0u8; 256 << 10];
                let mut blocks: Vec<memmap2::MmapMut> = Vec::new();
                let mut used = BLOCK;
                while let Ok(n) = socket.read(&mut buf).await {
                    if n == 0 {
                        break;
                    }
                    let mut data = &buf[..n];
                    while !data.is_empty() {
                        if used == BLOCK {
                            let block = memmap2::MmapMut::map_anon(BLOCK).unwrap();
                            #[cfg(target_os = "linux")]
                            let _ = block.advise(memmap2::Advice::HugePage);
                            blocks.push(block);
                            used = 0;
                        }
                        let take = data.len().min(BLOCK - used);
                        let block = blocks.last_mut().unwrap();
                        block[used..used + take].copy_from_slice(&data[..take]);
                        used += take;
                        data = &data[take..];
                    }
                }
                let _ = socket.write_all(&[1]).await;
            });
        }
    });
    addr
}

/// Accepts connections, reads the 8-byte length asked for, and writes that many bytes from
/// memory.
async fn source() -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let block = prost::bytes::Bytes::from(vec![0x5au8; 1 << 20]);
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let block = block.clone();
            tokio::spawn(async move {
                let mut len = [0u8; 8];
                if socket.read_exact(&mut len).await.is_err() {
                    return;
                }
                let mut left = u64::from_le_bytes(len) as usize;
                while left > 0 {
                    let n = left.min(block.len());
                    if socket.write_all(&block[..n]).await.is_err() {
                        return;
                    }
                    left -= n;
                }
            });
        }
    });
    addr
}

fn write_file(path: &std::path::Path, size: usize) {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut state = 0x2545_F491_4F6C_DD1D_u64;
    let mut block = vec![0u8; 1 << 20];
    let mut left = size;
    while left > 0 {
        let n = left.min(block.len());
        for word in block[..n].chunks_mut(8) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            word.copy_from_slice(&state.to_le_bytes()[..word.len()]);
        }
        file.write_all(&block[..n]).unwrap();
        left -= n;
    }
    file.flush().unwrap();
}

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is set by the parent"))
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// The client's side, in its own process.
fn child() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let size: usize = env("MEDIA_BENCH_SIZE").parse().unwrap();
        let rounds: usize = env("MEDIA_BENCH_ROUNDS").parse().unwrap();
        let path = std::path::PathBuf::from(env("MEDIA_BENCH_FILE"));
        let space = env("MEDIA_BENCH_SPACE");
        let client = ChatClient::builder()
            .endpoint(env("MEDIA_BENCH_URI"))
            .insecure_allow_plaintext()
            .credentials(Credentials::static_token(TOKEN))
            .build()
            .await
            .unwrap();
        let mb = size as f64 / 1e6;
        let (mut up, mut up_copy, mut down, mut down_copy) = (vec![], vec![], vec![], vec![]);
        let mut up_keep = vec![];
        for _ in 0..rounds {
            // The plain copy up: the file in 256 KiB reads, onto a socket.
            let started = Instant::now();
            let mut socket = std::net::TcpStream::connect(env("MEDIA_BENCH_SINK")).unwrap();
            socket.set_nodelay(true).unwrap();
            let mut file = std::fs::File::open(&path).unwrap();
            let mut buf = vec![0u8; 256 << 10];
            loop {
                let n = file.read(&mut buf).unwrap();
                if n == 0 {
                    break;
                }
                socket.write_all(&buf[..n]).unwrap();
            }
            drop(socket);
            up_copy.push(mb / started.elapsed().as_secs_f64());

            // The keeping copy: the same, until the sink says it has kept it all.
            let started = Instant::now();
            let mut socket = std::net::TcpStream::connect(env("MEDIA_BENCH_KEEPER")).unwrap();
            socket.set_nodelay(true).unwrap();
            let mut file = std::fs::File::open(&path).unwrap();
            loop {
                let n = file.read(&mut buf).unwrap();
                if n == 0 {
                    break;
                }
                socket.write_all(&buf[..n]).unwrap();
            }
            socket.shutdown(std::net::Shutdown::Write).unwrap();
            let mut ack = [0u8; 1];
            socket.read_exact(&mut ack).unwrap();
            up_keep.push(mb / started.elapsed().as_secs_f64());

            let started = Instant::now();
            let uploaded = client
                .upload_attachment(&space)
                .set_filename("bench.bin")
                .body(UploadBody::from_path(&path))
                // Posted (one small CreateMessage more): only an attachment a message
                // carries has a resource name to download, in the emulator as in Chat.
                .send_in_message("bench")
                .await
                .unwrap();
            up.push(mb / started.elapsed().as_secs_f64());
            let attachment = uploaded.attachment.into_iter().next().unwrap_or_default();

            // The plain copy down: as many bytes from a socket, discarded.
            let started = Instant::now();
            let mut socket = tokio::net::TcpStream::connect(env("MEDIA_BENCH_SOURCE"))
                .await
                .unwrap();
            socket.set_nodelay(true).unwrap();
            socket
                .write_all(&(size as u64).to_le_bytes())
                .await
                .unwrap();
            let mut left = size;
            while left > 0 {
                let n = socket.read(&mut buf).await.unwrap();
                assert!(n > 0, "the source closed early");
                left -= n;
            }
            down_copy.push(mb / started.elapsed().as_secs_f64());

            let started = Instant::now();
            let summary = client
                .download_attachment(&attachment)
                .to_writer(&mut tokio::io::sink())
                .await
                .unwrap();
            assert_eq!(summary.bytes, size as u64);
            down.push(mb / started.elapsed().as_secs_f64());
        }
        let (up, up_copy, down, down_copy) =
            (median(up), median(up_copy), median(down), median(down_copy));
        let up_keep = median(up_keep);
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        let peak = status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .map_or("?".to_owned(), |v| v.trim().to_owned());
        println!(
            "{:>4.0} MB  upload {up:>6.0} MB/s vs copy {up_copy:>6.0} MB/s = {:.2}x, \
             vs keeping copy {up_keep:>6.0} MB/s = {:.2}x   \
             download {down:>6.0} MB/s vs copy {down_copy:>6.0} MB/s = {:.2}x   \
             client peak RSS {peak}",
            mb,
            up / up_copy,
            up / up_keep,
            down / down_copy,
        );
    });
}
