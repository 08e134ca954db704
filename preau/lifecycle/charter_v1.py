"""The first charte d'utilisation, seeded by migration 0002 (a new version is a new Charter row)."""

from pathlib import Path

TITLE = "Charte d'utilisation de l'espace numérique de travail"
TEXT = (Path(__file__).parent / "charter_v1.txt").read_text(encoding="utf-8")
