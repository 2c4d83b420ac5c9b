#!/bin/sh
# Ray from PyPI in a cached virtual environment, for the `launch --backend ray` tests.
#   ray.sh install   create ${XDG_CACHE_HOME:-~/.cache}/sextant/venvs/ray-VERSION when missing
#                    (about 10 s and 300 MB) and print the path of its python
set -eu
version=2.60.0
venv="${XDG_CACHE_HOME:-$HOME/.cache}/sextant/venvs/ray-$version"
case "${1:-}" in
  install)
    if [ ! -x "$venv/bin/ray" ]; then
      echo "sextant: installing ray $version into $venv for the Ray launch tests" >&2
      rm -rf "$venv"
      python3 -m venv "$venv"
      "$venv/bin/pip" install --quiet --disable-pip-version-check "ray==$version" >&2
    fi
    echo "$venv/bin/python"
    ;;
  *)
    echo "usage: ray.sh install" >&2
    exit 2
    ;;
esac
