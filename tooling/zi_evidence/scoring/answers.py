"""Turn the ``answers:`` mapping of an LKE file into normalised answers, or explain what is wrong.

Validation (an option the item does not have, counts that contradict each other) is kept apart from
scoring: the engine only ever sees answers that passed here. Pure: takes data, returns data.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any

from ..problems import Problem
from ..ruleset.model import Item, RuleSet
from ..yamlio import line_of

LONG_FORM_KEYS = ("answer", "evidence", "berkas", "note", "status", "catatan", "tanggapan", "publik")
UPLOAD_PATH = re.compile(r"^files/[^/\\\x00-\x1f]{1,200}$")  # a file uploaded through the form, in evidence/<unit>/files/
REVIEW_STATUSES = ("revisi", "diterima")  # the TPI's (or TPN's) verdict on one item; the unit answers with `tanggapan`

Answer = str | float | dict[str, int]


@dataclass
class ParsedAnswers:
    """Normalised answers (unanswered items absent), evidence ids cited per item, and problems."""

    values: dict[str, Answer] = field(default_factory=dict)
    evidence: dict[str, list[str]] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    uploads: dict[str, str] = field(default_factory=dict)  # item id -> files/<name> uploaded for it through the form (DESIGN §6)
    lines: dict[str, int | None] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    invalid: dict[str, str] = field(default_factory=dict)  # item id -> why its answer was not used (it counts 0)
    review: dict[str, dict[str, Any]] = field(default_factory=dict[str, Any])  # item id -> {status, catatan, tanggapan, publik} as written

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _choice(item: Item, raw: Any) -> tuple[str | None, str | None]:
    if isinstance(raw, str):
        code = item.codes_by_casefold.get(raw.strip().casefold())
        if code is not None:
            return code, None
    codes = [o.code for o in item.options]
    if item.type == "yesno" and isinstance(raw, bool):
        return ("Ya" if raw else "Tidak"), None
    if isinstance(raw, bool):  # YAML 1.1 reads yes/no/on/off/true/false as booleans
        return None, (f"jawaban butir {item.id} dibaca YAML sebagai benar/salah (yes/no/on/off/true/false tanpa tanda kutip); "
                      f"tulis salah satu dari {', '.join(codes)}")
    if not isinstance(raw, str):
        return None, f"jawaban butir {item.id} harus salah satu dari {', '.join(codes)}, bukan {raw!r}"
    kind = "Ya/Tidak" if item.type == "yesno" else "/".join(codes)
    return None, f"pilihan {raw!r} tidak ada untuk butir {item.id} (jenis {kind}); pilih salah satu: {', '.join(codes)}"


def _ranged(item: Item, raw: Any) -> tuple[float | None, str | None]:
    """A survey score or an entered value: a number within the item's range (3,72 is read as 3.72)."""
    low, high = item.range or (0.0, 0.0)
    value: float | None = None
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        value = float(raw)
    elif isinstance(raw, str):
        try:
            value = float(raw.strip().replace(",", "."))
        except ValueError:
            value = None
    if value is None or value != value:  # NaN check
        return None, f"{item.range_hint.split(' ', 1)[0]} butir {item.id} harus angka ({item.range_hint}, mis. {(low + high) / 2:g}), bukan {raw!r}"
    if not low <= value <= high:
        return None, f"{item.range_hint.split(' ')[0]} butir {item.id} harus di antara {low:g} dan {high:g}, bukan {value:g}"
    return value, None


def _counts(item: Item, raw: Any) -> tuple[dict[str, int] | None, list[str]]:
    names = [i.name for i in item.inputs]
    if not isinstance(raw, Mapping):
        return None, [f"butir {item.id} diisi dengan jumlah: tulis mapping {{{', '.join(n + ': 0' for n in names)}}}"]
    errors = []
    counts: dict[str, int] = {}
    for key, value in raw.items():
        if value is None:
            continue  # a scaffolded, not yet filled count
        if key not in names:
            errors.append(f"masukan '{key}' tidak dikenal untuk butir {item.id}; yang dikenal: {', '.join(names)}")
        elif not _is_int(value) or value < 0:
            errors.append(f"{item.id}.{key} harus bilangan bulat ≥ 0, bukan {value!r}")
        else:
            counts[key] = value
    if errors:
        return None, errors
    if not counts:
        return {}, []
    missing = [i.name for i in item.inputs if i.scored and i.name not in counts]
    if missing:
        return None, [f"butir {item.id} belum lengkap: isi juga {', '.join(missing)}"]
    return counts, contradictions(item, counts)


def contradictions(item: Item, counts: Mapping[str, int]) -> list[str]:
    """Counts of one computed item that cannot all be true at once (DESIGN §4)."""
    errors = []
    f = item.formula
    if f and f.kind == "ratio" and not f.numerator_may_exceed_denominator:
        num = sum(counts.get(n, 0) for n in f.numerator)
        den = sum(counts.get(n, 0) for n in f.denominator)
        if num > den:
            errors.append(
                f"butir {item.id}: {' + '.join(f.numerator)} ({num}) melebihi {' + '.join(f.denominator)} ({den}); "
                "periksa kembali jumlahnya — rasio ini tidak boleh lebih dari 100 %"
            )
    for c in item.constraints:
        left = sum(counts.get(n, 0) for n in c.sum)
        right = sum(counts.get(n, 0) for n in c.at_most)
        if left > right:
            errors.append(
                f"butir {item.id}: {' + '.join(c.sum)} ({left}) melebihi {' + '.join(c.at_most)} ({right}); "
                "jumlah yang diproses dan yang selesai tidak boleh melebihi yang harus ditindaklanjuti"
            )
    return errors


