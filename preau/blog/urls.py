from django.urls import path

from preau.blog import views

app_name = "blog"
urlpatterns = [
    path("", views.home_view, name="home"),
    path("classe/<int:pk>/", views.blog_view, name="blog"),
    path("classe/<int:pk>/ecrire/", views.compose_view, name="compose"),
    path("classe/<int:pk>/moderation/", views.moderation_view, name="moderation"),
    path("classe/<int:pk>/cahier/", views.book_view, name="book"),
    path("article/<int:pk>/", views.post_view, name="post"),
    path("article/<int:pk>/publier/", views.publish_view, name="publish"),
    path("article/<int:pk>/refuser/", views.reject_view, name="reject"),
    path("article/<int:pk>/supprimer/", views.delete_view, name="delete"),
    path("article/<int:pk>/commenter/", views.comment_view, name="comment"),
    path("commentaire/<int:pk>/moderer/", views.moderate_comment_view, name="moderate_comment"),
    path("media/<int:pk>/", views.media_view, name="media"),
]
