"""``zi evidence list|link|unlink|remove``: the unit's evidence after ``zi evidence add``, edited without losing comments.

The manifest's ``supports`` and the answers' ``evidence`` say the same thing from two sides (``zi check`` reports an
answer citing evidence that does not list its item); link and unlink change both together. Remove refuses while any
LKE file of the unit still cites the evidence, and deletes the file only when no other entry records it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .evidence_add import EvidenceError, _answers_file, check_items
from .layout import EVIDENCE, MANIFEST, UNITS, unit_dirs
from .yamledit import link_evidence, remove_list_entry, set_key_list
from .yamlio import atomic_write_text, line_of, parse_yaml


@dataclass(frozen=True)
class Citation:
    file: str  # repository-relative LKE file
    item: str
    line: int | None


def _unit_manifest(root: Path, uid: str) -> tuple[Path, str, str, dict]:
    if uid not in {d.name for d in unit_dirs(root)}:
        raise EvidenceError(f"unit '{uid}' tidak ada di {UNITS}/; periksa ejaannya")
    path = root / EVIDENCE / uid / MANIFEST
    display = f"{EVIDENCE}/{uid}/{MANIFEST}"
    if not path.is_file():
        raise EvidenceError(f"{display} belum ada; tambahkan bukti pertama dengan `zi evidence add {uid} BERKAS --supports BUTIR`")
    text = path.read_text(encoding="utf-8")
    return path, display, text, parse_yaml(text, display) or {}


def _entry(manifest: dict, evidence_id: str, display: str) -> tuple[int, dict]:
    items = manifest.get("items") or []
    for index, entry in enumerate(items):
        if isinstance(entry, dict) and str(entry.get("id")) == evidence_id:
            return index, entry
    known = ", ".join(str(e.get("id")) for e in items if isinstance(e, dict)) or "—"
    raise EvidenceError(f"bukti '{evidence_id}' tidak ada di {display} (yang ada: {known})")


def citations(root: Path, uid: str) -> dict[str, list[Citation]]:
    """Evidence id → where the unit's LKE files (every year and assessor) cite it."""
    out: dict[str, list[Citation]] = {}
    for path in sorted((root / UNITS / uid / "lke").glob("*/*.yaml")):
        rel = path.relative_to(root).as_posix()
        answers = (parse_yaml(path.read_text(encoding="utf-8"), rel) or {}).get("answers") or {}
        for item_id, value in answers.items() if isinstance(answers, dict) else ():
            cited = value.get("evidence") if isinstance(value, dict) else None
            for ev in cited if isinstance(cited, list) else [cited] if cited else []:
                out.setdefault(str(ev), []).append(Citation(rel, str(item_id), line_of(answers, item_id)))
    return out


def list_evidence(root: Path, uid: str) -> list[dict[str, Any]]:
    """One row per manifest entry: what it is, what it supports and who cites it."""
    _path, _display, _text, manifest = _unit_manifest(root, uid)
    cited = citations(root, uid)
    rows = []
    for entry in manifest.get("items") or []:
        if isinstance(entry, dict):
            eid = str(entry.get("id"))
            rows.append({"id": eid, "visibility": entry.get("visibility"), "kind": entry.get("kind"), "date": entry.get("date"),
                         "title": entry.get("title"), "location": entry.get("file") or entry.get("url"),
                         "supports": [str(s) for s in entry.get("supports") or []],
                         "cited_by": [f"{c.file}:{c.line or 1} {c.item}" for c in cited.get(eid, [])]})
    return rows


def _answers_path(root: Path, uid: str, year: int | None) -> Path:
    path = _answers_file(root, uid, year)
    if path is None:
        raise EvidenceError(f"tidak ada LKE penilaian mandiri untuk {uid}" + (f" tahun {year}" if year else "") + "; buat dengan `zi new unit`")
    return path


def link(root: Path, uid: str, evidence_id: str, items: list[str], year: int | None = None) -> list[str]:
    """Cite the evidence from the answers of ``items`` (the latest or given year's self.yaml) and add them to its supports."""
    path, display, text, manifest = _unit_manifest(root, uid)
    index, entry = _entry(manifest, evidence_id, display)
    check_items(root, uid, items)
    answers = _answers_path(root, uid, year)
    answers_rel = answers.relative_to(root).as_posix()
    answers_text = answers.read_text(encoding="utf-8")
    for item_id in items:
        answers_text = link_evidence(answers_text, item_id, evidence_id, answers_rel)
    supports = [str(s) for s in entry.get("supports") or []]
    added = [i for i in items if i not in supports]
    new_manifest = text
    if added:
        new_manifest = _set_supports(text, display, manifest, index, entry, supports + added)
    atomic_write_text(path, new_manifest)
    atomic_write_text(answers, answers_text)
    return [f"{answers_rel}: {', '.join(items)} → {evidence_id}", f"{display}: supports {evidence_id} = {', '.join(supports + added)}"]


