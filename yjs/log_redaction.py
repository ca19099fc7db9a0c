"""Keeping personal data out of the logs.

The application logs ids, never names (see the services). What it cannot control is the
text of errors it logs: PostgreSQL puts the values of a failing row in its messages
("Key (pnc_id)=(18/445566Q) already exists", "Failing row contains (…, Zebedee, …)"),
and mail errors name the addresses refused. ``RedactingFormatter`` removes those from
every log line, tracebacks included, for the web app (settings.LOGGING) and the Celery
worker and scheduler (yjs.celery).

Gunicorn's access log writes request paths only, without query strings or referrers
(gunicorn.conf.py): a search for a child by name is a query string.
"""

import logging
import re

REDACTED = "[redacted]"

_PATTERNS = [
    # Unique and foreign key violations: DETAIL:  Key (pnc_id)=(18/445566Q) already exists.
    (re.compile(r"(Key \([^)]*\)=)\((?:[^()]|\([^()]*\))*\)"), rf"\1({REDACTED})"),
    # Check and not-null violations: DETAIL:  Failing row contains (…).
    (re.compile(r"(Failing row contains )\(.*?\)(\.?)$", re.MULTILINE), rf"\1({REDACTED})\2"),
    # Email addresses (SMTP refusals, notification failures).
    (re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"), "[email]"),
]


def redact(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFormatter(logging.Formatter):
    """A formatter whose output, message and traceback alike, has the values above removed."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class _RedactingWrapper(logging.Formatter):
    """Another formatter's output, redacted (Celery's formatters add fields of their own)."""

    def __init__(self, inner: logging.Formatter):
        super().__init__()
        self.inner = inner

    def format(self, record: logging.LogRecord) -> str:
        return redact(self.inner.format(record))


def redact_handlers(logger: logging.Logger) -> None:
    """Redact the output of every handler of ``logger``, keeping the format it had."""
    for handler in logger.handlers:
        current = handler.formatter or logging.Formatter()
        if not isinstance(current, RedactingFormatter | _RedactingWrapper):
            handler.setFormatter(_RedactingWrapper(current))
