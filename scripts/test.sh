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
npx tsc -b
# compat/: the real wandb clients (Python venvs under the cache folder, built on first use).
exec node --test --test-concurrency=2 "packages/**/*.test.ts" "bench/**/*.test.ts" "compat/**/*.test.ts"
