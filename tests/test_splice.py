"""Generated pages reach MkDocs as stubs and get their HTML back after the theme (site/splice.py, site/spool.py).

The property that matters: converting the stub and splicing the runs back gives exactly what converting the whole
page gives — for every page the generator writes, and for Markdown a site maintainer might put in the Beranda intro.
"""

from __future__ import annotations

import json
import re
from datetime import date

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from material.plugins.search.plugin import Parser

from sitecheck import ROOT, mkdocs_build, repo_with_site, with_theme_dropping_content
from zi_evidence.cli import main as zi
from zi_evidence.site import SiteOptions, generate_site
from zi_evidence.site.files import excluded_from_search
from zi_evidence.site.splice import SpliceError, as_raw_block, intact, restore, search_html, splice, split_page, token
from zi_evidence.site.spool import Spool

pytestmark = pytest.mark.slow  # site builds and page conversions

NONCE = "0123456789abcdef"
EXTENSIONS = ["tables", "admonition", "attr_list", "toc"]  # the demo site's


def convert(text: str, extensions: list[str] = EXTENSIONS) -> str:
    return markdown.Markdown(extensions=extensions).convert(text)


def body(page: str) -> str:
    """A page without its front matter (MkDocs strips it before converting)."""
    return re.sub(r"\A---\n.*?\n---\n", "", page, flags=re.DOTALL)


def assert_same_as_whole(page: str) -> None:
    """Same HTML up to white space between two tags: Python-Markdown puts a line break between two elements that share
    a line of a raw block (and md_in_html re-spaces raw blocks); the browser's page is the same."""
    split = split_page(page, NONCE)
    assert body(split.stub).count("zisplice") == len(split.parts)
    for extensions in (EXTENSIONS, [*EXTENSIONS, "md_in_html", "fenced_code"]):
        assert _tags_close(through_stub(split, extensions)) == _tags_close(convert(body(page), extensions))


def through_stub(split, extensions: list[str] = EXTENSIONS) -> str:
    """What the plugin does: convert the stub and splice, or convert the page whole when a placeholder was lost."""
    html = convert(body(split.stub), extensions)
    if intact(html, NONCE, len(split.parts)):
        return splice(html, NONCE, split.parts)
    return convert(body(restore(split.stub, NONCE, split.parts)), extensions)


def _tags_close(html: str) -> str:
    return re.sub(r">\s+<", "><", html)


@pytest.fixture(scope="module")
def demo_pages() -> dict[str, str]:
    build = generate_site(ROOT, SiteOptions(today=date(2026, 11, 22), history=False), workers=1)
    return {f.path: f.text for f in build.files if f.text is not None and f.path.endswith(".md")}


def test_every_generated_page_converts_to_the_same_html_through_its_stub(demo_pages):
    assert len(demo_pages) > 30
    taken = kept = 0
    for page in demo_pages.values():
        assert_same_as_whole(page)
        split = split_page(page, NONCE)
        taken += sum(map(len, split.parts))
        kept += len(body(split.stub))
    assert taken > 20 * kept  # the HTML leaves Markdown: what is still converted is headings and the letters' text


HOSTILE_INTROS = [
    # fenced code holding raw HTML after a blank line: code, not a block to pass through
    "Teks.\n\n```html\n<div>\n\n<div class=\"x\">kode</div>\n```\n\n<div>lepas</div>",
    "~~~~\n<table><tr><td>a</td></tr></table>\n\n<p>masih kode</p>\n~~~~\n\n<p>bukan kode</p>",
    # md_in_html: the inside is Markdown
    "<div markdown=\"1\">\n**tebal** dan _miring_\n</div>",
    # a raw element followed by Markdown in the same block; inline HTML first; text first
    "<div>a</div>\n*b*",
    "<span>inline</span> lalu <em>teks</em>",
    "<svg width=\"1\"><title>t</title></svg>\n<p>x</p>",
    "teks\n<div>bukan awal blok</div>",
    # an unclosed comment: the rest of the page is one raw block, placeholders included (the page is converted whole)
    "<!-- komentar tanpa penutup\n\nteks",
    # headings and attribute lists around raw blocks; an end tag first; a comment
    "## Judul {#judul-khusus}\n\n<div>x</div>\n\n\n\n<div>y</div>\n\n## Lagi",
    "</div>\n\n<p>z</p>",
    "<!-- catatan -->\n\n<p>setelah komentar</p>",
    "> kutipan\n\n<blockquote>kutipan HTML</blockquote>\n\n- daftar\n\n<ul><li>daftar HTML</li></ul>",
]


