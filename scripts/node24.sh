#!/bin/sh
# Runs a command with Node 24 first on PATH. A fresh machine ships an older Node; when the `node`
# on PATH is older than 24, Node 24 LTS is installed once from the npm registry into a user cache
# folder (about 8 s), so that npm itself and everything it starts run on 24.
set -eu
major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(major node)" -lt 24 ]; then
  prefix="${XDG_CACHE_HOME:-$HOME/.cache}/sextant/node24"
  if [ "$(major "$prefix/bin/node")" -lt 24 ]; then
    echo "sextant: node $(node --version 2>/dev/null || echo missing) is older than 24; installing Node 24 LTS into $prefix" >&2
    npm install --global --prefix "$prefix" --no-audit --no-fund --loglevel=error node@24 >&2
    [ "$(major "$prefix/bin/node")" -ge 24 ] || { echo "sextant: could not install Node 24 into $prefix" >&2; exit 1; }
  fi
  PATH="$prefix/bin:$PATH"
  export PATH
fi
exec "$@"
