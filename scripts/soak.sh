#!/usr/bin/env bash
# The soak of issue 6: 200,000 mixed calls at concurrency 256 against the chat-emulator
# binary, in release mode, checking that the client's RSS stays within 10% after warm-up.
# Usage: scripts/soak.sh   (extra arguments go to the test harness)
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo test --release --all-features --test reliability -- soak:: --ignored --nocapture "$@"
