#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Chronolanes needs at run time and for its tests:
# the X11/Wayland client libraries and Mesa's software renderer for the window, Xvfb for
# display tests without a screen, DejaVu fonts for rendering, and Chromium with Node.js for the
# browser tests of the published page (tests/web). Nothing here is needed to *build*: eframe
# loads these libraries at run time.
set -euo pipefail

packages=(
  xvfb xauth                                  # a virtual display for window tests
  libegl1 libegl-mesa0 libgl1-mesa-dri        # OpenGL/EGL (software rendering works)
  libxkbcommon-x11-0 libxcursor1 libxrandr2 libxi6 libx11-xcb1 libwayland-client0
  fonts-dejavu-core
  chromium                                    # headless browser for tests/web (playwright-core)
)
# Node.js and npm run the browser tests. A Node.js from elsewhere (NodeSource's package bundles
# npm and conflicts with Debian's) is kept: only a missing command is installed.
command -v node >/dev/null 2>&1 || packages+=(nodejs)
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing system packages: ${missing[*]}" >&2
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
