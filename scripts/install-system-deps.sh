#!/usr/bin/env bash
# Install the Debian 12 packages Préau needs, only those missing (idempotent). Run as root.
#   --runtime  what `make run` needs: python3.11 + venv, nodejs + npm, make, Pango + fonts (PDFs),
#              libmagic (file types of uploads)
#   --all      plus what the tests, .ci/run and make bench need: postgresql-15, redis-server,
#              nginx, chromium, fonts, clamav-daemon (clamd for the antivirus test, ADR 0040)
set -euo pipefail

mode="${1:---all}"
case "$mode" in
    --runtime | --all) ;;
    *) echo "usage: install-system-deps.sh [--runtime|--all]" >&2; exit 2 ;;
esac

if [[ "$(id -u)" -ne 0 ]]; then
    echo "install-system-deps.sh doit être lancé en root (sudo)." >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
missing=()

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }
need_pkg() { installed "$1" || missing+=("$1"); }
need_cmd() { command -v "$1" >/dev/null 2>&1 || missing+=("$2"); }

# Runtime: the system python3.11 with venv/ensurepip, node and npm (any origin), make.
if ! { command -v python3.11 >/dev/null 2>&1 && python3.11 -c 'import ensurepip, venv' 2>/dev/null; }; then
    missing+=(python3.11 python3.11-venv)
fi
need_cmd node nodejs
need_cmd npm npm
need_cmd make make
need_pkg ca-certificates
# WeasyPrint (activation letters, invoices) renders through Pango, with real fonts.
need_pkg libpango-1.0-0
need_pkg libpangoft2-1.0-0
need_pkg fonts-dejavu-core
# Uploads: the file type is read from the content by libmagic (python-magic).
need_pkg libmagic1

if [[ "$mode" == "--all" ]]; then
    [[ -x /usr/lib/postgresql/15/bin/postgres ]] || missing+=(postgresql-15)
    need_cmd redis-server redis-server
    [[ -x /usr/sbin/nginx ]] || missing+=(nginx-light)  # bench and topology test (loopback)
    need_cmd chromium chromium
    need_pkg fonts-dejavu-core
    need_pkg fonts-liberation
    # The EICAR test runs against a real clamd, started by the tests or by ci-services.sh with
    # its own config and a signature file the project generates (no freshclam download).
    [[ -x /usr/sbin/clamd ]] || missing+=(clamav-daemon)
fi

if [[ ${#missing[@]} -eq 0 ]]; then
    echo "Paquets système : tout est déjà installé."
    exit 0
fi

echo "Paquets système à installer : ${missing[*]}"
apt-get -o Acquire::Retries=3 update -q
apt-get -o Acquire::Retries=3 install -y -q --no-install-recommends "${missing[@]}"
