#!/bin/sh
# Installs Debian's chromium when it is missing, for the dashboard's browser tests and
# bench/dashboard (driven by playwright-core, which downloads no browser of its own).
set -eu
[ -x /usr/bin/chromium ] && exit 0
echo "sextant: installing Debian's chromium for the dashboard tests" >&2
apt-get update -qq >&2
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >&2
