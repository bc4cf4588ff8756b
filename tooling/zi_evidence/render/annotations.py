"""Reporters for ``zi check --format``: where problems go so people see them on the changed lines.

A registry like check-jsonschema's: ``text`` for terminals, ``github`` (workflow commands: annotations on the pull
request's diff), ``gitlab`` (a Code Quality report for the merge-request widget), ``sarif`` (2.1.0, for code scanning and
editors) and ``json``. Each takes the problems and returns the text to write; none of them decides what fails.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ..problems import Problem

TOOL = "zi-evidence"
INFO_URI = "https://github.com/zi-evidence/zi-evidence"


def _text(problems: Sequence[Problem]) -> str:
    return "\n".join(str(p) for p in problems)


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def _github(problems: Sequence[Problem]) -> str:
    """``::error file=…,line=…,title=…::message`` — GitHub shows each on its line of the diff (data escaped as documented)."""
    out = []
    for p in problems:
        level = "warning" if p.severity == "warning" else "error"
        props = [f"file={_escape_property(p.file)}"] + ([f"line={p.line}"] if p.line else [])
        props.append(f"title={_escape_property('zi check' + (f' ({p.code})' if p.code else ''))}")
        out.append(f"::{level} {','.join(props)}::{_escape_data(p.message)}")
    return "\n".join(out)


_LINE_NUMBERS = re.compile(r"\b(baris|line|lines)\s+\d+", re.IGNORECASE)


def fingerprints(problems: Sequence[Problem]) -> list[str]:
    """A stable identity per problem: file, code and message without line numbers, plus its occurrence number.

    Why without the line: a problem that an inserted line above it moved down is the same problem, and code scanning
    (SARIF ``partialFingerprints``) and GitLab's widget (``fingerprint``) would otherwise call it fixed and new again.
    Messages that quote a line ("pertama di baris 3") lose the number too. Two identical problems in one file are told
    apart by their order, which an inserted line does not change.
    """
    seen: Counter[tuple[str, str, str]] = Counter()
    out = []
    for p in problems:
        key = (p.file, p.code, _LINE_NUMBERS.sub(r"\1 #", p.message))
        seen[key] += 1
        out.append(hashlib.sha256("\0".join((*key, str(seen[key]))).encode()).hexdigest())
    return out


@cache
def problem_codes() -> dict[str, dict[str, str]]:
    """The short description and help text of each problem code (``problem_codes.yaml``)."""
    return yaml.safe_load((Path(__file__).parent / "problem_codes.yaml").read_text(encoding="utf-8"))


def describe_code(code: str) -> dict[str, str]:
    """``{"short", "help"}`` of ``code``: the code itself, else its family (before the first dot), else ``zi-check``."""
    codes = problem_codes()
    return codes.get(code) or codes.get(code.partition(".")[0]) or codes["zi-check"]


def _gitlab(problems: Sequence[Problem]) -> str:
    """GitLab Code Quality (CodeClimate subset): description, check_name, fingerprint, severity, location."""
    return json.dumps([{
        "description": p.message, "check_name": p.code or "zi-check", "fingerprint": fp,
        "severity": "minor" if p.severity == "warning" else "major",
        "location": {"path": p.file, "lines": {"begin": p.line or 1}},
    } for p, fp in zip(problems, fingerprints(problems), strict=True)], ensure_ascii=False, indent=1)


def _sarif(problems: Sequence[Problem]) -> str:
    rule_ids = sorted({p.code or "zi-check" for p in problems})
    rules = []
    for rule_id in rule_ids:
        text = describe_code(rule_id)
        rules.append({"id": rule_id, "name": rule_id, "shortDescription": {"text": text["short"]},
                      "fullDescription": {"text": text["help"]}, "help": {"text": text["help"], "markdown": text["help"]},
                      "helpUri": INFO_URI})
    results = []
    for p, fp in zip(problems, fingerprints(problems), strict=True):
        location: dict[str, Any] = {"artifactLocation": {"uri": p.file}}
        if p.line:
            location["region"] = {"startLine": p.line}
        results.append({"ruleId": p.code or "zi-check", "ruleIndex": rule_ids.index(p.code or "zi-check"),
                        "level": "warning" if p.severity == "warning" else "error",
                        "message": {"text": p.message}, "locations": [{"physicalLocation": location}],
                        "partialFingerprints": {"zi/v2": fp}})
    return json.dumps({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": TOOL, "informationUri": INFO_URI, "rules": rules}}, "results": results}],
    }, ensure_ascii=False, indent=1)


def _json(problems: Sequence[Problem]) -> str:
    return json.dumps([{"file": p.file, "line": p.line, "severity": p.severity, "code": p.code, "message": p.message} for p in problems],
                      ensure_ascii=False, indent=1)


REPORTERS: dict[str, Callable[[Sequence[Problem]], str]] = {
    "text": _text, "github": _github, "gitlab": _gitlab, "sarif": _sarif, "json": _json,
}
