#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for development without Docker (Postgres:Mode=executable).
# Aspire passes PGPORT, POSTGRES_PASSWORD and POSTGRES_DB; the cluster is deleted when the process stops.
# Fault injection for tests: SIGUSR1 stops the server (the cluster is kept), SIGUSR2 starts it again.
set -euo pipefail
: "${PGPORT:?PGPORT is not set}" "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is not set}" "${POSTGRES_DB:=temporalflow}"

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "PostgreSQL server binaries were not found under /usr/lib/postgresql." >&2
  echo "Install them (sudo apt-get install -y postgresql) or run with Postgres__Mode=container where Docker runs." >&2
  exit 1
fi

# PostgreSQL refuses to run as root: drop to the postgres user, with a directory that user can reach.
run_as_pg=()
if [ "$(id -u)" = 0 ]; then
  run_as_pg=(setpriv --reuid=postgres --regid=postgres --init-groups --)
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/temporalflow-pg.XXXXXX")
chmod 700 "$work"
printf '%s\n' "$POSTGRES_PASSWORD" > "$work/pwfile"
[ "$(id -u)" = 0 ] && chown -R postgres:postgres "$work"

pid=""
cleanup() {
  if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 0' TERM INT

"${run_as_pg[@]}" "$bindir/initdb" -D "$work/data" -U postgres --pwfile="$work/pwfile" \
  --auth-host=scram-sha-256 --auth-local=trust --encoding=UTF8 --no-instructions >/dev/null
rm -f "$work/pwfile"

# PostgreSQL logs to stderr; send it to stdout so the dashboard shows information, not errors.
# max_connections: the workers, the chat and the tools each keep their own pool against this one server.
start_server() {
  "${run_as_pg[@]}" "$bindir/postgres" -D "$work/data" -p "$PGPORT" -k "$work" \
    -c listen_addresses=localhost -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
    -c max_connections=300 2>&1 &
  pid=$!
}
paused=""
trap 'paused=1; kill -INT "$pid" 2>/dev/null || true' USR1
trap 'paused=""; start_server' USR2
start_server

for _ in $(seq 1 100); do
  "$bindir/pg_isready" -q -h "$work" -p "$PGPORT" && break
  sleep 0.1
done
"${run_as_pg[@]}" "$bindir/createdb" -h "$work" -p "$PGPORT" -U postgres "$POSTGRES_DB"
echo "PostgreSQL (throwaway cluster) is accepting connections on port $PGPORT, database $POSTGRES_DB"
# Runs until PostgreSQL exits on its own (a trapped signal also ends a wait: then look again).
while true; do
  wait "$pid" 2>/dev/null || true
  if [ -n "$paused" ] || kill -0 "$pid" 2>/dev/null; then
    sleep 0.2
    continue
  fi
  exit 1
done
