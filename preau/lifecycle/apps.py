from django.apps import AppConfig


class LifecycleConfig(AppConfig):
    name = "preau.lifecycle"
    label = "lifecycle"
    verbose_name = "Cycle de vie des comptes"
