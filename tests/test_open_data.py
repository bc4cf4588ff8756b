"""Open data of the site: every published JSON validates against its schema (badges included), CSV companions parse."""

from __future__ import annotations

import json

import jsonschema

from conftest import ROOT
from zi_evidence.site.context import SiteOptions
from zi_evidence.site.generate import generate_site
from zi_evidence.validation import load_schema


def built() -> dict[str, str]:
    build = generate_site(ROOT, SiteOptions(history=False, site_url="https://zi.contoh.test/"), workers=1)
    return {f.path: f.text for f in build.files if f.text is not None}


def test_badges_follow_the_shields_endpoint_contract():
    files = built()
    schema = load_schema("badge")
    badges = {p: json.loads(t) for p, t in files.items() if p.startswith("api/badges/")}
    units = {p.split("/")[1] for p in files if p.startswith("unit/") and p.endswith("/index.md")}
    assert set(badges) == {f"api/badges/{u}.json" for u in units} | {"api/badges/instansi.json"}
    for path, badge in badges.items():
        jsonschema.validate(badge, schema)
        assert badge["label"] == "Zona Integritas" and badge["message"], path
    held = json.loads(files["api/units.json"])
    assert badges["api/badges/instansi.json"]["message"].endswith(f"dari {len(held['units'])} unit berpredikat")


def test_no_git_author_name_or_email_reaches_the_site(repo_copy):
    """Commit dates and ids are published (progress, evidence provenance); who committed is not (UU 27/2022)."""
    import git

    from zi_evidence.site.context import SiteOptions
    from zi_evidence.site.generate import generate_site

    repo = git.Repo.init(repo_copy)
    actor = git.Actor("Budiwati Kusumadewiq 0812-3456-7890", "budiwati.kq@example.go.id")
    repo.index.add([str(p.relative_to(repo_copy)) for p in repo_copy.rglob("*") if p.is_file() and ".git" not in p.parts])
    stamp = "2026-11-20T09:00:00 +0700"  # never the clock
    repo.index.commit("data awal", author=actor, committer=actor, author_date=stamp, commit_date=stamp)
    build = generate_site(repo_copy, SiteOptions(history=True), workers=1)
    texts = [f.text for f in build.files if f.text is not None]
    assert any("commit" in t for t in texts)  # the history is there …
    for needle in ("Budiwati", "Kusumadewiq", "0812-3456-7890", "budiwati.kq", "example.go.id"):
        assert not any(needle in t for t in texts), needle  # … its authors are not


ATOM = "{http://www.w3.org/2005/Atom}"


def test_atom_feed_is_well_formed_with_required_elements_and_no_people():
    import re
    import xml.etree.ElementTree as ET

    files = built()
    root = ET.fromstring(files["feed.xml"].encode("utf-8"))
    assert root.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{tag}") is not None, tag
    entries = root.findall(f"{ATOM}entry")
    assert entries, "the demo repository has changes to report"
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert len(ids) == len(set(ids))  # entry ids are unique
    updated = [e.find(f"{ATOM}updated").text for e in entries]
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}T00:00:00Z", u) for u in updated)
    assert updated == sorted(updated, reverse=True)  # newest first
    kinds = {e.find(f"{ATOM}category").get("term") for e in entries}
    assert {"skor", "tahap", "deklarasi"} <= kinds
    assert all(e.find(f"{ATOM}link").get("href").split("/unit/")[1].count("/") == 1 for e in entries)
    assert root.find(f"{ATOM}author/{ATOM}name").text == "Pemerintah Kota Contoh"  # the instansi, never a person
    summaries = {e.find(f"{ATOM}category").get("term"): e.find(f"{ATOM}summary").text for e in entries}
    assert all(e.find(f"{ATOM}summary") is not None and e.find(f"{ATOM}summary").text for e in entries)  # feed readers show it
    assert summaries["skor"].startswith("Nilai total ") and "kelengkapan LKE" in summaries["skor"]


def test_dcat_catalogue_validates_and_lists_every_open_data_file():
    files = built()
    doc = json.loads(files["api/dcat.json"])
    jsonschema.validate(doc, load_schema("dcat"))
    listed = {d["dct:identifier"] for d in doc["dcat:dataset"]}
    assert {"api/units.json", "api/units.csv", "api/scores.csv", "api/evidence.csv", "feed.xml", "api/badges/instansi.json"} <= listed
    assert all(p in files for p in listed)  # every distribution exists in the build
    assert doc["satu_data"]["kode_wilayah"] == "99.01" and doc["dct:license"].startswith("https://creativecommons.org/")


def test_every_published_json_validates_against_its_schema():
    """api/units.json, api/units/<id>.json, badges and the catalogue: each against its shipped schema."""
    files = built()
    checked = 0
    for path, text in files.items():
        schema = ("api-units" if path == "api/units.json" else "api-unit" if path.startswith("api/units/") and path.endswith(".json")
                  else "badge" if path.startswith("api/badges/") else "dcat" if path == "api/dcat.json" else None)
        if schema:
            jsonschema.validate(json.loads(text), load_schema(schema))
            checked += 1
    assert checked >= 10


def test_csv_files_parse_with_their_headers():
    import csv
    import io

    files = built()
    for name, first in (("api/units.csv", "unit"), ("api/scores.csv", "unit"), ("api/evidence.csv", "unit")):
        rows = list(csv.reader(io.StringIO(files[name])))
        assert rows[0][0] == first and len(rows) > 1 and all(len(r) == len(rows[0]) for r in rows), name


