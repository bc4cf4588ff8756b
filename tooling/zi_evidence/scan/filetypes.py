"""Evidence file types: which may be published, how their content is verified, how their text is read.

Public evidence is published as a download, never rendered: only types that neither MkDocs nor a browser turns into
a page or runs (no ``.md``, ``.html``, ``.svg``, ``.js``, ``.css``) are allowed, and each file's bytes must be what its
extension says (magic bytes and structure), so an HTML page renamed ``.pdf`` is refused. The text each type can carry
(PDF text and metadata, OOXML/ODF XML, PNG/JPEG/WebP metadata, CSV) is extracted, bounded in size, for the
personal-data scan. Adding a type is one :class:`EvidenceType` entry.
"""

from __future__ import annotations

import html
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

MAX_TEXT_CHARS = 4 * 1024 * 1024  # text taken from one file for scanning
MAX_ZIP_MEMBERS = 5_000
MAX_ZIP_UNCOMPRESSED = 64 * 1024 * 1024  # what all members of an office file may expand to
MAX_ZIP_RATIO = 200  # a member expanding more than this is a zip bomb, not a document
MAX_PDF_PAGES = 2_000


class ContentError(Exception):
    """The bytes are not what the extension says (message in Indonesian)."""


@dataclass(frozen=True)
class Extracted:
    text: str
    unreadable: str | None = None  # why (part of) the text could not be read: encrypted, no text layer, time limit


@dataclass(frozen=True)
class EvidenceType:
    extensions: tuple[str, ...]
    label: str
    mime: str
    public: bool  # may be published on the site (as a download)
    verify: Callable[[bytes], None]  # raises ContentError
    extract: Callable[[bytes], Extracted]
    sandboxed: bool = False  # extraction runs a third-party parser: do it in the helper process (see sandbox.py)


# -- PDF ----------------------------------------------------------------------------------------------------------
def _verify_pdf(data: bytes) -> None:
    if not data.startswith(b"%PDF-"):
        raise ContentError("isi berkas bukan PDF (tidak diawali %PDF-)")
    if b"%%EOF" not in data[-4096:]:
        raise ContentError("PDF terpotong atau rusak (penanda %%EOF tidak ada di akhir berkas)")


def extract_pdf(data: bytes) -> Extracted:
    """Text of every page (decoded streams, hex strings, fonts' ToUnicode maps: pypdf), metadata and link targets."""
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            return Extracted("", "PDF terenkripsi dengan kata sandi")
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise ContentError(f"PDF tidak dapat dibuka ({type(exc).__name__})") from None
    active = _pdf_active_content(reader)
    if active:
        raise ContentError(f"PDF memuat isi aktif ({active}); bukti publik tidak boleh menjalankan apa pun — "
                           "cetak ulang ke PDF biasa (mis. 'Print to PDF')")
    parts: list[str] = []
    for key, value in (reader.metadata or {}).items():
        parts.append(f"{key} {value}")
    parts += _pdf_structures(reader)
    page_text = 0
    pages = reader.pages
    if len(pages) > MAX_PDF_PAGES:
        return Extracted("\n".join(parts), f"PDF lebih dari {MAX_PDF_PAGES} halaman; hanya metadata yang diperiksa")
    for page in pages:
        text = page.extract_text() or ""
        page_text += len(text.strip())
        parts.append(text)
        for annot in page.get("/Annots") or []:
            obj = annot.get_object()
            for key in ("/Contents", "/T", "/TU", "/V", "/RC", "/Subj"):
                if key in obj:
                    parts.append(str(obj[key]))
            action = obj.get("/A")
            if action is not None and "/URI" in action.get_object():
                parts.append(str(action.get_object()["/URI"]))
        if sum(map(len, parts)) > MAX_TEXT_CHARS:
            return Extracted("\n".join(parts)[:MAX_TEXT_CHARS], "teks PDF terlalu panjang; hanya bagian awal yang diperiksa")
    unreadable = None if page_text else "PDF tidak punya lapisan teks (hasil pindai?); isinya tidak dapat diperiksa"
    return Extracted("\n".join(parts), unreadable)


_ACTIVE_ACTIONS = {"/JavaScript": "JavaScript", "/Launch": "Launch", "/SubmitForm": "SubmitForm", "/ImportData": "ImportData",
                   "/RichMediaExecute": "RichMedia", "/GoToE": "GoToE"}
MAX_PDF_OBJECTS_WALKED = 20_000  # the action walk below stops here (the helper process is also time-limited)


