#!/bin/sh
# `npm run link`: puts the `sextant` command on PATH, as a symbolic link to packages/cli/bin/sextant
# in $SEXTANT_BIN_DIR, else /usr/local/bin for root and ~/.local/bin for anyone else. Installs the
# npm packages first (install.sh). Run it again after moving the checkout; `npm run unlink` removes it.
set -eu
root="$(cd "$(dirname "$0")/.." && pwd)"
if [ "$(id -u)" = 0 ]; then default=/usr/local/bin; else default="$HOME/.local/bin"; fi
dir="${SEXTANT_BIN_DIR:-$default}"
link="$dir/sextant"
if [ "${1:-}" = "--remove" ]; then
  if [ -L "$link" ]; then rm "$link" && echo "removed $link"; else echo "no link at $link"; fi
  exit 0
fi
sh "$root/scripts/install.sh"
mkdir -p "$dir"
if [ -e "$link" ] && [ ! -L "$link" ]; then
  echo "sextant: $link exists and is not a link; remove it or set SEXTANT_BIN_DIR" >&2
  exit 1
fi
ln -sfn "$root/packages/cli/bin/sextant" "$link"
echo "linked $link -> $root/packages/cli/bin/sextant"
case ":$PATH:" in
  *":$dir:"*) ;;
  *) echo "note: $dir is not on your PATH; add it, e.g. in ~/.profile: export PATH=\"$dir:\$PATH\"" ;;
esac
