"""Shared fixtures: the repository root, rule sets, and canonical answer sets."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from committed import COMMITTED as ROOT  # the committed tree (HEAD), never the working tree

os.environ["ZI_CACHE"] = "0"  # `zi check` in tests never reads or writes the user's cache (tests/test_check_cache.py turns it on)
from zi_evidence.ruleset import RuleSetLoader

NATIONAL = "permenpanrb-90-2021"
KUPANG = "perwal-kupang-23-2025"


@pytest.fixture(scope="session")
def loader() -> RuleSetLoader:
    return RuleSetLoader(ROOT)


@pytest.fixture(scope="session")
def rules(loader):
    return loader.load(NATIONAL)


@pytest.fixture(scope="session")
def kupang(loader):
    return loader.load(KUPANG)


def best_answers(rules) -> dict:
    """The best possible answer to every item (counts that give ratio 1 without contradiction)."""
    out = {}
    for item in rules.items.values():
        if item.is_choice:
            out[item.id] = max(item.options, key=lambda o: o.value).code
        elif item.type == "survey":
            out[item.id] = item.range[1]
        else:
            out[item.id] = best_counts(item)
    return out


def best_counts(item) -> dict:
    f = item.formula
    if f.kind == "decrease":
        return {f.previous: 4, f.current: 0, **{i.name: 0 for i in item.inputs if not i.scored}}
    counts = {i.name: 0 for i in item.inputs}
    for name in f.denominator:
        counts[name] = 3
    total = 3 * len(f.denominator)
    counts[f.numerator[0]] = total
    return counts


def worst_answers(rules) -> dict:
    out = {}
    for item in rules.items.values():
        if item.is_choice:
            out[item.id] = min(item.options, key=lambda o: o.value).code
        elif item.type == "survey":
            out[item.id] = item.range[0]
        else:
            f = item.formula
            if f.kind == "decrease":
                out[item.id] = {f.previous: 2, f.current: 5}
            else:
                counts = {i.name: 0 for i in item.inputs}
                for name in f.denominator:
                    counts[name] = 2
                out[item.id] = counts
    return out


@pytest.fixture
def repo_copy(tmp_path) -> Path:
    """A throwaway copy of the repository's data folders (rules, units, evidence)."""
    for name in ("rules", "units", "evidence"):
        src = ROOT / name
        if src.exists():
            shutil.copytree(src, tmp_path / name)
    return tmp_path


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    """The demo repository's site, built once per test session with ``mkdocs build --strict``."""
    from sitecheck import mkdocs_build

    out = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT / "mkdocs.yml", out)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium (Debian's) for every browser test; skipped when missing unless CI requires it."""
    import os

    from browser import Chromium, find_chromium
    executable = find_chromium()
    if executable is None:
        if os.environ.get("ZI_REQUIRE_BROWSER"):
            pytest.fail("Chromium not found but ZI_REQUIRE_BROWSER is set (CI installs Debian's chromium)")
        pytest.skip("Chromium not installed (apt-get install chromium)")
    chrome = Chromium(executable)
    yield chrome
    chrome.close()


# Test tiers (`make test-fast` runs -m "not browser and not builders and not slow"). Modules mark themselves; tests that
# use these fixtures are marked here, so a new test of the built site or in Chromium lands in the right tier by itself.
FIXTURE_MARKS = {"browser": "browser", "demo_site": "slow", "site": "slow", "gitrepo": "slow"}


def pytest_configure(config):
    for name, text in (("browser", "opens pages in headless Chromium"), ("builders", "builds the site with ProperDocs/Zensical"),
                       ("slow", "builds sites, Git repositories, servers or workbooks (seconds each); left out of make test-fast")):
        config.addinivalue_line("markers", f"{name}: {text}")


def pytest_collection_modifyitems(config, items):
    for item in items:
        for fixture, mark in FIXTURE_MARKS.items():
            if fixture in getattr(item, "fixturenames", ()):
                item.add_marker(getattr(pytest.mark, mark))
