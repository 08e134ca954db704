from django.urls import path

from preau.messaging.views import attachments, boxes, compose, moderation

app_name = "messaging"
urlpatterns = [
    path("", boxes.mailbox, name="mailbox"),
    path("dossier/<str:folder>/", boxes.mailbox, name="folder"),
    path("dossiers/", boxes.create_folder, name="create_folder"),
    path("dossiers/<int:pk>/supprimer/", boxes.delete_folder, name="delete_folder"),
    path("message/<int:pk>/", boxes.read, name="read"),
    path("message/<int:pk>/deplacer/", boxes.move, name="move"),
    path("message/<int:pk>/supprimer/", boxes.delete, name="delete"),
    path("ecrire/", compose.compose, name="compose"),
    path("brouillon/", compose.autosave, name="autosave"),
    path("pieces-jointes/", attachments.attach, name="attach"),
    path("pieces-jointes/<int:pk>/retirer/", attachments.detach, name="detach"),
    path(
        "message/<int:pk>/pieces-jointes/<int:attachment_id>/",
        attachments.download,
        name="attachment",
    ),
    path("destinataires/", compose.recipient_search, name="recipients"),
    path("moderation/", moderation.queue, name="moderation"),
    path("moderation/<int:pk>/", moderation.decide, name="decide"),
    path("moderation/classe/<int:pk>/", moderation.set_class, name="set_class"),
]
