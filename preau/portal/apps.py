from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "preau.portal"
    label = "portal"
    verbose_name = "Portail"
