"""Badges in the shields.io endpoint format (``https://img.shields.io/endpoint?url=…``): one per unit and one for the
instansi, so a unit's own website or a README can show its Zona Integritas status, always current with the data.

Schema: ``schemas/badge.schema.json`` (shields' endpoint contract: schemaVersion 1, label, message, color).
"""

from __future__ import annotations

import json

from ..i18n import _
from ..numfmt import angka
from .context import STAGE_LABELS, SiteContext, UnitView
from .files import SiteFile

LABEL = "Zona Integritas"


def _badge(message: str, color: str) -> str:
    return json.dumps({"schemaVersion": 1, "label": LABEL, "message": message, "color": color}, ensure_ascii=False) + "\n"


def unit_badge_message(ctx: SiteContext, view: UnitView) -> tuple[str, str]:
    """(message, colour): the predicate held; else the latest assessment's total and whether it meets a predicate."""
    if view.held:
        return _("{predikat} sejak {tahun}").format(predikat=" + ".join(view.held), tahun=_held_since(view)), "brightgreen"
    source = view.verdict_source(view.latest_year)
    if source is None:
        stage = str(STAGE_LABELS.get(view.stage[0], view.stage[0])) if view.stage else _("belum ada tahapan")
        return stage, "lightgrey"
    who, result = source
    eligible = [p for p, v in result["eligibility"].items() if v.get("eligible")]
    total = _("nilai {nilai} ({penilai} {tahun})").format(nilai=angka(result["total"]), penilai=who.upper() if who != "self" else _("mandiri"),
                                                          tahun=view.latest_year)
    if eligible:
        return _("memenuhi syarat {predikat} · {nilai}").format(predikat=eligible[-1], nilai=total), "green"
    return _("menuju {predikat} · {nilai}").format(predikat=view.record.profile.get("target") or ctx.default_rules.predicate_ids[0], nilai=total), "yellow"


def _held_since(view: UnitView) -> str:
    granted = [str(p.get("granted") or "")[:4] for p in view.record.profile.get("predicates") or [] if isinstance(p, dict) and not p.get("revoked")]
    return min((g for g in granted if g), default="—")


def unit_badge_file(ctx: SiteContext, view: UnitView) -> SiteFile:
    message, color = unit_badge_message(ctx, view)
    return SiteFile(f"api/badges/{view.id}.json", _badge(message, color))


DATA_ROW = ("api/badges/instansi.json", "Lencana status (format endpoint shields.io) instansi; api/badges/<id>.json untuk setiap unit: "
            "https://img.shields.io/endpoint?url=<alamat berkas>", "badge")


def instansi_badge_file(ctx: SiteContext) -> SiteFile:
    held = sum(1 for u in ctx.units if u.held)
    return SiteFile("api/badges/instansi.json", _badge(_("{berpredikat} dari {jumlah} unit berpredikat").format(berpredikat=held, jumlah=len(ctx.units)),
                                                       "brightgreen" if held else "lightgrey"))
