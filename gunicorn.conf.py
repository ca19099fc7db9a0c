"""Gunicorn's settings (read from the working directory: the Dockerfile and docker-compose.yml).

The access log has the request path only: no query string (a search for a child is
``?q=<name>``) and no referrer (which carries the previous page's query string).
"""

accesslog = "-"
# Address, time, method, path without the query string, protocol, status, bytes, seconds.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)s'

# Python's cycle collector, tuned for a web worker: everything loaded at start (Django, the
# URLs, the models) is moved out of its sight once, and it runs after 5,000 new objects
# rather than 700. A request makes tens of thousands of short-lived objects (a page of 50
# rows and their serialisers), and with the defaults the collector ran three times a request,
# walking the whole application each time it reached the older generations: 2-3 ms of a
# list request's 15-17 ms of CPU; about 1 ms so.
GC_YOUNG_THRESHOLD = 5_000


def post_worker_init(worker) -> None:
    import gc

    gc.freeze()
    gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])
