"""What a pull request changes: validation of the head, scores before → after, answers, evidence, self vs TPI.

Reads the base side straight from Git objects; the head side is the working tree (a unit's own run) or, with
``head``, that revision's tree read in memory (:mod:`.gitfs`: nothing of the pull request is written to disk, no
symlink is followed) and checked against the trusted checkout's rules. Pure data out (``build_report``); Markdown in
``render_markdown``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import git

from .check.runner import check_repository
from .check.scope import EVERYTHING, ChangeScope, change_scope
from .escaping import terminal_text
from .gitfs import GitPath, GitTree
from .history import compact_score, score_blob
from .layout import EVIDENCE, MANIFEST, UNITS
from .lkefile import ASSESSOR_LABELS
from .numfmt import angka, jawaban
from .problems import DataError
from .render.comment import inline as text
from .repository import Repository
from .review import unit_side
from .ruleset import RuleSetLoader
from .ruleset.model import Item, RuleSet
from .scoring.answers import normalise_answer, unwrap
from .templating import render, trusted
from .yamlio import parse_yaml

ANSWERS_FILE = re.compile(r"^units/([a-z0-9-]+)/lke/(\d{4})/(self|tpi|tpn)\.yaml$")
MANIFEST_FILE = re.compile(rf"^{EVIDENCE}/([a-z0-9-]+)/{MANIFEST}$")
MARKER = "<!-- zi-evidence-report -->"


@dataclass
class Side:
    """One side of the comparison: reads files by repository path."""

    repo: git.Repo
    commit: git.Commit | None = None
    root: Path | GitPath | None = None  # the working tree, or a commit's tree in memory

    def read(self, path: str) -> bytes | None:
        if self.root is not None:
            file = self.root / path
            return file.read_bytes() if file.is_file() and not file.is_symlink() else None
        assert self.commit is not None
        if "\n" in path or "\0" in path:
            return None  # not a name a commit's tree holds for us (and it would be two requests to cat-file)
        try:  # one lookup by <commit>:<path> in Git's persistent cat-file: no walk through the trees in Python
            _sha, kind, _size, data = self.repo.git.get_object_data(f"{self.commit.hexsha}:{path}")
        except ValueError:
            return None
        return data if kind == b"blob" else None

    def yaml(self, path: str) -> dict:
        return self.parse(self.read(path), path)

    @staticmethod
    def parse(content: bytes | None, path: str) -> dict:
        """A mapping from YAML bytes; anything else (missing, invalid, not a mapping) reads as empty."""
        if content is None:
            return {}
        try:
            data = parse_yaml(content.decode("utf-8", errors="replace"), path)
        except DataError:
            return {}
        return data if isinstance(data, dict) else {}


def changed_files(repo: git.Repo, base: str, head: str | None, tops: tuple[str, ...] | None = ("units", "evidence")) -> dict[str, str]:
    """path → A/M/D between ``base`` and the head (working tree incl. untracked files when ``head`` is None), under
    ``tops`` (``None``: everywhere).

    Paths as Git writes them: read NUL-separated (``-z``) with ``core.quotePath=false``, so ``units/x/Ringkasan é.pdf``
    is that path, not Git's quoted ``"units/x/Ringkasan \303\251.pdf"`` (which matched no rule, or escaped one)."""
    spec = ["--", *tops] if tops else []
    out = repo.git.execute(["git", "-c", "core.quotePath=false", "diff", "-z", "--name-status", "--no-renames", base,
                            *([head] if head else []), *spec], strip_newline_in_stdout=False)
    fields = out.split("\0")
    changes = {fields[k + 1]: fields[k][0] for k in range(0, len(fields) - 1, 2) if fields[k]}
    if head is None:
        untracked = repo.git.execute(["git", "-c", "core.quotePath=false", "ls-files", "-z", "--others", "--exclude-standard", *spec],
                                     strip_newline_in_stdout=False)
        for path in untracked.split("\0"):
            if path:
                changes[path] = "A"
    return changes


