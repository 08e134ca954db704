from preau.blog.views.blog import blog_view, book_view, compose_view, home_view, moderation_view
from preau.blog.views.posts import (
    comment_view,
    delete_view,
    media_view,
    moderate_comment_view,
    post_view,
    publish_view,
    reject_view,
)

__all__ = [
    "blog_view",
    "book_view",
    "comment_view",
    "compose_view",
    "delete_view",
    "home_view",
    "media_view",
    "moderate_comment_view",
    "moderation_view",
    "post_view",
    "publish_view",
    "reject_view",
]
