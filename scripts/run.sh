#!/usr/bin/env bash
# Builds and opens Chronolanes (on the bundled timeline when no file is given).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v cargo >/dev/null 2>&1; then
  echo "cargo not found: install Rust first (https://rustup.rs), then run this again." >&2
  exit 2
fi
if command -v apt-get >/dev/null 2>&1; then
  scripts/system-packages.sh
fi
exec cargo run --release -- "$@"
