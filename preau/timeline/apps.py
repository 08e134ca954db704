from django.apps import AppConfig


class TimelineConfig(AppConfig):
    name = "preau.timeline"
    label = "timeline"
    verbose_name = "Fil de nouveautés et notifications"
