"""The public site: built with MkDocs from the demo repository and read back as HTML and JSON."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path

import jsonschema
import pytest
import yaml

from committed import SOURCE
from sitecheck import ROOT, broken_links, external_resources, mkdocs_build, repo_with_site
from zi_evidence.cli import main as zi
from zi_evidence.numfmt import angka
from zi_evidence.repository import Repository
from zi_evidence.site import SiteOptions, generate_site
from zi_evidence.site.markup import Links, esc, md, safe_url

pytestmark = pytest.mark.slow  # builds the site (mkdocs build, mkdocs serve)


@pytest.fixture
def site(demo_site) -> Path:
    return demo_site


@pytest.fixture(scope="module")
def repo() -> Repository:
    return Repository(ROOT)


def html(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def test_every_unit_has_its_pages_with_its_real_numbers(site, repo):
    home = html(site, "index.html")
    for record in repo.units():
        page = html(site, f"unit/{record.id}/index.html")
        assert esc(record.name) in page
        assert f'href="unit/{record.id}/"' in home
        assert (site / "unit" / record.id / "bukti" / "index.html").is_file()
        for entry in record.lke:
            assert entry.result is not None, entry.problems
            lke = html(site, f"unit/{record.id}/lke-{entry.year}/index.html")
            assert angka(entry.result["total"]) in lke
            if entry.year == record.years[0]:
                assert angka(entry.result["total"]) in page
                assert angka(entry.result["total"]) in home


def test_unit_page_explains_what_closes_each_gap(site):
    page = html(site, "unit/dinas-sosial/index.html")
    # TPI 2026: pengungkit 39,65 < 40, PW 53,62 % < 60 %, IPAK below 15,75 (survey 3,55 needs 3,60)
    assert "39,65" in page and "Kurang 0,35 poin" in page
    assert "Penguatan Pengawasan (PW) 53,62 %" in page
    assert "skor survei H.BA.1.a minimal 3,60" in page
    assert "Belum memenuhi syarat" in page
    ready = html(site, "unit/disdukcapil/index.html")
    assert "Memenuhi syarat" in ready


def test_lke_page_shows_self_and_tpi_side_by_side_with_differences_marked(site, repo):
    record = repo.unit("disdukcapil")
    self_items = record.scored(2026, "self").result["items"]
    tpi_items = record.scored(2026, "tpi").result["items"]
    differ = [i for i in self_items if self_items[i]["answer"] != tpi_items[i]["answer"]]
    assert differ, "demo data should have self/TPI differences"
    page = html(site, "unit/disdukcapil/lke-2026/index.html")
    rows = re.findall(r'<tr class="zi-diff"><td[^>]*><span id="([^"]+)"', page)
    assert sorted(rows) == sorted(differ)
    assert "Mandiri" in page and "TPI" in page
    # the area headings keep the ids the toc extension gave them when they were Markdown, with a permalink
    assert '<h2 id="pemenuhan-manajemen-perubahan">Pemenuhan: Manajemen Perubahan<a class="headerlink" href="#pemenuhan-manajemen-perubahan"' in page
    assert page.count('<h2 id="') == 14  # 6 pemenuhan, 6 reform, 2 hasil


def test_internal_evidence_is_never_published(site):
    manifest = yaml.safe_load((ROOT / "evidence/disdukcapil/manifest.yaml").read_text())
    internal = [e for e in manifest["items"] if e["visibility"] == "internal"]
    public = [e for e in manifest["items"] if e["visibility"] == "public" and e.get("file")]
    assert internal and public
    published = {p.name for p in site.rglob("*") if p.is_file()}
    secret = (ROOT / "evidence/disdukcapil" / internal[0]["file"]).read_text()
    nip = re.search(r"\d{8} ?\d{6} ?\d ?\d{3}", secret).group(0)
    for e in internal:
        assert Path(e["file"]).name not in published
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".txt", ".xml"):
            assert nip not in path.read_text(encoding="utf-8", errors="replace"), path
    index = html(site, "unit/disdukcapil/bukti/index.html")
    assert internal[0]["id"] in index and internal[0]["sha256"] in index
    for e in internal:  # nothing but id, kind, date, supported items and sha256: no title, no file name
        for path in site.rglob("*"):
            if path.is_file() and path.suffix in (".html", ".json", ".txt", ".xml"):
                text = path.read_text(encoding="utf-8", errors="replace")
                assert e["title"] not in text and esc(e["title"]) not in text and Path(e["file"]).name not in text, (path, e["id"])
    for e in public:
        copied = site / "bukti" / "disdukcapil" / (e["id"] + Path(e["file"]).suffix)
        assert copied.read_bytes() == (ROOT / "evidence/disdukcapil" / e["file"]).read_bytes()


def test_json_endpoints_are_valid_against_their_schemas(site, repo):
    schemas = site / "api" / "schemas"
    units = json.loads(html(site, "api/units.json"))
    jsonschema.validate(units, json.loads((schemas / "api-units.schema.json").read_text()))
    assert {u["id"] for u in units["units"]} == set(repo.unit_ids())
    unit_schema = json.loads((schemas / "api-unit.schema.json").read_text())
    for u in units["units"]:
        doc = json.loads(html(site, f"api/{u['detail']}"))
        jsonschema.validate(doc, unit_schema)
        record = repo.unit(u["id"])
        assert [(s["year"], s["assessor"], s["total"]) for s in doc["scores"]] == [
            (e.year, e.assessor, e.result["total"]) for e in record.lke
        ]
        assert (site / u["page"] / "index.html").is_file()
    for name in ("lke", "unit", "manifest", "api-unit"):
        json.loads((schemas / f"{name}.schema.json").read_text())


def test_no_broken_internal_links(site):
    assert broken_links(site) == []


def test_no_resource_from_another_host(site):
    assert external_resources(site) == []


def test_methodology_renders_every_rule_set_in_full(site, rules, kupang):
    index = html(site, "aturan/index.html")
    assert "Butir yang belum dijawab bernilai 0" in index
    page = html(site, "aturan/permenpanrb-90-2021/index.html")
    for item in rules.items.values():
        assert f'id="{item.id}"' in page
        for option in item.options:
            if option.text:
                assert esc(option.text)[:40] in page
    assert "18,25" in page and "15,75" in page
    local = html(site, "aturan/perwal-kupang-23-2025/index.html")
    assert "18,00" in local and "13,50" in local


def test_search_indexes_unit_pages_but_not_lke_details(site):
    """Pagefind indexes what the theme marks (data-pagefind-body): unit pages yes, LKE details, evidence lists and
    letters no; no page
    loads Material's one-file index any more."""
    assert (site / "pagefind/pagefind.js").is_file() and (site / "pagefind/pagefind-entry.json").is_file()
    assert json.loads(html(site, "pagefind/pagefind-entry.json"))["languages"]["id"]["page_count"] > 20
    assert "data-pagefind-body" in html(site, "unit/disdukcapil/index.html")
    lke = next((site / "unit/disdukcapil").glob("lke-*/index.html"))
    assert "data-pagefind-body" not in lke.read_text(encoding="utf-8")
    assert "data-pagefind-body" not in html(site, "unit/disdukcapil/bukti/index.html")  # a list of files: its title only
    assert not (site / "search/search_index.json").exists()
    for page in ("index.html", "unit/disdukcapil/index.html", lke.relative_to(site).as_posix()):
        assert "pagefind/" not in html(site, page), page  # nothing of the index is referenced outside the Cari page
    assert "pagefind/pagefind.js" in html(site, "cari/index.html")


