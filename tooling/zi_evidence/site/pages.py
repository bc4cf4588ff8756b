"""The pages and files of the site, as registries the generator walks in order.

A new per-unit page is one module with a builder ``(ctx, view, inputs) -> list[SiteFile]`` (and its template) plus
one entry in ``UNIT_PAGES``; builders depend on nothing but their unit, so units can be built in any process. A file
about all units is a builder ``(ctx) -> list[SiteFile]`` in ``SITE_FILES`` (run once every unit is built), listed on
Data terbuka by its row in ``OPEN_DATA``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..check import CheckReport
from ..gitdata import GitHistory
from ..history import evidence_provenance
from .api import api_files, open_tables, unit_api_file
from .badges import DATA_ROW as BADGE_ROW
from .badges import instansi_badge_file, unit_badge_file
from .context import SiteContext, UnitView
from .datapackage import DATA_ROW as DATAPACKAGE_ROW
from .datapackage import datapackage_file
from .evidence_page import evidence_page
from .feeds import DCAT_ROW, FEED_ROW, OPEN_DATA_TABLES, atom_feed, dcat_catalog
from .files import SiteFile
from .letters_page import letter_years, letters_files
from .lke_page import lke_page
from .progress import progress_section
from .share_card import home_card, unit_card
from .unit_page import unit_page


@dataclass(frozen=True)
class UnitInputs:
    """What a unit's builders may use besides the repository: its Git history and its `zi check` gate."""

    git_history: GitHistory | None
    gate: CheckReport


UnitBuilder = Callable[[SiteContext, UnitView, UnitInputs], list[SiteFile]]


def _unit(ctx: SiteContext, view: UnitView, inputs: UnitInputs) -> list[SiteFile]:
    return [unit_page(ctx, view, progress_section(ctx.repo, inputs.git_history, view))]


def _evidence(ctx: SiteContext, view: UnitView, inputs: UnitInputs) -> list[SiteFile]:
    return [evidence_page(ctx, view, evidence_provenance(inputs.git_history, view.id) if inputs.git_history else None)]


def _lke(ctx: SiteContext, view: UnitView, inputs: UnitInputs) -> list[SiteFile]:
    return [page for page in (lke_page(ctx, view, year) for year in view.record.years) if page]


def _api(ctx: SiteContext, view: UnitView, inputs: UnitInputs) -> list[SiteFile]:
    return [unit_api_file(ctx, view)]


def _badge(ctx: SiteContext, view: UnitView, inputs: UnitInputs) -> list[SiteFile]:
    return [unit_badge_file(ctx, view)]


def _card(ctx: SiteContext, view: UnitView, inputs: UnitInputs) -> list[SiteFile]:
    return [unit_card(ctx, view)]


def _letters(ctx: SiteContext, view: UnitView, inputs: UnitInputs) -> list[SiteFile]:
    return [f for year in letter_years(view.record) for f in letters_files(ctx, view, year)]


# name → builder, in the order their files are listed (the generator adds the unit's public evidence files after them)
UNIT_PAGES: dict[str, UnitBuilder] = {"unit": _unit, "bukti": _evidence, "lke": _lke, "api": _api, "lencana": _badge, "kartu": _card,
                                   "surat": _letters}


def _open_data(ctx: SiteContext) -> list[SiteFile]:
    tables = open_tables(ctx)  # the CSVs and the data package describing them, from one set of column definitions
    return [*api_files(ctx, tables), datapackage_file(ctx, tables)]


def _instansi_badge(ctx: SiteContext) -> list[SiteFile]:
    return [instansi_badge_file(ctx)]


def _home_card(ctx: SiteContext) -> list[SiteFile]:
    return [home_card(ctx)]


def _feed(ctx: SiteContext) -> list[SiteFile]:
    return [atom_feed(ctx)]


def _catalog(ctx: SiteContext) -> list[SiteFile]:
    return [dcat_catalog(ctx, OPEN_DATA_TABLES + OPEN_DATA)]


SITE_FILES: dict[str, Callable[[SiteContext], list[SiteFile]]] = {"api": _open_data, "lencana": _instansi_badge, "kartu": _home_card,
                                                                  "umpan": _feed, "katalog": _catalog}
OPEN_DATA: list[tuple[str, str, str | None]] = [BADGE_ROW, FEED_ROW, DCAT_ROW, DATAPACKAGE_ROW]  # (path, description, schema) rows on Data terbuka
