"""Worker processes for large repositories: when to use them and how to start them.

One place decides for ``zi check``, ``zi score`` and the site generator. Workers fork (cheap: they inherit the loaded
modules and rules) unless the process runs other threads — ``mkdocs serve`` rebuilds from a thread, and forking a
threaded process can deadlock on a lock another thread held — in which case they are spawned.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

MAX_WORKERS = 8


def worker_count(jobs: int, minimum: int) -> int:
    """One worker per core when there are at least ``minimum`` jobs; below that, starting processes costs more than it saves."""
    return min(os.cpu_count() or 1, MAX_WORKERS) if jobs >= minimum else 1


def start_method() -> str:
    return "fork" if threading.active_count() == 1 else "spawn"


def process_pool(workers: int, initializer: Callable | None = None, initargs: tuple = ()) -> ProcessPoolExecutor:
    """A pool whose functions and arguments must be importable and picklable (spawn needs both)."""
    return ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(start_method()),
                               initializer=initializer, initargs=initargs)


class Progress:
    """``zi check: 120/1000 unit`` on one self-rewriting line — only when stderr is a terminal and the run is long, so
    logs, pipes and CI stay clean."""

    MINIMUM = 100

    def __init__(self, label: str, total: int, unit: str, stream=None) -> None:
        import sys
        self.stream = stream or sys.stderr
        self.label, self.total, self.unit, self.done = label, total, unit, 0
        self.on = total >= self.MINIMUM and bool(getattr(self.stream, "isatty", lambda: False)())

    def advance(self, count: int) -> None:
        self.done += count
        if self.on:
            self.stream.write(f"\r{self.label}: {self.done}/{self.total} {self.unit}")
            self.stream.flush()

    def finish(self) -> None:
        if self.on:
            self.stream.write("\r" + " " * (len(self.label) + 2 * len(str(self.total)) + len(self.unit) + 4) + "\r")
            self.stream.flush()


CHUNKS_PER_WORKER = 4  # finer chunks: progress moves and workers finish together
