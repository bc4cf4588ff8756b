"""``zi check`` on the demo data and on one hostile variant per case of DESIGN §10."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import evidence_samples
from zi_evidence.check import check_repository
from zi_evidence.cli import main

UNIT = "disdukcapil"


def errors(root: Path):
    return check_repository(root).errors


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of_text(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(needle)


def only_error(root: Path, code: str):
    found = errors(root)
    assert found, "expected an error"
    assert {p.code for p in found} == {code}, [str(p) for p in found]
    return found[0]


def test_demo_repository_is_clean():
    from conftest import ROOT
    report = check_repository(ROOT)
    assert report.errors == [], [str(p) for p in report.errors]
    assert report.files_checked >= 40


def test_cli_exit_codes(repo_copy, capsys):
    assert main(["check", str(repo_copy)]) == 0
    assert "LULUS" in capsys.readouterr().out
    assert main(["check", str(repo_copy / "tidak-ada")]) == 2
    edit(repo_copy / "units" / UNIT / "unit.yaml", "target: WBK", "target: WBX")
    assert main(["check", str(repo_copy)]) == 1
    captured = capsys.readouterr()
    assert f"units/{UNIT}/unit.yaml:" in captured.err and "GAGAL" in captured.out


def test_malformed_yaml(repo_copy):
    path = repo_copy / "units" / UNIT / "unit.yaml"
    edit(path, "target: WBK", "target: [WBK")
    p = only_error(repo_copy, "yaml.syntax")
    assert p.file == f"units/{UNIT}/unit.yaml" and p.line


def test_duplicate_keys(repo_copy):
    path = repo_copy / "units" / UNIT / "unit.yaml"
    edit(path, "target: WBK\n", "target: WBK\ntarget: WBBM\n")
    p = only_error(repo_copy, "yaml.duplicate_key")
    assert p.line == line_of_text(path, "target: WBBM")


def test_wrong_type(repo_copy):
    path = repo_copy / "units" / UNIT / "unit.yaml"
    edit(path, "core_service: true", "core_service: 5")
    p = only_error(repo_copy, "schema.type")
    assert p.line == line_of_text(path, "core_service: 5") and "true/false" in p.message


def test_unknown_item_id(repo_copy):
    path = repo_copy / "units" / UNIT / "lke" / "2026" / "self.yaml"
    edit(path, "  P.MP.1.a:", "  P.MP.9.a: Ya\n  P.MP.1.a:")
    p = only_error(repo_copy, "answers.unknown_item")
    assert p.line == line_of_text(path, "P.MP.9.a") and "P.MP.9.a" in p.message


def test_option_not_allowed(repo_copy):
    path = repo_copy / "units" / UNIT / "lke" / "2026" / "tpi.yaml"
    text = path.read_text()
    start = text.index("  P.MP.1.b:")
    answer_line = text.index("answer:", start)
    end = text.index("\n", answer_line)
    path.write_text(text[:answer_line] + "answer: E" + text[end:])
    p = only_error(repo_copy, "answers.invalid")
    assert p.line == line_of_text(path, "P.MP.1.b") and "pilihan 'E' tidak ada" in p.message


def test_counts_that_contradict(repo_copy):
    path = repo_copy / "units" / UNIT / "lke" / "2026" / "self.yaml"
    text = path.read_text()
    start = text.index("  R.AK.1.a:")
    block_end = text.index("  R.AK.2.a:")
    path.write_text(text[:start] + "  R.AK.1.a: {answer: {sasaran_total: 4, sasaran_tercapai: 9}}\n" + text[block_end:])
    p = only_error(repo_copy, "answers.invalid")
    assert "melebihi" in p.message and p.line == line_of_text(path, "R.AK.1.a")


def test_evidence_id_that_does_not_exist(repo_copy):
    path = repo_copy / "units" / UNIT / "lke" / "2026" / "self.yaml"
    edit(path, "- sk-tim-zi", "- sk-tim-zi-palsu")
    p = only_error(repo_copy, "lke.evidence_unknown")
    assert "sk-tim-zi-palsu" in p.message and p.line


def test_evidence_file_missing(repo_copy):
    (repo_copy / "evidence" / UNIT / "files" / "sk-tim-zi.pdf").unlink()
    p = only_error(repo_copy, "evidence.missing")
    assert p.file == f"evidence/{UNIT}/manifest.yaml" and p.line == line_of_text(repo_copy / p.file, "file: files/sk-tim-zi.pdf")


def test_evidence_sha256_differs(repo_copy):
    target = repo_copy / "evidence" / UNIT / "files" / "sk-tim-zi.pdf"
    data = bytearray(target.read_bytes())
    data[-10] ^= 1
    target.write_bytes(bytes(data))
    p = only_error(repo_copy, "evidence.sha256")
    assert p.line and "sha256" in p.message


def test_path_escaping_the_unit_folder(repo_copy):
    manifest = repo_copy / "evidence" / UNIT / "manifest.yaml"
    edit(manifest, "file: files/sk-tim-zi.pdf", "file: ../dpmptsp/files/sk-tim-zi.pdf")
    p = only_error(repo_copy, "path.escape")
    assert p.line == line_of_text(manifest, "../dpmptsp")


def test_symlinked_evidence(repo_copy):
    target = repo_copy / "evidence" / UNIT / "files" / "sk-tim-zi.pdf"
    target.rename(target.with_name("asli.pdf"))
    os.symlink(target.with_name("asli.pdf"), target)
    found = {p.code for p in errors(repo_copy)}
    assert "path.symlink" in found


def test_evidence_through_a_symlinked_folder_or_an_absolute_path(repo_copy, tmp_path):
    """Every part of the path is checked for symlinks and ".."/absolute paths are refused, so no file outside the
    unit's folder is read (the check does not resolve() each path any more)."""
    files = repo_copy / "evidence" / UNIT / "files"
    outside = tmp_path / "luar"
    files.rename(outside)
    os.symlink(outside, files)
    assert "path.symlink" in {p.code for p in errors(repo_copy)}
    files.unlink()
    outside.rename(files)
    edit(repo_copy / "evidence" / UNIT / "manifest.yaml", "file: files/sk-tim-zi.pdf", f"file: {files / 'sk-tim-zi.pdf'}")
    assert only_error(repo_copy, "path.escape").message.startswith("berkas bukti '/")