def test_nav_does_not_list_units(site):
    page = html(site, "tentang/index.html")
    nav = page.split('class="md-nav md-nav--primary"', 1)[1].split("</nav>", 1)[0]
    assert "unit/" not in nav


def test_progress_and_provenance_come_from_git_history(site):
    page = html(site, "unit/disdukcapil/index.html")
    assert "Nilai total LKE 2026 setelah setiap commit" in page
    index = html(site, "unit/disdukcapil/bukti/index.html")
    assert "Pertama dicatat" in index and "belum di-commit" not in index


def test_countdown_to_31_may(site):
    home = html(site, "index.html")
    days = (date(2027, 5, 31) - date(2026, 11, 22)).days
    assert f'data-zi-deadline="2027-05-31" data-zi-today="2026-11-22">{days}</span> hari lagi' in home


def test_hostile_text_is_shown_as_text(tmp_path):
    root = repo_with_site(tmp_path / "repo")
    unit = root / "units/dinas-sosial/unit.yaml"
    text = unit.read_text().replace("name: Dinas Sosial", "name: '<script>alert(1)</script> **tebal** [x](javascript:alert(2))'")
    unit.write_text(text)
    manifest = root / "evidence/dinas-sosial/manifest.yaml"
    data = manifest.read_text().replace("kind: sk\n", "kind: sk\n  url: 'javascript:alert(3)'\n", 1)
    manifest.write_text(data)
    out = tmp_path / "site"
    result = mkdocs_build(root / "mkdocs.yml", out, strict=False)  # the invalid entry's file is withheld with a warning
    assert result.returncode == 0, result.stderr
    assert "sk-tim-zi.pdf: tidak diterbitkan" in result.stderr
    for page in out.rglob("*.html"):
        text = page.read_text()
        assert "<script>alert(1)" not in text, page
        assert not re.search(r'(href|src)="\s*javascript:', text, re.I), page
    unit_page = (out / "unit/dinas-sosial/index.html").read_text()
    assert "&lt;script&gt;alert" in unit_page and "[x](javascript:alert(2))" in unit_page  # shown as typed, not a link
    title = re.search(r"<title>(.*?)</title>", unit_page).group(1)
    assert "<script>" not in title
    # this copy is not a Git checkout: the page says why there is no per-commit history
    assert "di luar checkout Git" in unit_page


