from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "preau.accounts"
    label = "accounts"
    verbose_name = "Comptes"
