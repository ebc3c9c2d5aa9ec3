//! Post a file in a message and read it back: upload a generated 50 MB file as an attachment
//! (resumable, in 8 MiB chunks) and post it in a message, fetch the attachment's metadata
//! (`GetAttachment`, as the Chat app), download its bytes, and print both sizes and SHA-256s
//! (they match) and the throughput each way.
//!
//! ```sh
//! cargo run --release --example attachments --all-features            # 50 MB
//! cargo run --release --example attachments --all-features -- --size-mb 200
//! ```
//!
//! With `--live` (and `--app-credentials chat-app-key.json` for `GetAttachment`) it runs
//! against Chat: Alice's ADC needs `chat.spaces.create`, `chat.memberships.app` and `chat.messages`.

#[path = "support/mod.rs"]
mod support;

use std::io::Write;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Instant;

use google_chat_grpc::auth::scopes;
use google_chat_grpc::media::UploadBody;
use tokio::io::AsyncWrite;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let size_mb = match args.iter().position(|a| a == "--size-mb") {
        Some(i) => args.get(i + 1).ok_or("--size-mb needs a number")?.parse()?,
        None => 50,
    };
    example(&mut std::io::stdout(), size_mb * 1_000_000).await
}

/// The task with a file of `size` bytes, writing what it does to `out`
/// (`tests/api/examples.rs` runs it with a small size and checks that).
pub async fn example(out: &mut impl Write, size: usize) -> Result<(), Box<dyn std::error::Error>> {
    let target = support::Target::start().await?;
    let alice = target
        .client(
            "alice@example.com",
            &[
                scopes::CHAT_SPACES_CREATE,
                scopes::CHAT_MEMBERSHIPS_APP,
                scopes::CHAT_MESSAGES,
            ],
        )
        .await?;
    let app = target.client("app", &[]).await?;
    let space = alice
        .set_up_space_with("Build artifacts", ["users/bob@example.com"])
        .send()
        .await?;
    // GetAttachment is app authentication: the app joins the space first.
    alice.add_app(&space.name).send().await?;
    writeln!(out, "space {}", space.name)?;

    // A file on disk, made here: the upload reads it chunk by chunk, never all at once.
    let path = std::env::temp_dir().join(format!("chat-attachment-{}.bin", std::process::id()));
    let sent_sha = write_file(&path, size)?;
    writeln!(out, "file {size} bytes, SHA-256 {sent_sha}")?;

    let started = Instant::now();
    let upload = alice
        .upload_attachment(&space.name)
        .set_filename("build.bin")
        .body(UploadBody::from_path(&path))
        .content_type("application/octet-stream")
        .send_in_message("Today's build")
        .await;
    let _ = std::fs::remove_file(&path);
    let message = upload?;
    let upload_secs = started.elapsed().as_secs_f64();
    let posted = message
        .attachment
        .first()
        .ok_or("the message has no attachment")?;
    writeln!(out, "posted {} with {}", message.name, posted.name)?;

    let attachment = app.get_attachment(&posted.name).send().await?;
    writeln!(
        out,
        "attachment {:?} ({}), media {}",
        attachment.content_name,
        attachment.content_type,
        attachment
            .attachment_data_ref()
            .map_or("-", |r| r.resource_name.as_str())
    )?;

    let started = Instant::now();
    let mut sink = Sha256Writer::default();
    let summary = alice
        .download_attachment(&attachment)
        .to_writer(&mut sink)
        .await?;
    let download_secs = started.elapsed().as_secs_f64();
    let received_sha = sink.finish();
    writeln!(
        out,
        "downloaded {} bytes ({}), SHA-256 {received_sha}",
        summary.bytes,
        summary.content_type.as_deref().unwrap_or("?")
    )?;
    writeln!(
        out,
        "same bytes: {}",
        summary.bytes == size as u64 && received_sha == sent_sha
    )?;
    let mb = size as f64 / 1e6;
    writeln!(
        out,
        "throughput: upload {:.0} MB/s, download {:.0} MB/s",
        mb / upload_secs,
        mb / download_secs
    )?;
    Ok(())
}

/// Writes `size` pseudo-random bytes to `path`; returns their SHA-256 in hex.
fn write_file(path: &std::path::Path, size: usize) -> std::io::Result<String> {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
    let mut digest = ring::digest::Context::new(&ring::digest::SHA256);
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    let mut block = vec![0u8; 1 << 20];
    let mut left = size;
    while left > 0 {
        let n = left.min(block.len());
        for word in block[..n].chunks_mut(8) {
            // xorshift64: cheap bytes that do not compress.
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            word.copy_from_slice(&state.to_le_bytes()[..word.len()]);
        }
        digest.update(&block[..n]);
        file.write_all(&block[..n])?;
        left -= n;
    }
    file.flush()?;
    Ok(hex(digest.finish().as_ref()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// An `AsyncWrite` that hashes what it is given and keeps nothing.
#[derive(Default)]
struct Sha256Writer(Option<ring::digest::Context>);

impl Sha256Writer {
    fn finish(self) -> String {
        let context = self
            .0
            .unwrap_or_else(|| ring::digest::Context::new(&ring::digest::SHA256));
        hex(context.finish().as_ref())
    }
}

impl AsyncWrite for Sha256Writer {
    fn poll_write(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        self.get_mut()
            .0
            .get_or_insert_with(|| ring::digest::Context::new(&ring::digest::SHA256))
            .update(buf);
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}
