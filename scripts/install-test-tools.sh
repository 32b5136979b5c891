#!/usr/bin/env bash
# Installs what the test suite needs beyond npm, once, from Debian's packages: haproxy (the load
# balancer of the rolling-restart tests), chromium (browser tests through playwright-core) and
# promtool (package prometheus: metrics exposition and alert rules). Called by `npm test` and by
# .ci/run; does nothing when everything is already there.
set -euo pipefail

missing=()
command -v haproxy >/dev/null 2>&1 || missing+=(haproxy)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v promtool >/dev/null 2>&1 || missing+=(prometheus)

if [ ${#missing[@]} -gt 0 ]; then
  echo "test tools: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
