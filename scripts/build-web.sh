#!/bin/sh
# Builds the dashboard (packages/web) into packages/web/dist when its sources changed since the
# last build: a hash of the sources and package-lock.json is kept in dist/.source-hash.
set -eu
cd "$(dirname "$0")/../packages/web"
want=$(node -e '
const c = require("node:crypto"), f = require("node:fs"), p = require("node:path");
const h = c.createHash("sha256");
const files = ["index.html", "vite.config.ts", "package.json", "../../package-lock.json",
  ...f.readdirSync("src", { recursive: true }).map((n) => p.join("src", n)).filter((n) => f.statSync(n).isFile()).sort()];
for (const n of files) h.update(n).update("\0").update(f.readFileSync(n)).update("\0");
process.stdout.write(h.digest("hex"));')
stamp=dist/.source-hash
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "sextant: building the dashboard (packages/web)" >&2
  node ../../node_modules/vite/bin/vite.js build --logLevel warn >&2
  printf %s "$want" > "$stamp"
fi
