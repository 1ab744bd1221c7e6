"""A one-line progress indicator on standard error, only for people at a terminal."""
from __future__ import annotations

import sys
from typing import TextIO

from checker.report.options import OutputOptions


def progress_enabled(opts: OutputOptions, stream: TextIO | None = None) -> bool:
    """On only when stderr is a terminal and --quiet was not given (never in CI logs)."""
    stream = stream if stream is not None else sys.stderr
    return not opts.quiet and bool(getattr(stream, "isatty", lambda: False)())


class Progress:
    """`Progress(total, enabled)`; call `.advance(label)` per document and `.close()` at the end."""

    def __init__(self, total: int, enabled: bool, stream: TextIO | None = None, width: int = 100):
        self.total = total
        self.enabled = enabled
        self.done = 0
        self.stream = stream if stream is not None else sys.stderr
        self.width = width
        self._shown = False

    def advance(self, label: str = "") -> None:
        self.done += 1
        if not self.enabled:
            return
        head = f"[{self.done}/{self.total}] "
        room = self.width - len(head) - 1
        if len(label) > room:
            label = "…" + label[-(room - 1):] if room > 1 else ""
        self.stream.write("\r" + (head + label).ljust(self.width - 1))
        self.stream.flush()
        self._shown = True

    def close(self) -> None:
        if self.enabled and self._shown:
            self.stream.write("\r" + " " * (self.width - 1) + "\r")
            self.stream.flush()
        self._shown = False

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
