"""Fuzz `zi check` and the site with mutated copies of the demo repository.

Every data file kind of the demo (unit, declarations, standards, surveys, plan, LKE, manifest, instansi, prasyarat) and
the evidence files are mutated — bytes flipped, cut and inserted, hostile strings written into values, nesting,
aliases and merge keys added. What must hold:

- `zi check` ends with exit code 0 or 1 (never a traceback), within a time bound;
- a site built from a repository `zi check` accepts publishes no script, event handler, external resource, personal
  data or internal evidence content.

A bounded run is part of the test suite (``tests/test_fuzz.py``); a longer one is this script:

    python tooling/fuzz/fuzz.py --iterations 500 --seed 1 [--site-every 25]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import random
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA_FILES = [
    "units/instansi.yaml", "units/prasyarat/2026.yaml", "units/disdukcapil/unit.yaml", "units/disdukcapil/pencanangan.yaml",
    "units/disdukcapil/standar-pelayanan.yaml", "units/disdukcapil/survei.yaml", "units/disdukcapil/rencana/2026.yaml",
    "units/disdukcapil/lke/2026/self.yaml", "units/disdukcapil/lke/2026/tpi.yaml", "evidence/disdukcapil/manifest.yaml",
]
EVIDENCE_FILES = ["evidence/disdukcapil/files/sk-tim-zi.pdf", "evidence/disdukcapil/files/foto-pencanangan.png"]

# Strings an attacker writes into values. Some `zi check` must refuse; the others must arrive inert on the site.
HOSTILE = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[klik](javascript:alert(1))", "![piksel](https://pelacak.example/p.gif)",
    "{: onclick=\"alert(1)\" }", "<iframe src=//x>", "&lt;script&gt;alert(1)&lt;/script&gt;", "＜script＞alert(1)＜/script＞",
    "`</code><script>x</script>`", "@tim-zi @everyone", "3201 0203 0405 0006", "32.01.02.030405.0006", "0812 3456\n 7890",
    "budi [at] gmail [dot] com", "\u202egpj.exe", "a\u200bb", "https://drive.google.com/file/d/1x/view?resourcekey=0-abc",
    "--- |\n  ", "*a", "&a x", "!!python/object:os.system", "%TAG ! tag:x", "<<: *a", "{{ 7*7 }}", "${7*7}", "\x00", "\\u0000",
    "a" * 5000, "1 " * 3000, "@" * 3000,
]
MAX_CHECK_SECONDS = 30.0


@dataclass
class Outcome:
    exit_code: int | None
    seconds: float
    error: str | None = None  # an uncaught exception: a bug


def run_check(root: Path) -> Outcome:
    """`zi check ROOT` in-process, as the CLI runs it; an exception escaping it is a traceback the user would see."""
    from zi_evidence.cli import main

    started = time.perf_counter()
    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["check", str(root)])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 2
    except BaseException as exc:  # noqa: BLE001 - that is what we are looking for
        return Outcome(None, time.perf_counter() - started, f"{type(exc).__name__}: {exc}")
    return Outcome(code, time.perf_counter() - started)


def mutate_bytes(data: bytes, rng: random.Random) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        op = rng.random()
        pos = rng.randrange(len(buf) + 1)
        if op < 0.3 and buf:
            buf[min(pos, len(buf) - 1)] = rng.randrange(256)
        elif op < 0.5:
            del buf[pos:pos + rng.randint(1, 64)]
        elif op < 0.8:
            buf[pos:pos] = rng.choice(HOSTILE).encode("utf-8", errors="replace")
        else:
            buf[pos:pos] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 16)))
    return bytes(buf)


_VALUE_LINE = re.compile(r"^(\s*(?:- )?[\w.-]+: )(.+)$", re.MULTILINE)


def mutate_yaml(text: str, rng: random.Random) -> str:
    """Structure-aware changes: hostile values (quoted as JSON strings, valid YAML), type changes, nesting, aliases."""
    op = rng.random()
    lines = list(_VALUE_LINE.finditer(text))
    if op < 0.55 and lines:
        m = rng.choice(lines)
        value = json.dumps(rng.choice(HOSTILE), ensure_ascii=rng.random() < 0.5)
        return text[:m.start(2)] + value + text[m.end(2):]
    if op < 0.7 and lines:
        m = rng.choice(lines)
        return text[:m.start(2)] + rng.choice(["3201020304050006", "[]", "{}", "null", "-1", "1e400", "yes", "~", "0x10"]) + text[m.end(2):]
    if op < 0.8:
        depth = rng.choice([50, 500, 10_000])
        return text + "\nzz: " + "[" * depth + "]" * depth + "\n"
    if op < 0.9:
        bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(f"{c}: &{c}\n  <<: [" + ", ".join([f"*{p}"] * 6) + "]\n  k: 1\n"
                                                               for p, c in zip("abcdefg", "bcdefgh", strict=True))
        return bomb if rng.random() < 0.5 else text + "\n" + bomb
    return mutate_bytes(text.encode(), rng).decode("utf-8", errors="replace")


class _PageScan(HTMLParser):
    """What a published page must not hold: scripts other than the theme's own (files, or inline scripts that the
    clean demo build has too), inline event handlers, script URLs, resources loaded from other hosts."""

    def __init__(self, allowed_scripts: frozenset[str] = frozenset()) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.allowed = allowed_scripts
        self.inline: list[str] = []
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.inline[-1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._in_script:
            self._in_script = False
            if self.inline[-1].strip() and self.inline[-1] not in self.allowed:
                self.problems.append(f"<script> inline: {self.inline[-1][:60]!r}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if (name in ("href", "src", "action", "formaction") and value and re.match(r"\s*(javascript|vbscript|data):", value, re.I)
                    and value != "data:,"):  # the letters' empty favicon
                self.problems.append(f"<{tag} {name}={value[:40]}>")
        if tag == "script":
            src = attributes.get("src") or ""
            if src and (re.match(r"\s*(https?:)?//", src) or not src.split("?")[0].endswith(".js")):
                self.problems.append(f"<script src={src[:60]}>")
            if not src:
                self._in_script = True
                self.inline.append("")
        loaded = attributes.get("src") if tag in ("img", "script", "iframe", "audio", "video", "source", "embed") else None
        if tag == "link" and attributes.get("rel") in ("stylesheet", "preload", "icon"):
            loaded = attributes.get("href")
        if tag in ("object", "iframe", "embed", "base", "meta") and tag != "meta":
            self.problems.append(f"<{tag}>")
        if loaded and re.match(r"\s*(https?:)?//", loaded):
            self.problems.append(f"<{tag}> loads {loaded[:60]}")


def inline_scripts(site: Path) -> frozenset[str]:
    """The theme's inline scripts, from a clean build: the only inline scripts a page may carry."""
    found: set[str] = set()
    for path in site.rglob("*.html"):
        scan = _PageScan()
        scan.feed(path.read_text(encoding="utf-8", errors="replace"))
        found.update(scan.inline)
    return frozenset(found)


