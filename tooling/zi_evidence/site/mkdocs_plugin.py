"""MkDocs plugin ``zi``: adds the generated pages to the build. An adapter over :func:`generate_site` and :mod:`.splice`.

Enable in ``mkdocs.yml``::

    plugins:
      - search
      - zi            # options: root (repository root, default: the folder of mkdocs.yml)

Generated pages reach MkDocs as stubs (:mod:`.splice`): MkDocs converts their headings and front matter, the search
plugin reads their text, and their HTML is put in place after the theme has rendered them (``on_post_page``). Plugins
that rewrite ``page.content`` see the stub; plugins that rewrite the output (``on_post_page``) see the whole page.
"""

from __future__ import annotations

import os
import secrets
import shutil
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from functools import partial
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from ..i18n import SOURCE_LANGUAGE, available_languages
from ..layout import EVIDENCE, UNITS
from . import parallel_render
from .context import SiteOptions
from .files import SpoolRecord
from .generate import EXTRA_CSS, EXTRA_JS, THEME_DIR, generate_site
from .in_place import InPlaceFiles
from .nav_cache import NavCache
from .preconvert import MarkdownSettings
from .search import SHARD_UNITS, SearchIndexError, build_search_index
from .splice import SpliceError, intact, restore, splice
from .spool import Spool

log = get_plugin_logger(__name__)
TODAY_ENV = "ZI_SITE_TODAY"  # ISO date that fixes "today" (countdown) for reproducible builds and tests


class ZiSiteConfig(Config):
    root = c.Optional(c.Type(str))
    portalrb = c.Type(bool, default=False)  # publish the PortalRB endpoints under portalrb/
    language = c.Optional(c.Type(str))  # of the generated pages; default: the theme's language when shipped, else id
    # the site's search: Pagefind's index in fragments (a reader downloads only what a query needs, and only on the search
    # page); "none" for builders that bring their own
    search = c.Choice(("pagefind", "none"), default="pagefind")
    # units per Pagefind index: a larger institution gets several, made one after another and merged by the search page
    # (the indexer holds what it indexes in memory: ~0.2 GB per 1,000 units)
    search_units_per_index = c.Type(int, default=SHARD_UNITS)


def build_date() -> date | None:
    value = os.environ.get(TODAY_ENV)
    return date.fromisoformat(value) if value else None


def _reads_content(config) -> bool:
    """Whether a search plugin indexes ``page.content`` (Material's ``search``): then a page's HTML runs are spliced
    into it for that plugin (:meth:`ZiSitePlugin._search_text`); Pagefind reads the written pages instead."""
    return any(name.split("/")[-1] == "search" for name in config.plugins)


def split_intro(markdown: str) -> str:
    """The hand-written Beranda text without its own first-level heading (the generated page has one)."""
    lines = markdown.splitlines()
    if lines and lines[0].startswith("# "):
        lines = lines[1:]
    return "\n".join(lines).strip()


def site_language(option: str | None, theme_language: str | None) -> str:
    """The plugin's ``language`` option, else the theme's language when a catalog ships for it, else Indonesian."""
    if option:
        if option not in available_languages():
            raise PluginError(f"language: {option!r} tidak tersedia; pilih salah satu dari {', '.join(available_languages())}")
        return option
    return theme_language if theme_language in available_languages() else SOURCE_LANGUAGE


