#!/usr/bin/env bash
# Manual check (not CI): ccxt.pro against the fake server. Needs node + npm; installs ccxt under /tmp.
# Usage: tests/clients/ccxt-pro-check.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
work="${WSAPI_CHECK_DIR:-/tmp/wsapi-clients}"
mkdir -p "$work"
[ -d "$work/node_modules/ccxt" ] || (cd "$work" && npm init -y >/dev/null && npm install ccxt >/dev/null)
cp "$here/ccxt-pro-check.mjs" "$work/"
key="client-check-key"; secret="client-check-secret"
fifo="$work/host.stdin"; rm -f "$fifo"; mkfifo "$fifo"
(cd "$repo" && dotnet run tests/clients/fake-server-host.cs -- "$key" --hmac "$secret" <"$fifo" >"$work/host.out" 2>&1) &
host=$!
exec 3>"$fifo"
for _ in $(seq 1 300); do grep -q READY "$work/host.out" 2>/dev/null && break; sleep 1; done
rest="$(grep '^REST ' "$work/host.out" | sed 's#^REST ##; s#/$##')"
ws="$(echo "$rest" | sed 's#^http://#ws://#')"
status=0
(cd "$work" && node ccxt-pro-check.mjs "$rest" "$ws" "$key" "$secret") || status=$?
exec 3>&-
wait "$host" || true
exit $status
