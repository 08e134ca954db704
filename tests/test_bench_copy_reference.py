"""S1/S2's reference copies the rows an import inserted into the same tables as the import found
them (ADR 0065): the real tables are left as they were, and every twin is dropped."""

import pytest
from django.db import connection

from bench import copy_reference
from bench.imports import _max_ids, _tables
from bench.onde_files import onde_files
from bench.people import school_people
from preau.directory.models import Academie, Departement
from preau.directory.schoolyear import current_school_year
from preau.imports.services import import_onde
from preau.imports.services.schools import school_for_import

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY needs PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


def import_school(n: int) -> None:
    if not Departement.objects.filter(code="910").exists():
        academie = Academie.objects.create(code="BENCHT", name="Bench")
        Departement.objects.create(code="910", academie=academie, name="Bench")
    year = current_school_year()
    people = school_people(n, year, base=9100000)
    school = school_for_import(people.uai, people.name)
    import_onde(None, school, onde_files(people), school_year=year)


def counts(cursor, tables):
    found = {}
    for table in tables:
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        found[table] = cursor.fetchone()[0]
    return found


def test_the_reference_copies_each_phase_s_rows_and_leaves_the_real_tables_as_they_were():
    import_school(1)
    connection.ensure_connection()
    cursor = connection.connection.cursor()
    tables = _tables()
    before = _max_ids(cursor, tables)
    import_school(2)
    after_one = _max_ids(cursor, tables)
    import_school(3)
    after_two = _max_ids(cursor, tables)
    inserted = {t: after_two[t] - before[t] for t in tables}
    stored = counts(cursor, tables)

    found = copy_reference.measure(cursor, before, {"one": after_one, "two": after_two}, runs=2)

    assert 0 < found["one"].rows < found["two"].rows == sum(inserted.values())
    assert len(found["two"].runs) == 2 and min(found["two"].runs) > 0
    assert found["two"].empty_seconds > 0 and found["two"].without_foreign_keys_seconds > 0
    assert counts(cursor, tables) == stored
    cursor.execute("SELECT count(*) FROM pg_tables WHERE tablename LIKE 'bench_copy_%'")
    assert cursor.fetchone()[0] == 0


def test_a_twin_holds_the_rows_the_import_found_and_the_real_table_s_foreign_keys():
    import_school(1)
    connection.ensure_connection()
    cursor = connection.connection.cursor()
    table = "directory_groupmembership"
    low = _max_ids(cursor, [table])[table]
    import_school(2)

    twin = copy_reference._same_table_twin(cursor, table, low)
    copy_reference._add_foreign_keys(cursor, table, twin)

    cursor.execute(f'SELECT count(*), max(id) FROM "{table}" WHERE id <= {low}')
    found_by_the_import = cursor.fetchone()
    cursor.execute(f'SELECT count(*), max(id) FROM "{twin}"')
    assert cursor.fetchone() == found_by_the_import
    cursor.execute(
        "SELECT count(*) FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f'",
        [twin],
    )
    assert cursor.fetchone()[0] == len(copy_reference._foreign_keys(cursor, table)) >= 2
    cursor.execute(f'DROP TABLE "{twin}"')
