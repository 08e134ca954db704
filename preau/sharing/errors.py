from preau.core.errors import PreauError


class CommunicationForbidden(PreauError):
    """Sharing with someone the communication rules do not let the person reach."""

    code = "communication_forbidden"
    status = 403
    default_message = (
        "Les règles de communication de l'école ne vous permettent pas de partager "
        "avec cette personne ou ce groupe."
    )
