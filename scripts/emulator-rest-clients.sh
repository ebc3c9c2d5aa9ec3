#!/usr/bin/env bash
# Google's REST clients for Chat against the chat-emulator's REST/JSON side (same port as gRPC):
# builds and starts the emulator on a free loopback port, installs PyPI `google-api-python-client`
# (in a venv) and npm `@googleapis/chat` into a folder under /tmp, and runs the same flow with
# each (scripts/rest-clients/flow.py and flow.js): the seed guides' calls (spaces.setup,
# spaces.patch with updateMask='spaceDetails', spaces.members.delete, including
# spaces/SPACE/members/app as the app), messages with paging, reactions, space events, and
# Google-style errors. Only the endpoint and the credentials differ from calling Google: the
# clients send `Authorization: Bearer user:alice@example.com` (or `Bearer app`). Media upload and
# download are not in this flow (they belong to the media issue).
#
# Needs cargo, python3 (with venv) and npm, and access to PyPI and the npm registry. CI does not
# run it.
#
# Environment:
#   CLIENTS_DIR     where the clients are installed (default /tmp/chat-rest-clients; reused)
#   CARGO_TARGET_DIR  as usual (default: the repository's target/)
#   CARGO_FLAGS     how to build the emulator (default `--release --features emulator`)
#   ONLY            `python` or `node` to run one flow
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
here="$repo/scripts/rest-clients"
clients=${CLIENTS_DIR:-/tmp/chat-rest-clients}
target=${CARGO_TARGET_DIR:-$repo/target}
only=${ONLY:-}
flags=${CARGO_FLAGS:---release --features emulator}

echo "== building chat-emulator ($flags)"
# shellcheck disable=SC2086
(cd "$repo" && cargo build --quiet $flags --bin chat-emulator)
case " $flags " in *" --release "*) emulator="$target/release/chat-emulator" ;; *) emulator="$target/debug/chat-emulator" ;; esac

# shellcheck source=scripts/lib/emulator-run.sh
source "$repo/scripts/lib/emulator-run.sh"

echo "== installing the REST clients into $clients"
mkdir -p "$clients"
if [[ "$only" != node ]]; then
  [[ -x "$clients/py/bin/python" ]] || python3 -m venv "$clients/py"
  "$clients/py/bin/pip" install --quiet --disable-pip-version-check google-api-python-client
  echo "   python: google-api-python-client $("$clients/py/bin/pip" show google-api-python-client | sed -n 's/^Version: //p')"
fi
if [[ "$only" != python ]]; then
  mkdir -p "$clients/node"
  [[ -f "$clients/node/package.json" ]] || (cd "$clients/node" && npm init -y >/dev/null)
  (cd "$clients/node" && npm install --silent --no-audit --no-fund @googleapis/chat)
  echo "   node $(node --version): @googleapis/chat" \
    "$(node -p "require('$clients/node/node_modules/@googleapis/chat/package.json').version")"
fi

emulator_start

status=0
ran=()
if [[ "$only" != node ]]; then
  echo "== Python: google-api-python-client"
  "$clients/py/bin/python" "$here/flow.py" "$addr" || status=1
  ran+=(Python)
fi
if [[ "$only" != python ]]; then
  echo "== Node: @googleapis/chat"
  (cd "$clients/node" && NODE_PATH="$clients/node/node_modules" node "$here/flow.js" "$addr") || status=1
  ran+=(Node)
fi

emulator_log_is_clean || status=1

if [[ $status -eq 0 ]]; then
  echo "== passed: the $(IFS=/; echo "${ran[*]}") REST client(s) ran the flow against the emulator"
else
  echo "== FAILED (see above)"
fi
exit $status
