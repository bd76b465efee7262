"""A document's title (``documents.title``): its first title-like line.

Candidates are the title a format gives (HTML ``<title>``/``<h1>``, PDF and DOCX
metadata, a JSONL ``title`` field) and then the first lines of the text. Each is cleaned
(normalized like the text — which rejoins letter-spaced characters, ``令 和 ７ 年 度`` →
``令和7年度`` — and stripped of Markdown marks and leading bullets) and kept only if it
reads like a title: not a greeting, not a date or time alone, not a page number or a
URL, not a sentence. A heading wrapped after a comma continues on the next line.
Without any title-like line, the document's first sentence stands in (cut short).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pipeline.normalize import normalize
from pipeline.rules import rule_records

MAX_LINES = 12  # lines of the text looked at
MIN_CHARS, MAX_CHARS = 3, 80
FALLBACK_CHARS = 40

_MARKDOWN = re.compile(r"^(?:#{1,6}\s*|>\s*|[-*+]\s+|\d{1,3}[.)]\s+)+|(?:\*\*|__|`)|\s*#+\s*$")
_BULLETS = re.compile(r"^[\s@＠■□●○◆◇★☆※・◎▼▽▲△►▶|｜]+")
_GREETING = re.compile(
    r"^(?:こんにちは|こんばんは|おはよう(?:ございます)?|はじめまして|拝啓|前略|謹啓|皆(?:様|さま|さん)|"
    r"いつも(?:お世話|大変)|お世話になって|ありがとうございます|よろしくお願い)")
_ERA = r"(?:令和|平成|昭和|R|H)"
_DATE_ONLY = re.compile(
    r"^[\s(（\[]*(?:(?:\d{4}|" + _ERA + r"\s*(?:\d{1,2}|元))\s*[年./-]\s*)?"
    r"(?:\d{1,2}\s*[月./-]\s*(?:\d{1,2}\s*日?)?)?\s*(?:[(（][^)）]{1,3}[)）])?"
    r"\s*(?:\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?\s*(?:更新|公開|掲載|発行|現在)?[\s)）\]]*$")
_YEAR_ONLY = re.compile(r"^(?:\d{4}|" + _ERA + r"\s*(?:\d{1,2}|元))\s*年度?$")
_PAGE = re.compile(r"^[-–—\s]*\d+\s*(?:/\s*\d+)?[-–—\s]*$|^(?:page|p\.)\s*\d+$", re.IGNORECASE)
_URL = re.compile(r"^(?:https?://|www\.)", re.IGNORECASE)
_NO_LETTERS = re.compile(r"^[\W\d_]+$")
_ADDRESSEE = re.compile(r"(?:\s(?:様|殿)|各位|御中)$")  # 〇〇市長 △△ 様, not 高岡市様 (a case study)
_BRACKETS = re.compile(r"^[【\[(（〔<＜《「](.*)[】\])）〕>＞》」]$")
_CONTINUES = ("、", "，", ",", "・", "と", "の", "から", "に向け", "における")


def document_title(text: str, given: str | None = None) -> str | None:
    """The title of a document with ``text``; ``given`` is the one its format named."""
    if given and (title := title_like(clean_line(given))) and not _is_first_line(given, text):
        return title
    lines = [clean_line(x) for x in text.splitlines()[: MAX_LINES * 3] if x.strip()][:MAX_LINES]
    labels = []
    for i, line in enumerate(lines):
        title = title_like(line)
        if not title:
            continue
        if is_label(title):
            labels.append(title)
            continue
        if title.endswith(_CONTINUES) and i + 1 < len(lines) and title_like(lines[i + 1]):
            title = title_like(title + lines[i + 1]) or title
        return title
    return labels[0] if labels else _first_sentence(lines)


@lru_cache(maxsize=1)
def _labels() -> frozenset[str]:
    return frozenset(unicodedata.normalize("NFKC", r["label"]) for r in rule_records("title_labels.txt"))


def is_label(line: str) -> bool:
    """A line naming the kind of document (報道発表資料, 【インタビュー】) or its addressee
    (報道関係者各位, 〇〇議長 △△様): a title only when nothing better follows."""
    inner = _BRACKETS.sub(r"\1", line).strip()
    return inner in _labels() or bool(_ADDRESSEE.search(line))


def _is_first_line(given: str, text: str) -> bool:
    """A title the reader took from the text's first line is judged with the other lines."""
    first = next((x for x in text.splitlines() if x.strip()), "")
    return given.strip() == first.strip()[: len(given.strip())]


def clean_line(line: str) -> str:
    """One line normalized (letter spacing rejoined, NFKC) without Markdown marks or bullets."""
    s = normalize(line).text.strip()
    s = _MARKDOWN.sub("", s).strip()
    s = _BULLETS.sub("", s).strip()
    return re.sub(r"\s+", " ", s)


def title_like(line: str) -> str | None:
    """``line`` if it can be a title, else None."""
    s = line.strip()
    if not (MIN_CHARS <= len(s) <= MAX_CHARS):
        return None
    if _GREETING.match(s) or _DATE_ONLY.match(s) or _YEAR_ONLY.match(s) or _PAGE.match(s) or _URL.match(s):
        return None
    if _NO_LETTERS.match(s):
        return None
    if s.endswith(("。", ".", "．")) and len(s) > 20 or s.count("。") > 1:
        return None  # a sentence
    return s


def _first_sentence(lines: list[str]) -> str | None:
    for line in lines:
        if _DATE_ONLY.match(line) or _GREETING.match(line) or _PAGE.match(line) or _NO_LETTERS.match(line):
            continue
        sentence = re.split(r"(?<=。)", line, maxsplit=1)[0]
        return sentence if len(sentence) <= FALLBACK_CHARS else sentence[: FALLBACK_CHARS - 1] + "…"
    return None


__all__ = ["document_title", "clean_line", "title_like"]
