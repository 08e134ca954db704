"""Benchmark: a whole school's login letters (weasyprint), against a reference in the same run.

    PREAU_ENV=test .venv/bin/python bench/letters_pdf.py [--letters 700] [--runs 3]

Reference: weasyprint turning as many one-sentence A4 pages (the letters' stylesheet) into a
PDF, its floor per page. Measured: the letters of `--letters` families built by the lifecycle
app's own code (QR codes, template, PDF). No database: the accounts are unsaved User objects.
Prints the median wall and CPU time of each, the ratio to the reference, and checks the PDF has
one page per letter. CPU time is the figure to compare on a shared machine.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _median(work: Callable[[], bytes], runs: int) -> tuple[float, float, bytes]:
    walls, cpus, out = [], [], b""
    for _ in range(runs):
        wall, cpu = time.perf_counter(), _cpu()
        out = work()
        walls.append(time.perf_counter() - wall)
        cpus.append(_cpu() - cpu)
    return statistics.median(walls), statistics.median(cpus), out


def main() -> None:
    import django

    django.setup()
    from pypdf import PdfReader

    from preau.accounts.models import User
    from preau.directory.models import School
    from preau.lifecycle import letters
    from preau.lifecycle.selectors import Family, Recipients

    parser = argparse.ArgumentParser()
    parser.add_argument("--letters", type=int, default=700)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    n = args.letters
    school = School(name="École primaire Jacques Prévert", commune="Nantes", uai="0440001M")
    families = [
        Family(
            User(pk=i, login=f"prenom{i}.nom{i}", first_name=f"Prénom{i}", last_name=f"NOM{i}"),
            [User(pk=n + i, login=f"enfant{i}", first_name=f"Enfant{i}", last_name=f"NOM{i}")],
        )
        for i in range(1, n + 1)
    ]
    recipients = Recipients([], families)
    clear = {family.parent.pk: "abcdefgh" for family in families}
    pages = "".join(f'<section class="letter"><p>Bonjour {i}</p></section>' for i in range(n))

    import weasyprint

    stylesheet = weasyprint.CSS(filename=str(letters.CSS_PATH))  # plain weasyprint, our CSS
    html = f"<html lang=fr><body>{pages}</body></html>"
    ref_wall, ref_cpu, _ = _median(
        lambda: bytes(weasyprint.HTML(string=html).write_pdf(stylesheets=[stylesheet])), args.runs
    )
    wall, cpu, out = _median(
        lambda: letters.render_pdf(letters.letters_html(school, recipients, clear, "familles")),
        args.runs,
    )
    assert len(PdfReader(io.BytesIO(out)).pages) == n
    print(f"reference, {n} one-line pages: wall {ref_wall:.2f} s, cpu {ref_cpu:.2f} s")
    print(
        f"{n} family letters: wall {wall:.2f} s ({wall / ref_wall:.1f}× reference), "
        f"cpu {cpu:.2f} s ({cpu / ref_cpu:.1f}× reference), {len(out) // 1024} KiB"
    )


if __name__ == "__main__":
    main()
