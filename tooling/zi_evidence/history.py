"""Scores of one answers file at every commit that changed it, and when each evidence entry was first recorded."""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from .gitdata import GitHistory
from .layout import EVIDENCE, MANIFEST
from .lkefile import identity_from_path
from .problems import DataError
from .repository import Repository
from .ruleset.model import ITEM_ID_TEXT, RuleSet
from .scoring import parse_answers
from .scoring.engine import headline
from .yamlio import MAX_YAML_BYTES, already_parsed, derived, parse_yaml


def answers_path(unit: str, year: int, assessor: str) -> str:
    return f"units/{unit}/lke/{year}/{assessor}.yaml"


_ITEM_KEY = re.compile(rf"^  {ITEM_ID_TEXT}:", re.MULTILINE)
_TOP_LEVEL = re.compile(r"^[^\s#]", re.MULTILINE)


class VersionParser:
    """Parses successive versions of one answers file, re-parsing only the answers that changed.

    Consecutive versions usually differ in a line or two, and parsing a whole file costs ~1 ms whatever
    changed; so the ``answers:`` block is cut into one piece per item and each distinct piece is parsed once
    (a version with many new pieces, such as the first, is parsed whole and its pieces remembered).
    Anything unusual (anchors, aliases, flow style, a key written twice) falls back to a full parse.
    """

    FULL_PARSE_ABOVE = 8  # more new pieces than this: one parse of the whole file is cheaper

    def __init__(self) -> None:
        self.pieces: dict[str, dict] = {}

    def parse(self, text: str, display: str) -> object:
        if already_parsed(text):  # the newest version is usually the working file, read moments ago: that reading
            return parse_yaml(text, display)
        head, sep, body = text.partition("\nanswers:\n")
        if not sep or "&" in text or "*" in text or "\t" in text:
            return parse_yaml(text, display)
        end = _TOP_LEVEL.search(body)
        rest = body[end.start():] if end else ""
        body = body[:end.start()] if end else body
        starts = [m.start() for m in _ITEM_KEY.finditer(body)]
        prefix = body[:starts[0]] if starts else body
        if not starts or any(line.strip() and not line.lstrip().startswith("#") for line in prefix.splitlines()):
            return parse_yaml(text, display)
        data = parse_yaml(head + "\n" + rest, display)
        if not isinstance(data, dict) or "answers" in data:
            return parse_yaml(text, display)
        pieces = [body[begin:stop] for begin, stop in zip(starts, [*starts[1:], len(body)], strict=True)]
        if sum(piece not in self.pieces for piece in pieces) > self.FULL_PARSE_ABOVE:
            return self._parse_whole(text, display, pieces)
        answers: dict = {}
        for piece in pieces:
            parsed = self.pieces.get(piece)
            if parsed is None:
                parsed = parse_yaml(piece, display)
                if not isinstance(parsed, dict) or len(parsed) != 1:
                    return parse_yaml(text, display)
                self.pieces[piece] = parsed
            key = next(iter(parsed))
            if key in answers:
                return parse_yaml(text, display)  # reports the duplicate key with its line
            answers[key] = parsed[key]
        data["answers"] = answers
        return data

    def _parse_whole(self, text: str, display: str, pieces: list[str]) -> object:
        """Parse the whole file (cheaper than many pieces) and remember each item's piece for the next version."""
        data = parse_yaml(text, display)
        answers = data.get("answers") if isinstance(data, dict) else None
        if isinstance(answers, dict) and len(answers) == len(pieces):
            for piece, (key, value) in zip(pieces, answers.items(), strict=True):
                if not isinstance(key, str) or piece[2:2 + len(key) + 1] != key + ":":
                    break
                self.pieces[piece] = {key: value}
        return data


