"""The theme's navigation block rendered once per key for pages outside the nav (site/nav_cache.py): the same bytes as
rendering it for every page."""

from __future__ import annotations

from pathlib import Path

from sitecheck import repo_with_site
from zi_evidence.site import nav_cache


def _build(root: Path, out: Path) -> dict[str, bytes]:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build(load_config(str(root / "mkdocs.yml"), site_dir=str(out), strict=True))
    return {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*.html")}


def test_cached_navigation_is_byte_for_byte_the_rendered_one(tmp_path, monkeypatch):
    root = repo_with_site(tmp_path / "repo")
    monkeypatch.setenv("ZI_SITE_TODAY", "2026-11-22")
    monkeypatch.setenv("ZI_RENDER_PROCESSES", "1")
    monkeypatch.chdir(root)
    hits: list[tuple] = []
    real_get = nav_cache.NavCache.get
    monkeypatch.setattr(nav_cache.NavCache, "get", lambda self, key: (found := real_get(self, key)) and (hits.append(key) or found))
    cached = _build(root, tmp_path / "cached")
    keys = set(hits)
    assert len(hits) > 10 and len(keys) < len(hits) / 2  # pages outside the nav take an already rendered block
    assert {k[2] for k in keys if k[0] != "config"} >= {("navigation", "toc")}  # unit pages (and their LKE details) are among them
    assert ("config", "../..") in keys  # the settings block, by depth (a unit page and its LKE details share one)
    monkeypatch.setattr(nav_cache.NavCache, "key", lambda self, page, base_url: None)
    monkeypatch.setattr(nav_cache.NavCache, "config_key", staticmethod(lambda base_url: None))
    rendered = _build(root, tmp_path / "rendered")
    assert cached.keys() == rendered.keys() and len(cached) > 50
    assert [name for name in cached if cached[name] != rendered[name]] == []


def test_a_page_in_the_nav_is_always_rendered_and_links_decide_the_key():
    from types import SimpleNamespace

    def page(url: str, toc=(), hide=None, parent=None):
        return SimpleNamespace(url=url, toc=list(toc), meta={"hide": hide} if hide else {}, parent=parent)

    home, rules = page(""), page("aturan/")
    nav = SimpleNamespace(items=[home, SimpleNamespace(title="Aturan", children=[rules])], pages=[home, rules], homepage=home)
    config = SimpleNamespace(extra={}, theme={"logo": "assets/logo.png"})
    cache = nav_cache.NavCache(nav, config)
    assert cache.key(home, ".") is None and cache.key(rules, "..") is None
    a, b = cache.key(page("unit/a/"), "../.."), cache.key(page("unit/b/"), "../..")
    assert a == b is not None  # the same links from both
    assert cache.key(page("unit/a/", hide=["toc"]), "../..") != a
    assert cache.key(page("unit/a/lke-2026/"), "../../..") != a
    h1 = SimpleNamespace(title="Unit A", url="#unit-a", level=1, children=[SimpleNamespace(title="Profil", url="#profil", level=2, children=[])])
    h1b = SimpleNamespace(title="Unit B", url="#unit-b", level=1, children=h1.children)
    assert cache.key(page("unit/a/", toc=[h1]), "../..") == cache.key(page("unit/b/", toc=[h1b]), "../..")  # the h1 is not shown
    nested = page("unit/a/", parent=SimpleNamespace())
    assert cache.key(nested, "../..") is None  # a page under a nav section
