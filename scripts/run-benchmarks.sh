#!/usr/bin/env bash
# Runs every benchmark binary of a bench build (make bench) with the settings bench/RESULTS.md
# reports: three repetitions, aggregates only. Usage: scripts/run-benchmarks.sh [build-dir]
set -euo pipefail

build="${1:-build/bench}"
shopt -s nullglob
binaries=("$build"/bench/bench_*)
if [[ ${#binaries[@]} -eq 0 ]]; then
  echo "no benchmark binaries in $build/bench (configure with -DRT_BUILD_BENCH=ON and build first)" >&2
  exit 1
fi
for b in "${binaries[@]}"; do
  [[ -x "$b" && -f "$b" ]] || continue
  echo "== $(basename "$b")"
  "$b" --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
done
