from django.apps import AppConfig


class LiaisonConfig(AppConfig):
    name = "preau.liaison"
    verbose_name = "Carnet de liaison"