def unwrap(raw: Any) -> Any:
    """The answer of a short or long form entry (``{answer: A, evidence: […]}`` → ``A``)."""
    return raw.get("answer") if isinstance(raw, Mapping) and ("answer" in raw or set(raw) <= set(LONG_FORM_KEYS)) else raw


def normalise_answer(item: Item, answer: Any) -> tuple[Answer | None, list[str]]:
    """The one answer normaliser (check, score, both exports, the PR report, the site): ``b`` → ``B``, ``ya`` → ``Ya``,
    ``3,72`` → 3.72, counts with their unfilled inputs dropped. (None, []) when unanswered; (None, errors) when invalid."""
    if answer is None:
        return None, []
    if item.is_choice:
        value, error = _choice(item, answer)
        return value, [error] if error else []
    if item.range is not None:
        number, error = _ranged(item, answer)
        return number, [error] if error else []
    counts, errors = _counts(item, answer)
    return (None, errors) if counts == {} or counts is None else (counts, errors)


def canonical(item: Item, raw: Any) -> Answer | None:
    """A stored entry's answer in canonical form, or None when it is empty or invalid (it counts 0)."""
    value, errors = normalise_answer(item, unwrap(raw))
    return None if errors else value


def parse_answers(rules: RuleSet, raw_answers: Any, filename: str) -> ParsedAnswers:
    """Validate and normalise the ``answers`` mapping of one LKE file against ``rules``."""
    out = ParsedAnswers()
    if raw_answers is None:
        return out
    if not isinstance(raw_answers, Mapping):
        out.problems.append(Problem(filename, line_of(raw_answers), "'answers' harus berupa mapping butir: jawaban", code="answers.shape"))
        return out
    for item_id, raw in raw_answers.items():
        line = line_of(raw_answers, item_id)
        out.lines[item_id] = line
        item = rules.items.get(item_id) if isinstance(item_id, str) else None
        if item is None:
            hint = ""
            if isinstance(item_id, str):
                close = [i for i in rules.items if i.lower() == item_id.lower()]
                hint = f"; maksud Anda {close[0]}?" if close else "; lihat daftar butir di halaman Metodologi"
            out.problems.append(
                Problem(filename, line, f"butir '{item_id}' tidak ada di rule set {rules.id}{hint}", code="answers.unknown_item")
            )
            continue
        answer = raw
        if isinstance(raw, Mapping) and ("answer" in raw or item.type != "computed"):
            unknown = [k for k in raw if k not in LONG_FORM_KEYS]
            if unknown:
                out.problems.append(Problem(
                    filename, line_of(raw, unknown[0]) or line,
                    f"kunci '{unknown[0]}' tidak dikenal pada butir {item_id}; gunakan {', '.join(LONG_FORM_KEYS)}",
                    code="answers.unknown_key"))
                out.invalid[item_id] = f"kunci '{unknown[0]}' tidak dikenal"
                continue
            answer = raw.get("answer")
            ev = raw.get("evidence")
            if ev is not None:
                if isinstance(ev, str):
                    ev = [ev]
                if not isinstance(ev, list) or not all(map(isinstance, ev, repeat(str))):  # map: no Python frame per id
                    out.problems.append(Problem(filename, line_of(raw, "evidence") or line,
                                                f"evidence butir {item_id} harus daftar id bukti (teks)", code="answers.evidence"))
                else:
                    out.evidence[item_id] = list(ev)
            if isinstance(raw.get("note"), str):
                out.notes[item_id] = raw["note"]
            upload = raw.get("berkas")
            if upload not in (None, ""):
                if isinstance(upload, str) and UPLOAD_PATH.match(upload) and ".." not in upload:
                    out.uploads[item_id] = upload
                else:
                    out.problems.append(Problem(filename, line_of(raw, "berkas") or line,
                                                f"berkas butir {item_id} harus nama berkas di evidence/<unit>/files/ (files/<nama>), "
                                                f"bukan {upload!r}", code="answers.upload"))
            review = {k: raw[k] for k in ("status", "catatan", "tanggapan", "publik") if raw.get(k) is not None}
            if "status" in review and review["status"] not in REVIEW_STATUSES:
                out.problems.append(Problem(filename, line_of(raw, "status") or line,
                                            f"status butir {item_id} harus 'revisi' atau 'diterima', bukan {review['status']!r}",
                                            code="answers.review"))
                review.pop("status")
            if review:
                out.review[item_id] = review
        value, errors = normalise_answer(item, answer)
        if value is None and not errors:
            continue
        if errors:
            for message in errors:
                out.problems.append(Problem(filename, line, message, code="answers.invalid"))
            out.invalid[item_id] = errors[0]
            continue
        out.values[item_id] = value  # type: ignore[assignment]
    return out
