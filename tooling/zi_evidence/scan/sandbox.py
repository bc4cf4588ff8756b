"""Run a parser on hostile bytes in a helper process, bounded in time and memory.

A third-party parser (pypdf) reading a file from a pull request may loop or allocate without end on a crafted input.
Python cannot stop a function from the outside, so the call runs in one long-lived helper process per checking
process: on a timeout or a crash the helper is killed and the file is reported as unreadable; the next call starts a
new helper. The helper's address space is capped with ``RLIMIT_AS``.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from ..workers import start_method

TIMEOUT_SECONDS = 20.0
MEMORY_BYTES = 1024 * 1024 * 1024


class SandboxFailure(Exception):
    """The call failed, did not finish within the limits or killed the helper.

    ``reason`` is Indonesian, for the user; ``error`` names the exception the function raised (empty for a timeout or
    a crash), so a caller can tell "the file is malformed" from "the file could not be read in time".
    """

    def __init__(self, reason: str, error: str = ""):
        self.reason, self.error = reason, error
        super().__init__(reason)


def _serve(conn: Connection, memory: int, parent_pid: int) -> None:  # pragma: no cover - runs in the helper process
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    except (ImportError, ValueError, OSError):
        pass
    while True:
        # A forked helper also holds the parent's end of the pipe, so the parent's death never reads as EOF here:
        # it watches its parent instead (a `mkdocs serve` stopped with SIGTERM left its helper running before).
        if not conn.poll(1.0):
            if os.getppid() != parent_pid:
                return
            continue
        try:
            func, data = conn.recv()
        except EOFError:
            return
        try:
            conn.send((True, func(data)))
        except MemoryError:
            conn.send((False, ("", "butuh memori melebihi batas")))
        except Exception as exc:  # noqa: BLE001 - any parser failure is reported, never raised in the parent
            conn.send((False, (type(exc).__name__, str(exc)[:300])))


class Sandbox:
    def __init__(self, timeout: float = TIMEOUT_SECONDS, memory: int = MEMORY_BYTES) -> None:
        self.timeout, self.memory = timeout, memory
        self._process: Any = None
        self._conn: Connection | None = None

    def _start(self) -> None:
        ctx: Any = multiprocessing.get_context(start_method())
        parent, child = ctx.Pipe()
        self._process = ctx.Process(target=_serve, args=(child, self.memory, os.getpid()), daemon=True, name="zi-sandbox")
        self._process.start()
        child.close()
        self._conn = parent

    def call(self, func: Callable[[bytes], Any], data: bytes) -> Any:
        """``func(data)`` in the helper; :class:`SandboxFailure` when it fails, times out or dies."""
        if self._process is None or not self._process.is_alive():
            self._start()
        assert self._conn is not None
        try:
            self._conn.send((func, data))
            if not self._conn.poll(self.timeout):
                self.close()
                raise SandboxFailure(f"tidak selesai dibaca dalam {self.timeout:g} detik")
            ok, value = self._conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            self.close()
            raise SandboxFailure("pembaca berkas berhenti tiba-tiba") from None
        if not ok:
            raise SandboxFailure(value[1], value[0])
        return value

    def close(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.join(5)
        if self._conn is not None:
            self._conn.close()
        self._process, self._conn = None, None


_shared: Sandbox | None = None


def _forget_after_fork() -> None:
    global _shared  # noqa: PLW0603
    _shared = None  # the helper belongs to the parent; a forked worker starts its own


os.register_at_fork(after_in_child=_forget_after_fork)


def shared_sandbox() -> Sandbox:
    """One helper per process (each worker of a parallel check gets its own)."""
    global _shared  # noqa: PLW0603
    if _shared is None:
        _shared = Sandbox()
        atexit.register(_shared.close)
    return _shared
