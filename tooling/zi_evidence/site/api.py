"""Machine-readable files of the site: api/units.json, api/units/<id>.json, the JSON Schemas, and a page listing them."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from importlib import resources

from ..disclosure import disclosed
from ..i18n import _
from ..ruleset.model import RuleSet
from ..scoring.engine import STATUS_MET, STATUS_NOT_MET, STATUS_UNASSESSABLE
from ..templating import fragment, render
from .context import SiteContext, UnitView, unit_src
from .files import SiteFile, page
from .markup import esc, page_url, tag

STAGE_KEYS = ("stage", "date", "decree")
PREDICATE_KEYS = ("predicate", "granted", "decree", "revoked", "revocation_decree", "reason")
PAGE = "data-terbuka.md"


def _dump(data: object) -> str:
    # one line: json's C encoder only runs without indent (~10× faster); browsers and jq pretty-print it
    return json.dumps(data, ensure_ascii=False) + "\n"


def score_summary(result: dict, rules: RuleSet) -> dict:
    """A score for the open-data API: the total, the rule set's shown summary quantities and completeness."""
    out = {"year": result["year"], "assessor": result["assessor"], "rules": result["rules"], "total": result["total"]}
    out.update({q.key: result[q.key] for q in rules.summary if q.show})
    out["completeness"] = result["completeness"]
    out["areas"] = {k: {"name": a["name"], "value": a["value"], "weight": a["weight"], "percent": a["percent"]} for k, a in result["areas"].items()}
    out["eligibility"] = {p: {"eligible": v["eligible"], "failed": v["failed"], "unassessable": v.get("unassessable", [])}
                          for p, v in result["eligibility"].items()}
    return out


def unit_document(ctx: SiteContext, view: UnitView) -> dict:
    p = view.record.profile
    evidence = []
    for e in view.record.manifest.get("items") or []:
        if not isinstance(e, dict):
            continue
        shown = disclosed(e)
        entry = {"id": str(shown.get("id")), "visibility": shown.get("visibility"), "sha256": str(shown.get("sha256")),
                 "supports": [str(s) for s in shown.get("supports") or []]}
        entry.update({k: str(shown[k]) for k in ("title", "kind", "date", "url") if k in shown})
        if str(e.get("id")) in view.published:
            entry["file"] = view.published[str(e.get("id"))]
        evidence.append(entry)
    return {
        "id": view.id,
        "name": view.name,
        "instansi": str(p.get("instansi") or ctx.instansi_name),
        "service_kind": p.get("service_kind"),
        "target": p.get("target"),
        "page": page_url(unit_src(view.id), True),
        "stages": [{k: s[k] for k in STAGE_KEYS if k in s} for s in p.get("stages") or [] if isinstance(s, dict)],
        "predicates": [{k: x[k] for k in PREDICATE_KEYS if k in x} for x in p.get("predicates") or [] if isinstance(x, dict)],
        "scores": [score_summary(e.result, ctx.repo.rules(e.result["rules"])) for e in view.record.lke if e.result],
        "evidence": evidence,
    }


def units_document(ctx: SiteContext) -> dict:
    units = []
    for view in ctx.units:
        year = view.latest_year
        latest = {}
        for assessor in ("self", "tpi", "tpn"):
            result = view.result(year, assessor)
            if result:
                latest[assessor] = {"total": result["total"], "completeness": result["completeness"],
                                    "eligible": {p: v["eligible"] for p, v in result["eligibility"].items()}}
        units.append({
            "id": view.id, "name": view.name, "detail": f"units/{view.id}.json", "page": page_url(unit_src(view.id), True),
            "stage": {"stage": view.stage[0], "date": view.stage[1]} if view.stage else None,
            "target": view.record.profile.get("target"),
            "holds": list(view.held),
            "revoked": [{"predicate": r.get("predicate"), "revoked": r.get("revoked")} for r in view.revoked],
            "latest_year": year, "latest": latest,
        })
    return {"instansi": ctx.instansi_name, "generated": ctx.today.isoformat(), "deadline": ctx.deadline.isoformat(), "units": units}


def schema_names() -> list[str]:
    return sorted(p.name for p in resources.files("zi_evidence.schemas").iterdir() if p.name.endswith(".schema.json"))


