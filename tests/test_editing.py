"""Editing commands keep comments and order, write atomically, and produce data that passes `zi check`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

import evidence_samples
from zi_evidence.check import check_repository
from zi_evidence.cli import main
from zi_evidence.yamlio import parse_yaml


def test_new_unit_scaffold_lists_every_item_and_passes_check(repo_copy, rules, capsys):
    assert main(["new", "unit", "dinas-pendidikan", "--name", "Dinas Pendidikan", "--year", "2026", "--maintainer", "budi-zi",
                 "--root", str(repo_copy)]) == 0
    lke = repo_copy / "units" / "dinas-pendidikan" / "lke" / "2026" / "self.yaml"
    text = lke.read_text()
    assert text.startswith("# yaml-language-server: $schema=../../../../tooling/zi_evidence/schemas/lke-self.schema.json")
    data = parse_yaml(text, "x")
    assert list(data["answers"]) == list(rules.items)
    assert "#   C. Jika tidak di seleksi." in text
    report = check_repository(repo_copy)
    assert report.errors == []
    assert {p.code for p in report.warnings} == {"text.placeholder"}  # the scaffold asks for the real name, address, head
    capsys.readouterr()
    assert main(["score", str(lke), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["completeness"] == 0
    assert main(["new", "unit", "dinas-pendidikan", "--root", str(repo_copy)]) == 2  # never overwrites


def test_new_unit_rejects_bad_ids(repo_copy):
    assert main(["new", "unit", "Dinas Pendidikan", "--root", str(repo_copy)]) == 2
    assert main(["new", "unit", "../keluar", "--root", str(repo_copy)]) == 2


def test_evidence_add_keeps_comments_and_order(repo_copy, tmp_path, capsys):
    manifest = repo_copy / "evidence" / "disdukcapil" / "manifest.yaml"
    original = manifest.read_text()
    with_comment = original.replace("items:\n", "items:  # daftar bukti\n# komentar pengguna yang harus tetap ada\n", 1)
    manifest.write_text(with_comment)
    doc = tmp_path / "Notulen Rapat ZI.pdf"
    doc.write_bytes(evidence_samples.pdf("Notulen rapat monev ZI"))
    assert main(["evidence", "add", "disdukcapil", str(doc), "--supports", "P.MP.3.b", "P.MP.3.c", "--title", "Notulen rapat monev",
                 "--root", str(repo_copy)]) == 0
    new = manifest.read_text()
    assert new.startswith(with_comment.rstrip("\n"))  # everything before is untouched, comments included
    data = parse_yaml(new, "m")
    assert data["items"][-1]["id"] == "notulen-rapat-zi"
    assert data["items"][-1]["supports"] == ["P.MP.3.b", "P.MP.3.c"]
    assert data["items"][-1]["visibility"] == "internal"
    assert (repo_copy / "evidence" / "disdukcapil" / "files" / "notulen-rapat-zi.pdf").read_bytes() == doc.read_bytes()
    assert check_repository(repo_copy).errors == []
    # the supported answers are linked in the unit's answers file, its comments kept
    answers = (repo_copy / "units/disdukcapil/lke/2026/self.yaml").read_text()
    linked = parse_yaml(answers, "a")["answers"]
    assert "notulen-rapat-zi" in linked["P.MP.3.b"]["evidence"] and "notulen-rapat-zi" in linked["P.MP.3.c"]["evidence"]
    assert answers.startswith("# yaml-language-server")
    # the same content again is refused, pointing to the entry that holds it; nothing is written
    before = manifest.read_text()
    capsys.readouterr()
    assert main(["evidence", "add", "disdukcapil", str(doc), "--supports", "P.MP.3.b", "--root", str(repo_copy)]) == 2
    assert "sudah dicatat sebagai bukti 'notulen-rapat-zi'" in capsys.readouterr().err
    assert manifest.read_text() == before


def test_evidence_add_url_with_local_server(repo_copy, capsys):
    import hashlib
    import http.server
    import threading

    body = b"<html>standar pelayanan</html>"

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(200)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/standar"
        assert main(["evidence", "add", "dpmptsp", url, "--supports", "P.PP.1.d", "--visibility", "public", "--root", str(repo_copy)]) == 2
        assert "--title" in capsys.readouterr().err  # the URL is never the title
        assert main(["evidence", "add", "dpmptsp", url, "--supports", "P.PP.1.d", "--visibility", "public", "--title", "Standar pelayanan",
                     "--root", str(repo_copy)]) == 0
    finally:
        server.shutdown()
    entry = parse_yaml((repo_copy / "evidence" / "dpmptsp" / "manifest.yaml").read_text(), "m")["items"][-1]
    assert entry["url"] == url and entry["sha256"] == hashlib.sha256(body).hexdigest() and entry["kind"] == "tautan"
    assert check_repository(repo_copy).errors == []


def test_evidence_add_rejects_unknown_items_and_units(repo_copy, tmp_path):
    doc = tmp_path / "a.pdf"
    doc.write_bytes(b"x")
    assert main(["evidence", "add", "disdukcapil", str(doc), "--supports", "P.XX.1.a", "--root", str(repo_copy)]) == 2
    assert main(["evidence", "add", "tidak-ada", str(doc), "--supports", "P.MP.1.a", "--root", str(repo_copy)]) == 2


def test_fmt_is_idempotent_and_keeps_comments(repo_copy):
    path = repo_copy / "units" / "disdukcapil" / "survei.yaml"
    messy = path.read_text().replace("surveys:\n", "surveys:   \r\n# komentar\n\n\n", 1).splitlines()
    messy = [line for line in messy if not line.startswith("# yaml-language-server")]
    path.write_text("\n".join(messy) + "\n\n\n")
    before = parse_yaml(path.read_text(), "s")
    assert main(["fmt", "--check", "--root", str(repo_copy)]) == 1
    assert main(["fmt", "--root", str(repo_copy)]) == 0
    once = path.read_text()
    assert main(["fmt", "--root", str(repo_copy)]) == 0
    assert path.read_text() == once
    assert main(["fmt", "--check", "--root", str(repo_copy)]) == 0
    assert "# komentar" in once and "\r" not in once and not once.endswith("\n\n")
    assert once.startswith("# yaml-language-server: $schema=../../tooling/zi_evidence/schemas/surveys.schema.json")
    assert parse_yaml(once, "s") == before


def test_fmt_reports_tabs_with_line(repo_copy, capsys):
    path = repo_copy / "units" / "disdukcapil" / "survei.yaml"
    path.write_text("surveys:\n\t- kind: SKM\n")
    assert main(["fmt", str(path), "--root", str(repo_copy)]) == 1
    assert "survei.yaml:2" in capsys.readouterr().err


def test_shipped_lke_schema_is_in_sync_with_the_rules(rules):
    from importlib import resources

    from zi_evidence.schemagen import build_lke_schema
    shipped = json.loads(resources.files("zi_evidence.schemas").joinpath("lke.schema.json").read_text("utf-8"))
    assert build_lke_schema(rules, shipped) == shipped, "run: python -m zi_evidence.schemagen"
    assert set(shipped["properties"]["answers"]["properties"]) == set(rules.items)


def test_the_units_editor_schema_offers_no_tpi_fields(rules, repo_copy):
    """self.yaml points editors at lke-self.schema.json: the LKE schema without the TPI's status and catatan."""
    from importlib import resources

    import jsonschema

    from zi_evidence.schemagen import build_self_schema
    folder = resources.files("zi_evidence.schemas")
    full = json.loads(folder.joinpath("lke.schema.json").read_text("utf-8"))
    own = json.loads(folder.joinpath("lke-self.schema.json").read_text("utf-8"))
    assert build_self_schema(full) == own, "run: python -m zi_evidence.schemagen"
    long_forms = [b["properties"] for p in own["properties"]["answers"]["properties"].values() for b in p["anyOf"] if "answer" in b.get("properties", {})]
    assert len(long_forms) == len(rules.items) and all("tanggapan" in f and "status" not in f and "catatan" not in f for f in long_forms)
    answer = {"rules": "permenpanrb-90-2021", "answers": {"P.MP.1.a": {"answer": "Ya", "status": "diterima"}}}
    jsonschema.validate(answer, full)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(answer, own)
    for path in repo_copy.glob("units/*/lke/*/*.yaml"):  # each file names the schema for its author
        first = path.read_text().splitlines()[0]
        assert first.endswith("lke-self.schema.json" if path.name == "self.yaml" else "lke.schema.json"), path
    assert main(["new", "unit", "dinas-baru", "--year", "2026", "--root", str(repo_copy)]) == 0
    assert (repo_copy / "units/dinas-baru/lke/2026/self.yaml").read_text().splitlines()[0].endswith("/lke-self.schema.json")


