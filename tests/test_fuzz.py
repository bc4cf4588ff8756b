"""Fuzzing as a habit: a bounded run of ``tooling/fuzz/fuzz.py`` (the longer run is the script itself).

- every demo file kind, mutated in bytes and in structure: ``zi check`` exits 0 or 1, never with a traceback, in bounded time;
- a site built from data ``zi check`` accepts — hostile strings it lets through included — publishes no script, event
  handler, external resource, personal data or internal content.
"""

from __future__ import annotations

import json
import random
import sys

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from committed import COMMITTED, SOURCE

sys.path.insert(0, str(SOURCE / "tooling" / "fuzz"))
import fuzz  # noqa: E402

fuzz.ROOT = COMMITTED  # the script mutates copies of the demo data: HEAD's, not the working tree's

pytestmark = pytest.mark.slow  # fuzzing runs

# What `zi check` accepts on purpose (inert once escaped) and must arrive inert on the site.
ACCEPTED_HOSTILE = ["![piksel](https://pelacak.example/p.gif)", "[tautan](https://evil.example/x)", "**tebal** _miring_ `kode`",
                    "{{ 7*7 }} ${7*7} {% raw %}", "@tim-zi @everyone", "&#60;script&#62;alert(1)&#60;/script&#62;", "javascript&#58;alert(1)",
                    "# judul palsu", "| a | b |", "\\*b\\*", "=cmd|' /C calc'!A0", "--- \n...", "![x](//pelacak.example/p.gif)"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1))
@example(seed=15525)  # a manifest entry without supports crashed the evidence and LKE checks (KeyError)
def test_check_never_crashes_on_mutated_files(tmp_path_factory, seed):
    tmp = tmp_path_factory.mktemp("fuzz")
    root, rel = fuzz.one_case(tmp, random.Random(seed))  # noqa: S311
    outcome = fuzz.run_check(root)
    assert outcome.error is None, f"{rel}: {outcome.error}"
    assert outcome.exit_code in (0, 1) and outcome.seconds < fuzz.MAX_CHECK_SECONDS, (rel, outcome)


@pytest.mark.parametrize("rel", fuzz.DATA_FILES)
def test_every_file_kind_survives_each_structural_attack(tmp_path, rel):
    for variant in range(6):
        root = fuzz.fresh_copy(tmp_path)
        path = root / rel
        path.write_text(fuzz.mutate_yaml(path.read_text(encoding="utf-8"), random.Random(variant)), encoding="utf-8")  # noqa: S311
        outcome = fuzz.run_check(root)
        assert outcome.error is None and outcome.exit_code in (0, 1), (rel, variant, outcome)


def test_site_from_accepted_hostile_data_is_inert(tmp_path, demo_site):
    root = fuzz.fresh_copy(tmp_path)
    replacements = {
        "units/dinas-sosial/unit.yaml": ("address: ", "address: "),
        "units/dinas-sosial/pencanangan.yaml": ("place: ", "place: "),
        "units/dinas-sosial/standar-pelayanan.yaml": ("name: ", "name: "),
    }
    for i, (rel, (key, _)) in enumerate(replacements.items()):
        path = root / rel
        lines = path.read_text().splitlines()
        for n, line in enumerate(lines):
            if line.lstrip().startswith(key):
                lines[n] = line[: line.index(key) + len(key)] + json.dumps(" ".join(ACCEPTED_HOSTILE[i::3]))
                break
        else:
            raise AssertionError(f"{key} not in {rel}")
        path.write_text("\n".join(lines) + "\n")
    assert fuzz.run_check(root).exit_code == 0
    code, stderr = fuzz.build_site(root, tmp_path / "site")
    assert code == 0, stderr
    problems = fuzz.site_problems(tmp_path / "site", fuzz.internal_titles(root), fuzz.inline_scripts(demo_site))
    assert problems == []
    page = (tmp_path / "site/unit/dinas-sosial/index.html").read_text()
    assert "pelacak.example/p.gif" in page and 'src="https://pelacak' not in page  # shown as text, never loaded


def test_fuzz_script_runs(tmp_path, capsys):
    assert fuzz.main(["--iterations", "4", "--seed", "1", "--site-every", "1"]) in (0, 1)
    out = capsys.readouterr().out
    assert "4 kasus" in out and "0 kegagalan" in out
