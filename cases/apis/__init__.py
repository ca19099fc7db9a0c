"""The cases REST API under /api/v1/ (DESIGN.md §7).

Thin views: each operation validates its input with a small serializer, calls a
selector (reads) or a service (writes) and answers with an output serializer. Who
may see what is decided by ``cases.selectors`` and ``cases.permissions`` only: a row
the user may not see is a 404 (or, given as an input id, "Select a valid …"), an
action on a row they see but may not do is a 403 raised by the service.

A path serves one operation per HTTP method (``GET /cases/`` lists, ``POST /cases/``
opens a case), so list and create share a view class; each method has its own
serializers.
"""
