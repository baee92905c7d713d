#!/usr/bin/env sh
# Install Debian's chromium for the browser tests (tests/browser, marker "browser") when
# /usr/bin/chromium is missing. Playwright drives it with executable_path=/usr/bin/chromium,
# so no browser is downloaded by Playwright itself. Needs root (or sudo) and apt-get.
set -eu
if [ -x /usr/bin/chromium ]; then
  echo "chromium already installed: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "apt-get not found: install Chromium so that /usr/bin/chromium exists, or skip the browser tests (-m 'not browser')" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "run as root (or install sudo) to apt-get install chromium" >&2; exit 1
  fi
fi
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends chromium
/usr/bin/chromium --version
