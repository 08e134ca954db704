from django.urls import path

from preau.storage import views

app_name = "storage"

urlpatterns = [
    path("", views.schools, name="schools"),
    path("ecole/<int:pk>/", views.school, name="school"),
    path("ecole/<int:school_pk>/personne/<int:pk>/", views.person, name="person"),
]
