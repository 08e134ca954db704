#!/usr/bin/env bash
# Serve Préau with granian (WSGI) together with the task worker (django-tasks-db `db_worker`) and
# the scheduler of periodic jobs (`run_scheduler`).
# Ctrl-C, SIGTERM or SIGHUP stops them all; if one process dies, the others are stopped too.
# Each child runs in its own session, so that it gets exactly one SIGTERM from here (a terminal
# Ctrl-C would otherwise signal it twice); what has not stopped after 20 s is killed.
# Environment: PREAU_HOST (127.0.0.1), PORT (8000), WEB_WORKERS (1), WEB_THREADS (2 × CPU cores + 1).
set -euo pipefail
cd "$(dirname "$0")/.."

HOST="${PREAU_HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
BIN=.venv/bin
WEB_THREADS="${WEB_THREADS:-$(($(nproc) * 2 + 1))}"
pids=()

alive() { kill -0 "$1" 2>/dev/null; }

stop_all() {
    trap - INT TERM HUP EXIT
    local pid
    for pid in "${pids[@]}"; do
        alive "$pid" && kill -TERM "$pid" 2>/dev/null
    done
    for _ in $(seq 200); do
        local running=0
        for pid in "${pids[@]}"; do
            alive "$pid" && running=1
        done
        [[ $running -eq 0 ]] && break
        sleep 0.1
    done
    for pid in "${pids[@]}"; do
        kill -KILL -- "-$pid" 2>/dev/null || true # the child's whole process group
    done
    wait 2>/dev/null || true
}
trap 'echo; echo "Arrêt de Préau…"; stop_all; exit 0' INT
trap 'stop_all; exit 143' TERM HUP
trap 'stop_all' EXIT

setsid "$BIN/python" manage.py db_worker --queue-name '*' --no-reload &
pids+=($!)

setsid "$BIN/python" manage.py run_scheduler &
pids+=($!)

setsid "$BIN/granian" --interface wsgi --host "$HOST" --port "$PORT" \
    --workers "${WEB_WORKERS:-1}" --blocking-threads "$WEB_THREADS" \
    --workers-kill-timeout 10 config.wsgi:application &
pids+=($!)

echo
echo "Préau est servi sur http://$HOST:$PORT/  (worker de tâches et planificateur actifs ; Ctrl-C pour arrêter)"
echo

rc=0
wait -n || rc=$?
echo "Un des processus de Préau s'est arrêté (code $rc) ; arrêt des autres." >&2
exit "$rc"
