"""``zi site export DIR``: the generated tree plus the hand-written docs and a plugin-free ``mkdocs.yml``.

Any Material-compatible builder can build DIR (``mkdocs build -f DIR/mkdocs.yml``, or Zensical).
Written to a temporary folder first and renamed into place, so DIR is never half-written.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from ..yamlio import replaced_dir
from .context import SiteOptions
from .generate import EXTRA_CSS, EXTRA_JS, THEME_DIR, SiteBuild, generate_site
from .mkdocs_plugin import build_date, split_intro
from .spool import Spool


def exported_config(config: dict) -> dict:
    """The site's mkdocs.yml without the ``zi`` plugin, pointing at the exported docs."""
    out = dict(config)
    plugins = []
    for entry in out.get("plugins") or []:
        name = entry if isinstance(entry, str) else next(iter(entry))
        if name != "zi":
            plugins.append(entry)
    out["plugins"] = plugins
    out["docs_dir"] = "docs"
    out["extra_css"] = list(out.get("extra_css") or []) + [c for c in EXTRA_CSS if c not in (out.get("extra_css") or [])]
    out["extra_javascript"] = list(out.get("extra_javascript") or []) + [j for j in EXTRA_JS if j not in (out.get("extra_javascript") or [])]
    theme = dict(out.get("theme") or {})
    theme.setdefault("custom_dir", "overrides")  # the zi theme layer, copied next to docs/ (a site's own custom_dir keeps its own)
    out["theme"] = theme
    return out


def _copy_if_absent(src: str, dst: str) -> None:
    if not Path(dst).exists():
        shutil.copy2(src, dst)


BUILDERS = ("mkdocs", "properdocs", "zensical")


def export_site(root: Path, out_dir: Path, config_file: Path | None = None, replace: bool = False, builder: str = "mkdocs") -> SiteBuild:
    """Write the site source tree to ``out_dir``; raises ValueError when it would overwrite without ``replace``
    or when the site carries personal data."""
    config_file = config_file or root / "mkdocs.yml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
    docs_dir = (config_file.parent / config.get("docs_dir", "docs")).resolve()
    if out_dir.exists() and any(out_dir.iterdir()) and not replace:
        raise ValueError(f"{out_dir}: folder sudah berisi berkas; pakai --replace untuk menggantinya")
    intro_file = docs_dir / "index.md"
    intro = split_intro(intro_file.read_text(encoding="utf-8")) if intro_file.is_file() else ""
    portalrb = any(isinstance(p, dict) and "zi" in p and (p["zi"] or {}).get("portalrb") for p in config.get("plugins") or [])
    options = SiteOptions(directory_urls=config.get("use_directory_urls", True), today=build_date(), portalrb=bool(portalrb),
                          site_url=str(config.get("site_url") or ""), builder=builder)
    with replaced_dir(out_dir) as tmp:  # on any error, nothing of it stays
        docs = tmp / "docs"
        if docs_dir.is_dir():
            shutil.copytree(docs_dir, docs, symlinks=False, ignore=shutil.ignore_patterns("index.md"))
        build = generate_site(root, options, intro, spool=Spool(docs))  # written out as they are made
        if build.errors:
            raise ValueError("situs tidak diekspor:\n" + "\n".join(build.errors))
        for f in build.files:  # what is left: the public evidence files, copied from the repository
            target = docs / f.path
            if f.source is not None and f.source != target:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(f.source, target)
        overrides = exported_config(config)["theme"]["custom_dir"]
        own = config_file.parent / overrides
        if own.is_dir():  # the site's own overrides first, the zi layer's files where it has none
            shutil.copytree(own, tmp / overrides, symlinks=False)
        shutil.copytree(THEME_DIR, tmp / overrides, dirs_exist_ok=True, copy_function=_copy_if_absent)
        (tmp / "mkdocs.yml").write_text(yaml.safe_dump(exported_config(config), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return build
