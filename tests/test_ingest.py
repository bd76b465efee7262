"""Ingest: every format, every common Japanese encoding, and bad files as error documents."""
from __future__ import annotations

import json
import zipfile

import pytest

from pipeline.ingest import decode_text, discover, doc_id_for, read_documents
from tests.pdfs import pdf_bytes

TEXT = "令和4年7月21日、大阪市 ICT戦略室 担当係長 山本早紀氏が説明した。\n利用者は約1,500人程度。\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp932", "euc_jp", "utf-16", "utf-16-le", "utf-16-be"])
def test_text_in_every_common_encoding_is_decoded_and_recorded(tmp_path, encoding):
    path = tmp_path / "report.txt"
    path.write_bytes(TEXT.encode(encoding))
    (doc,) = read_documents(path)
    assert doc.status == "ok", doc.error
    assert doc.text.lstrip("\ufeff") == TEXT
    assert doc.encoding is not None
    if encoding in ("cp932", "euc_jp"):
        assert doc.encoding == encoding


def test_shift_jis_only_characters_are_read_as_cp932(tmp_path):
    path = tmp_path / "sjis.txt"
    path.write_bytes("①～②の資料（ＮＥＣ製）".encode("cp932"))
    (doc,) = read_documents(path)
    assert doc.encoding == "cp932" and doc.text == "①～②の資料（ＮＥＣ製）"


@pytest.mark.parametrize("name,data,message", [
    ("empty.txt", b"", "empty file"),
    ("blank.md", b"  \n\n ", "empty file"),
    ("binary.txt", bytes(range(256)) * 4, "binary"),
    ("broken.pdf", b"%PDF-1.4\n this is not really a pdf", "PDF"),
    ("broken.docx", b"PK\x03\x04 not a zip", "docx"),
])
def test_unreadable_files_become_error_documents_naming_the_file(tmp_path, name, data, message):
    path = tmp_path / name
    path.write_bytes(data)
    (doc,) = read_documents(path)
    assert doc.status == "error"
    assert name in doc.error and message.lower() in doc.error.lower()
    assert doc.text == ""


def test_html_keeps_visible_text_only(tmp_path):
    html = ("<html><head><title>報告書</title><style>p{color:red}</style>"
            "<script>var x = '秘密';</script></head><body><h1>視察報告</h1>"
            "<p>熊本市は<b>3日</b>、発表した。<br>次の行</p><table><tr><td>職</td><td>氏名</td></tr></table>"
            "</body></html>")
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    (doc,) = read_documents(path)
    assert doc.status == "ok"
    assert "秘密" not in doc.text and "color" not in doc.text
    assert "熊本市は3日、発表した。" in doc.text
    assert "次の行" in doc.text and "職" in doc.text and "氏名" in doc.text
    assert doc.title == "報告書"


def test_html_in_shift_jis_with_meta_charset(tmp_path):
    html = '<html><head><meta charset="shift_jis"></head><body><p>京都府の取組</p></body></html>'
    path = tmp_path / "sjis.htm"
    path.write_bytes(html.encode("cp932"))
    (doc,) = read_documents(path)
    assert "京都府の取組" in doc.text


def test_docx_paragraphs_and_tables_in_order(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("施政方針")
    table = d.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "市長"
    table.rows[0].cells[1].text = "山田太郎"
    d.add_paragraph("以上")
    path = tmp_path / "speech.docx"
    d.save(path)
    (doc,) = read_documents(path)
    assert doc.status == "ok"
    assert doc.text.index("施政方針") < doc.text.index("市長") < doc.text.index("以上")


def test_pdf_text_layer(tmp_path):
    path = tmp_path / "latin.pdf"
    path.write_bytes(_minimal_pdf("Microsoft 365 report 2022"))
    (doc,) = read_documents(path)
    assert doc.status == "ok", doc.error
    assert "Microsoft 365 report 2022" in doc.text


def test_pdf_without_text_layer_is_an_error(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(_minimal_pdf(""))
    (doc,) = read_documents(path)
    assert doc.status == "error" and "text layer" in doc.error


def test_jsonl_one_document_per_line_with_metadata_and_bad_lines(tmp_path):
    path = tmp_path / "docs.jsonl"
    lines = [json.dumps({"id": "a1", "text": "大阪市の取組。", "source": "web"}, ensure_ascii=False),
             "{not json", "",
             json.dumps({"text": "番号なし"}, ensure_ascii=False)]
    path.write_text("\n".join(lines), encoding="utf-8")
    docs = list(read_documents(path))
    assert [d.source_id for d in docs] == ["a1", "line2", "line4"]
    assert docs[0].metadata == {"source": "web"} and docs[0].status == "ok"
    assert docs[1].status == "error" and "line 2" in docs[1].error and "docs.jsonl" in docs[1].error
    assert len({d.doc_id for d in docs}) == 3


def test_doc_id_is_stable_for_a_source(tmp_path):
    p = tmp_path / "a.txt"
    assert doc_id_for(p) == doc_id_for(tmp_path / "." / "a.txt")
    assert doc_id_for(p, "x") != doc_id_for(p, "y") != doc_id_for(p)


def test_discover_walks_folders_and_skips_unsupported_and_hidden(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / ".git").mkdir()
    for name in ("a.txt", "sub/b.html", "sub/c.csv", ".git/d.txt", "e.PDF"):
        (tmp_path / name).write_text("x")
    found = discover([tmp_path])
    assert sorted(p.name for p, _ in found) == ["a.txt", "b.html", "e.PDF"]
    assert all(root == tmp_path.resolve() for _, root in found)


def test_discover_names_a_missing_input(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope"):
        discover([tmp_path / "nope"])


def test_decode_rejects_binary():
    from pipeline.ingest import IngestError

    with pytest.raises(IngestError):
        decode_text(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


def _minimal_pdf(text: str) -> bytes:
    """A one-page PDF with ``text`` in Helvetica (an empty string gives no text layer)."""
    return pdf_bytes([text])


def test_zip_that_is_not_docx_is_an_error(tmp_path):
    path = tmp_path / "fake.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("hello.txt", "hi")
    (doc,) = read_documents(path)
    assert doc.status == "error" and "fake.docx" in doc.error


def test_japanese_pdf_text_layer(tmp_path):
    """A PDF with embedded CJK glyphs, as municipal PDFs are, reads back as text."""
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    fonts = [f for f in font_manager.findSystemFonts() if "CJK" in f or "Gothic" in f]
    if not fonts:
        pytest.skip("no CJK font installed")
    sentence = "令和4年7月21日、大阪市は職員1,500人にTeamsを導入した。"
    plt.rcParams["pdf.fonttype"] = 42  # embed TrueType glyphs with a Unicode map
    fig = plt.figure(figsize=(6, 2))
    fig.text(0.05, 0.5, sentence, fontproperties=font_manager.FontProperties(fname=sorted(fonts)[0]))
    path = tmp_path / "report.pdf"
    fig.savefig(path)
    plt.close(fig)
    (doc,) = read_documents(path)
    assert doc.status == "ok" and doc.format == "pdf"
    assert sentence in doc.text
