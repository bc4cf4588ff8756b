"""`zi cms`: the browser forms generated from the data — every item of a unit's rule set as a field of the right kind,
unit-owned fields only in the unit's view, the TPI's fields only in the TPI's view, a new rule set with no code; uploads
named by an answer's ``berkas`` inspected like any evidence file; ``zi fmt --long-answers`` keeping comments and order;
``zi doctor --cms``. The end-to-end browser path is tests/test_cms_browser.py."""

from __future__ import annotations

import json
import shutil

import pytest
import yaml

from conftest import ROOT
from zi_evidence.cli import main as zi
from zi_evidence.cms import cms_config, config_findings
from zi_evidence.repository import Repository
from zi_evidence.yamledit import long_form


def lke_form(config: dict, unit: str, year: int) -> dict:
    collection = next(c for c in config["collections"] if c["name"] == f"unit-{unit}")
    return next(f for f in collection["files"] if f["name"] == f"lke-{year}")


def fields_of(form: dict) -> dict:
    answers = next(f for f in form["fields"] if f["name"] == "answers")
    return {f["name"]: f for f in answers["fields"]}


def test_every_item_of_the_units_rule_set_is_a_field_of_its_kind():
    repo = Repository(ROOT)
    config = cms_config(repo, "unit", {"name": "gitlab", "repo": "a/b"})
    assert config["publish_mode"] == "editorial_workflow" and "local_backend" not in config
    for unit, year in (("disdukcapil", 2026), ("rsud-kota-contoh", 2021)):
        form = lke_form(config, unit, year)
        assert form["file"] == f"units/{unit}/lke/{year}/self.yaml"
        rules = repo.rules(yaml.safe_load((ROOT / form["file"]).read_text())["rules"])
        fields = fields_of(form)
        assert list(fields) == list(rules.items)  # every item, in the rule set's order, keyed by its id
        for item in rules.items.values():
            sub = {f["name"]: f for f in fields[item.id]["fields"]}
            answer = sub["answer"]
            if item.is_choice:
                assert answer["widget"] == "select"
                assert [o["value"] for o in answer["options"]] == [o.code for o in item.options]
                assert all(o.text is None or o.text in opt["label"] for o, opt in zip(item.options, answer["options"], strict=True))
            elif item.range is not None:
                assert (answer["widget"], answer["min"], answer["max"]) == ("number", item.range[0], item.range[1])
            else:
                assert [(f["name"], f["label"], f["value_type"]) for f in answer["fields"]] == [(i.name, i.label, "int") for i in item.inputs]
            assert sub["berkas"]["media_folder"] == f"/evidence/{unit}/files" and sub["berkas"]["public_folder"] == "files"
            assert "status" not in sub and "catatan" not in sub  # the TPI's fields never in a unit's form


def test_views_keep_each_roles_fields():
    repo = Repository(ROOT)
    unit_view, tpi_view = (cms_config(repo, v, {"name": "gitlab", "repo": "a/b"}) for v in ("unit", "tpi"))
    files = [f["file"] for c in tpi_view["collections"] for f in c["files"]]
    assert files and all(f.endswith("/tpi.yaml") for f in files)
    tpi_fields = {f["name"] for f in fields_of(lke_form(tpi_view, "disdukcapil", 2026))["P.MP.1.a"]["fields"]}
    assert {"status", "catatan"} <= tpi_fields and "tanggapan" not in tpi_fields
    unit_files = [f["file"] for c in unit_view["collections"] for f in c["files"]]
    assert not any(f.endswith("/tpi.yaml") for f in unit_files)
    assert "units/disdukcapil/standar-pelayanan.yaml" in unit_files and "evidence/disdukcapil/manifest.yaml" in unit_files
    profile = next(f for c in unit_view["collections"] for f in c["files"] if f["file"] == "units/disdukcapil/unit.yaml")
    names = {f["name"] for f in profile["fields"]}
    assert {"name", "head", "stages"} <= names and not names & {"predicates", "maintainers", "rules", "id"}


def test_a_new_rule_set_appears_in_the_form_with_no_code(tmp_path):
    for name in ("rules", "units", "evidence"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "tests/data/rules/satu-komponen", tmp_path / "rules/satu-komponen")
    profile = (tmp_path / "units/dinas-kesehatan/unit.yaml")
    profile.write_text(profile.read_text().replace("rules: permenpanrb-90-2021", "rules: satu-komponen"))
    target = tmp_path / "units/dinas-kesehatan/lke/2026/self.yaml"
    target.write_text("rules: satu-komponen\nanswers:\n  P.TL.1.a:\n    answer: Ya\n")
    form = lke_form(cms_config(Repository(tmp_path), "unit", {"name": "gitlab", "repo": "a/b"}), "dinas-kesehatan", 2026)
    fields = fields_of(form)
    assert list(fields) == ["P.TL.1.a", "P.TL.1.b", "P.TL.1.c"]
    counts = {f["name"]: f for f in fields["P.TL.1.c"]["fields"]}["answer"]["fields"]
    assert [f["label"] for f in counts] == ["Jumlah SOP", "Jumlah SOP yang diterapkan"]


