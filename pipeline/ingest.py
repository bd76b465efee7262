"""Ingest: find source files and extract their text, recording how it was read.

Every supported file becomes one ``SourceDocument`` (a ``.jsonl`` file one per line).
A file that cannot be read becomes a document with ``status='error'`` and a message a
person can act on; nothing here raises for bad input.
"""
from __future__ import annotations

import hashlib
import io
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from pipeline.pdf_text import page_text, page_texts_without_running_lines
from pipeline.records import SourceDocument
from pipeline.storage import UrlPath, is_url

TEXT_SUFFIXES = {".txt", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | {".pdf", ".docx", ".jsonl"}

# One document's source bytes (a file; a line of a .jsonl) above this are refused with an
# error row instead of tying up a worker for minutes: analysis runs at a few thousand
# characters a second. ``pipeline run --max-bytes`` changes it.
DEFAULT_MAX_BYTES = 10_000_000
# A .docx is a zip: its XML parts together may unpack to at most this many bytes
# (a zip bomb unpacks a few kilobytes into gigabytes).
MAX_DOCX_XML_BYTES = 200_000_000
# A JSONL line nested deeper than this is refused before the parser recurses into it.
MAX_JSON_DEPTH = 100

# Encodings tried, strictly, after BOM detection and UTF-8 failed. Ordered by how common
# they are for Japanese government documents.
LEGACY_ENCODINGS = ("cp932", "euc_jp", "iso2022_jp")
_JAPANESE_CHAR = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\u3000-\u303f\uff01-\uff5e]")
_CONTROL_CHAR = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_KANA = re.compile(r"[\u3041-\u30ff]")
# ESC $ B / ESC $ @ switch ISO-2022-JP to JIS X 0208 (ESC $ ( D: JIS X 0212)
_ISO2022_ESCAPE = re.compile(rb"\x1b\$[@B]|\x1b\$\(D")


class IngestError(Exception):
    """A file could not be read; the message says why, for a person to act on."""


def discover(inputs: Iterable[Path], skipped: list[Path] | None = None) -> list[tuple[Path, Path]]:
    """(file, root) for every supported file under the inputs, sorted, without duplicates.

    ``root`` is the input folder the file was found under (the file itself for a file input);
    removed-file detection is limited to these roots. Files of other types found in folders
    are appended to ``skipped`` (hidden files and folders are left out silently).
    """
    seen: dict = {}
    for item in inputs:
        if is_url(item):
            _discover_url(UrlPath(str(item)), seen, skipped)
            continue
        item = Path(item)
        if item.is_dir():
            for p in sorted(item.rglob("*")):
                if _hidden(p, item) or not p.is_file():
                    continue
                if p.suffix.lower() in SUFFIXES:
                    seen.setdefault(p.resolve(), item.resolve())
                elif skipped is not None:
                    skipped.append(p)
        elif item.is_file():
            seen.setdefault(item.resolve(), item.resolve())
        else:
            raise FileNotFoundError(f"{item}: no such file or folder")
    return sorted(seen.items(), key=lambda kv: (is_url(kv[0]), str(kv[0]) if is_url(kv[0]) else kv[0]))


