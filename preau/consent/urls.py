from django.urls import path

from preau.consent import views

app_name = "consent"
urlpatterns = [
    path("ecole/<int:pk>/", views.school_view, name="school"),
]
