"""HTML views of the accounts app (French, accessible). They call services for every write."""

from preau.accounts.views.account import account_view
from preau.accounts.views.lockout import lockout_response, too_many_attempts_response
from preau.accounts.views.login import login_view, logout_view
from preau.accounts.views.password import password_change_view

__all__ = [
    "account_view",
    "lockout_response",
    "login_view",
    "logout_view",
    "password_change_view",
    "too_many_attempts_response",
]
