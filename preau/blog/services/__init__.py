"""All writes of the class blog."""

from preau.blog.services.comments import add_comment, moderate_comment, set_moderation
from preau.blog.services.posts import (
    MediaUpload,
    create_post,
    delete_post,
    ensure_blog,
    publish_post,
    reject_post,
)

__all__ = [
    "MediaUpload",
    "add_comment",
    "create_post",
    "delete_post",
    "ensure_blog",
    "moderate_comment",
    "publish_post",
    "reject_post",
    "set_moderation",
]
