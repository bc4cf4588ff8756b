"""Progress of long work on a terminal ("zi: 120/1000 unit"), and silence in CI logs and pipes.

A build of 1,000 units takes minutes; a person at a terminal should see it move. A log file (CI, a redirect) gets
nothing: the line is redrawn in place with a carriage return, which only means something on a terminal.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO


class TerminalProgress:
    def __init__(self, label: str, total: int, stream: TextIO | None = None, every: float = 0.2) -> None:
        self.label, self.total, self.done = label, total, 0
        self.stream = stream if stream is not None else sys.stderr
        self.every, self.last = every, 0.0
        self.active = total > 0 and _is_terminal(self.stream) and not os.environ.get("CI")

    def step(self, count: int = 1) -> None:
        self.done += count
        now = time.monotonic()
        if self.active and (now - self.last >= self.every or self.done >= self.total):
            self.last = now
            self.stream.write(f"\r{self.label}: {self.done}/{self.total}")
            self.stream.flush()

    def close(self) -> None:
        if self.active and self.done:
            self.stream.write("\n")
            self.stream.flush()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
