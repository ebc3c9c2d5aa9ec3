#!/usr/bin/env bash
# Re-creates proto/ from the pinned registry packages, so a refresh is one command and a diff.
#
#   scripts/vendor-protos.sh            # rewrite proto/ in place
#   git diff --stat proto/              # review what Google changed
#
# Needs npm and pip (a developer machine); the build itself never runs this.
set -euo pipefail

CHAT_NPM_VERSION=0.32.0             # npm @google-apps/chat
COMMON_PROTOS_VERSION=1.76.0        # PyPI googleapis-common-protos
API_CLIENT_VERSION=2.202.0          # PyPI google-api-python-client (the discovery document)
ROOT_PROTO=google/chat/v1/chat_service.proto

repo=$(cd "$(dirname "$0")/.." && pwd)
dest="$repo/proto"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "fetching @google-apps/chat@$CHAT_NPM_VERSION and googleapis-common-protos==$COMMON_PROTOS_VERSION" >&2
(cd "$tmp" && npm pack --silent "@google-apps/chat@$CHAT_NPM_VERSION" >/dev/null)
tar -xzf "$tmp/google-apps-chat-$CHAT_NPM_VERSION.tgz" -C "$tmp"
pip download --quiet --no-deps --only-binary=:all: -d "$tmp" "googleapis-common-protos==$COMMON_PROTOS_VERSION"
mkdir -p "$tmp/common"
python3 -m zipfile -e "$tmp"/googleapis_common_protos-"$COMMON_PROTOS_VERSION"-*.whl "$tmp/common"
pip download --quiet --no-deps --only-binary=:all: -d "$tmp" "google-api-python-client==$API_CLIENT_VERSION"
mkdir -p "$tmp/apiclient"
python3 -m zipfile -e "$tmp"/google_api_python_client-"$API_CLIENT_VERSION"-*.whl "$tmp/apiclient"

npm_root="$tmp/package/build/protos"
pypi_root="$tmp/common"

# Where a path comes from: Google's chat and card protos from npm, google/{api,rpc,type} from PyPI.
# google/protobuf/* are the well-known types that protox bundles, so they are not vendored.
source_of() {
  case "$1" in
    google/chat/*|google/apps/*) echo npm ;;
    google/api/*|google/rpc/*|google/type/*) echo pypi ;;
    google/protobuf/*) echo builtin ;;
    *) echo "unexpected import: $1" >&2; exit 1 ;;
  esac
}

# Transitive closure of the root proto's imports.
declare -A seen=()
queue=("$ROOT_PROTO")
while ((${#queue[@]})); do
  path=${queue[0]}
  queue=("${queue[@]:1}")
  [[ -n ${seen[$path]:-} ]] && continue
  src=$(source_of "$path")
  seen[$path]=$src
  [[ $src == builtin ]] && continue
  if [[ $src == npm ]]; then file="$npm_root/$path"; else file="$pypi_root/$path"; fi
  [[ -f $file ]] || { echo "missing in package: $path" >&2; exit 1; }
  while read -r dep; do
    queue+=("$dep")
  done < <(sed -n 's/^import\( public\)\? "\([^"]*\)";.*/\2/p' "$file")
done

rm -rf "$dest"
mkdir -p "$dest"
manifest=""
for path in $(printf '%s\n' "${!seen[@]}" | sort); do
  src=${seen[$path]}
  case "$src" in
    npm)  cp_from="$npm_root/$path"; origin="npm \`@google-apps/chat@$CHAT_NPM_VERSION\` \`package/build/protos/$path\`" ;;
    pypi) cp_from="$pypi_root/$path"; origin="PyPI \`googleapis-common-protos==$COMMON_PROTOS_VERSION\` wheel \`$path\`" ;;
    builtin) continue ;;
  esac
  mkdir -p "$dest/$(dirname "$path")"
  cp "$cp_from" "$dest/$path"
  manifest+="| \`$path\` | $origin | \`$(sha256sum "$dest/$path" | cut -c1-16)\` |"$'\n'
done

# Google's retry settings per method (the service config every official client is generated
# from): which status codes each method retries. build/rpcs.rs reads it into the RPC table.
config_path="service_config/chat_service_client_config.json"
mkdir -p "$dest/service_config"
cp "$tmp/package/build/src/v1/chat_service_client_config.json" "$dest/$config_path"
manifest+="| \`$config_path\` | npm \`@google-apps/chat@$CHAT_NPM_VERSION\` \`package/build/src/v1/chat_service_client_config.json\` | \`$(sha256sum "$dest/$config_path" | cut -c1-16)\` |"$'\n'

# The Chat API's discovery document, as Google's REST clients ship it: each method's OAuth
# scopes (which the protos do not list per method) and the media upload protocols.
# build/discovery.rs reads it into the RPC table.
discovery_path="discovery/chat.v1.json"
discovery_from="googleapiclient/discovery_cache/documents/chat.v1.json"
mkdir -p "$dest/discovery"
cp "$tmp/apiclient/$discovery_from" "$dest/$discovery_path"
manifest+="| \`$discovery_path\` | PyPI \`google-api-python-client==$API_CLIENT_VERSION\` wheel \`$discovery_from\` | \`$(sha256sum "$dest/$discovery_path" | cut -c1-16)\` |"$'\n'

# Both packages are Apache-2.0 (the npm package says so in package.json and in every proto's
# header but ships no LICENSE file), so the full text comes from the wheel.
cp "$pypi_root"/googleapis_common_protos-"$COMMON_PROTOS_VERSION".dist-info/licenses/LICENSE "$dest/LICENSE"

cat > "$dest/README.md" <<README
# Vendored Google protos

Google's own \`.proto\` files, copied **unchanged** from two registry packages, so that the field
numbers and names compiled into this crate are exactly the ones \`chat.googleapis.com\` speaks.
They are licensed under the Apache License 2.0 (see \`LICENSE\` in this folder); the rest of the
crate is \`MIT OR Apache-2.0\`.

- npm [\`@google-apps/chat@$CHAT_NPM_VERSION\`](https://www.npmjs.com/package/@google-apps/chat):
  \`google/chat/v1/*.proto\` and \`google/apps/card/v1/card.proto\`.
- PyPI [\`googleapis-common-protos==$COMMON_PROTOS_VERSION\`](https://pypi.org/project/googleapis-common-protos/):
  the \`google/api\`, \`google/rpc\` and \`google/type\` files those import.
- \`google/protobuf/*\` (the well-known types) are not vendored: \`protox\` bundles them.
- \`service_config/chat_service_client_config.json\`, from the same npm package: Google's
  per-method retry settings (which codes each method retries), read by \`build/rpcs.rs\`.
- \`discovery/chat.v1.json\`, from PyPI [\`google-api-python-client==$API_CLIENT_VERSION\`](https://pypi.org/project/google-api-python-client/)
  (Apache-2.0): the Chat API's discovery document, for each method's OAuth scopes and the media
  upload protocols, read by \`build/discovery.rs\`.

Only the transitive import closure of \`$ROOT_PROTO\` is kept.

## Refresh

\`\`\`sh
scripts/vendor-protos.sh   # needs npm and pip; rewrites this folder
git diff proto/            # review, then bump the versions in the script and this README
\`\`\`

Never edit these files by hand: change the pinned versions in \`scripts/vendor-protos.sh\` instead.

## Files

| file | from | sha256 (first 16) |
| --- | --- | --- |
$manifest
README
echo "wrote $(printf '%s\n' "${!seen[@]}" | grep -vc '^google/protobuf/') protos to $dest" >&2
