"""Typed errors of the droit à l'image."""

from __future__ import annotations

from preau.core.errors import InvalidInput


class NotAPupilOfTheSchool(InvalidInput):
    code = "not_a_pupil_of_the_school"
    default_message = "Cette personne n'est pas élève de cette école."
