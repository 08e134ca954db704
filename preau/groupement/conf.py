"""The groupement's settings: Django settings first (tests override them), else the environment.

PREAU_AVAILABILITY_THRESHOLD: the CCTP's monthly availability threshold, in percent (99.5).
PREAU_BPU_UNIT_PRICE_CENTS: the BPU's unit price per account and per year, HT, in cents (150).
PREAU_VAT_RATE_PERMILLE: the VAT rate in per mille (200 = 20 %).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings

from config.env import env_int, env_str


def availability_threshold() -> Decimal:
    value = getattr(settings, "PREAU_AVAILABILITY_THRESHOLD", None)
    if value is None:
        value = env_str("PREAU_AVAILABILITY_THRESHOLD", "99.5")
    return Decimal(str(value))


def bpu_unit_price_cents() -> int:
    value = getattr(settings, "PREAU_BPU_UNIT_PRICE_CENTS", None)
    return int(value) if value is not None else env_int("PREAU_BPU_UNIT_PRICE_CENTS", 150)


def vat_rate_permille() -> int:
    value = getattr(settings, "PREAU_VAT_RATE_PERMILLE", None)
    return int(value) if value is not None else env_int("PREAU_VAT_RATE_PERMILLE", 200)
