from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "preau.imports"
    label = "imports"
    verbose_name = "Imports de l'annuaire"
