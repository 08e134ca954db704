from django.urls import path

from preau.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.account_view, name="account"),
    path("connexion/", views.login_view, name="login"),
    path("deconnexion/", views.logout_view, name="logout"),
    path("mot-de-passe/", views.password_change_view, name="password_change"),
]
