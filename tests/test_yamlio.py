"""Hostile and broken YAML gets a clear error with file and line; writes are atomic."""

from __future__ import annotations

import pytest

from zi_evidence.problems import DataError
from zi_evidence.yamlio import atomic_write_text, parse_yaml, read_yaml


def _problem(text: str):
    with pytest.raises(DataError) as exc:
        parse_yaml(text, "units/a/unit.yaml")
    return exc.value.problems[0]


def test_duplicate_keys_are_errors_with_both_lines():
    p = _problem("name: A\naddress: x\nname: B\n")
    assert (p.file, p.line) == ("units/a/unit.yaml", 3)
    assert "pertama di baris 1" in p.message


def test_malformed_yaml_names_the_line():
    p = _problem("name: A\nitems: [1, 2\nfoo: bar\n")
    assert p.line is not None and p.code == "yaml.syntax"


def test_alias_bomb_is_rejected_fast():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True))
    p = _problem(bomb)
    assert p.code == "yaml.alias_bomb" and p.line


def test_dates_stay_text_and_lines_are_kept():
    data = parse_yaml("tanggal: 2025-03-17\nlist:\n  - a\n  - b\n", "f")
    assert data["tanggal"] == "2025-03-17"
    assert data.line_of("list") == 2 and data["list"].line_of(1) == 4


