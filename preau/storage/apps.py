from django.apps import AppConfig


class StorageConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "preau.storage"
    verbose_name = "Stockage des fichiers"
