"""The compiled fast validator accepts exactly the documents ``jsonschema`` accepts.

``schema_problems`` trusts ``jsonschema-rs`` for "valid" and only asks ``jsonschema`` for messages, so any
document the two judge differently would be an error nobody sees. Every demo data file, and systematic
mutations of each (key removed, value of another type, unknown key, text where a choice is expected), must
get the same verdict from both.
"""

from __future__ import annotations

import copy
import itertools

import pytest

from committed import COMMITTED as ROOT  # noqa: E402 - HEAD's files, never the working tree
from zi_evidence.filekinds import schema_for
from zi_evidence.validation import fast_validator, schema_problems, validator
from zi_evidence.yamlio import read_yaml

REPLACEMENTS = [None, 12345, 2.5, True, "zzz", "", "2025-13-45", [], {}, ["x"], {"x": 1}, -1]


def _demo_documents() -> list[tuple[str, str, object]]:
    docs = []
    for path in sorted(itertools.chain((ROOT / "units").rglob("*.yaml"), (ROOT / "evidence").rglob("manifest.yaml"))):
        name = schema_for(ROOT, path)
        if name:
            docs.append((name, str(path.relative_to(ROOT)), read_yaml(path)))
    return docs


def _paths(node, prefix=()):
    """Every (container path, key) of a document, depth first."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield prefix, key
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node[:3]):  # the first few items show every shape
            yield prefix, index
            yield from _paths(value, (*prefix, index))


def _plain(node):
    if isinstance(node, dict):
        return {k: _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


def _mutations(doc):
    base = _plain(doc)
    for number, (prefix, key) in enumerate(_paths(base)):
        parent = base
        for step in prefix:
            parent = parent[step]
        for kind in ("delete", "replace", "extra"):
            variant = copy.deepcopy(base)
            target = variant
            for step in prefix:
                target = target[step]
            if kind == "delete":
                del target[key]
            elif kind == "replace":
                target[key] = REPLACEMENTS[number % len(REPLACEMENTS)]
            elif isinstance(target, dict):
                target["zz_tidak_dikenal"] = "x"
            else:
                continue
            yield variant


DOCS = _demo_documents()


def test_demo_documents_found():
    assert len(DOCS) >= 15 and {name for name, _, _ in DOCS} >= {"unit", "lke", "manifest", "plan", "instansi"}


@pytest.mark.slow
@pytest.mark.parametrize(("name", "file", "doc"), DOCS, ids=[f for _, f, _ in DOCS])
def test_fast_and_full_validator_agree(name, file, doc):
    fast, full = fast_validator(name), validator(name)
    assert fast is not None, "jsonschema-rs is a dependency; its validator must compile for every schema"
    checked = rejected = 0
    for variant in itertools.chain([_plain(doc)], itertools.islice(_mutations(doc), 400)):
        verdict = full.is_valid(variant)
        assert fast.is_valid(variant) == verdict, (file, variant)
        checked += 1
        rejected += not verdict
    assert checked > 10 and rejected > 0


def test_rejected_documents_still_get_located_messages():
    data = read_yaml(ROOT / "units" / "dinas-sosial" / "unit.yaml")
    broken = copy.copy(data)
    del broken["name"]
    problems = schema_problems("unit", broken, "units/dinas-sosial/unit.yaml")
    assert problems and "name" in problems[0].message


def test_non_text_keys_fall_back_to_jsonschema():
    problems = schema_problems("unit", {2026: "x"}, "f")
    assert problems  # jsonschema-rs refuses int keys; the full validator still reports the document


def test_editor_hover_text_states_each_option_whole_and_never_borrows_ya_for_tidak():
    """The LKE schema's descriptions (what yaml-language-server shows on hover): every option's criterion text whole
    (none cut mid-word), and a Ya/Tidak item's "Ya, jika …" only after Ya."""
    from zi_evidence.repository import Repository as Repo
    from zi_evidence.validation import load_schema as schema_of

    rules = Repo(ROOT).rules("permenpanrb-90-2021")
    described = schema_of("lke")["properties"]["answers"]["properties"]
    for item in rules.items.values():
        text = described[item.id]["description"]
        for option in item.options:
            if option.text:
                assert f"{option.code}: {option.text}" in text, item.id
        if item.type == "yesno":
            assert text.endswith("| Tidak"), (item.id, text)
