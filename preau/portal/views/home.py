"""The home page: the person's services as tiles, by profile and per child."""

from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from preau.accounts.models import User
from preau.portal.selectors import get_home


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    return render(request, "portal/home.html", {"home": get_home(user)})