class ZiSitePlugin(BasePlugin[ZiSiteConfig]):
    spool: Spool | None = None
    _stubs: dict[str, str]  # page → its stub HTML, while the search plugin reads the page's text instead
    _whole: set[str]  # pages whose stub lost a placeholder: converted whole, nothing to splice
    _stats: Counter[str]  # how the generated pages were made, logged at the end of the build
    _last: tuple[tuple[str, bool], dict | None]
    _generated: dict[str, SpoolRecord | None]  # the pages this plugin made (their stubs; where their records are), which worker processes may render
    _anchor_sets: dict[tuple[str, ...], tuple[str, ...]]  # each distinct set of a page's anchor ids, once
    _nav = None
    _renders: parallel_render.Renders | None = None
    _command: str | None = None  # from on_startup: pages are rendered in parallel only by `build` and `gh-deploy`

    def _root(self, config) -> Path:
        base = Path(config.config_file_path).parent
        return (base / self.config.root).resolve() if self.config.root else base.resolve()

    def on_config(self, config):
        if not config.site_url:
            raise PluginError("site_url wajib diisi di mkdocs.yml (alamat situs sebenarnya): peta situs, URL kanonis dan tautan "
                              "data terbuka memerlukannya, mis. site_url: https://zi.kota.go.id/")
        if self.config.search_units_per_index < 1:
            raise PluginError(f"search_units_per_index: {self.config.search_units_per_index} tidak berlaku; isi bilangan bulat ≥ 1 "
                              "(banyaknya unit per bagian indeks pencarian, bawaan 1000)")
        # the zi theme layer (Open Graph, the feed link) sits under the site's own custom_dir, above Material
        theme_dir = str(THEME_DIR)
        if theme_dir not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, theme_dir)
        for css in EXTRA_CSS:
            if css not in config.extra_css:
                config.extra_css.append(css)
        for js in EXTRA_JS:
            if js not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(js)
        return config

    def on_files(self, files: Files, config) -> Files:
        intro = ""
        handwritten = files.get_file_from_path("index.md")
        if handwritten is not None:
            intro = split_intro(Path(str(handwritten.abs_src_path)).read_text(encoding="utf-8"))
            files.remove(handwritten)
        options = SiteOptions(directory_urls=config.use_directory_urls, today=build_date(), portalrb=self.config.portalrb,
                              language=site_language(self.config.language, config.theme.get("language")), site_url=config.site_url or "")
        self._drop_spool()
        workdir = Path(tempfile.mkdtemp(prefix="zi-site-"))
        self.spool = Spool(workdir / "docs", parts=workdir / "parts", nonce=secrets.token_hex(8), markdown=MarkdownSettings.of(config),
                           search_text=_reads_content(config), output=Path(config.site_dir))
        self._stubs, self._whole, self._stats, self._last = {}, set(), Counter(), (("", False), None)
        self._generated, self._renders, self._anchor_sets = {}, None, {}
        started = time.perf_counter()
        build = generate_site(self._root(config), options, intro, spool=self.spool)
        log.info(f"{len(build.files)} berkas situs dibuat dalam {time.perf_counter() - started:.1f} detik")
        if build.errors:
            raise PluginError("Situs tidak dibangun:\n" + "\n".join(build.errors))
        for warning in build.warnings:
            log.warning(warning)
        for f in build.files:
            if files.get_file_from_path(f.path) is not None:
                raise PluginError(f"{f.path}: halaman ini dibuat otomatis; hapus berkas dengan nama sama dari folder docs/")
            if f.text is not None:  # a page's stub (the rest of it is in the spool)
                files.append(File.generated(config, f.path, content=f.text))
                self._generated[f.path] = f.record
            elif f.data is not None:
                files.append(File.generated(config, f.path, content=f.data))
            elif not self.spool.in_output(f):  # written into site_dir: final there, not listed (in_place.py)
                files.append(File.generated(config, f.path, abs_src_path=str(f.source)))
        return InPlaceFiles(files, Path(config.site_dir), config.use_directory_urls)

    def on_startup(self, *, command, dirty) -> None:
        self._command = command

    def on_nav(self, nav, *, config, files):
        self._nav = nav
        return nav

    @event_priority(-100)  # last: every other plugin's on_env has run, MkDocs renders next
    def on_env(self, env, *, config, files):
        """Hand a share of the generated pages to worker processes (:mod:`.parallel_render`) when that is safe; the
        theme's navigation block is rendered once per key for pages outside the nav (:mod:`.nav_cache`)."""
        if self._nav is not None:
            env.globals["zi_site_nav"] = NavCache(self._nav, config)
        if self._command in (None, "build", "gh-deploy") and self._nav is not None and parallel_render.can_render_in_parallel(config.plugins, self):
            doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)  # what MkDocs' page pass gets
            pages = [f.page for f in doc_files if f.page is not None and f.src_uri in self._generated]
            self._renders = parallel_render.start(pages, (config, doc_files, self._nav, env), lambda: self._stats)
        return env

    def _parts(self, page) -> dict | None:
        """The spooled runs of a split page, read while rendering (the theme's two events read them in turn)."""
        return self._record(page, head=False)

    def _head(self, page) -> dict | None:
        """The spooled head of a split page (its number of runs and the worker's conversion), read while converting."""
        return self._record(page, head=True)

    def _record(self, page, head: bool) -> dict | None:
        if self.spool is None or page.file.src_uri in self._whole:
            return None
        key = (page.file.src_uri, head)
        if self._last[0] != key:  # the last one read is kept
            ref = self._generated.get(page.file.src_uri)
            self._last = (key, (self.spool.page_head if head else self.spool.page)(ref))
        return self._last[1]

    def on_pre_page(self, page, *, config, files):
        converted = (self._head(page) or {}).get("converted")
        if converted is not None:
            page.render = partial(self._render_converted, page, converted)  # this page only: MkDocs' own render otherwise
        return page

    def _render_converted(self, page: Page, converted: dict, config, files) -> None:
        """``Page.render`` for a stub a worker converted: its HTML, TOC and anchor ids. A stub another plugin changed
        on the way (``on_page_markdown``) is converted by MkDocs as usual."""
        del page.render  # MkDocs' method again; the page no longer holds the decoded record (30 MB per 1,000 units)
        if page.markdown != converted["markdown"]:
            Page.render(page, config, files)
            return
        page.content = converted["content"]
        page.toc = get_toc(converted["toc"])
        # MkDocs only asks `anchor in` them, for the few links with an anchor: a tuple (1 KB for an LKE page's 130 ids,
        # where a set takes 8 KB), each id one string on every page (the item ids), the same ids on many pages (each
        # unit's letters) one tuple. ~150 MB less at 10,000 units
        anchors = tuple(map(sys.intern, converted["anchors"]))
        page.present_anchor_ids = self._anchor_sets.setdefault(anchors, anchors)  # type: ignore[assignment]
        self._stats["dikonversi di proses pekerja"] += 1

    @property
    def _nonce(self) -> str:
        """The placeholder nonce of this build's spool (a page has parts to splice only when there is one)."""
        if self.spool is None or self.spool.nonce is None:
            raise RuntimeError("no spool in this build: no page has parts to splice")
        return self.spool.nonce

    @event_priority(100)  # first, on the converted stub
    def on_page_content(self, html: str, *, page, config, files) -> str:
        head = self._head(page)
        if head is not None and not intact(html, self._nonce, head["runs"]):
            parts = self._parts(page)
            assert parts is not None
            log.info(f"{page.file.src_uri}: dikonversi utuh (teks Markdown di halaman ini menelan penanda blok HTML)")
            self._whole.add(page.file.src_uri)
            self._stats["dikonversi utuh"] += 1
            page.markdown = restore(page.markdown, self._nonce, parts["html"])
            Page.render(page, config, files)
            return page.content
        return html

    @event_priority(50)  # before the search plugin indexes the page
    def _search_text(self, context, *, page, config, nav):
        # only for a search plugin that reads page.content (Material's); Pagefind reads the written pages
        if not _reads_content(config) or (page.meta.get("search") or {}).get("exclude"):
            return context
        parts = self._parts(page)
        if parts is not None:
            self._stubs[page.file.src_uri] = page.content
            page.content = splice(page.content, self._nonce, parts.get("search") or parts["html"])
        return context

    @event_priority(-50)  # after it: the theme renders the stub, on_post_page puts the HTML in
    def _stub_back(self, context, *, page, config, nav):
        stub = self._stubs.pop(page.file.src_uri, None)
        if stub is not None:
            page.content = stub
        return context

    on_page_context = CombinedEvent(_search_text, _stub_back)

    def on_post_page(self, output: str, *, page, config) -> str:
        if self._renders is not None and self._renders.taken(page):
            return output  # a worker wrote this page; MkDocs' own pass writes its placeholder to a scratch file
        parts = self._parts(page)
        if parts is None:
            return output
        try:
            output = splice(output, self._nonce, parts["html"])
            self._stats["disisipi HTML"] += 1
            return output
        except SpliceError as exc:
            raise PluginError(f"{page.file.src_uri}: isi halaman hilang ({exc}); tema (custom_dir) atau plugin lain harus tetap "
                              "menampilkan page.content") from exc

    def _drop_spool(self) -> None:
        """Remove this build's spool (a few pack files: :mod:`.spool`)."""
        if self.spool is None:
            return
        folder, self.spool = self.spool.directory.parent, None
        shutil.rmtree(folder, ignore_errors=True)

    def on_post_build(self, *, config) -> None:
        if self._renders is not None:
            renders, self._renders = self._renders, None
            try:
                if renders:
                    log.info(f"{len(renders)} halaman ditulis oleh {len(renders.workers)} proses pekerja")
                renders.finish(self._stats)
            except RuntimeError as exc:
                raise PluginError(f"halaman tidak selesai dibuat di proses pekerja: {exc}") from exc
        if self._stats:
            log.info("halaman yang dibuat: " + ", ".join(f"{n} {what}" for what, n in sorted(self._stats.items())))
        self._drop_spool()
        try:
            if self.config.search == "pagefind":
                started = time.perf_counter()
                build_search_index(Path(config.site_dir), config.use_directory_urls, self.config.search_units_per_index)
                log.info(f"indeks pencarian (Pagefind) dibuat dalam {time.perf_counter() - started:.1f} detik")
        except SearchIndexError as exc:
            raise PluginError(str(exc)) from exc

    def on_build_error(self, *, error) -> None:
        if self._renders is not None:
            self._renders.abandon()
            self._renders = None
        self._drop_spool()

    def on_shutdown(self) -> None:
        self._drop_spool()

    def on_serve(self, server, config, builder):
        root = self._root(config)
        for name in (UNITS, EVIDENCE, "rules"):
            if (root / name).is_dir():
                server.watch(str(root / name))
        return server
