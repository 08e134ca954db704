from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "preau.news"
    verbose_name = "Actualités"
