#!/usr/bin/env bash
# Runs every test. Installs the system packages the display and browser tests need (once), runs
# `cargo test` under a virtual X display so the real-window tests run too, then the browser tests
# of the published page (tests/web) in headless Chromium. Fails if either fails.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v cargo >/dev/null 2>&1; then
  echo "cargo not found: install Rust first (https://rustup.rs), then run this again." >&2
  exit 2
fi
if command -v apt-get >/dev/null 2>&1; then
  scripts/system-packages.sh
fi

status=0
if command -v xvfb-run >/dev/null 2>&1; then
  # The display tests (real window, screenshot) run only when this is set.
  export CHRONOLANES_DISPLAY_TESTS=1
  xvfb-run --auto-servernum --server-args="-screen 0 1600x1000x24" cargo test "$@" || status=$?
else
  echo "xvfb-run not found: tests that need a display will be skipped." >&2
  cargo test "$@" || status=$?
fi

# The published page in a real browser (tests/web), with the debug binary `cargo test` built.
chromium_path="${CHROMIUM:-$(command -v chromium || true)}"
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 && [ -n "$chromium_path" ]; then
  web_status=0
  npm ci --prefix tests/web --no-audit --no-fund --loglevel=error || web_status=$?
  if [ "$web_status" -eq 0 ]; then
    CHROMIUM="$chromium_path" node --test tests/web/ || web_status=$?
  fi
  [ "$web_status" -eq 0 ] || status=$web_status
else
  echo "SKIP: browser tests of the published page (tests/web): need node, npm and chromium" >&2
fi
exit "$status"