def _answers(side: Side, path: str) -> dict:
    answers = side.yaml(path).get("answers")
    return answers if isinstance(answers, dict) else {}


def _answer_value(item: Item | None, raw: object) -> tuple[object, list[str]]:
    """The canonical answer (one normaliser: ``ya`` and ``Ya`` are the same; counts nobody filled are no answer) and its
    evidence. An invalid answer stays as written, so changing it is still a change."""
    evidence = raw.get("evidence") or [] if isinstance(raw, dict) else []
    evidence = [str(e) for e in (evidence if isinstance(evidence, list) else [evidence])]
    if item is None:
        return unwrap(raw), evidence
    value, errors = normalise_answer(item, unwrap(raw))
    return (unwrap(raw) if errors else value), evidence


def _rules_of(repo: Repository, side: Side, path: str) -> RuleSet | None:
    """The rule set an answers file names (the trusted side's rules/ folder), or None when it cannot be read."""
    rules_id = side.yaml(path).get("rules") if side.read(path) is not None else None
    try:
        return repo.rules(str(rules_id)) if rules_id else None
    except DataError:
        return None


def _score(repo: Repository, side: Side, path: str, holds: list[str]) -> tuple[dict | None, str | None]:
    content = side.read(path)
    if content is None:
        return None, None
    return score_blob(repo, content, path, holds, path=path)


def _summary(repo: Repository, result: dict | None) -> dict | None:
    if result is None:
        return None
    failed = {p: [c["label"] for c in v["checks"] if c["passed"] is False] for p, v in result["eligibility"].items()}
    return {**compact_score(result, repo.rules(result["rules"])), "failed": failed}


def _manifest_entries(side: Side, unit: str) -> dict[str, dict]:
    items = side.yaml(f"{EVIDENCE}/{unit}/{MANIFEST}").get("items") or []
    return {str(e.get("id")): e for e in items if isinstance(e, dict)}


def _tpi_cited(side: Side, base_commit: git.Commit, unit: str) -> set[str]:
    """Evidence ids the TPI's assessments (any year) cite at the base."""
    cited: set[str] = set()
    try:
        lke = base_commit.tree[f"units/{unit}/lke"]
    except KeyError:
        return cited
    for blob in lke.traverse():
        if isinstance(blob, git.Blob) and blob.name in ("tpi.yaml", "tpn.yaml"):
            for raw in _answers(side, str(blob.path)).values():
                cited.update(_answer_value(None, raw)[1])
    return cited


def build_report(root: Path, base: str, head: str | None = None, changes: dict[str, str] | None = None,
                 today: date | None = None, full: bool = False) -> dict:
    """The report of base…head (``head`` None: the working tree). ``changes``: every changed path (``changed_files``
    with ``tops=None``) when the caller has listed them already. The head is checked in proportion to the change
    (:mod:`.check.scope`) unless ``full``; ``today`` dates the checks (default: the clock)."""
    repo = git.Repo(root)
    head_commit = repo.commit(head) if head else repo.head.commit
    merge_base = repo.merge_base(repo.commit(base), head_commit)
    base_commit = merge_base[0] if merge_base else repo.commit(base)
    if changes is None:
        changes = changed_files(repo, base_commit.hexsha, head, tops=None)
    # checked in proportion to the change: the units it touches and everything outside unit folders (check/scope.py)
    scope = EVERYTHING if full else change_scope(changes)
    tree = None if head is None else GitTree(str(repo.git_dir), head_commit.hexsha, scope.listing())
    try:
        return _report(root, repo, base_commit, head_commit, head, tree, changes, scope, today)
    finally:
        if tree is not None:
            tree.close()


