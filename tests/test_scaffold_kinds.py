"""`zi new <kind>`: every registered file kind gets a commented skeleton from its schema, which never invents a fact —
`zi check` names every value still to replace and nothing else."""

from __future__ import annotations

import jsonschema
import pytest
import yaml

from zi_evidence.check import check_repository
from zi_evidence.cli import main
from zi_evidence.filekinds import FileKind
from zi_evidence.scaffold import SCAFFOLDED_KINDS, ScaffoldError, new_kind_file
from zi_evidence.schema_scaffold import scaffold_text
from zi_evidence.validation import load_schema

ARGS = {"survei": ["dinas-sosial"], "pencanangan": ["dinas-sosial"], "standar": ["dinas-sosial"],
        "rencana": ["dinas-sosial", "--year", "2031"], "prasyarat": ["2031"], "kawasan": ["bandara-baru"]}


def _placeholder(value) -> bool:
    return isinstance(value, str) and value.startswith(("GANTI:", "GANTI-"))


def _errors_only_at_placeholders(data, schema) -> list:
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data))
    assert not [e for e in errors if e.validator in ("required", "additionalProperties", "minItems")], errors  # complete shape
    assert all(_placeholder(e.instance) for e in errors), [(list(e.path), e.message) for e in errors]
    return errors


def test_every_kind_the_unit_team_and_the_bureau_keep_has_a_scaffold():
    assert {"survei", "pencanangan", "standar", "rencana", "prasyarat", "kawasan"} <= set(SCAFFOLDED_KINDS)
    assert set(ARGS) == set(SCAFFOLDED_KINDS)  # a new registered kind needs a line here, and gets its `zi new` already


@pytest.mark.parametrize("word", sorted(ARGS))
def test_zi_new_writes_a_skeleton_that_check_names_field_by_field(word, repo_copy, capsys):
    kind = SCAFFOLDED_KINDS[word]
    fields = {"unit": "dinas-sosial", "year": "2031", "name": ARGS[word][0]}
    rel = kind.pattern.format(**{k: v for k, v in fields.items() if "{" + k + "}" in kind.pattern})
    target = repo_copy / rel
    target.unlink(missing_ok=True)
    assert main(["new", word, *ARGS[word], "--root", str(repo_copy)]) == 0
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")  # editors complete and check it at once
    data = yaml.safe_load(text)
    errors = _errors_only_at_placeholders(data, load_schema(kind.schema))
    for prop, placeholder in kind.path_values:  # what the path says is written, not asked
        assert str(data[prop]) == fields["name" if placeholder == "name" else placeholder]
    report = check_repository(repo_copy)
    mine = [p for p in report.problems if p.file == rel]
    placeholders = [p for p in mine if p.code == "text.placeholder"]
    assert placeholders and all(p.line and "GANTI" in text.splitlines()[p.line - 1] for p in mine), [str(p) for p in mine]
    assert len({p.line for p in placeholders}) >= len(errors)  # every refused value is also named as a placeholder
    assert main(["new", word, *ARGS[word], "--root", str(repo_copy)]) == 2  # never overwrites
    assert target.read_text(encoding="utf-8") == text


def test_bad_targets_are_refused_with_the_fix(repo_copy):
    with pytest.raises(ScaffoldError, match="zi new unit dinas-baru"):
        new_kind_file(repo_copy, SCAFFOLDED_KINDS["survei"], {"unit": "dinas-baru"})
    with pytest.raises(ScaffoldError, match="tahun"):
        new_kind_file(repo_copy, SCAFFOLDED_KINDS["prasyarat"], {"name": "20x1"} | {"year": "20x1"})
    with pytest.raises(ScaffoldError, match="tidak sah"):
        new_kind_file(repo_copy, SCAFFOLDED_KINDS["kawasan"], {"name": "../keluar"})
    assert not (repo_copy / "units/kawasan/../keluar.yaml").exists()


def test_a_new_kind_gets_its_skeleton_from_its_schema_alone():
    """References, choices, nested lists, maps, optional fields, examples and defaults: the whole JSON Schema vocabulary
    our schemas use, in a kind the scaffolder has never seen."""
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object", "additionalProperties": False,
        "description": "Laporan pengaduan triwulanan.", "required": ["quarter", "channels", "counts", "owner", "closed"],
        "$defs": {"person": {"type": "object", "additionalProperties": False, "required": ["name"],
                             "properties": {"name": {"type": "string", "minLength": 1}, "phone": {"type": "string"}}}},
        "properties": {
            "quarter": {"enum": ["Q1", "Q2", "Q3", "Q4"]},
            "code": {"type": "string", "pattern": "^[a-z]+$", "examples": ["lapor"]},
            "channels": {"type": "array", "minItems": 1, "items": {
                "type": "object", "additionalProperties": False, "required": ["kind", "since", "staff"],
                "properties": {"kind": {"type": "string"}, "since": {"type": "string", "format": "date"},
                               "staff": {"type": "array", "items": {"$ref": "#/$defs/person"}}, "note": {"type": "string"}}}},
            "counts": {"type": "object", "additionalProperties": {"type": "integer"}},
            "owner": {"oneOf": [{"$ref": "#/$defs/person"}, {"type": "string"}]},
            "closed": {"type": "integer", "minimum": 0, "description": "Pengaduan yang selesai."},
            "public": {"type": "boolean", "default": True},
        },
    }
    text = scaffold_text(schema, ["# kepala"])
    data = yaml.safe_load(text)
    _errors_only_at_placeholders(data, schema)
    assert data["channels"][0]["staff"][0]["name"].startswith("GANTI:") and data["counts"] == {}
    assert "# Pengaduan yang selesai." in text and "# code: \"lapor\"  (opsional)" in text and "# public: true  (opsional)" in text
    assert "#   " not in text.split("\n", 1)[0] and text.startswith("# kepala\n# Laporan pengaduan triwulanan.")
    assert FileKind("x", "units/{unit}/x.yaml", "surveys", "unit", "contoh", "x").new_as == "x"


def test_account_placeholders_are_reported_too(repo_copy):
    unit = repo_copy / "units/dinas-sosial/unit.yaml"
    text = unit.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    first = data["maintainers"][0]
    unit.write_text(text.replace(f"- {first}", "- GANTI-akun-github", 1), encoding="utf-8")
    report = check_repository(repo_copy)
    assert any(p.code == "text.placeholder" and p.file == "units/dinas-sosial/unit.yaml" for p in report.problems)
