"""The review loop per item (ZI-OPD, BPS's E-ZI): the TPI marks an item ``status: revisi`` with a ``catatan`` in its file,
the unit answers in its own file (a changed answer or evidence, and/or a ``tanggapan``), the TPI then accepts
(``status: diterima``). ``zi review`` says what waits on whom and for how many days; Git dates the steps, so nobody
types dates. Without Git, an item with a ``tanggapan`` waits on the TPI and ages are unknown."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from .gitdata import GitHistory
from .layout import UNITS
from .problems import DataError
from .repository import Repository
from .ruleset.model import RuleSet
from .scoring.answers import canonical
from .yamlio import parse_yaml

WAITS_ON_UNIT, WAITS_ON_TPI = "unit", "tpi"


@dataclass(frozen=True)
class ReviewItem:
    unit: str
    year: int
    item: str
    waits_on: str  # unit | tpi
    since: date | None  # when it started waiting on that side
    age_days: int | None
    catatan: str | None
    tanggapan: str | None


def _answers(text: str | bytes | None, name: str) -> dict:
    if text is None:
        return {}
    try:
        data = parse_yaml(text.decode("utf-8", "replace") if isinstance(text, bytes) else text, name) or {}
    except DataError:
        return {}
    answers = data.get("answers") if isinstance(data, dict) else None
    return answers if isinstance(answers, dict) else {}


def _status(entry: Any) -> str | None:
    return entry.get("status") if isinstance(entry, dict) else None


def unit_side(rules: RuleSet, item_id: str, entry: Any) -> tuple:
    """What the unit can change about an item: its answer (canonical), evidence and tanggapan."""
    item = rules.items.get(item_id)
    evidence = tuple(entry.get("evidence") or ()) if isinstance(entry, dict) and isinstance(entry.get("evidence"), list) else ()
    tanggapan = entry.get("tanggapan") if isinstance(entry, dict) else None
    return (canonical(item, entry) if item else None, evidence, tanggapan)


def _day(iso: str) -> date:
    return datetime.fromisoformat(iso).date()


def unit_review(repo: Repository, history: GitHistory | None, unit: str, year: int, today: date) -> list[ReviewItem]:
    """Every item the TPI (or TPN) marked ``revisi`` for ``unit`` and ``year``, and on whom it waits."""
    base = f"{UNITS}/{unit}/lke/{year}"
    out = []
    own_path = repo.root / base / "self.yaml"
    own_now = _answers(own_path.read_text("utf-8") if own_path.is_file() else None, f"{base}/self.yaml")
    rules_id = (parse_yaml(own_path.read_text("utf-8"), "x") or {}).get("rules") if own_path.is_file() else None
    rules = repo.rules(rules_id or repo.default_rules(unit))
    for assessor in ("tpi", "tpn"):
        path = repo.root / base / f"{assessor}.yaml"
        if not path.is_file():
            continue
        now = _answers(path.read_text("utf-8"), f"{base}/{assessor}.yaml")
        for item_id, entry in now.items():
            if _status(entry) != "revisi":
                continue
            catatan = entry.get("catatan")
            tanggapan = own_now.get(item_id, {}).get("tanggapan") if isinstance(own_now.get(item_id), dict) else None
            revisi = _revisi_since(history, f"{base}/{assessor}.yaml", item_id, today)
            changed = _unit_changed(history, rules, f"{base}/self.yaml", item_id, own_now, today)
            if revisi is not None and changed is not None:  # Git order, not calendar days: same-day replies count
                waits = WAITS_ON_TPI if changed.order < revisi.order else WAITS_ON_UNIT
            else:
                waits = WAITS_ON_TPI if tanggapan else WAITS_ON_UNIT
            moment = changed if waits == WAITS_ON_TPI else revisi
            since = moment.day if moment else None
            out.append(ReviewItem(unit, year, item_id, waits, since, (today - since).days if since else None, catatan, tanggapan))
    return out


@dataclass(frozen=True)
class Moment:
    """A step of the review: its place in Git's order (0 = newest commit, -1 = the working tree) and its day."""

    order: int
    day: date


def _revisi_since(history: GitHistory | None, path: str, item_id: str, today: date) -> Moment | None:
    """When the current run of ``status: revisi`` began (the oldest consecutive version saying so)."""
    if history is None:
        return None
    versions = history.versions.get(path, [])
    newest = _answers(history.read(versions[0].blob), path) if versions and versions[0].blob else {}
    if _status(newest.get(item_id)) != "revisi":
        return Moment(-1, today)  # marked in the working tree, not committed yet
    since = None
    for version in versions:
        if version.blob is None or _status(_answers(history.read(version.blob), path).get(item_id)) != "revisi":
            break
        since = Moment(version.order, _day(version.date))
    return since


def _unit_changed(history: GitHistory | None, rules: RuleSet, path: str, item_id: str, own_now: dict, today: date) -> Moment | None:
    """When the unit last changed the item's answer, evidence or tanggapan."""
    if history is None:
        return None
    versions = [v for v in history.versions.get(path, []) if v.blob]
    sides = [unit_side(rules, item_id, _answers(history.read(v.blob), path).get(item_id)) for v in versions if v.blob]
    current = unit_side(rules, item_id, own_now.get(item_id))
    if not sides or sides[0] != current:
        return Moment(-1, today) if sides else None
    for k in range(len(sides) - 1):
        if sides[k] != sides[k + 1]:
            return Moment(versions[k].order, _day(versions[k].date))
    return Moment(versions[-1].order, _day(versions[-1].date))  # unchanged since the file was created


def accepted(repo: Repository, unit: str, year: int) -> int:
    """Items the TPI/TPN marked ``diterima`` for ``unit`` and ``year``."""
    base = f"{UNITS}/{unit}/lke/{year}"
    ids = set()
    for assessor in ("tpi", "tpn"):
        path = repo.root / base / f"{assessor}.yaml"
        if path.is_file():
            ids |= {i for i, e in _answers(path.read_text("utf-8"), str(path)).items() if _status(e) == "diterima"}
    return len(ids)


def review_counts(items: list[ReviewItem]) -> dict[str, int]:
    return {"menunggu_unit": sum(i.waits_on == WAITS_ON_UNIT for i in items), "menunggu_tpi": sum(i.waits_on == WAITS_ON_TPI for i in items)}


def status_counts(records: dict[str, Any]) -> dict[str, int] | None:
    """From the answers mappings of one year (assessor → answers): items under revisi, of which the unit answered with a
    tanggapan, and items accepted — the counts the public site shows (the notes themselves stay internal)."""
    own = records.get("self") or {}
    marks = {}
    for assessor in ("tpi", "tpn"):
        for item_id, entry in (records.get(assessor) or {}).items():
            if _status(entry) in ("revisi", "diterima"):
                marks[item_id] = _status(entry)
    if not marks:
        return None
    revisi = [i for i, st in marks.items() if st == "revisi"]
    answered = [i for i in revisi if isinstance(own.get(i), dict) and own[i].get("tanggapan")]
    return {"revisi": len(revisi), "ditanggapi": len(answered), "diterima": sum(st == "diterima" for st in marks.values())}