def _set_supports(text: str, display: str, manifest: dict, index: int, entry: dict, values: list[str]) -> str:
    def change(data: dict) -> None:
        data["items"][index]["supports"] = values

    key_line = line_of(entry, "supports")
    if key_line is None or "supports" not in entry:
        raise EvidenceError(f"{display}: bukti '{entry.get('id')}' tidak punya daftar supports; tambahkan secara manual")
    return set_key_list(text, display, key_line, "supports", values, change, f"mengubah supports bukti '{entry.get('id')}'")


def unlink(root: Path, uid: str, evidence_id: str, items: list[str], year: int | None = None) -> list[str]:
    """Stop citing the evidence from ``items`` in self.yaml, and drop them from its supports (at least one must stay)."""
    path, display, text, manifest = _unit_manifest(root, uid)
    index, entry = _entry(manifest, evidence_id, display)
    answers = _answers_path(root, uid, year)
    rel = answers.relative_to(root).as_posix()
    answers_text = answers.read_text(encoding="utf-8")
    for item_id in items:
        data = parse_yaml(answers_text, rel) or {}
        block = (data.get("answers") or {}).get(item_id)
        cited = block.get("evidence") if isinstance(block, dict) else None
        cited = cited if isinstance(cited, list) else [cited] if cited else []
        if evidence_id not in [str(c) for c in cited]:
            continue
        rest = [str(c) for c in cited if str(c) != evidence_id]

        def change(d: dict, item_id: str = item_id, rest: list[str] = rest) -> None:
            if rest:
                d["answers"][item_id]["evidence"] = rest
            else:
                del d["answers"][item_id]["evidence"]

        answers_text = set_key_list(answers_text, rel, line_of(block, "evidence") or 0, "evidence", rest or None, change,
                                    f"melepas {evidence_id} dari {item_id}")
    atomic_write_text(answers, answers_text)
    supports = [str(s) for s in entry.get("supports") or []]
    still = {c.item for c in citations(root, uid).get(evidence_id, [])}  # another LKE file (the TPI's) may still cite it
    remaining = [s for s in supports if s not in items or s in still]
    note = f"{display}: supports {evidence_id} = {', '.join(remaining)}"
    if not remaining:  # the schema wants one supported item: the list stays until the evidence itself is removed
        remaining = supports
        note = (f"{display}: supports {evidence_id} tetap {', '.join(supports)} (minimal satu butir); bila bukti ini tidak "
                f"dipakai lagi, hapus dengan `zi evidence remove {uid} {evidence_id}`")
    elif set(items) & still:
        note += f" ({', '.join(sorted(set(items) & still))} masih dirujuk berkas LKE lain, mis. penilaian TPI)"
    new_manifest = _set_supports(text, display, manifest, index, entry, remaining) if remaining != supports else text
    atomic_write_text(path, new_manifest)
    return [f"{rel}: {evidence_id} dilepas dari {', '.join(items)}", note]


def remove(root: Path, uid: str, evidence_id: str) -> list[str]:
    """Remove the manifest entry (and its file when nothing else records it); refused while an answer cites it."""
    path, display, text, manifest = _unit_manifest(root, uid)
    index, entry = _entry(manifest, evidence_id, display)
    cited = citations(root, uid).get(evidence_id, [])
    if cited:
        where = "; ".join(f"{c.file}:{c.line or 1} ({c.item})" for c in cited[:5])
        raise EvidenceError(f"bukti '{evidence_id}' masih dirujuk oleh {len(cited)} jawaban: {where}. Lepaskan dulu dengan "
                            f"`zi evidence unlink {uid} {evidence_id} BUTIR…` (jawaban TPI diubah oleh TPI)")

    def change(data: dict) -> None:
        del data["items"][index]

    new_text = remove_list_entry(text, display, "items", index, change, f"menghapus bukti '{evidence_id}'")
    lines = [f"{display}: bukti '{evidence_id}' dihapus"]
    file_rel = entry.get("file")
    others = [e for i, e in enumerate(manifest.get("items") or []) if i != index and isinstance(e, dict) and e.get("file") == file_rel]
    atomic_write_text(path, new_text)
    if file_rel and not others:
        target = (root / EVIDENCE / uid / str(file_rel)).resolve()
        if (root / EVIDENCE / uid).resolve() in target.parents and target.is_file() and not target.is_symlink():
            target.unlink()
            lines.append(f"{EVIDENCE}/{uid}/{file_rel}: berkas dihapus (riwayat Git masih menyimpannya)")
    return lines
