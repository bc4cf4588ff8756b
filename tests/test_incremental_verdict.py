"""The verdict in proportion to the change equals the verdict over the whole repository (issue [7/7]).

Hundreds of pull requests with random changes — answers, deletions, renames of files and of whole units, new units,
broken YAML, unknown files, symlinks, shared files (rules, instansi, prasyarat, kawasan), docs — each judged twice:
incrementally (the units it touches, :mod:`zi_evidence.check.scope`) and in full (``full=True``). From a clean base the
two verdicts are equal, field for field. Some pull requests are stacked on an earlier one, so their base may already
hold findings: then the incremental verdict still equals the full one on everything the change can reach (its units and
everything outside unit folders), and leaves out only what was in untouched units before.
"""

from __future__ import annotations

import random
import shutil
from datetime import date
from pathlib import Path

import git
import pytest
import yaml

from committed import COMMITTED, commit
from zi_evidence.check.scope import ChangeScope
from zi_evidence.synth import generate_repository
from zi_evidence.verdict import build_verdict

TODAY = date(2026, 11, 20)  # the checks' "today": a parameter, never the clock
PULL_REQUESTS = 300
CHUNKS = 6


@pytest.fixture(scope="module")
def institution(tmp_path_factory) -> tuple[Path, git.Repo]:
    root = tmp_path_factory.mktemp("incremental") / "repo"
    generate_repository(COMMITTED, root, units=5, years=2, seed=11, commits=1)
    repo = git.Repo(root)
    repo.git.branch("-M", "main")
    return root, repo


def _units(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "units").iterdir() if p.is_dir() and p.name not in ("prasyarat", "kawasan"))


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) if folder.is_dir() else []


def _edit(path: Path, rng: random.Random, old: str, choices: list[str]) -> None:
    if path.is_file() and old in (text := path.read_text()):
        path.write_text(text.replace(old, rng.choice(choices), 1))


# -- random changes: each takes the repository's root, the rng and a unit id, and edits the working tree ------------

def flip_answer(root, rng, uid):
    files = sorted((root / "units" / uid / "lke").glob("*/self.yaml"))
    if files:
        _edit(rng.choice(files), rng, "answer: A", ["answer: B", "answer: C", "answer: Z", "answer: 7"])


def tpi_revisi(root, rng, uid):
    files = sorted((root / "units" / uid / "lke").glob("*/tpi.yaml"))
    if files:
        _edit(rng.choice(files), rng, "answer: ", ["status: revisi\n    answer: ", "catatan: lihat lagi\n    answer: "])


def delete_file(root, rng, uid):
    files = _files(root / "units" / uid) + _files(root / "evidence" / uid)
    if files:
        rng.choice(files).unlink()


def rename_file(root, rng, uid):
    files = _files(root / "units" / uid) + _files(root / "evidence" / uid)
    if files:
        source = rng.choice(files)
        target = source.with_name(rng.choice(["2031.yaml", "lain.yaml", "dokumen-99.png", "self.yaml", "catatan.md"]))
        if not target.exists():
            source.rename(target)


def rename_unit(root, rng, uid):
    new = f"{uid}-baru{rng.randrange(100)}"
    for top in ("units", "evidence"):
        if (root / top / uid).is_dir() and not (root / top / new).exists():
            (root / top / uid).rename(root / top / new)


def new_unit(root, rng, uid):
    new = f"unit-baru-{rng.randrange(1000)}"
    if (root / "units" / new).exists():
        return
    for top in ("units", "evidence"):
        if (root / top / uid).is_dir():
            shutil.copytree(root / top / uid, root / top / new)
    profile = root / "units" / new / "unit.yaml"
    if profile.is_file() and rng.random() < 0.8:
        profile.write_text(profile.read_text().replace(f"id: {uid}", f"id: {new}").replace(f"- zi-{uid}", f"- zi-{new}"))


def delete_unit(root, rng, uid):
    for top in ("units", "evidence") if rng.random() < 0.7 else ("units",):
        shutil.rmtree(root / top / uid, ignore_errors=True)


def delete_profile(root, rng, uid):
    (root / "units" / uid / "unit.yaml").unlink(missing_ok=True)


def break_yaml(root, rng, uid):
    files = [p for p in _files(root / "units" / uid) if p.suffix == ".yaml"] + [root / "evidence" / uid / "manifest.yaml"]
    target = rng.choice(files)
    if target.is_file():
        target.write_text(target.read_text() + rng.choice(["\n: : rusak\n", "\nanswers: [\n", "\n\tx: 1\n"]))


def unknown_file(root, rng, uid):
    folder = root / rng.choice(["units", "evidence"]) / uid
    if folder.is_dir():
        (folder / rng.choice(["catatan.txt", "scan.pdf", "draft.yaml"])).write_text("bukan berkas ZI\n")


def symlink(root, rng, uid):
    folder = root / rng.choice(["units", "evidence"]) / uid
    if folder.is_dir() and not (folder / "tautan.yaml").exists():
        (folder / "tautan.yaml").symlink_to("/etc/hostname")


def future_stage(root, rng, uid):
    _edit(root / "units" / uid / "unit.yaml", rng, "date: '2024", ["date: '2027", "date: '2019", "date: 'kemarin"])


def maintainers(root, rng, uid):
    _edit(root / "units" / uid / "unit.yaml", rng, "maintainers:\n", ["maintainers:\n- orang-lain\n", "maintainers: []\nx:\n"])


