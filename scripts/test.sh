#!/usr/bin/env bash
# Runs every test. Installs the system packages the display tests need (once), then runs
# `cargo test` under a virtual X display so the real-window tests run too.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo >/dev/null 2>&1; then
  echo "cargo not found: install Rust first (https://rustup.rs), then run this again." >&2
  exit 2
fi
if command -v apt-get >/dev/null 2>&1; then
  scripts/system-packages.sh
fi

if command -v xvfb-run >/dev/null 2>&1; then
  # The display tests (real window, screenshot) run only when this is set.
  export CHRONOLANES_DISPLAY_TESTS=1
  exec xvfb-run --auto-servernum --server-args="-screen 0 1600x1000x24" cargo test "$@"
else
  echo "xvfb-run not found: tests that need a display will be skipped." >&2
  exec cargo test "$@"
fi
