"""``zi cms``: the browser form for teams without Git — a Decap CMS configuration generated from the data.

Nothing here is written by hand per regulation or per unit: the LKE form of each unit and year is built from the unit's
rule set (every item a field: options with their criterion text, counts as number fields with their labels, surveys and
values with their range), the other files from their JSON Schemas through the file-kind registry, and the fields a unit
may not change (``policy/field_owners.yaml``) are left out of the unit's forms. Two views: ``unit`` (the ZI teams) and
``tpi`` (the internal assessors: their own answers file with ``status``/``catatan``). The CMS saves through the
editorial workflow — a branch and a pull request per entry — so every change gets the trusted verdict like any other.

Hiding a field is cosmetic (the CMS has no per-path permissions): the verdict, CODEOWNERS and branch protection are what
enforce ownership. See docs/formulir.md for the choice of Decap, sign-in and the YAML a CMS save writes.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from pathlib import Path
from typing import Any

from .authz_fields import load_policy
from .filekinds import FILE_KINDS
from .repository import Repository
from .ruleset.model import Item, RuleSet
from .validation import load_schema

DECAP_VERSION = "3.16.3"  # pinned: preview sanitising is on by default from 3.13 (CVE-2025-57520)
VIEWS = ("unit", "tpi")
# file kinds a unit team edits besides its LKE answers and unit.yaml (the registry says the owner is the unit)
UNIT_FORMS = ("declarations", "standards", "surveys", "plan", "manifest")
TEXT_LIMIT = 4000


def item_field(item: Item, unit: str, view: str, evidence_ids: list[str]) -> dict[str, Any]:
    """One LKE item as an object field keyed by its id: the answer widget its type needs, the evidence it cites, an
    upload that lands in ``evidence/<unit>/files/``, a note, and the review fields of the view."""
    if item.is_choice:
        answer: dict[str, Any] = {"name": "answer", "label": "Jawaban", "widget": "select", "required": False,
                                  "options": [{"label": f"{o.code} — {o.text}" if o.text else o.code, "value": o.code} for o in item.options]}
    elif item.range is not None:
        low, high = item.range
        answer = {"name": "answer", "label": f"Jawaban ({item.range_hint})", "widget": "number", "value_type": "float",
                  "min": low, "max": high, "step": 0.01, "required": False}
    else:
        answer = {"name": "answer", "label": "Jumlah", "widget": "object", "required": False,
                  "fields": [{"name": i.name, "label": i.label, "widget": "number", "value_type": "int", "min": 0, "step": 1,
                              "required": False} for i in item.inputs]}
    fields = [answer]
    if evidence_ids:  # the unit's manifest entries: cited by id (the manifest says which items each supports)
        fields.append({"name": "evidence", "label": "Bukti dukung yang sudah tercatat", "widget": "select", "multiple": True,
                       "required": False, "options": evidence_ids})
    fields += [{"name": "berkas", "label": "Unggah bukti dukung (PDF/gambar; tersimpan di evidence/" + unit + "/files/)",
               "widget": "file", "required": False, "choose_url": False, "media_folder": f"/evidence/{unit}/files",
               "public_folder": "files", "media_library": {"allow_multiple": False}},
              {"name": "note", "label": "Catatan", "widget": "text", "required": False}]
    if view == "tpi":
        fields += [{"name": "status", "label": "Status penilaian TPI", "widget": "select", "required": False,
                    "options": [{"label": "revisi (unit perlu memperbaiki)", "value": "revisi"}, {"label": "diterima", "value": "diterima"}]},
                   {"name": "catatan", "label": "Catatan TPI untuk unit", "widget": "text", "required": False}]
    else:
        fields.append({"name": "tanggapan", "label": "Tanggapan atas revisi TPI", "widget": "text", "required": False})
    hint = item.explanation or ""
    return {"name": item.id, "label": f"{item.id} — {item.text}", "widget": "object", "collapsed": True,
            "hint": hint[:TEXT_LIMIT], "required": False, "fields": fields}


def lke_fields(rules: RuleSet, unit: str, view: str, evidence_ids: Collection[str] = ()) -> list[dict[str, Any]]:
    """The LKE form: the rule set id (fixed) and one field per item, in the rule set's order."""
    return [{"name": "rules", "label": "Aturan", "widget": "hidden", "default": rules.id},
            {"name": "answers", "label": "Jawaban LKE", "widget": "object", "required": False,
             "fields": [item_field(item, unit, view, list(evidence_ids)) for item in rules.items.values()]}]


