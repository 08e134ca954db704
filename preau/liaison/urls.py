from django.urls import path

from preau.liaison import views

app_name = "liaison"
urlpatterns = [
    path("", views.home_view, name="home"),
    path("nouveau/", views.new_note_view, name="new"),
    path("mot/<int:pk>/", views.note_view, name="note"),
    path("mot/<int:pk>/signer/", views.sign_view, name="sign"),
    path("mot/<int:pk>/repondre/", views.answer_view, name="answer"),
    path("mot/<int:pk>/relancer/", views.remind_view, name="remind"),
    path(
        "mot/<int:pk>/piece-jointe/<int:attachment>/",
        views.attachment_view,
        name="attachment",
    ),
    path("mot/<int:pk>/suivi.csv", views.export_csv_view, name="export_csv"),
    path("mot/<int:pk>/suivi.pdf", views.export_pdf_view, name="export_pdf"),
    path("ecrire/", views.write_to_teacher_view, name="write"),
    path("message/<int:pk>/", views.message_view, name="message"),
    path("message/<int:pk>/pris-en-compte/", views.acknowledge_view, name="acknowledge"),
]
