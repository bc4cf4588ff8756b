"""Safe YAML reading that keeps line numbers, and atomic file writes.

Why not plain ``yaml.safe_load``: PyYAML silently keeps the last of duplicate keys, expands
alias bombs into exponential traversals and forgets where each value came from. Here mappings
load as :class:`YamlMap` (a ``dict`` that knows the line of each key), lists as :class:`YamlList`,
duplicate keys and excessive alias use are errors, and oversized files are refused before parsing.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from .problems import DataError, Problem

try:  # the C loader is several times faster; fall back to pure Python where libyaml is missing
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _BaseLoader = yaml.SafeLoader

MAX_YAML_BYTES = 2 * 1024 * 1024
MAX_ALIAS_USES = 10  # aliases of lists/mappings; each one multiplies what a reader must walk


class YamlMap(dict):
    """A mapping that remembers its own line and the line of each key (1-based)."""

    line: int | None = None

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.key_lines: dict[Any, int] = {}

    def line_of(self, key: Any) -> int | None:
        return self.key_lines.get(key, self.line)


def copy_with_lines(node: dict, content: dict | None = None) -> dict:
    """A shallow copy of a mapping (or ``content`` in its place) that keeps the original's line numbers."""
    if not isinstance(node, YamlMap):
        return dict(node if content is None else content)
    out = YamlMap(node if content is None else content)
    out.line, out.key_lines = node.line, node.key_lines
    return out


class YamlList(list):
    """A list that remembers its own line and the line of each element (1-based)."""

    line: int | None = None

    def __init__(self, *args: Any):
        super().__init__(*args)
        self.item_lines: list[int] = []

    def line_of(self, index: int) -> int | None:
        if 0 <= index < len(self.item_lines):
            return self.item_lines[index]
        return self.line


def line_of(container: Any, key: Any = None) -> int | None:
    """Line of ``container[key]`` (or of the container) when it was loaded by this module."""
    if key is not None and hasattr(container, "line_of"):
        return container.line_of(key)
    return getattr(container, "line", None)


class _DuplicateKey(yaml.YAMLError):
    def __init__(self, key: Any, line: int, first: int):
        self.key, self.line, self.first = key, line, first
        super().__init__(f"duplicate key {key!r}")


class _TooManyAliases(yaml.YAMLError):
    def __init__(self, line: int):
        self.line = line
        super().__init__("too many aliases")


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    def __init__(self, stream: Any):
        super().__init__(stream)
        self._alias_uses = 0

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        if node in self.constructed_objects and not isinstance(node, yaml.ScalarNode):
            self._alias_uses += 1
            if self._alias_uses > MAX_ALIAS_USES:
                raise _TooManyAliases(node.start_mark.line + 1)
        return super().construct_object(node, deep=deep)


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> YamlMap:
    result = YamlMap()
    result.line = node.start_mark.line + 1
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError as exc:
            raise yaml.constructor.ConstructorError(
                None, None, "kunci mapping tidak boleh berupa list/mapping", key_node.start_mark
            ) from exc
        line = key_node.start_mark.line + 1
        if key in result:
            raise _DuplicateKey(key, line, result.key_lines[key])
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line
    return result


def _construct_seq(loader: _Loader, node: yaml.SequenceNode) -> YamlList:
    result = YamlList()
    result.line = node.start_mark.line + 1
    for child in node.value:
        result.append(loader.construct_object(child, deep=True))
        result.item_lines.append(child.start_mark.line + 1)
    return result


def _construct_timestamp_as_text(loader: _Loader, node: yaml.ScalarNode) -> str:
    # Dates stay ISO text ("2025-03-17") so JSON Schema, JSON output and comparisons treat them alike.
    return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp_as_text)
_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)


def parse_yaml(text: str, filename: str) -> Any:
    """Parse YAML text; raise :class:`DataError` with file and line on any problem."""
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader derives from SafeLoader
    except _DuplicateKey as exc:
        msg = (
            f"kunci '{exc.key}' ditulis dua kali (pertama di baris {exc.first}); "
            "YAML hanya memakai salah satunya — hapus atau gabungkan salah satu"
        )
        raise DataError([Problem(filename, exc.line, msg, code="yaml.duplicate_key")]) from None
    except _TooManyAliases as exc:
        msg = (
            f"terlalu banyak alias YAML untuk list/mapping (lebih dari {MAX_ALIAS_USES}); "
            "tulis nilainya langsung tanpa alias"
        )
        raise DataError([Problem(filename, exc.line, msg, code="yaml.alias_bomb")]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        detail = exc.problem or str(exc)
        msg = f"YAML tidak valid: {detail}; periksa indentasi, tanda titik dua dan tanda kutip"
        raise DataError([Problem(filename, line, msg, code="yaml.syntax")]) from None
    except yaml.YAMLError as exc:
        raise DataError([Problem(filename, None, f"YAML tidak valid: {exc}", code="yaml.syntax")]) from None


def read_yaml(path: Path, display: str | None = None, max_bytes: int = MAX_YAML_BYTES) -> Any:
    """Read and parse a YAML file, refusing oversized files and undecodable text up front."""
    name = display or str(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DataError([Problem(name, None, f"berkas tidak dapat dibaca: {exc.strerror}", code="io")]) from None
    if size > max_bytes:
        msg = (
            f"berkas terlalu besar ({size} bita, batas {max_bytes}); "
            "pecah isinya atau simpan dokumen besar sebagai bukti, bukan YAML"
        )
        raise DataError([Problem(name, None, msg, code="yaml.too_large")])
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        msg = "berkas bukan teks UTF-8; simpan ulang dengan pengodean UTF-8"
        raise DataError([Problem(name, None, msg, code="yaml.encoding")]) from None
    return parse_yaml(text, name)


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and rename, so readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


@contextmanager
def replaced_dir(out: Path) -> Iterator[Path]:
    """Write a whole folder atomically: yields a temporary sibling; on success it replaces ``out``, on error it vanishes."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        yield tmp
        if out.exists():
            shutil.rmtree(out)
        tmp.rename(out)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)
