"""The kinds of data file a ZI Evidence repository holds (DESIGN §6), as one registry.

Each kind says where its files live (a path pattern), which JSON Schema validates them and who owns them. The
repository walker (:mod:`.walker`), ``zi check``, the reader of the public site and exports (:mod:`.repository`) and
the CODEOWNERS rules (:mod:`.authz`) all classify paths here, so a new kind of file is one entry below plus its schema.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .layout import KAWASAN_DIR, PREREQ_DIR

# placeholders of a pattern → what they match; a unit id never takes a reserved name (prasyarat, kawasan)
_PLACEHOLDERS = {
    "unit": rf"(?!(?:{PREREQ_DIR}|{KAWASAN_DIR})/)[^/]+",
    "year": r"[^/]+",
    "assessor": r"[^/]+",
    "name": r"[^/]+",
}


@dataclass(frozen=True)
class FileKind:
    """One kind of data file. ``owner``: who changes it — ``admin`` (instansi-wide), ``unit`` (the unit's maintainers),
    ``tpi`` (the internal assessment team); the CODEOWNERS rules follow it."""

    name: str
    pattern: str  # repository-relative, with {unit} {year} {assessor} {name} placeholders
    schema: str
    owner: str
    description: str
    new_as: str = ""  # the word of `zi new` that scaffolds this kind from its schema (schema_scaffold.py); "" = none
    path_values: tuple[tuple[str, str], ...] = ()  # (top-level property, placeholder) filled from the path by `zi new`
    editor_schema: str = ""  # the schema an editor is pointed to, when narrower than ``schema`` (self.yaml: no TPI fields)
    regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        body = re.escape(self.pattern)
        for key, rx in _PLACEHOLDERS.items():
            body = body.replace(re.escape("{" + key + "}"), f"(?P<{key}>{rx})")
        object.__setattr__(self, "regex", re.compile(f"^{body}$"))

    def match(self, rel: str) -> dict[str, str] | None:
        found = self.regex.match(rel)
        return found.groupdict() if found else None

    @property
    def glob(self) -> str:
        """The pattern in CODEOWNERS/glob form (``/units/*/lke/*/tpi.yaml``)."""
        return "/" + re.sub(r"\{[a-z]+\}", "*", self.pattern)


FILE_KINDS: tuple[FileKind, ...] = (
    FileKind("instansi", "units/instansi.yaml", "instansi", "admin", "profil instansi, admin, TPI, aturan bawaan"),
    FileKind("prerequisites", f"units/{PREREQ_DIR}/{{name}}.yaml", "prerequisites", "admin", "fakta Tabel 5 per tahun", "prasyarat",
             (("year", "name"),)),
    FileKind("kawasan", f"units/{KAWASAN_DIR}/{{name}}.yaml", "kawasan", "admin", "kawasan yang membangun ZI bersama", "kawasan",
             (("id", "name"),)),
    FileKind("unit", "units/{unit}/unit.yaml", "unit", "unit", "profil unit, tahapan, predikat"),
    FileKind("declarations", "units/{unit}/pencanangan.yaml", "declarations", "unit", "deklarasi, piagam, pakta integritas", "pencanangan"),
    FileKind("standards", "units/{unit}/standar-pelayanan.yaml", "standards", "unit", "standar pelayanan", "standar"),
    FileKind("surveys", "units/{unit}/survei.yaml", "surveys", "unit", "hasil survei IPK/IPAK", "survei"),
    FileKind("plan", "units/{unit}/rencana/{year}.yaml", "plan", "unit", "rencana kerja tahunan", "rencana", (("year", "year"),)),
    FileKind("lke_self", "units/{unit}/lke/{year}/self.yaml", "lke", "unit", "penilaian mandiri unit", editor_schema="lke-self"),
    FileKind("lke_tpi", "units/{unit}/lke/{year}/tpi.yaml", "lke", "tpi", "penilaian TPI"),
    FileKind("lke_tpn", "units/{unit}/lke/{year}/tpn.yaml", "lke", "tpi", "hasil evaluasi TPN (dicatat TPI)"),
    # any other name in a year folder is still an LKE file, so `zi check` can say how to name it (lke.path)
    FileKind("lke_other", "units/{unit}/lke/{year}/{assessor}.yaml", "lke", "unit", "berkas LKE bernama tidak sah"),
    FileKind("manifest", "evidence/{unit}/manifest.yaml", "manifest", "unit", "daftar bukti dukung"),
)
KINDS_BY_NAME = {k.name: k for k in FILE_KINDS}
# every pattern ends in a literal file extension: a path with none of them is no data file, without trying each
# pattern (most files of a repository are evidence documents: 13 failed matches each)
_EXTENSIONS = tuple(sorted({"." + k.pattern.rsplit(".", 1)[1] for k in FILE_KINDS}))
assert all("{" not in ext and "/" not in ext for ext in _EXTENSIONS), "a kind's pattern must end in a literal extension"


@dataclass(frozen=True)
class Classified:
    kind: FileKind
    fields: dict[str, str]

    @property
    def unit(self) -> str | None:
        return self.fields.get("unit")

    @property
    def year(self) -> int | None:
        year = self.fields.get("year") or self.fields.get("name")
        return int(year) if year and year.isdigit() and len(year) == 4 else None


def classify(rel: str) -> Classified | None:
    """The kind of a repository-relative path (``/`` separated), or None for a file that is no data file."""
    if not rel.endswith(_EXTENSIONS):
        return None
    for kind in FILE_KINDS:
        fields = kind.match(rel)
        if fields is not None:
            return Classified(kind, fields)
    return None


def kinds_owned_by(owner: str) -> list[FileKind]:
    return [k for k in FILE_KINDS if k.owner == owner]


def schema_for(root: Path, path: Path) -> str | None:
    """The schema name of a data file, from its place in the repository (None for unknown files)."""
    found = classify(path.relative_to(root).as_posix())
    return found.kind.schema if found else None


def editor_schema_for(root: Path, path: Path) -> str | None:
    """The schema an editor's ``# yaml-language-server: $schema=`` line names for a data file (``zi new``, ``zi fmt``)."""
    found = classify(path.relative_to(root).as_posix())
    return (found.kind.editor_schema or found.kind.schema) if found else None
