"""`zi evidence list|link|unlink|remove`: both sides (manifest supports, answers' evidence) change together, comments
stay, and evidence still cited is never removed."""

from __future__ import annotations

import json

import yaml

from zi_evidence.check import check_repository
from zi_evidence.cli import main

UNIT = "dinas-sosial"
SELF = f"units/{UNIT}/lke/2026/self.yaml"
TPI = f"units/{UNIT}/lke/2026/tpi.yaml"
MANIFEST = f"evidence/{UNIT}/manifest.yaml"


def _zi(repo, *args) -> int:
    return main([*args, "--root", str(repo)])


def _supports(repo, evidence_id):
    items = yaml.safe_load((repo / MANIFEST).read_text())["items"]
    return next(e["supports"] for e in items if e["id"] == evidence_id)


def _cites(repo, rel, item):
    value = yaml.safe_load((repo / rel).read_text())["answers"].get(item)
    return value.get("evidence", []) if isinstance(value, dict) else []


def _comments(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith("#")]


def test_list_shows_what_each_evidence_supports_and_who_cites_it(repo_copy, capsys):
    assert _zi(repo_copy, "evidence", "list", UNIT, "--format", "json") == 0
    rows = {r["id"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["sk-tim-zi"]["supports"] == ["P.MP.1.a", "P.MP.1.b"]
    assert any(c.startswith(f"{TPI}:") and c.endswith("P.MP.1.a") for c in rows["sk-tim-zi"]["cited_by"])
    assert _zi(repo_copy, "evidence", "list", UNIT) == 0
    text = capsys.readouterr().out
    assert "sk-tim-zi  [public, sk, 2024-03-11]" in text and "dirujuk:" in text


def test_link_changes_both_sides_once_and_keeps_comments(repo_copy):
    before = {rel: (repo_copy / rel).read_text() for rel in (SELF, MANIFEST)}
    for _ in range(2):  # twice: nothing is written twice
        assert _zi(repo_copy, "evidence", "link", UNIT, "foto-pencanangan", "P.MP.1.b", "P.MP.2.a") == 0
    assert _supports(repo_copy, "foto-pencanangan") == ["P.MP.4.a", "P.MP.1.b", "P.MP.2.a"]
    assert _cites(repo_copy, SELF, "P.MP.1.b").count("foto-pencanangan") == 1
    assert "foto-pencanangan" in _cites(repo_copy, SELF, "P.MP.2.a")
    for rel, text in before.items():
        assert _comments((repo_copy / rel).read_text()) == _comments(text), rel
    assert not check_repository(repo_copy).errors
    assert _zi(repo_copy, "evidence", "link", UNIT, "foto-pencanangan", "P.XX.9.z") == 2  # not in the rule set: nothing written


def test_unlink_keeps_supports_that_another_lke_file_still_cites(repo_copy, capsys):
    assert _zi(repo_copy, "evidence", "unlink", UNIT, "sk-tim-zi", "P.MP.1.b") == 0
    assert "sk-tim-zi" not in _cites(repo_copy, SELF, "P.MP.1.b")
    assert _supports(repo_copy, "sk-tim-zi") == ["P.MP.1.a", "P.MP.1.b"]  # the TPI's answer still cites it for P.MP.1.b
    assert "masih dirujuk" in capsys.readouterr().out
    assert not check_repository(repo_copy).errors
    tpi = repo_copy / TPI
    tpi.write_text(tpi.read_text().replace("    - sk-tim-zi\n", "", 2))  # the TPI drops its citations
    assert "sk-tim-zi" not in _cites(repo_copy, TPI, "P.MP.1.b")
    assert _zi(repo_copy, "evidence", "unlink", UNIT, "sk-tim-zi", "P.MP.1.b") == 0
    assert _supports(repo_copy, "sk-tim-zi") == ["P.MP.1.a"]
    assert not check_repository(repo_copy).errors


def test_remove_is_refused_while_cited_then_removes_entry_and_file(repo_copy, capsys):
    assert _zi(repo_copy, "evidence", "remove", UNIT, "sk-tim-zi") == 2
    err = capsys.readouterr().err
    assert f"{SELF}:" in err and f"{TPI}:" in err and "zi evidence unlink" in err
    assert (repo_copy / f"evidence/{UNIT}/files/sk-tim-zi.pdf").is_file()
    for rel in (SELF, TPI):  # every answer lets go of it
        path = repo_copy / rel
        path.write_text(path.read_text().replace("    - sk-tim-zi\n", "").replace("- sk-tim-zi\n", ""))
    manifest_before = (repo_copy / MANIFEST).read_text()
    assert _zi(repo_copy, "evidence", "remove", UNIT, "sk-tim-zi") == 0
    ids = [e["id"] for e in yaml.safe_load((repo_copy / MANIFEST).read_text())["items"]]
    assert "sk-tim-zi" not in ids and "foto-pencanangan" in ids
    assert not (repo_copy / f"evidence/{UNIT}/files/sk-tim-zi.pdf").exists()
    assert _comments((repo_copy / MANIFEST).read_text()) == _comments(manifest_before)
    assert not check_repository(repo_copy).errors
    assert _zi(repo_copy, "evidence", "remove", UNIT, "sk-tim-zi") == 2
    assert "yang ada: foto-pencanangan" in capsys.readouterr().err


def test_removing_the_last_entry_leaves_an_empty_list(repo_copy):
    manifest = repo_copy / MANIFEST
    manifest.write_text(f"# bukti\nunit: {UNIT}\nitems:\n- id: satu  # satu-satunya\n  title: Satu\n  kind: dokumen\n  date: '2026-01-02'\n"
                        "  supports:\n  - P.MP.1.a\n  visibility: internal\n  url: https://contoh.go.id/a\n  sha256: " + "a" * 64 + "\n# akhir\n")
    assert _zi(repo_copy, "evidence", "remove", UNIT, "satu") == 0
    text = manifest.read_text()
    assert yaml.safe_load(text)["items"] == [] and "# bukti" in text and "# akhir" in text


def test_a_public_file_needs_a_title_that_says_what_it_is(repo_copy, tmp_path, capsys):
    scan = tmp_path / "scan_0012.png"
    scan.write_bytes((repo_copy / f"evidence/{UNIT}/files/foto-pencanangan.png").read_bytes())
    assert _zi(repo_copy, "evidence", "add", UNIT, str(scan), "--supports", "P.MP.4.a", "--visibility", "public") == 2
    assert "--title" in capsys.readouterr().err