@pytest.mark.parametrize("intro", HOSTILE_INTROS)
def test_markdown_around_raw_html_is_converted_as_before(intro):
    page = f'---\ntitle: "T"\n---\n\n# T\n\n{intro}\n\n<div class="zi-cards">\n<div>c</div>\n</div>\n\n## S\n\n<p>akhir</p>\n'
    assert_same_as_whole(page)


def test_the_hand_written_intro_makes_beranda_a_whole_page(tmp_path):
    """What a maintainer writes in docs/index.md is not the generator's well-formed HTML (an unclosed <div> swallows
    the rest of the page): Beranda goes to MkDocs whole, every other page as a stub."""
    spool = Spool(tmp_path / "docs", parts=tmp_path / "parts", nonce=NONCE)
    intro = '<div class="buka">\n\n**tidak ditutup**'
    build = generate_site(ROOT, SiteOptions(today=date(2026, 11, 22), history=False), intro=intro, workers=1, spool=spool)
    files = {f.path: f for f in build.files}
    assert files["index.md"].record is None and spool.page(files["index.md"].record) is None
    assert (tmp_path / "docs/index.md").read_text().count(intro) == 1
    assert spool.page(files["unit/disdukcapil/index.md"].record)["html"]
    assert "zisplice" in files["unit/disdukcapil/index.md"].text  # the stub, kept in memory
    without = generate_site(ROOT, SiteOptions(today=date(2026, 11, 22), history=False), workers=1)
    assert not next(f for f in without.files if f.path == "index.md").convert_whole


BLOCKS = st.sampled_from([
    "<div>a</div>", "<p class=\"q\">b &amp; c</p>", "<table>\n<tr><td>1</td></tr>\n</table>", "<ol>\n<li>x</li>\n</ol>",
    "## Bagian", "### Sub {#sub}", "Teks *biasa*.", "```\n<div>\n```", "```", "<div markdown=\"1\">\n*m*\n</div>",
    "<svg></svg>", "- butir", "<h3>Judul HTML</h3>", "", "<div>\n<div>dalam</div>\n</div>", "| a | b |\n|---|---|\n| 1 | 2 |",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(BLOCKS, max_size=12))
def test_any_sequence_of_blocks_converts_the_same(blocks):
    assert_same_as_whole("\n\n".join(blocks) + "\n")


def test_splice_refuses_a_page_that_lost_or_doubled_a_placeholder():
    parts = ["<div>a</div>", "<div>b</div>"]
    html = f"<p>{token(NONCE, 0)}</p>\n<p>{token(NONCE, 1)}</p>"
    assert splice(html, NONCE, parts) == "<div>a</div>\n<div>b</div>"
    with pytest.raises(SpliceError):
        splice(f"<p>{token(NONCE, 0)}</p>", NONCE, parts)
    with pytest.raises(SpliceError):
        splice(html + f"<p>{token(NONCE, 1)}</p>", NONCE, parts)
    assert splice(f"<p>{token('ffffffffffffffff', 0)}</p>", NONCE, []) == f"<p>{token('ffffffffffffffff', 0)}</p>"  # another build's


def _sections(html: str) -> list[tuple[str | None, str, str]]:
    parser = Parser()
    parser.feed(html)
    parser.close()
    return [(s.id, "".join(s.title).strip(), " ".join("".join(s.text).split())) for s in parser.data]


def test_search_text_indexes_the_same_sections_and_words(demo_pages):
    for page in demo_pages.values():
        split = split_page(page, NONCE)
        html = convert(body(split.stub))
        whole = splice(html, NONCE, split.parts)
        compact = splice(html, NONCE, [search_html(p) for p in split.parts])
        assert _sections(compact) == _sections(whole)
        # a run with permalinks (the unit and LKE pages' HTML section headings) is given whole
        assert len(compact) < len(whole) or excluded_from_search(split.stub) or any("headerlink" in p for p in split.parts)
    assert any(len(search_html(p)) < len(p) for page in demo_pages.values() for p in split_page(page, NONCE).parts)
    assert search_html('<div data-search-exclude><p>x</p></div>') == '<div data-search-exclude><p>x</p></div>'
    assert search_html('<td title="a>b">sel</td> <td>dua</td><br>') == "sel dua"


def _index(site) -> dict[str, tuple[str, str]]:
    docs = json.loads((site / "search/search_index.json").read_text())["docs"]
    return {d["location"]: (d["title"], " ".join(d["text"].split())) for d in docs}


def test_plugin_build_equals_the_plain_build_of_the_export(tmp_path, monkeypatch):
    """Every page byte for byte and the search index word for word: the plugin's stubs change nothing a reader sees."""
    root = repo_with_site(tmp_path / "repo")
    (root / "docs/index.md").write_text("# Beranda\n\nPengantar **Markdown**.\n\n```\n<div>\n\n<p>kode</p>\n```\n\n<div class=\"x\">HTML</div>\n",
                                        encoding="utf-8")
    # Material's own search (a site may choose it: `zi: search: none`), to compare what it indexes in both builds
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("plugins:\n", "plugins:\n  - search\n", 1)
                      .replace("  - zi:\n", "  - zi:\n      search: none\n", 1), encoding="utf-8")
    monkeypatch.setenv("ZI_SITE_TODAY", "2026-11-22")
    assert zi(["site", "export", str(tmp_path / "export"), "--root", str(root)]) == 0
    spool_parent = tmp_path / "tmp"
    spool_parent.mkdir()
    plugin, plain = tmp_path / "plugin", tmp_path / "plain"
    result = mkdocs_build(root / "mkdocs.yml", plugin, env={"TMPDIR": str(spool_parent)})
    assert result.returncode == 0, result.stderr
    assert mkdocs_build(tmp_path / "export/mkdocs.yml", plain).returncode == 0
    pages = sorted(p.relative_to(plain) for p in plain.rglob("*.html"))
    assert pages == sorted(p.relative_to(plugin) for p in plugin.rglob("*.html")) and len(pages) > 50
    for rel in pages:
        assert (plugin / rel).read_bytes() == (plain / rel).read_bytes(), rel
    assert _index(plugin) == _index(plain)
    assert "kode" in (plugin / "index.html").read_text() and "zisplice" not in (plugin / "index.html").read_text()
    assert re.search(r"halaman yang dibuat: \d{2} dikonversi di proses pekerja, \d{2} disisipi HTML", result.stderr)
    assert list(spool_parent.iterdir()) == []  # the spool is removed after the build


