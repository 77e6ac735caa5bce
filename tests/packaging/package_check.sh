#!/usr/bin/env bash
# Builds the .deb from a configured, built tree, unpacks it with dpkg -x into a temp dir, checks its
# files (man page, completions, example config, unit), and runs the packaged binary: --version, then
# `check` against the packaged emulator.
#
#   package_check.sh <build-dir>
set -euo pipefail
build=${1:?usage: package_check.sh <build-dir>}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/out" >/dev/null
deb=$(ls "$work"/out/robotrader_*.deb)
# grep reads all of its input (no -q), so the writer never dies of SIGPIPE under pipefail.
dpkg-deb --info "$deb" | grep "Package: robotrader" >/dev/null
dpkg -x "$deb" "$work/root"
bin="$work/root/usr/bin/robotrader"
for f in usr/share/doc/robotrader/examples/robotrader.example.toml usr/lib/systemd/system/robotrader.service \
    usr/share/man/man1/robotrader.1.gz usr/share/bash-completion/completions/robotrader \
    usr/share/zsh/vendor-completions/_robotrader usr/include/robotrader/strategy.hpp \
    usr/share/robotrader/python/robotrader.pyi usr/lib/robotrader/robotrader-python.so usr/share/doc/robotrader/examples/strategies/sma_cross.py \
    usr/share/doc/robotrader/examples/strategies/cpp/CMakeLists.txt usr/share/doc/robotrader/copyright; do
  [[ -f "$work/root/$f" ]] || { echo "FAIL: the package has no $f" >&2; exit 1; }
done
# The packaged man page renders, and names a command; the packaged bash completion registers itself.
if command -v groff >/dev/null; then
  zcat "$work/root/usr/share/man/man1/robotrader.1.gz" | groff -man -Tutf8 -ww -z 2>"$work/groff.err"
  [[ ! -s "$work/groff.err" ]] || { cat "$work/groff.err" >&2; echo "FAIL: the man page has warnings" >&2; exit 1; }
fi
zcat "$work/root/usr/share/man/man1/robotrader.1.gz" | grep '^\.SS "robotrader doctor"' >/dev/null ||
  { echo "FAIL: the packaged man page does not describe doctor" >&2; exit 1; }
bash -c 'source "$1"; complete -p robotrader' _ "$work/root/usr/share/bash-completion/completions/robotrader" |
  grep -- "-F _robotrader robotrader" >/dev/null || { echo "FAIL: the packaged bash completion does not register" >&2; exit 1; }
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
