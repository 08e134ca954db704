#!/usr/bin/env bash
# Run the test suite as `make test` and .ci/run do: PREAU_ENV=test, optional pytest-xdist workers,
# and a loud failure when no test ran at all (pytest exit code 5).
# Usage: scripts/pytest.sh WORKERS [pytest arguments...]   (WORKERS: auto, a number, or 0 for none)
set -uo pipefail
cd "$(dirname "$0")/.."

workers="${1:-auto}"
shift || true
args=()
if [[ "$workers" != "0" ]]; then
    args+=(-n "$workers")
fi

echo "pytest (DATABASE_URL=${DATABASE_URL:-sqlite par défaut}, REDIS_URL=${REDIS_URL:-aucun}, workers=$workers)"
PREAU_ENV=test .venv/bin/pytest "${args[@]}" "$@"
rc=$?
if [[ $rc -eq 5 ]]; then
    echo "ERREUR : aucun test n'a été collecté ni exécuté (pytest code 5)." >&2
fi
exit $rc
