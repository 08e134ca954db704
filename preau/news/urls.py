from django.urls import path

from preau.news import views

app_name = "news"
urlpatterns = [
    path("", views.list_view, name="list"),
    path("nouvelle/", views.new_view, name="new"),
]