def tree_anomalies(tree: GitTree) -> list[dict]:
    """Entries of the head that are not regular files or folders, as errors by path: never followed, never read."""
    why = {"symlink": "symlink", "gitlink (submodule)": "submodule (gitlink)", "duplicate": "entri ganda di tree Git",
           "bad-name": "nama yang ditolak Git (., .., .git)"}
    return [{"file": a.path, "line": None, "severity": "error",
             "message": f"{why.get(a.kind, a.kind)} di pull request: berkas ZI harus berkas biasa; hapus entri ini"}
            for a in sorted(tree.anomalies, key=lambda a: (a.path, a.kind))]


def _report(root: Path, repo: git.Repo, base_commit: git.Commit, head_commit: git.Commit, head: str | None,
            tree: GitTree | None, every_change: dict[str, str], scope: ChangeScope, today: date | None) -> dict:
    head_root: Path | GitPath = root if tree is None else tree.root
    before, after = Side(repo, commit=base_commit), Side(repo, root=head_root)
    # the head's data is scored and checked by the trusted side's rules (the checkout the verdict runs from)
    trusted_rules = RuleSetLoader(root) if tree is not None else None
    head_repo = Repository(head_root, loader=trusted_rules)
    changes = {path: status for path, status in every_change.items() if path.split("/", 1)[0] in (UNITS, EVIDENCE)}
    report: dict = {"base": base_commit.hexsha, "head": head_commit.hexsha if head else "worktree", "changed": changes,
                    "scope": {"full": scope.full, "units": sorted(scope.units), "shared": scope.shared},
                    "units": [], "evidence": [], "differences": [], "problems": []}
    check = check_repository(head_root, today=today, loader=trusted_rules, scope=scope)
    report["problems"] = [{"file": p.file, "line": p.line, "message": p.message, "severity": p.severity} for p in check.problems]
    if tree is not None:
        report["problems"] = tree_anomalies(tree) + report["problems"]
    touched_units: set[tuple[str, int]] = set()
    for path, status in sorted(changes.items()):
        m = ANSWERS_FILE.match(path)
        if not m:
            continue
        unit, year, assessor = m.group(1), int(m.group(2)), m.group(3)
        touched_units.add((unit, year))
        holds = head_repo.holds(unit)
        old, old_problem = _score(head_repo, before, path, holds)
        new, new_problem = _score(head_repo, after, path, holds)
        old_answers, new_answers = _answers(before, path), _answers(after, path)
        manifest_before, manifest_after = _manifest_entries(before, unit), _manifest_entries(after, unit)
        items = []
        rules = _rules_of(head_repo, after, path) or _rules_of(head_repo, before, path)
        for item_id in sorted(set(old_answers) | set(new_answers)):
            item = rules.items.get(item_id) if rules else None
            a0, e0 = _answer_value(item, old_answers.get(item_id))
            a1, e1 = _answer_value(item, new_answers.get(item_id))
            if a0 == a1:
                continue
            new_evidence = [e for e in e1 if e not in e0 or e not in manifest_before]
            new_evidence += [eid for eid, entry in manifest_after.items()
                             if eid not in manifest_before and item_id in (entry.get("supports") or []) and eid not in new_evidence]
            items.append({"item": item_id, "before": a0, "after": a1,
                          "value_before": (old or {}).get("items", {}).get(item_id, {}).get("value"),
                          "value_after": (new or {}).get("items", {}).get(item_id, {}).get("value"),
                          "evidence_added": new_evidence})
        addressed = []
        if assessor == "self" and rules is not None:  # revisi items of the TPI (at the base) this change answers
            for reviewer in ("tpi", "tpn"):
                marked = _answers(before, f"units/{unit}/lke/{year}/{reviewer}.yaml")
                addressed += [i for i, e in marked.items() if isinstance(e, dict) and e.get("status") == "revisi" and i not in addressed
                              and unit_side(rules, i, old_answers.get(i)) != unit_side(rules, i, new_answers.get(i))]
        report["units"].append({"unit": unit, "year": year, "assessor": assessor, "file": path, "status": status,
                                "before": _summary(head_repo, old), "after": _summary(head_repo, new), "problem": new_problem if new is None else None,
                                "problem_before": old_problem, "items": items, "addresses_revisi": sorted(addressed)})
    for path in sorted(changes):
        m = MANIFEST_FILE.match(path)
        if not m:
            continue
        unit = m.group(1)
        old_entries, new_entries = _manifest_entries(before, unit), _manifest_entries(after, unit)
        cited = _tpi_cited(before, base_commit, unit)
        for eid in sorted(set(old_entries) | set(new_entries)):
            o, n = old_entries.get(eid), new_entries.get(eid)
            if o is None:
                change = "ditambah"
            elif n is None:
                change = "dihapus"
            elif o.get("sha256") != n.get("sha256") or o.get("file") != n.get("file") or o.get("url") != n.get("url"):
                change = "diubah"
            else:
                continue
            entry = n or o or {}
            report["evidence"].append({"unit": unit, "id": eid, "change": change, "title": str(entry.get("title") or eid),
                                       "visibility": entry.get("visibility"),
                                       "tpi_assessed": change != "ditambah" and eid in cited})
    for unit, year in sorted(touched_units):
        report["differences"].append(self_vs_tpi(head_repo, after, unit, year))
    return report


