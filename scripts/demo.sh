#!/usr/bin/env bash
# The demo: one simulated trading day in about a minute.
#   1. the emulator on an ephemeral loopback port: `robotrader check` and `robotrader account`;
#   2. `robotrader run --sim --until-close`: the emulator inside the trader's process, its market clock
#      from the last session's open at ~400x, five symbols traded through risk, the OMS and stops;
#      progress and one summary line per bar on screen, the run's summary at the end; the dashboard
#      on a free loopback port (the "dashboard:" line names it; DEMO_HTTP=127.0.0.1:8080 fixes it);
#   3. `robotrader report` on the database the run left behind.
set -euo pipefail
bin=${1:-build/release/src/apps/robotrader}
speed=${DEMO_SPEED:-400}
symbols=${DEMO_SYMBOLS:-AAPL,MSFT,NVDA,AMZN,GOOGL}
http=${DEMO_HTTP:-127.0.0.1:0}
work=$(mktemp -d)
db=${DEMO_DB:-$work/demo.db}
log=$work/gateway.log

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
kill $gw 2>/dev/null || true
wait $gw 2>/dev/null || true
trap - EXIT

echo
echo "== robotrader run --sim --symbols $symbols --speed $speed --until-close --db $db --http $http"
# A bounded run: the trader stops by itself at the simulated close; the timeout only guards the demo.
timeout --signal=TERM 300 "$bin" run --sim --symbols "$symbols" --speed "$speed" --until-close --db "$db" \
  --http "$http" --param fast=5 --param slow=20
echo
echo "== robotrader report --db $db"
"$bin" report --db "$db"
echo
echo "== robotrader kill-switch status --db $db"
"$bin" kill-switch status --db "$db"
