"""The site's change feed and catalogue metadata: ``feed.xml`` (Atom: scores, stages, predicates, declarations) and
``api/dcat.json`` (DCAT / Satu Data Indonesia: publisher, licence, region code, update dates, every distribution).

A unit's events are taken while its files are at hand (``unit_events``, in the unit's worker) and kept on its slim view;
the feed is written once all units are built. Score events are dated by the last Git commit that changed the answers
file (its assessment date when the build has no history). No author name is read: commits are dates and ids only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..gitdata import GitHistory
from ..i18n import _
from ..lkefile import ASSESSOR_LABELS
from ..numfmt import angka, parse_date, persen, tanggal
from ..templating import render
from .context import STAGE_LABELS, SiteContext, UnitView, unit_src
from .files import SiteFile
from .markup import page_url

FEED = "feed.xml"
DCAT = "api/dcat.json"
MEDIA_TYPES = {"csv": "text/csv", "xml": "application/atom+xml", "json": "application/json"}
IANA = "https://www.iana.org/assignments/media-types/"
EU = "http://publications.europa.eu/resource/authority/"  # the EU vocabularies DCAT-AP names for formats, languages, themes
FILE_TYPES = {"csv": "CSV", "xml": "ATOM", "json": "JSON"}
# JSON-LD: the values stay plain strings for JSON readers, and RDF readers get IRIs and typed dates (DCAT-AP 3.0 ranges)
DCAT_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/", "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#", "xsd": "http://www.w3.org/2001/XMLSchema#", "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcatap": "http://data.europa.eu/r5r/", "sdi": "https://data.go.id/ns/satu-data#",
    **{key: {"@type": "@id"} for key in ("dct:license", "dcat:downloadURL", "dcat:accessURL", "dct:conformsTo", "dcat:mediaType", "dct:format",
                                         "dct:language", "dcat:theme", "dcat:themeTaxonomy", "foaf:homepage", "vcard:hasEmail",
                                         "dcatap:availability")},
    **{key: {"@type": "xsd:date"} for key in ("dct:modified", "dct:issued", "dcat:startDate", "dcat:endDate", "sdi:tanggalPemutakhiran",
                                              "sdi:tanggalDibangun")},
    # Satu Data Indonesia (Perpres 39/2019): terms for the block JSON readers know as "satu_data"
    "satu_data": "sdi:satuData", "produsen_data": "sdi:produsenData", "kode_wilayah": "sdi:kodeWilayah", "nama_wilayah": "sdi:namaWilayah",
    "lisensi": "sdi:lisensi", "frekuensi_pemutakhiran": "sdi:frekuensiPemutakhiran",
    "tanggal_pemutakhiran": {"@id": "sdi:tanggalPemutakhiran", "@type": "xsd:date"},
    "tanggal_dibangun": {"@id": "sdi:tanggalDibangun", "@type": "xsd:date"},
}
FEED_ENTRIES = 300  # the newest ones; older changes stay in Git and on the unit pages
LICENSES = {"CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/", "CC-BY-SA-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
            "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/", "ODbL-1.0": "https://opendatacommons.org/licenses/odbl/1-0/",
            "OGL-ID": "https://data.go.id/lisensi"}


@dataclass(frozen=True)
class Event:
    day: str  # ISO date
    kind: str  # skor | tahap | predikat | deklarasi
    key: str  # unique within the unit and kind
    title: str
    summary: str = ""  # one sentence of what happened (the decree, the score and its parts), shown by feed readers


def _day(value: object) -> str | None:
    parsed = parse_date(str(value)[:10]) if value else None
    return parsed.isoformat() if parsed else None


def unit_events(view: UnitView, git_history: GitHistory | None) -> list[Event]:
    """What changed in one unit, each with its date: the stages, predicates granted or revoked, the declarations, and
    the latest score of every LKE file."""
    out: list[Event] = []
    p = view.record.profile
    for s in p.get("stages") or []:
        if isinstance(s, dict) and (day := _day(s.get("date"))):
            out.append(Event(day, "tahap", f"{s.get('stage')}-{day}",
                             _("{unit}: tahap {tahap}").format(unit=view.name, tahap=STAGE_LABELS.get(s.get("stage"), s.get("stage"))),
                             _decree(s.get("decree"), day)))
    for pr in p.get("predicates") or []:
        if not isinstance(pr, dict):
            continue
        if day := _day(pr.get("granted")):
            out.append(Event(day, "predikat", f"{pr.get('predicate')}-{day}",
                             _("{unit} meraih predikat {predikat}").format(unit=view.name, predikat=pr.get("predicate")),
                             _decree(pr.get("decree"), day)))
        if day := _day(pr.get("revoked")):
            out.append(Event(day, "predikat", f"{pr.get('predicate')}-dicabut-{day}",
                             _("Predikat {predikat} {unit} dicabut").format(unit=view.name, predikat=pr.get("predicate")),
                             _decree(pr.get("revocation_decree"), day)))
    for key, label in (("deklarasi", _("Deklarasi")), ("piagam", _("Piagam Pencanangan"))):
        doc = view.record.declarations.get(key)
        if isinstance(doc, dict) and (day := _day(doc.get("date"))):
            out.append(Event(day, "deklarasi", f"{key}-{day}", _("{unit}: {dokumen} ditandatangani").format(unit=view.name, dokumen=label),
                             _decree(None, day)))
    for entry in view.record.lke:
        if not entry.result or not entry.year:
            continue
        versions = git_history.history(entry.display) if git_history else []
        day = _day(versions[-1].date) if versions else _day(entry.lke.data.get("assessed_on") if entry.lke else None)
        if day:
            eligible = [pid for pid, v in entry.result["eligibility"].items() if v.get("eligible")]
            verdict = _("memenuhi syarat {predikat}").format(predikat=eligible[-1]) if eligible else _("belum memenuhi syarat predikat")
            out.append(Event(day, "skor", f"{entry.year}-{entry.assessor}-{day}", _("{unit}: nilai LKE {tahun} ({penilai}) {nilai} — {status}").format(
                unit=view.name, tahun=entry.year, penilai=ASSESSOR_LABELS.get(entry.assessor or "") or entry.assessor, nilai=angka(entry.result["total"]),
                status=verdict), _("Nilai total {nilai}; kelengkapan LKE {lengkap}; {status}.").format(
                nilai=angka(entry.result["total"]), lengkap=persen(entry.result["completeness"]), status=verdict)))
    return out


def _decree(decree: object, day: str) -> str:
    return (_("Ditetapkan dengan {keputusan} pada {tanggal}.").format(keputusan=decree, tanggal=tanggal(day)) if decree
            else _("Tercatat pada {tanggal}.").format(tanggal=tanggal(day)))


def _absolute(ctx: SiteContext, path: str) -> str:
    return ctx.options.site_url.rstrip("/") + "/" + path if ctx.options.site_url else path


def atom_feed(ctx: SiteContext) -> SiteFile:
    """Atom 1.0 (RFC 4287, ``templates/site/feed.xml``): newest first; each entry links to its unit's page."""
    events = sorted(((e, v) for v in ctx.units for e in v.events), key=lambda ev: (ev[0].day, ev[1].id, ev[0].kind, ev[0].key), reverse=True)
    events = events[:FEED_ENTRIES]
    base = ctx.options.site_url or "https://zi-evidence.invalid/"
    host = base.split("//", 1)[-1].split("/", 1)[0] or "zi-evidence.invalid"
    entries = [{"id": f"tag:{host},{event.day}:{view.id}/{event.kind}/{event.key}", "title": event.title, "summary": event.summary,
                "day": event.day, "kind": event.kind,
                "link": _absolute(ctx, page_url(unit_src(view.id), ctx.options.directory_urls))} for event, view in events]
    text = render("html", "site/feed.xml", feed_id=_absolute(ctx, FEED) if ctx.options.site_url else f"tag:{host},2021:feed",
                  title=_("Perubahan data Zona Integritas {instansi}").format(instansi=ctx.instansi_name),
                  updated=events[0][0].day if events else ctx.today.isoformat(), self_url=_absolute(ctx, FEED), home_url=_absolute(ctx, ""),
                  author=ctx.instansi_name, entries=entries)
    return SiteFile(FEED, text)


