"""Trust I: nothing a contributor commits can attack the public site, leak private data or stall a check.

One test (or one parametrized case) per attack category of the issue, each with the hostile input an attacker would
commit; every refusal must name the file and the line.
"""

from __future__ import annotations

import hashlib
import json
import time
from datetime import date
from pathlib import Path

import pytest

import evidence_samples as samples
from sitecheck import mkdocs_build, repo_with_site
from test_check import line_of_text, rerecord
from zi_evidence.check import check_repository
from zi_evidence.cli import main
from zi_evidence.problems import DataError
from zi_evidence.scan.text import INVISIBLE, has_markup, invisible_characters, personal_data, secret_urls
from zi_evidence.site.context import SiteOptions
from zi_evidence.site.generate import generate_site
from zi_evidence.yamlio import parse_yaml

UNIT = "disdukcapil"


def problems(root: Path, code: str):
    return [p for p in check_repository(root).problems if p.code == code]


def add_evidence(root: Path, name: str, content: bytes, visibility: str = "public", title: str = "Dokumen uji") -> int:
    """Append an evidence entry for ``files/<name>`` (as `zi evidence add` writes it); returns the line of its ``file:``."""
    folder = root / "evidence" / UNIT / "files"
    (folder / name).write_bytes(content)
    manifest = root / "evidence" / UNIT / "manifest.yaml"
    manifest.write_text(manifest.read_text() + (
        f"- id: uji-{hashlib.sha256(name.encode()).hexdigest()[:8]}\n  title: {json.dumps(title)}\n  kind: dokumen\n  date: '2026-03-01'\n"
        f"  supports:\n  - P.MP.1.a\n  visibility: {visibility}\n  file: {json.dumps('files/' + name)}\n"
        f"  sha256: {hashlib.sha256(content).hexdigest()}\n  size: {len(content)}\n"))
    return line_of_text(manifest, f"file: {json.dumps('files/' + name)}")


# -- 1. evidence is published as files, never rendered ----------------------------------------------------------------
@pytest.mark.parametrize("name,content", [
    ("catatan.md", b"# Catatan\n<script>alert(1)</script>\n<!-- NIK 3201020304050006 -->\n![](https://pelacak.example/p.gif)\n"),
    ("halaman.html", b"<html><body onload=alert(1)>x</body></html>"),
    ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    ("kode.js", b"alert(1)"), ("gaya.css", b"body{background:url(https://pelacak.example/p.gif)}"),
    ("daftar.txt", b"Daftar hadir"),  # plain text is allowed only as internal evidence
])
def test_renderable_or_executable_public_evidence_is_refused(repo_copy, name, content):
    line = add_evidence(repo_copy, name, content)
    found = problems(repo_copy, "evidence.kind")
    assert [(p.file, p.line) for p in found] == [(f"evidence/{UNIT}/manifest.yaml", line)], found
    assert "unduhan" in found[0].message


