from django.urls import path

from preau.communication.views import classes, screens

app_name = "communication"
urlpatterns = [
    path("ecole/<str:uai>/", screens.school_rules, name="school"),
    path("ecole/<str:uai>/reinitialiser/", screens.school_reset, name="school_reset"),
    path("ecole/<str:uai>/suspendre/", screens.school_suspend, name="school_suspend"),
    path("classe/<int:pk>/", classes.class_rules, name="class"),
    path("academie/", screens.academie, name="academie"),
    path("suspensions/<int:pk>/lever/", screens.lift, name="lift"),
]
