"""Whether the services the product needs answer: the database and the broker."""

from django.conf import settings
from django.db import connection
from django.db.utils import DatabaseError
from redis import Redis
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

BROKER_TIMEOUT_SECONDS = 1.0


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return False
    return True


def broker_ok() -> bool:
    # One short try: retrying would hold the request and hide an outage.
    client = Redis.from_url(
        settings.CELERY_BROKER_URL,
        socket_connect_timeout=BROKER_TIMEOUT_SECONDS,
        socket_timeout=BROKER_TIMEOUT_SECONDS,
        retry=Retry(NoBackoff(), retries=0),
    )
    try:
        with client:
            return bool(client.ping())
    except (RedisError, OSError):
        return False


def check() -> dict[str, bool]:
    return {"database": database_ok(), "broker": broker_ok()}
