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
from .scoring.answers import LONG_FORM_KEYS as _LONG_FORM_KEYS
from .yamlio import atomic_write_text, parse_yaml

SCHEMA_LINE = re.compile(r"^#\s*yaml-language-server:\s*\$schema=")
_OWN_SCHEMA = re.compile(r"zi_evidence/schemas/[a-z-]+\.schema\.json$")  # a line naming one of our schemas (not a user's own)


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
    elif (found := head.match(lines[start].rstrip("\n"))) is not None and found.group(1):
        comment = found.group(2)
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
    and add the editor schema line when missing (or correct it when it names another of our schemas). Data, comments and
    order are unchanged; idempotent."""
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
    elif schema_line and out[0] != schema_line and _OWN_SCHEMA.search(out[0]):  # ours, but moved or narrowed (self.yaml)
        out[0] = schema_line
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


def _locate(text: str, item_id: str, filename: str, fix: str) -> tuple[list[str], int, int, tuple[int, re.Match[str]] | None, int]:
    """(lines, the ``answers:`` line, the end of its block, (line, match) of ``item_id`` or None, the items' indent)."""
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    start = next((i for i, line in enumerate(lines) if re.match(r"^answers:\s*(#.*)?$", line.rstrip("\n"))), None)
    if start is None:
        raise DataError([Problem(filename, None, f"tidak ada kunci 'answers:' (bentuk blok); {fix}", code="edit.verify")])
    end = start + 1
    while end < len(lines) and (not lines[end].strip() or lines[end].startswith((" ", "#"))):
        end += 1
    key = re.compile(rf"^(?P<indent> +){re.escape(item_id)}:(?P<value>[^#\n]*?)\s*(?P<comment>#.*)?$")
    found = next(((i, m) for i in range(start + 1, end) if (m := key.match(lines[i].rstrip("\n")))), None)
    indent = next((len(line) - len(line.lstrip()) for line in lines[start + 1:end] if line.strip() and not line.lstrip().startswith("#")), 2)
    return lines, start, end, found, indent


def link_evidence(text: str, item_id: str, evidence_id: str, filename: str) -> str:
    """Return answers-file ``text`` with ``evidence_id`` in ``answers.<item_id>.evidence`` (comments and order kept).

    A short answer (``P.MP.1.a: Ya  # …``) becomes the long form; an empty one gets ``evidence`` only; a missing item is
    added at the end of ``answers``. An id the answer already cites is not written again (the text is returned as is).
    The result is verified by parsing: everything else must be unchanged."""
    from .yamlio import parse_yaml

    current = ((parse_yaml(text, filename) or {}).get("answers") or {}).get(item_id)
    cited = current.get("evidence") if isinstance(current, dict) else None
    if evidence_id in (cited if isinstance(cited, list) else [cited]):
        return text
    lines, start, end, found, indent = _locate(text, item_id, filename, "tambahkan bukti secara manual")
    pad, inner = " " * indent, " " * (indent + 2)
    if found is None:
        last = max((i for i in range(start + 1, end) if lines[i].strip() and not lines[i].lstrip().startswith("#")), default=start)
        new_lines = lines[:last + 1] + [f"{pad}{item_id}:\n", f"{inner}evidence:\n", f"{inner}- {evidence_id}\n"] + lines[last + 1:]
    else:
        row, m = found
        value, comment = m.group("value").strip(), m.group("comment")
        head = f"{m.group('indent')}{item_id}:" + (f"  {comment}" if comment else "") + "\n"
        inner = m.group("indent") + "  "
        block_end = row + 1
        while block_end < end and (not lines[block_end].strip() or len(lines[block_end]) - len(lines[block_end].lstrip()) > len(m.group("indent"))):
            block_end += 1
        while block_end > row + 1 and not lines[block_end - 1].strip():
            block_end -= 1
        if value and not value.startswith("{"):  # short form: the answer moves into the long form
            body = [f"{inner}answer: {value}\n", f"{inner}evidence:\n", f"{inner}- {evidence_id}\n"]
            new_lines = lines[:row] + [head] + body + lines[row + 1:]
        elif value.startswith("{"):  # flow mapping: re-emit as a block
            data = yaml.safe_load(value) or {}
            data["evidence"] = list(data.get("evidence") or []) + [evidence_id]
            dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110, default_flow_style=False)
            new_lines = lines[:row] + [head] + [inner + line + "\n" for line in dumped.splitlines()] + lines[row + 1:]
        else:  # block (or empty) value: append to its evidence list, or add one
            block = lines[row + 1:block_end]
            ev = next((k for k, line in enumerate(block) if re.match(rf"^{inner}evidence:\s*(#.*)?$", line.rstrip("\n"))), None)
            flow = next((k for k, line in enumerate(block) if re.match(rf"^{inner}evidence:\s*\[", line)), None)
            if flow is not None:
                items = yaml.safe_load(block[flow].split(":", 1)[1]) or []
                block[flow] = f"{inner}evidence:\n" + "".join(f"{inner}- {x}\n" for x in [*items, evidence_id])
            elif ev is not None:
                last = ev
                while last + 1 < len(block) and re.match(rf"^{inner}(- |  - )", block[last + 1]):
                    last += 1
                dash_indent = inner if last == ev else block[last][: len(block[last]) - len(block[last].lstrip())]
                block.insert(last + 1, f"{dash_indent}- {evidence_id}\n")
            else:
                content = [k for k, line in enumerate(block) if line.strip() and not line.lstrip().startswith("#")]
                at = (content[-1] + 1) if content else 0
                block[at:at] = [f"{inner}evidence:\n", f"{inner}- {evidence_id}\n"]
            new_lines = lines[:row + 1] + block + lines[block_end:]
    new_text = "".join(new_lines)
    before, after = _plain(parse_yaml(text, filename) or {}), _plain(parse_yaml(new_text, filename) or {})
    expected = dict(before)
    answers = dict(before.get("answers") or {})
    current = answers.get(item_id)
    if isinstance(current, dict):
        linked = {**current, "evidence": [*(current.get("evidence") or []), evidence_id]}
    elif current is None:
        linked = {"evidence": [evidence_id]}
    else:
        linked = {"answer": current, "evidence": [evidence_id]}
    answers[item_id] = linked
    expected["answers"] = answers
    if after != expected:
        raise DataError([Problem(filename, None, f"tidak dapat menautkan bukti ke {item_id} tanpa mengubah isi lain; "
                                 f"tambahkan `evidence: [{evidence_id}]` pada butir itu secara manual", code="edit.verify")])
    return new_text