def test_a_theme_that_drops_the_page_content_fails_the_build(tmp_path):
    config = with_theme_dropping_content(repo_with_site(tmp_path / "repo"))
    spool_parent = tmp_path / "tmp"
    spool_parent.mkdir()
    result = mkdocs_build(config, tmp_path / "site", env={"TMPDIR": str(spool_parent)})
    assert result.returncode != 0
    assert "isi halaman hilang" in result.stderr and "harus tetap menampilkan page.content" in result.stderr
    assert list(spool_parent.iterdir()) == []


def test_a_worker_converts_a_stub_as_mkdocs_would(tmp_path):
    """preconvert.convert_stub against MkDocs' own Page.render on every generated page of the demo: the same HTML, TOC
    and anchor ids (MkDocs reads the raw HTML's ids too, so the runs' ids count)."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.pages import Page
    from mkdocs.utils.meta import get_data

    from zi_evidence.site.preconvert import MarkdownSettings, convert_stub

    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    settings = MarkdownSettings.of(config)
    assert settings is not None and "toc" in settings.extensions
    build = generate_site(ROOT, SiteOptions(today=date(2026, 11, 22), history=False), workers=1)
    converted_pages = 0
    for f in build.files:
        if not f.path.endswith(".md") or f.convert_whole:
            continue
        split = split_page(f.text, NONCE)
        page = Page(None, File(f.path, src_dir=None, dest_dir=str(tmp_path / "site"), use_directory_urls=True), config)
        page.markdown, page.meta = get_data(split.stub)
        page.render(config, Files([page.file]))
        converted = convert_stub(split.stub, settings, split.parts)
        if converted is None:
            continue
        converted_pages += 1
        assert converted["content"] == page.content, f.path
        assert [dict(t) for t in converted["toc"]] == json.loads(json.dumps(converted["toc"]))
        assert [(t.id, t.title, t.level) for t in page.toc] == [(t["id"], t["name"], t["level"]) for t in converted["toc"]]
        whole = Page(None, page.file, config)
        whole.markdown, whole.meta = get_data(f.text)
        whole.render(config, Files([whole.file]))
        assert set(converted["anchors"]) == whole.present_anchor_ids, f.path
    assert converted_pages > 30
    assert convert_stub("---\ntitle: x\n---\n\nLihat [halaman](lain.md).\n", settings, []) is None  # links are MkDocs' to resolve


def test_the_spool_keeps_a_head_for_the_conversion_pass_and_search_text_only_when_asked(tmp_path):
    """MkDocs converts every page before it renders any: that pass reads a page's small head (how many runs, the
    worker's conversion), never its HTML; search text is made only for a search plugin that reads page.content."""
    from mkdocs.config import load_config

    from zi_evidence.site.preconvert import MarkdownSettings

    settings = MarkdownSettings.of(load_config(str(ROOT / "mkdocs.yml")))
    page = "unit/disdukcapil/index.md"
    for search_text in (True, False):
        spool = Spool(tmp_path / f"docs{search_text}", parts=tmp_path / f"parts{search_text}", nonce=NONCE, markdown=settings,
                      search_text=search_text)
        build = generate_site(ROOT, SiteOptions(today=date(2026, 11, 22), history=False), workers=1, spool=spool)
        ref = next(f.record for f in build.files if f.path == page)
        head, record = spool.page_head(ref), spool.page(ref)
        assert head is not None and record is not None
        assert head["runs"] == len(record["html"]) > 0
        assert head["converted"]["content"].count(f"zisplice{NONCE}") == head["runs"]
        assert "html" not in head
        assert ("search" in record) is search_text
        assert spool.page_head(None) is None


