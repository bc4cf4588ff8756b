"""Write the rows of PortalRB's 'Jawaban' workbook into a rule set, from PortalRB's public master question list.

The master list (``GET /master-soal``) gives, for each soal, ``excel_sheet``, ``excel_baris`` and the
``excel_kolom_*`` letters. Only those coordinates are kept (rules/<id>/portalrb.yaml); the list itself is not
committed. Run: ``python tooling/portalrb_rows.py MASTER.json rules/permenpanrb-90-2021/portalrb.yaml``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

COLUMNS = {"self": "excel_kolom_jawaban_unit", "self_note": "excel_kolom_catatan_unit",
           "evidence": "excel_kolom_bukti_dukung_unit", "tpi": "excel_kolom_jawaban_tpi", "tpi_note": "excel_kolom_catatan_tpi"}


def soals(node: dict[str, Any]) -> list[dict[str, Any]]:
    out = list(node.get("soals", []))
    for child in node.get("children", []):
        out += soals(child)
    return out


def main(master: Path, target: Path) -> None:
    doc = json.loads(master.read_text(encoding="utf-8"))
    every = sorted((s for top in doc["data"] for s in soals(top)), key=lambda s: s["id"])
    sheets = {s["excel_sheet"] for s in every}
    columns = {key: {s[field] for s in every} for key, field in COLUMNS.items()}
    if len(sheets) != 1 or any(len(v) != 1 for v in columns.values()):
        raise SystemExit(f"the master list places soals on several sheets or columns: {sheets} {columns}")
    sheet = sheets.pop()
    rows = ", ".join(f"{s['id']}: {s['excel_baris']}" for s in every)
    text = ("# yaml-language-server: $schema=../../tooling/zi_evidence/schemas/ruleset.schema.json\n"
            f"# Where each soal sits in PortalRB's '{sheet}' workbook (written by tooling/portalrb_rows.py from the\n"
            f"# public master question list, tahun {doc.get('tahun')}; only the coordinates are kept).\n"
            "portalrb_workbook:\n"
            f"  sheet: {sheet}\n"
            f"  source: \"PortalRB master soal LKE ZI {doc.get('tahun')}: excel_sheet, excel_baris, excel_kolom_*\"\n"
            "  columns: {" + ", ".join(f"{k}: {v.pop()}" for k, v in columns.items()) + "}\n"
            f"  rows: {{{rows}}}\n")
    target.write_text(text, encoding="utf-8")
    print(f"{target}: {len(every)} soal")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
