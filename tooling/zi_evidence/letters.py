"""Submission letters from the data, after the templates of Perwal Binjai 3/2024 (Lampiran I and III) and
Perwal Kupang 23/2025: Surat Pengajuan to the TPN, SPTJM, Laporan Monitoring dan Evaluasi, Deklarasi, Piagam.

Each letter is Markdown (every data string escaped) and print-ready HTML (A4, print CSS). Blanks the data does
not hold (a letter number not yet issued, a NIP that must not be published) stay as dotted lines to fill by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import markdown

from .declarations import declaration_of
from .escaping import markdown_readable
from .numfmt import angka, hari, parse_date, persen, tanggal
from .repository import Repository, UnitRecord
from .scoring.engine import headline, national_eligibility
from .scoring.gaps import gap_advice
from .scoring.policy import deadline, monitoring_due
from .templating import environment, fragment, render, trusted

md = markdown_readable  # the one escaping policy (escaping.py): a letter's Markdown stays readable as a file

BLANK = "…………………"


_HEADING = re.compile(r"^(?=#{1,6} )", re.MULTILINE)  # where an ATX heading starts a line (data lines start escaped)


@dataclass(frozen=True)
class LetterSection:
    """A letter's text from one heading to the next, converted once for both the print page and the site."""

    heading: str | None  # the Markdown heading line; None for text before the first heading
    html: str  # the section converted (its heading is the first line when there is one)

    @property
    def body_html(self) -> str:
        """The converted text under the heading."""
        return self.html if self.heading is None else self.html.partition("\n")[2]


@dataclass(frozen=True)
class Letter:
    slug: str
    title: str
    markdown: str
    html_body: str | None = None  # a letter laid out in HTML (the declarations, shared with the unit page); else from markdown

    @cached_property
    def sections(self) -> list[LetterSection]:
        """The letter cut at its headings, each part converted once: the print page joins them; the site keeps the
        headings as Markdown (its table of contents and anchors) and the text as this HTML. A heading ends every
        Markdown block, so the joined parts are what converting the whole letter gives (tests/test_letters.py)."""
        chunks = [c for c in _HEADING.split(self.markdown) if c.strip()]
        return [LetterSection(c.split("\n", 1)[0] if c.startswith("#") else None, _to_html(c)) for c in chunks]

    def html(self) -> str:
        """The print-ready page (``templates/letters/print.html``): A4, print CSS. Letters stay Indonesian documents."""
        body = fragment(self.html_body if self.html_body is not None else "\n".join(s.html for s in self.sections))
        return render("html", "letters/print.html", lang="id", title=self.title, body=body)


_converter: markdown.Markdown | None = None
# Inline syntax a letter never holds: its templates write none of it (tests/test_letters.py) and every data string
# reaches it through ``markdown_readable``, which escapes the ` [ ] < that code spans, links, images, autolinks and
# inline HTML start with. Not trying them on every line makes a letter ~30 % faster to convert (0.8 ms a unit at
# 10,000 units).
UNUSED_INLINE = ("backtick", "reference", "link", "image_link", "image_reference", "short_reference", "short_image_ref",
                 "autolink", "automail", "html")


def _to_html(text: str) -> str:
    """Markdown → HTML with one converter per process (building one loads its extensions: ~2 ms a letter)."""
    global _converter  # noqa: PLW0603
    if _converter is None:
        _converter = markdown.Markdown(extensions=["tables"])
        for name in UNUSED_INLINE:
            _converter.inlinePatterns.deregister(name)
    return _converter.reset().convert(text)


def _stage(record: UnitRecord, stage: str, year: int | None = None) -> dict:
    for s in record.profile.get("stages") or []:
        if isinstance(s, dict) and s.get("stage") == stage and (year is None or str(s.get("date", "")).startswith(str(year))):
            return s
    return {}


def _signer(place: str, when: str | None, role: str, name: str, extra: str = "") -> dict:
    """The signature block's values (``letters/_signature.md``): each line of the role on its own line; ``extra`` is
    the letter's own Markdown (a stamp note), trusted."""
    return {"place": place, "when": tanggal(when) if when else BLANK, "role_lines": role.split("\n"), "name": name, "extra": trusted(extra)}


def _letter(template: str, **values: Any) -> str:
    return render("letter", f"letters/{template}.md", blank=BLANK, **values)


