from django.conf import settings
from django.http import HttpRequest


def instance(request: HttpRequest) -> dict[str, str]:
    return {"PREAU_INSTANCE_NAME": settings.PREAU_INSTANCE_NAME}
