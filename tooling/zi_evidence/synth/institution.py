"""A synthetic institution: N units with every file kind, deterministic for a seed, passing ``zi check``.

Used for benchmarks and for trying the tool at scale. Everything is fictional; names are built from
syllables and numbers never look like NIK/NIP or phone numbers. Contents are held in memory as
``{path: bytes}`` so the Git history writer can replay changes without touching the disk.
"""

from __future__ import annotations

import hashlib
import random
import struct
import zlib
from dataclasses import dataclass, field
from datetime import date, timedelta

import yaml

from ..ruleset.model import Item, RuleSet

try:  # the C emitter is several times faster; fall back when PyYAML was built without libyaml
    from yaml import CSafeDumper as _Dumper
except ImportError:  # pragma: no cover
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]

LAST_YEAR = 2026  # fixed (not "today") so that a seed always gives the same repository
KINDS = [
    ("Dinas Kesehatan", "kesehatan"), ("Puskesmas", "kesehatan dasar"), ("Kecamatan", "administrasi kewilayahan"),
    ("Kelurahan", "administrasi kelurahan"), ("Dinas Perhubungan", "perhubungan"), ("Dinas Pendidikan", "pendidikan"),
    ("Badan Pendapatan Daerah", "pajak daerah"), ("UPT Pengujian Kendaraan", "pengujian kendaraan bermotor"),
    ("Dinas Sosial", "rehabilitasi dan jaminan sosial"), ("Dinas Lingkungan Hidup", "perizinan lingkungan"),
    ("RSUD", "pelayanan rumah sakit"), ("Dinas Perpustakaan", "layanan perpustakaan"),
]
SYLLABLES = ["su", "ka", "ma", "ja", "ya", "ra", "sa", "ri", "wa", "ti", "no", "lo", "ba", "ngo", "se", "to", "mu", "li", "da", "pa"]
PEOPLE_FIRST = ["Ahmad", "Siti", "Budi", "Dewi", "Yohanes", "Maria", "Agus", "Ratna", "Hendra", "Fransiska", "Made", "Nur"]
PEOPLE_LAST = ["Santoso", "Lestari", "Lado", "Bria", "Wijaya", "Pratama", "Kurniawan", "Nainggolan", "Siregar", "Tefa"]
TPI_HANDLES = ["tpi-kabupaten-sintetis", "inspektorat-sintetis"]
RULES_ID = "permenpanrb-90-2021"
SMALL_TEXT = "Dokumen bukti sintetis untuk uji skala ZI Evidence.\n"


def dump(data: dict, header: str) -> bytes:
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120)
    return (header + text).encode("utf-8")


def tiny_png(seed: int) -> bytes:
    """A valid 8×8 PNG whose colour depends on ``seed`` (so files and hashes differ)."""
    r, g, b = (seed * 37) % 256, (seed * 91) % 256, (seed * 53) % 256
    raw = b"".join(b"\x00" + bytes([r, g, b]) * 8 for _ in range(8))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


@dataclass
class SynthUnit:
    id: str
    name: str
    service: str
    quality: float  # 0.3–1.0: how good its answers are
    start: date  # pencanangan
    maintainers: list[str]
    evidence_ids: dict[str, list[str]] = field(default_factory=dict)  # item id -> evidence ids


@dataclass
class Institution:
    files: dict[str, bytes]  # repository path -> content
    units: list[SynthUnit]
    years: list[int]


def _name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _person(rng: random.Random) -> str:
    return f"{rng.choice(PEOPLE_FIRST)} {rng.choice(PEOPLE_LAST)}"


def _slug(text: str) -> str:
    out = "".join(c.lower() if c.isalnum() else "-" for c in text)
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-")


