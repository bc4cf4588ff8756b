"""``zi evidence add`` as a library: record a file or URL in a unit's manifest and link it to the answers it supports.

The CLI only parses arguments and prints; the checks (file type and content, secret URLs, unsafe ids, duplicate content)
and the edits (comment-preserving, verified by parsing, written atomically) live here.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import urllib.request
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .layout import EVIDENCE, MANIFEST, UNITS, unit_dirs
from .problems import DataError, Problem
from .repository import Repository
from .ruleset import RuleSetLoader
from .scan.evidence import extract_text
from .scan.filetypes import ALL_EXTENSIONS, PUBLIC_EXTENSIONS, ContentError, evidence_type
from .scan.text import LABELS, personal_data, secret_urls
from .yamledit import append_list_item, link_evidence
from .yamlio import atomic_write_text, read_yaml

MAX_URL_BYTES = 20 * 1024 * 1024
EVIDENCE_ID = re.compile(r"^[a-z0-9]+([-_.][a-z0-9]+)*$")  # the manifest schema's id pattern: no paths, no spaces
KINDS = {".pdf": "dokumen", ".png": "foto", ".jpg": "foto", ".jpeg": "foto", ".webp": "foto", ".csv": "laporan", ".xlsx": "laporan"}


class EvidenceError(ValueError):
    """A request that cannot be carried out; the message says what to do instead (Indonesian)."""


@dataclass(frozen=True)
class EvidenceRequest:
    unit_id: str
    source: str  # a file path or an http(s) URL
    supports: list[str]
    title: str | None = None
    public_title: str | None = None
    kind: str | None = None
    visibility: str = "internal"
    date: str | None = None
    evidence_id: str | None = None
    sha256: str | None = None
    year: int | None = None


@dataclass
class Added:
    lines: list[str]  # what was done, for the user
    problems: list[Problem] = field(default_factory=list)


def default_rules_id(root: Path) -> str:
    """The institution's rule set (units/instansi.yaml, else the national one) — the repository's own answer."""
    return Repository(root).default_rules(None)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "bukti"


def _fetch(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": "zi-evidence"})  # noqa: S310 - caller allows http(s) only
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 - http(s) only, checked by caller
            data = response.read(MAX_URL_BYTES + 1)
    except (OSError, ValueError) as exc:  # URLError, HTTPError, timeouts, refused connections, bad hosts
        reason = getattr(exc, "reason", None) or exc
        raise EvidenceError(f"{url} tidak dapat diunduh ({reason}); bila dokumen itu tidak dapat dijangkau dari sini, "
                         "hitung sha256 isinya di tempat lain dan beri --sha256 HASH") from None
    if len(data) > MAX_URL_BYTES:
        raise EvidenceError(f"isi {url} lebih dari {MAX_URL_BYTES} bita")
    return data


def add_evidence(root: Path, args: EvidenceRequest) -> Added:
    """Record one evidence file or URL in the unit's manifest (comments kept) and link it to the supported answers of the
    unit's answers file. Refuses — with a sentence saying what to do — anything unsafe or already recorded."""
    uid = args.unit_id
    out = Added([])
    if uid not in {d.name for d in unit_dirs(root)}:
        raise EvidenceError(f"unit '{uid}' tidak ada di units/; buat dulu dengan `zi new unit {uid}`")
    manifest_path = root / EVIDENCE / uid / MANIFEST
    display = str(manifest_path.relative_to(root))
    text = manifest_path.read_text(encoding="utf-8") if manifest_path.exists() else f"unit: {uid}\nitems: []\n"
    current = (read_yaml(manifest_path, display) if manifest_path.exists() else None) or {}
    existing_ids = {e.get("id") for e in current.get("items") or []}
    check_items(root, uid, args.supports)
    entry: dict = {}
    if re.match(r"^https?://", args.source):
        if not args.title:
            raise EvidenceError("bukti berupa URL perlu --title \"judul dokumen\": URL tidak pernah dipakai sebagai judul "
                             "(tautan berbagi bisa memuat kunci akses)")
        if args.visibility == "public" and secret_urls(args.source):
            raise EvidenceError("URL ini memuat kunci atau token akses (mis. resourcekey=, token=, sig=) dan akan terbit di situs; "
                             "hapus parameter itu atau catat sebagai --visibility internal")
        digest = args.sha256 or hashlib.sha256(_fetch(args.source)).hexdigest()
        digest = digest.lower()
        _refuse_duplicate(current, digest, display)
        if not re.fullmatch(r"[0-9a-f]{64}", digest):
            raise EvidenceError("--sha256 harus 64 karakter heksadesimal huruf kecil")
        base_id = args.evidence_id or _slug(args.title)  # never from the URL: its path or query may be a secret
        entry_tail: dict[str, Any] = {"url": args.source, "sha256": digest, "retrieved": date.today().isoformat()}
        kind = args.kind or "tautan"
        title = args.title
    else:
        source = Path(args.source)
        if args.visibility == "public" and not args.title:
            raise EvidenceError(f"bukti publik perlu --title \"judul dokumen\": judul ini terbit di situs, dan nama berkas "
                                f"({source.name}) jarang menjelaskan isinya kepada warga")
        if source.is_symlink():
            raise EvidenceError(f"{args.source}: tautan simbolik tidak diterima; tunjuk berkas aslinya")
        if not source.exists():
            raise EvidenceError(f"{args.source}: berkas tidak ditemukan; periksa nama dan foldernya")
        if not source.is_file():
            raise EvidenceError(f"{args.source}: ini folder, bukan berkas; tunjuk satu berkas bukti")
        kind_of = evidence_type(source.name)
        if kind_of is None or (args.visibility == "public" and not kind_of.public):
            allowed = PUBLIC_EXTENSIONS if args.visibility == "public" else ALL_EXTENSIONS
            raise EvidenceError(f"{args.source}: jenis berkas ini tidak diizinkan untuk bukti {args.visibility}; gunakan {', '.join(allowed)}")
        try:
            kind_of.verify(source.read_bytes())
            # a public file is read now by the same extraction and detector as `zi check`: refused before it is copied
            found = personal_data(extract_text(source.read_bytes(), source.name).text) if args.visibility == "public" else []
        except ContentError as exc:
            raise EvidenceError(f"{args.source}: isi berkas tidak sesuai ekstensinya ({exc})") from None
        if found:
            raise EvidenceError(f"{args.source}: bukti publik memuat data pribadi ({', '.join(LABELS[k] for k in found)}); hapus data "
                                "tersebut atau tambahkan dengan --visibility internal")
        _refuse_duplicate(current, hashlib.sha256(source.read_bytes()).hexdigest(), display)
        ev_dir = (root / EVIDENCE / uid).resolve()
        resolved = source.resolve()
        if ev_dir in resolved.parents:
            rel = resolved.relative_to(ev_dir)
        else:
            rel = Path("files") / _slug(source.stem)
            rel = rel.with_suffix(source.suffix.lower())
            target = ev_dir / rel
            if target.exists() and target.read_bytes() != source.read_bytes():
                raise EvidenceError(f"evidence/{uid}/{rel} sudah ada dengan isi berbeda; beri nama lain")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        content = (ev_dir / rel).read_bytes()
        base_id = args.evidence_id or _slug(source.stem)
        entry_tail = {"file": rel.as_posix(), "sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}
        kind = args.kind or KINDS.get(source.suffix.lower(), "dokumen")
        title = args.title or source.stem.replace("-", " ").replace("_", " ")
    if args.evidence_id and not EVIDENCE_ID.match(args.evidence_id):
        raise EvidenceError(f"--id '{args.evidence_id}' tidak sah: huruf kecil, angka, dan - _ . di antaranya (mis. sk-tim-zi-2026)")
    evidence_id = base_id
    counter = 2
    while evidence_id in existing_ids:
        if args.evidence_id:
            raise EvidenceError(f"id bukti '{evidence_id}' sudah dipakai di {display}")
        evidence_id = f"{base_id}-{counter}"
        counter += 1
    entry = {"id": evidence_id, "title": title, "kind": kind, "date": args.date or date.today().isoformat(),
             "supports": list(args.supports), "visibility": args.visibility, **entry_tail}
    if args.public_title:
        entry["public_title"] = args.public_title
    new_text = append_list_item(text, "items", entry, display)
    atomic_write_text(manifest_path, new_text)
    out.lines.append(f"Ditambahkan ke {display}: {evidence_id} ({entry_tail.get('file') or entry_tail['url']}, sha256 {entry['sha256'][:12]}…)")
    answers_path = _answers_file(root, uid, args.year)
    if answers_path is None:
        out.lines.append(f"Belum ada LKE penilaian mandiri untuk {uid}; rujuk nanti dengan {args.supports[0]}: "
                         f"{{answer: …, evidence: [{evidence_id}]}}")
        return out
    answers_rel = str(answers_path.relative_to(root))
    answers_text = answers_path.read_text(encoding="utf-8")
    try:
        for item_id in args.supports:
            answers_text = link_evidence(answers_text, item_id, evidence_id, answers_rel)
    except DataError as exc:
        out.problems.extend(exc.problems)
        return out
    atomic_write_text(answers_path, answers_text)
    out.lines.append(f"Ditautkan di {answers_rel}: {', '.join(args.supports)} → {evidence_id}")
    return out


def check_items(root: Path, uid: str, items: list[str]) -> None:
    """Refuse item ids the unit's rule set does not have, before anything is written."""
    unit = read_yaml(root / UNITS / uid / "unit.yaml", f"{UNITS}/{uid}/unit.yaml") or {}
    rules = RuleSetLoader(root).load(unit.get("rules") or default_rules_id(root))
    unknown = [s for s in items if s not in rules.items]
    if unknown:
        raise EvidenceError(f"butir {', '.join(unknown)} tidak ada di rule set {rules.id}")


def _refuse_duplicate(manifest: dict, digest: str, display: str) -> None:
    same = next((e for e in manifest.get("items") or [] if isinstance(e, dict) and e.get("sha256") == digest), None)
    if same is not None:
        raise EvidenceError(f"isi ini sudah dicatat sebagai bukti '{same.get('id')}' di {display}; tambahkan butirnya ke supports "
                         "bukti itu daripada mencatatnya dua kali")


def _answers_file(root: Path, uid: str, year: int | None) -> Path | None:
    """The unit's own answers file the evidence supports: the given year's, else the latest year's self.yaml."""
    lke = root / UNITS / uid / "lke"
    years = sorted(int(d.name) for d in lke.iterdir() if d.name.isdigit() and (d / "self.yaml").is_file()) if lke.is_dir() else []
    if year is not None:
        return lke / str(year) / "self.yaml" if year in years else None
    return lke / str(years[-1]) / "self.yaml" if years else None
