"""Open data of the site: every published JSON validates against its schema (badges included), CSV companions parse."""

from __future__ import annotations

import json

import jsonschema

from conftest import ROOT
from zi_evidence.site.context import SiteOptions
from zi_evidence.site.generate import generate_site
from zi_evidence.validation import load_schema


def built() -> dict[str, str]:
    build = generate_site(ROOT, SiteOptions(history=False), workers=1)
    return {f.path: f.text for f in build.files if f.text is not None}


def test_badges_follow_the_shields_endpoint_contract():
    files = built()
    schema = load_schema("badge")
    badges = {p: json.loads(t) for p, t in files.items() if p.startswith("api/badges/")}
    units = {p.split("/")[1] for p in files if p.startswith("unit/") and p.endswith("/index.md")}
    assert set(badges) == {f"api/badges/{u}.json" for u in units} | {"api/badges/instansi.json"}
    for path, badge in badges.items():
        jsonschema.validate(badge, schema)
        assert badge["label"] == "Zona Integritas" and badge["message"], path
    held = json.loads(files["api/units.json"])
    assert badges["api/badges/instansi.json"]["message"].endswith(f"dari {len(held['units'])} unit berpredikat")
