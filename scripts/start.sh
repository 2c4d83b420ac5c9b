#!/bin/sh
# `npm start -- ARGS`: the sextant command, run from the directory npm was started in.
set -eu
root="$(cd "$(dirname "$0")/.." && pwd)"
sh "$root/scripts/install.sh"
cd "${INIT_CWD:-$PWD}"
# With no arguments, start the server on its embedded default (SQLite in ./sextant-data).
[ $# -gt 0 ] || set -- server
exec node "$root/packages/cli/main.ts" "$@"
