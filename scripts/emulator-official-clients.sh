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
# Neither client may go looking for Google credentials or a metadata server.
export METADATA_SERVER_DETECTION=none GOOGLE_CLOUD_PROJECT=emulator
unset GOOGLE_APPLICATION_CREDENTIALS

echo "== building chat-emulator"
(cd "$repo" && cargo build --quiet --release --features emulator --bin chat-emulator)
emulator="$target/release/chat-emulator"

work=$(mktemp -d /tmp/chat-emulator-run.XXXXXX)
pid=
cleanup() {
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill -INT "$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

cat >"$work/seed.json" <<'JSON'
{
  "users": [
    {"email": "alice@example.com", "id": "111", "display_name": "Alice"},
    {"email": "bob@example.com", "id": "222", "display_name": "Bob"},
    {"email": "carol@example.com", "id": "333", "display_name": "Carol"}
  ],
  "spaces": [{
    "display_name": "Seeded team",
    "members": [{"user": "users/alice@example.com", "role": "ROLE_MANAGER"},
                {"user": "users/carol@example.com"}],
    "messages": [{"sender": "users/carol@example.com", "text": "Welcome"}]
  }]
}
JSON

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

# A free port: bind port 0, read it, release it. (The emulator also logs the address it got.)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
addr="127.0.0.1:$port"
echo "== starting chat-emulator on $addr"
"$emulator" --host 127.0.0.1 --port "$port" --seed-data "$work/seed.json" >"$work/emulator.log" 2>&1 &
pid=$!
for _ in $(seq 100); do
  if grep -q "chat-emulator listening" "$work/emulator.log"; then break; fi
  if ! kill -0 "$pid" 2>/dev/null; then cat "$work/emulator.log"; echo "chat-emulator exited"; exit 1; fi
  sleep 0.1
done
grep -q "chat-emulator listening" "$work/emulator.log" || { cat "$work/emulator.log"; echo "chat-emulator did not start"; exit 1; }

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

echo "== emulator log (one line per call; tokens are never logged)"
sed 's/\x1b\[[0-9;]*m//g' "$work/emulator.log"
if grep -q "Bearer\|user:alice" "$work/emulator.log"; then
  echo "FAILED: a token appears in the emulator log"; status=1
fi

if [[ $status -eq 0 ]]; then
  echo "== passed: the official $(IFS=/; echo "${ran[*]}") client(s) ran the flow against the emulator"
else
  echo "== FAILED (see above)"
fi
exit $status
