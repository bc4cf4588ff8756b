"""The daily loop of a unit team, replayed as the README tells it, in a temporary Git repository: register a unit, answer,
add evidence, check, score, report, authorize — every step succeeds or says exactly what to do."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

import evidence_samples
import test_git_workflow
from committed import SOURCE, commit
from conftest import ROOT
from zi_evidence.cli import main as zi
from zi_evidence.verdict import build_verdict, render_verdict
from zi_evidence.yamlio import parse_yaml

gitrepo = test_git_workflow.gitrepo  # the same throwaway Git repository fixture
TEAM = "budi-zi"
TPI_ACCOUNT = "tpi-kota-contoh"


def test_the_readme_path_of_a_new_unit_has_no_dead_end(gitrepo, tmp_path, capsys):
    root, repo = gitrepo
    repo.git.checkout("-b", "unit-dinas-pendidikan")
    r = str(root)
    # 1. register the unit (README step 1): CODEOWNERS is regenerated in the same pull request
    assert zi(["new", "unit", "dinas-pendidikan", "--name", "Dinas Pendidikan", "--maintainer", TEAM, "--year", "2026", "--root", r]) == 0
    assert ".github/CODEOWNERS (diperbarui)" in capsys.readouterr().out
    assert zi(["codeowners", "--check", "--root", r]) == 0
    # 2. answer two items in the skeleton
    answers = root / "units/dinas-pendidikan/lke/2026/self.yaml"
    text = answers.read_text().replace("  P.MP.1.a:\n", "  P.MP.1.a: Ya\n", 1).replace("  P.MP.1.b:\n", "  P.MP.1.b: A\n", 1)
    answers.write_text(text)
    # 3. evidence: recorded once, linked to both answers, comments of the answers file kept
    doc = tmp_path / "SK Tim ZI.pdf"
    doc.write_bytes(evidence_samples.pdf("Keputusan Kepala Dinas tentang Tim Kerja ZI"))
    assert zi(["evidence", "add", "dinas-pendidikan", str(doc), "--supports", "P.MP.1.a", "P.MP.1.b", "--title", "SK Tim ZI",
               "--visibility", "public", "--root", r]) == 0
    linked = parse_yaml(answers.read_text(), "a")["answers"]
    assert linked["P.MP.1.a"] == {"answer": "Ya", "evidence": ["sk-tim-zi"]} and linked["P.MP.1.b"]["evidence"] == ["sk-tim-zi"]
    assert "# ===== PEMENUHAN =====" in answers.read_text()
    # 4. check and score: no "belum disertai bukti dukung" for the linked answers
    capsys.readouterr()
    assert zi(["check", str(root / "units/dinas-pendidikan")]) == 0
    out = capsys.readouterr()
    assert "P.MP.1.a: jawaban 'Ya' (nilai penuh) belum disertai bukti" not in out.out + out.err
    assert zi(["score", str(root / "units/dinas-pendidikan")]) == 0
    assert "Unit: dinas-pendidikan" in capsys.readouterr().out
    # 5. the pull request: report, authz and the binding verdict all pass; the registration asks for admin approval
    head = commit(repo, "Daftarkan Dinas Pendidikan", TEAM)
    capsys.readouterr()
    assert zi(["pr-report", "--root", r, "--base", "main", "--head", head]) == 0
    assert "2 butir berubah" in capsys.readouterr().out  # the skeleton's empty count items are no change
    assert zi(["authz", "--root", r, "--base", "main", "--head", head, "--actor", TEAM]) == 0
    assert "pendaftaran unit baru dinas-pendidikan" in capsys.readouterr().out
    verdict = build_verdict(root, "main", head, TEAM)
    assert verdict["state"] == "success", verdict["description"]
    assert "Pendaftaran unit baru" in render_verdict(verdict)


def test_a_registration_grants_nothing_beyond_its_own_unit(gitrepo):
    root, repo = gitrepo
    repo.git.checkout("-b", "serobot")
    assert zi(["new", "unit", "dinas-baru", "--maintainer", TEAM, "--year", "2026", "--root", str(root)]) == 0
    other = root / "units/disdukcapil/unit.yaml"
    other.write_text(other.read_text().replace("target: WBK", "target: WBBM"))
    profile = root / "units/dinas-baru/unit.yaml"
    profile.write_text(profile.read_text().replace("predicates: []", "predicates:\n- predicate: WBK\n  granted: '2026-10-01'\n  decree: palsu"))
    head = commit(repo, "Unit baru plus", TEAM)
    verdict = build_verdict(root, "main", head, TEAM)
    assert verdict["state"] == "failure"
    assert [v["path"] for v in verdict["authz"]["files"]] == ["units/disdukcapil/unit.yaml"]  # another unit stays theirs
    assert any(v["field"] == "predicates" for v in verdict["authz"]["fields"])  # no self-awarded predicate, even at birth
    # someone not among the new unit's maintainers cannot register it on their behalf
    assert build_verdict(root, "main", head, "orang-lain")["authz"]["new_units"] == []


def test_evidence_add_refuses_unsafe_ids_missing_files_and_explains_network_errors(repo_copy, tmp_path, capsys):
    r = str(repo_copy)
    doc = tmp_path / "a.pdf"
    doc.write_bytes(evidence_samples.pdf("Notulen"))
    assert zi(["evidence", "add", "disdukcapil", str(doc), "--supports", "P.MP.1.a", "--id", "../../x", "--root", r]) == 2
    assert "--id '../../x' tidak sah" in capsys.readouterr().err
    assert not (repo_copy / "x").exists()
    assert zi(["evidence", "add", "disdukcapil", str(tmp_path / "tidak-ada.pdf"), "--supports", "P.MP.1.a", "--root", r]) == 2
    assert "berkas tidak ditemukan" in capsys.readouterr().err
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    assert zi(["evidence", "add", "disdukcapil", f"http://127.0.0.1:{port}/sk.pdf", "--title", "SK", "--supports", "P.MP.1.a",
               "--root", r]) == 2
    err = capsys.readouterr().err
    assert "tidak dapat diunduh" in err and "--sha256" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_one_normaliser_for_report_exports_and_score(gitrepo, tmp_path, capsys):
    """``ya``/``b``/``3,72`` are accepted by check and score, so the exports and the PR report read them the same way; the
    report counts only answers whose value changed and prints counts as people write them."""
    root, repo = gitrepo
    repo.git.checkout("-b", "ejaan")
    path = root / "units/disdukcapil/lke/2026/self.yaml"
    text = path.read_text()
    text = text.replace("  H.BA.1.a: 3.7\n", "  H.BA.1.a: '3,70'\n").replace("      pengaduan_diproses: 1\n", "      pengaduan_diproses: 0\n")
    text = text.replace("    answer: A\n    evidence:\n    - dokumen-area-pw", "    answer: a\n    evidence:\n    - dokumen-area-pw", 1)
    path.write_text(text)
    head = commit(repo, "Ejaan jawaban", "disdukcapil-zi")
    capsys.readouterr()
    assert zi(["pr-report", "--root", str(root), "--base", "main", "--head", head]) == 0
    report = capsys.readouterr().out
    assert "1 butir berubah" in report  # R.PW.2.a; '3,70' for 3.7 and 'a' for 'A' are no change
    assert "`R.PW.2.a`: pengaduan harus 6 · pengaduan diproses 1 · pengaduan selesai 5 → pengaduan harus 6 · pengaduan diproses 0" in report
    assert "`H.BA.1.a`" not in report.split("### Perbedaan")[0] and "None" not in report and "{" not in report
    assert zi(["score", str(path)]) == 0
    book = tmp_path / "lke.xlsx"
    assert zi(["export", "xlsx", "disdukcapil", "--year", "2026", "--out", str(book), "--root", str(root)]) == 0
    from openpyxl import load_workbook
    cells = [c.value for row in load_workbook(book)["LKE"].iter_rows() for c in row]
    assert 3.7 in cells and "3,70" not in cells and "a" not in cells
    out = tmp_path / "portal"
    assert zi(["export", "portalrb", "--year", "2026", "--out", str(out), "--root", str(root)]) == 0
    documents = "\n".join(p.read_text() for p in out.rglob("*.json"))
    assert '"jawaban_unit": "3.7"' in documents and '"jawaban_unit": "3,70"' not in documents and '"jawaban_unit": "a"' not in documents


@pytest.mark.parametrize(("text", "line", "words"), [
    ("answers:\n\tP.MP.1.a: Ya\n", 2, "karakter tab di baris 2"),
    ("rules: permenpanrb-90-2021\nanswers:\n  P.MP.1.a:Ya\n  P.MP.1.b: A\n", 3, "tidak ada spasi setelah titik dua di baris 3"),
    ("answers:\n  P.MP.1.a:\n    note: \"belum selesai\n  P.MP.1.b: A\n", 3, "tanda kutip yang dibuka di baris 3 tidak ditutup"),
    ("answers:\n  P.MP.1.a:\n    evidence: [sk-tim, notulen\n  P.MP.1.b: A\n", 3, "tidak ditutup dengan ']'"),
])
def test_yaml_syntax_errors_speak_indonesian_at_the_right_line(text, line, words):
    from zi_evidence.problems import DataError
    with pytest.raises(DataError) as caught:
        parse_yaml(text, "self.yaml")
    problem = caught.value.problems[0]
    assert problem.line == line and words in problem.message
    assert not any(english in problem.message for english in ("found character", "mapping values", "could not find", "expected"))


def test_yes_no_durations_and_the_unit_of_a_relative_path(repo_copy, capsys, monkeypatch):
    from zi_evidence.numfmt import besaran, durasi
    from zi_evidence.ruleset import RuleSetLoader
    from zi_evidence.scoring import parse_answers
    rules = RuleSetLoader(ROOT).load("permenpanrb-90-2021")
    parsed = parse_answers(rules, {"P.MP.1.b": False}, "self.yaml")  # `no` in YAML 1.1
    assert "dibaca YAML sebagai benar/salah" in parsed.problems[0].message and "False" not in parsed.problems[0].message
    assert (durasi(-0.48), durasi(0.48), durasi(1.25), durasi(2.0)) == ("belum dimulai", "6 bulan", "1 tahun 3 bulan", "2 tahun")
    assert besaran(1, "tahun") == "1 tahun" and besaran(100.0, "%") == "100 %" and besaran(0.5) == "0,5"
    monkeypatch.chdir(repo_copy / "units/disdukcapil")
    assert zi(["score", "."]) == 0
    assert capsys.readouterr().out.startswith("Unit: disdukcapil · Tahun: 2026")


def test_tpi_starts_from_a_file_and_compares_side_by_side(repo_copy, capsys):
    r = str(repo_copy)
    assert zi(["new", "tpi", "dinas-kesehatan", "--year", "2026", "--root", r]) == 0
    tpi = (repo_copy / "units/dinas-kesehatan/lke/2026/tpi.yaml").read_text()
    assert "#   jawaban mandiri unit: Ya" in tpi and parse_yaml(tpi, "t")["answers"]["P.MP.1.a"] is None  # hints, not answers
    assert zi(["new", "tpi", "dinas-kesehatan", "--year", "2026", "--root", r]) == 2  # never overwrites
    capsys.readouterr()
    assert zi(["score", "--compare", str(repo_copy / "units/disdukcapil")]) == 0
    out = capsys.readouterr().out
    assert "Perbandingan Mandiri / TPI" in out
    row = next(line for line in out.splitlines() if line.startswith("P.MP.1 "))
    assert row.split()[-3:] == ["0,50", "0,25", "≠"]  # self 0,50 · TPI 0,25: marked
    assert "8 dari 45 sub-indikator berbeda" in out
    items = out.split("Butir dengan jawaban berbeda (")[1].splitlines()
    from zi_evidence.repository import Repository

    record = Repository(repo_copy).unit("disdukcapil")
    own, tpi = (record.scored(2026, a).result["items"] for a in ("self", "tpi"))
    expected = [i for i in own if own[i].get("answer") != tpi[i].get("answer")]
    assert items[0] == f"{len(expected)}):" and [line.split()[0] for line in items[1:]] == expected  # every differing item, in LKE order


def _broken_copy(repo_copy: Path) -> Path:
    path = repo_copy / "units/dinas-kesehatan/lke/2026/self.yaml"
    path.write_text(path.read_text().replace("answers:\n", "answers:\n  P.MP.1.b: Z\n", 1).replace("\n  P.MP.1.b:\n", "\n", 1))
    return path


def test_check_annotates_changed_lines_for_github_gitlab_and_sarif(repo_copy, tmp_path, capsys):
    import json
    _broken_copy(repo_copy)
    assert zi(["check", str(repo_copy), "--format", "github"]) == 1
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.startswith("::error "))
    assert line.startswith("::error file=units/dinas-kesehatan/lke/2026/self.yaml,line=6,title=zi check (answers.invalid)::pilihan 'Z'")
    assert zi(["check", str(repo_copy), "--format", "gitlab", "--output", str(tmp_path / "cq.json")]) == 1
    report = json.loads((tmp_path / "cq.json").read_text())
    entry = next(e for e in report if e["check_name"] == "answers.invalid")
    assert entry["location"] == {"path": "units/dinas-kesehatan/lke/2026/self.yaml", "lines": {"begin": 6}}
    assert entry["severity"] == "major" and len(entry["fingerprint"]) == 64
    assert len({e["fingerprint"] for e in report}) == len(report)
    assert zi(["check", str(repo_copy), "--format", "sarif", "--output", str(tmp_path / "r.sarif")]) == 1
    sarif = json.loads((tmp_path / "r.sarif").read_text())
    result = next(r for r in sarif["runs"][0]["results"] if r["ruleId"] == "answers.invalid")
    assert sarif["version"] == "2.1.0" and result["locations"][0]["physicalLocation"]["region"] == {"startLine": 6}
    # workflow-command data is escaped: a newline in a message cannot start a new command
    from zi_evidence.problems import Problem
    from zi_evidence.render.annotations import REPORTERS
    forged = REPORTERS["github"]([Problem("a,b:c.yaml", 1, "x\n::error::palsu")])
    assert forged.count("\n") == 0 and "%0A::error::palsu" in forged and "file=a%2Cb%3Ac.yaml" in forged


def test_workflows_use_the_annotation_formats():
    assert "zi check --format github" in (SOURCE / ".github/workflows/pr.yml").read_text()
    gitlab = (SOURCE / ".gitlab-ci.yml").read_text()
    assert "zi check --format gitlab --output gl-code-quality-report.json" in gitlab and "codequality: gl-code-quality-report.json" in gitlab


def test_pre_commit_hooks_run_offline(repo_copy, monkeypatch, capsys):
    import yaml
    hooks = yaml.safe_load((SOURCE / ".pre-commit-hooks.yaml").read_text())
    assert {"zi-check", "zi-fmt", "zi-check-system", "zi-fmt-system"} <= {h["id"] for h in hooks}

    def no_network(*args, **kwargs):
        raise AssertionError("a hook tried to use the network")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.chdir(repo_copy)
    for hook in hooks:
        argv = hook["entry"].split()[1:]
        files = [str(repo_copy / "units/disdukcapil/unit.yaml")] if hook["pass_filenames"] else []
        assert zi(argv + files) == 0, (hook["id"], capsys.readouterr())
    _broken_copy(repo_copy)
    assert zi(["check"]) == 1  # and they fail when the data is wrong


def _set(path: Path, item: str, block: str) -> None:
    """Replace the entry of ``item`` in an answers file with ``block`` (long form lines, indented by 4)."""
    lines = path.read_text().splitlines(keepends=True)
    start = next(k for k, line in enumerate(lines) if line.startswith(f"  {item}:"))
    end = start + 1
    while end < len(lines) and lines[end].startswith("    "):
        end += 1
    lines[start:end] = [f"  {item}:\n", *(f"    {x}\n" for x in block.strip().splitlines())]
    path.write_text("".join(lines))


def test_review_loop_per_item_waits_on_the_right_side_with_ages(gitrepo, capsys):
    import json
    root, repo = gitrepo
    tpi = root / "units/disdukcapil/lke/2026/tpi.yaml"
    own = root / "units/disdukcapil/lke/2026/self.yaml"
    _set(tpi, "P.MP.1.a", "answer: Tidak\nstatus: revisi\ncatatan: SK tim belum ditandatangani pimpinan")
    _set(tpi, "P.MP.1.b", "answer: B\nstatus: revisi\ncatatan: mekanisme pemilihan tidak dijelaskan")
    _set(tpi, "P.MP.2.a", "answer: Ya\nstatus: diterima")
    commit(repo, "TPI: revisi", TPI_ACCOUNT, "2026-12-01T09:00:00 +0700")
    # the unit answers P.MP.1.b (new evidence id + tanggapan) on 10 December; P.MP.1.a is still open
    _set(own, "P.MP.1.b", "answer: A\nevidence:\n- sk-tim-zi\ntanggapan: mekanisme dijelaskan di SK halaman 2")
    head = commit(repo, "Unit: tanggapan", "disdukcapil-zi", "2026-12-10T09:00:00 +0700")
    capsys.readouterr()
    assert zi(["review", "disdukcapil", "--date", "2026-12-15", "--format", "json", "--root", str(root)]) == 0
    report = json.loads(capsys.readouterr().out)[0]
    items = {i["item"]: i for i in report["items"]}
    assert (report["menunggu_unit"], report["menunggu_tpi"], report["diterima"]) == (1, 1, 1)
    assert items["P.MP.1.a"]["menunggu"] == "unit" and items["P.MP.1.a"]["umur_hari"] == 14  # 1 → 15 December
    assert items["P.MP.1.b"]["menunggu"] == "tpi" and items["P.MP.1.b"]["umur_hari"] == 5  # 10 → 15 December
    from datetime import date

    from zi_evidence.gitdata import GitHistory
    from zi_evidence.reminders import unit_reminders
    from zi_evidence.repository import Repository
    due = unit_reminders(Repository(root), GitHistory.open(root), "disdukcapil", date(2026, 12, 20))
    assert [r.message for r in due if r.kind == "revisi"] == [
        "1 butir revisi TPI belum ditanggapi lebih dari 14 hari: P.MP.1.a (sejak 1 Desember 2026). Lihat `zi review disdukcapil`."]
    assert not [r for r in unit_reminders(Repository(root), GitHistory.open(root), "disdukcapil", date(2026, 12, 10)) if r.kind == "revisi"]
    assert zi(["review", "--date", "2026-12-15", "--root", str(root)]) == 0
    text = capsys.readouterr().out
    assert "disdukcapil 2026 — menunggu unit: 1 · menunggu TPI: 1 · diterima: 1" in text
    assert "catatan TPI: SK tim belum ditandatangani pimpinan" in text
    # the PR report says which revisi items the change answers
    repo.git.checkout("-b", "jawab", head + "~1")
    _set(own, "P.MP.1.b", "answer: A\nevidence:\n- sk-tim-zi\ntanggapan: dijelaskan")
    pr = commit(repo, "Unit: tanggapan", "disdukcapil-zi", "2026-12-10T09:00:00 +0700")
    assert zi(["pr-report", "--root", str(root), "--base", head + "~1", "--head", pr]) == 0
    assert "**Menjawab revisi TPI:** `P.MP.1.b`" in capsys.readouterr().out
    # rights: a unit may not write the TPI's status, nor the TPI the unit's tanggapan (zi check says where they go)
    _set(own, "P.MP.1.a", "answer: Ya\nstatus: diterima")
    capsys.readouterr()
    assert zi(["check", str(root / "units/disdukcapil")]) == 1
    assert "P.MP.1.a: status tidak berlaku di berkas ini; tempatnya di tpi.yaml (diisi TPI)" in capsys.readouterr().err


@pytest.mark.parametrize("same_second", [False, True])
def test_review_follows_git_order_for_same_day_commits(gitrepo, capsys, same_second):
    """The TPI marks revisi at 09:00 and the unit replies at 09:30 (or in the same second) the same day: the reply came
    after the revisi in Git's order, so the item waits on the TPI. Calendar days cannot tell these apart."""
    import json
    root, repo = gitrepo
    tpi = root / "units/disdukcapil/lke/2026/tpi.yaml"
    own = root / "units/disdukcapil/lke/2026/self.yaml"
    _set(tpi, "P.MP.1.b", "answer: B\nstatus: revisi\ncatatan: mekanisme pemilihan tidak dijelaskan")
    commit(repo, "TPI: revisi", TPI_ACCOUNT, "2026-12-01T09:00:00 +0700")
    _set(own, "P.MP.1.b", "answer: A\nevidence:\n- sk-tim-zi\ntanggapan: dijelaskan di SK halaman 2")
    commit(repo, "Unit: tanggapan", "disdukcapil-zi", "2026-12-01T09:00:00 +0700" if same_second else "2026-12-01T09:30:00 +0700")
    _set(tpi, "P.MP.1.a", "answer: Tidak\nstatus: revisi\ncatatan: SK belum ditandatangani")  # later the same day: open
    commit(repo, "TPI: revisi lagi", TPI_ACCOUNT, "2026-12-01T16:00:00 +0700")
    capsys.readouterr()
    assert zi(["review", "disdukcapil", "--date", "2026-12-03", "--format", "json", "--root", str(root)]) == 0
    items = {i["item"]: i for i in json.loads(capsys.readouterr().out)[0]["items"]}
    assert items["P.MP.1.b"]["menunggu"] == "tpi" and items["P.MP.1.b"]["umur_hari"] == 2
    assert items["P.MP.1.a"]["menunggu"] == "unit"


