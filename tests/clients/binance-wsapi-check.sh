#!/usr/bin/env bash
# Manual check (not CI): real third-party WebSocket API client against the fake server.
# Needs node + npm; installs the `binance` npm package under /tmp. Usage: tests/clients/binance-wsapi-check.sh [hmac|ed25519]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
mode="${1:-ed25519}"
work="${WSAPI_CHECK_DIR:-/tmp/wsapi-clients}"
mkdir -p "$work"
[ -d "$work/node_modules/binance" ] || (cd "$work" && npm init -y >/dev/null && npm install binance >/dev/null)
cp "$here/binance-wsapi-check.mjs" "$work/"
key="client-check-key"
if [ "$mode" = hmac ]; then
  secret="client-check-secret"; server_key=(--hmac "$secret"); client_secret="$secret"
else
  openssl genpkey -algorithm ed25519 -out "$work/ed25519.pem" 2>/dev/null
  openssl pkey -in "$work/ed25519.pem" -pubout -out "$work/ed25519.pub.pem"
  server_key=(--public-key "$work/ed25519.pub.pem"); client_secret="$work/ed25519.pem"
fi
fifo="$work/host.stdin"; rm -f "$fifo"; mkfifo "$fifo"
(cd "$repo" && dotnet run tests/clients/fake-server-host.cs -- "$key" "${server_key[@]}" <"$fifo" >"$work/host.out" 2>&1) &
host=$!
exec 3>"$fifo"
for _ in $(seq 1 300); do grep -q READY "$work/host.out" 2>/dev/null && break; sleep 1; done
base="$(grep '^REST ' "$work/host.out" | sed 's#^REST http://#ws://#; s#/$##')"
status=0
(cd "$work" && node binance-wsapi-check.mjs "$base" "$key" "$client_secret") || status=$?
exec 3>&-
wait "$host" || true
exit $status
