#!/usr/bin/env bash
# Sweeps and walk-forward of a Python strategy in worker processes: the same outputs, byte for
# byte, as the same runs in one process, the same ranking as the built-in sma_cross on the same
# grid, and a strategy that raises or a worker that dies reported with its parameters and exit 1.
# $1 robotrader, $2 examples/strategies/sma_cross.py, $3 data/orcl-1995-2014.txt, $4 a scratch dir.
set -euo pipefail
bin=$1 example=$2 data=$3 dir=$4
rm -rf "$dir"; mkdir -p "$dir"
fail() { echo "FAIL: $*"; exit 1; }
limits=(--sizing shares:100 --risk max_position_pct=100 --risk max_order_notional=1000000)
grid=(--grid fast=5:15:5 --grid slow=20:40:10)

# The sweep: Python in 2 workers, Python in this process, and the built-in.
"$bin" backtest --data "$data" --strategy "$example:SmaCross" "${limits[@]}" "${grid[@]}" --threads 2 \
  --out "$dir/workers" >"$dir/workers.txt" 2>"$dir/workers.err" || fail "the sweep in workers failed: $(tail -3 "$dir/workers.err")"
"$bin" backtest --data "$data" --strategy "$example:SmaCross" "${limits[@]}" "${grid[@]}" --threads 1 \
  --out "$dir/serial" >"$dir/serial.txt" 2>"$dir/serial.err" || fail "the sweep in one process failed"
"$bin" backtest --data "$data" --strategy sma_cross "${limits[@]}" "${grid[@]}" --out "$dir/builtin" \
  >"$dir/builtin.txt" 2>&1 || fail "the built-in sweep failed"
grep -q "take turns" "$dir/workers.err" && fail "the workers did not start: $(cat "$dir/workers.err")"
rows=$(($(wc -l <"$dir/workers/sweep.csv") - 1))
((rows == 9)) || fail "expected 9 runs in sweep.csv, got $rows"
cmp "$dir/workers/sweep.csv" "$dir/serial/sweep.csv" || fail "workers and one process rank differently"
cmp "$dir/workers/sweep.csv" "$dir/builtin/sweep.csv" ||
  { diff "$dir/workers/sweep.csv" "$dir/builtin/sweep.csv" | head; fail "the Python sweep ranks unlike the built-in's"; }
# The printed ranking too (the last line has the wall time).
diff <(head -n -3 "$dir/workers.txt") <(head -n -3 "$dir/serial.txt") >/dev/null || fail "the tables differ"

# Walk-forward: every output file the same.
wf=(--train 1000 --test 500)
"$bin" backtest --data "$data" --strategy "$example:SmaCross" "${limits[@]}" "${grid[@]}" "${wf[@]}" --threads 2 \
  --out "$dir/wf-workers" >"$dir/wf-workers.txt" 2>&1 || fail "walk-forward in workers failed: $(tail -3 "$dir/wf-workers.txt")"
"$bin" backtest --data "$data" --strategy "$example:SmaCross" "${limits[@]}" "${grid[@]}" "${wf[@]}" --threads 1 \
  --out "$dir/wf-serial" >"$dir/wf-serial.txt" 2>&1 || fail "walk-forward in one process failed"
for f in trades.csv equity.csv metrics.json chart.html; do
  cmp "$dir/wf-workers/$f" "$dir/wf-serial/$f" || fail "walk-forward $f differs between workers and one process"
done
diff <(head -n -1 "$dir/wf-workers.txt") <(head -n -1 "$dir/wf-serial.txt") >/dev/null || fail "the walk-forward tables differ"
trades=$(($(wc -l <"$dir/wf-workers/trades.csv") - 1))
((trades > 20)) || fail "walk-forward made only $trades trades"

# A strategy that raises for one point, and one whose worker dies: both reported, the rest ranked.
cat >"$dir/bad.py" <<'EOF'
import os
import robotrader as rt

class Bad(rt.Strategy):
    params = {"n": 1}

    def on_start(self, ctx):
        print("started n=%d" % self.params["n"])

    def on_bar(self, ctx, bar):
        if self.params["n"] == 2:
            raise ValueError("n=2 is cursed")
        if self.params["n"] == 3:
            os._exit(9)
EOF
for threads in 2 1; do
  [[ $threads == 1 ]] && g=(--grid n=1,2) || g=(--grid n=1,2,3,4)
  set +e
  "$bin" backtest --data "$data" --strategy "$dir/bad.py:Bad" "${g[@]}" --threads $threads --out "$dir/bad$threads" \
    >"$dir/bad$threads.txt" 2>"$dir/bad$threads.err"
  rc=$?
  set -e
  ((rc == 1)) || fail "threads $threads: exit $rc for a sweep whose strategy raised (want 1)"
  grep -q "the run with n=2 failed: strategy raised: ORCL: on_bar raised: ValueError: n=2 is cursed" "$dir/bad$threads.err" ||
    fail "threads $threads: the raised run is not reported: $(cat "$dir/bad$threads.err")"
  grep -q "Traceback" "$dir/bad$threads.err" || fail "threads $threads: no traceback"
  grep -q '"n=1",1,' "$dir/bad$threads/sweep.csv" || fail "threads $threads: the good run is not in sweep.csv"
  grep -q '"n=2",0,"strategy raised' "$dir/bad$threads/sweep.csv" || fail "threads $threads: sweep.csv lacks the raised run"
done
grep -Eq "the run with n=3 failed: worker process [0-9]+ exited with status 9" "$dir/bad2.err" ||
  fail "the dead worker is not reported: $(cat "$dir/bad2.err")"
grep -q '"n=4",1,' "$dir/bad2/sweep.csv" || fail "the run after the dead worker did not run"
# What print() wrote in a worker reaches standard output, once.
(($(grep -c "started n=1" "$dir/bad2.txt") == 1 && $(grep -c "started n=4" "$dir/bad2.txt") == 1)) ||
  fail "print() output of the workers is lost or doubled: $(grep started "$dir/bad2.txt")"
grep -q "4 runs (0 rejected by the strategy's parameter rules, 2 failed)" "$dir/bad2.txt" || fail "summary: $(tail -2 "$dir/bad2.txt")"
# A file that starts a thread at import: no fork from a threaded process; the runs take turns here.
cat >"$dir/threaded.py" <<'EOF'
import threading
import robotrader as rt

_stop = threading.Event()
threading.Thread(target=_stop.wait, daemon=True).start()

class Quiet(rt.Strategy):
    params = {"n": 1}

    def on_bar(self, ctx, bar):
        pass
EOF
"$bin" backtest --data "$data" --strategy "$dir/threaded.py:Quiet" --grid n=1,2,3 --threads 2 >"$dir/threaded.txt" \
  2>"$dir/threaded.err" || fail "the threaded file's sweep failed: $(tail -3 "$dir/threaded.err")"
grep -q "note: the runs take turns in this process: .*runs 2 threads" "$dir/threaded.err" ||
  fail "no note about the fallback: $(cat "$dir/threaded.err")"
grep -q "3 runs (0 rejected" "$dir/threaded.txt" || fail "the fallback did not run the grid"
echo "ok: the Python sweep in workers equals one process and the built-in; failures reported with exit 1"