def site_problems(site: Path, internal_titles: list[str], allowed_scripts: frozenset[str] = frozenset()) -> list[str]:
    """Scripts, handlers, external resources, personal data and internal titles in a built site."""
    from zi_evidence.scan.text import personal_data

    out = []
    for path in site.rglob("*"):
        if not path.is_file() or path.suffix not in (".html", ".json", ".xml", ".txt"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".html":
            scan = _PageScan(allowed_scripts)
            scan.feed(text)
            out.extend(f"{path.relative_to(site)}: {p}" for p in scan.problems)
        if path.parts[-2:-1] != ("schemas",):
            kinds = personal_data(text)
            if kinds:
                out.append(f"{path.relative_to(site)}: data pribadi {kinds}")
        out.extend(f"{path.relative_to(site)}: judul internal {t!r}" for t in internal_titles if t in text)
    return out


def internal_titles(root: Path) -> list[str]:
    import yaml

    out = []
    for manifest in (root / "evidence").glob("*/manifest.yaml"):
        with contextlib.suppress(Exception):
            for entry in yaml.safe_load(manifest.read_text()).get("items") or []:
                if isinstance(entry, dict) and entry.get("visibility") == "internal" and isinstance(entry.get("title"), str):
                    out.append(entry["title"])
    return out


def build_site(root: Path, out: Path) -> tuple[int, str]:
    import os
    import subprocess

    env = dict(os.environ, ZI_SITE_TODAY="2026-11-22", NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml"), "--site-dir", str(out)],
                            capture_output=True, text=True, env=env, timeout=600)
    return result.returncode, result.stderr


def fresh_copy(tmp: Path) -> Path:
    root = tmp / "repo"
    if root.exists():
        shutil.rmtree(root)
    for name in ("rules", "units", "evidence", "docs"):
        shutil.copytree(ROOT / name, root / name)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root


def one_case(tmp: Path, rng: random.Random) -> tuple[Path, str]:
    """A fresh copy of the demo with one file mutated; returns (root, what was done)."""
    root = fresh_copy(tmp)
    if rng.random() < 0.8:
        rel = rng.choice(DATA_FILES)
        path = root / rel
        path.write_text(mutate_yaml(path.read_text(encoding="utf-8"), rng), encoding="utf-8")
    else:
        rel = rng.choice(EVIDENCE_FILES)
        path = root / rel
        path.write_bytes(mutate_bytes(path.read_bytes(), rng))
    return root, rel


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--site-every", type=int, default=25, help="build the site for every N-th accepted case")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)  # noqa: S311 - reproducible mutations, not secrets
    failures, accepted, slowest = [], 0, 0.0
    with tempfile.TemporaryDirectory() as tmp:
        code, stderr = build_site(fresh_copy(Path(tmp)), Path(tmp) / "clean")
        if code:
            print(stderr)
            return 2
        allowed = inline_scripts(Path(tmp) / "clean")
        for i in range(args.iterations):
            root, rel = one_case(Path(tmp), rng)
            outcome = run_check(root)
            slowest = max(slowest, outcome.seconds)
            if outcome.error or outcome.exit_code not in (0, 1) or outcome.seconds > MAX_CHECK_SECONDS:
                failures.append(f"#{i} {rel}: exit {outcome.exit_code}, {outcome.seconds:.1f} s, {outcome.error}")
                continue
            if outcome.exit_code == 0:
                accepted += 1
                if accepted % args.site_every == 0:
                    code, stderr = build_site(root, Path(tmp) / "site")
                    if code == 0:
                        failures.extend(f"#{i} {rel}: {p}" for p in site_problems(Path(tmp) / "site", internal_titles(root), allowed))
    print(f"{args.iterations} kasus, {accepted} diterima zi check, terlama {slowest:.2f} s, {len(failures)} kegagalan")
    for failure in failures:
        print("  " + failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