def surat_pengajuan(repo: Repository, records: list[UnitRecord], year: int, rules_title: str) -> Letter:
    """Binjai Lampiran III huruf A: the head of the instansi proposes units to the TPN."""
    inst = repo.instansi
    head = inst.get("head") or {}
    proposed = [r for r in records if _stage(r, "pengajuan_tpn", year)]
    first = _stage(proposed[0], "pengajuan_tpn", year) if proposed else {}
    checks = [submission_check(r, year) for r in proposed]
    text = _letter("surat-pengajuan", number=first.get("decree") or BLANK, rules_title=rules_title, instansi=inst.get("name") or "", year=year,
                   proposed=[{"name": r.name, "target": r.profile.get("target") or "WBK"} for r in proposed], checks=checks,
                   **_signer(str(inst.get("city") or BLANK), first.get("date"), str(head.get("position") or "Pimpinan Instansi").upper(),
                             str(head.get("name") or BLANK)))
    if checks:
        text = text.rstrip("\n")
    return Letter("surat-pengajuan", f"Surat Pengajuan Evaluasi kepada TPN {year}", text)


def submission_check(record: UnitRecord, year: int) -> str:
    """One line on whether a proposed unit may be proposed: the national verdict for its target and the submission
    criteria, from the TPI's assessment of the year (else the unit's own)."""
    target = str(record.profile.get("target") or "WBK")
    entry = record.scored(year, "tpi") or record.scored(year, "self")
    if entry is None or entry.result is None:
        return f"{record.name} ({target}): belum ada penilaian LKE {year} yang dapat dinilai"
    result = entry.result
    verdict = national_eligibility(result).get(target) or {}
    status = verdict.get("status") or ("memenuhi" if verdict.get("eligible") else "belum memenuhi")
    line = f"{record.name} ({target}, nilai {angka(result['total'])}): Tabel 6 nasional {status}"
    failed = [c["label"] for c in verdict.get("checks") or [] if c["passed"] is False]
    if failed:
        line += " — belum: " + "; ".join(failed)
    criteria = (result.get("prerequisites") or {}).get(target)
    if criteria:
        bad = [c["label"] for c in criteria["checks"] if c["passed"] is False]
        unknown = [c["label"] for c in criteria["checks"] if c["passed"] is None]
        line += "; kriteria pengajuan " + ("terpenuhi" if criteria["met"] else "belum terpenuhi")
        if bad:
            line += " — " + "; ".join(bad)
        if unknown:
            line += f" ({len(unknown)} belum ada data)"
    return line


def sptjm(repo: Repository, record: UnitRecord, year: int) -> Letter:
    """Binjai Lampiran III huruf B (with Kupang's statement): the unit head vouches for the evidence."""
    head = record.profile.get("head") or {}
    when = _stage(record, "pengajuan_tpn", year).get("date")
    text = _letter("sptjm", unit_name=record.name, head_name=head.get("name"), head_position=head.get("position"), address=record.profile.get("address"),
                   year=year, evidence_count=len(record.manifest.get("items") or []),
                   **_signer(str(repo.instansi.get("city") or BLANK), when, "Yang membuat pernyataan,\n" + str(head.get("position") or "Kepala Unit Kerja"),
                             str(head.get("name") or BLANK), "\n\n*Meterai Rp10.000*"))
    return Letter("sptjm", f"SPTJM {record.name} {year}", text)


def laporan_monev(repo: Repository, record: UnitRecord, year: int) -> Letter | None:
    """Kupang's letter "Penyampaian Hasil Monitoring": findings computed from the TPI's assessment and the action plan."""
    entry = record.scored(year, "tpi")
    if entry is None or entry.result is None or entry.lke is None:
        return None
    result, inst = entry.result, repo.instansi
    tpi = inst.get("tpi") or {}
    rules = repo.rules(result["rules"])
    findings = []
    target = record.profile.get("target") or "WBK"
    for pid, verdict in result["eligibility"].items():
        if pid != target:
            continue  # a WBK candidate's WBBM gaps are not findings
        for check in verdict["checks"]:
            if check["passed"] is False:
                findings.append(f"{verdict['name']}: {check['label']} belum terpenuhi. {gap_advice(rules, result, check)}")
    own = record.scored(year, "self")
    if own and own.result:
        differ = sum(1 for i, v in result["items"].items() if own.result["items"][i]["answer"] != v["answer"])
        findings.append(f"Penilaian TPI berbeda dari penilaian mandiri pada {differ} butir (nilai mandiri {angka(own.result['total'])}, "
                         f"nilai TPI {angka(result['total'])}).")
    plan = record.plans.get(year) or {}
    late = [a.get("action") for area in plan.get("areas") or [] for a in area.get("actions") or []
            if isinstance(a.get("realisasi"), dict) and a["realisasi"]
            and a["realisasi"][max(a["realisasi"])] < (a.get("target") or {}).get(max(a["realisasi"]), 0)]
    if late:
        findings.append(f"{len(late)} kegiatan rencana aksi {year} realisasinya di bawah target, antara lain: {late[0]}.")
    if not findings:
        findings.append(f"Seluruh kriteria Tabel 6 terpenuhi (nilai total {angka(result['total'])}, kelengkapan {persen(result['completeness'])}).")
    when = entry.lke.data.get("assessed_on")
    day = parse_date(when)
    members = [tpi.get("lead") or {}] + list(tpi.get("members") or [])
    lead = tpi.get("lead") or {}
    text = _letter("laporan-monev", addressee=(record.profile.get("head") or {}).get("position") or "Kepala " + record.name, unit_name=record.name,
                   day=(hari(when) + ", " if day else "") + tanggal(when), place_of_visit=record.profile.get("address") or record.name,
                   team="; ".join(m.get("name", "") for m in members if m.get("name")),
                   score_line=trusted(f"{angka(result['total'])} ({_components_line(repo, result)})"),
                   findings=findings, **_signer(str(inst.get("city") or BLANK), when, str(lead.get("position") or "Ketua TPI"), str(lead.get("name") or BLANK)))
    return Letter("laporan-monev", f"Laporan Monitoring dan Evaluasi {record.name} {year}", text)


