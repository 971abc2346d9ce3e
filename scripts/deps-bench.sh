#!/bin/sh
# Install what `make bench` and `make bench-quick` need on Debian 12 when it is
# missing: wrk (HTTP load), nginx (the static-file baseline), curl, jq and
# the sqlite3 shell. `make test` never calls this. Safe to run again: installs only what lacks.
set -eu

DEBS="wrk curl jq sqlite3"
missing=""
for p in $DEBS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
# Any nginx flavour will do; nginx-light is the smallest.
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing="$missing nginx-light"
if [ -n "$missing" ]; then
  echo "deps-bench: installing Debian packages:$missing"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
  # The package starts a system nginx on port 80; the benchmark runs its own.
  if command -v systemctl >/dev/null 2>&1; then $SUDO systemctl disable --now nginx >/dev/null 2>&1 || true; fi
fi
exit 0
