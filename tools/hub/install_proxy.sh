#!/usr/bin/env bash
# Install configurable-http-proxy (JupyterHub's proxy, from the npm registry) into
# tools/hub/node_modules for `make hub-test`, at the version of package-lock.json.
# configurable-http-proxy 5 needs Node.js 20 or later; an older Node gets 4.6.3.
set -euo pipefail
cd "$(dirname "$0")"
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -ge 20 ]; then
  npm ci --silent --no-audit --no-fund
else
  echo "Node.js $node_major: installing configurable-http-proxy 4.6.3 (5.x needs Node.js 20)" >&2
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm init -y >/dev/null && npm install --silent --no-audit --no-fund configurable-http-proxy@4.6.3)
  rm -rf node_modules
  mv "$work/node_modules" node_modules
fi
test -x node_modules/.bin/configurable-http-proxy
echo "configurable-http-proxy $(node_modules/.bin/configurable-http-proxy --version) in tools/hub/node_modules"
