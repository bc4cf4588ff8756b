"""Generate the item-level part of ``lke.schema.json`` from a rule set, so editors autocomplete item ids.

Run ``python -m zi_evidence.schemagen`` after changing the national LKE; a test fails when the shipped
schema is out of date.
"""

from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path
from typing import Any

from .layout import DEFAULT_RULES as NATIONAL
from .ruleset import RuleSetLoader
from .ruleset.model import Item, Option, RuleSet


def option_hint(item: Item, option: Option) -> str:
    """What choosing ``option`` means, whole (an editor's hover): its own criterion text; a Ya/Tidak item states its
    criterion once, for Ya (the explanation reads "Ya, jika …"), so Tidak gets no borrowed text."""
    if option.text:
        return str(option.text)
    if item.type == "yesno" and option.value >= 1 and item.explanation:
        return str(item.explanation)
    return ""


def item_properties(rules: RuleSet) -> dict:
    props = {}
    value: dict[str, Any]
    for item in rules.items.values():
        if item.is_choice:
            codes = [o.code for o in item.options]
            hint = " | ".join(f"{o.code}: {text}" if (text := option_hint(item, o)) else o.code for o in item.options)
            value = {"enum": codes + [c.lower() for c in codes if c not in ("Ya", "Tidak")] + [None]}
        elif item.range is not None:
            hint = item.range_hint
            value = {"type": ["number", "null"], "minimum": item.range[0], "maximum": item.range[1]}
        else:
            hint = "jumlah: " + ", ".join(f"{i.name} ({i.label})" for i in item.inputs)
            value = {"type": ["object", "null"], "properties": {i.name: {"type": ["integer", "null"], "minimum": 0, "description": i.label}
                                                                for i in item.inputs}, "additionalProperties": False}
        desc = f"{item.text} — {hint}"
        props[item.id] = {"description": desc,
                          "anyOf": [value, {"type": "object", "properties": {"answer": value, "evidence": {"$ref": "#/$defs/evidenceList"},
                                                                              "berkas": {"type": ["string", "null"], "maxLength": 210},
                                                                              "note": {"type": "string"}, **REVIEW_FIELDS},
                                                     "additionalProperties": False}]}
    return props


REVIEW_FIELDS = {"status": {"enum": ["revisi", "diterima"]}, "catatan": {"type": "string"}, "tanggapan": {"type": "string"},
                 "publik": {"type": "boolean"}}


def build_lke_schema(rules: RuleSet, template: dict) -> dict:
    schema = json.loads(json.dumps(template))
    schema["properties"]["answers"]["properties"] = item_properties(rules)
    schema["$defs"]["evidenceList"] = {"type": "array", "items": {"type": "string", "pattern": "^[a-z0-9]+([-_.][a-z0-9]+)*$"}}
    return schema


TPI_ONLY = ("status", "catatan")  # the TPI's verdict and note on an item; the unit answers with `tanggapan`


def build_self_schema(lke_schema: dict) -> dict:
    """The editor's schema of a unit's ``self.yaml``: the LKE schema without the TPI's fields, so completion never
    offers ``status``/``catatan`` to the unit (``zi check`` still validates every LKE file against the full schema)."""
    schema = json.loads(json.dumps(lke_schema))
    schema["$id"] = str(schema.get("$id", "")).replace("lke.schema.json", "lke-self.schema.json")
    schema["title"] = "LKE penilaian mandiri unit (units/<unit-id>/lke/<tahun>/self.yaml)"
    for prop in schema["properties"]["answers"]["properties"].values():
        for branch in prop["anyOf"]:
            for key in TPI_ONLY:
                branch.get("properties", {}).pop(key, None)
    return schema


def main() -> int:  # pragma: no cover - developer tool
    root = Path(__file__).resolve().parents[2]
    folder = resources.files("zi_evidence.schemas")
    path = Path(str(folder.joinpath("lke.schema.json")))
    current = json.loads(path.read_text("utf-8"))
    new = build_lke_schema(RuleSetLoader(root).load(NATIONAL), current)
    path.write_text(json.dumps(new, ensure_ascii=False, indent=2) + "\n", "utf-8")
    own = Path(str(folder.joinpath("lke-self.schema.json")))
    own.write_text(json.dumps(build_self_schema(new), ensure_ascii=False, indent=2) + "\n", "utf-8")
    print(f"wrote {path} and {own}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
