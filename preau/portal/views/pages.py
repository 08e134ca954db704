"""Public informational pages: help, legal notice, personal data, accessibility statement."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from preau.portal.operator import get_operator_info


def help_page(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/help.html", {"operator": get_operator_info()})


def legal(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/legal.html", {"operator": get_operator_info()})


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/privacy.html", {"operator": get_operator_info()})


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/accessibility.html", {"operator": get_operator_info()})