def self_vs_tpi(repo: Repository, side: Side, unit: str, year: int) -> dict:
    own, tpi = _answers(side, f"units/{unit}/lke/{year}/self.yaml"), _answers(side, f"units/{unit}/lke/{year}/tpi.yaml")
    if not own or not tpi:
        return {"unit": unit, "year": year, "items": [], "compared": False}
    rules = _rules_of(repo, side, f"units/{unit}/lke/{year}/self.yaml")
    differing = []
    for i in sorted(set(own) | set(tpi)):
        item = rules.items.get(i) if rules else None
        mine, theirs = _answer_value(item, own.get(i))[0], _answer_value(item, tpi.get(i))[0]
        if mine != theirs:
            differing.append({"item": i, "self": mine, "tpi": theirs})
    return {"unit": unit, "year": year, "items": differing, "compared": True}


# -- Markdown (Indonesian, for the PR comment and the job summary) -------------------------------------------------

def show_answer(value: object) -> str:
    """An answer as people write it (:func:`..numfmt.jawaban`), escaped for a comment; ``—`` when empty."""
    return "—" if value is None else text(jawaban(value))


def _signed(value: float) -> str:
    return ("+" if value > 0.0000005 else "") + angka(value)


def _verdict(summary: dict | None, predicate: str) -> str:
    """``memenuhi`` / ``belum`` / ``belum dapat dinilai``; under a local rule set also the national verdict (TPN)."""
    if summary is None:
        return "—"
    status = (summary.get("status") or {}).get(predicate)
    word = "belum dapat dinilai" if status == "belum dapat dinilai" else ("memenuhi" if summary["eligibility"].get(predicate) else "belum")
    national = summary.get("national_eligibility")
    if national is not None and predicate in national:
        unassessable = (summary.get("national_status") or {}).get(predicate) == "belum dapat dinilai"
        word += f" (nasional: {'belum dapat dinilai' if unassessable else 'memenuhi' if national[predicate] else 'belum'})"
    return word


