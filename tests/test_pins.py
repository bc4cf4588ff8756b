"""Every distribution installed for the project has a pin in ``constraints.txt`` (``make lock`` regenerates it)."""

from __future__ import annotations

import importlib.metadata
import re
import sys

import pytest

from committed import SOURCE

sys.path.insert(0, str(SOURCE / "tooling"))
from lock import normalize  # noqa: E402 - the lock script's own name rule, not a second one


def pins() -> dict[str, str]:
    out = {}
    for line in (SOURCE / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, sep, version = line.partition("==")
            assert sep and re.fullmatch(r"[\w.+!-]+", version), f"constraints.txt: '{line}' is not an exact pin"
            out[normalize(name)] = version
    return out


def test_every_installed_distribution_is_pinned():
    pinned = pins()
    missing, drifted = [], []
    for dist in importlib.metadata.distributions():
        name = normalize(dist.metadata["Name"])
        if name == "zi-evidence":
            continue
        if name not in pinned:
            missing.append(f"{dist.metadata['Name']}=={dist.version}")
        elif pinned[name] != dist.version:
            drifted.append(f"{dist.metadata['Name']}: installed {dist.version}, pinned {pinned[name]}")
    assert not missing, f"installed without a pin (run `make lock`): {missing}"
    assert not drifted or name_allows_drift(drifted), f"installed versions differ from constraints.txt: {drifted}"


def name_allows_drift(drifted: list[str]) -> bool:
    """setuptools comes with the virtualenv (ensurepip of the machine's Python); nothing installs it through the pins."""
    return all(line.split(":")[0].lower() == "setuptools" for line in drifted)


def commands(path) -> list[str]:
    """The lines of ``path`` that run: all of a script, only the fenced code blocks of Markdown (prose may name extras)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if path.suffix != ".md":
        return lines
    fenced, inside = [], False
    for line in lines:
        if line.startswith("```"):
            inside = not inside
        elif inside:
            fenced.append(line)
    return fenced


@pytest.mark.parametrize("where", ["Makefile", ".ci/run", "README.md", ".github/workflows", ".gitlab-ci.yml"])
def test_every_install_goes_through_the_pins(where):
    path = SOURCE / where
    files = sorted(path.glob("*.yml")) if path.is_dir() else [path]
    installs = [(f.name, line.strip()) for f in files for line in commands(f)
                if re.search(r"\bpip3?\"? install\b", line) and not line.strip().startswith("#")]
    assert installs, where
    unpinned = [(name, line) for name, line in installs if "-c constraints.txt" not in line and "-c \"$" not in line]
    assert not unpinned, unpinned
