"""PortalRB export (DESIGN §9): documents valid against schemas written from the spec, every soal answered."""

from __future__ import annotations

import json
import re

import jsonschema

from conftest import ROOT
from zi_evidence.cli import main as zi
from zi_evidence.validation import load_schema


def soal_ids_from_item_table() -> set[int]:
    """Column 5 of the item table: the item's soal_id, or its inputs' as name=id pairs."""
    ids = set()
    for line in (ROOT / "tests/data/lke-90-2021-items.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            ids.update(int(x) for x in re.findall(r"\d+", line.split("\t")[4]))
    return ids


def test_export_writes_valid_documents_for_every_soal(tmp_path):
    out = tmp_path / "portalrb"
    assert zi(["export", "portalrb", "--out", str(out), "--root", str(ROOT)]) == 0
    wbk = json.loads((out / "pengusulan/unit-wbk").read_text())
    jsonschema.validate(wbk, load_schema("portalrb-pengusulan"))
    assert wbk == {"tahun": 2026, "units": [{"id": "UNIT-DISDUKCAPIL", "nama": "Dinas Kependudukan dan Pencatatan Sipil",
                                             "kategori": "WBK", "afirmasi": False}]}
    doc = json.loads((out / "lke/jawaban-unit/UNIT-DISDUKCAPIL").read_text())
    jsonschema.validate(doc, load_schema("portalrb-jawaban-unit"))
    ids = [a["soal_id"] for a in doc["answers"]]
    assert ids == sorted(ids) and set(ids) == set(range(1, 128))
    assert set(ids) >= soal_ids_from_item_table()
    by_id = {a["soal_id"]: a for a in doc["answers"]}
    assert by_id[1]["jawaban_unit"] == "Ya" and by_id[1]["jawaban_tpi"] == "Tidak" and by_id[1]["catatan_tpi"]
    assert by_id[110]["jawaban_unit"] == "6"  # a count input of R.PW.2.a (pengaduan_harus)
    assert by_id[125]["jawaban_tpi"] == "3.7"
    assert (out / "lke/jawaban-unit/UNIT-DISDUKCAPIL.json").read_text() == (out / "lke/jawaban-unit/UNIT-DISDUKCAPIL").read_text()


def test_internal_evidence_is_named_not_linked(tmp_path):
    out = tmp_path / "p"
    assert zi(["export", "portalrb", "--out", str(out), "--root", str(ROOT)]) == 0
    text = (out / "lke/jawaban-unit/UNIT-DISDUKCAPIL").read_text()
    assert "files/daftar-hadir" not in text and "Daftar hadir dan nomor induk" not in text  # internal: neither file nor title
    assert "daftar-hadir-internal" in text


def test_afirmasi_and_portal_id_come_from_unit_yaml(repo_copy, tmp_path):
    unit = repo_copy / "units/disdukcapil/unit.yaml"
    unit.write_text(unit.read_text() + "afirmasi: true\nportalrb_id: DUKCAPIL-3171\n")
    assert zi(["check", str(repo_copy)]) == 0
    out = tmp_path / "p"
    assert zi(["export", "portalrb", "--out", str(out), "--root", str(repo_copy)]) == 0
    wbk = json.loads((out / "pengusulan/unit-wbk").read_text())
    assert wbk["units"] == [{"id": "DUKCAPIL-3171", "nama": "Dinas Kependudukan dan Pencatatan Sipil", "kategori": "WBK-AFIRMASI", "afirmasi": True}]
    assert (out / "lke/jawaban-unit/DUKCAPIL-3171").is_file()


def portal_site_files(enabled: bool = True) -> dict[str, str]:
    from zi_evidence.site.context import SiteOptions
    from zi_evidence.site.generate import generate_site
    build = generate_site(ROOT, SiteOptions(portalrb=enabled, history=False), workers=1)
    return {f.path: f.text for f in build.files if f.text is not None}


def test_the_public_site_does_not_publish_lke_answers_by_default(demo_site):
    """LKE answers are for PortalRB (Bearer token, `zi serve portalrb`), not for everyone: off unless enabled."""
    assert not (demo_site / "portalrb").exists()
    assert not any(path.startswith("portalrb/") for path in portal_site_files(enabled=False))


def test_site_publishes_the_endpoints_when_enabled():
    files = portal_site_files()
    jsonschema.validate(json.loads(files["portalrb/2026/lke/jawaban-unit/UNIT-DISDUKCAPIL"]), load_schema("portalrb-jawaban-unit"))
    jsonschema.validate(json.loads(files["portalrb/2026/pengusulan/unit-wbbm.json"]), load_schema("portalrb-pengusulan"))


def test_the_published_portalrb_documents_pass_the_same_schema_check():
    """The site and `zi export portalrb` validate with one function; what the site published validates."""
    from zi_evidence.portalrb import document_problems
    published = {path[len("portalrb/"):-5]: json.loads(text) for path, text in portal_site_files().items()
                 if path.startswith("portalrb/") and path.endswith(".json")}
    assert published and document_problems(published) == []
    broken = {"2026/pengusulan/unit-wbk": {"tahun": "dua ribu"}}
    assert document_problems(broken)  # and it does refuse a wrong one
