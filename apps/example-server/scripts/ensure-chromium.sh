#!/usr/bin/env bash
# Makes sure Debian's chromium is installed for the status page's browser test. Idempotent: does
# nothing when /usr/bin/chromium exists. Installs only as root on a system with apt-get; otherwise
# prints why it cannot and exits 1, and the test skips with that reason.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
  echo "chromium is not installed and this user is not root: install it with 'apt-get install chromium'"
  exit 1
fi
if ! command -v apt-get >/dev/null; then
  echo "chromium is not installed and this system has no apt-get"
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# The package lists may be missing on a fresh machine; one update, then the install.
if ! apt-get install -y -q chromium >/dev/null 2>&1; then
  apt-get update -q >/dev/null
  apt-get install -y -q chromium >/dev/null
fi
[ -x /usr/bin/chromium ]
