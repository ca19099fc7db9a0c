"""The out-of-court disposals REST API under /api/v1/oocd/ (DESIGN.md §3 "oocd", §7).

Thin views: each operation validates its input with a small serializer, calls a selector
(reads) or a service (writes) and answers with an output serializer. Who may see what is
decided by ``oocd.permissions`` only, through the selectors: a referral, panel or decision
the user may not see answers 404 whatever they ask to do with it (and, given as an input
id, "Select a valid …"); a service refuses with 403 what a user who sees it may not do,
and with 400 naming the field every rule it breaks, having changed nothing.

The signed disposal document is stored privately (``MEDIA_ROOT``, outside the web root)
and served only here, to users who may see its decision; each download is audited.
"""
