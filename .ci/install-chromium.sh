#!/usr/bin/env bash
# Installs Debian's chromium package when it is missing, for the headless check of the HTML report
# (tests/Emergence.Tests/Reporting). Idempotent and quiet: prints nothing when chromium is already
# there or installs cleanly, and apt's log only when the install fails.
set -euo pipefail
if [ -x /usr/bin/chromium ] || command -v chromium >/dev/null 2>&1; then
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium; } >"$log" 2>&1; then
  echo "install-chromium: apt-get could not install chromium:" >&2
  tail -n 30 "$log" >&2
  exit 1
fi
if ! [ -x /usr/bin/chromium ]; then
  echo "install-chromium: chromium was installed but /usr/bin/chromium is missing" >&2
  exit 1
fi
