"""Real files of every evidence type, built in memory, with chosen text in the places that type can hide it."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib


def pdf(text: str, *, compress: bool = False, hex_string: bool = False, info: str | None = None) -> bytes:
    """A one-page PDF showing ``text`` — in a Flate-compressed content stream and/or as a hex string when asked."""
    shown = "<" + text.encode("latin-1").hex() + ">" if hex_string else "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"
    content = f"BT /F1 12 Tf 50 780 Td {shown} Tj ET".encode("latin-1")
    stream_dict = f"<< /Length {{}}{' /Filter /FlateDecode' if compress else ''} >>"
    body = zlib.compress(content) if compress else content
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        stream_dict.format(len(body)).encode() + b"\nstream\n" + body + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    if info is not None:
        objects.append(f"<< /Author ({info}) >>".encode("latin-1"))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    trailer = f"<< /Size {len(objects) + 1} /Root 1 0 R" + (f" /Info {len(objects)} 0 R" if info is not None else "") + " >>"
    out += f"trailer\n{trailer}\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _chunk(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def png(text: str | None = None, *, compressed: bool = False) -> bytes:
    """A 1×1 PNG, with ``text`` in a tEXt (or zTXt) chunk."""
    chunks = [_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))]
    if text is not None:
        chunks.append(_chunk(b"zTXt", b"Comment\x00\x00" + zlib.compress(text.encode("latin-1"))) if compressed
                      else _chunk(b"tEXt", b"Comment\x00" + text.encode("latin-1")))
    chunks.append(_chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")))
    chunks.append(_chunk(b"IEND", b""))
    return b"\x89PNG\r\n\x1a\n" + b"".join(chunks)


def jpeg(comment: str | None = None) -> bytes:
    """A structurally valid (tiny) JPEG with ``comment`` in a COM segment and in an Exif-like APP1 segment."""
    segments = b""
    if comment is not None:
        data = comment.encode("utf-8")
        segments += b"\xff\xfe" + struct.pack(">H", len(data) + 2) + data
        exif = b"Exif\x00\x00II*\x00" + data
        segments += b"\xff\xe1" + struct.pack(">H", len(exif) + 2) + exif
    sos = b"\xff\xda" + struct.pack(">H", 8) + b"\x01\x01\x00\x00\x3f\x00"
    return b"\xff\xd8" + segments + sos + b"\x12\x34\x56" + b"\xff\xd9"


def docx(*runs: str, creator: str = "Tim ZI") -> bytes:
    """A Word document whose paragraph is made of ``runs`` (Word splits text into runs at will)."""
    body = "".join(f"<w:r><w:t>{r}</w:t></w:r>" for r in runs)
    files = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "word/document.xml": f'<?xml version="1.0"?><w:document xmlns:w="w"><w:body><w:p>{body}</w:p></w:body></w:document>',
        "docProps/core.xml": f'<?xml version="1.0"?><cp:coreProperties xmlns:cp="c" xmlns:dc="d"><dc:creator>{creator}</dc:creator></cp:coreProperties>',
    }
    return _zip(files)


def xlsx(*cells: str) -> bytes:
    shared = "".join(f"<si><t>{c}</t></si>" for c in cells)
    files = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types/>',
        "xl/workbook.xml": '<?xml version="1.0"?><workbook/>',
        "xl/sharedStrings.xml": f'<?xml version="1.0"?><sst>{shared}</sst>',
    }
    return _zip(files)


def odt(text: str) -> bytes:
    files = {"mimetype": "application/vnd.oasis.opendocument.text",
             "content.xml": f'<?xml version="1.0"?><office:document-content xmlns:text="t"><text:p>{text}</text:p></office:document-content>'}
    return _zip(files)


def _zip(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text, compress_type=zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def pdf_with(where: str, text: str) -> bytes:
    """A clean one-page PDF carrying ``text`` only in one structure outside the page text: ``field`` (a form field's
    value), ``xmp`` (XMP metadata), ``annotation`` (a note's contents), ``attachment`` (an embedded file); or an active
    thing: ``javascript`` (document JavaScript), ``openaction`` (JavaScript run on open), ``launch`` (a Launch action)."""
    import io

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject, NumberObject, TextStringObject

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(pdf("Surat Keputusan Tim ZI"))))
    page = writer.pages[0]
    if where == "field":
        widget = DictionaryObject({NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Widget"),
                                   NameObject("/FT"): NameObject("/Tx"), NameObject("/T"): TextStringObject("pemohon"),
                                   NameObject("/V"): TextStringObject(text),
                                   NameObject("/Rect"): ArrayObject([NumberObject(0), NumberObject(0), NumberObject(10), NumberObject(10)])})
        ref = writer._add_object(widget)
        page[NameObject("/Annots")] = ArrayObject([ref])
        writer._root_object[NameObject("/AcroForm")] = DictionaryObject({NameObject("/Fields"): ArrayObject([ref])})
    elif where == "xmp":
        stream = DecodedStreamObject()
        stream.set_data(f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><rdf:Description><dc:creator>{text}</dc:creator>'
                        "</rdf:Description></rdf:RDF></x:xmpmeta>".encode())
        stream[NameObject("/Type")], stream[NameObject("/Subtype")] = NameObject("/Metadata"), NameObject("/XML")
        writer._root_object[NameObject("/Metadata")] = writer._add_object(stream)
    elif where == "annotation":
        note = DictionaryObject({NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Text"),
                                 NameObject("/Contents"): TextStringObject(text),
                                 NameObject("/Rect"): ArrayObject([NumberObject(0), NumberObject(0), NumberObject(10), NumberObject(10)])})
        page[NameObject("/Annots")] = ArrayObject([writer._add_object(note)])
    elif where == "attachment":
        writer.add_attachment("lampiran.txt", text.encode())
    elif where == "javascript":
        script = writer._add_object(DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                                                      NameObject("/JS"): TextStringObject("app.alert('x');")}))
        tree = DictionaryObject({NameObject("/Names"): ArrayObject([TextStringObject("x"), script])})
        writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): tree})
    elif where == "openaction":
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                                                                            NameObject("/JS"): TextStringObject("app.alert(1)")})
    elif where == "launch":
        action = DictionaryObject({NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("calc.exe")})
        link = DictionaryObject({NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Link"),
                                 NameObject("/A"): action,
                                 NameObject("/Rect"): ArrayObject([NumberObject(0), NumberObject(0), NumberObject(10), NumberObject(10)])})
        page[NameObject("/Annots")] = ArrayObject([writer._add_object(link)])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
