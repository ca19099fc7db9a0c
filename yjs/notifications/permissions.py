"""Who has notifications: every member of staff, each their own only (DESIGN.md §11). A service
account (the custody feed) is told nothing: it has no notifications, pages or API of them."""

from yjs.models import User
from yjs.roles import Role


def has_notifications(user: User) -> bool:
    return bool(user and user.is_authenticated and user.is_active and not user.has_role(Role.API_CLIENT))