def test_zi_cms_writes_both_views_and_doctor_checks_them(tmp_path, capsys):
    out = tmp_path / "admin"
    assert zi(["cms", "--out", str(out), "--root", str(ROOT)]) == 0
    for view in (out, out / "tpi"):
        assert (view / "index.html").is_file() and (view / "zi-cms.js").is_file()
        assert 'src="https://' not in (view / "index.html").read_text()  # nothing from another host
    capsys.readouterr()
    assert zi(["doctor", "--cms", str(out)]) == 0  # the demo: self-hosted GitLab with PKCE
    assert zi(["cms", "--out", str(tmp_path / "local"), "--local", "--root", str(ROOT)]) == 0
    capsys.readouterr()
    assert zi(["doctor", "--cms", str(tmp_path / "local")]) == 1
    assert "tidak memakai decap-server lokal — buat ulang tanpa --local" in capsys.readouterr().out
    config = json.loads((out / "config.json").read_text())
    config["publish_mode"] = "simple"
    config["backend"] = {"name": "github", "repo": "a/b"}
    failed = [what for ok, what, _fix in config_findings(config, "x") if not ok]
    assert any("editorial_workflow" in w for w in failed) and any("proxy OAuth" in w for w in failed)


def test_long_answers_keep_comments_order_and_values():
    text = ("# kepala\nrules: permenpanrb-90-2021\nanswers:  # jawaban\n  P.MP.1.a: Ya  # sudah ada SK\n"
            "  P.MP.1.b:\n    answer: B\n    note: lihat SK\n  R.AK.1.a:\n    sasaran_total: 4\n    sasaran_tercapai: 3\n"
            "  R.MP.1.a: {agen_perubahan: 2, perubahan_dibuat: 1}\n  P.MP.2.a:\n    evidence:\n    - sk\n")
    new = long_form(text, "x.yaml")
    assert new.startswith("# kepala\n") and "answers:  # jawaban\n" in new and "P.MP.1.a:  # sudah ada SK\n    answer: Ya\n" in new
    data = yaml.safe_load(new)["answers"]
    assert list(data) == ["P.MP.1.a", "P.MP.1.b", "R.AK.1.a", "R.MP.1.a", "P.MP.2.a"]
    assert data["P.MP.2.a"] == {"evidence": ["sk"]}  # evidence without an answer is already the long form
    assert data["R.AK.1.a"] == {"answer": {"sasaran_total": 4, "sasaran_tercapai": 3}}
    assert data["R.MP.1.a"] == {"answer": {"agen_perubahan": 2, "perubahan_dibuat": 1}}
    assert data["P.MP.1.b"] == {"answer": "B", "note": "lihat SK"}
    assert long_form(new, "x.yaml") == new


@pytest.mark.parametrize(("name", "content", "expected"), [
    ("sk.pdf", b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n", None),
    ("sk.pdf", b"<html><script>alert(1)</script></html>", "isi berkas 'files/sk.pdf' tidak sesuai ekstensinya"),
    ("hilang.pdf", None, "berkas bukti 'files/hilang.pdf' tidak ditemukan di evidence/dinas-kesehatan/"),
    ("sk.exe", b"MZ\x90\x00", "jenis berkas '.exe' tidak diizinkan untuk bukti internal"),
])
def test_an_upload_named_by_an_answer_is_inspected_like_any_evidence(tmp_path, capsys, name, content, expected):
    for folder in ("rules", "units", "evidence"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    if content is not None:
        (tmp_path / "evidence/dinas-kesehatan/files" / name).write_bytes(content)
    target = tmp_path / "units/dinas-kesehatan/lke/2026/self.yaml"
    data = yaml.safe_load(target.read_text())
    data["answers"]["P.MP.2.b"] = {"answer": "A", "berkas": f"files/{name}"}
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    capsys.readouterr()
    result = zi(["check", str(tmp_path)])
    printed = capsys.readouterr()
    if expected is None:
        assert result == 0, printed.err
        assert "P.MP.2.b: jawaban 'A' (nilai penuh) belum disertai bukti" not in printed.out + printed.err
    else:  # the answers file and the item's line, the problem and its fix
        line = next(n for n, text in enumerate(target.read_text().splitlines(), 1) if text.startswith("  P.MP.2.b:"))
        assert result == 1 and f"units/dinas-kesehatan/lke/2026/self.yaml:{line}: {expected}" in printed.err, printed.err


def test_an_upload_outside_the_units_files_folder_is_refused(tmp_path, capsys):
    for folder in ("rules", "units", "evidence"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    target = tmp_path / "units/dinas-kesehatan/lke/2026/self.yaml"
    data = yaml.safe_load(target.read_text())
    data["answers"]["P.MP.2.b"] = {"answer": "A", "berkas": "files/../../disdukcapil/files/sk-tim-zi.pdf"}
    target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    capsys.readouterr()
    assert zi(["check", str(tmp_path)]) == 1
    line = next(n for n, text in enumerate(target.read_text().splitlines(), 1) if text.strip().startswith("berkas:"))
    assert (f"units/dinas-kesehatan/lke/2026/self.yaml:{line}: berkas butir P.MP.2.b harus nama berkas di evidence/<unit>/files/"
            in capsys.readouterr().err)
