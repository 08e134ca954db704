from django.urls import path

from preau.lifecycle import views

app_name = "lifecycle"
urlpatterns = [
    path("", views.overview_view, name="overview"),
    path("activer/", views.activate_view, name="activate"),
    path("mot-de-passe-oublie/", views.forgot_view, name="forgot"),
    path("reinitialiser/<str:uidb64>/<str:token>/", views.reset_view, name="reset"),
    path("ecole/<int:pk>/", views.school_view, name="school"),
    path("ecole/<int:pk>/lettres.pdf", views.school_letters_view, name="school_letters"),
    path("classe/<int:pk>/", views.class_view, name="class"),
    path("classe/<int:pk>/lettres.pdf", views.class_letters_view, name="class_letters"),
    path("personne/<int:pk>/<str:action>/", views.account_action_view, name="account_action"),
]
