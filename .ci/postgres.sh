#!/usr/bin/env bash
# Start a throwaway PostgreSQL server for the tests marked `postgres`.
#
#   source .ci/postgres.sh        # exports TEXTMINE_TEST_PG_DSN
#   eval "$(.ci/postgres.sh)"     # the same when run as a program
#
# Installs PostgreSQL from the Debian packages when it is missing (apt-get; needs
# root or sudo), creates a cluster in $TEXTMINE_PG_DIR (default /tmp/textmine-pg)
# listening on 127.0.0.1:$TEXTMINE_PG_PORT (default 54329) with trust
# authentication for local connections, and a database `textmine_test`.
# Idempotent: a second run finds the server running and only prints the DSN.
# Any failure stops with a message and a non-zero exit status.

_tm_pg_fail() { echo "postgres.sh: $*" >&2; return 1 2>/dev/null || exit 1; }

_tm_pg_main() {
  local dir="${TEXTMINE_PG_DIR:-/tmp/textmine-pg}"
  local port="${TEXTMINE_PG_PORT:-54329}"
  local db="textmine_test" user="textmine"
  local bin sudo="" run=()

  if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then sudo="sudo"; fi
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  if [ -z "$bin" ] || [ ! -x "$bin/pg_ctl" ]; then
    echo "postgres.sh: installing PostgreSQL from the Debian packages" >&2
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 \
      || { _tm_pg_fail "apt-get update failed"; return 1; }
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      postgresql postgresql-contrib >&2 || { _tm_pg_fail "apt-get install postgresql failed"; return 1; }
    bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
    [ -x "$bin/pg_ctl" ] || { _tm_pg_fail "no pg_ctl after installing PostgreSQL"; return 1; }
  fi

  # the server refuses to run as root: use the package's postgres account then
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || { _tm_pg_fail "no 'postgres' system user to run the server"; return 1; }
    run=(runuser -u postgres --)
  fi
  mkdir -p "$dir" || { _tm_pg_fail "cannot create $dir"; return 1; }
  if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; fi
  chmod 700 "$dir"

  if [ ! -f "$dir/data/PG_VERSION" ]; then
    "${run[@]}" "$bin/initdb" -D "$dir/data" -U "$user" --auth=trust -E UTF8 \
      --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; _tm_pg_fail "initdb failed"; return 1; }
  fi
  if ! "${run[@]}" "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    "${run[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off" start >&2 \
      || { tail -n 30 "$dir/server.log" >&2; _tm_pg_fail "the server did not start"; return 1; }
  fi
  "$bin/pg_isready" -h 127.0.0.1 -p "$port" -t 30 >/dev/null \
    || { _tm_pg_fail "the server on 127.0.0.1:$port is not accepting connections"; return 1; }
  if ! "$bin/psql" -h 127.0.0.1 -p "$port" -U "$user" -d postgres -tAc \
      "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
    "$bin/createdb" -h 127.0.0.1 -p "$port" -U "$user" "$db" \
      || { _tm_pg_fail "cannot create the database $db"; return 1; }
  fi
  export TEXTMINE_TEST_PG_DSN="postgresql://$user@127.0.0.1:$port/$db"
  echo "postgres.sh: PostgreSQL ready at $TEXTMINE_TEST_PG_DSN" >&2
  echo "export TEXTMINE_TEST_PG_DSN='$TEXTMINE_TEST_PG_DSN'"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  _tm_pg_main
else
  _tm_pg_main >/dev/null
fi
