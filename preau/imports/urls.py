from django.urls import path

from preau.imports import views

app_name = "imports"
urlpatterns = [
    path("ecole/<int:pk>/", views.upload_view, name="upload"),
    path("<int:pk>/", views.job_view, name="job"),
    path("<int:pk>/confirmer/", views.confirm_view, name="confirm"),
    path("<int:pk>/annuler/", views.cancel_view, name="cancel"),
    path("<int:pk>/avancement/", views.progress_view, name="progress"),
]
