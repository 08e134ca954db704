from django.apps import AppConfig


class SharingConfig(AppConfig):
    name = "preau.sharing"
    label = "sharing"
    verbose_name = "Partages"
