#!/usr/bin/env bash
# Check that the system tools `make` needs are present; install them when running as root,
# otherwise say exactly what to install.
# Usage: scripts/check-system-deps.sh python|node
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3.11}"
what="${1:?usage: check-system-deps.sh python|node}"

python_ok() {
    command -v "$PYTHON" >/dev/null 2>&1 && "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1
}

node_ok() {
    command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1
}

case "$what" in
    python) check=python_ok; hint="python3.11 python3.11-venv" ;;
    node) check=node_ok; hint="nodejs npm" ;;
    *) echo "usage: check-system-deps.sh python|node" >&2; exit 2 ;;
esac

if "$check"; then
    exit 0
fi

if [[ "$(id -u)" -eq 0 ]]; then
    echo "Paquets système manquants ($hint) : installation avec apt-get…"
    scripts/install-system-deps.sh --runtime
    "$check" && exit 0
fi

cat >&2 <<MSG

  Il manque des paquets système pour construire Préau : $hint
  Sur Debian 12, installez-les puis relancez la commande :

      sudo apt-get install python3.11-venv nodejs npm

  (chromium, postgresql-15 et redis-server ne servent qu'aux tests :
   sudo scripts/install-system-deps.sh --all)

MSG
exit 1
