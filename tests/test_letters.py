"""Submission letters from the data (templates of Perwal Binjai 3/2024 and Perwal Kupang 23/2025)."""

from __future__ import annotations

import re

from conftest import ROOT
from zi_evidence.cli import main as zi
from zi_evidence.letters import unit_letters
from zi_evidence.repository import Repository


def test_cli_writes_markdown_and_print_html(tmp_path):
    out = tmp_path / "surat"
    assert zi(["letters", "disdukcapil", "--year", "2026", "--out", str(out), "--root", str(ROOT)]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(f"{s}.{e}" for s in ("surat-pengajuan", "sptjm", "laporan-monev", "deklarasi", "piagam") for e in ("md", "html"))
    pengajuan = (out / "surat-pengajuan.md").read_text()
    assert "Surat Wali Kota Nomor 100.3.3/300/2026" in pengajuan and "20 Mei 2026" in pengajuan
    assert "1. Dinas Kependudukan dan Pencatatan Sipil / menuju WBK" in pengajuan
    assert "WALI KOTA CONTOH" in pengajuan and "Dr. H. Wali Contoh, M.Si." in pengajuan
    sptjm = (out / "sptjm.md").read_text()
    assert "Maria Goreti Bria, S.H." in sptjm and "Tahun 2026" in sptjm and "Meterai" in sptjm
    html = (out / "sptjm.html").read_text()
    assert "@page { size: A4" in html and "<table>" in html
    piagam = (out / "piagam.md").read_text()
    assert "DISAKSIKAN OLEH" in piagam and "Pada hari ini Senin tanggal 19 bulan Februari tahun 2024" in piagam


def test_monitoring_report_lists_the_real_gaps():
    repo = Repository(ROOT)
    record = repo.unit("dinas-sosial")
    monev = next(x for x in unit_letters(repo, record, 2026) if x.slug == "laporan-monev")
    assert "Nilai minimal pengungkit belum terpenuhi. Kurang 0,35 poin." in monev.markdown
    assert "skor survei H.BA.1.a minimal 3,60" in monev.markdown
    assert "71,90" in monev.markdown and "Ir. Bagus Santoso" in monev.markdown
    assert "WBBM" not in monev.markdown.split("antara lain:")[1].split("Sehubungan")[0]  # only the unit's target predicate


def test_data_cannot_inject_markup(repo_copy):
    unit = repo_copy / "units/disdukcapil/unit.yaml"
    unit.write_text(unit.read_text().replace("name: Dinas Kependudukan dan Pencatatan Sipil", "name: '<img src=x onerror=alert(1)> *x* [a](b)'", 1))
    repo = Repository(repo_copy)
    for letter in unit_letters(repo, repo.unit("disdukcapil"), 2026):
        html = letter.html()
        assert "<img" not in html and "<a href" not in html, letter.slug


def test_data_cannot_set_attributes_through_the_sites_markdown(repo_copy):
    """The site converts letters with its own extensions; attr_list reads "{: …}" after a cell, heading or paragraph."""
    import markdown
    from mkdocs.config import load_config

    from zi_evidence.site.preconvert import MarkdownSettings

    hostile = '{: onclick="alert(1)" }'
    unit = repo_copy / "units/disdukcapil/unit.yaml"
    text = unit.read_text().replace("address: Jl. Cendana No. 8, Kota Contoh", f"address: 'Jl. Cendana {hostile}'", 1)
    unit.write_text(text.replace("name: Dinas Kependudukan dan Pencatatan Sipil", f"name: 'Dinas {hostile}'", 1))
    settings = MarkdownSettings.of(load_config(str(ROOT / "mkdocs.yml")))
    assert settings is not None and "attr_list" in settings.extensions
    repo = Repository(repo_copy)
    letters = unit_letters(repo, repo.unit("disdukcapil"), 2026)
    assert any("Jl. Cendana" in x.markdown for x in letters)
    for letter in letters:
        for html in (markdown.markdown(letter.markdown, extensions=list(settings.extensions), extension_configs=settings.configs), letter.html()):
            assert not _event_attributes(html), letter.slug
        assert "onclick" in letter.markdown or letter.slug in ("deklarasi", "piagam")  # the data is there, as text


def _event_attributes(html: str) -> list[str]:
    from html.parser import HTMLParser

    found: list[str] = []

    class Attributes(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.extend(f"{tag} {name}" for name, _ in attrs if name.startswith("on"))

    Attributes().feed(html)
    return found


def test_letters_are_on_the_site(demo_site):
    page = (demo_site / "unit/disdukcapil/surat-2026/index.html").read_text()
    assert "SURAT PERNYATAAN TANGGUNG JAWAB MUTLAK" in page and "sptjm.html" in page
    assert (demo_site / "surat/pengajuan-2026/index.html").is_file()


def _whitespace_free(html: str) -> str:
    return re.sub(r">\s+<", "><", " ".join(html.split()))


def test_a_letter_is_converted_once_in_sections_that_join_to_the_whole():
    """The print page joins the sections; the site keeps their headings as Markdown and their text as HTML. Both must
    say exactly what converting the whole letter says (the site: with its own Markdown settings, headings one down)."""
    import markdown
    from mkdocs.config import load_config

    from zi_evidence.letters import _to_html
    from zi_evidence.site.letters_page import _embedded
    from zi_evidence.site.preconvert import MarkdownSettings

    settings = MarkdownSettings.of(load_config(str(ROOT / "mkdocs.yml")))
    assert settings is not None
    repo = Repository(ROOT)
    seen: set[str] = set()
    for unit in repo.unit_ids():
        record = repo.unit(unit)
        for year in record.years:
            for letter in unit_letters(repo, record, year, [record]):
                seen.add(letter.slug)
                assert "\n".join(s.html for s in letter.sections) == _to_html(letter.markdown), letter.slug
                headings = [s.heading for s in letter.sections if s.heading]
                assert headings == re.findall(r"^#{1,6} .*$", letter.markdown, flags=re.MULTILINE)
                site = markdown.Markdown(extensions=list(settings.extensions), extension_configs=settings.configs)
                whole = re.sub(r"^(#+) ", lambda m: "#" + m.group(1) + " ", letter.markdown, flags=re.MULTILINE)
                assert _whitespace_free(site.convert(_embedded(letter))) == _whitespace_free(site.reset().convert(whole)), letter.slug
    assert {"sptjm", "laporan-monev", "deklarasi", "piagam", "surat-pengajuan"} <= seen


def test_letters_convert_without_the_inline_syntax_they_never_hold_exactly_as_with_it(repo_copy):
    """The letters' converter skips code spans, links, images and autolinks: no template writes them and data reaches a
    letter escaped. Every letter — the demo's, and one whose data tries each of those — converts to the same HTML as
    with Python-Markdown's full inline syntax."""
    import markdown

    from zi_evidence.letters import UNUSED_INLINE, _to_html

    templates = ROOT / "tooling/zi_evidence/templates/letters"
    for template in templates.glob("*.md"):
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"`|\]\(|\]\[|!\[|<|^\s{0,3}\[[^\]]+\]:", text, re.MULTILINE), template.name  # < : autolinks, inline HTML
    unit = repo_copy / "units/disdukcapil/unit.yaml"
    hostile = "'`kode` [tautan](https://x.id) ![g](g.png) <https://x.id> <a@b.id> [r][1] [1]: https://y.id <b>tebal</b> <!-- c -->'"
    unit.write_text(unit.read_text().replace("name: Dinas Kependudukan dan Pencatatan Sipil", f"name: {hostile}", 1))
    full = markdown.Markdown(extensions=["tables"])
    assert set(UNUSED_INLINE) <= set(full.inlinePatterns._data)  # names Python-Markdown still has
    checked, hostile_seen = 0, False
    for root in (ROOT, repo_copy):
        repo = Repository(root)
        for unit_id in repo.unit_ids():
            record = repo.unit(unit_id)
            for year in record.years:
                for letter in unit_letters(repo, record, year, [record]):
                    assert _to_html(letter.markdown) == full.reset().convert(letter.markdown), (root, letter.slug)
                    checked += 1
                    hostile_seen = hostile_seen or "tautan" in letter.markdown
    assert checked > 20 and hostile_seen
