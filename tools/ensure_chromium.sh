#!/usr/bin/env bash
# Make sure Debian's chromium is installed (the browser tests drive it through
# Playwright; Playwright's own browser download does not work offline).
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
else
  echo "chromium is missing: install it (Debian/Ubuntu: sudo apt-get install chromium)" >&2
  exit 1
fi
