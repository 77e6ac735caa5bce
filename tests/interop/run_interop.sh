#!/usr/bin/env bash
# Interop driver: starts the gateway emulator on an ephemeral port, runs the @stoqey/ib check
# against it, then stops the emulator with SIGTERM and requires a clean exit.
#
#   run_interop.sh <robotrader-binary> <server-version> [scenario] [extra emulator flags...]
#
# The "legacy" scenario runs the npm package `ib` (pre-v100 handshake) instead of @stoqey/ib.
#
# scenario: "session" (default), "client-id-in-use" or "stalled-handshake" (the emulator plays
# client-id-in-use or no-version-reply), "orders" (the emulator's market starts in trading hours) or
# "wide" (trading hours and an AAPL position: the wider TWS API).
set -euo pipefail

bin=${1:?usage: run_interop.sh <robotrader-binary> <server-version> [scenario] [flags...]}
sv=${2:?server version required}
scenario=${3:-session}
shift $(( $# >= 3 ? 3 : $# ))
here=$(cd "$(dirname "$0")" && pwd)
deadline_s=${RT_INTEROP_DEADLINE_S:-10}

if [[ ! -d "$here/node_modules/@stoqey/ib" || ! -d "$here/node_modules/ib" ]]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
fi

emulator_args=(--log-level warn gateway --port 0 --server-version "$sv")
case "$scenario" in
  session) emulator_args+=(--position AAPL:100:150.25:151 --position MSFT:-10:400:410) ;;
  client-id-in-use) emulator_args+=(--fault client-id-in-use) ;;
  stalled-handshake) emulator_args+=(--fault no-version-reply) ;;
  market) emulator_args+=(--start "2025-01-15 10:00" --speed 60 --seed 7) ;;
  orders) emulator_args+=(--start "2025-01-15 10:00") ;;
  wide) emulator_args+=(--start "2025-01-15 10:00" --position AAPL:100:150.25:151) ;;
  legacy) ;;
  *) echo "unknown scenario $scenario" >&2; exit 2 ;;
esac
emulator_args+=("$@")

coproc EMULATOR { exec "$bin" "${emulator_args[@]}"; }
emulator_pid=$EMULATOR_PID
emulator_out=${EMULATOR[0]}
cleanup() {
  if kill -0 "$emulator_pid" 2>/dev/null; then kill -KILL "$emulator_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT

# The emulator prints "listening on <address>:<port>" once it accepts connections.
line=""
if ! read -r -t "$deadline_s" -u "$emulator_out" line; then
  echo "FAIL: the emulator did not report its port within ${deadline_s}s" >&2
  exit 1
fi
if [[ ! "$line" =~ ^listening\ on\ .*:([0-9]+)$ ]]; then
  echo "FAIL: unexpected first line from the emulator: '$line'" >&2
  exit 1
fi
port=${BASH_REMATCH[1]}
echo "emulator pid $emulator_pid: $line (server version $sv, scenario $scenario)"

status=0
if [[ "$scenario" == legacy ]]; then
  node "$here/ib_legacy_check.mjs" --port "$port" --deadline-ms $(( deadline_s * 1000 / 2 )) || status=$?
else
  node "$here/stoqey_check.mjs" --port "$port" --expect-version "$sv" --scenario "$scenario" \
    --deadline-ms $(( deadline_s * 1000 / 2 )) || status=$?
fi

# Stop the emulator and require a clean exit; a watchdog kills it if it hangs past the deadline.
kill -TERM "$emulator_pid"
( sleep "$deadline_s"; kill -KILL "$emulator_pid" 2>/dev/null ) >/dev/null 2>&1 &
watchdog_pid=$!
emulator_status=0
wait "$emulator_pid" || emulator_status=$?
pkill -P "$watchdog_pid" sleep 2>/dev/null || true
kill "$watchdog_pid" 2>/dev/null || true
if [[ $emulator_status -ne 0 ]]; then
  echo "FAIL: the emulator exited with status $emulator_status after SIGTERM (137 = killed by the watchdog)" >&2
  exit 1
fi
exit "$status"