def unit_api_file(ctx: SiteContext, view: UnitView) -> SiteFile:
    return SiteFile(f"api/units/{view.id}.json", _dump(unit_document(ctx, view)))


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object, decimal: str = ".") -> str:
    """One CSV cell; text a spreadsheet would run as a formula (``=HYPERLINK(…)``) is prefixed with ``'`` (OWASP CSV injection).
    ``decimal``: "," for the spreadsheet form (Indonesian locale: 0,75 is a number there, 0.75 is text)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, float):
        return f"{value:.6f}".rstrip("0").rstrip(".").replace(".", decimal)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_text(header: list[str], rows: list[list[object]], *, spreadsheet: bool = False) -> str:
    """UTF-8 CSV with a header row, every cell through :func:`_cell`. ``spreadsheet``: the form Excel and LibreOffice
    open directly under an Indonesian locale — a byte-order mark, ``;`` between cells, decimal commas, CRLF lines."""
    return _csv(header, [[_cell(v, "," if spreadsheet else ".") for v in row] for row in rows], spreadsheet)


def _csv(header: list[str], cells: list[list[str]], spreadsheet: bool) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if spreadsheet else ",", lineterminator="\r\n" if spreadsheet else "\n")
    writer.writerow(header)
    writer.writerows(cells)
    return ("\ufeff" if spreadsheet else "") + buffer.getvalue()


def _both_forms(header: list[str], rows: list[list[object]]) -> tuple[str, str]:
    """:func:`csv_text` of both forms, each cell made once: only a number's decimal point differs between them
    (evidence.csv at 10,000 units: ~800,000 cells, after the units, while a core idles)."""
    plain = [[_cell(v) for v in row] for row in rows]
    sheet = [[c.replace(".", ",") if type(v) is float else c for c, v in zip(cells, row, strict=True)] for cells, row in zip(plain, rows, strict=True)]
    return _csv(header, plain, False), _csv(header, sheet, True)


SPREADSHEET_SUFFIX = "-excel.csv"  # api/units.csv → api/units-excel.csv


def evidence_index(view: UnitView) -> list[list]:
    """The unit's rows of evidence.csv (disclosed fields only); taken while the manifest is loaded, kept on the slim view."""
    rows = []
    for item in view.record.manifest.get("items") or []:
        if isinstance(item, dict):
            shown = disclosed(item)
            rows.append([view.id, shown.get("id"), shown.get("title"), shown.get("kind"), shown.get("date"), shown.get("visibility"),
                         " ".join(str(s) for s in shown.get("supports") or []), shown.get("sha256")])
    return rows


@dataclass(frozen=True)
class Column:
    """One CSV column, described once for the CSV header and for its Table Schema in ``api/datapackage.json``."""

    name: str
    type: str  # Frictionless Table Schema type: string, integer, number, date, boolean
    title: str
    values: tuple[str, ...] = ()  # the only values it may hold (an enum constraint), when there is such a list


@dataclass(frozen=True)
class Table:
    path: str  # api/units.csv; its spreadsheet form is path without .csv + SPREADSHEET_SUFFIX
    title: str
    columns: list[Column]
    rows: list[list[object]]
    primary_key: tuple[str, ...]

    @property
    def spreadsheet_path(self) -> str:
        return self.path.removesuffix(".csv") + SPREADSHEET_SUFFIX


def open_tables(ctx: SiteContext) -> list[Table]:
    """The units, every score (year × assessor) and the evidence index, as typed tables for the CSVs and the data package."""
    units, scores, evidence = [], [], []
    predicates = list(ctx.default_rules.predicates)
    for view in ctx.units:
        latest = {a: view.result(view.latest_year, a) for a in ("self", "tpi", "tpn")}
        units.append([view.id, view.name, view.stage[0] if view.stage else None, view.stage[1] if view.stage else None,
                      view.record.profile.get("target"), " ".join(view.held), view.latest_year,
                      *[(latest[a] or {}).get("total") for a in ("self", "tpi", "tpn")]])
        for entry in view.record.lke:
            if entry.result:
                r = entry.result
                scores.append([view.id, entry.year, entry.assessor, r["rules"], r["total"], r["completeness"],
                               *[(r["eligibility"].get(p) or {}).get("status") for p in predicates]])
        evidence.extend(view.evidence_index)
    unit = Column("unit", "string", "Kode unit")
    statuses = (STATUS_MET, STATUS_NOT_MET, STATUS_UNASSESSABLE)
    return [
        Table("api/units.csv", "Semua unit", [
            unit, Column("nama", "string", "Nama unit"), Column("tahap", "string", "Tahap terakhir"),
            Column("tanggal_tahap", "date", "Tanggal tahap terakhir"), Column("target", "string", "Predikat yang dituju"),
            Column("predikat", "string", "Predikat yang dipegang (dipisah spasi)"), Column("tahun_terakhir", "integer", "Tahun LKE terakhir"),
            Column("nilai_mandiri", "number", "Nilai total penilaian mandiri tahun terakhir"),
            Column("nilai_tpi", "number", "Nilai total penilaian TPI tahun terakhir"),
            Column("nilai_tpn", "number", "Nilai total penilaian TPN tahun terakhir")], units, ("unit",)),
        Table("api/scores.csv", "Nilai LKE per unit, tahun dan penilai", [
            unit, Column("tahun", "integer", "Tahun penilaian"), Column("penilai", "string", "Penilai", ("self", "tpi", "tpn")),
            Column("aturan", "string", "Rule set yang dipakai"), Column("total", "number", "Nilai total"),
            Column("kelengkapan", "number", "Bagian butir LKE yang terjawab (0–1)"),
            *[Column(f"status_{p.lower()}", "string", f"Status kelayakan {p}", statuses) for p in predicates]],
            scores, ("unit", "tahun", "penilai")),
        Table("api/evidence.csv", "Indeks bukti dukung", [
            unit, Column("id", "string", "Id bukti"), Column("judul", "string", "Judul yang boleh terbit"), Column("jenis", "string", "Jenis"),
            Column("tanggal", "date", "Tanggal dokumen"), Column("visibilitas", "string", "Visibilitas", ("public", "internal")),
            Column("butir", "string", "Butir LKE yang didukung (dipisah spasi)"), Column("sha256", "string", "Sidik jari sha256 berkas")],
            evidence, ("unit", "id")),
    ]


