from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "preau.blog"
    verbose_name = "Cahier multimédia et blog de classe"