def test_personal_data_in_public_output_fails_the_build(tmp_path):
    root = repo_with_site(tmp_path / "repo")
    unit = root / "units/dinas-sosial/unit.yaml"
    unit.write_text(unit.read_text().replace("address: ", "address: Telp 0812-3456-7890, ", 1))
    result = mkdocs_build(root / "mkdocs.yml", tmp_path / "site")
    assert result.returncode != 0
    assert "units/dinas-sosial/unit.yaml:" in result.stderr and "data pribadi" in result.stderr


def test_evidence_changed_after_recording_is_not_published(tmp_path):
    root = repo_with_site(tmp_path / "repo")
    (root / "evidence/disdukcapil/files/sk-tim-zi.pdf").write_bytes(b"%PDF-1.4 tampered")
    build = generate_site(root, SiteOptions(today=date(2026, 11, 22)))
    assert not any(f.path == "bukti/disdukcapil/sk-tim-zi.pdf" for f in build.files)
    assert any("sk-tim-zi.pdf" in w and "sha256" in w for w in build.warnings)
    result = mkdocs_build(root / "mkdocs.yml", tmp_path / "site")
    assert result.returncode != 0 and "sha256" in result.stderr  # --strict turns the warning into a failure


def test_symlinked_evidence_is_not_published(tmp_path):
    root = repo_with_site(tmp_path / "repo")
    target = root / "evidence/disdukcapil/files/sk-tim-zi.pdf"
    outside = tmp_path / "secret.pdf"
    shutil.copy(target, outside)
    target.unlink()
    target.symlink_to(outside)
    build = generate_site(root, SiteOptions(today=date(2026, 11, 22)))
    assert not any(f.path == "bukti/disdukcapil/sk-tim-zi.pdf" for f in build.files)
    assert any("symlink" in w for w in build.warnings)