def render_text(report: dict, limit: int = 40) -> str:
    """The same report for a terminal (``--format text``): plain lines, every value through ``terminal_text``."""
    t = terminal_text
    lines = [f"{'galat' if p['severity'] == 'error' else 'peringatan'}: {t(p['file'])}:{p['line'] or 1}: {t(p['message'])}"
             for p in report["problems"][:limit]]
    if len(report["problems"]) > limit:
        lines.append(f"… dan {len(report['problems']) - limit} temuan lain")
    for u in report["units"]:
        b, a = u["before"], u["after"]
        head = f"{t(u['unit'])} {u['year']} ({ASSESSOR_LABELS.get(u['assessor'], u['assessor'])}, {t(u['file'])})"
        if a is None:
            lines.append(f"{head}: tidak dapat dinilai ({t(u.get('problem') or 'berkas dihapus')})")
            continue
        totals = f"{angka(b['total'])} → {angka(a['total'])} ({_signed(a['total'] - b['total'])})" if b else angka(a["total"])
        lines.append(f"{head}: nilai {totals}; " + "; ".join(f"{p} {_verdict(a, p)}" for p in a["eligibility"]))
        for key, label in a["components"].items():
            lines.append(f"  {label}: {angka(b[key]) + ' → ' if b and key in b else ''}{angka(a[key])}")
        for item in u["items"][:limit]:
            lines.append(f"  {t(item['item'])}: {t(show_answer(item['before']))} → {t(show_answer(item['after']))}")
    for d in report["differences"]:
        if d["compared"] and d["items"]:
            lines.append(f"{t(d['unit'])} {d['year']}: {len(d['items'])} butir berbeda antara penilaian mandiri dan TPI")
    return "\n".join(lines or ["Tidak ada perubahan data ZI."]) + "\n"


def render_markdown(report: dict, limit: int = 40) -> str:
    """The comment (``templates/comment/pr-report.md``): data escaped by the comment environment, tool words trusted."""
    errors = [p for p in report["problems"] if p["severity"] == "error"]
    warnings = [p for p in report["problems"] if p["severity"] != "error"]
    predicates = list(dict.fromkeys(p for u in report["units"] for r in (u["before"], u["after"]) if r for p in r["eligibility"]))
    units = []
    for u in report["units"]:
        b, a = u["before"], u["after"]
        verdicts = [f"{_verdict(b, p)} → {_verdict(a, p)}" if _verdict(b, p) != _verdict(a, p) else _verdict(a, p) for p in predicates]
        rows = []
        if a:
            for key, value in a["areas"].items():
                old = b["areas"][key] if b else None
                rows.append({"label": text(key), "before": angka(old) if old is not None else "—", "after": angka(value),
                             "change": _signed(value - old) if old is not None else "—"})
            for key, label in [*a["components"].items(), ("total", "Total")]:
                old = b.get(key) if b else None
                rows.append({"label": f"**{label}**", "before": angka(old) if old is not None else "—", "after": angka(a[key]),
                             "change": _signed(a[key] - old) if old is not None else "—"})
        units.append({
            "unit": u["unit"], "year": u["year"], "who": ASSESSOR_LABELS.get(u["assessor"], u["assessor"]), "file": u["file"],
            "before": b, "after": a, "problem": u.get("problem"), "delta": trusted(_signed(a["total"] - b["total"])) if a and b else "—",
            "verdicts": [trusted(v) for v in verdicts], "addresses_revisi": (u.get("addresses_revisi") or [])[:50],
            "rows": [{k: trusted(v) for k, v in row.items()} for row in rows],
            "failed": [(pid, "; ".join(failed)) for pid, failed in (a["failed"].items() if a else ()) if failed],
            "changed_count": len(u["items"]),
            "changed": [{"item": i["item"], "before": trusted(show_answer(i["before"])), "after": trusted(show_answer(i["after"])),
                       "evidence_added": ", ".join(i["evidence_added"])} for i in u["items"][:limit]],
        })
    differences = [{"unit": d["unit"], "year": d["year"], "count": len(d["items"]), "more": max(0, len(d["items"]) - 15),
                    "shown": [{"item": i["item"], "self": trusted(show_answer(i["self"])), "tpi": trusted(show_answer(i["tpi"]))}
                              for i in d["items"][:15]]}
                   for d in report["differences"] if d["compared"]]
    body = render("comment", "comment/pr-report.md", errors=errors, warnings=warnings, shown_problems=(errors + warnings)[:limit],
                  hidden_problems=max(0, len(errors + warnings) - limit), units=units, predicates=predicates,
                  evidence=report["evidence"][:limit], differences=differences)
    return body.rstrip() + "\n"
