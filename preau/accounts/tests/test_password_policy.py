from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import (
    password_validators_help_texts,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.test import override_settings

from preau.accounts.password_policy import is_passphrase, rule_for
from preau.directory.factories import (
    FunctionAssignmentFactory,
    ProfileAssignmentFactory,
    SchoolFactory,
    UserFactory,
)
from preau.directory.models import Function, Profile, School

pytestmark = pytest.mark.django_db

ADULT_PROFILES = [p for p in Profile if p != Profile.ELEVE]


def _person(profile: Profile, rule: str = "simple"):
    # Fixed names: the similarity validator compares passwords with them.
    user = UserFactory.create(first_name="Zoé", last_name="Baudin")
    school = SchoolFactory.create(pupil_password_rule=rule)
    if profile == Profile.INSPECTION:
        from preau.directory.factories import CirconscriptionFactory

        ProfileAssignmentFactory.create(
            user=user, profile=profile, school=None, circonscription=CirconscriptionFactory.create()
        )
    elif profile == Profile.COLLECTIVITE:
        ProfileAssignmentFactory.create(
            user=user, profile=profile, school=None, collectivite=school.collectivite
        )
    else:
        ProfileAssignmentFactory.create(user=user, profile=profile, school=school)
    return user


def _messages(password: str, user) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return list(error.messages)
    return []


@pytest.mark.parametrize("profile", ADULT_PROFILES)
def test_adults_need_twelve_characters(profile):
    user = _person(profile)
    assert "Ce mot de passe est trop court : il faut au moins 12 caractères" in " ".join(
        _messages("Kp9#vLq2xZ", user)
    )
    assert _messages("Kp9#vLq2xZ!m", user) == []


@override_settings(PREAU_ADULT_PASSWORD_MIN_LENGTH=20)
def test_adults_may_use_a_passphrase_of_four_words():
    user = _person(Profile.RESPONSABLE)
    assert _messages("cerf-volant-bleu-ciel", user) == []  # 21 characters anyway
    assert _messages("sel mer ciel bol", user) == []  # 16 characters, 4 words
    assert _messages("sel mer ciel b0l", user) != []  # the fourth word has 2 letters


def test_passphrase_counts_only_words_of_three_letters_or_more():
    assert is_passphrase("Le chat dort sur le tapis rouge")
    assert not is_passphrase("le la un de chat")
    assert is_passphrase("élève-école-goûter-forêt")


@pytest.mark.parametrize(
    ("rule", "too_short", "long_enough"),
    [
        (School.PupilPasswordRule.SIMPLE, "tig3r", "tig3re"),
        (School.PupilPasswordRule.STANDARD, "tig3rou", "tig3rou8"),
    ],
)
def test_pupils_follow_their_schools_rule(rule, too_short, long_enough):
    pupil = _person(Profile.ELEVE, rule=rule)
    assert _messages(too_short, pupil) != []
    assert _messages(long_enough, pupil) == []


def test_a_pupil_in_two_schools_follows_the_strictest_rule():
    pupil = _person(Profile.ELEVE, rule="simple")
    ProfileAssignmentFactory.create(
        user=pupil,
        profile=Profile.ELEVE,
        school=SchoolFactory.create(pupil_password_rule="standard"),
    )
    assert rule_for(pupil).min_length == 8


def test_a_pupil_who_is_also_a_parent_follows_the_adult_rule():
    person = _person(Profile.ELEVE)
    ProfileAssignmentFactory.create(
        user=person, profile=Profile.RESPONSABLE, school=SchoolFactory.create()
    )
    assert rule_for(person).min_length == 12


def test_a_pupil_profile_with_a_function_follows_the_adult_rule():
    person = _person(Profile.ELEVE)
    FunctionAssignmentFactory.create(user=person, function=Function.ADMIN_LOCAL)
    assert rule_for(person).min_length == 12


def test_someone_without_profile_or_unsaved_follows_the_adult_rule():
    assert rule_for(UserFactory.create()).min_length == 12
    assert rule_for(None).min_length == 12


@pytest.mark.parametrize("profile", list(Profile))
def test_common_passwords_are_refused_for_everyone(profile):
    user = _person(profile)
    messages = _messages("azertyuiop", user)
    assert any("trop courant" in m for m in messages)


def test_help_texts_are_in_french_and_describe_both_rules():
    texts = " ".join(password_validators_help_texts())
    assert "au moins 12 caractères" in texts
    assert "élèves" in texts
    assert "mot de passe courant" in texts


def test_working_out_a_pupils_rule_costs_two_queries(django_assert_num_queries):
    pupil = _person(Profile.ELEVE)
    ProfileAssignmentFactory.create(
        user=pupil, profile=Profile.ELEVE, school=SchoolFactory.create()
    )
    with django_assert_num_queries(2):
        rule_for(pupil)


def test_working_out_an_adults_rule_costs_one_query(django_assert_num_queries):
    teacher = _person(Profile.ENSEIGNANT)
    with django_assert_num_queries(1):
        rule_for(teacher)
