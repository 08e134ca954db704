"""An app process's full garbage collections walk what requests left, not all of Django."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PROBE = """
import gc, json
import config.{module}
print(json.dumps({{"frozen": gc.get_freeze_count(), "walked": len(gc.get_objects())}}))
"""


@pytest.mark.parametrize("module", ["wsgi", "asgi"])
def test_an_app_process_starts_with_its_startup_objects_out_of_the_collectors_walk(module):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(module=module)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    found = json.loads(out.stdout.strip().splitlines()[-1])
    assert found["frozen"] > 50_000  # Django, the apps, every URL pattern and view
    assert found["walked"] < found["frozen"] // 20