def _scalar(value: Any) -> str:
    """One YAML scalar as it would be written on a line (quoted only when YAML needs it)."""
    dumped = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10_000).strip()
    return dumped.removesuffix("...").strip()


def _answer_lines(value: Any, indent: str) -> list[str]:
    """``answer: <value>`` at ``indent``: a scalar on its line, counts as a nested mapping."""
    if isinstance(value, dict):
        return [f"{indent}answer:\n", *(f"{indent}  {k}: {_scalar(v)}\n" for k, v in value.items())]
    return [f"{indent}answer: {_scalar(value)}\n"]


def set_answer(text: str, item_id: str, value: Any, filename: str) -> str:
    """Return answers-file ``text`` with the answer of ``item_id`` set to ``value`` (comments, order, evidence, notes and
    review fields kept). A short answer stays short when ``value`` is a scalar; an entry in the long form gets its
    ``answer`` replaced in place; a missing item is added at the end of ``answers``. Verified by parsing: everything else
    must be unchanged, or :class:`DataError` and nothing is written."""
    lines, start, end, found, indent = _locate(text, item_id, filename, "ubah jawaban secara manual")
    before = _plain(parse_yaml(text, filename) or {})
    current = (before.get("answers") or {}).get(item_id)
    long_form = isinstance(current, dict) and ("answer" in current or set(current) <= set(_LONG_FORM_KEYS))
    if found is None:
        last = max((i for i in range(start + 1, end) if lines[i].strip() and not lines[i].lstrip().startswith("#")), default=start)
        pad = " " * indent
        entry = [f"{pad}{item_id}: {_scalar(value)}\n"] if not isinstance(value, dict) else \
            [f"{pad}{item_id}:\n", *(f"{pad}  {k}: {_scalar(v)}\n" for k, v in value.items())]
        new_lines = lines[:last + 1] + entry + lines[last + 1:]
    else:
        row, m = found
        own, written, comment = m.group("indent"), m.group("value").strip(), m.group("comment")
        inner = own + "  "
        head = f"{own}{item_id}:" + (f"  {comment}" if comment else "") + "\n"
        block_end = row + 1
        while block_end < end and (not lines[block_end].strip() or len(lines[block_end]) - len(lines[block_end].lstrip()) > len(own)):
            block_end += 1
        while block_end > row + 1 and not lines[block_end - 1].strip():
            block_end -= 1
        block = lines[row + 1:block_end]
        if written.startswith("{"):  # a flow mapping: re-emitted as a block with the new answer
            data = yaml.safe_load(written) or {}
            data = {**data, "answer": value} if long_form else {"answer": value}
            dumped = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110, default_flow_style=False)
            new_lines = lines[:row] + [head] + [inner + line + "\n" for line in dumped.splitlines()] + lines[block_end:]
        elif written and not isinstance(value, dict):  # a short answer stays short
            new_lines = lines[:row] + [f"{own}{item_id}: {_scalar(value)}" + (f"  {comment}" if comment else "") + "\n"] + lines[row + 1:]
        elif long_form:  # replace the `answer:` entry (and its nested counts), or put one first
            at = next((k for k, line in enumerate(block) if re.match(rf"^{inner}answer:", line)), None)
            if at is None:
                block[0:0] = _answer_lines(value, inner)
            else:
                stop = at + 1
                while stop < len(block) and (not block[stop].strip() or len(block[stop]) - len(block[stop].lstrip()) > len(inner)):
                    stop += 1
                kept = re.match(rf"^{inner}answer:[^#\n]*?\s*(?P<comment>#.*)?$", block[at].rstrip("\n"))
                replacement = _answer_lines(value, inner)
                if kept and kept.group("comment"):  # the line's own comment stays with it
                    replacement[0] = replacement[0].rstrip("\n") + "  " + kept.group("comment") + "\n"
                block[at:stop] = replacement
            new_lines = lines[:row + 1] + block + lines[block_end:]
        elif isinstance(value, dict):  # counts written as a bare mapping (or nothing yet): the new counts, bare
            new_lines = lines[:row] + [head] + [f"{inner}{k}: {_scalar(v)}\n" for k, v in value.items()] + lines[block_end:]
        else:
            new_lines = lines[:row] + [f"{own}{item_id}: {_scalar(value)}" + (f"  {comment}" if comment else "") + "\n"] + lines[block_end:]
    new_text = "".join(new_lines)
    after = _plain(parse_yaml(new_text, filename) or {})
    expected = dict(before)
    answers = dict(before.get("answers") or {})
    answers[item_id] = {**current, "answer": value} if long_form and isinstance(current, dict) else value
    expected["answers"] = answers
    if after != expected:
        raise DataError([Problem(filename, None, f"tidak dapat mengubah jawaban {item_id} tanpa mengubah isi lain; ubah secara manual",
                                 code="edit.verify")])
    return new_text


