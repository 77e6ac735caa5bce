#!/usr/bin/env bash
# Builds the libFuzzer targets with clang-14 in build/fuzz and runs each one for a bounded time.
# Usage: scripts/fuzz-smoke.sh [seconds per fuzzer, default 20]
# Exit status is non-zero if a build fails or any fuzzer finds a crash, leak or timeout.
# Seeds come from fuzz/corpus/<target>/ (read only); new inputs go to build/fuzz/corpus/<target>/.
set -euo pipefail

seconds="${1:-20}"
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$root/build/fuzz"

CC=clang-14 CXX=clang++-14 cmake -S "$root" -B "$build" -G Ninja \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRT_BUILD_BENCH=OFF -DRT_BUILD_FUZZ=ON >/dev/null
targets=(fuzz_codec)
ninja -C "$build" -j2 "${targets[@]}"

status=0
for target in "${targets[@]}"; do
  seeds="$root/fuzz/corpus/${target#fuzz_}"
  work="$build/corpus/${target#fuzz_}"
  artifacts="$build/artifacts/$target/"
  mkdir -p "$work" "$artifacts"
  echo "== $target for ${seconds}s (seeds: ${seeds#"$root"/})"
  if "$build/fuzz/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
      -print_final_stats=1 -artifact_prefix="$artifacts" "$work" "$seeds" 2>"$build/$target.log"; then
    grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|#[0-9]+ +DONE)' "$build/$target.log" || true
    echo "== $target: no findings"
  else
    tail -n 40 "$build/$target.log"
    echo "== $target: FAILED (artifacts in ${artifacts#"$root"/})"
    status=1
  fi
done
exit "$status"
