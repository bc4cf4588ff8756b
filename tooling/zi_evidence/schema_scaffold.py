"""A commented YAML skeleton of any data file, made from its JSON Schema: a new file kind gets ``zi new`` for free.

Required fields are written with a value: what the caller knows (the unit id, the year), the schema's ``const``,
``examples`` or ``default``, and otherwise "GANTI: …" saying what to write (the choices of an enum, the range of a
number, the form of a date) — which ``zi check`` reports (``text.placeholder``) and the site build refuses to publish.
Optional fields are listed as comments, so the team sees everything the file may hold. Descriptions become comments.
Lists get one example entry.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .scan.document import PLACEHOLDER

_DATE = re.compile(r"\\d\{4\}-\\d\{2\}-\\d\{2\}")
WIDTH = 100


def _resolve(node: dict, schema: dict) -> dict:
    """Follow ``$ref`` (local ``#/$defs/…`` only) and take the first branch of ``oneOf``/``anyOf``."""
    for _ in range(20):
        if "$ref" in node and str(node["$ref"]).startswith("#/"):
            target: Any = schema
            for part in str(node["$ref"])[2:].split("/"):
                target = target[part]
            node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        elif node.get("oneOf") or node.get("anyOf"):
            branch = (node.get("oneOf") or node.get("anyOf") or [{}])[0]
            node = {**{k: v for k, v in node.items() if k not in ("oneOf", "anyOf")}, **branch}
        else:
            return node
    return node


def _kind(node: dict) -> str:
    kind = node.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "string")
    if kind is None:
        kind = "object" if "properties" in node else "array" if "items" in node else "scalar"
    return str(kind)


def _label(key: str, node: dict) -> str:
    return str(node.get("title") or key.replace("_", " "))


def _scalar(key: str, node: dict) -> Any:
    """A value that is not a fact: the schema's const, example or default, else a "GANTI: …" placeholder saying what
    to write. A scaffold never invents a fact (an opini BPK, a number of respondents, a date): until it is filled in,
    ``zi check`` names each placeholder and the schema refuses the ones that are not text."""
    if "const" in node:
        return node["const"]
    for key_name in ("examples", "default"):
        if key_name in node and node[key_name] not in (None, []):
            return node[key_name][0] if key_name == "examples" else node[key_name]
    if node.get("enum"):
        return f"{PLACEHOLDER} pilih {', '.join(str(v) for v in node['enum'])}"
    kind = _kind(node)
    if kind == "boolean":
        return f"{PLACEHOLDER} true atau false"
    if kind in ("integer", "number"):
        low, high = node.get("minimum"), node.get("maximum")
        span = f" {low}–{high}" if low is not None and high is not None else f" ≥ {low}" if low is not None else ""
        return f"{PLACEHOLDER} {'bilangan bulat' if kind == 'integer' else 'angka'}{span}"
    if node.get("format") == "date" or _DATE.search(str(node.get("pattern") or "")):
        return f"{PLACEHOLDER} tanggal TTTT-BB-HH"
    return f"{PLACEHOLDER} {_label(key, node)}"


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)  # JSON scalars are YAML flow scalars: quoted strings never read as dates


def _comment_lines(text: str, indent: str) -> list[str]:
    out, line = [], ""
    for word in str(text).split():
        if line and len(indent) + 2 + len(line) + 1 + len(word) > WIDTH:
            out.append(f"{indent}# {line}")
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        out.append(f"{indent}# {line}")
    return out


class _Writer:
    def __init__(self, schema: dict) -> None:
        self.schema = schema

    def mapping(self, node: dict, indent: str, known: dict[str, Any], first_prefix: str = "") -> list[str]:
        """The properties of an object: required ones with values, optional ones commented out. ``first_prefix``
        replaces the indent of the first set field (``- `` of a list entry); comments before it keep the indent."""
        lines: list[str] = []
        required = set(node.get("required") or [])
        pending = first_prefix
        for key, raw in (node.get("properties") or {}).items():
            prop = _resolve(raw, self.schema)
            wanted = key in required or key in known
            lines.extend(self.field(key, prop, pending if wanted and pending else indent, indent, wanted, known.get(key)))
            if wanted:
                pending = ""
        if not node.get("properties") and isinstance(node.get("additionalProperties"), dict):
            lines.append(f"{first_prefix or indent}{{}}")
        elif pending:  # nothing required: an empty entry, its possible fields listed after it
            lines.insert(0, f"{first_prefix}{{}}")
        return lines

    def field(self, key: str, prop: dict, prefix: str, indent: str, wanted: bool, value: Any) -> list[str]:
        head = _comment_lines(prop.get("description") or "", indent)
        if not wanted:  # optional: shown, not set
            return [*head, f"{indent}# {key}: {self.sample(key, prop)}  (opsional)"]
        kind = _kind(prop)
        inner = indent + "  "
        if isinstance(value, dict) and prop.get("properties"):
            body = [f"{prefix}{key}:", *self.mapping(prop, inner, value)]
        elif isinstance(value, list):
            body = [f"{prefix}{key}:", *[f"{inner}- {_dump(v)}" for v in value]]
        elif value is not None:
            body = [f"{prefix}{key}: {_dump(value)}"]
        elif kind == "object" and prop.get("properties"):
            fields = self.mapping(prop, inner, {})
            set_any = any(not line.lstrip().startswith("#") for line in fields)
            body = [f"{prefix}{key}:" if set_any else f"{prefix}{key}: {{}}", *fields]
        elif kind == "object":
            body = [f"{prefix}{key}: {{}}"]
        elif kind == "array":
            body = [f"{prefix}{key}:", *self.entry(key, _resolve(prop.get("items") or {}, self.schema), inner)]
        else:
            body = [f"{prefix}{key}: {_dump(_scalar(key, prop))}"]
        return [*head, *body]

    def entry(self, key: str, item: dict, indent: str) -> list[str]:
        if _kind(item) == "object" and item.get("properties"):
            return self.mapping(item, indent + "  ", {}, first_prefix=indent + "- ")
        return [f"{indent}- {_dump(_scalar(key, item))}"]

    def sample(self, key: str, prop: dict) -> str:
        kind = _kind(prop)
        if kind == "object":
            return "{…}"
        if kind == "array":
            return "[…]"
        return _dump(_scalar(key, prop))


def scaffold_text(schema: dict, header: list[str], known: dict[str, Any] | None = None) -> str:
    """The skeleton of a document of ``schema``: ``header`` lines (comments, the schema line) first, then the
    schema's description, then its properties. ``known``: top-level values to write as they are."""
    root = _resolve(schema, schema)
    lines = [*header, *_comment_lines(root.get("description") or "", "")]
    lines.append("# Ganti setiap isian 'GANTI: …' dan contoh di bawah; hapus baris opsional yang tidak dipakai.")
    lines.extend(_Writer(schema).mapping(root, "", known or {}))
    return "\n".join(lines) + "\n"
