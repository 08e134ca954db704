"""An index on the pupils' key: names and birth date (ADR 0053). PostgreSQL only: it indexes an
expression of `translate` and regular expressions, and SQLite's tables are small.

The search for pupils moving in from another school (`services/plan.py`, `_pupils_elsewhere`)
asks for the accounts whose `last|first|birth day` key (`preau.imports.namekey.pupil_key`) is one
of the file's. Accounts without a birth date have a NULL key. The index is not partial: PostgreSQL
estimates a condition on an expression from the statistics of an index on it only when the index
has no predicate, and without them it prefers the birth date's index. Without this index PostgreSQL computes the key of every
pupil of the académie born on those days (a tenth of them for a first import of a school).

An index expression takes no parameters, so the expression is written here as text, frozen: the
letters table and the separators below are those of `namekey` when this migration was written,
and `test_services_pupils_elsewhere.py` checks that `namekey.pupil_key()` still builds the same
text. If `match_key` changes, that test fails: a new migration recreates the index."""

from django.db import migrations

INDEX = "imports_user_pupil_name_key"
SOURCE = (
    'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyzªºÀÁÂÃÄÅ'
    'ÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČ'
    'čĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘř'
    'ŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžſƠơƯưǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛǜǞǟǠǡ'
    'ǦǧǨǩǪǫǬǭǰǴǵǸǹǺǻȀȁȂȃȄȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓȔȕȖȗȘșȚțȞȟȦȧȨȩȪȫȬȭȮȯȰȱȲȳ'
)
TARGET = (
    'abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzaoaaaaaa'
    'ceeeeiiiinooooouuuuyaaaaaaceeeeiiiinooooouuuuyyaaaaaaccccccc'
    'cddeeeeeeeeeegggggggghhiiiiiiiiijjkkllllllnnnnnnoooooorrrrrr'
    'ssssssssttttuuuuuuuuuuuuwwyyyzzzzzzsoouuaaiioouuuuuuuuuuaaaa'
    'ggkkoooojggnnaaaaaaeeeeiiiioooorrrruuuusstthhaaeeooooooooyy'
)
SEPARATORS = " -'’‐"


def _literal(text):
    return "'" + text.replace("'", "''") + "'"


def _bracket(chars):
    return "".join("\\" + c if c in "\\]^-[" else c for c in chars)


def _key(column):
    separators = _literal(f"[{_bracket(SEPARATORS)}]+")
    return (
        f"btrim(regexp_replace(translate({column}, {_literal(SOURCE)}, {_literal(TARGET)}), "
        f"{separators}, ' ', 'g'), ' ')"
    )


def _unkeyable(column):
    return f"{column} ~ {_literal(f'[^{_bracket(SOURCE + SEPARATORS)}]')}"


def pupil_key():
    """`namekey.pupil_key()` as it was when this index was created."""
    return (
        f"CASE WHEN {_unkeyable('last_name')} OR {_unkeyable('first_name')} THEN '?' "
        f"ELSE {_key('last_name')} || '|' || {_key('first_name')} END || '|' || "
        "(birth_date - DATE '2000-01-01')::text"
    )


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON accounts_user (({pupil_key()}))"
        )
        schema_editor.execute("ANALYZE accounts_user")  # statistics of the new expression


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("imports", "0003_import_lookup_indexes"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
