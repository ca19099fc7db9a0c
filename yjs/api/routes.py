"""The paths of one kind of row, named the one way every app's API names them.

``row_paths("plans", "plan", list=PlanListCreateApi, actions={"return": PlanReturnApi})`` gives
``plans/`` (``plan-list``), ``plans/<int:plan_id>/`` (``plan-detail``, with ``detail=``) and
``plans/<int:plan_id>/return/`` (``plan-return``): each path, its parameter and its name are
written here once rather than again on every line of every app's ``api_urls.py``.
"""

from django.urls import URLPattern, path
from django.views import View


def row_paths(
    plural: str,
    row: str,
    *,
    list: type[View] | None = None,
    detail: type[View] | None = None,
    actions: dict[str, type[View]] | None = None,
    parameter: str | None = None,
) -> list[URLPattern]:
    """The list (``{row}-list``), the detail (``{row}-detail``) and each action on one row
    (``{row}-{action}``); the row's id is ``{row}_id`` in the path unless ``parameter`` names it."""
    one = f"{plural}/<int:{parameter or row.replace('-', '_') + '_id'}>/"
    patterns = []
    if list is not None:
        patterns.append(path(f"{plural}/", list.as_view(), name=f"{row}-list"))
    if detail is not None:
        patterns.append(path(one, detail.as_view(), name=f"{row}-detail"))
    for action, view in (actions or {}).items():
        patterns.append(path(f"{one}{action}/", view.as_view(), name=f"{row}-{action}"))
    return patterns
