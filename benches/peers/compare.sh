#!/usr/bin/env bash
# The cross-language benchmark: the same mixed workload (70% GetMessage, 20% CreateMessage, 10%
# ListMessages page of 50) with this crate's ChatClient (examples/loadgen.rs), Google's Python
# client google-apps-chat (benches/peers/loadgen.py, asyncio over grpc.aio) and Google's Node client
# @google-apps/chat (benches/peers/loadgen.js), at concurrency 1 and 64, each against its own fresh
# chat-emulator on 127.0.0.1. Every load generator runs as a separate process, measured the
# same way from outside (user + system CPU and peak RSS of the whole process, from wait4).
#
#   benches/peers/compare.sh [--calls N] [--calls-c1 N] [--warmup N] [--warmup-c1 N] [--rounds N]
#                    [--clients rust,python,node] [--concurrency 1,64] [--c1-cpus 0] [--no-plot]
#                    [--no-build]
#
# Defaults: 20,000 calls after 1,000 of warm-up at concurrency 64, 3,000 after 300 at
# concurrency 1, 5 rounds (clients interleaved; the table shows each row's median, then Rust's
# calls/s over each peer's paired by round, and their median). About three minutes on 2 cores
# once built. --no-build runs the binaries already in the target dir. --c1-cpus 0 pins both
# processes of each concurrency-1 run to CPU 0 (BENCHMARKS.md says why one may want that on a VM).
#
# Builds chat-emulator and the loadgen example in release, installs the peers (pinned to the
# versions scripts/emulator-official-clients.sh ran with) and matplotlib into benches/peers/.peers/
# (gitignored; reused), prints a markdown table, writes benches/peers/results/compare-<time>.json and
# benches/peers/compare.png. Needs cargo, python3 with pip, node with npm, and PyPI/npm access for the
# first install. CARGO_TARGET_DIR is honoured; PEERS_DIR moves benches/peers/.peers/.
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
bench="$repo/benches/peers"
peers=${PEERS_DIR:-$bench/.peers}
target=${CARGO_TARGET_DIR:-$repo/target}

PY_PEERS=(google-apps-chat==0.10.7 grpcio==1.85.1 grpcio-status==1.85.1 protobuf==7.36.2
  proto-plus==1.29.0 google-api-core==2.44.0 google-auth==2.62.2
  googleapis-common-protos==1.76.0 google-apps-card==0.7.1)
NODE_PEER=@google-apps/chat@0.22.0   # the newest release whose engines allow Node 20

build=1
args=()
for a in "$@"; do
  if [[ "$a" == --no-build ]]; then build=; else args+=("$a"); fi
done
if [[ -n "$build" ]]; then
  echo "== building chat-emulator and examples/loadgen.rs (release)"
  (cd "$repo" && cargo build --quiet --release --all-features --bin chat-emulator --example loadgen)
fi

echo "== peers in $peers"
mkdir -p "$peers"
if [[ ! -f "$peers/py/.installed" ]]; then
  python3 -m pip install --quiet --disable-pip-version-check --no-warn-conflicts --root-user-action=ignore \
    --target "$peers/py" "${PY_PEERS[@]}"
  touch "$peers/py/.installed"
fi
if [[ ! -f "$peers/node/.installed" ]]; then
  mkdir -p "$peers/node"
  npm install --prefix "$peers/node" --silent --no-audit --no-fund "$NODE_PEER"
  touch "$peers/node/.installed"
fi
if [[ ! -f "$peers/plot/.installed" && " $* " != *" --no-plot "* ]]; then
  python3 -m pip install --quiet --disable-pip-version-check --no-warn-conflicts --root-user-action=ignore \
    --target "$peers/plot" matplotlib
  touch "$peers/plot/.installed"
fi

echo "== running (load average now: $(cut -d' ' -f1-3 /proc/loadavg))"
exec python3 -s "$bench/compare.py" \
  --emulator "$target/release/chat-emulator" \
  --rust-loadgen "$target/release/examples/loadgen" \
  --peers "$peers" ${args[@]+"${args[@]}"}
