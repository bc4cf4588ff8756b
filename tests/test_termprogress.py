"""Long work shows progress on a terminal and stays quiet in CI logs and pipes (zi_evidence.termprogress)."""

from __future__ import annotations

import io

from zi_evidence.termprogress import TerminalProgress


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_sees_the_count_move_and_a_log_sees_nothing(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    tty = Terminal()
    progress = TerminalProgress("zi: halaman unit dibuat", 3, stream=tty, every=0)
    for _ in range(3):
        progress.step()
    progress.close()
    assert tty.getvalue() == "\rzi: halaman unit dibuat: 1/3\rzi: halaman unit dibuat: 2/3\rzi: halaman unit dibuat: 3/3\n"
    log = io.StringIO()  # a redirect or a CI log: not a terminal
    quiet = TerminalProgress("x", 3, stream=log, every=0)
    quiet.step()
    quiet.close()
    assert log.getvalue() == ""
    monkeypatch.setenv("CI", "true")  # GitHub Actions and GitLab CI set it, even with a pseudo-terminal
    ci = Terminal()
    in_ci = TerminalProgress("x", 3, stream=ci, every=0)
    in_ci.step()
    assert ci.getvalue() == ""
