"""Helpers for tests of the built site: build it, read its pages, check its links."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from committed import COMMITTED as ROOT  # fixtures come from HEAD, not the working tree

TODAY = "2026-11-22"


def mkdocs_build(config: Path, site_dir: Path, strict: bool = True, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run ``mkdocs build`` the way a user does (a subprocess of this Python)."""
    env = dict(os.environ, ZI_SITE_TODAY=TODAY, NO_MKDOCS_2_WARNING="1", **(env or {}))
    args = [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "--site-dir", str(site_dir)]
    if strict:
        args.append("--strict")
    return subprocess.run(args, capture_output=True, text=True, env=env, timeout=600)


def repo_with_site(tmp: Path) -> Path:
    """A copy of the repository's data plus its site configuration, safe to modify in a test."""
    for name in ("rules", "units", "evidence", "docs"):
        shutil.copytree(ROOT / name, tmp / name)
    shutil.copy(ROOT / "mkdocs.yml", tmp / "mkdocs.yml")
    return tmp


def with_theme_dropping_content(root: Path) -> Path:
    """A theme override (custom_dir) that shows no ``page.content``: the plugin must refuse such a build. Its config."""
    (root / "overrides").mkdir()
    (root / "overrides/main.html").write_text('{% extends "base.html" %}\n{% block content %}<p>kosong</p>{% endblock %}\n')
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("theme:\n  name: material", "theme:\n  name: material\n  custom_dir: overrides"))
    return config


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, url)
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.add(value)
            if (name == "href" and tag in ("a", "link")) or (name == "src" and tag in ("script", "img", "iframe", "source")):
                # a canonical or alternate <link> names an address, it loads nothing: like a link a visitor may follow
                kind = "a" if tag == "link" and dict(attrs).get("rel") in ("canonical", "alternate") else tag
                self.links.append((kind, name, value))


def parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def target_file(site: Path, page: Path, url: str) -> Path | None:
    """The file a relative link from ``page`` points to (None for external or special links)."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or url.startswith(("#", "mailto:", "data:")):
        return None
    path = unquote(parts.path)
    target = (page.parent / path).resolve() if not path.startswith("/") else (site / path.lstrip("/")).resolve()
    if target.is_dir() or path.endswith("/"):
        target = target / "index.html"
    return target


def broken_links(site: Path) -> list[str]:
    """Every internal link or asset reference that points nowhere, and every #anchor that does not exist."""
    broken = []
    parsed: dict[Path, _Links] = {}

    def get(path: Path) -> _Links:
        if path not in parsed:
            parsed[path] = parse(path)
        return parsed[path]

    for page in sorted(site.rglob("*.html")):
        if page.name == "404.html":
            continue
        for tag, _attr, url in get(page).links:
            target = target_file(site, page, url)
            if target is None:
                if url.startswith("#") and len(url) > 1 and unquote(url[1:]) not in get(page).ids:
                    broken.append(f"{page.relative_to(site)}: {tag} {url} (no such id)")
                continue
            if not target.exists():
                broken.append(f"{page.relative_to(site)}: {tag} {url}")
                continue
            fragment = urlsplit(url).fragment
            if fragment and target.suffix == ".html" and unquote(fragment) not in get(target).ids:
                broken.append(f"{page.relative_to(site)}: {url} (no such id)")
    return broken


def external_resources(site: Path) -> list[str]:
    """Scripts, stylesheets, images or frames loaded from another host (links a visitor may click are fine)."""
    found = []
    for page in sorted(site.rglob("*.html")):
        for tag, attr, url in parse(page).links:
            if tag == "a":
                continue
            if urlsplit(url).scheme in ("http", "https") or url.startswith("//"):
                found.append(f"{page.relative_to(site)}: <{tag} {attr}={url}>")
    for css in site.rglob("*.css"):
        text = css.read_text(encoding="utf-8", errors="replace")
        if "@import url(http" in text or "fonts.googleapis" in text:
            found.append(f"{css.relative_to(site)}: imports a remote stylesheet")
    return found
