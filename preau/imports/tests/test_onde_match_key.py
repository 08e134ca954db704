"""Names compared for matching (formats.md §1): accents, case and separators do not count."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from preau.imports.onde import match_key


def test_accents_case_and_separators_do_not_tell_two_names_apart():
    assert match_key("  Éléonore-Marie  D'Aubigné ") == match_key("eleonore marie d aubigne")
    assert match_key("LEFÈVRE") == match_key("Lefevre") == "lefevre"
    assert match_key("Lefèvre") != match_key("Lefebvre")


@given(st.text())
def test_a_name_in_plain_ascii_gets_the_key_its_accented_spelling_gets(text):
    # The ASCII fast path must agree with the general one: strip the accents first, by hand.
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    if plain.isascii():
        assert match_key(plain) == match_key(text)
