from rest_framework.request import Request
from rest_framework.throttling import ScopedRateThrottle

from yjs.audit import client_ip


class ClientAddressScopedRateThrottle(ScopedRateThrottle):
    """``ScopedRateThrottle`` keyed on the address the server saw.

    DRF's default reads ``X-Forwarded-For`` first, which any client can set to dodge
    the limit; the audit trail records the same address as this throttle counts.
    """

    def get_ident(self, request: Request) -> str:
        return client_ip(request) or ""