def test_oversized_yaml_and_evidence(repo_copy, monkeypatch):
    notes = repo_copy / "units" / UNIT / "survei.yaml"
    notes.write_text("surveys: []\n# " + "x" * (3 * 1024 * 1024) + "\n")
    p = only_error(repo_copy, "yaml.too_large")
    assert p.file == f"units/{UNIT}/survei.yaml"
    notes.write_text("surveys: []\n")
    monkeypatch.setattr("zi_evidence.scan.evidence.MAX_EVIDENCE_BYTES", 100)
    assert "evidence.too_large" in {p.code for p in errors(repo_copy)}


def test_alias_bomb(repo_copy):
    path = repo_copy / "units" / UNIT / "survei.yaml"
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True))
    path.write_text(bomb)
    p = only_error(repo_copy, "yaml.alias_bomb")
    assert p.line


def test_html_injection(repo_copy):
    path = repo_copy / "units" / UNIT / "unit.yaml"
    edit(path, "name: Dinas Kependudukan dan Pencatatan Sipil", "name: <script>alert(1)</script>")
    p = only_error(repo_copy, "text.markup")
    assert p.line == line_of_text(path, "<script>")


@pytest.mark.parametrize("pii", ["3171012345678901", "0812-3456-7890", "+62 812 3456 7890", "budi.santoso@gmail.com", "19800101 200501 1 001"])
def test_personal_data_in_public_fields(repo_copy, pii):
    path = repo_copy / "units" / UNIT / "unit.yaml"
    edit(path, "address: Jl. Cendana No. 8, Kota Contoh", f"address: Jl. Cendana No. 8, Kota Contoh (kontak {pii})")
    p = only_error(repo_copy, "text.personal_data")
    assert p.line == line_of_text(path, "address:")


def test_official_go_id_address_is_allowed(repo_copy):
    edit(repo_copy / "units" / UNIT / "unit.yaml", "address: Jl. Cendana No. 8, Kota Contoh", "address: Jl. Cendana No. 8 (dukcapil@contoh.go.id)")
    assert errors(repo_copy) == []