def choose_answer(item: Item, quality: float, rng: random.Random) -> object:
    """An answer that is good with probability ``quality`` (counts always consistent)."""
    if item.is_choice:
        ranked = sorted(item.options, key=lambda o: -o.value)
        index = 0 if rng.random() < quality else rng.randint(0, len(ranked) - 1)
        return ranked[index].code
    if item.range is not None:
        low, high = item.range
        return round(min(high, max(low, high * (0.72 + 0.28 * quality) + rng.uniform(-0.15, 0.1))), 2)
    f = item.formula
    assert f is not None
    if f.kind == "decrease":
        prev = rng.randint(0, 6)
        counts = {f.previous: prev, f.current: rng.randint(0, prev)}
        counts.update({i.name: rng.randint(0, counts[f.current]) for i in item.inputs if not i.scored})
        return counts
    counts = {i.name: 0 for i in item.inputs}
    for name in f.denominator:
        counts[name] = rng.randint(1, 12)
    total = sum(counts[n] for n in f.denominator)
    done = round(total * min(1.0, quality + rng.uniform(-0.2, 0.1)))
    done = max(0, min(total, done))
    counts[f.numerator[0]] = done
    for c in item.constraints:  # e.g. diproses + selesai <= harus
        room = sum(counts[n] for n in c.at_most) - sum(counts[n] for n in c.sum)
        for name in c.sum:
            if name not in f.numerator and name not in f.denominator:
                counts[name] = rng.randint(0, max(0, room))
    if f.numerator_may_exceed_denominator:
        counts[f.numerator[0]] = done + rng.randint(0, 2)
    return counts


