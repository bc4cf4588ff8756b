"""The site generator: repository in, a tree of Markdown pages, JSON and public files out.

Independent of MkDocs on purpose — the MkDocs plugin is a thin adapter, and ``zi site export``
writes the same tree to disk for any Material-compatible builder (e.g. Zensical, which reads
``mkdocs.yml`` but not MkDocs plugins).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from ..gitdata import GitHistory
from ..history import evidence_provenance
from ..portalrb import jawaban_unit, pengusulan, portal_id
from ..problems import DataError
from ..repository import Repository
from .api import api_files, data_page, unit_api_file
from .context import SiteContext, SiteOptions, make_unit_view
from .evidence_page import evidence_page, public_evidence_files
from .files import SiteFile
from .home_page import home_page
from .letters_page import letter_years, letters_files, pengajuan_files, submission_years
from .lke_page import lke_page
from .methodology_pages import methodology_index, ruleset_page
from .privacy import personal_data_problems
from .progress import progress_section
from .unit_page import unit_page

ASSETS = ("assets/zi.css", "assets/zi.js")
EXTRA_CSS = ["assets/zi.css"]
EXTRA_JS = ["assets/zi.js"]


@dataclass
class SiteBuild:
    files: list[SiteFile]
    warnings: list[str] = field(default_factory=list)  # shown by the builder; fail `mkdocs build --strict`
    errors: list[str] = field(default_factory=list)  # the site must not be published (personal data)


def generate_site(root: Path, options: SiteOptions | None = None, intro: str = "") -> SiteBuild:
    """Every generated file of the public site. ``intro`` is the hand-written Beranda text, placed above the generated part."""
    options = options or SiteOptions()
    ctx = SiteContext(Repository(root), options)
    git_history = GitHistory.open(root) if options.history else None
    files: list[SiteFile] = [methodology_index(ctx)]
    warnings: list[str] = []
    portal: dict[str, dict] = {}
    for rid in ctx.rule_sets():
        try:
            files.append(ruleset_page(ctx, ctx.repo.rules(rid)))
        except DataError as exc:
            warnings.append(f"rules/{rid}: rule set tidak dapat dimuat ({exc.problems[0].message}); halamannya dilewati")
    for unit_id in ctx.repo.unit_ids():  # one unit at a time: its parsed files are released after its pages
        view = make_unit_view(ctx.repo.unit(unit_id))
        for problem in view.record.problems:
            warnings.append(f"{problem.file}:{problem.line or 1}: {problem.message}")
        for entry in view.record.lke:
            if entry.result is None:
                first = entry.problems[0] if entry.problems else None
                warnings.append(f"{entry.display}: tidak dapat dinilai" + (f" ({first.file}:{first.line}: {first.message})" if first else ""))
        files.append(unit_page(ctx, view, progress_section(ctx.repo, git_history, view)))
        files.append(evidence_page(ctx, view, evidence_provenance(git_history, view.id) if git_history else None))
        for year in view.record.years:
            page = lke_page(ctx, view, year)
            if page:
                files.append(page)
        copied, copy_warnings = public_evidence_files(ctx.repo.root, view)
        files.extend(copied)
        warnings.extend(copy_warnings)
        files.append(unit_api_file(ctx, view))
        for year in letter_years(view.record):
            files.extend(letters_files(ctx, view, year))
        if options.portalrb:
            for year in view.record.years:
                portal[f"{year}/lke/jawaban-unit/{portal_id(view.record.profile, view.id)}"] = jawaban_unit(ctx.repo, view.record, year)
        view.slim()
        ctx.units.append(view)
    submissions = sorted({y for v in ctx.units for y in submission_years(v.record)})
    for year in submissions:
        files.extend(pengajuan_files(ctx, [v.record for v in ctx.units], year))
    files.insert(0, home_page(ctx, intro, submissions))
    extra = []
    if options.portalrb:
        years = sorted({y for v in ctx.units for y in v.record.years})
        for year in years:
            for predicate in ("WBK", "WBBM"):
                portal[f"{year}/pengusulan/unit-{predicate.lower()}"] = pengusulan([v.record for v in ctx.units], year, predicate)
        for path, doc in sorted(portal.items()):
            text = json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
            files.append(SiteFile(f"portalrb/{path}", text))  # the exact endpoint path PortalRB requests
            files.append(SiteFile(f"portalrb/{path}.json", text))
        extra = [(f"portalrb/{y}/pengusulan/unit-wbk.json", f"PortalRB {y}: unit diusulkan menuju WBK (base URL: portalrb/{y}/)") for y in years]
    files.insert(1, data_page(ctx, extra))
    files.extend(api_files(ctx))
    files.extend(SiteFile(path, resources.files("zi_evidence.site").joinpath(path).read_text(encoding="utf-8")) for path in ASSETS)
    return SiteBuild(files, warnings, personal_data_problems(files))
