"""The ingest's threads: a writer of batches in order on a connection of its own, Python's
threads handing each other the GIL more often, and the cycle collector paused while it runs."""

import gc
import queue
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection


@contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while a large ingest runs, then resumed as it was found.
    Left running, it walks the file's rows, the children's names and the batches' plans (a
    million objects, all alive) again and again: a quarter of the ingest's time. Few cycles
    are made meanwhile, and they are collected once it resumes. The pause is the process's,
    so it is kept to the ingest's length."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


SWITCH_INTERVAL = 0.001  # seconds: Python's is 0.005
_switching = threading.Lock()
_switching_users = 0  # the ingests running, and the interval found before the first
_switching_found = 0.005


@contextmanager
def threads_switching_often() -> Iterator[None]:
    """Python's threads made to hand each other the GIL every millisecond, rather than every
    five, while the ingest's threads run. The writing and reading threads wait on PostgreSQL,
    then for the GIL, which the planning thread holds, busy in Python: up to five milliseconds
    every time, several times a batch (10% of an ingest's time). The interval is the process's:
    set while any ingest runs, then put back as it was found."""
    global _switching_users, _switching_found
    with _switching:
        if _switching_users == 0:
            _switching_found = sys.getswitchinterval()
            sys.setswitchinterval(min(SWITCH_INTERVAL, _switching_found))
        _switching_users += 1
    try:
        yield
    finally:
        with _switching:
            _switching_users -= 1
            if _switching_users == 0:
                sys.setswitchinterval(_switching_found)


def close_connection() -> None:
    """Close the calling thread's database connection (Django's are one per thread)."""
    connection.close()


class BatchWriter:
    """A thread writing batches in order, each with ``write(batch, plan)``, on a database
    connection of its own (closed when done). At most ``ahead`` batches wait, so memory stays
    flat. Its first error stops it, and is raised on the planning thread by the next ``put`` or
    at the end of the ``with`` block; an error on the planning thread stops it too (the batch
    being written is finished or rolled back, whole)."""

    def __init__(self, write: Callable[[Sequence[Any], Any], None], ahead: int = 2) -> None:
        self._write = write
        self._queue: queue.Queue = queue.Queue(maxsize=ahead)
        self._stop = threading.Event()
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="custody-ingest-writer", daemon=True)

    def __enter__(self) -> "BatchWriter":
        self._thread.start()
        return self

    def put(self, batch: Sequence[Any], plan: Any) -> None:
        while True:
            self._raise_error()
            try:
                self._queue.put((batch, plan), timeout=0.05)
                return
            except queue.Full:
                continue

    def __exit__(self, kind, error, traceback) -> None:
        if error is not None:
            self._stop.set()
        else:
            while self._thread.is_alive() and self._error is None:
                try:
                    self._queue.put(None, timeout=0.05)
                    break
                except queue.Full:
                    continue
        self._thread.join()
        if error is None:
            self._raise_error()

    def _raise_error(self) -> None:
        if self._error is not None:
            raise self._error

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                try:
                    item = self._queue.get(timeout=0.05)
                except queue.Empty:
                    continue
                if item is None:
                    return
                self._write(*item)
        except BaseException as error:  # raised again on the planning thread
            self._error = error
        finally:
            close_connection()