def test_oversized_file_refused_before_parsing(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text("a: " + "x" * 200 + "\n")
    with pytest.raises(DataError) as exc:
        read_yaml(big, "big.yaml", max_bytes=100)
    assert exc.value.problems[0].code == "yaml.too_large"


def test_not_utf8(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"name: \xff\xfe\n")
    with pytest.raises(DataError) as exc:
        read_yaml(bad, "bad.yaml")
    assert "UTF-8" in exc.value.problems[0].message


def test_atomic_write_leaves_no_temp_files(tmp_path):
    target = tmp_path / "x.yaml"
    atomic_write_text(target, "a: 1\n")
    atomic_write_text(target, "a: 2\n")
    assert target.read_text() == "a: 2\n"
    assert [p.name for p in tmp_path.iterdir()] == ["x.yaml"]


# --- the fast event-driven path must build exactly what the full loader builds -----------------------

TRICKY_SCALARS = ["yes", "No", "on", "~", "null", "", "2025-03-17", "2025-03-17 10:00:00", "1_000", "0x1f", "0o17",
                  "017", "1:30", ".inf", "-.NaN", "-1.5e3", "3.", "<<", "=", "Ya", "A", "P.MP.1.a", "a: b", "- x",
                  "# no", "'q'", "tab\tin", "ümlaut", "  lead", "multi\nline", "*star", "&amp", "!bang", "%pct", "@at"]


def _same(a, b) -> bool:
    """Equal values, types, key order and every recorded line."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return (list(a) == list(b) and a.line == b.line and a.key_lines == b.key_lines
                and all(_same(a[k], b[k]) for k in a))
    if isinstance(a, list):
        return (len(a) == len(b) and a.line == b.line and a.item_lines == b.item_lines
                and all(_same(x, y) for x, y in zip(a, b, strict=True)))
    return a == b or (a != a and b != b)  # NaN


def _full_loader(text: str):
    import yaml

    from zi_evidence.yamlio import _Loader
    return yaml.load(text, Loader=_Loader)  # noqa: S506 - SafeLoader subclass


def _outcome(fn, text):
    try:
        return "ok", fn(text)
    except DataError as exc:
        return "error", [(p.line, p.code, p.message) for p in exc.problems]
    except Exception as exc:  # noqa: BLE001
        return "error", type(exc).__name__


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_scalars = st.one_of(st.sampled_from(TRICKY_SCALARS), st.text(max_size=12), st.integers(-10**30, 10**30),
                     st.floats(allow_nan=False, allow_infinity=False),  # .inf and 100+ digit numbers are refused (test_trust)
                     st.booleans(), st.none())
_keys = st.one_of(st.sampled_from(TRICKY_SCALARS), st.text(min_size=1, max_size=8), st.integers(0, 3000))
_docs = st.recursive(_scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(_keys, inner, max_size=4)), max_leaves=25)


@settings(max_examples=300, deadline=None)
@given(_docs, st.sampled_from([False, None, True]), st.sampled_from([None, "'", '"']), st.booleans())
def test_fast_path_equals_full_loader(doc, flow, style, indent_lists):
    import yaml

    from zi_evidence.yamlio import parse_yaml
    text = yaml.safe_dump(doc, default_flow_style=flow, default_style=style, allow_unicode=True, sort_keys=False,
                          indent=4 if indent_lists else 2)
    kind, fast = _outcome(lambda t: parse_yaml(t, "f"), text)
    assert kind == "ok"
    assert _same(fast, _full_loader(text))


HAND_WRITTEN = [
    "", "# only a comment\n", "---\n", "a: 1\n---\nb: 2\n", "just text\n", "- 1\n- [2, 3]\n- {a: b}\n",
    "base: &b {x: 1}\nuse: *b\n", "base: &b {x: 1}\nuse:\n  <<: *b\n  y: 2\n", "'<<': literal\n",
    "a: !!str 12\nb: !!int '7'\n", "? [a, b]\n: c\n", "a: 1\na: 2\n", "a:\n  b: 1\n  b: 2\n",
    "x: |\n  line one\n  line two\ny: >\n  folded\n  text\n", "=: value\n", "a: =\n", "a: [1, 2\n",
    "tanggal: 2025-03-17\njam: 2025-03-17T10:00:00Z\n", "%YAML 1.1\n---\na: 1\n", "a: &x 1\nb: *x\n",
    "list:\n- a\n-\n- - nested\n  - more\n", "k: 'it''s'\nq: \"tab\\there\"\n", "a: b: c\n", "\ufeffa: 1\n",
    "yes: no\n2026: tahun\n~: kosong\n", "a:\n  - b\n  c: d\n",
]


@pytest.mark.parametrize("text", HAND_WRITTEN)
def test_fast_path_and_full_loader_agree_on_edge_cases(text, monkeypatch):
    from zi_evidence import yamlio
    kind, fast = _outcome(lambda t: yamlio.parse_yaml(t, "f"), text)

    def refuse(_text):
        raise yamlio._NotPlain
    monkeypatch.setattr(yamlio, "_fast_load", refuse)
    ref_kind, ref = _outcome(lambda t: yamlio.parse_yaml(t, "f"), text)
    assert kind == ref_kind
    assert _same(fast, ref) if kind == "ok" else fast == ref


def test_written_files_honour_the_umask_and_keep_links_and_devices(tmp_path):
    """New files and export folders get 0o666/0o777 minus the umask (not mkstemp's 0600/0700); a symlink is written
    through and stays a link; a device or pipe is written into, never replaced; a folder is refused."""
    import os
    import stat

    from zi_evidence.problems import DataError
    from zi_evidence.yamlio import atomic_write_text, replaced_dir
    old = os.umask(0o022)
    try:
        atomic_write_text(tmp_path / "baru.txt", "a\n")
        assert stat.S_IMODE((tmp_path / "baru.txt").stat().st_mode) == 0o644
        (tmp_path / "baru.txt").chmod(0o640)
        atomic_write_text(tmp_path / "baru.txt", "b\n")  # an existing file keeps its mode
        assert stat.S_IMODE((tmp_path / "baru.txt").stat().st_mode) == 0o640
        with replaced_dir(tmp_path / "ekspor") as folder:
            (folder / "x.txt").write_text("x")
        assert stat.S_IMODE((tmp_path / "ekspor").stat().st_mode) == 0o755
        os.umask(0o077)
        atomic_write_text(tmp_path / "rahasia.txt", "c\n")
        assert stat.S_IMODE((tmp_path / "rahasia.txt").stat().st_mode) == 0o600
    finally:
        os.umask(old)
    (tmp_path / "tautan.txt").symlink_to(tmp_path / "baru.txt")
    atomic_write_text(tmp_path / "tautan.txt", "lewat tautan\n")
    assert (tmp_path / "tautan.txt").is_symlink() and (tmp_path / "baru.txt").read_text() == "lewat tautan\n"
    os.mkfifo(tmp_path / "pipa")
    import threading
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append((tmp_path / "pipa").read_bytes()))
    reader.start()
    atomic_write_text(tmp_path / "pipa", "ke pipa\n")
    reader.join(10)
    assert got == [b"ke pipa\n"] and stat.S_ISFIFO((tmp_path / "pipa").stat().st_mode)
    (tmp_path / "stdout").symlink_to("/dev/null")  # as `--output /dev/stdout`: a link to a device
    atomic_write_text(tmp_path / "stdout", "dibuang\n")
    assert (tmp_path / "stdout").is_symlink() and os.readlink(tmp_path / "stdout") == "/dev/null"
    with pytest.raises(DataError):
        atomic_write_text(tmp_path / "ekspor", "x")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file left behind


@pytest.mark.parametrize("text, line", [("a: 1\nb: 1:30\n", 2), ("jam: 12:30:00\n", 1), ("aktif: on\n", 1), ("x: [Yes, no]\n", 1),
                                        ("n: .inf\n", 1), ("n: .NaN\n", 1), ("n: -.Inf\n", 1), ("n: 1:3.5\n", 1)])
def test_yaml11_surprises_are_errors_in_both_loaders(monkeypatch, text, line):
    """The fast path and the full loader read every text the same way: YAML 1.1 sexagesimals, on/off/yes/no and .inf/.nan
    are one error with the line and the fix, never 90 in one reader and something else in another."""
    from zi_evidence import yamlio
    from zi_evidence.problems import DataError
    for fast in (True, False):
        if not fast:
            monkeypatch.setattr(yamlio, "_fast_load", lambda t: (_ for _ in ()).throw(yamlio._NotPlain()))
        with pytest.raises(DataError) as error:
            yamlio.parse_yaml(text, "units/x/unit.yaml")
        (problem,) = error.value.problems
        assert (problem.code, problem.line) == ("yaml.ambiguous", line)
        assert "tulis" in problem.message
    assert yamlio.parse_yaml("a: '1:30'\nb: true\nc: 'on'\nd: Ya\n", "x.yaml") == {"a": "1:30", "b": True, "c": "on", "d": "Ya"}
