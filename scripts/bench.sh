#!/usr/bin/env bash
# `make bench`: run bench/run.py against PostgreSQL 15 + Redis (+ nginx, granian). Installs the
# missing system packages when run as root (scripts/install-system-deps.sh, idempotent). Without
# a PostgreSQL DATABASE_URL, starts throw-away servers on loopback with scripts/ci-services.sh and
# removes them afterwards. BENCH_SCALE=small (default, 153 schools) or full (1,530 schools).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "$(id -u)" -eq 0 ]]; then
    scripts/install-system-deps.sh --all
fi
for needed in /usr/lib/postgresql/15/bin/postgres /usr/sbin/nginx; do
    [[ -x "$needed" ]] || { echo "bench : $needed manque (scripts/install-system-deps.sh --all, en root)." >&2; exit 1; }
done
if [[ "${DATABASE_URL:-}" != postgres* ]]; then
    export PREAU_CI_STATE="${PREAU_CI_STATE:-$(mktemp -d /tmp/preau-bench.XXXXXX)}"
    # Durable commits and 2 GB of shared buffers, as performance.md §3 sets up its reference.
    export PG_SERVER_OPTS="${PG_SERVER_OPTS:--c shared_buffers=2GB -c synchronous_commit=on}"
    trap 'scripts/ci-services.sh stop' EXIT
    scripts/ci-services.sh start
    set -a
    # shellcheck disable=SC1091
    . "$PREAU_CI_STATE/env"
    set +a
fi
: "${REDIS_URL:?REDIS_URL must be set with DATABASE_URL}"
mkdir -p var/static var/media
.venv/bin/python bench/run.py
