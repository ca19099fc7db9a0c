"""What happens in case work that other apps act on, in the same transaction.

``cases`` sits below the apps that act on its events: ``risk`` refers a case to its team's risk
and vulnerability meeting when an assessment is completed with a high rating, a flag is raised
or a significant event opens a review. Those apps register a listener here from their
``AppConfig.ready``, as the child's timeline takes its sources (``selectors.TIMELINE_SOURCES``).
A listener is a service run inside the service that announces the event: its failure undoes the
event, and what it writes commits with it.
"""

from collections.abc import Callable
from typing import Any

# Each is called with the record, after the service has saved it.
ASSESSMENT_COMPLETED: list[Callable[[Any], None]] = []  # an Assessment, completed
FLAG_RAISED: list[Callable[[Any], None]] = []  # a Flag
SIGNIFICANT_EVENT: list[Callable[[Any], None]] = []  # the Review a significant event opened


def announce(listeners: list[Callable[[Any], None]], record: Any) -> None:
    for listener in listeners:
        listener(record)
