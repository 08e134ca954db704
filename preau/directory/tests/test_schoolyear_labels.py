import datetime

import pytest

from preau.directory.schoolyear import current_school_year, year_label


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (datetime.date(2026, 8, 31), 2025),
        (datetime.date(2026, 9, 1), 2026),
        (datetime.date(2027, 1, 15), 2026),
        (datetime.date(2027, 7, 4), 2026),
    ],
)
def test_school_year_starts_on_first_september(day, year):
    assert current_school_year(day) == year


def test_start_month_comes_from_settings(settings):
    settings.PREAU_SCHOOL_YEAR_START_MONTH = 8
    assert current_school_year(datetime.date(2026, 8, 20)) == 2026


def test_year_label():
    assert year_label(2026) == "2026-2027"