def test_the_site_shows_review_counts_without_the_notes(demo_site):
    from zi_evidence.review import status_counts
    counts = status_counts({"tpi": {"A": {"status": "revisi"}, "B": {"status": "diterima"}, "C": {"status": "revisi"}},
                            "self": {"A": {"answer": "Ya", "tanggapan": "sudah"}}})
    assert counts == {"revisi": 2, "ditanggapi": 1, "diterima": 1}
    assert status_counts({"tpi": {"A": "Ya"}}) is None
    page = (demo_site / "unit/dinas-sosial/index.html").read_text()
    assert "Tinjauan TPI 2026: <strong>1</strong> butir perlu revisi (0 sudah ditanggapi unit)" in page
    assert "berita acara seleksi" not in page and "berita acara seleksi" not in (demo_site / "unit/dinas-sosial/lke-2026/index.html").read_text()


def test_progress_shows_only_on_a_terminal():
    import io

    from zi_evidence.workers import Progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty, pipe = Terminal(), io.StringIO()
    for stream in (tty, pipe):
        progress = Progress("zi check", 1000, "unit", stream)
        progress.advance(250)
        progress.advance(750)
        progress.finish()
    assert "\rzi check: 250/1000 unit" in tty.getvalue() and "1000/1000" in tty.getvalue()
    assert pipe.getvalue() == ""  # logs and CI stay clean
    short = Terminal()
    Progress("zi score", 5, "berkas", short).advance(5)
    assert short.getvalue() == ""  # short runs need no progress


