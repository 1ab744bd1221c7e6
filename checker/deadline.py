"""A hard time limit on checking one document (`--timeout`), in this process or a worker.

The PDF reader stops cooperatively between pages; text, markdown and Word reading and the
rule evaluation have no such points, so the limit is an interval timer (SIGALRM) that
raises `DocumentTimeout` in the main thread of the process doing the work: the main
process with --jobs 1, each worker process otherwise. `DocumentTimeout` is a
BaseException so that an extractor's broad `except Exception` cannot turn it into a
wrong "damaged file" message. Where no timer is available (another thread, no SIGALRM)
the work runs unbounded, as before.
"""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator


class DocumentTimeout(BaseException):
    """One document took longer than --timeout."""


def _usable() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Raise DocumentTimeout inside the block once `seconds` have passed (None or <= 0: no limit)."""
    if not seconds or seconds <= 0 or not _usable():
        yield
        return

    def _expired(signum, frame):  # noqa: ANN001 - signal handler signature
        raise DocumentTimeout()

    previous = signal.signal(signal.SIGALRM, _expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
