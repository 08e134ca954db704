from django.apps import AppConfig


class ConsentConfig(AppConfig):
    name = "preau.consent"
    verbose_name = "Droit à l'image"
