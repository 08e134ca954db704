"""Antivirus: every upload goes through clamd when PREAU_CLAMD_ADDRESS is set (INSTREAM)."""

from __future__ import annotations

import logging
from pathlib import Path

from clamav_client.scanner import ClamdScanner
from django.conf import settings

from preau.storage.errors import ScanUnavailable, VirusFound

log = logging.getLogger(__name__)


def scanning_enabled() -> bool:
    return bool(settings.PREAU_CLAMD_ADDRESS)


def scan_file(path: Path) -> None:
    """Raise `VirusFound` for an infected file, `ScanUnavailable` if clamd cannot answer.

    Fails closed: with a configured antivirus, a file that could not be scanned is not stored.
    """
    if not scanning_enabled():
        return
    scanner = ClamdScanner(
        {"backend": "clamd", "address": settings.PREAU_CLAMD_ADDRESS, "timeout": 60.0}
    )
    result = scanner.scan(str(path))
    if result.state == "FOUND":
        log.warning("upload refused: virus %s", result.details)
        raise VirusFound(virus=result.details or "")
    if result.state != "OK":
        log.error("clamd scan failed: %s", result.details)
        raise ScanUnavailable()
