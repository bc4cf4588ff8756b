"""The unit page's "Perkembangan nilai" from Git history: the total after every commit, self and TPI."""

from __future__ import annotations

from ..gitdata import GitHistory
from ..history import score_history
from ..numfmt import angka, tanggal
from ..repository import Repository
from .context import ASSESSOR_SHORT, UnitView
from .markup import esc
from .scoreview import SERIES_CSS, total_marks
from .svg import Series, line_chart

MAX_POINTS = 60  # the last 60 changes keep the chart readable and the page small


def progress_section(repo: Repository, git_history: GitHistory | None, view: UnitView) -> str:
    """The chart with its text alternative, or "" when there is no Git history to draw (the caller falls back)."""
    year = view.latest_year
    if git_history is None or year is None:
        return ""
    series_points = {}
    for assessor in ("self", "tpi", "tpn"):
        points = [p for p in score_history(repo, git_history, view.id, year, assessor, last=MAX_POINTS) if "total" in p]
        if points:
            series_points[assessor] = points[-MAX_POINTS:]
    if not series_points:
        return ""
    stamps = sorted({(p["date"], p["commit"]) for pts in series_points.values() for p in pts})[-MAX_POINTS:]
    index = {stamp: i for i, stamp in enumerate(stamps)}
    series = []
    for assessor, points in series_points.items():
        values: list[float | None] = [None] * len(stamps)
        for p in points:
            if (p["date"], p["commit"]) in index:
                values[index[(p["date"], p["commit"])]] = p["total"]
        series.append(Series(ASSESSOR_SHORT[assessor], SERIES_CSS[assessor], values))
    labels = [tanggal(d[:10]).rsplit(" ", 1)[0] for d, _ in stamps]
    desc = "; ".join(f"{ASSESSOR_SHORT[a]}: " + ", ".join(f"{p['date'][:10]} {angka(p['total'])}" for p in pts[-10:]) for a, pts in series_points.items())
    scored = next((r for a in series_points if (r := view.result(year, a))), None)
    rules = repo.rules(scored["rules"] if scored else repo.default_rules(view.id))
    chart = line_chart("progres", labels, series, rules.total_weight, total_marks(rules), f"Nilai total LKE {year} setelah setiap perubahan", desc)
    last = series_points.get("self", next(iter(series_points.values())))[-1]
    note = (f"<p class=\"zi-muted\">Nilai total LKE {year} setelah setiap commit yang mengubah berkas jawaban "
            f"({sum(len(p) for p in series_points.values())} perubahan; terakhir {esc(tanggal(last['date'][:10]))}, commit {esc(last['commit'][:10])}).")
    if git_history.shallow:
        note += " Situs dibangun dari clone dangkal (shallow): perubahan sebelum batas clone tidak terlihat."
    return chart + "\n" + note + "</p>"
