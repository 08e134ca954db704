from django.urls import path

from preau.portal.views import home, pages

app_name = "portal"
urlpatterns = [
    path("", home.home, name="home"),
    path("aide/", pages.help_page, name="help"),
    path("mentions-legales/", pages.legal, name="legal"),
    path("donnees-personnelles/", pages.privacy, name="privacy"),
    path("accessibilite/", pages.accessibility, name="accessibility"),
]
