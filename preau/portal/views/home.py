"""The home page: the person's services as tiles, by profile and per child."""

from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from preau.accounts.models import User
from preau.news.selectors import home_news_for
from preau.portal.selectors import get_home


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    context = {"home": get_home(user), "news": home_news_for(user)}
    return render(request, "portal/home.html", context)