def test_site_export_builds_without_the_plugin_to_the_same_pages(tmp_path, site, monkeypatch):
    monkeypatch.setenv("ZI_SITE_TODAY", "2026-11-22")
    out = tmp_path / "export"
    assert zi(["site", "export", str(out), "--root", str(ROOT)]) == 0
    config = yaml.safe_load((out / "mkdocs.yml").read_text())
    assert "zi" not in [p if isinstance(p, str) else next(iter(p)) for p in config["plugins"]]
    assert (out / "docs/unit/disdukcapil/index.md").is_file() and (out / "docs/tentang.md").is_file()
    built = tmp_path / "built"
    result = mkdocs_build(out / "mkdocs.yml", built)
    assert result.returncode == 0, result.stderr
    pages = {p.relative_to(built) for p in built.rglob("*.html")}
    assert pages == {p.relative_to(site) for p in site.rglob("*.html")}
    assert (built / "unit/dinas-sosial/index.html").read_text() == (site / "unit/dinas-sosial/index.html").read_text()
    # refuses to overwrite unless asked
    assert zi(["site", "export", str(out), "--root", str(ROOT)]) == 2
    assert zi(["site", "export", str(out), "--root", str(ROOT), "--replace"]) == 0


def test_links_work_without_directory_urls(tmp_path):
    root = repo_with_site(tmp_path / "repo")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text() + "use_directory_urls: false\n")
    out = tmp_path / "site"
    result = mkdocs_build(config, out)
    assert result.returncode == 0, result.stderr
    assert (out / "unit/disdukcapil/lke-2026.html").is_file()
    assert broken_links(out) == []


def test_markup_helpers():
    assert esc('<a href="x">') == "&lt;a href=&quot;x&quot;&gt;"
    assert "<" not in md("<b>") and "*" not in md("**x**") and "[" not in md("[a](b)")
    assert safe_url("https://contoh.go.id/a") == "https://contoh.go.id/a"
    assert safe_url("javascript:alert(1)") is None and safe_url("data:text/html,x") is None
    link = Links(True)
    assert link("index.md", "unit/a/index.md") == "unit/a/"
    assert link("unit/a/lke-2026.md", "unit/a/bukti.md", "e-x") == "../bukti/#e-x"
    assert link("unit/a/index.md", "index.md") == "../../"
    assert Links(False)("unit/a/lke-2026.md", "index.md") == "../../index.html"


def test_mkdocs_serve_shows_generated_pages(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, ZI_SITE_TODAY="2026-11-22", NO_MKDOCS_2_WARNING="1")
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", str(ROOT / "mkdocs.yml"), "-a", f"127.0.0.1:{port}", "--no-livereload"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    try:
        body = ""
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/unit/disdukcapil/", timeout=2) as response:
                    body = response.read().decode()
                break
            except OSError:
                time.sleep(0.25)
        assert "Dinas Kependudukan dan Pencatatan Sipil" in body
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.skipif("FAKETIME" in os.environ, reason="under libfaketime, mkdocs serve's watcher never fires its rebuild (its timers run on "
                    "the faked clock); the page's content does not depend on the date (ZI_SITE_TODAY is fixed)")
def test_mkdocs_serve_rebuilds_after_a_data_change_and_leaves_no_spool(tmp_path):
    """The daily loop: a ZI team member edits a unit's YAML while `mkdocs serve` runs and sees the page change; the
    plugin's spool (site/spool.py) is replaced on every rebuild and removed when the server stops."""
    root = repo_with_site(tmp_path / "repo")
    spool_parent = tmp_path / "tmp"
    spool_parent.mkdir()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, ZI_SITE_TODAY="2026-11-22", NO_MKDOCS_2_WARNING="1", TMPDIR=str(spool_parent))
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", str(root / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)

    def page_until(text: str) -> str:
        body = ""
        for _ in range(240):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/unit/disdukcapil/", timeout=2) as response:
                    body = response.read().decode()
                if text in body:
                    return body
            except OSError:
                pass
            time.sleep(0.25)
        return body

    try:
        assert "Jl. Cendana No. 8" in page_until("Jl. Cendana No. 8")
        unit = root / "units/disdukcapil/unit.yaml"
        unit.write_text(unit.read_text().replace("Jl. Cendana No. 8", "Jl. Cendana No. 10"))
        assert "Jl. Cendana No. 10" in page_until("Jl. Cendana No. 10")
        assert list(spool_parent.glob("zi-site-*")) == []  # each build removes its spool when done
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    assert list(spool_parent.glob("zi-site-*")) == []


