"""JSON Schema validation with Indonesian messages that point at file and line.

Validators are compiled once per schema and reused (building one is far slower than using it).
Valid documents — nearly all of them — are confirmed by ``jsonschema-rs`` (compiled, ~60× faster on our
files); only a document it rejects goes through ``jsonschema``, whose errors we turn into messages.
Both run without format assertions, so they accept the same documents (tested on mutated files).
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from .problems import Problem
from .yamlio import line_of

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

jsonschema_rs: Any
try:
    import jsonschema_rs
except ImportError:  # pragma: no cover - the wheel exists for all common platforms; jsonschema alone still works
    jsonschema_rs = None

_TYPE_NAMES = {
    "string": "teks",
    "number": "angka",
    "integer": "bilangan bulat",
    "boolean": "true/false",
    "object": "mapping (kunci: nilai)",
    "array": "daftar (list)",
    "null": "kosong",
}


@cache
def load_schema(name: str) -> dict:
    """The schema ``name`` (e.g. ``ruleset``) from the package's ``schemas/`` folder."""
    text = resources.files("zi_evidence.schemas").joinpath(f"{name}.schema.json").read_text("utf-8")
    return json.loads(text)


@cache
def validator(name: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator  # loaded when a document needs explaining (~50 ms of start-up)
    return Draft202012Validator(load_schema(name))


@cache
def fast_validator(name: str) -> Any:
    """The compiled ``jsonschema-rs`` validator of schema ``name``, or None when unavailable."""
    if jsonschema_rs is None:
        return None
    try:
        return jsonschema_rs.validator_for(load_schema(name), validate_formats=False, offline=True)
    except Exception:  # noqa: BLE001 - a schema it cannot compile is simply checked by jsonschema
        return None


def _surely_valid(name: str, data: Any) -> bool:
    """True when the fast validator accepts ``data``; False when it rejects it or cannot decide."""
    fast = fast_validator(name)
    if fast is None:
        return False
    try:
        return fast.is_valid(data)
    except (ValueError, TypeError, OverflowError):  # e.g. a non-text mapping key: jsonschema decides
        return False


def locate(data: Any, path: Any) -> int | None:
    """Line of the deepest element of ``path`` inside ``data`` that has a known line."""
    line = line_of(data)
    node = data
    for key in path:
        if hasattr(node, "line_of"):
            found = node.line_of(key)
            if found:
                line = found
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
    return line


def _where(path: Any) -> str:
    parts = [str(p) for p in path]
    return ".".join(parts) if parts else "(dokumen)"


def describe(error: ValidationError) -> str:
    """An Indonesian sentence for one schema violation, with the fix where it is obvious."""
    where = _where(error.absolute_path)
    v, val = error.validator, error.validator_value
    if v == "required":
        missing = [k for k in val if isinstance(error.instance, dict) and k not in error.instance]
        return f"{where}: kolom wajib '{', '.join(missing)}' belum diisi; tambahkan kolom tersebut"
    if v == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        extra = sorted(k for k in error.instance if k not in error.schema.get("properties", {}))
        hint = f" (yang dikenal: {', '.join(allowed)})" if allowed else ""
        return f"{where}: kolom '{', '.join(map(str, extra))}' tidak dikenal; periksa ejaannya{hint}"
    if v == "type":
        types = val if isinstance(val, list) else [val]
        want = " atau ".join(_TYPE_NAMES.get(t) or str(t) for t in types)
        return f"{where}: harus berupa {want}, bukan {error.instance!r}"
    if v == "enum":
        return f"{where}: nilai {error.instance!r} tidak diizinkan; pilih salah satu: {', '.join(map(str, val))}"
    if v == "const":
        return f"{where}: harus bernilai {val!r}"
    if v == "pattern":
        return f"{where}: {error.instance!r} tidak sesuai format yang diminta (pola {val})"
    if v in ("minimum", "exclusiveMinimum"):
        return f"{where}: {error.instance!r} terlalu kecil; minimal {val}"
    if v in ("maximum", "exclusiveMaximum"):
        return f"{where}: {error.instance!r} terlalu besar; maksimal {val}"
    if v == "minItems":
        return f"{where}: daftar harus berisi minimal {val} butir"
    if v == "maxItems":
        return f"{where}: daftar berisi lebih dari {val} butir"
    if v == "minLength":
        return f"{where}: teks tidak boleh kosong"
    if v == "maxLength":
        return f"{where}: teks lebih panjang dari {val} karakter; persingkat"
    if v in ("anyOf", "oneOf"):
        return (f"{where}: bentuk nilai {error.instance!r} tidak dikenali; lihat contoh di skema "
                "(pilihan seperti A atau Ya, angka survei, atau mapping jumlah)")
    if v == "format":
        return f"{where}: {error.instance!r} bukan format {val} yang sah (contoh tanggal: 2025-03-17)"
    return f"{where}: {error.message}"


def _unknown_keys(error: ValidationError, filename: str) -> list[Problem]:
    """One problem per unknown key, at the key's own line (not the line of the mapping that holds it)."""
    known = error.schema.get("properties", {})
    allowed = sorted(known)
    hint = f" (yang dikenal: {', '.join(allowed)})" if allowed else ""
    where = _where(error.absolute_path)
    out = []
    for key in error.instance:
        if key in known or any(re.search(pattern, str(key)) for pattern in error.schema.get("patternProperties", {})):
            continue
        line = line_of(error.instance, key)
        out.append(Problem(filename, line, f"{where}: kolom '{key}' tidak dikenal; periksa ejaannya{hint}", code="schema.additionalProperties"))
    return out


def schema_problems(name: str, data: Any, filename: str) -> list[Problem]:
    """All violations of schema ``name`` by ``data``, as problems with lines, in document order."""
    if _surely_valid(name, data):
        return []
    problems = []
    for error in validator(name).iter_errors(data):
        # For "oneOf/anyOf" the best sub-error says more than the summary.
        if error.context:
            error = min(error.context, key=lambda e: len(e.absolute_path) * -1)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            problems.extend(_unknown_keys(error, filename))
            continue
        problems.append(
            Problem(filename, locate(data, error.absolute_path), describe(error), code=f"schema.{error.validator}")
        )
    return sorted(problems, key=lambda p: (p.line or 0, p.message))
