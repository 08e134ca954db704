"""A throw-away clamd for tests and CI, with its own config and a signature file we generate.

Debian's `clamav-daemon` gives the `clamd` binary; its databases would come from `freshclam`,
which cannot download here. clamd loads any signature file in its `DatabaseDirectory`, so we
write one extended (`.ndb`) signature matching the EICAR test string anywhere in a file, and
the real scanner (INSTREAM, limits, answers) is exercised end to end (ADR 0040).

    python -m preau.storage.local_clamd start DIR   # daemonises; prints PREAU_TEST_CLAMD_ADDRESS=…
                                                    # (scripts/ci-services.sh stops it by its pid)

Tests use `running_clamd(dir)` (preau/storage/testing.py's `clamd_address` fixture).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
SIGNATURE_NAME = "Preau.Test.EICAR"
DEBIAN_CLAMD = "/usr/sbin/clamd"


def clamd_binary() -> str | None:
    found = shutil.which("clamd")
    if found:
        return found
    return DEBIAN_CLAMD if Path(DEBIAN_CLAMD).exists() else None


def write_config(directory: Path, *, foreground: bool) -> Path:
    """`directory`/clamd.conf and `directory`/db/preau-test.ndb; returns the config's path."""
    database = directory / "db"
    database.mkdir(parents=True, exist_ok=True)
    # Extended signature: Name:TargetType(0 = any file):Offset(* = anywhere):hex bytes.
    (database / "preau-test.ndb").write_text(f"{SIGNATURE_NAME}:0:*:{EICAR.hex()}\n")
    config = directory / "clamd.conf"
    config.write_text(
        "\n".join(
            [
                f"LocalSocket {directory / 'clamd.sock'}",
                f"DatabaseDirectory {database}",
                f"PidFile {directory / 'clamd.pid'}",
                f"LogFile {directory / 'clamd.log'}",
                f"TemporaryDirectory {directory}",
                f"Foreground {'yes' if foreground else 'no'}",
                # As large as the largest upload (500 MiB): beyond it clamd answers an error and
                # the upload is refused (fail closed), so production must set the same.
                "StreamMaxLength 512M",
                "MaxScanSize 512M",
                "MaxFileSize 512M",
                "",
            ]
        )
    )
    return config


def socket_path(directory: Path) -> Path:
    return directory / "clamd.sock"


def _answers(path: Path) -> bool:
    with socket.socket(socket.AF_UNIX) as sock:
        sock.settimeout(1.0)
        try:
            sock.connect(str(path))
            sock.sendall(b"zPING\0")
            return sock.recv(16).startswith(b"PONG")
        except OSError:
            return False


def _wait_until_ready(directory: Path, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if _answers(socket_path(directory)):
            return
        time.sleep(0.05)
    log = directory / "clamd.log"
    detail = log.read_text()[-2000:] if log.exists() else ""
    raise RuntimeError(f"clamd did not answer on {socket_path(directory)}\n{detail}")


@contextmanager
def running_clamd(directory: Path) -> Iterator[str]:
    """A clamd in the foreground for the duration of the block; yields its socket address."""
    binary = clamd_binary()
    if binary is None:
        raise FileNotFoundError("clamd")
    config = write_config(directory, foreground=True)
    process = subprocess.Popen(  # noqa: S603
        [binary, f"--config-file={config}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        _wait_until_ready(directory)
        yield str(socket_path(directory))
    finally:
        process.terminate()
        process.wait(timeout=10)


def start(directory: Path) -> str:
    """Start a daemonised clamd (CI); its pid goes to `directory`/clamd.pid."""
    binary = clamd_binary()
    if binary is None:
        raise FileNotFoundError("clamd")
    config = write_config(directory, foreground=False)
    subprocess.run([binary, f"--config-file={config}"], check=True)  # noqa: S603
    _wait_until_ready(directory)
    return str(socket_path(directory))


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] != "start":
        print("usage: python -m preau.storage.local_clamd start DIR", file=sys.stderr)
        return 2
    directory = Path(argv[1]).resolve()
    if clamd_binary() is None:
        print("clamd absent (paquet clamav-daemon) : le test EICAR sera sauté.", file=sys.stderr)
        return 0
    print(f"PREAU_TEST_CLAMD_ADDRESS={start(directory)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