def test_site_url_is_required_and_the_privacy_page_is_published(demo_site):
    from types import SimpleNamespace

    from mkdocs.exceptions import PluginError

    from zi_evidence.site.mkdocs_plugin import ZiSitePlugin
    with pytest.raises(PluginError, match="site_url wajib"):
        ZiSitePlugin().on_config(SimpleNamespace(site_url=None, extra_css=[], extra_javascript=[]))
    sitemap = (demo_site / "sitemap.xml").read_text()
    assert "<loc>https://zi.kotacontoh.go.id/unit/disdukcapil/</loc>" in sitemap
    privacy = (demo_site / "privasi/index.html").read_text()
    assert "Undang-Undang Nomor 27 Tahun 2022" in privacy and "alamat IP" in privacy
    assert 'href="privasi/"' in (demo_site / "index.html").read_text() or "privasi/" in (demo_site / "index.html").read_text()


def test_csv_beside_the_json_and_no_formula_injection(demo_site):
    import csv as csv_module

    from zi_evidence.site.api import csv_text
    with (demo_site / "api/units.csv").open(encoding="utf-8") as handle:
        units = list(csv_module.DictReader(handle))
    listed = json.loads((demo_site / "api/units.json").read_text())["units"]
    assert [u["unit"] for u in units] == [u["id"] for u in listed]
    with (demo_site / "api/scores.csv").open(encoding="utf-8") as handle:
        scores = list(csv_module.DictReader(handle))
    assert {"unit", "tahun", "penilai", "aturan", "total", "status_wbk", "status_wbbm"} <= set(scores[0])
    assert any(s["unit"] == "rsud-kota-contoh" and s["aturan"] == "permenpanrb-10-2019" for s in scores)
    evidence = (demo_site / "api/evidence.csv").read_text()
    assert evidence.startswith("unit,id,judul,jenis,tanggal,visibilitas,butir,sha256\n")
    assert "'=HYPERLINK" in csv_text(["a"], [["=HYPERLINK(\"http://x\")"]]) and csv_text(["a"], [["-1"]]).endswith("'-1\n")


def test_open_graph_card_and_feed_link_on_every_page_escaped(tmp_path):
    """Link previews (og:*) and the feed link in every page's head; a hostile unit name stays inside its attribute."""
    import re

    repo = repo_with_site(tmp_path / "repo")
    unit = repo / "units/dinas-sosial/unit.yaml"
    unit.write_text(unit.read_text().replace("name: Dinas Sosial", 'name: "Dinsos\\" onload=\\"alert(1)\\" x=\\"<script>alert(2)</script>"', 1))
    site = tmp_path / "site"
    result = mkdocs_build(repo / "mkdocs.yml", site, strict=False)
    assert result.returncode == 0, result.stderr
    pages = list(site.rglob("*.html"))
    themed = [p for p in pages if "surat-" not in str(p) and "/surat/" not in str(p) and p.name != "404.html"]
    for page in themed:
        html = page.read_text(encoding="utf-8")
        assert re.search(r'<meta property="og:title" content="[^"<>]+">', html), page
        assert 'rel="alternate feed" type="application/atom+xml"' in html, page
        image = re.search(r'<meta property="og:image" content="([^"]+)">', html)
        assert image and image[1].startswith("https://zi.kotacontoh.go.id/"), page  # previews need an absolute URL
        card = site / image[1].removeprefix("https://zi.kotacontoh.go.id/")
        assert card.is_file() and card.read_bytes().startswith(b"\x89PNG"), (page, image[1])
    assert 'content="https://zi.kotacontoh.go.id/unit/dinas-sosial/kartu.png"' in (site / "unit/dinas-sosial/index.html").read_text()
    assert 'content="https://zi.kotacontoh.go.id/unit/dinas-sosial/kartu.png"' in (site / "unit/dinas-sosial/bukti/index.html").read_text()
    assert 'content="https://zi.kotacontoh.go.id/kartu.png"' in (site / "index.html").read_text()
    hostile = (site / "unit/dinas-sosial/index.html").read_text(encoding="utf-8")
    head = hostile.split("</head>")[0]
    assert "<script>alert(2)" not in hostile and 'onload="alert' not in head
    escaped = r"Dinsos&#34; onload=&#34;alert\(1\)&#34; x=&#34;&lt;script&gt;alert\(2\)&lt;/script&gt;"
    assert re.search(r'<meta property="og:description" content="' + escaped + r': [^"]+">', head)