def evidence_bytes(root, rng, uid):
    files = [p for p in _files(root / "evidence" / uid / "files")]
    if files:
        target = rng.choice(files)
        target.write_bytes(target.read_bytes() + b"\0tambahan")


def manifest_entry(root, rng, uid):
    _edit(root / "evidence" / uid / "manifest.yaml", rng, "visibility: internal", ["visibility: public", "visibility: rahasia"])


def shared_rules(root, rng, uid):
    target = root / "rules" / "permenpanrb-90-2021" / "ruleset.yaml"
    target.write_text(target.read_text() + "# catatan admin\n")


def shared_instansi(root, rng, uid):
    _edit(root / "units" / "instansi.yaml", rng, "rules: permenpanrb-90-2021",
          ["rules: permenpanrb-90-2021\nadmins:\n- organisasi-sintetis", "rules: tidak-ada"])


def shared_prasyarat(root, rng, uid):
    files = sorted((root / "units" / "prasyarat").glob("*.yaml"))
    if files:
        rng.choice(files).write_text(files[0].read_text().replace("year:", "year: 19", 1))


def shared_kawasan(root, rng, uid):
    (root / "units" / "kawasan").mkdir(exist_ok=True)
    (root / "units" / "kawasan" / "bandara.yaml").write_text(
        yaml.safe_dump({"id": "bandara", "name": "Kawasan Bandara", "units": [uid, "unit-tak-ada"]}))


def docs_page(root, rng, uid):
    page = root / "docs" / "tentang.md"
    page.write_text((page.read_text() if page.is_file() else "") + "\nTambahan.\n")


CHANGES = [flip_answer] * 6 + [tpi_revisi] * 2 + [
    delete_file, rename_file, rename_unit, new_unit, delete_unit, delete_profile, break_yaml, unknown_file, symlink,
    future_stage, maintainers, evidence_bytes, manifest_entry, docs_page, shared_rules, shared_instansi,
    shared_prasyarat, shared_kawasan]


def _pull_request(root: Path, repo: git.Repo, rng: random.Random, number: int, base: str) -> tuple[str, str]:
    repo.git.checkout("-f", "-q", base)
    repo.git.clean("-fdq")
    repo.git.checkout("-q", "-b", f"pr-{number}")
    units = _units(root) or ["tak-ada"]
    uid = rng.choice(units)  # most changes stay in one unit, made by its maintainer, as real pull requests do
    for change in rng.sample(CHANGES, rng.choice([1, 1, 2, 3])):
        change(root, rng, uid if rng.random() < 0.7 else rng.choice(units))
    actor = rng.choice([f"zi-{uid}", f"zi-{uid}", f"zi-{uid}", "tpi-kabupaten-sintetis", "organisasi-sintetis", "orang-luar"])
    head = commit(repo, f"perubahan acak {number}", actor)
    repo.git.checkout("-f", "-q", base)  # the verdict runs from the base's checkout (its rules are the trusted ones)
    repo.git.clean("-fdq")
    return head, actor


def _without_scope(verdict: dict) -> dict:
    return {**verdict, "report": {k: v for k, v in verdict["report"].items() if k != "scope"}}


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_the_incremental_verdict_equals_the_full_one(institution, chunk):
    root, repo = institution
    rng = random.Random(7000 + chunk)  # noqa: S311 - reproducible changes
    heads: list[str] = []
    seen_full = seen_partial = 0
    for number in range(chunk * PULL_REQUESTS // CHUNKS, (chunk + 1) * PULL_REQUESTS // CHUNKS):
        stacked = heads and rng.random() < 0.25  # on top of an earlier pull request: the base may hold findings
        base = rng.choice(heads) if stacked else "main"
        head, actor = _pull_request(root, repo, rng, number, base)
        heads.append(head)
        quick = build_verdict(root, base, head, actor, today=TODAY)
        whole = build_verdict(root, base, head, actor, today=TODAY, full=True)
        scope = ChangeScope(frozenset(quick["report"]["scope"]["units"]), quick["report"]["scope"]["full"])
        seen_full += scope.full
        seen_partial += not scope.full
        where = f"PR {number} ({repo.git.diff('--stat', base, head)})"
        left_out = [p for p in whole["report"]["problems"] if not scope.covers(p["file"])]
        if not stacked:
            assert not left_out, where  # a clean base: nothing outside the change to leave out
        if not any(p["severity"] == "error" for p in left_out):
            kept = {**whole, "report": {**whole["report"], "problems": [p for p in whole["report"]["problems"] if scope.covers(p["file"])]}}
            assert _without_scope(quick) == _without_scope(kept), where
        else:  # the base was already failing in untouched units: same findings within reach, same everything else
            assert quick["report"]["problems"] == [p for p in whole["report"]["problems"] if scope.covers(p["file"])], where
            assert quick["authz"] == whole["authz"], where
            for key in ("units", "evidence", "differences", "changed"):
                assert quick["report"][key] == whole["report"][key], where
    assert seen_full and seen_partial  # both paths exercised in every chunk


def test_the_base_is_clean(institution):
    """The exact equality above rests on a clean base (what branch protection keeps main at)."""
    root, repo = institution
    repo.git.checkout("-f", "-q", "main")
    verdict = build_verdict(root, "main", "main", "orang-luar", today=TODAY, full=True)
    assert verdict["report"]["problems"] == []
