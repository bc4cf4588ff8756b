"""Safe YAML reading that keeps line numbers, and atomic file writes.

Why not plain ``yaml.safe_load``: PyYAML silently keeps the last of duplicate keys, expands
alias bombs into exponential traversals and forgets where each value came from. Here mappings
load as :class:`YamlMap` (a ``dict`` that knows the line of each key), lists as :class:`YamlList`,
duplicate keys and excessive alias use are errors, and oversized files are refused before parsing.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import yaml

from .problems import DataError, Problem

T = TypeVar("T")
_BaseLoader: Any  # the C loader is several times faster; fall back to pure Python where libyaml is missing
try:
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _BaseLoader = yaml.SafeLoader

MAX_YAML_BYTES = 2 * 1024 * 1024
# What aliases and merge keys (``<<: *a``) may add to a document, in nodes: every alias counts the whole subtree it
# repeats, so a "billion laughs" of nested aliases or merges is refused before anything is built from it.
MAX_EXPANSION = 10_000
MAX_DEPTH = 40  # nesting of lists/mappings, aliases included; our files need 6, recursion in any reader stays far off


class YamlMap(dict[str, Any]):
    """A mapping that remembers its own line and the line of each key (1-based)."""

    line: int | None = None

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.key_lines: dict[Any, int] = {}

    def line_of(self, key: Any) -> int | None:
        return self.key_lines.get(key, self.line)


def copy_with_lines(node: dict[str, Any], content: dict[str, Any] | None = None) -> dict[str, Any]:
    """A shallow copy of a mapping (or ``content`` in its place) that keeps the original's line numbers."""
    if not isinstance(node, YamlMap):
        return dict(node if content is None else content)
    out = YamlMap(node if content is None else content)
    out.line, out.key_lines = node.line, node.key_lines
    return out


class YamlList(list[Any]):
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
    if key is not None and isinstance(container, YamlMap | YamlList):
        return container.line_of(key)
    line = getattr(container, "line", None)
    return line if isinstance(line, int) else None


class _DuplicateKey(yaml.YAMLError):
    def __init__(self, key: Any, line: int, first: int):
        self.key, self.line, self.first = key, line, first
        super().__init__(f"duplicate key {key!r}")


class _NumberTooLong(yaml.YAMLError):
    def __init__(self, line: int):
        self.line = line
        super().__init__("number too long")


MAX_NUMBER_CHARS = 100  # an integer or float written with more characters is refused: Python's int() would raise (4,300
# digits) or build a huge number that every later str() refuses; no ZI count, score or year comes near this


class _Loader(_BaseLoader):  # type: ignore[misc]
    """SafeLoader building :class:`YamlMap`/:class:`YamlList`; used only after :func:`_check_bounds` passed."""


def _check_bounds(text: str, filename: str) -> None:
    """Refuse deep nesting and alias/merge expansion from the event stream, before any node is composed.

    libyaml's event parser keeps its own stack (no recursion), so this pass is linear and safe on any input; the
    composer and constructors that follow recurse once per nesting level, which is why the depth is capped first.
    Every anchor's expanded size and depth are recorded when its node ends; an alias adds both where it is used.
    """
    sizes: dict[str, tuple[int, int]] = {}  # anchor -> (expanded nodes, expanded depth)
    stack: list[list[Any]] = []  # open collections: [nodes so far, deepest child, anchor]
    expansion = 0

    def add(size: int, depth: int) -> None:
        if stack:
            stack[-1][0] += size
            stack[-1][1] = max(stack[-1][1], depth)

    def fail(event: Any, message: str, code: str) -> None:
        raise DataError([Problem(filename, event.start_mark.line + 1, message, code=code)])

    event: Any  # narrowed by ``type(event) is …`` (fast), which mypy does not follow
    for event in yaml.parse(text, Loader=_BaseLoader):
        kind = type(event)
        if kind is yaml.ScalarEvent:
            if event.anchor is not None:
                sizes[event.anchor] = (1, 0)
            add(1, 0)
        elif kind is yaml.AliasEvent:
            size, depth = sizes.get(event.anchor, (1, 0))
            expansion += size
            if expansion > MAX_EXPANSION:
                fail(event, f"alias dan merge key (<<) YAML mengembang menjadi lebih dari {MAX_EXPANSION} simpul; "
                     "tulis nilainya langsung tanpa alias (&/*) atau <<", "yaml.alias_bomb")
            if len(stack) + depth > MAX_DEPTH:
                fail(event, f"alias ini membuat data bersarang lebih dari {MAX_DEPTH} tingkat; tulis nilainya langsung", "yaml.too_deep")
            add(size, depth)
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            if len(stack) >= MAX_DEPTH:
                fail(event, f"data bersarang lebih dari {MAX_DEPTH} tingkat; ratakan strukturnya (berkas ZI tidak perlu sedalam ini)",
                     "yaml.too_deep")
            stack.append([1, 0, event.anchor])
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            size, depth, anchor = stack.pop()
            if anchor is not None:
                sizes[anchor] = (size, depth + 1)
            add(size, depth + 1)


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


