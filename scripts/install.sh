#!/bin/sh
# Installs the npm packages (under Node 24, see node24.sh) when package-lock.json changed since the
# last install, then builds the dashboard when its sources changed (build-web.sh). Called by
# `npm start` and `npm test`, so a fresh clone needs no other step.
set -eu
cd "$(dirname "$0")/.."
stamp=node_modules/.sextant-lock
want=$(node -e 'const c=require("node:crypto");const f=require("node:fs");process.stdout.write(c.createHash("sha256").update(f.readFileSync("package-lock.json")).update(process.version).digest("hex"))')
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "sextant: installing npm packages (node $(node --version))" >&2
  npm ci --no-audit --no-fund --loglevel=error >&2
  printf %s "$want" > "$stamp"
fi
sh scripts/build-web.sh
