"""Small PDFs built by hand for the ingest tests (no PDF writer among the dependencies)."""
from __future__ import annotations


def pdf_bytes(pages: list[str]) -> bytes:
    """A PDF with one line of Helvetica text per page; an empty string gives a page with
    no text layer."""
    n = len(pages)
    font = 3 + 2 * n
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(n)), n)]
    for i, text in enumerate(pages):
        stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode() if text else b""
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (4 + 2 * i, font))
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    return _serialized(objects)


def placed_pdf_bytes(pages: list[list[tuple[float, float, str]]], size: float = 10.5,
                     char_spacing: float = 0.0, one_op_per_char: bool = False) -> bytes:
    """A PDF with Japanese text placed at (x, y) points on A4 pages, in a CID font
    (Type0, Identity-H, every glyph 1 em wide) whose ToUnicode map makes each 2-byte code
    its own UTF-16 code unit, so any BMP text can be written without embedding a font.
    ``char_spacing`` is the PDF Tc operator in points (letter-spaced text);
    ``one_op_per_char`` draws every character with its own Td/Tj, as some writers do."""
    n = len(pages)
    font = 3 + 2 * n
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(n)), n)]
    for i, items in enumerate(pages):
        stream = b"".join(_placed_text(x, y, text, size, char_spacing, one_op_per_char) for x, y, text in items)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (4 + 2 * i, font))
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type0 /BaseFont /MSMincho /Encoding /Identity-H "
                   b"/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (font + 1, font + 3))
    objects.append(b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /MSMincho /CIDToGIDMap /Identity "
                   b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                   b"/FontDescriptor %d 0 R /DW 1000 >>" % (font + 2))
    objects.append(b"<< /Type /FontDescriptor /FontName /MSMincho /Flags 4 /FontBBox [0 -141 1000 859] "
                   b"/ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 700 /StemV 80 >>")
    cmap = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap "
            b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def "
            b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def "
            b"1 begincodespacerange <0000> <FFFF> endcodespacerange "
            b"2 beginbfrange <0000> <D7FF> <0000> <E000> <FFFF> <E000> endbfrange "
            b"endcmap CMapName currentdict /CMap defineresource pop end end")
    objects.append(b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream")
    return _serialized(objects)


def _placed_text(x: float, y: float, text: str, size: float, char_spacing: float, one_op_per_char: bool) -> bytes:
    head = b"BT /F1 %.2f Tf %.2f Tc %.2f %.2f Td " % (size, char_spacing, x, y)
    if not one_op_per_char:
        return head + b"<%s> Tj ET\n" % text.encode("utf-16-be").hex().encode()
    step = size + char_spacing
    ops = [b"<%s> Tj %.2f 0 Td " % (ch.encode("utf-16-be").hex().encode(), step) for ch in text]
    return head.replace(b"%.2f Tc " % char_spacing, b"0.00 Tc ") + b"".join(ops) + b"ET\n"


def _serialized(objects: list[bytes]) -> bytes:
    """``objects`` (numbered from 1, the catalog first) as a PDF file with its cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
