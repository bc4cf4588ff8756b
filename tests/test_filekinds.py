"""The file-kind registry and the one repository walker: every consumer classifies paths the same way."""

from __future__ import annotations

import os

from conftest import ROOT
from zi_evidence.authz import ownership_rules
from zi_evidence.check import check_repository
from zi_evidence.filekinds import FILE_KINDS, classify
from zi_evidence.walker import walk


def test_every_demo_data_file_has_a_kind_and_its_schema_exists():
    schemas = ROOT / "tooling/zi_evidence/schemas"
    files = [e for e in walk(ROOT) if not e.is_dir and e.rel.endswith(".yaml")]
    assert len(files) > 20
    for entry in files:
        assert entry.found is not None, entry.rel
        assert (schemas / f"{entry.found.kind.schema}.schema.json").is_file()


def test_classification_of_paths():
    assert classify("units/instansi.yaml").kind.name == "instansi"
    assert classify("units/prasyarat/2026.yaml").kind.name == "prerequisites"
    assert classify("units/prasyarat/2026.yaml").year == 2026
    found = classify("units/dinsos/lke/2025/tpi.yaml")
    assert (found.kind.name, found.unit, found.year, found.kind.owner) == ("lke_tpi", "dinsos", 2025, "tpi")
    assert classify("units/dinsos/lke/2025/draft.yaml").kind.name == "lke_other"  # still an LKE file: check names it
    assert classify("units/prasyarat/lke/2025/self.yaml") is None  # a reserved name is never a unit
    assert classify("units/dinsos/rencana/2026.txt") is None
    assert classify("evidence/dinsos/manifest.yaml").kind.schema == "manifest"
    assert classify("evidence/dinsos/sk.pdf") is None


def test_codeowners_rules_for_the_tpi_come_from_the_registry():
    rules = ownership_rules({"admins": ["admin"], "tpi": {"github": ["tpi-a"]}}, {})
    tpi_globs = {r.pattern for r in rules if r.owners == ("@tpi-a",)}
    assert tpi_globs == {k.glob for k in FILE_KINDS if k.owner == "tpi"} == {"/units/*/lke/*/tpi.yaml", "/units/*/lke/*/tpn.yaml"}


def test_walker_lists_symlinks_without_following_them(repo_copy):
    outside = repo_copy.parent / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_text("x: 1\n")
    os.symlink(outside, repo_copy / "evidence" / "dinas-sosial" / "link")
    entries = {e.rel: e for e in walk(repo_copy)}
    assert entries["evidence/dinas-sosial/link"].is_symlink
    assert not any(rel.startswith("evidence/dinas-sosial/link/") for rel in entries)
    report = check_repository(repo_copy)
    assert any(p.code == "path.symlink" and p.file == "evidence/dinas-sosial/link" for p in report.problems)


def test_a_file_no_kind_claims_in_a_unit_folder_is_reported(repo_copy):
    (repo_copy / "units/dinas-sosial/rencana/catatan.txt").write_text("x\n")
    report = check_repository(repo_copy)
    assert any(p.code == "unit.unknown_file" and p.file == "units/dinas-sosial/rencana/catatan.txt" for p in report.warnings)


def test_a_new_kind_is_one_registry_entry(repo_copy, monkeypatch):
    """What adding a kind of file takes: one FileKind (and its schema). zi check then validates the file against the
    schema instead of calling it unknown, and the CODEOWNERS rules follow the kind's owner."""
    import zi_evidence.filekinds as fk

    notes = repo_copy / "units/dinas-sosial/rencana-tpi/2026.yaml"
    notes.parent.mkdir()
    notes.write_text("year: 2026\nareas: not-a-list\n")
    before = check_repository(repo_copy)
    assert any(p.code == "unit.unknown_file" and p.file.endswith("rencana-tpi/2026.yaml") for p in before.warnings)
    kind = fk.FileKind("plan_tpi", "units/{unit}/rencana-tpi/{year}.yaml", "plan", "tpi", "rencana pemantauan TPI")
    monkeypatch.setattr(fk, "FILE_KINDS", (*fk.FILE_KINDS, kind))
    after = check_repository(repo_copy)
    assert not any(p.file.endswith("rencana-tpi/2026.yaml") and p.code == "unit.unknown_file" for p in after.problems)
    assert any(p.file.endswith("rencana-tpi/2026.yaml") and p.severity == "error" for p in after.problems)  # schema-checked now
    rules = ownership_rules({"admins": ["admin"], "tpi": {"github": ["tpi-a"]}}, {})
    assert any(r.pattern == "/units/*/rencana-tpi/*.yaml" and r.owners == ("@tpi-a",) for r in rules)