def test_files_that_are_not_pages_are_written_where_the_builder_publishes_them(tmp_path):
    """MkDocs copies nothing onto itself, so a data file spooled into the output folder costs no copy; a page written
    whole (Markdown) stays in the spool, never in the published folder."""
    from zi_evidence.site.files import SiteFile

    spool = Spool(tmp_path / "docs", parts=tmp_path / "parts", nonce=NONCE, output=tmp_path / "site")
    assert spool.put(SiteFile("api/a.json", "{}")).source == tmp_path / "site/api/a.json"
    assert spool.put(SiteFile("unit/u/kartu.png", data=b"png")).source == tmp_path / "site/unit/u/kartu.png"
    assert spool.put(SiteFile("daftar.md", "# Daftar\n", convert_whole=True)).source == tmp_path / "docs/daftar.md"
    assert (tmp_path / "site/unit/u/kartu.png").read_bytes() == b"png" and not (tmp_path / "site/daftar.md").exists()


def test_converted_html_made_a_raw_block_is_taken_out_whole_and_reads_the_same():
    """Text wrapped inside a paragraph (a line starting with text or an inline tag) would keep the block in the stub."""
    converted = markdown.markdown("Yang bertanda tangan\ndi bawah ini  \n**Kepala**\n\n| a | b |\n|---|---|\n| 1 | 2 |", extensions=["tables"])
    assert split_page(converted, NONCE).parts == []  # as converted: not a raw block
    block = as_raw_block(converted)
    split = split_page(f"# Judul\n\n{block}\n\n## Lagi", NONCE)
    assert [p.strip("\n") for p in split.parts] == [block] and "<" not in split.stub
    assert " ".join(block.split()) == " ".join(converted.split())
    assert as_raw_block("<p>a</p>\n\n\n<p>b</p>\n") == "<p>a</p>\n<p>b</p>"


def test_links_to_a_generated_pages_anchors_are_still_checked(tmp_path):
    """A converted page keeps its anchor ids (item ids of the LKE page included) for MkDocs' anchor check."""
    root = repo_with_site(tmp_path / "repo")
    (root / "docs/tentang.md").write_text("# Tentang\n\n[butir](unit/disdukcapil/lke-2026.md#P.MP.1.a) dan "
                                          "[hilang](unit/disdukcapil/lke-2026.md#tidak-ada)\n", encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "  anchors: warn\n", encoding="utf-8")
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    assert "#tidak-ada" in result.stderr and "#P.MP.1.a" not in result.stderr


def test_page_records_of_every_process_are_packed_and_found_again(tmp_path):
    """Each process appends its pages' records to its own pack (two new files a page cost ~10 ms per unit where creating
    a file is slow); every stub finds its own head and runs again, whichever worker made it."""
    spool = Spool(tmp_path / "docs", parts=tmp_path / "parts", nonce=NONCE)
    build = generate_site(ROOT, SiteOptions(today=date(2026, 11, 22), history=False), workers=2, spool=spool)
    stubs = [f for f in build.files if f.record is not None]
    assert len(stubs) > 10 and len({f.record.pack for f in stubs}) >= 2  # the parent's and at least one worker's
    assert sorted(p.suffix for p in (tmp_path / "parts").iterdir()) == [".pack"] * len({f.record.pack for f in stubs})
    for f in stubs:
        head, record = spool.page_head(f.record), spool.page(f.record)
        assert head["runs"] == len(record["html"]) == f.text.count(f"zisplice{NONCE}")
    pack = tmp_path / "parts" / stubs[-1].record.pack
    pack.write_bytes(pack.read_bytes()[:-5])
    with pytest.raises(OSError, match="cut short"):
        spool.page(max((f.record for f in stubs if f.record.pack == pack.name), key=lambda r: r.offset))


