"""Machine-readable files of the site: api/units.json, api/units/<id>.json, the JSON Schemas, and a page listing them."""

from __future__ import annotations

import json
from importlib import resources

from ..disclosure import disclosed
from ..ruleset.model import RuleSet
from .context import SiteContext, UnitView, unit_src
from .files import SiteFile, page
from .markup import esc, page_url, table, tag

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


def api_files(ctx: SiteContext) -> list[SiteFile]:
    """api/units.json (from every unit's summary) and the schemas; api/units/<id>.json come with each unit."""
    files = [SiteFile("api/units.json", _dump(units_document(ctx)))]
    files += [SiteFile(f"api/schemas/{name}", resources.files("zi_evidence.schemas").joinpath(name).read_text(encoding="utf-8"))
              for name in schema_names()]
    return files


def data_page(ctx: SiteContext, extra: list[tuple[str, str]] | None = None) -> SiteFile:
    """The page that lists the machine-readable files (``extra``: more (path, description) rows, e.g. PortalRB)."""
    rows = [
        [tag("a", "api/units.json", href=ctx.link(PAGE, "api/units.json")), "Ringkasan semua unit: tahap, predikat, nilai terakhir, kesiapan.",
         tag("a", "api-units", href=ctx.link(PAGE, "api/schemas/api-units.schema.json"))],
        ["<code>api/units/&lt;id&gt;.json</code>", "Satu unit: profil, tahapan, predikat, nilai per tahun dan penilai, daftar bukti dukung.",
         tag("a", "api-unit", href=ctx.link(PAGE, "api/schemas/api-unit.schema.json"))],
    ]
    rows += [[tag("a", esc(path), href=ctx.link(PAGE, path)), esc(text), ""] for path, text in extra or []]
    schemas = "".join(f"<li>{tag('a', esc(n), href=ctx.link(PAGE, f'api/schemas/{n}'))}</li>" for n in schema_names())
    parts = [
        "<p>Semua data di situs ini juga tersedia dalam format JSON, diperbarui setiap kali repositori berubah. "
        "Silakan dipakai ulang; sebutkan sumbernya.</p>",
        table(["Berkas", "Isi", "Skema"], rows),
        "## Skema JSON",
        "<p>Skema (JSON Schema 2020-12) untuk setiap jenis berkas data. Penyunting seperti VS Code memakainya untuk validasi dan "
        "pelengkapan otomatis lewat baris <code># yaml-language-server: $schema=…</code>.</p>",
        f"<ul>{schemas}</ul>",
    ]
    return page(PAGE, "Data terbuka", *parts)