@pytest.mark.parametrize("name", ["unit", "manifest", "declarations", "standards", "surveys", "plan", "prerequisites", "instansi", "lke",
                                  "lke-self", "ruleset", "kawasan"])
def test_every_schema_is_valid_draft_2020_12(name):
    from jsonschema import Draft202012Validator

    from zi_evidence.validation import load_schema
    schema = load_schema(name)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"].endswith("2020-12/schema")


def test_demo_data_files_point_editors_at_their_schema():
    from conftest import ROOT
    from zi_evidence.filekinds import editor_schema_for
    for path in list((ROOT / "units").rglob("*.yaml")) + list((ROOT / "evidence").rglob("*.yaml")):
        first = path.read_text().splitlines()[0]
        schema = editor_schema_for(ROOT, path)
        assert first.endswith(f"schemas/{schema}.schema.json"), path
        target = (path.parent / first.split("$schema=")[1]).resolve()
        assert target.is_file(), path
    assert Path(ROOT / "tooling" / "zi_evidence" / "schemas").is_dir()


def test_set_answer_keeps_every_other_byte():
    """Short answers stay short with their comment, long ones get `answer` replaced in place, flow mappings become
    blocks, counts replace counts, a missing item is appended; anything else unchanged (verified by parsing)."""
    from zi_evidence.yamledit import set_answer
    text = ("# kepala\nrules: permenpanrb-90-2021\nanswers:\n  A.1: Ya  # dicek 3 Mei\n  A.2:\n  A.3: {answer: B, evidence: [e1]}\n"
            "  A.4:\n    answer: C  # lama\n    evidence:\n    - e2\n    catatan: periksa\n  R.1:\n    answer:\n      n: 1\n      m: 2\n"
            "# penutup\n")
    for item, value in (("A.1", "Tidak"), ("A.2", "C"), ("A.3", "D"), ("A.4", "E"), ("R.1", {"n": 3, "m": 4}), ("A.9", "A")):
        text = set_answer(text, item, value, "x.yaml")
    assert text == ("# kepala\nrules: permenpanrb-90-2021\nanswers:\n  A.1: Tidak  # dicek 3 Mei\n  A.2: C\n  A.3:\n    answer: D\n"
                    "    evidence:\n    - e1\n  A.4:\n    answer: E  # lama\n    evidence:\n    - e2\n    catatan: periksa\n  R.1:\n    answer:\n"
                    "      n: 3\n      m: 4\n  A.9: A\n# penutup\n")


