"""Fault tests: real workers, Redis and PostgreSQL of their own, killed, stopped and restarted."""