class InstitutionBuilder:
    def __init__(self, rules: RuleSet, rules_files: dict[str, bytes], site_files: dict[str, bytes], seed: int) -> None:
        self.rules = rules
        self.rng = random.Random(seed)  # noqa: S311 — reproducible fake data, not security
        self.files: dict[str, bytes] = dict(rules_files)
        self.files.update(site_files)
        self.self_answers: dict[tuple[str, int], dict] = {}  # kept so the history writer can change answers commit by commit

    def put(self, path: str, data: dict, comment: str, schema: str | None) -> None:
        header = ""
        if schema:
            depth = path.count("/")
            header = f"# yaml-language-server: $schema={'../' * depth}tooling/zi_evidence/schemas/{schema}.schema.json\n"
        self.files[path] = dump(data, header + f"# {comment}\n")

    def build(self, n_units: int, n_years: int) -> Institution:
        years = list(range(LAST_YEAR - n_years + 1, LAST_YEAR + 1))
        self.put("units/instansi.yaml", {
            "name": "Pemerintah Kabupaten Sintetis", "kind": "pemda", "address": "Jl. Pemuda No. 1, Kabupaten Sintetis",
            "website": "https://sintetis.go.id", "rules": RULES_ID,
            "tpi": {"decree": "Keputusan Bupati Sintetis tentang Tim Penilai Internal ZI",
                    "lead": {"name": _person(self.rng), "position": "Inspektur Kabupaten Sintetis"}, "github": TPI_HANDLES},
        }, "Instansi sintetis untuk uji skala (fiktif).", "instansi")
        units = []
        used: set[str] = set()
        for i in range(n_units):
            kind, service = KINDS[i % len(KINDS)]
            place = _name(self.rng)
            name = f"{kind} {place}"
            uid = _slug(name)
            while uid in used:
                uid = f"{uid}-{len(used) % 97 + 2}"
            used.add(uid)
            start = date(years[0] - 1, 1, 10) + timedelta(days=self.rng.randint(0, 300))
            handle = f"zi-{uid}"[:39]
            units.append(SynthUnit(uid, name, service, self.rng.uniform(0.35, 1.0), start, [handle]))
        for unit in units:
            self.unit_files(unit, years)
        for year in years:
            self.put(f"units/prasyarat/{year}.yaml", {
                "year": year,
                "instansi": {"opini_bpk": "WTP", "sakip": "BB", "indeks_rb": "B", "spip_level": 3},
                "units": {u.id: {"tlhp_persen": self.rng.choice([100, 100, 100, 95]), "lhkpn_persen": 100,
                                 "lhkasn_persen": self.rng.choice([100, 100, 98]), "sakip_internal": "BB", "dampak_signifikan": True}
                          for u in units},
            }, f"Prasyarat pengajuan tahun {year} (sintetis).", "prerequisites")
        return Institution(self.files, units, years)

    def unit_files(self, unit: SynthUnit, years: list[int]) -> None:
        rng = self.rng
        head = _person(rng)
        base = f"units/{unit.id}"
        d0 = unit.start
        stages = [
            {"stage": "pencanangan", "date": d0.isoformat(), "decree": f"Piagam Pencanangan Nomor {rng.randint(1, 99)}/PCN/{d0.year}"},
            {"stage": "penetapan", "date": (d0 + timedelta(days=14)).isoformat()},
            {"stage": "pembangunan", "date": (d0 + timedelta(days=30)).isoformat()},
        ]
        if unit.quality > 0.5:
            stages.append({"stage": "evaluasi_tpi", "date": date(years[-1], 4, 15).isoformat()})
        self.put(f"{base}/unit.yaml", {
            "id": unit.id, "name": unit.name, "instansi": "Pemerintah Kabupaten Sintetis", "service_kind": unit.service,
            "address": f"Jl. {_name(rng)} No. {rng.randint(1, 99)}, Kabupaten Sintetis",
            "head": {"name": head, "position": f"Kepala {unit.name}"}, "maintainers": unit.maintainers,
            "target": "WBK", "core_service": True, "rules": RULES_ID, "stages": stages,
        }, f"Profil unit {unit.name} (sintetis).", "unit")
        self.put(f"{base}/pencanangan.yaml", {
            "deklarasi": {"date": d0.isoformat(), "place": f"Aula {unit.name}",
                          "statement": f"Kami, pimpinan dan seluruh pegawai {unit.name}, berkomitmen membangun Zona Integritas.",
                          "signatories": [{"name": head, "position": f"Kepala {unit.name}"}]},
            "piagam": {"date": d0.isoformat(), "place": f"Aula {unit.name}",
                       "statement": f"Pada hari ini dicanangkan pembangunan Zona Integritas di {unit.name}.",
                       "signatories": [{"name": head, "position": f"Kepala {unit.name}"}, {"name": _person(rng), "position": "Bupati Sintetis"}],
                       "witnesses": [{"name": _person(rng), "position": "Inspektur Kabupaten Sintetis", "element": "inspektorat"}]},
            "pakta_integritas": {"signed": (staff := rng.randint(20, 200)) - rng.randint(0, 3), "staff": staff, "as_of": d0.isoformat()},
        }, "Deklarasi dan Piagam Pencanangan (sintetis).", "declarations")
        self.put(f"{base}/standar-pelayanan.yaml", {
            "maklumat": {"text": "Kami sanggup menyelenggarakan pelayanan sesuai standar pelayanan yang telah ditetapkan.",
                         "date": d0.isoformat(), "signed_by": {"name": head, "position": f"Kepala {unit.name}"}},
            "services": [{"id": "layanan-utama", "name": f"Layanan {unit.service}", "persyaratan": ["Formulir permohonan"],
                          "prosedur": ["Pemohon mengambil antrean", "Petugas memverifikasi berkas"], "jangka_waktu": "3 hari kerja",
                          "biaya": "Tidak dipungut biaya", "produk": "Dokumen layanan", "pengaduan": ["SP4N-LAPOR!"]}],
        }, "Standar pelayanan dan maklumat (sintetis).", "standards")
        ipak = round(3.2 + 0.6 * unit.quality + rng.uniform(-0.1, 0.1), 2)
        ipkp = round(3.1 + 0.7 * unit.quality + rng.uniform(-0.1, 0.1), 2)
        self.put(f"{base}/survei.yaml", {"surveys": [
            {"kind": "SKM", "period": {"from": f"{years[-1] - 1}-07-01", "to": f"{years[-1] - 1}-12-31"}, "respondents": rng.randint(60, 400),
             "score": round(70 + 25 * unit.quality, 1), "scale": "0-100", "conducted_by": "Bagian Organisasi"},
            # one IPAK and one IPKP record per LKE year: the survey answers of each year's LKE must match them
            *({"kind": kind, "period": {"from": f"{year}-01-05", "to": f"{year}-02-27"}, "respondents": 100, "score": min(4.0, score),
               "scale": "0-4", "conducted_by": "Survei eksternal"} for year in years for kind, score in (("IPAK", ipak), ("IPKP", ipkp))),
        ]}, "Hasil survei (sintetis).", "surveys")
        months = [f"B{m:02d}" for m in range(1, 13)]
        actions = []
        for area in self.rules.areas:
            done = rng.randint(4, 11)
            actions.append({"area": area, "tujuan": f"Memperkuat area {area}", "actions": [{
                "id": f"{area.lower()}-1", "action": f"Melaksanakan kegiatan prioritas area {area}",
                "output": "Laporan pelaksanaan kegiatan", "pic": f"Koordinator area {area}",
                "target": {m: round(100 * (k + 1) / 12) for k, m in enumerate(months)},
                "realisasi": {m: round(100 * (k + 1) / 12 * rng.uniform(0.7, 1.05)) for k, m in enumerate(months[:done])},
            }]})
        self.put(f"{base}/rencana/{years[-1]}.yaml", {"year": years[-1], "areas": actions}, "Rencana aksi (sintetis).", "plan")
        self.evidence(unit)
        for year in years:
            answers = self.answers(unit, year, ipak, ipkp)
            self.self_answers[(unit.id, year)] = answers
            self.write_self(unit, year)
            if unit.quality > 0.5:
                self.put(f"{base}/lke/{year}/tpi.yaml", {"rules": RULES_ID, "assessed_on": f"{year}-04-15", "answers": self.tpi(answers)},
                         f"Penilaian TPI LKE {year} (sintetis).", "lke")

    def self_path(self, unit: SynthUnit, year: int) -> str:
        return f"units/{unit.id}/lke/{year}/self.yaml"

    def write_self(self, unit: SynthUnit, year: int) -> None:
        self.put(self.self_path(unit, year), {"rules": RULES_ID, "assessed_on": f"{year}-03-31", "answers": self.self_answers[(unit.id, year)]},
                 f"Penilaian mandiri LKE {year} (sintetis).", "lke")

    def change_one_answer(self, unit: SynthUnit, year: int) -> str:
        """Change one choice answer of the unit's self-assessment (as a ZI team's commit would); returns the item id."""
        answers = self.self_answers[(unit.id, year)]
        item = self.rules.items[self.rng.choice([i for i, it in self.rules.items.items() if it.is_choice])]
        current = answers[item.id]["answer"]
        answers[item.id] = dict(answers[item.id], answer=self.rng.choice([o.code for o in item.options if o.code != current]))
        self.write_self(unit, year)
        return item.id

    def evidence(self, unit: SynthUnit) -> None:
        items, entries = list(self.rules.items), []
        groups = [items[i:i + 12] for i in range(0, len(items), 12)]
        for k, group in enumerate(groups):
            eid = f"dokumen-{k + 1:02d}"
            public = k % 5 != 4
            if k % 2 == 0:
                content, ext = tiny_png(hash((unit.id, k)) % 10_000), "png"
            elif public:  # plain text is never published (a browser renders it as a page): public tables are CSV
                content, ext = (f"unit,kelompok\n{unit.name},{k + 1}\n").encode(), "csv"
            else:
                content, ext = (SMALL_TEXT + f"{unit.name}, kelompok {k + 1}\n").encode(), "txt"
            self.files[f"evidence/{unit.id}/files/{eid}.{ext}"] = content
            entries.append({"id": eid, "title": f"Kumpulan bukti {k + 1} {unit.name}", "kind": "dokumen", "date": f"{LAST_YEAR}-03-01",
                            "supports": group, "visibility": "public" if public else "internal", "file": f"files/{eid}.{ext}",
                            "sha256": hashlib.sha256(content).hexdigest(), "size": len(content)})
            for item in group:
                unit.evidence_ids[item] = [eid]
        self.put(f"evidence/{unit.id}/manifest.yaml", {"unit": unit.id, "items": entries}, f"Manifest bukti dukung {unit.name} (sintetis).", "manifest")

    def answers(self, unit: SynthUnit, year: int, ipak: float, ipkp: float) -> dict:
        quality = min(1.0, unit.quality + 0.05 * (year - LAST_YEAR))
        out: dict[str, object] = {}
        for item in self.rules.items.values():
            if item.id == "H.BA.1.a":
                value: object = min(4.0, ipak)
            elif item.id == "H.PP.1.a":
                value = min(4.0, ipkp)
            else:
                value = choose_answer(item, quality, self.rng)
            out[item.id] = {"answer": value, "evidence": unit.evidence_ids[item.id]} if item.is_choice or item.type == "computed" else value
        return out

    def tpi(self, answers: dict) -> dict:
        """The TPI's assessment: the unit's answers with about one in ten choice items marked down."""
        out = {}
        for item_id, entry in answers.items():
            item = self.rules.items[item_id]
            if item.is_choice and self.rng.random() < 0.1:
                ranked = sorted(item.options, key=lambda o: -o.value)
                codes = [o.code for o in ranked]
                current = codes.index(entry["answer"])
                entry = dict(entry, answer=codes[min(len(codes) - 1, current + 1)], note="TPI: bukti dukung belum lengkap; nilai disesuaikan.")
            out[item_id] = entry
        return out