class _Ambiguous(yaml.YAMLError):
    """A plain scalar YAML 1.1 reads as something other than what most people (and YAML 1.2 tools) read."""

    def __init__(self, line: int, message: str):
        self.line, self.message = line, message
        super().__init__(message)


def _yaml11_surprise(tag: str, text: str, line: int) -> _Ambiguous | None:
    """YAML 1.1 sexagesimals (``1:30`` → 90), ``on``/``off``/``yes``/``no`` as booleans and ``.inf``/``.nan``: the
    editor's YAML 1.2 reads them differently, so the two would disagree. An error with the fix, in both loaders alike."""
    quoted = f"'{text}'"
    if tag.endswith(":int") and ":" in text:
        return _Ambiguous(line, f"nilai {text} di baris {line} dibaca YAML 1.1 sebagai angka berbasis 60 (1:30 = 90); "
                                f"bila ini jam atau teks tulis {quoted}, bila angka tulis angkanya saja")
    if tag.endswith(":float") and (":" in text or text.lstrip("+-").lower() in (".inf", ".nan")):
        return _Ambiguous(line, f"nilai {text} di baris {line} bukan angka yang dapat dinilai; tulis angkanya, atau {quoted} bila teks")
    if tag.endswith(":bool") and text.lower() not in ("true", "false"):
        return _Ambiguous(line, f"nilai {text} di baris {line} dibaca YAML 1.1 sebagai benar/salah; tulis true atau false, "
                                f"atau {quoted} bila yang dimaksud teks (jawaban ditulis Ya atau Tidak)")
    return None


def _checked_scalar(construct: Any) -> Any:
    """Wrap PyYAML's int/float/bool constructor: an over-long number, or a YAML 1.1 surprise, is an error with its line."""

    def wrapped(loader: _Loader, node: yaml.ScalarNode) -> Any:
        if len(node.value) > MAX_NUMBER_CHARS and not node.tag.endswith(":bool"):
            raise _NumberTooLong(node.start_mark.line + 1)
        surprise = _yaml11_surprise(node.tag, node.value, node.start_mark.line + 1)
        if surprise is not None:
            raise surprise
        return construct(loader, node)

    return wrapped


def _construct_timestamp_as_text(loader: _Loader, node: yaml.ScalarNode) -> str:
    # Dates stay ISO text ("2025-03-17") so JSON Schema, JSON output and comparisons treat them alike.
    return str(loader.construct_scalar(node))


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp_as_text)
_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)
_Loader.add_constructor("tag:yaml.org,2002:int", _checked_scalar(_Loader.yaml_constructors["tag:yaml.org,2002:int"]))
_Loader.add_constructor("tag:yaml.org,2002:float", _checked_scalar(_Loader.yaml_constructors["tag:yaml.org,2002:float"]))
_Loader.add_constructor("tag:yaml.org,2002:bool", _checked_scalar(_Loader.yaml_constructors["tag:yaml.org,2002:bool"]))


class _NotPlain(Exception):
    """The fast path met something it leaves to the full loader (anchor, tag, merge key, duplicate, error…)."""


_STR_TAG = "tag:yaml.org,2002:str"
_PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{t}" for t in ("null", "bool", "int", "float", "timestamp"))
_IMPLICIT = _Loader.yaml_implicit_resolvers
_FIRST_CHARS = frozenset(k for k in _IMPLICIT if k)
_ALWAYS_RESOLVE = None in _IMPLICIT or "" in _IMPLICIT  # wildcard resolvers: resolve every plain scalar
_PLAIN_VALUES: dict[str, Any] = {}  # resolved plain scalars: "74" → 74, "yes" → True, "Ya" → "Ya"; all immutable
_PLAIN_CACHE_SIZE = 50_000


