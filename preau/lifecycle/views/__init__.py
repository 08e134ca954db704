from preau.lifecycle.views.activation import activate_view, forgot_view, reset_view
from preau.lifecycle.views.manage import (
    account_action_view,
    class_letters_view,
    class_view,
    overview_view,
    school_letters_view,
    school_view,
)

__all__ = [
    "account_action_view",
    "activate_view",
    "class_letters_view",
    "class_view",
    "forgot_view",
    "overview_view",
    "reset_view",
    "school_letters_view",
    "school_view",
]
