#!/bin/sh
# Every test: typecheck, then node:test over all *.test.ts files.
set -eu
cd "$(dirname "$0")/.."
sh scripts/install.sh
# The PostgreSQL store tests start a throwaway cluster; make sure Debian's postgresql is there.
sh scripts/postgres.sh install
# The Slurm launch tests start a throwaway one-node cluster: Debian's slurm-wlm and munge.
sh scripts/slurm.sh install
# The Ray launch tests start a local Ray cluster from a cached virtual environment (ray from PyPI).
node scripts/venv.ts ray-2.60.0 'ray==2.60.0' >/dev/null
# The dashboard's browser tests drive Debian's chromium.
sh scripts/chromium.sh
# compat/: the real wandb clients, one cached venv per compat/client-<version>.test.ts.
node scripts/venv.ts --wandb $(ls compat/client-*.test.ts | sed 's/.*client-\(.*\)\.test\.ts$/\1/') >/dev/null
npx tsc -b
# Tests make their data dirs, clusters and clients' files under TMPDIR: one folder a run, removed at
# the end, so runs leave nothing behind (readable by the postgres user, who runs the clusters).
TMPDIR=$(mktemp -d "${TMPDIR:-/tmp}/sextant-tests-XXXXXX")
chmod 755 "$TMPDIR"
export TMPDIR
trap 'rm -rf "$TMPDIR"' EXIT
trap 'exit 130' INT TERM
node --test --test-concurrency=2 "packages/**/*.test.ts" "bench/**/*.test.ts" "compat/**/*.test.ts"