def _discover_url(item: UrlPath, seen: dict, skipped: list | None) -> None:
    """``discover`` for a URL (``pipeline.storage``): the files under it, or the file itself."""
    root = item.canonical()
    for p in item.files():
        rest = p.url[len(root.url.rstrip("/")):].strip("/").split("/")
        if any(part.startswith(".") for part in rest):
            continue
        if p.suffix.lower() in SUFFIXES or p.url == root.url:
            seen.setdefault(p, root)
        elif skipped is not None:
            skipped.append(p)


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def doc_id_for(path: Path | str, source_id: str | None = None) -> str:
    """Stable id of a source: its resolved path, plus the JSONL id for a line of a .jsonl."""
    key = f"{path if is_url(path) else Path(path).resolve()}#{source_id or ''}"
    # surrogateescape: a file name in bytes that are not UTF-8 (a Shift_JIS file system)
    return hashlib.sha1(key.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def display_path(path: Path | str) -> str:
    """The path as text that can be stored and printed: bytes of a file name that are not
    UTF-8 are shown as ``\\xNN``."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def unsupported_reason(path: Path) -> str | None:
    """Why ``path`` is not read as a document, or None for a supported type."""
    if path.suffix.lower() in SUFFIXES:
        return None
    kind = path.suffix.lower() or "without an extension"
    return (f"unsupported file type {kind} (supported: {' '.join(sorted(SUFFIXES))}; "
            "save tables as .jsonl with one {\"id\", \"text\"} object per line)")


def too_large(size: int, max_bytes: int) -> str:
    mb = 1_000_000
    return (f"file too large: {size / mb:,.1f} MB; limit {max_bytes / mb:,.1f} MB, "
            "set with --max-bytes")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_documents(path: Path, max_bytes: int = DEFAULT_MAX_BYTES, data: bytes | None = None) -> Iterator[SourceDocument]:
    """The documents in one file (its bytes already read: ``data``); errors become error documents."""
    fmt = path.suffix.lower().lstrip(".")
    reason = unsupported_reason(path)
    if reason:
        yield _error_doc(path, fmt, b"", reason)
        return
    try:
        size = path.stat().st_size if data is None else len(data)
        if fmt != "jsonl" and size > max_bytes:
            yield _error_doc(path, fmt, b"", too_large(size, max_bytes))
            return
        data = path.read_bytes() if data is None else data
    except OSError as exc:
        yield _error_doc(path, fmt, b"", f"cannot read file: {exc.strerror or exc}")
        return
    if fmt == "jsonl":
        yield from _jsonl_documents(path, data, max_bytes)
        return
    note = None
    try:
        if not data.strip():
            raise IngestError("empty file")
        readable = data
        if fmt in ("txt", "md"):
            readable, note = _without_cut_last_char(data)
        text, encoding, title = _EXTRACTORS[fmt](readable)
        if not text.strip():
            raise IngestError("no text could be extracted")
    except IngestError as exc:
        yield _error_doc(path, fmt, data, str(exc))
        return
    except Exception as exc:  # a corrupt file in a format library: still an error row
        yield _error_doc(path, fmt, data, f"cannot read {fmt.upper()}: {type(exc).__name__}: {exc}")
        return
    yield SourceDocument(
        doc_id=doc_id_for(path), path=display_path(path), source_id=None, format=fmt, encoding=encoding,
        sha256=sha256(data), text=text, title=title or first_line(text),
        error=f"{display_path(path.name)}: note: {note}" if note else None,
    )


def _error_doc(path: Path, fmt: str, data: bytes, message: str, source_id: str | None = None) -> SourceDocument:
    return SourceDocument(
        doc_id=doc_id_for(path, source_id), path=display_path(path), source_id=source_id, format=fmt,
        encoding=None, sha256=sha256(data), text="", status="error",
        error=f"{display_path(path.name)}: {message}",
    )


def _without_cut_last_char(data: bytes) -> tuple[bytes, str | None]:
    """UTF-8 cut inside its last character (a truncated copy): the partial character is
    replaced with U+FFFD so the rest is read; the note says so. Other data is unchanged."""
    try:
        data.decode("utf-8")
        return data, None
    except UnicodeDecodeError as exc:
        if exc.reason != "unexpected end of data" or exc.end != len(data):
            return data, None
        try:
            data[:exc.start].decode("utf-8")
        except UnicodeDecodeError:
            return data, None
        return (data[:exc.start] + "\ufffd".encode("utf-8"),
                f"ends inside a UTF-8 character; its {len(data) - exc.start} byte(s) were replaced with U+FFFD")


def first_line(text: str, limit: int = 200) -> str | None:
    for line in text.splitlines():
        line = line.strip()
        if line:
            return line[:limit]
    return None


# --- plain text -----------------------------------------------------------------------

def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding) for Japanese text in any common encoding; IngestError if binary."""
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(enc), enc
    utf16 = _utf16_without_bom(data)
    if utf16:
        return data.decode(utf16), utf16
    if _ISO2022_ESCAPE.search(data[:4000]):
        try:
            return _checked(data.decode("iso2022_jp"), "iso2022_jp"), "iso2022_jp"
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        utf16 = _utf16_japanese(data)  # fewer NULs than _utf16_without_bom asks for, but kana
        if utf16:
            _, text, enc = max(utf16, key=lambda c: c[0])
            return _checked(text, enc), enc
        raise IngestError("binary file (contains NUL bytes), not text")
    try:
        return _checked(data.decode("utf-8"), "utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = []
    for enc in LEGACY_ENCODINGS:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        candidates.append((_japanese_ratio(text), text, enc))
    candidates.extend(_utf16_japanese(data))
    if candidates:
        _, text, enc = max(candidates, key=lambda c: c[0])
        return _checked(text, enc), enc
    raise IngestError("not text in a known encoding (tried UTF-8, UTF-16, Shift_JIS/CP932, EUC-JP, ISO-2022-JP)")


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM shows as NUL in every other byte of ASCII/CJK text."""
    sample = data[:4000]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    for enc, zeros, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros.count(0) > 0.3 * len(zeros) and other.count(0) < 0.05 * len(other):
            try:
                data.decode(enc)
                return enc
            except UnicodeDecodeError:
                return None
    return None


def _utf16_japanese(data: bytes) -> list[tuple[float, str, str]]:
    """UTF-16 without a BOM and without ASCII (so no telltale NUL bytes): accepted when the
    decoded text is Japanese prose, i.e. has kana; bytes of another encoding read as UTF-16
    give scattered ideographs and almost no kana."""
    if len(data) % 2:
        return []
    found = []
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if len(_KANA.findall(text)) > 0.05 * len(text):
            found.append((_japanese_ratio(text), text, enc))
    return found


def _japanese_ratio(text: str) -> float:
    return len(_JAPANESE_CHAR.findall(text)) / max(1, len(text))


def _checked(text: str, encoding: str) -> str:
    if len(_CONTROL_CHAR.findall(text[:10000])) > 0.01 * max(1, len(text[:10000])):
        raise IngestError(f"binary file (decodes as {encoding} but is full of control characters)")
    return text


def read_text(data: bytes) -> tuple[str, str, str | None]:
    text, encoding = decode_text(data)
    return text, encoding, None


# --- HTML -----------------------------------------------------------------------------

_BLOCK_TAGS = ("p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "li", "ul", "ol",
               "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "blockquote", "pre",
               "figure", "figcaption", "title", "address", "form", "caption")
_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "head")


def read_html(data: bytes) -> tuple[str, str, str | None]:
    from bs4 import BeautifulSoup, UnicodeDammit

    dammit = UnicodeDammit(data, ["utf-8", "cp932", "euc_jp"], is_html=True)
    if dammit.unicode_markup is None:
        raise IngestError("HTML in an unknown encoding")
    soup = BeautifulSoup(dammit.unicode_markup, "lxml")
    title = soup.title.get_text(" ", strip=True) if soup.title else None
    for tag in soup(_DROP_TAGS):
        tag.decompose()
    for br in soup("br"):
        br.replace_with("\n")
    for cell in soup(["td", "th"]):
        cell.append("\t")
    for block in soup(_BLOCK_TAGS):
        block.insert_before("\n")
        block.append("\n")
    text = soup.get_text()
    text = re.sub(r"[ \t]*\n[ \t\n]*\n", "\n\n", text)  # at most one blank line
    text = re.sub(r"[ \t]+\n", "\n", text).strip() + "\n"
    h1 = soup.find("h1")
    return text, dammit.original_encoding or "utf-8", title or (h1.get_text(" ", strip=True) if h1 else None)


# --- PDF ------------------------------------------------------------------------------

def read_pdf(data: bytes) -> tuple[str, str | None, str | None]:
    """Text of every page in reading order (``pipeline.pdf_text``: table rows kept on one
    line, vertical cells joined, extractor letter-spacing removed), pages separated by a
    blank line, running headers/footers kept once."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise IngestError("encrypted PDF (a password is needed to read it)")
        pages = [page_text(page) for page in reader.pages]
    except PdfReadError as exc:
        raise IngestError(f"corrupt PDF: {exc}") from exc
    text = "\n\n".join(p.strip("\n") for p in page_texts_without_running_lines(pages))
    if not text.strip():
        raise IngestError("PDF has no text layer (scanned image?); OCR it first")
    meta_title = None
    try:
        meta_title = (reader.metadata or {}).get("/Title")
    except Exception:  # broken metadata does not make the text unusable
        meta_title = None
    return text, None, str(meta_title) if meta_title else None


# --- DOCX -----------------------------------------------------------------------------

def read_docx(data: bytes) -> tuple[str, str | None, str | None]:
    import docx
    from docx.oxml.ns import qn

    _check_unpacked_size(data)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise IngestError(f"corrupt or not a Word .docx file: {type(exc).__name__}") from exc
    lines: list[str] = []
    for block in document.element.body.iterchildren():
        if block.tag == qn("w:p"):
            lines.append("".join(t.text or "" for t in block.iter(qn("w:t"))))
        elif block.tag == qn("w:tbl"):
            for row in block.iter(qn("w:tr")):
                cells = ["".join(t.text or "" for t in cell.iter(qn("w:t"))) for cell in row.iter(qn("w:tc"))]
                lines.append("\t".join(cells))
    title = document.core_properties.title or None
    return "\n".join(lines).strip() + "\n", None, title


def _check_unpacked_size(data: bytes) -> None:
    """Refuse a .docx whose parts unpack to more than MAX_DOCX_XML_BYTES (a zip bomb).
    The sizes in the zip directory bound what is read: zipfile stops at the stated size."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            total = sum(info.file_size for info in z.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise IngestError(f"corrupt or not a Word .docx file: {type(exc).__name__}") from exc
    if total > MAX_DOCX_XML_BYTES:
        raise IngestError(f"unpacks to {total / 1e6:,.0f} MB (limit {MAX_DOCX_XML_BYTES / 1e6:,.0f} MB); "
                          "a zip bomb or not a report")


# --- JSONL ----------------------------------------------------------------------------

def _jsonl_documents(path: Path, data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[SourceDocument]:
    try:
        text, encoding = decode_text(data)
    except IngestError as exc:
        yield _error_doc(path, "jsonl", data, str(exc))
        return
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        raw = line.encode("utf-8", "surrogatepass")
        if len(raw) > max_bytes:
            yield _error_doc(path, "jsonl", raw, f"line {n}: {too_large(len(raw), max_bytes)}", f"line{n}")
            continue
        try:
            obj = _json_object(line)
        except ValueError as exc:
            yield _error_doc(path, "jsonl", raw, f"line {n}: not a JSON document: {exc}", f"line{n}")
            continue
        source_id = str(obj["id"]) if obj.get("id") is not None else f"line{n}"
        metadata = {k: v for k, v in obj.items() if k not in ("id", "text")}
        if not obj["text"].strip():
            yield _error_doc(path, "jsonl", raw, f"line {n} (id {source_id}): empty text", source_id)
            continue
        yield SourceDocument(
            doc_id=doc_id_for(path, source_id), path=str(path), source_id=source_id, format="jsonl",
            encoding=encoding, sha256=sha256(raw), text=obj["text"],
            title=str(metadata.get("title") or first_line(obj["text"]) or ""), metadata=metadata,
        )


def _json_object(line: str) -> dict:
    """One JSONL line as an object with a "text" string; ValueError says what is wrong."""
    if _json_depth(line) > MAX_JSON_DEPTH:
        raise ValueError(f"nested more than {MAX_JSON_DEPTH} levels deep")
    obj = json.loads(line)
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
        raise ValueError('each line must be an object with a "text" string')
    return obj


def _json_depth(line: str) -> int:
    """How deep [ and { nest in a JSON line, found without recursion so that a hostile line
    cannot exhaust the stack (here, in a worker, or when the metadata is pickled)."""
    depth = deepest = 0
    for m in _JSON_BRACKET.finditer(line):
        token = m.group()
        if token in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif token in "]}":
            depth -= 1
    return deepest


_JSON_BRACKET = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')  # a string (skipped whole) or a bracket

_EXTRACTORS = {"txt": read_text, "md": read_text, "html": read_html, "htm": read_html,
               "pdf": read_pdf, "docx": read_docx}
