"""Who has notifications: every member of staff, each their own only (DESIGN.md §11). A service
account (the custody feed: the API client role and no other) is told nothing: it has no
notifications, pages or API of them."""

from yjs.models import User
from yjs.roles import Role


def has_notifications(user: User) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    service_account = bool(user.roles) and user.roles <= {Role.API_CLIENT}
    return user.is_superuser or not service_account