def _components_line(repo: Repository, result: dict) -> str:
    """ "pengungkit 48,20, hasil 31,10": each component of the result's rule set, in its order."""
    return ", ".join(f"{label.lower()} {angka(value)}" for key, label, value in headline(repo.rules(result["rules"]), result) if key != "total")


def laporan_pemantauan_predikat(repo: Repository, record: UnitRecord, year: int) -> Letter | None:
    """PermenPANRB 90/2021 Lampiran II Bab IV huruf A, Gambar 10: the instansi's 2-yearly report to the Minister on a unit
    that holds a predicate — "masih memenuhi / tidak memenuhi", from the TPI's assessment of the year (national Tabel 6)."""
    held = [p for p in record.profile.get("predicates") or [] if isinstance(p, dict) and not p.get("revoked")]
    entry = record.scored(year, "tpi")
    if not held or entry is None or entry.result is None:
        return None
    result, inst = entry.result, repo.instansi
    head = inst.get("head") or {}
    predicate = max((str(p.get("predicate")) for p in held), key=lambda p: p == "WBBM")
    verdict = national_eligibility(result).get(predicate) or {}
    meets = verdict.get("status") == "memenuhi"
    policy = repo.rules(result["rules"]).policy
    due = monitoring_due(record.profile.get("predicates"), record.profile.get("stages"), deadline(year, policy), policy)
    notes = [f"Capaian nilai: {_components_line(repo, result)}, total {angka(result['total'])}."]
    failed = [c["label"] for c in verdict.get("checks") or [] if c["passed"] is False]
    notes.append("Seluruh kriteria Menuju " + predicate + " (Tabel 6) masih terpenuhi." if meets
                 else "Kriteria yang tidak lagi terpenuhi: " + ("; ".join(failed) or "belum dapat dinilai") + ".")
    notes += [f"Laporan pemantauan berkala {m.predicate} jatuh tempo {tanggal(m.due.isoformat())}." for m in due]
    text = _letter("laporan-pemantauan-predikat", instansi=inst.get("name") or "", year=year, unit_name=record.name, meets=meets,
                   predicate_name="Wilayah Birokrasi Bersih dan Melayani (WBBM)" if predicate == "WBBM" else "Wilayah Bebas dari Korupsi (WBK)", notes=notes,
                   **_signer(str(inst.get("city") or BLANK), None, str(head.get("position") or "Pimpinan Instansi Pemerintah"), str(head.get("name") or BLANK)))
    return Letter("laporan-pemantauan-predikat", f"Laporan Monitoring Unit Berpredikat {record.name} {year}", text)


def declaration(record: UnitRecord, key: str) -> Letter | None:
    """Deklarasi or Piagam Pencanangan (Binjai Lampiran I huruf A/B) from pencanangan.yaml, as a printable letter."""
    d = declaration_of(key, record.declarations, record.profile, record.name)
    if d is None:
        return None
    macro: Any = getattr(environment("html").get_template("partials/declaration.html").module, "declaration")  # noqa: B009
    html_body = str(macro(d))
    return Letter(key, f"{d.title.title()} {record.name}", render("letter", "letters/declaration.md", d=d, blank=BLANK), html_body)


def unit_letters(repo: Repository, record: UnitRecord, year: int, records: list[UnitRecord] | None = None,
                 pengajuan: bool = True) -> list[Letter]:
    """A unit's letters of ``year``; with ``pengajuan``, first the instansi's Surat Pengajuan for ``records`` (the site
    makes that one once for all units, not per unit)."""
    letters: list[Letter | None] = []
    if pengajuan:
        rules = repo.rules(repo.default_rules(record.id))
        letters.append(surat_pengajuan(repo, records if records is not None else [record], year, rules.title))
    letters.append(sptjm(repo, record, year))
    letters.append(laporan_monev(repo, record, year))
    letters.append(laporan_pemantauan_predikat(repo, record, year))
    letters += [declaration(record, "deklarasi"), declaration(record, "piagam")]
    return [letter for letter in letters if letter is not None]
