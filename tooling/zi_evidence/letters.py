"""Submission letters from the data, after the templates of Perwal Binjai 3/2024 (Lampiran I and III) and
Perwal Kupang 23/2025: Surat Pengajuan to the TPN, SPTJM, Laporan Monitoring dan Evaluasi, Deklarasi, Piagam.

Each letter is Markdown (every data string escaped) and print-ready HTML (A4, print CSS). Blanks the data does
not hold (a letter number not yet issued, a NIP that must not be published) stay as dotted lines to fill by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

import markdown

from .declarations import declaration_of
from .escaping import markdown_readable
from .numfmt import angka, hari, parse_date, persen, tanggal
from .repository import Repository, UnitRecord
from .scoring.engine import national_eligibility
from .scoring.gaps import gap_advice
from .scoring.policy import deadline, monitoring_due
from .templating import environment, fragment, render

md = markdown_readable  # the one escaping policy (escaping.py): a letter's Markdown stays readable as a file

BLANK = "…………………"


@dataclass(frozen=True)
class Letter:
    slug: str
    title: str
    markdown: str
    html_body: str | None = None  # a letter laid out in HTML (the declarations, shared with the unit page); else from markdown

    def html(self) -> str:
        """The print-ready page (``templates/letters/print.html``): A4, print CSS. Letters stay Indonesian documents."""
        body = fragment(self.html_body if self.html_body is not None else _to_html(self.markdown))
        return render("html", "letters/print.html", lang="id", title=self.title, body=body)


_converter: markdown.Markdown | None = None


def _to_html(text: str) -> str:
    """Markdown → HTML with one converter per process (building one loads its extensions: ~2 ms a letter)."""
    global _converter  # noqa: PLW0603
    if _converter is None:
        _converter = markdown.Markdown(extensions=["tables"])
    return _converter.reset().convert(text)


def _stage(record: UnitRecord, stage: str, year: int | None = None) -> dict:
    for s in record.profile.get("stages") or []:
        if isinstance(s, dict) and s.get("stage") == stage and (year is None or str(s.get("date", "")).startswith(str(year))):
            return s
    return {}


def _signature(place: str, when: str | None, role: str, name: str, extra: str = "") -> str:
    role_lines = "  \n".join(md(line) for line in role.split("\n"))  # each line of the role on its own line
    return (f"\n\n{md(place)}, {md(tanggal(when) if when else BLANK)}  \n{role_lines}{extra}\n\n\n\n**{md(name)}**\n")


def surat_pengajuan(repo: Repository, records: list[UnitRecord], year: int, rules_title: str) -> Letter:
    """Binjai Lampiran III huruf A: the head of the instansi proposes units to the TPN."""
    inst = repo.instansi
    head = inst.get("head") or {}
    proposed = [r for r in records if _stage(r, "pengajuan_tpn", year)]
    first = _stage(proposed[0], "pengajuan_tpn", year) if proposed else {}
    rows = "\n".join(f"{i}. {md(r.name)} / menuju {md(r.profile.get('target') or 'WBK')}" for i, r in enumerate(proposed, 1)) or f"1. {BLANK}"
    checks = [submission_check(r, year) for r in proposed]
    text = f"""| | |
|---|---|
| Nomor | {md(first.get('decree') or BLANK)} |
| Lampiran | - |
| Hal | Pengajuan Unit Kerja Berpredikat Menuju Wilayah Bebas dari Korupsi (WBK)/Wilayah Birokrasi Bersih dan Melayani (WBBM) |

Kepada Yth.
Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Republik Indonesia
Cq. Deputi Bidang Reformasi Birokrasi, Akuntabilitas Aparatur, dan Pengawasan
di Jakarta

Dengan hormat, bahwa dalam rangka pelaksanaan {md(rules_title)} tentang Pedoman Pembangunan dan Evaluasi Zona Integritas,
kami telah melakukan upaya pembangunan Zona Integritas di {md(inst.get('name') or BLANK)}. Berdasarkan laporan hasil evaluasi
tahun {year} oleh Tim Penilai Internal (TPI) ZI {md(inst.get('name') or '')}, kami mengusulkan:

{rows}

sebagai calon unit kerja berpredikat Menuju Wilayah Bebas dari Korupsi (WBK) dan/atau Wilayah Birokrasi Bersih dan Melayani (WBBM).

