#!/bin/sh
set -eu
cd "$(dirname "$0")/.."
sh scripts/install.sh
exec node packages/cli/main.ts "$@"