def _schema_field(name: str, node: dict[str, Any], root: dict[str, Any], depth: int = 0) -> dict[str, Any] | None:
    """A Decap field for one JSON Schema property (objects, lists, enums, numbers, booleans, text); None when the schema
    says nothing a form can offer (it is then left out: the CMS keeps the key's value untouched only in Sveltia, so the
    docs tell teams to edit such keys in Git)."""
    if "$ref" in node:
        ref = node["$ref"].split("/")[-1]
        node = {**root.get("$defs", {}).get(ref, {}), **{k: v for k, v in node.items() if k != "$ref"}}
    label = node.get("title") or name.replace("_", " ")
    base: dict[str, Any] = {"name": name, "label": label, "required": False}
    if node.get("description"):
        base["hint"] = str(node["description"])[:300]
    kind = node.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    if "enum" in node:
        return {**base, "widget": "select", "options": [str(v) for v in node["enum"]]}
    if kind == "object" and "properties" in node and depth < 4:
        fields = [f for key, sub in node["properties"].items() if (f := _schema_field(key, sub, root, depth + 1))]
        return {**base, "widget": "object", "collapsed": depth > 0, "fields": fields}
    if kind == "array" and depth < 4:
        items = node.get("items") or {}
        if "$ref" in items:
            items = {**root.get("$defs", {}).get(items["$ref"].split("/")[-1], {})}
        if items.get("type") == "object" or "properties" in items:
            sub = _schema_field("item", items, root, depth + 1)
            return {**base, "widget": "list", "fields": sub["fields"] if sub else []}
        return {**base, "widget": "list"}
    if kind in ("integer", "number"):
        return {**base, "widget": "number", "value_type": "int" if kind == "integer" else "float"}
    if kind == "boolean":
        return {**base, "widget": "boolean"}
    if kind == "string":
        long = (node.get("maxLength") or 0) > 200
        return {**base, "widget": "text" if long else "string"}
    return None


def schema_fields(schema_name: str, exclude: Collection[str] = ()) -> list[dict[str, Any]]:
    schema = load_schema(schema_name)
    return [f for key, node in (schema.get("properties") or {}).items()
            if key not in exclude and (f := _schema_field(key, node, schema)) is not None]


def not_owned_by(policy: dict[str, Any], kind: str, role: str) -> set[str]:
    """The top-level fields of ``kind`` that ``role`` may not change (left out of that role's forms)."""
    fields = (policy.get("kinds", {}).get(kind) or {}).get("fields") or {}
    return {name for name, rule in fields.items() if role not in rule.get("owners", [])}


def _file_entry(name: str, label: str, path: str, fields: list[dict[str, Any]]) -> dict[str, Any]:
    return {"name": name, "label": label, "file": path, "fields": fields}


def collections(repo: Repository, view: str) -> list[dict[str, Any]]:
    """One files collection per unit: its LKE answers per year and (unit view) its other files, only those that exist
    (a files collection edits existing files; ``zi new`` creates them)."""
    policy = load_policy()
    out = []
    for unit in repo.unit_ids():
        record = repo.unit(unit)
        evidence_ids = [str(e["id"]) for e in record.manifest.get("items") or [] if isinstance(e, dict) and e.get("id")]
        entries = []
        for entry in sorted(record.lke, key=lambda e: -(e.year or 0)):
            wanted = "tpi" if view == "tpi" else "self"
            if entry.year is None or entry.assessor != wanted or entry.lke is None:
                continue
            rules = repo.rules(entry.lke.rules_id)
            who = "penilaian TPI" if view == "tpi" else "penilaian mandiri"
            entries.append(_file_entry(f"lke-{entry.year}", f"LKE {entry.year} ({who})", f"units/{unit}/lke/{entry.year}/{wanted}.yaml",
                                       lke_fields(rules, unit, view, evidence_ids)))
        if view == "unit":
            entries.append(_file_entry("profil", "Profil unit", f"units/{unit}/unit.yaml",
                                       schema_fields("unit", not_owned_by(policy, "unit", "maintainer"))))
            for kind in FILE_KINDS:
                if kind.name not in UNIT_FORMS:
                    continue
                years = sorted(record.plans, reverse=True) if "{year}" in kind.pattern else [None]
                for year in years:
                    path = kind.pattern.format(unit=unit, year=year)
                    if (repo.root / path).is_file():
                        name = kind.name if year is None else f"{kind.name}-{year}"
                        label = kind.description.capitalize() + ("" if year is None else f" {year}")
                        entries.append(_file_entry(name, label, path, schema_fields(kind.schema)))
        if entries:
            out.append({"name": f"unit-{unit}", "label": record.name, "files": entries, "editor": {"preview": False}})
    return out


def cms_config(repo: Repository, view: str, backend: dict[str, Any], local: int | None = None) -> dict[str, Any]:
    """The whole Decap configuration of one view. ``backend``: the instansi's ``cms.backend`` (github or gitlab)."""
    config: dict[str, Any] = {
        "backend": backend,
        "publish_mode": "editorial_workflow",  # every save is a branch and a pull request, never a push to main
        "media_folder": "evidence/_unggahan",  # required by Decap; uploads in the forms go to each unit's folder
        "public_folder": "files",
        "locale": "id",
        "show_preview_links": False,
        "collections": collections(repo, view),
    }
    if local:  # decap-server on this machine (tests, development): never a production setup
        config["local_backend"] = {"url": f"http://127.0.0.1:{local}/api/v1", "allowed_hosts": ["127.0.0.1", "localhost"]}
    return config


