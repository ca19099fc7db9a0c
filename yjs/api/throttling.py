import logging

from redis.exceptions import RedisError
from rest_framework.request import Request
from rest_framework.throttling import ScopedRateThrottle

from yjs.audit import client_ip

log = logging.getLogger(__name__)


class ClientAddressScopedRateThrottle(ScopedRateThrottle):
    """``ScopedRateThrottle`` keyed on the address the server saw.

    DRF's default reads ``X-Forwarded-For`` first, which any client can set to dodge
    the limit; the audit trail records the same address as this throttle counts.
    """

    def get_ident(self, request: Request) -> str:
        return client_ip(request) or ""

    def allow_request(self, request: Request, view) -> bool:
        # The counts live in the Redis cache. With Redis down, let the request through rather than
        # answer 500 to every sign-in: the account lockout (django-axes, in PostgreSQL) still counts.
        try:
            return super().allow_request(request, view)
        except (RedisError, OSError) as error:
            log.warning("The %s rate limit is not counted: the cache is not answering (%s)", self.scope, error)
            return True
