#!/bin/sh
# `robotrader run` and its dashboard flags, from the outside:
#   - binding beyond loopback without a token is refused before anything starts (exit 2, no database);
#   - --no-http runs without a dashboard (no "dashboard:" line);
#   - --http 127.0.0.1:0 prints the address actually bound.
# usage: run_http_flags.sh <robotrader>
set -u
bin=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

out=$("$bin" run --sim --symbols AAPL --http 0.0.0.0:0 --db "$work/refused.db" 2>&1)
code=$?
echo "$out"
[ "$code" -eq 2 ] || fail "exit code $code, expected 2"
echo "$out" | grep -q "refusing to serve on 0.0.0.0:0 without a token" || fail "no refusal message"
[ ! -e "$work/refused.db" ] || fail "the database was created before the refusal"

out=$("$bin" run --sim --once --symbols AAPL --no-http --db "$work/once.db" 2>&1)
code=$?
[ "$code" -eq 0 ] || { echo "$out"; fail "--no-http --once: exit code $code"; }
echo "$out" | grep -q "^dashboard:" && fail "--no-http still served a dashboard"

out=$("$bin" run --sim --once --symbols AAPL --http 127.0.0.1:0 --db "$work/once.db" 2>&1)
code=$?
[ "$code" -eq 0 ] || { echo "$out"; fail "--http 127.0.0.1:0 --once: exit code $code"; }
echo "$out" | grep -Eq "^dashboard: http://127\.0\.0\.1:[1-9][0-9]*/$" || { echo "$out"; fail "no dashboard address line"; }
echo "ok"