def csv_files(tables: list[Table]) -> list[SiteFile]:
    """Each table twice: for programs (RFC 4180, decimal points) and for spreadsheets under an Indonesian locale."""
    files = []
    for t in tables:
        plain, sheet = _both_forms([c.name for c in t.columns], t.rows)
        files += [SiteFile(t.path, plain), SiteFile(t.spreadsheet_path, sheet)]
    return files


def api_files(ctx: SiteContext, tables: list[Table]) -> list[SiteFile]:
    """api/units.json (from every unit's summary), its CSV companions and the schemas; api/units/<id>.json come with each unit."""
    files = [SiteFile("api/units.json", _dump(units_document(ctx))), *csv_files(tables)]
    files += [SiteFile(f"api/schemas/{name}", resources.files("zi_evidence.schemas").joinpath(name).read_text(encoding="utf-8"))
              for name in schema_names()]
    return files


def data_page(ctx: SiteContext, extra: list[tuple[str, str, str | None]] | None = None) -> SiteFile:
    """The page that lists the machine-readable files (``extra``: more (path, description, schema) rows: the registered
    site files of ``pages.SITE_FILES``, PortalRB)."""
    rows = [
        [tag("a", "api/units.json", href=ctx.link(PAGE, "api/units.json")), "Ringkasan semua unit: tahap, predikat, nilai terakhir, kesiapan.",
         tag("a", "api-units", href=ctx.link(PAGE, "api/schemas/api-units.schema.json"))],
        ["<code>api/units/&lt;id&gt;.json</code>", "Satu unit: profil, tahapan, predikat, nilai per tahun dan penilai, daftar bukti dukung.",
         tag("a", "api-unit", href=ctx.link(PAGE, "api/schemas/api-unit.schema.json"))],
    ]
    rows += [[tag("a", name, href=ctx.link(PAGE, f"api/{name}")) + " · " + tag(
                  "a", _("untuk Excel"), href=ctx.link(PAGE, f"api/{name.removesuffix('.csv')}{SPREADSHEET_SUFFIX}")), text, ""] for name, text in (
        ("units.csv", "Semua unit dalam CSV (untuk lembar sebar): tahap, target, predikat, nilai terakhir per penilai."),
        ("scores.csv", "Setiap nilai LKE (unit × tahun × penilai) dengan aturannya dan status kelayakan per predikat."),
        ("evidence.csv", "Indeks bukti dukung: id, judul yang boleh terbit, jenis, tanggal, butir yang didukung, sha256."))]
    rows += [[tag("a", esc(path), href=ctx.link(PAGE, path)), esc(text), tag("a", esc(schema), href=ctx.link(PAGE, f"api/schemas/{schema}.schema.json"))
              if schema else ""] for path, text, schema in extra or []]
    body = render("html", "site/data.md", rows=[[fragment(c) for c in row] for row in rows],
                  schemas=[{"name": n, "href": ctx.link(PAGE, f"api/schemas/{n}")} for n in schema_names()])
    return page(PAGE, _("Data terbuka"), body.rstrip("\n"))
