#!/bin/sh
# Throwaway PostgreSQL clusters on loopback, for the store tests and benchmarks.
#   postgres.sh install     install Debian's postgresql when it is missing (needs root and apt)
#   postgres.sh start DIR   start a cluster in DIR on a free loopback port and print its URL
#                           (without fsync, for tests; SEXTANT_PG_DURABLE=1: commits synced, as in production)
#   postgres.sh stop DIR    stop it
set -eu
# The newest server install: a folder with initdb (the client package alone makes the folder too).
bindir() { ls /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 | xargs -r dirname; }
as_owner() {
  # initdb refuses to run as root: run the cluster as the postgres user then.
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "${1:-}" in
  install)
    [ -n "$(bindir)" ] && exit 0
    echo "sextant: installing Debian's postgresql for the PostgreSQL store tests" >&2
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >&2
    ;;
  start)
    dir=$2
    bin=$(bindir)
    [ -n "$bin" ] || { echo "sextant: PostgreSQL is not installed; run scripts/postgres.sh install" >&2; exit 1; }
    mkdir -p "$dir"
    [ "$(id -u)" = 0 ] && chown postgres "$dir"
    port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
    as_owner "$bin/initdb" -D "$dir/data" -A trust -U sextant --no-sync >/dev/null
    durability="-c fsync=off -c synchronous_commit=off"
    [ "${SEXTANT_PG_DURABLE:-}" = 1 ] && durability=""
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 $durability" start >/dev/null
    echo "postgres://sextant@127.0.0.1:$port/postgres"
    ;;
  stop)
    as_owner "$(bindir)/pg_ctl" -D "$2/data" -m immediate stop >/dev/null
    ;;
  *)
    echo "usage: postgres.sh install | start DIR | stop DIR" >&2
    exit 2
    ;;
esac
