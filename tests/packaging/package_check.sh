#!/usr/bin/env bash
# Builds the .deb from a configured, built tree, unpacks it with dpkg -x into a temp dir, and runs
# the packaged binary: --version, then `check` against the packaged emulator.
#
#   package_check.sh <build-dir>
set -euo pipefail
build=${1:?usage: package_check.sh <build-dir>}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/out" >/dev/null
deb=$(ls "$work"/out/robotrader_*.deb)
dpkg-deb --info "$deb" | grep -q "Package: robotrader"
dpkg -x "$deb" "$work/root"
bin="$work/root/usr/bin/robotrader"
for f in usr/share/doc/robotrader/examples/robotrader.example.toml usr/lib/systemd/system/robotrader.service; do
  [[ -f "$work/root/$f" ]] || { echo "FAIL: the package has no $f" >&2; exit 1; }
done
"$bin" --version

coproc GW { exec "$bin" --log-level warn gateway --port 0; }
gw_pid=$GW_PID
if ! read -r -t 10 line <&"${GW[0]}"; then
  echo "FAIL: the packaged emulator did not report its port" >&2
  kill "$gw_pid" 2>/dev/null || true
  exit 1
fi
port=${line##*:}
status=0
"$bin" check --port "$port" || status=$?
kill -TERM "$gw_pid"
wait "$gw_pid" || true
exit "$status"
