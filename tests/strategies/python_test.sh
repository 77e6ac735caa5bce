#!/usr/bin/env bash
# The Python SmaCross of examples/ against the built-in sma_cross, and the errors of bad Python
# strategies. $1 robotrader, $2 examples/strategies/sma_cross.py, $3 data/orcl-1995-2014.txt,
# $4 a scratch directory.
set -euo pipefail
bin=$1 example=$2 data=$3 dir=$4
rm -rf "$dir"; mkdir -p "$dir"
fail() { echo "FAIL: $*"; exit 1; }
limits=(--sizing shares:100 --risk max_position_pct=100 --risk max_order_notional=1000000)

"$bin" backtest --data "$data" --strategy sma_cross --param fast=10 --param slow=20 "${limits[@]}" \
  --out "$dir/builtin" >"$dir/builtin.txt"
"$bin" backtest --data "$data" --strategy "$example:SmaCross" "${limits[@]}" --out "$dir/python" >"$dir/python.txt"
trades=$(($(wc -l <"$dir/builtin/trades.csv") - 1))
((trades > 50)) || fail "the built-in made only $trades trades"
cmp -s "$dir/builtin/trades.csv" "$dir/python/trades.csv" ||
  { diff "$dir/builtin/trades.csv" "$dir/python/trades.csv" | head; fail "the Python strategy's trades differ"; }
# --param reaches self.params: fast=5 trades differently, as the built-in with fast=5 does.
"$bin" backtest --data "$data" --strategy sma_cross --param fast=5 --param slow=20 "${limits[@]}" --out "$dir/b5" >/dev/null
"$bin" backtest --data "$data" --strategy "$example:SmaCross" --param fast=5 "${limits[@]}" --out "$dir/p5" >/dev/null
cmp -s "$dir/b5/trades.csv" "$dir/p5/trades.csv" || fail "with fast=5 the trades differ"
cmp -s "$dir/b5/trades.csv" "$dir/builtin/trades.csv" && fail "fast=5 changed nothing"
# metrics.json names every parameter in force, defaults included, for both.
python3 -c 'import json,sys; a=json.load(open(sys.argv[1]))["params_in_force"]; b=json.load(open(sys.argv[2]))["params_in_force"]
assert a == {"fast": "5", "slow": "20"}, a
assert b == {"fast": "5", "shares": "100", "slow": "20"}, b' "$dir/b5/metrics.json" "$dir/p5/metrics.json" ||
  fail "params_in_force is not every parameter in force"

expect_error() {  # expected text, the file's contents, then more arguments
  local want=$1 body=$2; shift 2
  printf '%s\n' "$body" >"$dir/bad.py"
  set +e; out=$("$bin" backtest --data "$data" --strategy "$dir/bad.py:Bad" "$@" 2>&1); rc=$?; set -e
  ((rc != 0)) || fail "exit 0 for: $body"
  grep -qF -- "$want" <<<"$out" || fail "wanted '$want', got: $out"
}
ok_class=$'import robotrader as rt\nclass Bad(rt.Strategy):\n    params = {"n": 3}\n'
expect_error "bad.py:3: syntax error" $'import robotrader as rt\nclass Bad(rt.Strategy):\n    def on_bar(self, ctx, bar)\n        pass'
expect_error "has no class Bad" $'import robotrader as rt\nclass Good(rt.Strategy):\n    pass'
expect_error "Bad is not a class deriving from robotrader.Strategy" $'class Bad:\n    pass'
expect_error "Bad: unknown parameter 'm' (known: n)" "$ok_class" --param m=1
expect_error "Bad: parameter n = 'x' is not an integer" "$ok_class" --param n=x
set +e; out=$("$bin" backtest --data "$data" --strategy "$dir/none.py:Bad" 2>&1); set -e
grep -qF "no such file" <<<"$out" || fail "a missing file: $out"

# A strategy that raises: its traceback is logged, it stops, and the run still finishes its report.
printf '%s\n' 'import robotrader as rt' 'class Bad(rt.Strategy):' '    def on_bar(self, ctx, bar):' \
  '        if bar.close > 0:' '            raise ValueError("boom at " + bar.time.isoformat())' >"$dir/bad.py"
"$bin" backtest --data "$data" --strategy "$dir/bad.py:Bad" >"$dir/raised.txt" 2>&1 || fail "a raising strategy failed the run"
grep -q "STRATEGY FAILED Bad" "$dir/raised.txt" || fail "no failure line: $(head "$dir/raised.txt")"
grep -q "ValueError: boom at 1995-01-03T" "$dir/raised.txt" || fail "no traceback with a tz-aware time"
grep -q "final equity" "$dir/raised.txt" || fail "no report after the failure"
grep -q "strategy failed .*ORCL: on_bar raised" "$dir/raised.txt" || fail "the report does not say the strategy failed"
# The other examples trade ORCL, through the same limits, without a failure.
for spec in rsi_mean_reversion.py:RsiMeanReversion atr_breakout.py:AtrBreakout; do
  "$bin" backtest --data "$data" --strategy "$(dirname "$example")/$spec" "${limits[@]}" --out "$dir/${spec%%.*}" \
    >"$dir/${spec%%.*}.txt" 2>&1 || fail "$spec: the backtest failed: $(tail -3 "$dir/${spec%%.*}.txt")"
  grep -q "strategy failed" "$dir/${spec%%.*}.txt" && fail "$spec raised: $(grep -A3 'STRATEGY FAILED' "$dir/${spec%%.*}.txt")"
  n=$(($(wc -l <"$dir/${spec%%.*}/trades.csv") - 1))
  ((n >= 10)) || fail "$spec made only $n trades"
done
# In the trader: MSFT's strategy raises, so MSFT takes no entry; AAPL trades on; the summary says so.
printf '%s\n' 'import robotrader as rt' 'class Boom(rt.Strategy):' '    def on_bar(self, ctx, bar):' \
  '        if bar.symbol == "MSFT":' '            raise RuntimeError("boom")' \
  '        if ctx.position(bar.symbol) == 0:' '            ctx.buy(bar.symbol, 10)' >"$dir/boom.py"
timeout 120 "$bin" run --sim --symbols AAPL,MSFT --strategy "$dir/boom.py:Boom" --speed 2000 --until-close --no-http \
  --db "$dir/boom.db" >"$dir/boom.txt" 2>&1 || fail "run --sim with a raising strategy failed: $(tail -5 "$dir/boom.txt")"
grep -q "STRATEGY FAILED for MSFT: entries gated" "$dir/boom.txt" || fail "MSFT was not gated: $(tail -5 "$dir/boom.txt")"
grep -q "ORDER BUY 10 AAPL" "$dir/boom.txt" || fail "AAPL did not trade on"
grep -q "ORDER .* MSFT" "$dir/boom.txt" && fail "MSFT took an order after its strategy raised"
grep -q "strategy failed MSFT: on_bar raised: RuntimeError: boom" "$dir/boom.txt" || fail "the summary does not say it"
echo "ok: $trades trades equal to the built-in's, parameters and bad strategies as documented"
