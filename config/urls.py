from django.contrib import admin
from django.urls import include, path

from config.api import api
from preau.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("api/v1/", api.urls),
    path("operateurs/", admin.site.urls),
    path("compte/", include("preau.accounts.urls")),
    path("annuaire/", include("preau.directory.urls")),
    path("groupement/", include("preau.groupement.urls")),
    path("communication/", include("preau.communication.urls")),
    path("acces/", include("preau.lifecycle.urls")),
    path("messagerie/", include("preau.messaging.urls")),
    path("fil/", include("preau.timeline.urls")),
    path("carnet/", include("preau.liaison.urls")),
    path("actualites/", include("preau.news.urls")),
    path("imports/", include("preau.imports.urls")),
    path("documents/", include("preau.documents.urls")),
    path("droit-image/", include("preau.consent.urls")),
    path("blog/", include("preau.blog.urls")),
    path("stockage/", include("preau.storage.urls")),
    path("", include("preau.ops.urls")),
    path("", include("preau.portal.urls")),
]
