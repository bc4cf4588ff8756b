"""The incremental parser of successive answers-file versions gives exactly what a full parse gives."""

from __future__ import annotations

import pytest

from conftest import ROOT
from zi_evidence.history import VersionParser
from zi_evidence.problems import DataError
from zi_evidence.yamlio import parse_yaml

FILES = sorted(ROOT.glob("units/*/lke/*/*.yaml"))


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(ROOT)) for p in FILES])
def test_same_result_as_a_full_parse(path):
    text = path.read_text()
    parser = VersionParser()
    assert parser.parse(text, "x") == parse_yaml(text, "x")
    changed = text.replace("answer: A\n", "answer: B\n", 1)
    assert parser.parse(changed, "x") == parse_yaml(changed, "x")  # second version reuses unchanged pieces


def test_unusual_files_fall_back_and_keep_errors():
    parser = VersionParser()
    anchors = "rules: r\nanswers:\n  P.MP.1.a: &a Ya\n  P.MP.1.b: *a\nnotes: x\n"
    assert parser.parse(anchors, "x") == parse_yaml(anchors, "x")
    trailing = "rules: r\nanswers:\n  P.MP.1.a: Ya\n  P.MP.1.b: B\nassessed_on: '2026-01-02'\n"
    assert parser.parse(trailing, "x") == {"rules": "r", "assessed_on": "2026-01-02", "answers": {"P.MP.1.a": "Ya", "P.MP.1.b": "B"}}
    duplicate = "rules: r\nanswers:\n  P.MP.1.a: Ya\n  P.MP.1.a: Tidak\n"
    with pytest.raises(DataError) as err:
        parser.parse(duplicate, "x.yaml")
    assert err.value.problems[0].line == 4


def test_a_version_already_read_in_the_run_is_not_parsed_again(monkeypatch):
    """The newest version is usually the working file the site just read: its shared reading, the same object."""
    from zi_evidence import yamlio

    text = FILES[0].read_text()
    with yamlio.shared_parses():
        working = parse_yaml(text, "units/x.yaml")
        calls = []
        monkeypatch.setattr(yamlio, "_parse_yaml", lambda *a: calls.append(a) or {})
        assert VersionParser().parse(text, "units/x.yaml@abc") is working
        assert calls == []
        other = text.replace("answer: A\n", "answer: B\n", 1)
        assert other != text
        VersionParser().parse(other, "units/x.yaml@def")
        assert calls  # a text not read before is parsed