def _fast_load(text: str) -> Any:
    """Build the same objects as :class:`_Loader` straight from the C parser's events.

    Why: PyYAML composes a node tree and then walks it through a generic, generator-based constructor;
    for our plain block-style files that is two thirds of the parse time. This loop builds
    :class:`YamlMap`/:class:`YamlList` with the same lines, resolves plain scalars with the same
    resolver and constructors, and raises :class:`_NotPlain` for anything rarer (anchors, aliases,
    explicit tags, merge keys, non-scalar or duplicate keys, several documents), so the caller can
    hand those files to the full loader, which also produces every error message.
    """
    loader = _Loader(text)
    try:
        get, resolve, construct = loader.get_event, loader.resolve, loader.construct_object
        get()  # StreamStart
        if isinstance(get(), yaml.StreamEndEvent):
            return None
        stack: list[tuple[Any, Any]] = []
        current: Any = None  # the open YamlMap/YamlList
        key: Any = None  # (key, line) waiting for its value in ``current``
        in_map = False
        event: Any  # narrowed by ``type(event) is …`` (fast), which mypy does not follow
        while True:
            event = get()
            kind = type(event)
            if kind is yaml.ScalarEvent:
                if event.anchor is not None:
                    raise _NotPlain
                value: Any = event.value
                if not event.style and event.implicit[0]:
                    known = _PLAIN_VALUES.get(value, _PLAIN_VALUES)
                    if known is not _PLAIN_VALUES:
                        value = known
                    elif _ALWAYS_RESOLVE or not value or value[0] in _FIRST_CHARS:
                        plain, tag = value, resolve(yaml.ScalarNode, value, event.implicit)
                        if tag != _STR_TAG:
                            if tag not in _PLAIN_TAGS:
                                raise _NotPlain
                            value = construct(yaml.ScalarNode(tag, plain, event.start_mark, event.end_mark))
                        if len(_PLAIN_VALUES) > _PLAIN_CACHE_SIZE:
                            _PLAIN_VALUES.clear()
                        _PLAIN_VALUES[plain] = value
                elif event.tag is not None and not event.implicit[1]:
                    raise _NotPlain
                line = event.start_mark.line + 1
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                if event.anchor is not None or (event.tag is not None and not event.implicit):
                    raise _NotPlain
                if in_map and key is None:
                    raise _NotPlain  # a list or mapping used as a key
                if len(stack) >= MAX_DEPTH:
                    raise _NotPlain  # the full path reports it with its line
                stack.append((current, key))
                current = YamlMap() if kind is yaml.MappingStartEvent else YamlList()
                current.line = event.start_mark.line + 1
                key, in_map = None, kind is yaml.MappingStartEvent
                continue
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                value, line = current, current.line
                current, key = stack.pop()
                in_map = type(current) is YamlMap
            else:  # aliases, or anything unexpected
                raise _NotPlain
            if current is None:  # the document's root is complete
                if not isinstance(get(), yaml.DocumentEndEvent) or not isinstance(get(), yaml.StreamEndEvent):
                    raise _NotPlain
                return value
            if not in_map:
                current.append(value)
                current.item_lines.append(line)
            elif key is None:
                if value in current or (value == "<<" and not event.style):
                    raise _NotPlain
                key = (value, line)
            else:
                current[key[0]] = value
                current.key_lines[key[0]] = key[1]
                key = None
    finally:
        loader.dispose()


_MISSING_SPACE = re.compile(r"^\s*(?:-\s+)?[^\s#:'\"\[{][^:#]*:(?![\s/]|$)\S")  # "kunci:nilai" (not "http://")


