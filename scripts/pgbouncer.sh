#!/usr/bin/env bash
# Starts (or stops) PgBouncer in TRANSACTION pool mode on loopback in front of the test server
# (scripts/pg-server.sh), for the lease-lock tests. Installs Debian's pgbouncer package when it
# is missing. Prints `RETORT_TEST_PGBOUNCER_URL=...` on success.
#
#   scripts/pgbouncer.sh start [DIR]   # default DIR: ${TMPDIR:-/tmp}/retort-pgbouncer
#   scripts/pgbouncer.sh stop  [DIR]
set -euo pipefail

cmd=${1:-start}
dir=${2:-${TMPDIR:-/tmp}/retort-pgbouncer}
port=${RETORT_PGBOUNCER_PORT:-54339}
pg_port=${RETORT_PG_PORT:-54329}
password=retort-test-password   # the throwaway test cluster's password (see pg-server.sh)
os_user=${RETORT_PG_OS_USER:-retortpg}
url="postgres://retort:$password@127.0.0.1:$port/postgres"

as_user() {
  if [ "$(id -u)" = 0 ]; then runuser -u "$os_user" -- "$@"; else "$@"; fi
}

if [ "$cmd" = stop ]; then
  [ -f "$dir/pgbouncer.pid" ] && kill "$(cat "$dir/pgbouncer.pid")" 2>/dev/null || true
  exit 0
fi

bin=$(command -v pgbouncer || true)
[ -z "$bin" ] && [ -x /usr/sbin/pgbouncer ] && bin=/usr/sbin/pgbouncer
if [ -z "$bin" ]; then
  if [ "$(id -u)" != 0 ]; then echo "pgbouncer is not installed and this user cannot apt-get install it" >&2; exit 1; fi
  echo "Installing PgBouncer from Debian's packages..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq pgbouncer >&2
  bin=/usr/sbin/pgbouncer
fi
if [ "$(id -u)" = 0 ] && ! id "$os_user" >/dev/null 2>&1; then
  useradd --system --no-create-home --shell /usr/sbin/nologin "$os_user"
fi

# Ours already listening (another checkout's) serves just as well.
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "RETORT_TEST_PGBOUNCER_URL=$url"
  exit 0
fi

mkdir -p "$dir"
printf '"retort" "%s"\n' "$password" > "$dir/userlist.txt"
cat > "$dir/pgbouncer.ini" <<INI
[databases]
* = host=127.0.0.1 port=$pg_port

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $dir/userlist.txt
pool_mode = transaction
max_client_conn = 500
default_pool_size = 20
ignore_startup_parameters = extra_float_digits,options
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
INI
[ "$(id -u)" = 0 ] && chown -R "$os_user" "$dir"
chmod 600 "$dir/userlist.txt"
as_user "$bin" -d "$dir/pgbouncer.ini" || { cat "$dir/pgbouncer.log" >&2 2>/dev/null; exit 1; }
for _ in $(seq 1 50); do
  # Whoever started it stops it (the test runner's global teardown reads this line).
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && { echo "RETORT_TEST_PGBOUNCER_STARTED=$dir"; echo "RETORT_TEST_PGBOUNCER_URL=$url"; exit 0; }
  sleep 0.1
done
echo "PgBouncer did not start listening on 127.0.0.1:$port" >&2
cat "$dir/pgbouncer.log" >&2 2>/dev/null || true
exit 1