def long_form(text: str, filename: str) -> str:
    """Every short answer (``P.MP.1.a: Ya``, a bare count mapping) rewritten to the long form (``answer:`` under the
    item), which a form editor (the CMS) needs: one shape per item. Comments, order and every other line are kept; the
    result is verified by parsing (same answers, nothing else changed)."""
    from .scoring.answers import LONG_FORM_KEYS, unwrap
    from .yamlio import parse_yaml

    before = parse_yaml(text, filename) or {}
    answers = before.get("answers") if isinstance(before, dict) else None
    if not isinstance(answers, dict):
        return text
    for item_id, raw in answers.items():
        if raw is None or isinstance(raw, dict) and set(raw) <= set(LONG_FORM_KEYS):
            continue  # already the long form (with or without an answer: evidence alone stays as it is)
        lines, _start, end, found, _indent = _locate(text, str(item_id), filename, "ubah ke bentuk panjang secara manual")
        if found is None:
            continue
        row, m = found
        indent, value, comment = m.group("indent"), m.group("value").strip(), m.group("comment")
        head = f"{indent}{item_id}:" + (f"  {comment}" if comment else "") + "\n"
        if value:  # inline scalar or flow mapping
            new = [head, f"{indent}  answer: {value}\n"]
            lines = lines[:row] + new + lines[row + 1:]
        else:  # a block mapping of counts: indent it under answer:
            block_end = row + 1
            while block_end < end and (not lines[block_end].strip() or len(lines[block_end]) - len(lines[block_end].lstrip()) > len(indent)):
                block_end += 1
            body = [("  " + line if line.strip() else line) for line in lines[row + 1:block_end]]
            lines = lines[:row] + [head, f"{indent}  answer:\n"] + body + lines[block_end:]
        text = "".join(lines)
    after = parse_yaml(text, filename) or {}
    unwrapped = {k: unwrap(v) for k, v in (after.get("answers") or {}).items()}  # the one reading of short and long forms
    rest_changed = {k: v for k, v in after.items() if k != "answers"} != {k: v for k, v in before.items() if k != "answers"}
    if unwrapped != {k: unwrap(v) for k, v in answers.items()} or rest_changed:
        raise DataError([Problem(filename, None, "bentuk panjang tidak dapat dibuat dengan aman; ubah secara manual", code="edit.verify")])
    return text


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _value_end(lines: list[str], row: int, indent: int) -> int:
    """The index after the block value of the key on ``lines[row]`` (indent ``indent``): lines indented deeper, or list
    items at the key's own indent (``supports:\\n- a``). Trailing blank and comment lines stay outside."""
    end = row + 1
    while end < len(lines):
        line = lines[end]
        if line.strip() and not line.lstrip().startswith("#"):
            if _indent(line) < indent or (_indent(line) == indent and not line.lstrip().startswith("- ")):
                break
        end += 1
    while end > row + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
        end -= 1
    return end


