#!/usr/bin/env bash
# The connection demo: start the emulator on an ephemeral loopback port, run `robotrader check`
# and `robotrader account` against it, stop it.
set -euo pipefail
bin=${1:-build/release/src/apps/robotrader}
log=$(mktemp -d)/gateway.log
"$bin" gateway --port 0 --position AAPL:100:150.25 --position MSFT:50:410.10 >"$log" 2>&1 &
gw=$!
trap 'kill $gw 2>/dev/null || true; wait $gw 2>/dev/null || true' EXIT
port=""
for _ in $(seq 1 100); do
  port=$(sed -n 's/.*listening on [0-9.]*:\([0-9]*\).*/\1/p' "$log" | head -n1)
  [[ -n "$port" ]] && break
  kill -0 $gw 2>/dev/null || { cat "$log"; exit 1; }
  sleep 0.1
done
[[ -n "$port" ]] || { echo "the emulator did not start"; cat "$log"; exit 1; }
echo "== robotrader gateway is listening on 127.0.0.1:$port"
echo
echo "== robotrader check --port $port"
"$bin" check --port "$port"
echo
echo "== robotrader account --port $port"
"$bin" account --port "$port"