def test_personal_data_in_public_evidence_but_not_internal(repo_copy):
    # The internal attendance list carries NIPs: allowed while internal.
    assert errors(repo_copy) == []
    # A public PDF whose (compressed) text carries a NIP is refused, naming the manifest line.
    pdf = repo_copy / "evidence" / UNIT / "files" / "sk-tim-zi.pdf"
    pdf.write_bytes(evidence_samples.pdf("Ketua: 19800101 200501 1 001", compress=True))
    manifest = repo_copy / "evidence" / UNIT / "manifest.yaml"
    rerecord(manifest, "files/sk-tim-zi.pdf", pdf.read_bytes())
    p = only_error(repo_copy, "evidence.personal_data")
    assert "NIP" in p.message and p.line == line_of_text(manifest, "file: files/sk-tim-zi.pdf")


def rerecord(manifest: Path, rel: str, content: bytes) -> None:
    """Write the sha256 and size of ``content`` into the manifest entry of ``rel`` (as `zi evidence add` would)."""
    import hashlib

    import yaml
    data = yaml.safe_load(manifest.read_text())
    entry = next(e for e in data["items"] if e.get("file") == rel)
    text = manifest.read_text()
    text = text.replace(entry["sha256"], hashlib.sha256(content).hexdigest()).replace(f"size: {entry['size']}\n", f"size: {len(content)}\n", 1)
    manifest.write_text(text)


def test_unit_id_must_match_folder(repo_copy):
    path = repo_copy / "units" / UNIT / "unit.yaml"
    edit(path, f"id: {UNIT}", "id: dukcapil")
    p = only_error(repo_copy, "unit.id")
    assert p.line == line_of_text(path, "id: dukcapil")


def test_dates_inconsistent_with_stage_history(repo_copy):
    path = repo_copy / "units" / UNIT / "unit.yaml"
    edit(path, "date: '2024-03-04'", "date: '2023-03-04'")
    p = only_error(repo_copy, "dates.stages")
    assert "lebih awal" in p.message and p.line


def test_lke_before_pencanangan(repo_copy):
    src = repo_copy / "units" / UNIT / "lke" / "2026"
    dst = repo_copy / "units" / UNIT / "lke" / "2023"
    dst.mkdir()
    (dst / "self.yaml").write_text("rules: permenpanrb-90-2021\nanswers: {}\n")
    assert src.exists()
    assert "dates.lke" in {p.code for p in errors(repo_copy)}


def test_full_value_answer_without_evidence_is_a_warning_unless_strict(repo_copy, capsys):
    path = repo_copy / "units" / "dinas-kesehatan" / "lke" / "2026" / "self.yaml"
    text = path.read_text()
    path.write_text(text.replace("answers:\n", "answers:\n  R.PP.2.a: A\n", 1) if "R.PP.2.a" not in text else text)
    report = check_repository(repo_copy)
    assert report.errors == [] and any(p.code == "lke.no_evidence" for p in report.warnings)
    assert main(["check", str(repo_copy)]) == 0
    assert main(["check", str(repo_copy), "--strict"]) == 1


def test_chunks_of_one_parallel_run_share_a_workers_rules_and_scoring_repository(repo_copy, monkeypatch):
    """A worker checks several chunks of a run; they share its rule-set loader and scoring repository (which reads
    every unit.yaml once for the share of units holding a predicate), as one process checking every unit does. A new
    run starts afresh, so a file changed between runs is read again."""
    from zi_evidence.check import runner
    from zi_evidence.repository import Repository

    reads: list[str] = []
    real = Repository._predicate_spans
    monkeypatch.setattr(Repository, "_predicate_spans", lambda self, unit: reads.append(unit) or real(self, unit))
    monkeypatch.setattr(runner, "_chunk_state", None)
    units = runner.selected_units(repo_copy, None)
    assert len(units) >= 3

    def render(result, rules):
        return f"{result['total']:.4f}"

    first = runner._check_chunk(("run-a", repo_copy, units[:2], None, True, render))
    shared = runner._chunk_state
    second = runner._check_chunk(("run-a", repo_copy, units[2:], None, False, render))
    assert runner._chunk_state is shared
    assert sorted(reads) == sorted(u.name for u in units)  # every unit.yaml once for the run, not once per chunk
    whole = runner.run(runner.Checker(repo_copy), None, units, True, render=render)
    assert sorted(map(str, first.problems + second.problems)) == sorted(map(str, whole.problems))
    assert {**first.scores, **second.scores} == whole.scores and whole.scores
    reads.clear()
    runner._check_chunk(("run-b", repo_copy, units[:1], None, False, render))
    assert runner._chunk_state is not shared and runner._chunk_state[0] == "run-b"
    assert sorted(reads) == sorted(u.name for u in units)  # a new run reads them again
