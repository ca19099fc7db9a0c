"""Gunicorn's settings (read from the working directory: the Dockerfile and docker-compose.yml).

The access log has the request path only: no query string (a search for a child is
``?q=<name>``) and no referrer (which carries the previous page's query string).
"""

accesslog = "-"
# Address, time, method, path without the query string, protocol, status, bytes, seconds.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)s'
