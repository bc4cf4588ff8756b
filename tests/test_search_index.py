"""The site's search index in parts (site/search.py): every indexable page in exactly one part, a unit's pages
together, the site's own pages in the first part; small sites keep one index."""

from __future__ import annotations

import json
from pathlib import Path

from zi_evidence.site import search


def _site(root: Path, units: int) -> Path:
    for rel in ("index.html", "cari/index.html", "aturan/permenpanrb-90-2021/index.html", "unit/index.html"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("<html></html>")
    for n in range(units):
        for rel in ("index.html", "bukti/index.html", "lke-2026/index.html"):
            page = root / f"unit/u{n:03d}/{rel}"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text("<html></html>")
    return root


def test_every_indexable_page_is_in_one_part_and_a_units_pages_stay_together(tmp_path):
    site = _site(tmp_path, 25)
    groups = search._shards(site, 10)
    assert len(groups) == 3
    flat = [p for g in groups for p in g]
    assert len(flat) == len(set(flat)) == 4 + 25  # the unit page; its evidence list and LKE details are not indexed
    assert {"index.html", "cari/index.html", "aturan/permenpanrb-90-2021/index.html", "unit/index.html"} <= set(groups[0])
    for n in range(25):
        holding = [i for i, g in enumerate(groups) if f"unit/u{n:03d}/index.html" in g]
        assert holding == [n // 10] and f"unit/u{n:03d}/bukti/index.html" not in flat


def test_a_site_within_one_part_keeps_one_index(tmp_path):
    assert len(search._shards(_site(tmp_path, 5), 10)) == 1


def test_the_parts_are_indexed_one_after_another_and_listed_for_the_search_page(tmp_path, monkeypatch):
    site = _site(tmp_path / "site", 25)
    seen: list[tuple[set[str], Path]] = []

    def pagefind(folder: Path, output: Path, directory_urls: bool) -> None:
        seen.append(({str(p.relative_to(folder)) for p in folder.rglob("*.html")}, output))
        output.mkdir(parents=True, exist_ok=True)

    monkeypatch.setattr(search, "_pagefind", pagefind)
    search.build_search_index(site, True, 10)
    assert [out.relative_to(site).as_posix() for _, out in seen] == ["pagefind", "pagefind/bagian-1", "pagefind/bagian-2"]
    assert seen[1][0] == {f"unit/u{n:03d}/index.html" for n in range(10, 20)}
    assert json.loads((site / "pagefind/zi-bagian.json").read_text()) == ["bagian-1/", "bagian-2/"]
    assert not any(p.name.startswith(".zi-indeks") for p in site.iterdir())  # the linked folders are removed
    assert (site / "unit/u015/index.html").is_file()  # the site's own pages stay


def test_a_units_per_index_below_one_is_refused_with_the_option_named(tmp_path):
    from sitecheck import mkdocs_build, repo_with_site

    root = repo_with_site(tmp_path / "repo")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - zi:\n", "  - zi:\n      search_units_per_index: 0\n", 1), encoding="utf-8")
    result = mkdocs_build(config, tmp_path / "site")
    assert result.returncode != 0
    assert "search_units_per_index: 0" in result.stderr and "≥ 1" in result.stderr