@pytest.mark.parametrize("name,content", [
    ("sk.pdf", b"<html><script>alert(1)</script></html>"), ("foto.png", b"<html><img src=x onerror=alert(1)></html>"),
    ("foto.jpg", samples.png()), ("laporan.docx", samples.odt("x")), ("data.xlsx", b"PK\x03\x04 bukan zip"),
    ("potong.pdf", samples.pdf("SK")[:-40]), ("rusak.png", samples.png()[:-6]),
    ("makro.docx", samples._zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>", "word/vbaProject.bin": "x"})),
])
def test_content_must_match_the_extension(repo_copy, name, content):
    line = add_evidence(repo_copy, name, content)
    found = problems(repo_copy, "evidence.content")
    assert [(p.file, p.line) for p in found] == [(f"evidence/{UNIT}/manifest.yaml", line)], [str(p) for p in check_repository(repo_copy).problems]


def test_published_evidence_equals_its_manifest_entry(demo_site):
    import yaml

    from conftest import ROOT

    published = {p.relative_to(demo_site / "bukti").as_posix(): p for p in (demo_site / "bukti").rglob("*") if p.is_file()}
    expected = {}
    for manifest in (ROOT / "evidence").glob("*/manifest.yaml"):
        for e in yaml.safe_load(manifest.read_text())["items"]:
            if e["visibility"] == "public" and e.get("file"):
                expected[f"{manifest.parent.name}/{e['id']}{Path(e['file']).suffix}"] = e["sha256"]
    assert published.keys() == expected.keys()
    for rel, path in published.items():
        assert hashlib.sha256(path.read_bytes()).hexdigest() == expected[rel], rel
        assert path.suffix in (".pdf", ".png", ".jpg", ".jpeg", ".webp", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp", ".csv")
    page = (demo_site / "unit/disdukcapil/bukti/index.html").read_text()
    assert 'download>unduh berkas</a>' in page


# -- 2. bounded parsing and scanning --------------------------------------------------------------------------------
BOMBS = {
    "merge": "a0: &a0 {k: v, l: w}\n" + "".join(f"a{i}: &a{i}\n  <<: [" + ", ".join([f"*a{i - 1}"] * 10) + f"]\n  x{i}: 1\n" for i in range(1, 12)),
    "alias": "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)),
    "deep-flow": "surveys: " + "[" * 10_000 + "]" * 10_000 + "\n",
    "deep-block": "".join("  " * i + f"k{i}:\n" for i in range(1_000)) + "  " * 1_000 + "v: 1\n",
    "deep-alias": "a: &a " + "[" * 39 + "]" * 39 + "\nb: &b [*a, *a]\nc: [*b]\n",
}


@pytest.mark.parametrize("kind", sorted(BOMBS))
def test_yaml_bombs_and_deep_nesting_are_refused_quickly_with_a_line(repo_copy, kind):
    path = repo_copy / "units" / UNIT / "survei.yaml"
    path.write_text(BOMBS[kind])
    started = time.perf_counter()
    found = [p for p in check_repository(repo_copy).errors if p.file == f"units/{UNIT}/survei.yaml"]
    assert time.perf_counter() - started < 10
    assert len(found) == 1 and found[0].code in ("yaml.alias_bomb", "yaml.too_deep") and found[0].line, found
    assert "tulis" in found[0].message or "ratakan" in found[0].message  # says how to fix it


def test_legitimate_aliases_and_merge_keys_still_load():
    data = parse_yaml("a: &a {x: 1}\nb: *a\nc:\n  <<: *a\n  y: 2\n", "f.yaml")
    assert data == {"a": {"x": 1}, "b": {"x": 1}, "c": {"x": 1, "y": 2}}


ADVERSARIAL = ["a" * 2_000_000 + "@", "a@" * 1_000_000, "1 " * 1_000_000, "12 " * 700_000, "0812 " * 400_000, "<" * 2_000_000,
               "on" + "a" * 2_000_000, "11111." * 330_000, "\u200b1" * 1_000_000, "x at " * 400_000, "[at]" * 500_000,
               "https://a?" + "b" * 2_000_000, "0.1234567890123456 " * 100_000]


@pytest.mark.parametrize("text", ADVERSARIAL, ids=[t[:8].encode("unicode_escape").decode() for t in ADVERSARIAL])
def test_every_scanner_is_linear_on_a_2_mb_line(text):
    started = time.perf_counter()
    personal_data(text), has_markup(text), invisible_characters(text), secret_urls(text)
    elapsed = time.perf_counter() - started
    assert elapsed < 2.0, f"{elapsed:.2f} s"  # measured 0.05–0.5 s here; the bound leaves room for a loaded machine


# -- 3. personal data, normalised once ------------------------------------------------------------------------------
PII_IN_YAML = [
    "3201 0203 0405 0006", "3201.0203.0405.0006", "3201-0203-0405-0006", "32.01.02.030405.0006", "3201\u200b0203\u200b0405\u200b0006",
    "３２０１０２０３０４０５０００６", "NIK:3201020304050006.", "(0812) 3456-7890", "+62 812.3456.7890", "0812\u20113456\u20117890",
    "budi [at] gmail [dot] com", "budi(at)gmail(dot)com", "budi at gmail dot com", "budi＠gmail.com", "bu\u200bdi@gmail.com",
    "19800101 200501 1 001",
]


@pytest.mark.parametrize("pii", PII_IN_YAML)
def test_obfuscated_personal_data_in_yaml_is_found(repo_copy, pii):
    path = repo_copy / "units" / UNIT / "unit.yaml"
    text = path.read_text().replace("address: Jl. Cendana No. 8, Kota Contoh", f"address: {json.dumps('Kontak ' + pii, ensure_ascii=False)}")
    path.write_text(text)
    found = problems(repo_copy, "text.personal_data")
    assert [(p.file, p.line) for p in found] == [(f"units/{UNIT}/unit.yaml", line_of_text(path, "address:"))], pii


def test_personal_number_folded_over_lines_and_stored_as_a_number(repo_copy):
    path = repo_copy / "units" / UNIT / "unit.yaml"
    path.write_text(path.read_text().replace("address: Jl. Cendana No. 8, Kota Contoh",
                                             "address: Jl. Cendana No. 8, telepon 0812\n  3456\n  7890\nnomor_pegawai: 3201020304050006"))
    found = check_repository(repo_copy).problems
    pii = [p for p in found if p.code == "text.personal_data"]
    assert {p.line for p in pii} == {line_of_text(path, "address:"), line_of_text(path, "nomor_pegawai")}, [str(p) for p in found]


@pytest.mark.parametrize("name,content,label", [
    ("sk.pdf", samples.pdf("NIK 3201 0203 0405 0006", compress=True), "NIK"),
    ("sk.pdf", samples.pdf("Kontak 0812-3456-7890", compress=True, hex_string=True), "telepon"),
    ("sk.pdf", samples.pdf("SK tim", info="budi.santoso@gmail.com"), "e-mail"),
    ("notulen.docx", samples.docx("NIK 3201", "0203", "0405", "0006"), "NIK"),
    ("notulen.docx", samples.docx("Notulen", creator="budi.santoso@gmail.com"), "e-mail"),
    ("rekap.xlsx", samples.xlsx("Nama", "0812 3456 7890"), "telepon"),
    ("notulen.odt", samples.odt("NIP 19800101 200501 1 001"), "NIP"),
    ("foto.png", samples.png("Pemilik 0812-3456-7890"), "telepon"),
    ("foto.png", samples.png("NIK 3201020304050006", compressed=True), "NIK"),
    ("foto.jpg", samples.jpeg("Fotografer budi.santoso@gmail.com"), "e-mail"),
    ("data.csv", b"nama,nik\nBudi,3201020304050006\n", "NIK"),
])
def test_personal_data_inside_public_evidence_is_found(repo_copy, name, content, label):
    line = add_evidence(repo_copy, name, content)
    found = problems(repo_copy, "evidence.personal_data")
    assert [(p.file, p.line) for p in found] == [(f"evidence/{UNIT}/manifest.yaml", line)]
    assert label in found[0].message


def test_the_same_files_are_fine_when_internal_or_clean(repo_copy):
    add_evidence(repo_copy, "internal.pdf", samples.pdf("NIK 3201 0203 0405 0006", compress=True), visibility="internal")
    add_evidence(repo_copy, "bersih.docx", samples.docx("Notulen rapat tim ZI"))
    add_evidence(repo_copy, "bersih.jpg", samples.jpeg("Kegiatan pencanangan"))
    assert check_repository(repo_copy).errors == []


def test_unreadable_pdf_is_a_warning_and_strict_fails(repo_copy, capsys):
    scanned = samples.pdf("").replace(b"BT /F1 12 Tf 50 780 Td () Tj ET", b"q 1 0 0 1 0 0 cm Q            ")
    line = add_evidence(repo_copy, "pindai.pdf", scanned)
    found = problems(repo_copy, "evidence.unreadable")
    assert [(p.line, p.severity) for p in found] == [(line, "warning")] and "pindai" in found[0].message
    assert main(["check", str(repo_copy)]) == 0
    assert main(["check", str(repo_copy), "--strict"]) == 1
    assert f"evidence/{UNIT}/manifest.yaml:{line}" in capsys.readouterr().err


@pytest.mark.slow
def test_a_parser_that_hangs_is_bounded():
    from zi_evidence.scan import sandbox

    box = sandbox.Sandbox(timeout=1.0)
    started = time.perf_counter()
    with pytest.raises(sandbox.SandboxFailure) as failure:
        box.call(_sleep_forever, b"")
    assert time.perf_counter() - started < 5 and "detik" in failure.value.reason
    assert box.call(len, b"abc") == 3  # a fresh helper takes the next file
    box.close()


def _sleep_forever(_data: bytes) -> None:
    time.sleep(60)


@pytest.mark.slow
def test_site_refuses_what_check_refuses_and_nothing_more(tmp_path):
    root = repo_with_site(tmp_path / "repo")
    pdf = root / "evidence/disdukcapil/files/sk-tim-zi.pdf"
    pdf.write_bytes(samples.pdf("Ketua tim: NIK 3201 0203 0405 0006", compress=True))
    rerecord(root / "evidence/disdukcapil/manifest.yaml", "files/sk-tim-zi.pdf", pdf.read_bytes())
    assert problems(root, "evidence.personal_data")
    result = mkdocs_build(root / "mkdocs.yml", tmp_path / "site")
    assert result.returncode != 0 and "evidence/disdukcapil/manifest.yaml:" in result.stderr and "NIK" in result.stderr


@pytest.mark.slow
def test_computed_numbers_are_never_personal_data(tmp_path):
    """The synthetic institution (2 years of LKE, unrounded totals such as 62.8373658008658): its whole published
    output — pages, JSON, search text — has no finding. (The 1,000-unit run of the same check: developer/benchmarks.md.)"""
    from conftest import ROOT
    from zi_evidence.synth import generate_repository

    root = tmp_path / "synth"
    generate_repository(ROOT, root, units=30, years=2, seed=7)
    build = generate_site(root, SiteOptions(today=date(2026, 11, 22), history=False))
    assert build.errors == []
    findings = [(f.path, personal_data(f.text)) for f in build.files if f.text is not None and personal_data(f.text)]
    assert findings == []
    assert any("." in str(u["latest"].get("self", {}).get("total", "")) for u in json.loads(
        next(f.text for f in build.files if f.path == "api/units.json"))["units"])


# -- 4. internal stays internal -------------------------------------------------------------------------------------
@pytest.mark.slow
def test_internal_evidence_publishes_no_title_url_or_file_name(tmp_path):
    root = repo_with_site(tmp_path / "repo")
    manifest = root / "evidence/disdukcapil/manifest.yaml"
    manifest.write_text(manifest.read_text() + (
        "- id: rapat-internal\n  title: Rapat rahasia ruang 7\n  public_title: Notulen rapat tim\n  kind: notulen\n  date: '2026-02-01'\n"
        "  supports:\n  - P.MP.3.b\n  visibility: internal\n  url: https://drive.google.com/file/d/1AbCdEf/view?usp=sharing\n"
        f"  sha256: {'a' * 64}\n  retrieved: '2026-02-01'\n"))
    result = mkdocs_build(root / "mkdocs.yml", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    texts = {p: p.read_text(encoding="utf-8", errors="replace") for p in site.rglob("*") if p.suffix in (".html", ".json", ".xml")}
    for secret in ("Rapat rahasia ruang 7", "drive.google.com/file/d/1AbCdEf", "daftar-hadir.txt", "Daftar hadir dan nomor induk"):
        assert not [p for p, t in texts.items() if secret in t], secret
    unit = json.loads((site / "api/units/disdukcapil.json").read_text())
    entry = next(e for e in unit["evidence"] if e["id"] == "rapat-internal")
    assert entry == {"id": "rapat-internal", "visibility": "internal", "sha256": "a" * 64, "supports": ["P.MP.3.b"], "title": "Notulen rapat tim",
                     "kind": "notulen", "date": "2026-02-01"}
    assert "Notulen rapat tim" in texts[site / "unit/disdukcapil/bukti/index.html"]


def test_secret_urls_in_public_fields_are_errors_and_warnings_when_internal(repo_copy):
    manifest = repo_copy / "evidence" / UNIT / "manifest.yaml"
    manifest.write_text(manifest.read_text() + (
        "- id: drive-publik\n  title: Standar pelayanan\n  kind: standar\n  supports:\n  - P.PP.1.a\n  visibility: public\n"
        f"  url: https://drive.google.com/file/d/1x/view?usp=sharing&resourcekey=0-AbCdEf\n  sha256: {'b' * 64}\n  retrieved: '2026-02-01'\n"
        "- id: drive-internal\n  title: Rapat\n  kind: notulen\n  supports:\n  - P.PP.1.a\n  visibility: internal\n"
        f"  url: https://example.go.id/f?token=abc123\n  sha256: {'c' * 64}\n  retrieved: '2026-02-01'\n"))
    found = problems(repo_copy, "text.secret_url")
    assert [(p.line, p.severity) for p in found] == [(line_of_text(manifest, "resourcekey"), "error"), (line_of_text(manifest, "token=abc"), "warning")]


def test_evidence_add_never_makes_a_url_the_title(repo_copy, capsys):
    url = "https://drive.google.com/file/d/1AbC/view?usp=sharing"
    assert main(["evidence", "add", UNIT, url, "--supports", "P.MP.1.a", "--sha256", "d" * 64, "--root", str(repo_copy)]) == 2
    assert "--title" in capsys.readouterr().err
    assert main(["evidence", "add", UNIT, url + "&resourcekey=0-x", "--supports", "P.MP.1.a", "--sha256", "d" * 64, "--title", "SK",
                 "--visibility", "public", "--root", str(repo_copy)]) == 2
    assert main(["evidence", "add", UNIT, url, "--supports", "P.MP.1.a", "--sha256", "d" * 64, "--title", "SK Tim ZI",
                 "--root", str(repo_copy)]) == 0
    text = (repo_copy / "evidence" / UNIT / "manifest.yaml").read_text()
    assert "id: sk-tim-zi-2" in text and "title: SK Tim ZI" in text and "drive-google" not in text


# -- 5. names are what they seem ------------------------------------------------------------------------------------
@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\u200b", "\u00ad", "\ufeff"])
def test_bidi_and_invisible_characters_in_public_text_are_refused(repo_copy, char):
    path = repo_copy / "units" / UNIT / "unit.yaml"
    path.write_text(path.read_text().replace("name: Dinas Kependudukan dan Pencatatan Sipil", f'name: "Dinas {char}Kependudukan"'))
    found = problems(repo_copy, "text.invisible")
    assert [(p.file, p.line) for p in found] == [(f"units/{UNIT}/unit.yaml", line_of_text(path, "name: "))]
    assert f"U+{ord(char):04X}" in found[0].message


def test_control_characters_in_file_names_are_refused(repo_copy):
    folder = repo_copy / "evidence" / UNIT / "files"
    (folder / "sk\nbaru.pdf").write_bytes(samples.pdf("x"))
    (folder / "gpj.\u202eexe.pdf").write_bytes(samples.pdf("x"))
    found = problems(repo_copy, "path.control")
    assert len(found) == 2 and all("U+" in p.message for p in found)
    manifest = repo_copy / "evidence" / UNIT / "manifest.yaml"
    manifest.write_text(manifest.read_text().replace("file: files/sk-tim-zi.pdf", 'file: "files/sk-tim-zi.pdf\\nx"'))
    schema = [p for p in check_repository(repo_copy).errors if p.file.endswith("manifest.yaml") and p.code.startswith("schema")]
    assert schema and schema[0].line == line_of_text(manifest, 'file: "files/sk-tim-zi.pdf')


def test_invisible_character_class_matches_unicode():
    import sys
    import unicodedata

    expected = {chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"}
    assert {c for c in expected if INVISIBLE.fullmatch(c)} == expected


def test_accounts_compare_after_normalisation():
    from zi_evidence.authz import Rule, violations

    rules = [Rule("*", ("@admin",), "admin"), Rule("/units/x/", ("@Tim-ZI",), "unit")]
    assert violations(rules, "tim-zi", ["units/x/unit.yaml"]) == []
    assert violations(rules, "ｔｉｍ-zi", ["units/x/unit.yaml"]) == []
    assert violations(rules, "tim-zi\u200b", ["units/x/unit.yaml"]) == []
    assert violations(rules, "tim-zl", ["units/x/unit.yaml"])


def test_limits_name_file_and_line():
    with pytest.raises(DataError) as error:
        parse_yaml(BOMBS["deep-flow"], "units/x/survei.yaml")
    assert str(error.value).startswith("units/x/survei.yaml:1: ")


@pytest.mark.parametrize("loader", ["C", "pure"])
@pytest.mark.parametrize("text, code, line", [
    ("surveys: " + "[" * 10_000 + "]" * 10_000 + "\n", "yaml.too_deep", 1),  # libyaml's own 1,000-level limit trips first
    ("a: 1\nb: " + "9" * 5_000 + "\n", "yaml.too_large", 2),  # Python's int() refuses 4,300+ digits
    ("a:\n- -" + "1" * 200 + "\n", "yaml.too_large", 2),
    ("a: 0x" + "f" * 5_000 + "\n", "yaml.too_large", 1),  # hex has no int() limit, but every later str() would fail
    ("a: 1." + "5" * 500 + "\n", "yaml.too_large", 1),
])
def test_parser_limits_map_to_our_codes_whichever_pyyaml(monkeypatch, loader, text, code, line):
    """The same code, line and Indonesian message with libyaml's parser or PyYAML's pure-Python one."""
    import yaml

    from zi_evidence import yamlio
    if loader == "pure":
        monkeypatch.setattr(yamlio, "_fast_load", lambda text: (_ for _ in ()).throw(yamlio._NotPlain()))
        monkeypatch.setattr(yamlio, "_BaseLoader", yaml.SafeLoader)
    with pytest.raises(DataError) as error:
        parse_yaml(text, "units/x/survei.yaml")
    (problem,) = error.value.problems
    assert (problem.code, problem.line) == (code, line)
    assert "tingkat" in problem.message or "terlalu panjang" in problem.message
    assert parse_yaml('a: "' + "9" * 5_000 + '"\n', "x.yaml") == {"a": "9" * 5_000}  # quoted, it is text


@pytest.mark.parametrize("where", ["field", "xmp", "annotation", "attachment"])
def test_personal_data_in_pdf_structures_is_found(repo_copy, where):
    """Read as objects, not only page text: a form field value, XMP metadata, a note or an embedded file."""
    line = add_evidence(repo_copy, "sk.pdf", samples.pdf_with(where, "NIK 3201020304050006"))
    found = problems(repo_copy, "evidence.personal_data")
    assert [(p.file, p.line) for p in found] == [(f"evidence/{UNIT}/manifest.yaml", line)] and "NIK" in found[0].message


@pytest.mark.parametrize("where, word", [("javascript", "JavaScript"), ("openaction", "JavaScript"), ("launch", "Launch")])
def test_public_pdf_with_active_content_is_refused(repo_copy, where, word):
    line = add_evidence(repo_copy, "sk.pdf", samples.pdf_with(where, ""))
    found = problems(repo_copy, "evidence.content")
    assert [(p.line, p.severity) for p in found] == [(line, "error")] and word in found[0].message
    add_evidence(repo_copy, "internal.pdf", samples.pdf_with(where, ""), visibility="internal")  # internal: never published
    assert [p.line for p in problems(repo_copy, "evidence.content")] == [line]


@pytest.mark.parametrize("name, content", [
    ("foto.png", samples.png("Kegiatan") + b"PK\x03\x04" + b"\x00" * 40),
    ("foto.jpg", samples.jpeg("Kegiatan") + b"%PDF-1.4 polyglot"),
])
def test_public_images_with_data_after_their_end_are_refused(repo_copy, name, content):
    line = add_evidence(repo_copy, name, content)
    found = problems(repo_copy, "evidence.content")
    assert [p.line for p in found] == [line] and "polyglot" in found[0].message
