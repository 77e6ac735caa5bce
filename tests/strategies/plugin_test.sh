#!/usr/bin/env bash
# The example C++ plugin against the built-in it mirrors, and the errors of bad plugins.
# $1 robotrader, $2 the example plugin, $3 the wrong-version plugin, $4 data/orcl-1995-2014.txt,
# $5 a scratch directory.
set -euo pipefail
bin=$1 plugin=$2 wrong=$3 data=$4 dir=$5
rm -rf "$dir"; mkdir -p "$dir"
fail() { echo "FAIL: $*"; exit 1; }

"$bin" backtest --data "$data" --strategy sma_cross --param fast=10 --param slow=20 --sizing shares:100 \
  --risk max_position_pct=100 --risk max_order_notional=1000000 --out "$dir/builtin" >"$dir/builtin.txt"
"$bin" backtest --data "$data" --strategy "$plugin:SmaCross" --sizing shares:100 \
  --risk max_position_pct=100 --risk max_order_notional=1000000 --out "$dir/plugin" >"$dir/plugin.txt"
trades=$(($(wc -l <"$dir/builtin/trades.csv") - 1))
((trades > 50)) || fail "the built-in made only $trades trades"
# The same trades, every column: times, quantities, prices, commissions, P&L, how each ended.
cmp -s "$dir/builtin/trades.csv" "$dir/plugin/trades.csv" ||
  { diff "$dir/builtin/trades.csv" "$dir/plugin/trades.csv" | head; fail "the plugin's trades differ from the built-in's"; }
grep -q "final equity" "$dir/plugin.txt" || fail "no summary from the plugin run"
[[ $(grep "final equity" "$dir/builtin.txt") == $(grep "final equity" "$dir/plugin.txt") ]] || fail "final equity differs"

expect_error() {  # expected message, then the arguments
  local want=$1; shift
  set +e; out=$("$bin" backtest --data "$data" "$@" 2>&1); rc=$?; set -e
  ((rc != 0)) || fail "exit 0 for $*"
  grep -qF -- "$want" <<<"$out" || fail "for $*: wanted '$want', got: $out"
}
expect_error "was built against strategy API version 2; this robotrader speaks version 1" --strategy "$wrong:X"
expect_error "has no strategy 'Nope'" --strategy "$plugin:Nope"
expect_error "no such file" --strategy "$dir/missing.so:SmaCross"
expect_error "SmaCross: unknown parameter 'fats' (known: fast, shares, slow)" --strategy "$plugin:SmaCross" --param fats=5
expect_error "SmaCross: parameter fast = 'ten' is not an integer" --strategy "$plugin:SmaCross" --param fast=ten
echo "ok: $trades trades equal, bad plugins refused"
