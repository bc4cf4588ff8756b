"""Reporters for ``zi check --format``: where problems go so people see them on the changed lines.

A registry like check-jsonschema's: ``text`` for terminals, ``github`` (workflow commands: annotations on the pull
request's diff), ``gitlab`` (a Code Quality report for the merge-request widget), ``sarif`` (2.1.0, for code scanning and
editors) and ``json``. Each takes the problems and returns the text to write; none of them decides what fails.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence

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


def _fingerprint(p: Problem) -> str:
    return hashlib.sha256(f"{p.file}\0{p.line}\0{p.code}\0{p.message}".encode()).hexdigest()


def _gitlab(problems: Sequence[Problem]) -> str:
    """GitLab Code Quality (CodeClimate subset): description, check_name, fingerprint, severity, location."""
    return json.dumps([{
        "description": p.message, "check_name": p.code or "zi-check", "fingerprint": _fingerprint(p),
        "severity": "minor" if p.severity == "warning" else "major",
        "location": {"path": p.file, "lines": {"begin": p.line or 1}},
    } for p in problems], ensure_ascii=False, indent=1)


def _sarif(problems: Sequence[Problem]) -> str:
    rules = sorted({p.code or "zi-check" for p in problems})
    results = []
    for p in problems:
        location: dict = {"artifactLocation": {"uri": p.file}}
        if p.line:
            location["region"] = {"startLine": p.line}
        results.append({"ruleId": p.code or "zi-check", "level": "warning" if p.severity == "warning" else "error",
                        "message": {"text": p.message}, "locations": [{"physicalLocation": location}],
                        "partialFingerprints": {"zi/v1": _fingerprint(p)}})
    return json.dumps({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": TOOL, "informationUri": INFO_URI, "rules": [{"id": r} for r in rules]}},
                  "results": results}],
    }, ensure_ascii=False, indent=1)


def _json(problems: Sequence[Problem]) -> str:
    return json.dumps([{"file": p.file, "line": p.line, "severity": p.severity, "code": p.code, "message": p.message} for p in problems],
                      ensure_ascii=False, indent=1)


REPORTERS: dict[str, Callable[[Sequence[Problem]], str]] = {
    "text": _text, "github": _github, "gitlab": _gitlab, "sarif": _sarif, "json": _json,
}
