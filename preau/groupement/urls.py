from django.urls import path

from preau.groupement.views import downloads, pages

app_name = "groupement"
urlpatterns = [
    path("", pages.home, name="home"),
    path("export.csv", downloads.console_export, name="export"),
    path("adherents/<int:pk>/", pages.adherent, name="adherent"),
    path("adherents/<int:pk>/historique/", pages.history, name="history"),
    path(
        "adherents/<int:pk>/factures/<int:invoice_id>.<str:fmt>",
        downloads.invoice_download,
        name="invoice",
    ),
    path(
        "adherents/<int:pk>/releves/<int:snapshot_id>.<str:fmt>",
        downloads.snapshot_download,
        name="snapshot",
    ),
]
