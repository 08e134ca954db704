from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "preau.directory"
    label = "directory"
    verbose_name = "Annuaire"
