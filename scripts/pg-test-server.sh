#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests and benchmarks: Debian's postgresql, installed if missing,
# started as a non-root user in a temporary folder on a free localhost port (trust auth, C collation,
# no fsync: a scratch server, never for real data).
#
#   scripts/pg-test-server.sh install        # apt-get install postgresql if no server binaries exist
#   scripts/pg-test-server.sh start [DIR]    # prints the folder on stderr and the URL on stdout
#   scripts/pg-test-server.sh stop DIR       # stops the server and removes DIR
set -euo pipefail

die() { echo "pg-test-server: $*" >&2; exit 1; }

bindir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$d" ] && [ -x "$d/initdb" ] && echo "$d"
}

install() {
  [ -n "$(bindir)" ] && return 0
  [ "$(id -u)" = 0 ] || die "PostgreSQL is not installed and installing it needs root (apt-get install -y postgresql)"
  echo "pg-test-server: installing postgresql from Debian" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  [ -n "$(bindir)" ] || die "postgresql installed but no server binaries under /usr/lib/postgresql"
}

# Runs a command as the server's user: the 'postgres' account when we are root (initdb refuses root).
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() {
  install
  local bin dir port
  bin=$(bindir)
  dir=${1:-$(mktemp -d -t storyline-pg.XXXXXX)}
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && { id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres; chown postgres "$dir"; }
  as_owner "$bin/initdb" -D "$dir/data" -U storyline --auth=trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  for _ in 1 2 3 4 5; do
    port=$(free_port)
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 start \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        >/dev/null 2>&1; then
      echo "$dir" >&2
      echo "postgresql://storyline@127.0.0.1:$port/postgres"
      return 0
    fi
  done
  cat "$dir/server.log" >&2 || true
  die "the server did not start (log above)"
}

stop() {
  local dir=${1:-}
  [ -n "$dir" ] && [ -d "$dir/data" ] || die "usage: $0 stop DIR (the folder 'start' printed)"
  as_owner "$(bindir)/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}

case "${1:-}" in
  install) install ;;
  start) start "${2:-}" ;;
  stop) stop "${2:-}" ;;
  *) die "usage: $0 install | start [DIR] | stop DIR" ;;
esac
