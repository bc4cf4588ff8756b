"""``api/datapackage.json``: the CSVs described as a Frictionless Tabular Data Package (v1 profiles), so a data portal,
``frictionless validate`` or a notebook reads typed columns, keys and the licence instead of guessing.

Both forms of each table are resources: the machine CSV and the spreadsheet CSV (``;``, decimal commas, a byte-order
mark), each with the dialect and number format it is written in. The columns come from :func:`.api.open_tables`, the
same definitions that write the CSV headers.
"""

from __future__ import annotations

import json

from .api import Column, Table
from .context import SiteContext
from .feeds import LICENSES
from .files import SiteFile

PATH = "api/datapackage.json"
DATA_ROW = (PATH, "Paket data (Frictionless Tabular Data Package): tipe setiap kolom CSV, kunci, relasi antartabel dan lisensi", None)


def _field(column: Column, decimal: str) -> dict:
    field: dict = {"name": column.name, "type": column.type, "title": column.title}
    if column.type == "number" and decimal != ".":
        field["decimalChar"] = decimal
    if column.values:
        field["constraints"] = {"enum": list(column.values)}
    return field


def _resource(table: Table, spreadsheet: bool, names: dict[str, str]) -> dict:
    name = table.path.rsplit("/", 1)[-1].removesuffix(".csv") + ("-excel" if spreadsheet else "")
    path = (table.spreadsheet_path if spreadsheet else table.path).removeprefix("api/")  # relative to this file
    decimal = "," if spreadsheet else "."
    schema: dict = {"fields": [_field(c, decimal) for c in table.columns], "primaryKey": list(table.primary_key),
                    "missingValues": [""]}
    units = names["api/units.csv"] + ("-excel" if spreadsheet else "")
    if name != units and "unit" in (c.name for c in table.columns):
        schema["foreignKeys"] = [{"fields": ["unit"], "reference": {"resource": units, "fields": ["unit"]}}]
    return {
        "name": name, "path": path, "profile": "tabular-data-resource", "title": table.title + (" (untuk Excel)" if spreadsheet else ""),
        "format": "csv", "mediatype": "text/csv", "encoding": "utf-8-sig" if spreadsheet else "utf-8",
        "dialect": {"delimiter": ";" if spreadsheet else ",", "lineTerminator": "\r\n" if spreadsheet else "\n", "header": True},
        "schema": schema,
    }


def datapackage_file(ctx: SiteContext, tables: list[Table]) -> SiteFile:
    od = ctx.repo.instansi.get("open_data") or {}
    license_id = str(od.get("license") or "CC-BY-4.0")
    names = {t.path: t.path.rsplit("/", 1)[-1].removesuffix(".csv") for t in tables}
    package = {
        "profile": "tabular-data-package",
        "name": "zona-integritas",
        "title": f"Zona Integritas {ctx.instansi_name}",
        "licenses": [{"name": license_id, "path": LICENSES[license_id]}],
        "resources": [_resource(t, spreadsheet, names) for spreadsheet in (False, True) for t in tables],
    }
    if ctx.options.site_url:
        package["homepage"] = ctx.options.site_url
    return SiteFile(PATH, json.dumps(package, ensure_ascii=False, indent=1) + "\n")