def backend_of(repo: Repository) -> dict[str, Any]:
    """The instansi's sign-in settings (``cms.backend`` in units/instansi.yaml), GitHub by default."""
    cms = repo.instansi.get("cms") if isinstance(repo.instansi, dict) else None
    backend = dict((cms or {}).get("backend") or {})
    backend.setdefault("name", "github")
    backend.setdefault("branch", "main")
    backend.setdefault("squash_merges", True)
    return backend


ADMIN_PAGE = """<!doctype html>
<html lang="id">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="robots" content="noindex">
  <title>{title}</title>
</head>
<body>
  <script>window.CMS_MANUAL_INIT = true;</script>
  <script src="{asset}decap-cms.js"></script>
  <script src="zi-cms.js"></script>
</body>
</html>
"""


def write_admin(repo: Repository, out: Path, local: int | None = None) -> list[Path]:
    """``admin/`` (unit view) and ``admin/tpi/``: index.html and config.json each; the Decap bundle is copied next to
    them by the site build or ``zi cms --decap``."""
    written = []
    for view in VIEWS:
        folder = out if view == "unit" else out / "tpi"
        folder.mkdir(parents=True, exist_ok=True)
        config = cms_config(repo, view, backend_of(repo), local)
        (folder / "config.json").write_text(json.dumps(config, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        prefix = "" if view == "unit" else "../"  # one copy of Decap's bundle, in admin/
        title = "ZI — formulir unit" if view == "unit" else "ZI — formulir TPI"
        (folder / "index.html").write_text(ADMIN_PAGE.format(title=title, asset=prefix), encoding="utf-8")
        written += [folder / "index.html", folder / "config.json"]
    script = Path(__file__).parent / "templates" / "cms" / "zi-cms.js"
    for folder in (out, out / "tpi"):
        (folder / "zi-cms.js").write_text(script.read_text(encoding="utf-8"), encoding="utf-8")
    return written


def copy_decap(dist: Path, out: Path) -> int:
    """Copy Decap's bundle (``node_modules/decap-cms/dist``: the main file, its chunks and wasm) next to the admin
    pages, so the CMS loads from our own origin; source maps are left out."""
    if not (dist / "decap-cms.js").is_file():
        raise FileNotFoundError(f"{dist}/decap-cms.js tidak ada; pasang dengan `npm ci --prefix tooling/cms`")
    count = 0
    for path in dist.iterdir():
        if path.name.endswith(".map") or not (path.name.endswith(("decap-cms.js", ".wasm")) or path.name == "decap-cms.js"):
            continue
        (out / path.name).write_bytes(path.read_bytes())
        count += 1
    return count


def config_findings(config: dict[str, Any], where: str) -> list[tuple[bool, str, str]]:
    """(ok, the setting, the fix) for one generated configuration: what makes the form safe for a Pemda (``zi doctor``)."""
    backend = config.get("backend") or {}
    name = backend.get("name")
    out = [
        (config.get("publish_mode") == "editorial_workflow", f"{where}: setiap simpanan menjadi cabang dan pull request (editorial_workflow)",
         "buat ulang dengan `zi cms`; tanpa editorial_workflow CMS menulis langsung ke cabang utama"),
        (name in ("github", "gitlab"), f"{where}: backend {name!r} adalah GitHub atau GitLab",
         "isi cms.backend.name di units/instansi.yaml dengan github atau gitlab"),
        ("local_backend" not in config, f"{where}: tidak memakai decap-server lokal",
         "buat ulang tanpa --local: decap-server tanpa autentikasi hanya untuk uji di mesin sendiri"),
        (bool(backend.get("repo")), f"{where}: repositori ditulis (backend.repo)", "isi cms.backend.repo (OWNER/REPO) di units/instansi.yaml"),
    ]
    if name == "gitlab":
        out.append((backend.get("auth_type") == "pkce" and bool(backend.get("app_id")),
                    f"{where}: GitLab masuk dengan PKCE (auth_type: pkce, app_id)",
                    "daftarkan aplikasi OAuth di GitLab (tanpa secret, redirect ke /admin/) dan isi auth_type: pkce dan app_id"))
    if name == "github":
        out.append((bool(backend.get("base_url")), f"{where}: GitHub masuk lewat proxy OAuth milik instansi (base_url)",
                    "pasang proxy OAuth yang memeriksa origin postMessage (docs/formulir.md) dan isi cms.backend.base_url"))
    return out