def _verified(text: str, new_text: str, filename: str, change: Any, what: str) -> str:
    """``new_text`` when parsing it gives the old data with ``change(old)`` applied, else a DataError naming ``what``."""
    expected = _plain(parse_yaml(text, filename) or {})
    change(expected)
    if _plain(parse_yaml(new_text, filename) or {}) != expected:
        raise DataError([Problem(filename, None, f"tidak dapat {what} tanpa mengubah isi lain; ubah berkasnya secara manual", code="edit.verify")])
    return new_text


def set_key_list(text: str, filename: str, key_line: int, key: str, values: list[str] | None, change: Any, what: str) -> str:
    """Replace the list under ``key`` (its key on line ``key_line``, 1-based) by ``values`` written as a block list, or
    drop the key when ``values`` is None. Comments inside the old list are kept after it. ``change(data)`` applies the
    intended change to the parsed old data, for the verification."""
    lines = text.splitlines(keepends=True)
    row = key_line - 1
    match = re.match(rf"^(?P<pad> *)(?P<dash>- )?{re.escape(key)}:", lines[row]) if 0 <= row < len(lines) else None
    if match is None or match.group("dash"):
        raise DataError([Problem(filename, key_line, f"tidak dapat {what}: '{key}:' tidak ditemukan sebagai kunci tersendiri; "
                                 "ubah berkasnya secara manual", code="edit.verify")])
    pad = match.group("pad")
    end = _value_end(lines, row, len(pad))
    kept = [line for line in lines[row + 1:end] if line.lstrip().startswith("#")]
    body = [] if values is None else [f"{pad}{key}:\n", *[f"{pad}- {v}\n" for v in values]]
    new_text = "".join(lines[:row] + body + kept + lines[end:])
    return _verified(text, new_text, filename, change, what)


def remove_list_entry(text: str, filename: str, list_key: str, index: int, change: Any, what: str) -> str:
    """Remove entry ``index`` of the top-level block list ``list_key`` (its ``- `` line to the next entry's)."""
    data = parse_yaml(text, filename) or {}
    entries = data.get(list_key)
    from .yamlio import line_of

    start = line_of(entries, index)
    lines = text.splitlines(keepends=True)
    row = (start or 0) - 1
    if not isinstance(entries, list) or not 0 <= row < len(lines) or not lines[row].lstrip().startswith("- "):
        raise DataError([Problem(filename, None, f"tidak dapat {what}: '{list_key}' bukan daftar blok (- …)", code="edit.verify")])
    nxt = line_of(entries, index + 1) if index + 1 < len(entries) else None
    end = nxt - 1 if nxt is not None else _value_end(lines, row, _indent(lines[row]) + 1)
    kept = lines[:row] + lines[end:]
    if len(entries) == 1:  # the list becomes empty: `items: []`, not a null
        key_row = (line_of(data, list_key) or 1) - 1
        kept[key_row] = re.sub(rf"^{re.escape(list_key)}:", f"{list_key}: []", kept[key_row], count=1)
    return _verified(text, "".join(kept), filename, change, what)