def dcat_catalog(ctx: SiteContext, distributions: list[tuple[str, str, str | None]]) -> SiteFile:
    """A DCAT catalogue (JSON-LD) with the Satu Data Indonesia fields alongside: one dataset per published table."""
    od = ctx.repo.instansi.get("open_data") or {}
    license_id = str(od.get("license") or "CC-BY-4.0")
    days = sorted(e.day for v in ctx.units for e in v.events)  # the data's own dates: first and latest change
    modified = days[-1] if days else ctx.today.isoformat()
    publisher = {"@type": "foaf:Organization", "foaf:name": ctx.instansi_name}
    if od.get("contact_email"):
        publisher["foaf:mbox"] = f"mailto:{od['contact_email']}"
    contact = {"@type": "vcard:Organization", "vcard:fn": ctx.instansi_name, **({"vcard:hasEmail": f"mailto:{od['contact_email']}"}
                                                                              if od.get("contact_email") else {})}
    spatial = {"@type": "dct:Location", "skos:prefLabel": od.get("region_name") or ctx.instansi_name,
               **({"dct:identifier": od["region_code"]} if od.get("region_code") else {})}
    period = {"@type": "dct:PeriodOfTime", "dcat:startDate": days[0] if days else ctx.today.isoformat(), "dcat:endDate": modified}
    license_iri = LICENSES[license_id]
    datasets = []
    for path, description, schema in distributions:
        suffix = path.rsplit(".", 1)[-1]
        media = MEDIA_TYPES.get(suffix, "application/json")
        url = _absolute(ctx, path)
        dist = {"@type": "dcat:Distribution", "dcat:accessURL": url, "dcat:downloadURL": url, "dcat:mediaType": IANA + media,
                "dct:format": f"{EU}file-type/{FILE_TYPES.get(suffix, 'JSON')}", "dct:description": description, "dct:license": license_iri,
                "dcatap:availability": f"{EU}planned-availability/STABLE"}
        if schema:
            dist["dct:conformsTo"] = _absolute(ctx, f"api/schemas/{schema}.schema.json")
        datasets.append({"@type": "dcat:Dataset", "dct:identifier": path, "dct:title": path.rsplit("/", 1)[-1], "dct:description": description,
                         "dct:modified": modified, "dct:publisher": publisher, "dct:license": license_iri, "dcat:contactPoint": contact,
                         "dcat:keyword": ["zona integritas", "WBK", "WBBM", "reformasi birokrasi"], "dcat:theme": f"{EU}data-theme/GOVE",
                         "dct:spatial": spatial, "dct:temporal": period, "dcat:distribution": [dist]})
    doc = {
        "@context": DCAT_CONTEXT,
        "@type": "dcat:Catalog",
        "foaf:homepage": _absolute(ctx, ""), "dcat:themeTaxonomy": f"{EU}data-theme", "dct:spatial": spatial,
        "dct:title": _("Data Zona Integritas {instansi}").format(instansi=ctx.instansi_name),
        "dct:description": _("Pembangunan Zona Integritas menuju WBK/WBBM: tahapan, nilai LKE, predikat dan bukti dukung setiap unit kerja."),
        "dct:publisher": publisher, "dct:language": f"{EU}language/IND", "dct:license": license_iri, "dct:modified": modified,
        "dct:issued": days[0] if days else ctx.today.isoformat(),
        "dcat:dataset": datasets,
        # Satu Data Indonesia (Perpres 39/2019): the producer, the region and how often the data changes
        "satu_data": {"produsen_data": ctx.instansi_name, "kode_wilayah": od.get("region_code"), "nama_wilayah": od.get("region_name"),
                      "lisensi": license_id, "frekuensi_pemutakhiran": "setiap perubahan data (setiap penggabungan ke cabang utama)",
                      "tanggal_pemutakhiran": modified, "tanggal_dibangun": ctx.today.isoformat()},
    }
    return SiteFile(DCAT, json.dumps(doc, ensure_ascii=False, indent=1) + "\n")


OPEN_DATA_TABLES = [("api/units.json", "Ringkasan semua unit", "api-units"), ("api/units.csv", "Semua unit (CSV)", None),
                    ("api/scores.csv", "Setiap nilai LKE per unit, tahun dan penilai (CSV)", None),
                    ("api/evidence.csv", "Indeks bukti dukung (CSV)", None)]
FEED_ROW = (FEED, "Umpan Atom perubahan: nilai LKE, tahapan, predikat, deklarasi (terbaru dulu)", None)
DCAT_ROW = (DCAT, "Metadata katalog (DCAT, JSON-LD) dengan kolom Satu Data Indonesia: produsen, lisensi, kode wilayah, tanggal pemutakhiran",
            "dcat")
