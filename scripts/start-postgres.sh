#!/bin/sh
# Starts a throwaway PostgreSQL 15 cluster for the storage tests and prints its URL on the
# last line. Idempotent: when the cluster is already running it only prints the URL.
#
#   export TUNESCOPE_TEST_POSTGRES_URL=$(scripts/start-postgres.sh | tail -n1)
#
# Debian's server binaries refuse to run as root, so everything runs as user postgres.
# Data lives under /tmp and is lost on reboot, which is the point.
set -eu

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PGDATA=${TUNESCOPE_PGDATA:-/tmp/tunescope-pg15}
PGPORT=${TUNESCOPE_PGPORT:-54329}
DBNAME=tunescope_test

as_postgres() {
    if [ "$(id -un)" = postgres ]; then
        "$@"
    else
        runuser -u postgres -- "$@"
    fi
}

if [ ! -x "$PGBIN/initdb" ]; then
    echo "start-postgres.sh: $PGBIN/initdb not found (apt-get install postgresql-15)" >&2
    exit 1
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
    mkdir -p "$PGDATA"
    chown postgres:postgres "$PGDATA"
    chmod 700 "$PGDATA"
    # trust on localhost only: a test cluster, never reachable from outside.
    as_postgres "$PGBIN/initdb" -D "$PGDATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
fi

# Someone answers on the port (0: accepting, 1: rejecting; 2 is nobody there).
port_taken() {
    rc=0
    "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$1" -t 2 || rc=$?
    [ "$rc" -le 1 ]
}

if as_postgres "$PGBIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
    PGPORT=$(cat "$PGDATA/tunescope-port" 2>/dev/null || echo "$PGPORT")
else
    # Another server on the port (a second checkout's cluster, or one outside a chroot that
    # shares this network): take the next free one, and remember it for later calls.
    for _ in $(seq 20); do
        port_taken "$PGPORT" || break
        PGPORT=$((PGPORT + 1))
    done
    echo "$PGPORT" > "$PGDATA/tunescope-port"
    # The socket goes to the data dir too, so /var/run/postgresql need not exist.
    as_postgres "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 30 \
        -o "-p $PGPORT -c listen_addresses=127.0.0.1 -k $PGDATA -c fsync=off" start >/dev/null
fi
URL="postgresql://postgres@127.0.0.1:$PGPORT/$DBNAME"

# Create the test database unless it exists.
if ! as_postgres "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = '$DBNAME'" | grep -q 1; then
    as_postgres "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres "$DBNAME"
fi

echo "$URL"