def score_blob(repo: Repository, content: bytes, display: str, holds: list[str],
               parser: VersionParser | None = None, path: str | None = None) -> tuple[dict | None, str | None]:
    """(score result, None) or (None, the first problem) for one past version of an answers file. With its repository
    ``path``, the rule set is the one the unit is bound to (:mod:`.rulebinding`), whatever the file names."""
    if len(content) > MAX_YAML_BYTES:
        return None, "berkas terlalu besar"
    try:
        text = content.decode("utf-8", errors="replace")
        data = parser.parse(text, display) if parser else parse_yaml(text, display)
        if not isinstance(data, dict) or not isinstance(data.get("rules"), str):
            return None, "bukan berkas LKE (tidak ada 'rules')"
        rules_id = data["rules"]
        if path is not None:
            unit, year, assessor = identity_from_path(PurePosixPath(path))
            rules_id, _ = repo.bound_rules(unit, year, assessor, rules_id, display, None)
        rules = repo.rules(rules_id)
    except DataError as exc:
        return None, exc.problems[0].message
    answers = data.get("answers")
    if path is None:
        parsed = parse_answers(rules, answers, display)
    else:  # the newest version is usually the working file, already read under its path: the same shared reading
        parsed = derived(answers, ("answers", rules.id, path), lambda: parse_answers(rules, answers, path))
    return repo.score_answers(rules, parsed, holds), None


def compact_score(result: dict, rules: RuleSet) -> dict:
    """The numbers a history point or a PR report shows for one scored answers file: the total and each component of
    the rule set (90/2021: ``pengungkit`` and ``hasil``), ``components`` naming them in order."""
    rows = headline(rules, result)
    return {
        "total": result["total"], **{key: value for key, _label, value in rows if key != "total"},
        "components": {key: label for key, label, _value in rows if key != "total"}, "completeness": result["completeness"],
        "areas": {k: a["value"] for k, a in result["areas"].items()},
        "eligibility": {p: v["eligible"] for p, v in result["eligibility"].items()},
        **({"national_eligibility": {p: v["eligible"] for p, v in result["national"]["eligibility"].items()},
            "national_status": {p: v.get("status") for p, v in result["national"]["eligibility"].items()}} if result.get("national") else {}),
        "status": {p: v.get("status") for p, v in result["eligibility"].items()},
    }


def point(repo: Repository, version, result: dict | None, problem: str | None) -> dict:
    base = {"commit": version.commit, "date": version.date, "author": version.author}
    if result is None:
        return {**base, "problem": problem or "berkas dihapus"}
    return {**base, **compact_score(result, repo.rules(result["rules"]))}


def score_history(repo: Repository, git_history: GitHistory, unit: str, year: int, assessor: str,
                  last: int | None = None) -> list[dict]:
    """One point per commit that changed ``units/<unit>/lke/<year>/<assessor>.yaml``, oldest first
    (only the ``last`` ones when given: a chart needs its visible points, not a busy file's 2,000 versions)."""
    path = answers_path(unit, year, assessor)
    holds = repo.holds(unit)
    parser = VersionParser()
    points = []
    versions = git_history.history(path)
    for version in versions[-last:] if last else versions:
        if version.blob is None:
            points.append(point(repo, version, None, None))
            continue
        result, problem = score_blob(repo, git_history.read(version.blob), f"{path}@{version.commit[:10]}", holds, parser, path=path)
        points.append(point(repo, version, result, problem))
    return points


def evidence_provenance(git_history: GitHistory, unit: str) -> dict[str, tuple[str, str]]:
    """Evidence id → (date, commit id) of the first commit whose manifest lists it (no author names: they are personal data)."""
    first: dict[str, tuple[str, str]] = {}
    path = f"{EVIDENCE}/{unit}/{MANIFEST}"
    for version in git_history.history(path):
        if version.blob is None:
            continue
        try:
            data = parse_yaml(git_history.read(version.blob).decode("utf-8", errors="replace"), path)
        except DataError:
            continue
        for entry in (data or {}).get("items") or [] if isinstance(data, dict) else []:
            if isinstance(entry, dict) and isinstance(entry.get("id"), str) and entry["id"] not in first:
                first[entry["id"]] = (version.date[:10], version.commit)
    return first