@pytest.mark.parametrize("form", ["block", "flow"])
def test_link_evidence_never_cites_the_same_id_twice(form):
    from zi_evidence.yamledit import link_evidence

    text = ("rules: permenpanrb-90-2021\nanswers:\n  P.MP.1.a:  # SK sudah ada\n    answer: Ya\n    evidence:\n    - sk-tim\n" if form == "block"
            else "rules: permenpanrb-90-2021\nanswers:\n  P.MP.1.a: {answer: Ya, evidence: [sk-tim]}\n")
    assert link_evidence(text, "P.MP.1.a", "sk-tim", "self.yaml") == text  # already cited: unchanged, byte for byte
    added = yaml.safe_load(link_evidence(text, "P.MP.1.a", "foto", "self.yaml"))["answers"]["P.MP.1.a"]
    assert added["evidence"] == ["sk-tim", "foto"]


def test_evidence_add_refuses_a_public_file_with_personal_data_at_once(repo_copy, tmp_path, capsys):
    """The same extraction and detector as `zi check`, before anything is copied or written."""
    manifest = repo_copy / "evidence" / "disdukcapil" / "manifest.yaml"
    before = manifest.read_text()
    doc = tmp_path / "daftar-hadir.pdf"
    doc.write_bytes(evidence_samples.pdf("Daftar hadir: Budi Santoso NIK 3201012345670001"))
    capsys.readouterr()
    assert main(["evidence", "add", "disdukcapil", str(doc), "--supports", "P.MP.3.b", "--visibility", "public", "--title", "Daftar hadir",
                 "--public-title", "Daftar hadir rapat", "--root", str(repo_copy)]) == 2
    assert "bukti publik memuat data pribadi" in capsys.readouterr().err
    assert manifest.read_text() == before and not (repo_copy / "evidence/disdukcapil/files/daftar-hadir.pdf").exists()
    # internal, it is accepted (it is never published)
    assert main(["evidence", "add", "disdukcapil", str(doc), "--supports", "P.MP.3.b", "--title", "Daftar hadir",
                 "--root", str(repo_copy)]) == 0
