#!/usr/bin/env bash
# Build cost of this crate next to the published stub-only crate
# `googleapis-tonic-google-chat-v1`, measured in one run on one machine.
#
# Each row is a fresh one-file binary project that depends on the crate(s) named, built with
# a plain `cargo build` (dev profile) into an empty target directory; registry sources are
# downloaded before the clock starts, so the time is compilation only. Reported: wall time,
# crates compiled, the size of the crate's own rlib(s), the whole target directory.
#
# Rows:
#   stubs            googleapis-tonic-google-chat-v1 alone (codegen only: it cannot open a
#                    connection by itself)
#   stubs+transport  the same plus what calling chat.googleapis.com needs and this crate
#                    brings: tonic's channel with rustls + webpki roots, and gcp_auth
#   ours-minimal     google-chat-grpc --no-default-features (client, no TLS, no gcp_auth)
#   ours             google-chat-grpc with its default features (TLS + gcp_auth)
#
# Usage: benches/peers/build-cost.sh [--release]
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d /tmp/chat-build-cost.XXXXXX)"
trap 'rm -rf "$work"' EXIT
profile_flag="${1:-}"
profile_dir=debug
[[ "$profile_flag" == "--release" ]] && profile_dir=release

stubs_version="0.46.0"
tonic_version="0.14"

row() {
  local name="$1" deps="$2" rlib_glob="$3"
  local dir="$work/$name"
  mkdir -p "$dir/src"
  cat >"$dir/Cargo.toml" <<EOF
[package]
name = "build-cost-${name//+/-}"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
$deps

[workspace]
EOF
  echo 'fn main() {}' >"$dir/src/main.rs"
  (cd "$dir" && cargo fetch -q)
  local target="$dir/target"
  local start end
  start=$(date +%s.%N)
  (cd "$dir" && CARGO_TARGET_DIR="$target" cargo build -q $profile_flag 2>"$dir/build.log") \
    || { cat "$dir/build.log"; exit 1; }
  end=$(date +%s.%N)
  local secs crates rlib total
  secs=$(echo "$end - $start" | bc)
  crates=$(find "$target/$profile_dir/deps" -name 'lib*.rlib' -o -name 'lib*.so' \
    | sed -E 's#.*/lib([a-z0-9_]+)-[0-9a-f]+\.(rlib|so)#\1#' | sort -u | wc -l)
  rlib=$(find "$target/$profile_dir/deps" -name "$rlib_glob" -print0 | du -cb --files0-from=- \
    | tail -1 | cut -f1)
  total=$(du -sb "$target" | cut -f1)
  printf '| %s | %.1f s | %d | %.1f MB | %.0f MB |\n' "$name" "$secs" "$crates" \
    "$(echo "$rlib / 1000000" | bc -l)" "$(echo "$total / 1000000" | bc -l)"
  rm -rf "$target"
}

echo "cargo build ${profile_flag:-(dev profile)}, $(rustc --version), $(nproc) cores, $(date -u +%F)"
echo
echo '| build | wall time | crates | rlib(s) of the crate | target dir |'
echo '| --- | --- | --- | --- | --- |'
row stubs \
  "googleapis-tonic-google-chat-v1 = \"=$stubs_version\"" \
  'libgoogleapis_tonic_google_*.rlib'
row stubs+transport \
  "googleapis-tonic-google-chat-v1 = \"=$stubs_version\"
tonic = { version = \"$tonic_version\", features = [\"transport\", \"tls-ring\", \"tls-webpki-roots\"] }
gcp_auth = \"0.12\"" \
  'libgoogleapis_tonic_google_*.rlib'
row ours-minimal \
  "google-chat-grpc = { path = \"$repo\", default-features = false }" \
  'libgoogle_chat_grpc-*.rlib'
row ours \
  "google-chat-grpc = { path = \"$repo\" }" \
  'libgoogle_chat_grpc-*.rlib'
