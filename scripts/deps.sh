#!/bin/sh
# Install what caunoi needs on Debian 12 when it is missing: the C libraries
# and tools (apt), then the front-end and browser-test packages (npm ci,
# pinned by package-lock.json). Safe to run again: installs only what lacks.
set -eu

DEBS="build-essential pkg-config clang libclang-rt-14-dev
libmicrohttpd-dev libsqlite3-dev sqlite3 libjansson-dev libutf8proc-dev libicu-dev
libcmocka-dev libsodium-dev liboath-dev libcrack2-dev cracklib-runtime john-data
libxlsxwriter-dev libcairo2-dev libpango1.0-dev libmd4c-dev libmd4c-html0-dev
fonts-noto-core poppler-utils python3-openpyxl
chromium fonts-dejavu-core tzdata"

missing=""
for p in $DEBS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
# Node.js may come from Debian or another packaging that bundles npm;
# install Debian's only when there is none.
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
if [ -n "$missing" ]; then
  echo "deps: installing Debian packages:$missing"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

# node_modules is current when it matches package-lock.json.
if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json node_modules/.caunoi-lock; then
  echo "deps: npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.caunoi-lock
fi