def _pdf_active_content(reader: Any) -> str | None:
    """The first active thing a PDF carries, by its object model (compressed object streams included): a document-level
    JavaScript name tree, or an action of a running kind (JavaScript, Launch, SubmitForm, …) reachable from the catalog's
    OpenAction/AA, a page's AA, an annotation's A/AA or a form field's AA. A plain OpenAction (go to page 1) is not."""
    root = reader.trailer["/Root"].get_object()
    names = root.get("/Names")
    if names is not None and "/JavaScript" in names.get_object():
        return "JavaScript dokumen"
    seen: set[int] = set()
    queue: list[Any] = [root.get("/OpenAction"), root.get("/AA")]
    acroform = root.get("/AcroForm")
    if acroform is not None:
        queue += [f for f in acroform.get_object().get("/Fields") or []]
    for page in reader.pages[:MAX_PDF_PAGES]:
        queue.append(page.get("/AA"))
        queue += list(page.get("/Annots") or [])
    walked = 0
    while queue and walked < MAX_PDF_OBJECTS_WALKED:
        node = queue.pop()
        if node is None:
            continue
        ref = getattr(node, "idnum", None)
        if ref is not None:
            if ref in seen:
                continue
            seen.add(ref)
        walked += 1
        obj = node.get_object()
        if isinstance(obj, dict):
            kind = obj.get("/S")
            if kind in _ACTIVE_ACTIONS or "/JS" in obj:
                return _ACTIVE_ACTIONS.get(str(kind), "JavaScript")
            for key in ("/A", "/AA", "/Next", "/Kids", "/O", "/C", "/K", "/F", "/V", "/Fo", "/Bl", "/PO", "/PC", "/D", "/U", "/X"):
                if key in obj:
                    queue.append(obj.raw_get(key) if hasattr(obj, "raw_get") else obj[key])
        elif isinstance(obj, list):
            queue += list(obj)
    return None


def _pdf_structures(reader: Any) -> list[str]:
    """Text that sits outside the pages: form field names and values, XMP metadata, embedded files (their names and the
    readable runs of their bytes)."""
    out: list[str] = []
    try:
        for name, field in (reader.get_fields() or {}).items():
            out.append(str(name))
            for key in ("/V", "/TU", "/DV"):
                if key in field and field[key] is not None:
                    out.append(str(field[key]))
    except Exception:  # noqa: BLE001, S110 - a malformed form is still scanned for its pages and metadata
        pass
    try:
        metadata = reader.trailer["/Root"].get_object().get("/Metadata")
        if metadata is not None:
            out.append(_xml_text(metadata.get_object().get_data()[:MAX_TEXT_CHARS].decode("utf-8", errors="replace")))
    except Exception:  # noqa: BLE001, S110
        pass
    try:
        for name, contents in (reader.attachments or {}).items():
            out.append(str(name))
            for content in contents:
                out.append(_text_runs(content[:MAX_TEXT_CHARS]))
    except Exception:  # noqa: BLE001, S110
        pass
    return out


# -- images -------------------------------------------------------------------------------------------------------
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PRINTABLE_RUN = re.compile(rb"[\x20-\x7e\x80-\xff]{4,}")


def _png_chunks(data: bytes, whole: bool = False) -> Iterator[tuple[bytes, bytes]]:
    """The chunks of a PNG; with ``whole``, bytes after IEND are refused (a polyglot)."""
    if not data.startswith(_PNG_SIGNATURE):
        raise ContentError("isi berkas bukan PNG (tanda tangan PNG tidak ada)")
    pos, first, seen_end = 8, True, False
    while pos < len(data):
        if pos + 12 > len(data):
            raise ContentError("PNG terpotong")
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        payload = data[pos + 8:pos + 8 + length]
        if len(payload) != length or pos + 12 + length > len(data):
            raise ContentError("PNG terpotong")
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        if zlib.crc32(kind + payload) != crc:
            raise ContentError(f"PNG rusak (CRC potongan {kind.decode('latin-1')!r} salah)")
        if first and kind != b"IHDR":
            raise ContentError("PNG rusak (IHDR bukan potongan pertama)")
        first = False
        yield kind, payload
        pos += 12 + length
        if kind == b"IEND":
            seen_end = True
            break
    if not seen_end:
        raise ContentError("PNG terpotong (IEND tidak ada)")
    if whole:
        _nothing_after(data, pos, "PNG")


