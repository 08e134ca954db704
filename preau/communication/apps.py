from django.apps import AppConfig


class CommunicationConfig(AppConfig):
    name = "preau.communication"
    label = "communication"
    verbose_name = "Règles de communication"