def explain_syntax_error(exc: yaml.MarkedYAMLError, text: str) -> tuple[int | None, str]:
    """libyaml's English, told in Indonesian with its cause and the line where the fix goes: a tab, a missing space after
    a colon (reported by libyaml one line late), an unclosed quote or bracket, a misaligned line."""
    lines = text.splitlines()
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    problem = (exc.problem or "").lower()
    context = (exc.context or "").lower()
    tab = next((n for n, t in enumerate(lines, 1) if "\t" in t[: len(t) - len(t.lstrip())] or (line == n and "\t" in t)), None)
    if "cannot start any token" in problem and tab is not None:
        return tab, (f"karakter tab di baris {tab}; YAML hanya menerima spasi untuk indentasi — ganti tab dengan spasi "
                     "(atur editor agar menyisipkan spasi)")
    if "mapping values are not allowed" in problem or "could not find expected ':'" in problem:
        for n in range(min(line or len(lines), len(lines)), 0, -1):
            candidate = lines[n - 1]
            if candidate.strip() and not candidate.lstrip().startswith("#"):
                if _MISSING_SPACE.match(candidate):
                    key, _, rest = candidate.strip().partition(":")
                    return n, f"tidak ada spasi setelah titik dua di baris {n} ('{candidate.strip()[:40]}'); tulis '{key}: {rest.strip()[:30]}'"
                if n < (line or 0):
                    break
        return line, (f"indentasi baris {line} tidak cocok dengan baris di atasnya (atau ada ':' di dalam teks tanpa tanda kutip); "
                      "samakan jumlah spasi kunci yang sejajar, atau apit teksnya dengan tanda kutip")
    if "quoted scalar" in context or ("end of stream" in problem and exc.context_mark is not None):
        start = exc.context_mark.line + 1 if exc.context_mark else line
        return start, f"tanda kutip yang dibuka di baris {start} tidak ditutup; tambahkan tanda kutip penutup di akhir teksnya"
    if "expected ',' or ']'" in problem or "expected ',' or '}'" in problem:
        start = exc.context_mark.line + 1 if exc.context_mark else line
        closing = "]" if "]" in problem else "}"
        return start, f"daftar atau mapping yang dibuka di baris {start} tidak ditutup dengan '{closing}' (atau kurang koma di antara isinya)"
    if "expected '-' indicator" in problem or "expected <block end>" in problem or "expected key" in problem:
        return line, (f"baris {line} tidak sejajar dengan baris di atasnya; butir daftar diawali '- ' pada indentasi yang sama, "
                      "kunci mapping sejajar dengan kunci lain di tingkat yang sama")
    if "found undefined alias" in problem or "found unknown escape" in problem:
        return line, f"teks di baris {line} memuat '*' atau '\\' yang dibaca sebagai perintah YAML; apit teksnya dengan tanda kutip"
    return line, f"YAML tidak valid di baris {line} ({exc.problem or exc}); periksa indentasi, tanda titik dua dan tanda kutip"


def _is_resource_limit(exc: yaml.MarkedYAMLError) -> bool:
    """Whether the parser stopped at one of its own resource limits rather than at a syntax error."""
    return "maximum nesting depth" in (exc.problem or "") or "maximum nesting depth" in (exc.context or "")


_shared: OrderedDict[str, Any] | None = None  # text → parsed document, while a run shares its parses
_MISSING = object()
SHARED_ENTRIES = 1024  # a unit's files are read again within moments (check, then score): a small window suffices


_derived: OrderedDict[tuple[int, tuple[Any, ...]], tuple[Any, Any]] | None = None  # (id of a shared document, key) → (document, value)


