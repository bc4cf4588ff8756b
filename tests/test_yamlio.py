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