def test_bad_aliases_and_open_data_settings_name_file_and_line(repo_copy):
    """The new fields are checked like every field: a wrong type or value is an error at its file and line."""
    from test_check import edit, line_of_text
    from zi_evidence.check import check_repository

    unit = repo_copy / "units/disdukcapil/unit.yaml"
    edit(unit, "aliases: [Dukcapil]", "aliases: Dukcapil")
    instansi = repo_copy / "units/instansi.yaml"
    edit(instansi, 'region_code: "99.01"', 'region_code: "Kota <script>"')
    problems = check_repository(repo_copy).errors
    assert any(p.file == "units/disdukcapil/unit.yaml" and p.line == line_of_text(unit, "aliases:") for p in problems), problems
    assert any(p.file == "units/instansi.yaml" and p.line == line_of_text(instansi, "region_code:") for p in problems), problems


def test_feed_escapes_names_through_the_template(repo_copy):
    """feed.xml is rendered by the HTML environment (templates/site/feed.xml): a unit name with &, quotes and a
    would-be entity parses back to exactly itself."""
    import xml.etree.ElementTree as ET

    from zi_evidence.site.context import SiteOptions
    from zi_evidence.site.generate import generate_site

    name = 'Dinas A & B "Kota" \'Lama\' &amp; x'
    unit = repo_copy / "units/disdukcapil/unit.yaml"
    unit.write_text(unit.read_text().replace("name: Dinas Kependudukan dan Pencatatan Sipil", f"name: '{name.replace(chr(39), chr(39) * 2)}'"))
    build = generate_site(repo_copy, SiteOptions(history=False, site_url="https://zi.contoh.test/?a=1&b=2"), workers=1)
    feed = next(f.text for f in build.files if f.path == "feed.xml")
    root = ET.fromstring(feed.encode("utf-8"))
    titles = [e.find(f"{ATOM}title").text for e in root.findall(f"{ATOM}entry")]
    assert any(t.startswith(name + ":") for t in titles)
    assert root.find(f"{ATOM}link").get("href") == "https://zi.contoh.test/?a=1&b=2/feed.xml"


def test_the_spreadsheet_csv_opens_as_numbers_in_libreoffice_with_an_indonesian_locale(tmp_path):
    """What a Bagian Organisasi does: open api/scores-excel.csv in a spreadsheet set to Indonesian. LibreOffice imports
    it (separator ';', UTF-8, locale id-ID = 1057) and the totals must be numbers, not text."""
    import subprocess

    from openpyxl import load_workbook

    from test_xlsx_export import soffice

    files = built()
    text = files["api/scores-excel.csv"]
    assert text.startswith("\ufeff") and "\r\n" in text and text.splitlines()[0].lstrip("\ufeff").startswith("unit;tahun;penilai")
    source = tmp_path / "scores-excel.csv"
    source.write_bytes(text.encode("utf-8"))
    out = tmp_path / "out"
    subprocess.run([soffice(), f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--infilter=CSV:59,34,76,1,,1057",
                    "--convert-to", "xlsx", "--outdir", str(out), str(source)], check=True, capture_output=True, timeout=180)
    sheet = load_workbook(out / "scores-excel.xlsx").active
    header = [c.value for c in sheet[1]]
    totals = [row[header.index("total")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert totals and all(isinstance(t, int | float) for t in totals), totals
    machine = files["api/scores.csv"].splitlines()[1].split(",")
    assert "," not in machine[4] and float(machine[4]) == totals[0]  # the machine CSV keeps decimal points


def _write_api(files: dict[str, str], out) -> None:
    for path, text in files.items():
        if path.startswith("api/"):
            target = out / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(text.encode("utf-8"))


def test_the_data_package_validates_with_frictionless_and_both_csv_forms_hold_the_same_values(tmp_path):
    """api/datapackage.json types every CSV column; `frictionless validate` checks types, keys and the relations, and
    the spreadsheet form (";", decimal commas, BOM) reads back as the same typed rows as the machine form."""
    from frictionless import Package, validate

    files = built()
    _write_api(files, tmp_path)
    report = validate(str(tmp_path / "api/datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])
    package = Package(str(tmp_path / "api/datapackage.json"))
    assert {r.name for r in package.resources} == {"units", "scores", "evidence", "units-excel", "scores-excel", "evidence-excel"}
    for name in ("units", "scores", "evidence"):
        machine = package.get_resource(name).read_rows()
        excel = package.get_resource(f"{name}-excel").read_rows()
        assert machine and [r.to_dict() for r in machine] == [r.to_dict() for r in excel], name
    totals = [r["total"] for r in package.get_resource("scores").read_rows()]
    assert all(not isinstance(t, str) for t in totals) and any(t % 1 for t in totals)  # numbers, with decimals
    assert "api/datapackage.json" in files["data-terbuka.md"]


def test_frictionless_rejects_a_package_whose_rows_break_its_schema(tmp_path):
    """The schema is strict enough to catch what would mislead a reader: a text number, a score of an unknown unit."""
    from frictionless import validate

    files = built()
    scores = files["api/scores.csv"].splitlines(keepends=True)
    files["api/scores.csv"] = scores[0] + scores[1].replace(scores[1].split(",")[0], "unit-tak-ada", 1) + "".join(scores[2:])
    excel = files["api/units-excel.csv"].splitlines(keepends=True)
    files["api/units-excel.csv"] = "".join(excel[:1]) + excel[1].replace(",", ".") + "".join(excel[2:])  # 86,75 → 86.75
    _write_api(files, tmp_path)
    report = validate(str(tmp_path / "api/datapackage.json"))
    errors = {(task.name, error.type) for task in report.tasks for error in task.errors}
    assert errors == {("scores", "foreign-key"), ("units-excel", "type-error")}