@pytest.mark.parametrize("extra, expected", [
    ("tpi", "units/dinas-baru/lke/2026/tpi.yaml"),
    ("tpn", "units/dinas-baru/lke/2026/tpn.yaml"),
    ("stage", "stages"),
    ("predicate", "predicates"),
])
def test_a_registration_cannot_carry_what_is_not_the_units(gitrepo, extra, expected):
    """A new unit's first pull request may not bring the TPI's or TPN's assessment, a predicate or a later stage: each
    is a violation naming its file or field, as it would be in any other pull request."""
    root, repo = gitrepo
    repo.git.checkout("-b", f"daftar-{extra}")
    assert zi(["new", "unit", "dinas-baru", "--maintainer", TEAM, "--year", "2026", "--root", str(root)]) == 0
    own = root / "units/dinas-baru/lke/2026/self.yaml"
    profile = root / "units/dinas-baru/unit.yaml"
    if extra in ("tpi", "tpn"):
        (own.parent / f"{extra}.yaml").write_text(own.read_text())
    elif extra == "stage":
        profile.write_text(profile.read_text().replace("stages:\n", "stages:\n  - stage: predikat\n    date: 2026-11-01\n", 1))
    else:
        profile.write_text(profile.read_text().replace("predicates: []", "predicates:\n- predicate: WBK\n  granted: '2026-10-01'"))
    head = commit(repo, "Daftar", TEAM)
    verdict = build_verdict(root, "main", head, TEAM)
    assert verdict["state"] == "failure"
    named = [v["path"] for v in verdict["authz"]["files"]] + [v["field"] for v in verdict["authz"]["fields"]]
    assert any(expected == n or n.startswith(f"{expected}[") for n in named), verdict["authz"]
    assert expected not in verdict["authz"]["registration"]


def test_paths_are_read_as_git_writes_them(gitrepo):
    """An accented file in a unit's own folder is the unit's; an accented new workflow file is still a protected path."""
    root, repo = gitrepo
    repo.git.checkout("-b", "aksen")
    (root / "units/disdukcapil/catatan-rapat é.txt").write_text("catatan\n")
    (root / ".github/workflows/ǝvil.yml").write_text("on: push\n")
    head = commit(repo, "aksen", "disdukcapil-zi")
    verdict = build_verdict(root, "main", head, "disdukcapil-zi")
    assert ".github/workflows/ǝvil.yml" in verdict["authz"]["protected"]
    assert [v["path"] for v in verdict["authz"]["files"]] == [".github/workflows/ǝvil.yml"]  # not the unit's accented file
