from django.urls import path

from preau.timeline.views import feed

app_name = "timeline"
urlpatterns = [
    path("", feed.feed, name="feed"),
    path("apercu/", feed.home_preview, name="preview"),
    path("<int:pk>/ouvrir/", feed.open_entry, name="open"),
    path("tout-lu/", feed.read_all, name="read_all"),
    path("badge/", feed.badge, name="badge"),
    path("direct/", feed.stream, name="stream"),
    path("preferences/", feed.preferences, name="preferences"),
]
