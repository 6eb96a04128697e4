"""A progress line on a terminal's stderr for batches that take a while (as ruff and
pre-commit show one): files done and findings so far, redrawn in place."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO


class Progress:
    """Shows ``wmlint: 120/5,000 files checked, 34 findings`` once a run has taken ``delay``
    seconds, redrawn at most every ``interval`` seconds; nothing at all when ``stream`` is
    not a terminal. ``clear`` removes the line before other output is written."""

    def __init__(self, total: int, stream: TextIO, *, delay: float = 1.0, interval: float = 0.1,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.total, self.stream, self.delay, self.interval, self.clock = total, stream, delay, interval, clock
        self.enabled = total > 1 and _isatty(stream)
        self.started = clock()
        self.last = 0.0
        self.shown = False

    def update(self, done: int, findings: int) -> None:
        if not self.enabled:
            return
        now = self.clock()
        if now - self.started < self.delay or (now - self.last < self.interval and done < self.total):
            return
        self.last = now
        noun = "finding" if findings == 1 else "findings"
        self.stream.write(f"\r\x1b[Kwmlint: {done:,}/{self.total:,} files checked, {findings:,} {noun}")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False  # redrawn by the next update after the interval: no flicker per finding


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
