"""What every page generator needs: the repository read once, per-unit summaries, links, dates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from ..i18n import N_, Translated
from ..numfmt import parse_date
from ..repository import Repository, ScoredFile, UnitRecord
from ..scoring.policy import revocation_ban
from .markup import Links

STAGE_LABELS = Translated({
    "pencanangan": N_("Pencanangan"),
    "penetapan": N_("Penetapan unit"),
    "pembangunan": N_("Pembangunan"),
    "pemantauan": N_("Pemantauan TPI"),
    "evaluasi_tpi": N_("Evaluasi TPI"),
    "pengajuan_tpn": N_("Pengajuan ke TPN"),
    "evaluasi_tpn": N_("Evaluasi TPN"),
    "predikat": N_("Predikat ditetapkan"),
    "pemantauan_berkala": N_("Pemantauan berkala"),
    "pencabutan": N_("Predikat dicabut"),
})
ASSESSOR_SHORT = Translated({"self": N_("Mandiri"), "tpi": "TPI", "tpn": "TPN"})


@dataclass(frozen=True)
class SiteOptions:
    directory_urls: bool = True
    portalrb: bool = False  # publish the PortalRB endpoints (DESIGN §9) as static files
    today: date | None = None  # fixed in tests; the build date otherwise
    history: bool = True  # progress charts and evidence provenance from Git, when the build runs in a checkout
    language: str = "id"  # of the site chrome (i18n.py); rule texts stay Indonesian, marked lang="id"
    site_url: str = ""  # absolute links in the feed and the catalogue (mkdocs.yml's site_url; required by the plugin)
    builder: str = "mkdocs"  # who builds the pages: mkdocs and properdocs keep raw-HTML links, zensical rewrites them (markup.Links)


def unit_src(unit_id: str, page: str = "index") -> str:
    return f"unit/{unit_id}/{page}.md"


@dataclass
class UnitView:
    """A unit with the summaries the index tables and the unit page share."""

    record: UnitRecord
    stage: tuple[str, str] | None  # (stage, date) of the latest stage
    held: list[str] = field(default_factory=list)
    revoked: list[dict] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def name(self) -> str:
        return self.record.name

    @property
    def latest_year(self) -> int | None:
        years = self.record.years
        return years[0] if years else None

    def result(self, year: int | None, assessor: str) -> dict | None:
        entry: ScoredFile | None = self.record.scored(year, assessor) if year else None
        return entry.result if entry else None

    def verdict_source(self, year: int | None) -> tuple[str, dict] | None:
        """The assessment that counts for readiness: TPN, else TPI, else the unit's own."""
        for assessor in ("tpn", "tpi", "self"):
            result = self.result(year, assessor)
            if result:
                return assessor, result
        return None

    last_update: str | None = None
    # evidence id → site path of the public files that passed `zi check`'s inspection and are copied to the site
    published: dict[str, str] = field(default_factory=dict)
    events: list = field(default_factory=list)  # feeds.Event: what changed and when (kept for the feed after slim())
    evidence_index: list = field(default_factory=list)  # rows of api/evidence.csv (kept after slim())

    def slim(self) -> None:
        """Keep only what Beranda and api/units.json need once the unit's own pages are written:
        holding every unit's parsed files at once cost ~0.5 GB for 1,000 units."""
        r = self.record
        r.declarations, r.standards, r.surveys, r.plans, r.manifest = {}, {}, {}, {}, {}
        for entry in r.lke:
            entry.lke = None
            if entry.result:
                entry.result = {k: entry.result[k] for k in SUMMARY_KEYS if k in entry.result}


SUMMARY_KEYS = ("unit", "year", "assessor", "rules", "total", "completeness", "answered", "item_count", "eligibility")


def _last_update(record: UnitRecord) -> str | None:
    dates = [s.get("date") for s in record.profile.get("stages") or [] if isinstance(s, dict)]
    dates += [e.lke.data.get("assessed_on") for e in record.lke if e.lke is not None]
    parsed = [d for d in (parse_date(x) for x in dates) if d]
    return max(parsed).isoformat() if parsed else None


def make_unit_view(record: UnitRecord) -> UnitView:
    stages = [s for s in record.profile.get("stages") or [] if isinstance(s, dict) and parse_date(s.get("date"))]
    stages.sort(key=lambda s: s["date"])
    latest = (stages[-1]["stage"], stages[-1]["date"]) if stages else None
    held: list[Any] = []
    revoked: list[dict[str, Any]] = []
    for entry in record.profile.get("predicates") or []:
        if isinstance(entry, dict):
            if entry.get("revoked"):
                revoked.append(entry)
            else:
                held.append(entry.get("predicate"))
    return UnitView(record, latest, held, revoked, _last_update(record))


class SiteContext:
    """The repository, options and helpers shared by all page generators of one build."""

    def __init__(self, repo: Repository, options: SiteOptions) -> None:
        self.repo = repo
        self.options = options
        self.link = Links(options.directory_urls, source_relative=options.builder == "zensical")
        self.today = options.today or date.today()
        self.units: list[UnitView] = []  # filled unit by unit by the generator (slimmed after their pages are written)
        # (rule set, item) → an LKE row's cells that come from the rules alone: the same on every unit's page of this
        # build (a rule set id names one content within a build, not across repositories or builds)
        self.item_cells: dict[tuple[str, str], tuple[str, str, str]] = {}

    @property
    def instansi_name(self) -> str:
        return str(self.repo.instansi.get("name") or "Instansi")

    @cached_property
    def default_rules(self):
        return self.repo.rules(self.repo.default_rules(None))

    @property
    def deadline(self) -> date:
        """The next submission deadline (31 May by the rules' policy) on or after today."""
        policy = self.default_rules.policy.get("submission_deadline") or {}
        month, day = int(policy.get("month", 5)), int(policy.get("day", 31))
        this_year = date(self.today.year, month, day)
        return this_year if this_year >= self.today else date(self.today.year + 1, month, day)

    def under_ban(self, view: UnitView) -> bool:
        """A revoked predicate bars a new proposal for the rules' ban period (Lampiran II Bab IV huruf C), counted to
        the coming submission deadline (the same rule `zi score` applies through the submission criteria)."""
        return revocation_ban(view.revoked, self.deadline, self.default_rules.policy) is not None

    def rule_sets(self) -> list[str]:
        return self.repo.loader.available()