def test_page_runs_come_back_exactly_whatever_they_hold(tmp_path):
    """A page's runs are stored as their bytes behind a header of lengths (not quoted into JSON): every text comes back
    exactly — multi-byte characters, newlines, NUL, a run that looks like the header, empty runs — and a header
    that does not add up to the body is an error, not a shifted page."""
    from zi_evidence.site.spool import _decompress, _pack_texts, _unpack_texts

    record = {"html": ["<p>Kantor Pertanahan · 75 % — “ok” 😀</p>", "", '{"html": [3]}\n\n<div>\x00</div>', "a\nb\r\nc"],
              "search": ["<p>x</p>", "", "", "\u212a"]}
    assert _unpack_texts(_decompress(_pack_texts(record))) == record
    assert _unpack_texts(_decompress(_pack_texts({"html": []}))) == {"html": []}
    broken = _decompress(_pack_texts({"html": ["abc", "def"]}))[:-1]
    with pytest.raises(OSError, match="holds 5 bytes"):
        _unpack_texts(broken)
    with pytest.raises(OSError, match="damaged"):  # a pack file cut or overwritten: an error naming it, not a crash
        _decompress(_pack_texts(record)[:-7])


def test_a_spool_makes_each_folder_once_and_a_new_spool_again_after_the_output_was_cleaned(tmp_path):
    """The spool remembers the folders it made (two system calls a file saved); a rebuild (``mkdocs serve`` cleans the
    site folder) has a new spool, which makes them again."""
    import shutil

    from zi_evidence.site.files import SiteFile

    for _ in range(2):
        spool = Spool(tmp_path / "docs", parts=tmp_path / "parts", nonce=NONCE, output=tmp_path / "site")
        for n in range(3):
            spool.put(SiteFile(f"unit/u{n % 2}/api.json", "{}"))
        assert sorted(p.name for p in (tmp_path / "site/unit").iterdir()) == ["u0", "u1"]
        assert len(spool._made) == 2
        shutil.rmtree(tmp_path / "site")


def test_opaque_markers_are_found_in_any_case_as_lowering_the_text_finds_them():
    """The markers that keep a block Markdown (``<script``, md_in_html's ``markdown``…) are looked for in the block's
    UTF-8 bytes, lowered; that finds what ``str.lower`` finds only if no other character lowers into ASCII."""
    import sys

    from zi_evidence.site.splice import _OPAQUE, LOWER_TO_ASCII, _is_raw, _opaque

    into_ascii = {chr(c) for c in range(0x80, sys.maxunicode + 1) if any(ord(x) < 0x80 for x in chr(c).lower())}
    assert into_ascii == set(LOWER_TO_ASCII)
    for text in ('<div MARKDOWN="1">é</div>', "<div>é</div>", "<SCRIPT>·</SCRIPT>", "<div marKdown='1'>é</div>",
                 "<div mar\u212adown='1'>é</div>", "<ſcript>é", "<textarea>", "<style>", "<div>…</div>", "<div>İ</div>"):
        assert _opaque(text) == any(m in text.lower() for m in _OPAQUE), text
    assert not _is_raw('<div MARKDOWN="1">\n·\n</div>') and _is_raw("<div>·</div>")


def test_a_worker_keeps_one_converter_for_its_settings_and_builds_another_when_they_differ():
    from zi_evidence.site import preconvert
    from zi_evidence.site.preconvert import MarkdownSettings, convert_stub

    page = "---\ntitle: x\n---\n# Judul\n\nteks"
    with_permalinks = MarkdownSettings(("toc",), {"toc": {"permalink": True}})
    plain = MarkdownSettings(("toc",), {})
    first = convert_stub(page, with_permalinks, [])
    kept = preconvert._converter_of[0][1]
    assert convert_stub(page, MarkdownSettings(("toc",), {"toc": {"permalink": True}}), []) == first  # equal settings: reused
    assert preconvert._converter_of[0][1] is kept
    other = convert_stub(page, plain, [])
    assert "headerlink" in first["content"] and "headerlink" not in other["content"]
    assert preconvert._converter_of[0][1] is not kept
