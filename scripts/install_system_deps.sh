#!/usr/bin/env bash
# Debian packages that the test suite uses: a Java runtime for Spark (local mode) and
# Chromium for the browser tests (scripts/install_browser.sh). Installs only what is missing;
# needs root (CI runs as root). Without root, the tests that need them are skipped.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [ "$(id -u)" != 0 ] && ! command -v sudo >/dev/null 2>&1; then
  command -v java >/dev/null 2>&1 || echo "no java: the Spark tests will be skipped (apt-get install openjdk-17-jre-headless)" >&2
  [ -x /usr/bin/chromium ] || echo "no chromium: the browser tests will be skipped (apt-get install chromium)" >&2
  exit 0
fi
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
if ! command -v java >/dev/null 2>&1; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless >/dev/null
fi
sh "$here/install_browser.sh" >/dev/null
