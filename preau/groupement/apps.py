from django.apps import AppConfig


class GroupementConfig(AppConfig):
    name = "preau.groupement"
    label = "groupement"
    verbose_name = "Groupement de commandes"
