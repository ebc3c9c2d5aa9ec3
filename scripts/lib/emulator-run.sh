# shellcheck shell=bash
# What the scripts that run a client library against chat-emulator share (sourced by
# scripts/emulator-official-clients.sh and scripts/emulator-rest-clients.sh): a work folder
# removed on exit, the seed data every flow expects, starting the emulator on a free loopback
# port, and the check that no token reaches its log.
#
# Needs `$emulator` (the binary). Sets `$work`, `$pid` and `$addr`.

# Neither client may go looking for Google credentials or a metadata server.
export METADATA_SERVER_DETECTION=none GOOGLE_CLOUD_PROJECT=emulator
unset GOOGLE_APPLICATION_CREDENTIALS

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

# Starts the emulator with the seed on a free port (bind port 0, read it, release it) and
# waits for its "listening" line.
emulator_start() {
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  addr="127.0.0.1:$port"
  echo "== starting chat-emulator on $addr"
  "$emulator" --host 127.0.0.1 --port "$port" --seed-data "$work/seed.json" >"$work/emulator.log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do
    if grep -q "chat-emulator listening" "$work/emulator.log"; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then cat "$work/emulator.log"; echo "chat-emulator exited"; exit 1; fi
    sleep 0.1
  done
  cat "$work/emulator.log"; echo "chat-emulator did not start"; exit 1
}

# Prints the emulator's log and fails (returns 1) if a token appears in it.
emulator_log_is_clean() {
  echo "== emulator log (one line per call; tokens are never logged)"
  sed 's/\x1b\[[0-9;]*m//g' "$work/emulator.log"
  if grep -q "Bearer\|user:alice" "$work/emulator.log"; then
    echo "FAILED: a token appears in the emulator log"
    return 1
  fi
}