Sehubungan dengan hal tersebut, kami mohon agar Tim Penilai Nasional dapat melakukan evaluasi atas unit kerja yang diusulkan tersebut.
Demikian kami sampaikan, atas perhatian dan kerja samanya, kami ucapkan terima kasih.
""" + _signature(str(inst.get("city") or BLANK), first.get("date"), str(head.get("position") or "Pimpinan Instansi").upper(), str(head.get("name") or BLANK))
    if checks:
        # the TPN's pre-evaluation applies the national Tabel 6, whatever a local rule set says (DESIGN §3)
        text += "\n\n---\n\n**Catatan kelayakan** (bukan bagian surat; dihitung dari penilaian TPI menurut Tabel 6 nasional yang dipakai TPN, " \
                "dan kriteria pengajuan Lampiran II):\n\n" + "\n".join(f"- {md(c)}" for c in checks)
    return Letter("surat-pengajuan", f"Surat Pengajuan Evaluasi kepada TPN {year}", f"# SURAT PENGAJUAN EVALUASI KEPADA TPN\n\n{text}")


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
    text = f"""# SURAT PERNYATAAN TANGGUNG JAWAB MUTLAK (SPTJM)
## KEBENARAN DATA PENDUKUNG

**{md(record.name.upper())}**

Yth. Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi
c.q. Deputi Bidang Reformasi Birokrasi, Akuntabilitas Aparatur dan Pengawasan
di Jakarta

Yang bertanda tangan di bawah ini:

| | |
|---|---|
| Nama | {md(head.get('name') or BLANK)} |
| NIP | {BLANK} *(diisi saat dicetak; tidak disimpan di data publik)* |
| Jabatan | {md(head.get('position') or BLANK)} |
| Alamat | {md(record.profile.get('address') or BLANK)} |

Sehubungan dengan pembangunan dan pengusulan Zona Integritas menuju Wilayah Bebas dari Korupsi/Wilayah Birokrasi Bersih
dan Melayani Tahun {year}, dengan ini menyatakan bahwa data pendukung yang kami sampaikan, yaitu:

1. Syarat unit kerja telah sesuai dengan kondisi yang sebenarnya;
2. Data dukung pengungkit telah sesuai dengan kondisi yang sebenarnya;
3. Data dukung tentang hasil telah sesuai dengan kondisi yang sebenarnya.

Seluruh data dan dokumen yang dilampirkan tercatat dengan sidik jari sha256 di repositori ({len(record.manifest.get('items') or [])} bukti dukung).
Apabila di kemudian hari ternyata ditemukan bahwa data yang kami sampaikan tidak sesuai dengan keadaan yang sebenarnya, kami
bersedia ditinjau kembali terkait pengusulan unit kerja kami dalam pembangunan Zona Integritas.

Demikian pernyataan ini dibuat untuk dipergunakan seperlunya.
""" + _signature(str(repo.instansi.get("city") or BLANK), when, "Yang membuat pernyataan,\n" + str(head.get("position") or "Kepala Unit Kerja"),
                 str(head.get("name") or BLANK), "\n\n*Meterai Rp10.000*")
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
    text = f"""# PENYAMPAIAN HASIL MONITORING PEMBANGUNAN ZONA INTEGRITAS

| | |
|---|---|
| Nomor | {BLANK} |
| Sifat | Penting |
| Lampiran | - |
| Perihal | Penyampaian Hasil Monitoring Pembangunan Zona Integritas |

Kepada Yth. {md((record.profile.get('head') or {}).get('position') or 'Kepala ' + record.name)}
di Tempat

Dengan hormat,

Dalam rangka mendukung pelaksanaan reformasi birokrasi dan mewujudkan Wilayah Bebas dari Korupsi (WBK) serta Wilayah Birokrasi
Bersih dan Melayani (WBBM), bersama ini kami sampaikan hasil kegiatan Monitoring dan Evaluasi (Monev) internal terhadap
pembangunan Zona Integritas (ZI) di lingkungan {md(record.name)}.

| | |
|---|---|
| Hari/Tanggal | {md((hari(when) + ', ' if day else '') + tanggal(when))} |
| Tempat | {md(record.profile.get('address') or record.name)} |
| Tim Pemantau | {md('; '.join(m.get('name', '') for m in members if m.get('name')))} |
| Nilai LKE (TPI) | {angka(result['total'])} (pengungkit {angka(result['pengungkit'])}, hasil {angka(result['hasil'])}) |