def derived(source: Any, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """``compute()``, once per shared document and ``key`` while parses are shared (the checks and the scoring both
    read a file's answers against its rule set: the same reading); outside, simply ``compute()``."""
    memo = _derived
    if memo is None:
        return compute()
    slot = (id(source), key)
    hit = memo.get(slot)
    if hit is not None and hit[0] is source:  # the very object (an id is only unique while it lives: kept in the memo)
        found: T = hit[1]
        return found
    value = compute()
    memo[slot] = (source, value)
    if len(memo) > SHARED_ENTRIES:
        memo.popitem(last=False)
    return value


@contextmanager
def shared_parses() -> Iterator[None]:
    """Within this block the same text is parsed once: ``zi check --score`` checks a unit's files and then scores them,
    and ``Repository`` reads ``unit.yaml`` again for every answers file. The parsed document is shared, so its readers
    must not change it (none does: checks and scoring build new values). Keyed by the text itself, never by the path,
    so an edited file is parsed again. A block inside another shares the outer one's parses."""
    global _shared, _derived
    if _shared is not None:
        yield
        return
    outer, _shared = _shared, OrderedDict()
    outer_derived, _derived = _derived, OrderedDict()
    try:
        yield
    finally:
        _shared, _derived = outer, outer_derived


def already_parsed(text: str) -> bool:
    """Whether :func:`parse_yaml` of ``text`` would be a shared parse, not a new one (inside :func:`shared_parses`)."""
    return _shared is not None and text in _shared


def parse_yaml(text: str, filename: str) -> Any:
    """Parse YAML text; raise :class:`DataError` with file and line on any problem."""
    memo = _shared
    if memo is not None:
        found = memo.get(text, _MISSING)
        if found is not _MISSING:
            memo.move_to_end(text)
            return found
    data = _parse_yaml(text, filename)
    if memo is not None:
        memo[text] = data
        if len(memo) > SHARED_ENTRIES:
            memo.popitem(last=False)
    return data


def _parse_yaml(text: str, filename: str) -> Any:
    try:
        return _fast_load(text)
    except Exception:  # noqa: BLE001, S110 - anything unusual is the full loader's to parse or to report
        pass
    try:
        _check_bounds(text, filename)
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader derives from SafeLoader
    except _DuplicateKey as exc:
        msg = (
            f"kunci '{exc.key}' ditulis dua kali (pertama di baris {exc.first}); "
            "YAML hanya memakai salah satunya — hapus atau gabungkan salah satu"
        )
        raise DataError([Problem(filename, exc.line, msg, code="yaml.duplicate_key")]) from None
    except _Ambiguous as exc:
        raise DataError([Problem(filename, exc.line, exc.message, code="yaml.ambiguous")]) from None
    except _NumberTooLong as exc:
        msg = (f"angka di baris {exc.line} terlalu panjang (lebih dari {MAX_NUMBER_CHARS} karakter); "
               "bila ini memang teks (mis. nomor identitas), apit dengan tanda kutip")
        raise DataError([Problem(filename, exc.line, msg, code="yaml.too_large")]) from None
    except RecursionError:  # pragma: no cover - _check_bounds caps nesting far below the interpreter's limit
        raise DataError([Problem(filename, None, "data YAML terlalu dalam untuk dibaca; ratakan strukturnya", code="yaml.too_deep")]) from None
    except yaml.MarkedYAMLError as exc:
        if _is_resource_limit(exc):  # libyaml's own limits (0.2.6+: 1,000 levels) may trip before our count does
            line = exc.problem_mark.line + 1 if exc.problem_mark else None
            msg = f"data bersarang lebih dari {MAX_DEPTH} tingkat; ratakan strukturnya (berkas ZI tidak perlu sedalam ini)"
            raise DataError([Problem(filename, line, msg, code="yaml.too_deep")]) from None
        line, msg = explain_syntax_error(exc, text)
        raise DataError([Problem(filename, line, msg, code="yaml.syntax")]) from None
    except yaml.YAMLError as exc:
        raise DataError([Problem(filename, None, f"YAML tidak valid: {exc}", code="yaml.syntax")]) from None


def read_yaml(path: Path, display: str | None = None, max_bytes: int = MAX_YAML_BYTES) -> Any:
    """Read and parse a YAML file, refusing oversized files and undecodable text up front."""
    name = display or str(path)
    return parse_yaml(read_yaml_text(path, name, max_bytes), name)


def read_yaml_text(path: Path, name: str, max_bytes: int = MAX_YAML_BYTES) -> str:
    """The text of a YAML file, or :class:`DataError` when it is unreadable, oversized or not UTF-8."""
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
    return text


def current_umask() -> int:
    """The process's umask (read by setting and restoring it; the CLI is single-threaded where it writes)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Yield a temporary path to write; on success its bytes become ``path`` as the user expects, on error nothing changes.

    - a new file gets the mode the umask gives (``0o666 & ~umask``), an existing one keeps its mode;
    - a symlink is written through: its target is replaced, the link stays;
    - a device, pipe or other special file (``--output /dev/stdout``) is written into in place, never replaced;
    - a folder is refused.
    Readers never see half a regular file: it is written beside the target and renamed.
    """
    try:
        info = path.stat()  # follows symlinks
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise DataError([Problem(str(path), None, f"tidak dapat menulis ke sini: {exc.strerror}", code="io")]) from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise DataError([Problem(str(path), None, "ini sebuah folder; sebutkan nama berkas untuk ditulis", code="io")])
    special = info is not None and not stat.S_ISREG(info.st_mode)
    target = path if special or not path.is_symlink() else Path(os.path.realpath(path))
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=None if special else target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        if special:
            with open(path, "wb") as out, open(tmp, "rb") as src:  # noqa: PTH123 - a device is opened, not replaced
                shutil.copyfileobj(src, out)
            return
        os.chmod(tmp, (info.st_mode & 0o777) if info is not None else 0o666 & ~current_umask())
        with open(tmp, "rb") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def atomic_write_text(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8, LF) to ``path`` through :func:`atomic_output`."""
    with atomic_output(path) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="\n")


@contextmanager
def replaced_dir(out: Path) -> Iterator[Path]:
    """Write a whole folder atomically: yields a temporary sibling; on success it replaces ``out``, on error it vanishes.

    The folder gets the mode the umask gives (``mkdtemp`` would leave 0700); a symlinked ``out`` keeps its link and its
    target folder is replaced.
    """
    if out.is_symlink():
        out = Path(os.path.realpath(out))
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        yield tmp
        os.chmod(tmp, 0o777 & ~current_umask())
        if out.exists():
            if not out.is_dir():
                raise DataError([Problem(str(out), None, "sudah ada berkas dengan nama ini; sebutkan folder lain", code="io")])
            shutil.rmtree(out)
        tmp.rename(out)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)
