"""Health of the services the product needs: the database and the broker."""

from django.db import connection
from redis import Redis
from redis.exceptions import RedisError
from django.conf import settings
from django.db.utils import DatabaseError


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except DatabaseError:
        return False


def broker_ok() -> bool:
    try:
        client = Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=1, socket_timeout=1)
        return bool(client.ping())
    except (RedisError, OSError):
        return False


def check() -> dict[str, bool]:
    return {"database": database_ok(), "broker": broker_ok()}