def test_no_helper_process_outlives_a_stopped_mkdocs_serve():
    """The PDF sandbox's helper watches its parent: SIGTERM on the parent (how `mkdocs serve` is stopped) ends it too."""
    code = ("import os, sys; sys.path.insert(0, {!r}); from zi_evidence.scan.sandbox import shared_sandbox; "
            "shared_sandbox().call(len, b'x'); print(shared_sandbox()._process.pid, flush=True); import time; time.sleep(60)").format(str(SOURCE / "tooling"))
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    helper = int(proc.stdout.readline())
    proc.terminate()
    proc.wait(timeout=10)
    for _ in range(50):
        try:
            os.kill(helper, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    os.kill(helper, 9)
    pytest.fail("the sandbox helper outlived its parent")


def test_export_of_a_site_that_must_not_be_published_leaves_nothing(tmp_path, monkeypatch, capsys):
    """Pages are written out as they are made (site/spool.py): a refused export must still leave no folder behind."""
    monkeypatch.setenv("ZI_SITE_TODAY", "2026-11-22")
    root = repo_with_site(tmp_path / "repo")
    unit = root / "units/disdukcapil/unit.yaml"
    unit.write_text(unit.read_text().replace("Jl. Cendana No. 8", "Jl. Cendana No. 8, HP 0812-3456-7890"))
    out = tmp_path / "export"
    assert zi(["site", "export", str(out), "--root", str(root)]) != 0
    err = capsys.readouterr().err
    assert "situs tidak diekspor" in err and "nomor telepon" in err
    assert not out.exists() and list(tmp_path.glob(".export.*")) == []


def test_a_skeletons_placeholder_is_never_published(tmp_path, capsys):
    """`zi new unit` writes "GANTI: …" where the team must fill in; `zi check` warns, the strict site build refuses."""
    from sitecheck import repo_with_site
    root = repo_with_site(tmp_path / "repo")
    assert zi(["new", "unit", "uji-baru", "--name", "Unit Baru", "--root", str(root)]) == 0
    capsys.readouterr()
    assert zi(["check", str(root)]) == 0 and "masih berisi isian contoh ('GANTI:" in capsys.readouterr().err
    result = mkdocs_build(root / "mkdocs.yml", tmp_path / "site")
    assert result.returncode != 0 and "units/uji-baru/unit.yaml:6: service_kind: masih berisi isian contoh" in result.stderr
    assert "tidak diterbitkan sebelum diganti" in result.stderr


def test_developer_documentation_stays_off_the_public_site(site):
    """Benchmarks and CI internals are for developers (developer/ in the repository), not in the public site or its search."""
    assert not (site / "benchmarks").exists() and not (site / "alur-kerja-aman").exists()
    indexed = [p.read_text(encoding="utf-8") for p in site.rglob("*.html")]
    indexed = [t for t in indexed if "data-pagefind-body" in t]
    assert indexed and not any("GITHUB_TOKEN" in t or "interleaved" in t for t in indexed)
    assert (SOURCE / "developer/benchmarks.md").is_file() and (SOURCE / "developer/alur-kerja-aman.md").is_file()


def test_beranda_pictures_progress_and_the_lke_page_shows_what_answers_mean(site):
    home = (site / "index.html").read_text(encoding="utf-8")
    for chart in ("kemajuan-unit", "nilai-unit"):
        assert f'aria-labelledby="{chart}-t {chart}-d"' in home  # an accessible SVG chart, drawn without JavaScript
    rules = Repository(ROOT).rules("permenpanrb-90-2021")
    for pid, predicate in rules.predicates.items():  # the threshold lines come from the rule set
        total = next(c for c in predicate.criteria if c.quantity == "total")
        assert f"{pid} ≥ {angka(total.value)}" in home
    lke = (site / "unit/disdukcapil/lke-2026/index.html").read_text(encoding="utf-8")
    answers = yaml.safe_load((ROOT / "units/disdukcapil/lke/2026/self.yaml").read_text())["answers"]
    raw = answers["P.MP.1.b"]
    code = raw["answer"] if isinstance(raw, dict) else raw
    option = rules.items["P.MP.1.b"].option(code)
    assert f'<strong>{option.code}</strong> <span class="zi-option">{esc(option.text)}</span>' in lke
    assert '<details class="zi-criterion"><summary>Kriteria</summary>' in lke


def test_an_lke_rows_rule_cells_are_made_per_build_not_per_rule_set_id(repo_copy):
    """Two repositories may hold different texts under the same rule set id: each build shows its own."""
    from zi_evidence.site.context import SiteContext, SiteOptions, make_unit_view
    from zi_evidence.site.lke_page import lke_page

    def lke_text(root: Path) -> str:
        ctx = SiteContext(Repository(root), SiteOptions(today=date(2026, 11, 22), history=False))
        view = make_unit_view(ctx.repo.unit("disdukcapil"))
        page = lke_page(ctx, view, 2026)
        assert page is not None and page.text is not None
        return page.text

    question = "Unit kerja telah membentuk tim untuk melakukan pembangunan Zona Integritas"
    assert question in lke_text(ROOT)
    lke = repo_copy / "rules/permenpanrb-90-2021/lke.yaml"
    lke.write_text(lke.read_text(encoding="utf-8").replace(question, "Tim ZI dibentuk dengan SK", 1), encoding="utf-8")
    changed = lke_text(repo_copy)
    assert "Tim ZI dibentuk dengan SK" in changed and question not in changed


def test_generated_files_written_in_place_are_unlisted_but_links_to_them_resolve(tmp_path, monkeypatch):
    """The files the spool wrote straight into site_dir (cards, per-unit JSON, letters) are not MkDocs files (no copy of
    each onto itself, no ``File`` per file in the rendering process), yet a hand-written link to one resolves and a link
    to a file that does not exist still fails --strict."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort
    from mkdocs.structure.files import Files

    root = repo_with_site(tmp_path / "repo")
    page = root / "docs/pengumuman.md"
    page.write_text("# Pengumuman\n\n[Kartu](unit/dinas-sosial/kartu.png) · [Data](api/units/dinas-sosial.json) · "
                    "[Surat](unit/dinas-sosial/surat-2026/piagam.html)\n", encoding="utf-8")
    copied: list[str] = []
    real_copy = Files.copy_static_files

    def recording_copy(self, *args, **kwargs):
        copied.extend(f.src_uri for f in self.media_files())
        return real_copy(self, *args, **kwargs)

    monkeypatch.setattr(Files, "copy_static_files", recording_copy)
    monkeypatch.setenv("ZI_SITE_TODAY", "2026-11-22")
    monkeypatch.chdir(root)
    out = tmp_path / "site"
    build(load_config(str(root / "mkdocs.yml"), site_dir=str(out), strict=True))
    assert (out / "unit/dinas-sosial/kartu.png").is_file() and (out / "api/units/dinas-sosial.json").is_file()
    assert not [uri for uri in copied if uri.startswith(("unit/", "api/"))], "written in place, yet listed for copying"
    # the public evidence too: copied by the generator that verified it, byte for byte, not listed for MkDocs to copy
    assert not [uri for uri in copied if uri.startswith("bukti/")]
    assert (out / "bukti/disdukcapil/sk-tim-zi.pdf").read_bytes() == (root / "evidence/disdukcapil/files/sk-tim-zi.pdf").read_bytes()
    html_text = (out / "pengumuman/index.html").read_text(encoding="utf-8")
    for href in ("../unit/dinas-sosial/kartu.png", "../api/units/dinas-sosial.json", "../unit/dinas-sosial/surat-2026/piagam.html"):
        assert f'href="{href}"' in html_text
    page.write_text("# Pengumuman\n\n[Rusak](unit/tidak-ada/kartu.png)\n", encoding="utf-8")
    with pytest.raises(Abort, match="1 warnings"):
        build(load_config(str(root / "mkdocs.yml"), site_dir=str(out), strict=True))


def test_in_place_lookup_finds_only_files_inside_the_site_folder(tmp_path):
    from mkdocs.structure.files import Files

    from zi_evidence.site.in_place import InPlaceFiles

    site_dir = tmp_path / "site"
    (site_dir / "unit/a").mkdir(parents=True)
    (site_dir / "unit/a/kartu.png").write_bytes(b"png")
    (site_dir / "unit/a/index.md").write_text("# not a page here")
    (tmp_path / "rahasia.txt").write_text("x")
    files = InPlaceFiles(Files([]), site_dir, use_directory_urls=True)
    found = files.get_file_from_path("unit/a/kartu.png")
    assert found is not None and found.abs_src_path == str(site_dir / "unit/a/kartu.png") and found.url == "unit/a/kartu.png"
    assert "unit/a/kartu.png" in files and list(files) == []  # found by path, never listed
    for path in ("../rahasia.txt", "unit/../../rahasia.txt", "/etc/passwd", "unit/a", "unit/a/index.md", "unit/b/kartu.png", ""):
        assert files.get_file_from_path(path) is None, path


def test_both_csv_forms_made_at_once_are_the_two_forms_made_apart():
    from zi_evidence.site.api import _both_forms, csv_text

    header = ["id", "nilai", "ok", "catatan"]
    rows = [["a", 0.75, True, None], ["=SUM(A1)", 80.123456789, False, "1.5 bukan angka"], ["b", 3, None, "-x; y\n\"z\""],
            ["c", float("nan"), True, 1e-7], ["d", -0.0, False, "+62"]]
    assert _both_forms(header, rows) == (csv_text(header, rows), csv_text(header, rows, spreadsheet=True))


def test_relative_links_are_what_posixpath_relpath_makes():
    import posixpath
    import random

    from zi_evidence.site.markup import Links, _relpath

    rng = random.Random(11)
    segments = ["unit", "x", "lke-2026", "index.md", "api", "a.json", ".", "..", "", "bukti", ".well-known", "x..y"]
    for _ in range(5000):
        path = "/".join(rng.choice(segments) for _ in range(rng.randint(1, 5))) or "."
        start = "/".join(rng.choice(segments) for _ in range(rng.randint(1, 4))).rstrip("/") or "."
        if start.startswith("/") or path.startswith("/"):
            continue
        assert _relpath(path, start) == posixpath.relpath(path, start), (path, start)
    links = Links()
    assert links("unit/a/index.md", "unit/a/lke-2026.md") == "lke-2026/"
    assert links("unit/a/lke-2026.md", "index.md") == "../../../"
    assert links("index.md", "api/units.json") == "api/units.json"
