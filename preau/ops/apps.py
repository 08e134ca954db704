from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "preau.ops"
    label = "ops"
    verbose_name = "Exploitation"
