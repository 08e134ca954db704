#!/usr/bin/env bash
# Start or stop a throw-away PostgreSQL 15 cluster, a Redis server, an S3 server (moto, from
# the project's .venv) on loopback and a clamd on a unix socket (own config and EICAR signature,
# preau/storage/local_clamd.py), for the tests.
#   scripts/ci-services.sh start   # prints, and writes to $STATE/env, DATABASE_URL, REDIS_URL,
#                                  # PREAU_TEST_S3_ENDPOINT and PREAU_TEST_CLAMD_ADDRESS
#   scripts/ci-services.sh stop    # stops both and removes the cluster
# Nothing is persisted (fsync off, no Redis snapshot) unless PG_SERVER_OPTS replaces the server
# options (make bench asks for durable commits). As root, PostgreSQL runs as `postgres`.
set -euo pipefail

STATE="${PREAU_CI_STATE:-/tmp/preau-ci-services}"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_PASSWORD="${PG_PASSWORD:-preau-ci-password}"
REDIS_PORT="${REDIS_PORT:-6390}"
PG_SERVER_OPTS="${PG_SERVER_OPTS:--c fsync=off -c synchronous_commit=off -c full_page_writes=off}"

free_port() {
    "${PYTHON:-python3.11}" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

port_in_use() {
    "${PYTHON:-python3.11}" -c 'import socket, sys; s = socket.socket(); sys.exit(s.connect_ex(("127.0.0.1", int(sys.argv[1]))) != 0)' "$1"
}

as_postgres() {
    if [[ "$(id -u)" -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

start_postgres() {
    local data="$STATE/pg/data" port
    port="$(free_port)"
    mkdir -p "$STATE/pg"
    [[ "$(id -u)" -eq 0 ]] && chown postgres: "$STATE/pg"
    as_postgres "$PG_BIN/initdb" -D "$data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
        --encoding=UTF8 --locale=C.UTF-8 >"$STATE/pg/initdb.log"
    as_postgres "$PG_BIN/pg_ctl" -D "$data" -l "$STATE/pg/server.log" -w -t 60 start \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $STATE/pg $PG_SERVER_OPTS" \
        >/dev/null
    as_postgres "$PG_BIN/psql" -h "$STATE/pg" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q \
        -c "CREATE ROLE preau LOGIN CREATEDB PASSWORD '$PG_PASSWORD';" \
        -c "CREATE DATABASE preau OWNER preau;"
    echo "DATABASE_URL=postgres://preau:$PG_PASSWORD@127.0.0.1:$port/preau" >>"$STATE/env"
    echo "PostgreSQL 15 démarré sur 127.0.0.1:$port (données : $data)"
}

start_redis() {
    local port="$REDIS_PORT"
    if port_in_use "$port"; then
        port="$(free_port)"
    fi
    redis-server --bind 127.0.0.1 --port "$port" --daemonize yes --save '' --appendonly no \
        --dir "$STATE" --pidfile "$STATE/redis.pid" --logfile "$STATE/redis.log"
    for _ in $(seq 50); do
        port_in_use "$port" && break
        sleep 0.1
    done
    port_in_use "$port" || { echo "Redis n'a pas démarré (voir $STATE/redis.log)" >&2; exit 1; }
    echo "REDIS_URL=redis://127.0.0.1:$port/0" >>"$STATE/env"
    echo "Redis démarré sur 127.0.0.1:$port"
}

start_moto() {
    local moto="${MOTO_SERVER:-.venv/bin/moto_server}" port
    if [[ ! -x "$moto" ]]; then
        echo "moto_server absent ($moto) : les tests S3 démarreront le leur ou seront sautés."
        return
    fi
    port="$(free_port)"
    "$moto" -H 127.0.0.1 -p "$port" >"$STATE/moto.log" 2>&1 &
    echo $! >"$STATE/moto.pid"
    for _ in $(seq 100); do
        port_in_use "$port" && break
        sleep 0.1
    done
    port_in_use "$port" || { echo "moto n'a pas démarré (voir $STATE/moto.log)" >&2; exit 1; }
    echo "PREAU_TEST_S3_ENDPOINT=http://127.0.0.1:$port" >>"$STATE/env"
    echo "Serveur S3 (moto) démarré sur 127.0.0.1:$port"
}

start_clamd() {
    local python="${VENV_PYTHON:-.venv/bin/python}"
    if [[ ! -x /usr/sbin/clamd ]] || [[ ! -x "$python" ]]; then
        echo "clamd absent (paquet clamav-daemon) : le test EICAR sera sauté."
        return
    fi
    "$python" -m preau.storage.local_clamd start "$STATE/clamd" >>"$STATE/env"
    echo "clamd démarré (socket $STATE/clamd/clamd.sock, signature EICAR du projet)"
}

stop_all() {
    if [[ -f "$STATE/clamd/clamd.pid" ]]; then
        kill "$(cat "$STATE/clamd/clamd.pid")" 2>/dev/null || true
        echo "clamd arrêté."
    fi
    if [[ -f "$STATE/moto.pid" ]]; then
        kill "$(cat "$STATE/moto.pid")" 2>/dev/null || true
        echo "Serveur S3 (moto) arrêté."
    fi
    if [[ -f "$STATE/redis.pid" ]]; then
        kill "$(cat "$STATE/redis.pid")" 2>/dev/null || true
        echo "Redis arrêté."
    fi
    if [[ -f "$STATE/pg/data/postmaster.pid" ]]; then
        as_postgres "$PG_BIN/pg_ctl" -D "$STATE/pg/data" -m immediate -w stop >/dev/null || true
        echo "PostgreSQL arrêté."
    fi
    rm -rf "$STATE"
}

case "${1:-}" in
    start)
        [[ -e "$STATE" ]] && stop_all
        mkdir -p "$STATE"
        chmod 755 "$STATE"
        start_postgres
        start_redis
        start_moto
        start_clamd
        cat "$STATE/env"
        ;;
    stop) stop_all ;;
    *) echo "usage: ci-services.sh start|stop" >&2; exit 2 ;;
esac