def _nothing_after(data: bytes, end: int, label: str) -> None:
    """Public images end at their end marker: bytes after it (a ZIP, a PDF, a script) make a polyglot file."""
    if data[end:].strip(b"\x00"):
        raise ContentError(f"ada {len(data) - end} bita data setelah akhir gambar {label} (berkas ganda/polyglot); "
                           "simpan ulang gambarnya dengan aplikasi pengolah gambar")


def _inflate(payload: bytes) -> bytes:
    d = zlib.decompressobj()
    try:
        return d.decompress(payload, 1024 * 1024)
    except zlib.error:
        return b""


def _text_runs(payload: bytes) -> str:
    """Readable text in a binary metadata block (Exif ASCII fields, XMP, comments), also UTF-16 (Exif XP* fields)."""
    runs = [m.group(0).decode("utf-8", errors="replace") for m in _PRINTABLE_RUN.finditer(payload)]
    if b"\x00" in payload:
        for codec in ("utf-16-le", "utf-16-be"):
            wide = payload[: len(payload) // 2 * 2].decode(codec, errors="replace")
            runs.extend(r for r in re.split(r"[^\x20-\x7e\u00a0-\uffef]+", wide) if len(r) >= 4)
    return "\n".join(runs)


def _verify_png(data: bytes) -> None:
    for _ in _png_chunks(data):
        pass


def _extract_png(data: bytes) -> Extracted:
    parts = []
    for kind, payload in _png_chunks(data, whole=True):
        if kind == b"tEXt":
            parts.append(payload.replace(b"\x00", b" ").decode("latin-1"))
        elif kind == b"zTXt":
            keyword, _, rest = payload.partition(b"\x00")
            parts.append(keyword.decode("latin-1") + " " + _inflate(rest[1:]).decode("latin-1"))
        elif kind == b"iTXt":
            keyword, _, rest = payload.partition(b"\x00")
            compressed, rest = rest[:1] == b"\x01", rest[2:]
            _lang, _, rest = rest.partition(b"\x00")
            translated, _, text = rest.partition(b"\x00")
            body = _inflate(text) if compressed else text
            parts.append(" ".join(x.decode("utf-8", errors="replace") for x in (keyword, translated, body)))
        elif kind == b"eXIf":
            parts.append(_text_runs(payload))
    return Extracted("\n".join(parts))


def _jpeg_segments(data: bytes, whole: bool = False) -> Iterator[tuple[int, bytes]]:
    """The marker segments of a JPEG up to its end-of-image; with ``whole``, bytes after EOI are refused (a polyglot)."""
    if not data.startswith(b"\xff\xd8\xff"):
        raise ContentError("isi berkas bukan JPEG (penanda SOI tidak ada)")
    pos = 2
    while True:
        if pos + 4 > len(data) or data[pos] != 0xFF:
            raise ContentError("JPEG rusak (susunan segmen tidak sah)")
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte
            pos += 1
            continue
        if marker in (0x01, *range(0xD0, 0xD8)):
            pos += 2
            continue
        (length,) = struct.unpack(">H", data[pos + 2:pos + 4])
        if length < 2 or pos + 2 + length > len(data):
            raise ContentError("JPEG terpotong")
        yield marker, data[pos + 4:pos + 2 + length]
        pos += 2 + length
        if marker == 0xDA:  # start of scan: entropy-coded data up to the next marker (stuffed FF 00 and RSTn are data)
            while True:
                pos = data.find(b"\xff", pos)
                if pos < 0 or pos + 1 >= len(data):
                    raise ContentError("JPEG terpotong (penanda EOI tidak ada)")
                following = data[pos + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
                    pos += 1 if following == 0xFF else 2
                    continue
                break
            if data[pos + 1] == 0xD9:  # end of image (a progressive JPEG has more scans before it)
                if whole:
                    _nothing_after(data, pos + 2, "JPEG")
                return


def _verify_jpeg(data: bytes) -> None:
    for _ in _jpeg_segments(data):
        pass


def _extract_jpeg(data: bytes) -> Extracted:
    return Extracted("\n".join(_text_runs(p) for m, p in _jpeg_segments(data, whole=True) if 0xE1 <= m <= 0xEF or m == 0xFE))


def _webp_chunks(data: bytes) -> Iterator[tuple[bytes, bytes]]:
    if len(data) < 12 or data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise ContentError("isi berkas bukan WebP (header RIFF/WEBP tidak ada)")
    (size,) = struct.unpack("<I", data[4:8])
    if size + 8 > len(data):
        raise ContentError("WebP terpotong")
    pos, end = 12, size + 8
    while pos + 8 <= end:
        kind, length = data[pos:pos + 4], struct.unpack("<I", data[pos + 4:pos + 8])[0]
        if pos + 8 + length > end:
            raise ContentError("WebP terpotong")
        yield kind, data[pos + 8:pos + 8 + length]
        pos += 8 + length + (length & 1)


def _verify_webp(data: bytes) -> None:
    kinds = [k for k, _ in _webp_chunks(data)]
    if not kinds or kinds[0] not in (b"VP8 ", b"VP8L", b"VP8X"):
        raise ContentError("WebP rusak (potongan gambar tidak ada)")


def _extract_webp(data: bytes) -> Extracted:
    return Extracted("\n".join(_text_runs(p) for k, p in _webp_chunks(data) if k in (b"EXIF", b"XMP ")))


# -- office documents (ZIP of XML) ----------------------------------------------------------------------------------
_BLOCK_END = re.compile(r"</(?:w:p|w:tc|w:tr|a:p|text:p|text:h|table:table-cell|si|c|row|dc:[a-z]+|cp:[a-z]+|[a-z]+:[A-Za-z]*[Tt]itle)>")
_TAG = re.compile(r"<[^>]*+>")
_ATTRIBUTE_VALUE = re.compile(r"\s(?:Target|xlink:href|href)=\"([^\"]*+)\"")


def _xml_text(xml: str) -> str:
    """Text of an XML part: runs inside a paragraph or cell joined (a number split over runs stays one number),
    paragraphs and cells on their own lines, link targets (``mailto:``) appended."""
    targets = [html.unescape(m.group(1)) for m in _ATTRIBUTE_VALUE.finditer(xml)]
    text = _TAG.sub("", _BLOCK_END.sub("\n", xml))
    return html.unescape(text) + ("\n" + "\n".join(targets) if targets else "")


def _zip(data: bytes) -> zipfile.ZipFile:
    if not data.startswith(b"PK\x03\x04"):
        raise ContentError("isi berkas bukan dokumen kantor (bukan arsip ZIP)")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ContentError(f"arsip dokumen rusak ({exc})") from None
    if len(infos) > MAX_ZIP_MEMBERS:
        raise ContentError(f"dokumen berisi lebih dari {MAX_ZIP_MEMBERS} bagian")
    if sum(i.file_size for i in infos) > MAX_ZIP_UNCOMPRESSED:
        raise ContentError(f"isi dokumen mengembang melebihi {MAX_ZIP_UNCOMPRESSED // (1024 * 1024)} MB (bom zip?)")
    for info in infos:
        if info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1) and info.file_size > 1024 * 1024:
            raise ContentError(f"bagian {info.filename!r} mengembang {info.file_size // max(info.compress_size, 1)}× (bom zip?)")
        if info.flag_bits & 0x1:
            raise ContentError("dokumen terenkripsi; simpan tanpa kata sandi")
    return archive


def _zip_text(data: bytes) -> Extracted:
    archive = _zip(data)
    parts, total = [], 0
    for info in archive.infolist():
        if not info.filename.endswith((".xml", ".rels")):
            continue
        try:
            raw = archive.read(info)[: MAX_ZIP_UNCOMPRESSED]
        except (zipfile.BadZipFile, zlib.error, OSError, NotImplementedError) as exc:
            raise ContentError(f"bagian {info.filename!r} tidak dapat dibaca ({exc})") from None
        text = _xml_text(raw.decode("utf-8", errors="replace"))
        parts.append(text)
        total += len(text)
        if total > MAX_TEXT_CHARS:
            return Extracted("\n".join(parts)[:MAX_TEXT_CHARS], "teks dokumen terlalu panjang; hanya bagian awal yang diperiksa")
    return Extracted("\n".join(parts))


def _ooxml(main_part: str, label: str) -> Callable[[bytes], None]:
    def verify(data: bytes) -> None:
        names = set(_zip(data).namelist())
        if "[Content_Types].xml" not in names or main_part not in names:
            raise ContentError(f"isi berkas bukan dokumen {label} (bagian {main_part} tidak ada)")
        if any(n.lower().endswith("vbaproject.bin") for n in names):
            raise ContentError("dokumen memuat makro (vbaProject.bin); simpan ulang tanpa makro")
    return verify


def verify_workbook(data: bytes) -> None:
    """A workbook to import, checked before openpyxl parses it: an OOXML spreadsheet within the archive bounds above,
    without macros, and with no DTD in any XML part (``<!DOCTYPE``/``<!ENTITY``: external entities, entity expansion).
    The same archive rules as public evidence; raises :class:`ContentError` with the reason."""
    _ooxml("xl/workbook.xml", "Excel (.xlsx)")(data)
    archive = _zip(data)
    for info in archive.infolist():
        if info.filename.endswith((".xml", ".rels", ".vml")):
            try:
                raw = archive.read(info)
            except (zipfile.BadZipFile, zlib.error, OSError, NotImplementedError) as exc:
                raise ContentError(f"bagian {info.filename!r} tidak dapat dibaca ({exc})") from None
            if b"<!DOCTYPE" in raw or b"<!ENTITY" in raw or "<!DOCTYPE".encode("utf-16-le") in raw:
                raise ContentError(f"bagian {info.filename!r} memuat DTD/entitas XML (<!DOCTYPE); lembar kerja Excel asli tidak memilikinya")


def _odf(mimetype: str) -> Callable[[bytes], None]:
    def verify(data: bytes) -> None:
        archive = _zip(data)
        first = archive.infolist()[0] if archive.infolist() else None
        if first is None or first.filename != "mimetype" or archive.read(first).strip() != mimetype.encode():
            raise ContentError(f"isi berkas bukan dokumen OpenDocument ({mimetype})")
    return verify


# -- plain text ----------------------------------------------------------------------------------------------------
def _decode_text(data: bytes) -> str:
    if b"\x00" in data:
        raise ContentError("berkas teks memuat bita NUL (berkas biner?)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ContentError("berkas teks bukan UTF-8; simpan ulang dengan pengodean UTF-8") from None


def _verify_text(data: bytes) -> None:
    _decode_text(data)


def _extract_text(data: bytes) -> Extracted:
    return Extracted(_decode_text(data)[:MAX_TEXT_CHARS])


_OOXML = "application/vnd.openxmlformats-officedocument"
_ODF = "application/vnd.oasis.opendocument"
TYPES: tuple[EvidenceType, ...] = (
    EvidenceType((".pdf",), "PDF", "application/pdf", True, _verify_pdf, extract_pdf, sandboxed=True),
    EvidenceType((".png",), "PNG", "image/png", True, _verify_png, _extract_png),
    EvidenceType((".jpg", ".jpeg"), "JPEG", "image/jpeg", True, _verify_jpeg, _extract_jpeg),
    EvidenceType((".webp",), "WebP", "image/webp", True, _verify_webp, _extract_webp),
    EvidenceType((".docx",), "Word", f"{_OOXML}.wordprocessingml.document", True, _ooxml("word/document.xml", "Word"), _zip_text),
    EvidenceType((".xlsx",), "Excel", f"{_OOXML}.spreadsheetml.sheet", True, _ooxml("xl/workbook.xml", "Excel"), _zip_text),
    EvidenceType((".pptx",), "PowerPoint", f"{_OOXML}.presentationml.presentation", True, _ooxml("ppt/presentation.xml", "PowerPoint"),
                 _zip_text),
    EvidenceType((".odt",), "ODF Text", f"{_ODF}.text", True, _odf(f"{_ODF}.text"), _zip_text),
    EvidenceType((".ods",), "ODF Spreadsheet", f"{_ODF}.spreadsheet", True, _odf(f"{_ODF}.spreadsheet"), _zip_text),
    EvidenceType((".odp",), "ODF Presentation", f"{_ODF}.presentation", True, _odf(f"{_ODF}.presentation"), _zip_text),
    EvidenceType((".csv",), "CSV", "text/csv", True, _verify_text, _extract_text),
    # plain text is rendered by browsers as a page of its own: kept internal (attendance lists, notes)
    EvidenceType((".txt",), "teks", "text/plain", False, _verify_text, _extract_text),
)
BY_EXTENSION: dict[str, EvidenceType] = {ext: t for t in TYPES for ext in t.extensions}
PUBLIC_EXTENSIONS = tuple(sorted(ext for ext, t in BY_EXTENSION.items() if t.public))
ALL_EXTENSIONS = tuple(sorted(BY_EXTENSION))


def evidence_type(name: str) -> EvidenceType | None:
    """The type of an evidence file from its extension (case-insensitive), or None when it is not allowed at all."""
    dot = name.rfind(".")
    return BY_EXTENSION.get(name[dot:].lower()) if dot >= 0 else None
