#!/usr/bin/env bash
# Installs the Debian packages robotrader builds and tests with. Idempotent: when every package is
# already installed it only runs dpkg-query and returns within a second.
set -euo pipefail

packages=(
  build-essential g++ cmake ninja-build ccache pkg-config
  libboost1.81-dev libspdlog-dev libfmt-dev libcli11-dev libtomlplusplus-dev
  nlohmann-json3-dev libsqlite3-dev sqlite3 libgtest-dev libgmock-dev libbenchmark-dev
  python3-dev pybind11-dev python3-jsonschema
  clang clang-format clang-tidy libclang-rt-14-dev lld
  iproute2 procps nodejs npm python3
  groff-base zsh
  chromium
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "installed" ]] || missing+=("$p")
done

# nodejs/npm may come from outside Debian's archive (e.g. NodeSource); a working node is enough.
if command -v node >/dev/null && command -v npm >/dev/null; then
  filtered=()
  for p in "${missing[@]}"; do [[ "$p" == nodejs || "$p" == npm ]] || filtered+=("$p"); done
  missing=("${filtered[@]+"${filtered[@]}"}")
fi

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "Installing: ${missing[*]}"
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