Beberapa catatan dan temuan utama dari kegiatan monitoring ini antara lain:

""" + "\n".join(f"{i}. {md(f)}" for i, f in enumerate(findings, 1)) + """

Sehubungan dengan hal tersebut, kami mohon tindak lanjut dan perbaikan pada area yang menjadi catatan, serta peningkatan kinerja ZI
secara berkelanjutan. Demikian disampaikan, atas perhatian dan kerja samanya kami ucapkan terima kasih.
""" + _signature(str(inst.get("city") or BLANK), when, str(lead.get("position") or "Ketua TPI"), str(lead.get("name") or BLANK))
    return Letter("laporan-monev", f"Laporan Monitoring dan Evaluasi {record.name} {year}", text)


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
    notes = [f"Capaian nilai: pengungkit {angka(result['pengungkit'])}, hasil {angka(result['hasil'])}, total {angka(result['total'])}."]
    failed = [c["label"] for c in verdict.get("checks") or [] if c["passed"] is False]
    notes.append("Seluruh kriteria Menuju " + predicate + " (Tabel 6) masih terpenuhi." if meets
                 else "Kriteria yang tidak lagi terpenuhi: " + ("; ".join(failed) or "belum dapat dinilai") + ".")
    notes += [f"Laporan pemantauan berkala {m.predicate} jatuh tempo {tanggal(m.due.isoformat())}." for m in due]
    text = f"""# LAPORAN MONITORING DAN EVALUASI UNIT BERPREDIKAT

| | |
|---|---|
| Nomor | {BLANK} |
| Lampiran | - |
| Hal | Laporan Monitoring dan Evaluasi Unit Kerja Berpredikat Menuju Wilayah Bebas dari Korupsi (WBK)/Wilayah Birokrasi Bersih dan Melayani (WBBM) |

Kepada Yth.
Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Republik Indonesia
Cq. Deputi Bidang Reformasi Birokrasi, Akuntabilitas Aparatur, dan Pengawasan
di Jakarta

Dengan hormat, bahwa dalam rangka pelaksanaan Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi Nomor 90
Tahun 2021, kami telah melakukan pembangunan Zona Integritas di {md(inst.get('name') or BLANK)}. Berdasarkan laporan hasil
monitoring dan evaluasi tahun {year} oleh Tim Penilai Internal (TPI) ZI {md(inst.get('name') or '')}, kami menyimpulkan bahwa unit
kerja {md(record.name)} **{'masih memenuhi' if meets else 'tidak memenuhi'}** kriteria Menuju {'Wilayah Birokrasi Bersih dan Melayani (WBBM)'
if predicate == 'WBBM' else 'Wilayah Bebas dari Korupsi (WBK)'}. Hal ini berdasarkan catatan TPI bahwa:

""" + "\n".join(f"{i}. {md(n)}" for i, n in enumerate(notes, 1)) + """

Demikian kami sampaikan, atas perhatian dan kerja samanya, kami ucapkan terima kasih.
""" + _signature(str(inst.get("city") or BLANK), None, str(head.get("position") or "Pimpinan Instansi Pemerintah"), str(head.get("name") or BLANK))
    return Letter("laporan-pemantauan-predikat", f"Laporan Monitoring Unit Berpredikat {record.name} {year}", text)


def declaration(record: UnitRecord, key: str) -> Letter | None:
    """Deklarasi or Piagam Pencanangan (Binjai Lampiran I huruf A/B) from pencanangan.yaml, as a printable letter."""
    d = declaration_of(key, record.declarations, record.profile, record.name)
    if d is None:
        return None
    html_body = str(environment("html").get_template("partials/declaration.html").module.declaration(d))
    return Letter(key, f"{d.title.title()} {record.name}", render("letter", "letters/declaration.md", d=d, blank=BLANK), html_body)


def unit_letters(repo: Repository, record: UnitRecord, year: int, records: list[UnitRecord] | None = None) -> list[Letter]:
    rules = repo.rules(repo.default_rules(record.id))
    letters = [surat_pengajuan(repo, records if records is not None else [record], year, rules.title), sptjm(repo, record, year)]
    letters.append(laporan_monev(repo, record, year))
    letters.append(laporan_pemantauan_predikat(repo, record, year))
    letters += [declaration(record, "deklarasi"), declaration(record, "piagam")]
    return [letter for letter in letters if letter is not None]
