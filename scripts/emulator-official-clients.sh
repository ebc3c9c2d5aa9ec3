#!/usr/bin/env bash
# Google's official Chat clients against the chat-emulator: builds and starts the emulator on a
# free loopback port, installs PyPI `google-apps-chat` (in a venv) and npm `@google-apps/chat`
# into a folder under /tmp, and runs the same flow with each over an insecure channel
# (scripts/official-clients/flow.py and flow.js): SetUpSpace with a member, CreateMessage,
# ListMessages, CreateReaction, UpdateSpace (space_details), UpdateMessage, DeleteMessage, and
# one call with a bad token (UNAUTHENTICATED). Every call sends
# `authorization: Bearer user:alice@example.com`. Prints each step; exits non-zero on any failure.
#
# Needs cargo, python3 (with venv) and npm, and access to PyPI and the npm registry. CI does not
# run it.
#
# Environment:
#   CLIENTS_DIR   where the clients are installed (default /tmp/chat-official-clients; reused)
#   CARGO_TARGET_DIR  as usual (default: the repository's target/)
#   ONLY          `python` or `node` to run one flow
#   NODE_CHAT     what to `npm install` (default @google-apps/chat: on Node 20 npm picks the newest
#                 release whose `engines` allow it; @google-apps/chat@0.32.0 wants Node 22 but works)
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
here="$repo/scripts/official-clients"
clients=${CLIENTS_DIR:-/tmp/chat-official-clients}
target=${CARGO_TARGET_DIR:-$repo/target}
only=${ONLY:-}

echo "== building chat-emulator"
(cd "$repo" && cargo build --quiet --release --features emulator --bin chat-emulator)
emulator="$target/release/chat-emulator"

# shellcheck source=scripts/lib/emulator-run.sh
source "$repo/scripts/lib/emulator-run.sh"

echo "== installing the official clients into $clients"
mkdir -p "$clients"
if [[ "$only" != node ]]; then
  [[ -x "$clients/py/bin/python" ]] || python3 -m venv "$clients/py"
  "$clients/py/bin/pip" install --quiet --disable-pip-version-check google-apps-chat
  echo "   python: google-apps-chat $("$clients/py/bin/pip" show google-apps-chat | sed -n 's/^Version: //p')," \
    "grpcio $("$clients/py/bin/pip" show grpcio | sed -n 's/^Version: //p')"
fi
if [[ "$only" != python ]]; then
  mkdir -p "$clients/node"
  [[ -f "$clients/node/package.json" ]] || (cd "$clients/node" && npm init -y >/dev/null)
  (cd "$clients/node" && npm install --silent --no-audit --no-fund "${NODE_CHAT:-@google-apps/chat}")
  echo "   node $(node --version): @google-apps/chat" \
    "$(node -p "require('$clients/node/node_modules/@google-apps/chat/package.json').version")," \
    "google-gax $(node -p "require('$clients/node/node_modules/google-gax/package.json').version")"
fi

emulator_start

status=0
ran=()
if [[ "$only" != node ]]; then
  echo "== Python: google-apps-chat"
  "$clients/py/bin/python" "$here/flow.py" "$addr" || status=1
  ran+=(Python)
fi
if [[ "$only" != python ]]; then
  echo "== Node: @google-apps/chat"
  (cd "$clients/node" && node "$here/flow.js" "$addr") || status=1
  ran+=(Node)
fi

emulator_log_is_clean || status=1

if [[ $status -eq 0 ]]; then
  echo "== passed: the official $(IFS=/; echo "${ran[*]}") client(s) ran the flow against the emulator"
else
  echo "== FAILED (see above)"
fi
exit $status
