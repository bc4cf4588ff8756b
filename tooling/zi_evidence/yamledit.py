"""Text-level YAML edits that keep every comment and the order of everything.

PyYAML cannot round-trip comments, so edits are made on the text and then verified by parsing:
the result must equal the old data plus exactly the intended change, or nothing is written.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from .layout import schema_ref
from .problems import DataError, Problem
from .yamlio import atomic_write_text, parse_yaml

SCHEMA_LINE = re.compile(r"^#\s*yaml-language-server:\s*\$schema=")


def _plain(data: Any) -> Any:
    """Loaded YAML as plain dicts/lists, for equality checks."""
    if isinstance(data, dict):
        return {k: _plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    return data


def append_list_item(text: str, key: str, entry: dict, filename: str) -> str:
    """Return ``text`` with ``entry`` appended to the top-level list ``key`` (comments untouched)."""
    lines = text.splitlines(keepends=True)
    head = re.compile(rf"^{re.escape(key)}:\s*(\[\s*\])?\s*(#.*)?$")
    start = next((i for i, line in enumerate(lines) if head.match(line.rstrip("\n"))), None)
    if start is None:
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        lines.append(f"{key}:\n")
        start = len(lines) - 1
    elif head.match(lines[start].rstrip("\n")).group(1):
        comment = head.match(lines[start].rstrip("\n")).group(2)
        lines[start] = f"{key}:" + (f"  {comment}" if comment else "") + "\n"
    end = start + 1
    indent = None
    last_content = start
    while end < len(lines):
        line = lines[end]
        stripped = line.strip()
        if stripped and not line.startswith((" ", "-", "#")):
            break
        if stripped and not stripped.startswith("#"):
            last_content = end
            if indent is None and stripped.startswith("- "):
                indent = line[: len(line) - len(line.lstrip())]
        end += 1
    indent = "  " if indent is None else indent
    dumped = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=110)
    block = "".join(indent + line + "\n" if line else "\n" for line in dumped.splitlines())
    insert_at = last_content + 1
    new_lines = lines[:insert_at] + [block] + lines[insert_at:]
    new_text = "".join(new_lines)
    before, after = _plain(parse_yaml(text, filename) or {}), _plain(parse_yaml(new_text, filename))
    expected = dict(before)
    expected[key] = list(before.get(key) or []) + [_plain(entry)]
    if after != expected:  # pragma: no cover - defensive: never write a file we cannot prove right
        raise DataError([Problem(filename, None, f"tidak dapat menambahkan ke '{key}' tanpa mengubah isi lain; tambahkan secara manual", code="edit.verify")])
    return new_text


def format_text(text: str, filename: str, schema_line: str | None = None) -> str:
    """Normalise whitespace (LF, no trailing spaces, one final newline, at most one blank line in a row)
    and add the editor schema line when missing. Data, comments and order are unchanged; idempotent."""
    data_before = _plain(parse_yaml(text, filename))
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    for number, line in enumerate(lines, 1):
        if line[: len(line) - len(line.lstrip())].count("\t"):
            raise DataError([Problem(filename, number, "indentasi memakai tab; YAML hanya mengizinkan spasi — ganti tab dengan dua spasi",
                                     code="fmt.tab")])
    out: list[str] = []
    for line in lines:
        if line == "" and (not out or out[-1] == ""):
            continue
        out.append(line)
    while out and out[-1] == "":
        out.pop()
    if schema_line and not (out and SCHEMA_LINE.match(out[0])):
        out.insert(0, schema_line)
    new_text = "\n".join(out) + "\n"
    if _plain(parse_yaml(new_text, filename)) != data_before:  # pragma: no cover - defensive
        raise DataError([Problem(filename, None, "format ulang akan mengubah isi; berkas dibiarkan", code="fmt.verify")])
    return new_text


def schema_comment(path: Path, root: Path, schema: str) -> str:
    return f"# yaml-language-server: $schema={schema_ref(path, root, schema)}"


def write_if_changed(path: Path, new_text: str) -> bool:
    if path.exists() and path.read_text(encoding="utf-8") == new_text:
        return False
    atomic_write_text(path, new_text)
    return True
