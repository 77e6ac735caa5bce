#!/usr/bin/env bash
# Installs the pinned npm packages the interop tests use (from the committed lockfile), once.
set -euo pipefail
cd "$(dirname "$0")/../tests/interop"
[[ -f package-lock.json ]] || exit 0
if [[ ! -d node_modules ]] || [[ package-lock.json -nt node_modules ]]; then
  npm ci --no-audit --no-fund --loglevel=error
  touch node_modules
fi
