from django.urls import path

from preau.documents import views

app_name = "documents"

urlpatterns = [
    path("", views.home, name="home"),
    path("dossier/<int:pk>/", views.folder, name="folder"),
    path("dossier/<int:pk>/partager/", views.share_folder, name="share_folder"),
    path("dossier/<int:pk>/<str:action>/", views.folder_action, name="folder_action"),
    path("partages/", views.shared, name="shared"),
    path("classe/<int:pk>/", views.class_space, name="class_space"),
    path("equipe/<int:pk>/", views.team_space, name="team_space"),
    path("corbeille/", views.trash, name="trash"),
    path("recherche/", views.search, name="search"),
    path("envoyer/", views.upload, name="upload"),
    path("nouveau-dossier/", views.new_folder, name="new_folder"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/contenu/", views.content, name="content"),
    path("<int:pk>/apercu/", views.preview, name="preview"),
    path("<int:pk>/renommer/", views.rename_document, name="rename"),
    path("<int:pk>/deplacer/", views.move_document, name="move"),
    path("<int:pk>/copier/", views.copy_document, name="copy"),
    path("<int:pk>/deplacer-copier/", views.move_copy, name="move_copy"),
    path("<int:pk>/version/", views.new_version, name="new_version"),
    path("<int:pk>/corbeille/", views.trash_document, name="trash_document"),
    path("<int:pk>/restaurer/", views.restore_document, name="restore"),
    path("<int:pk>/supprimer/", views.purge_document, name="purge"),
    path("<int:pk>/partager/", views.share, name="share"),
    path("<int:pk>/partages/<int:share_id>/retirer/", views.unshare, name="unshare"),
    path("destinataires/", views.recipients, name="recipients"),
]
