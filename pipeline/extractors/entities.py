"""entities: GiNZA's named entities with coarse labels, corrected by the other extractors.

The recipe:
  1. GiNZA's entities (fine ENE labels) get a coarse label from ``ginza_labels.tsv``.
  2. They are repaired with the parse (``_refine``; SudachiPy tags of GiNZA's tokens):
     words glued on are cut off (第二次世界大戦後, FW大久保), generic words dropped (DX,
     クラウド); personal names come from the dictionary's 姓/名 tags and complete GiNZA's
     pieces (長渕 + 剛); head nouns extend and relabel names (千葉製粉 + 株式会社 -> ORG,
     天神 + 駅 -> FACILITY) and find the ones GiNZA missed; quoted titles are works.
  3. What the extractors found is turned into entities: an official's name is PERSON
     and the title TITLE, a product PRODUCT, a date DATE, a figure MONEY/PERCENT/QUANTITY.
  4. Where an extractor's entity overlaps a GiNZA one, the extractor wins: the GiNZA
     entity is trimmed to the part outside, or dropped when little is left. Two
     exceptions: a name that holds a date or figure keeps it nested inside
     (2006年アジア競技大会), and an extractor's name inside a longer parsed name of the
     same label takes the longer extent.
All work is in normalized coordinates; records are mapped back to the original text last.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache

from pipeline.records import Entity
from pipeline.rules import rule_rows

NAME = "entities"
RULE_FILES: tuple[str, ...] = (
    "ginza_labels.tsv", "entities_suffixes.tsv", "entities_prefixes.tsv", "entities_edge_words.tsv",
    "entities_work_nouns.tsv", "product_generic_words.txt", "titles.tsv",
)

LABELS = ("PERSON", "ORG", "LOC", "FACILITY", "PRODUCT", "EVENT",
          "TITLE", "DATE", "MONEY", "PERCENT", "QUANTITY")
# Figures whose unit is one of these are MONEY / PERCENT when the figure carries no category.
_MONEY_UNITS = re.compile(r"(円|ドル|ユーロ|ポンド|元|ウォン|ルピー|フラン|USD|JPY|EUR)$")
_PERCENT_UNITS = {"%", "パーセント", "％", "ポイント"}
# Remainders of a trimmed GiNZA entity shorter than this, or without a word character, go.
_MIN_REMAINDER = 2
_WORDLIKE = re.compile(r"\w")


@dataclass(frozen=True)
class Span:
    """An entity candidate in normalized coordinates."""

    start: int
    end: int
    label: str | None  # None: a GiNZA entity of a kind not kept (until a repair promotes it)
    fine: str | None
    source: str


# ---------------------------------------------------------------- rule data


@lru_cache(maxsize=1)
def class_suffixes() -> tuple[tuple[str, str], ...]:
    """(suffix, label), longest suffix first."""
    rows = [(suffix, label.strip()) for suffix, label, *_ in rule_rows("entities_suffixes.tsv")]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


@lru_cache(maxsize=1)
def edge_words() -> dict[str, frozenset[str]]:
    """'head' / 'tail' -> words cut off that edge of a name."""
    out: dict[str, set[str]] = {"head": set(), "tail": set(), "title": set()}
    for word, edge, *_ in rule_rows("entities_edge_words.tsv"):
        out[edge.strip()].add(word)
    out["tail"] |= out["title"]
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def _suffix_set() -> frozenset[str]:
    return frozenset(suffix for suffix, _ in class_suffixes())


def suffix_label(name: str) -> str | None:
    """The label the name's head noun implies (``…株式会社`` -> ORG), if any; a head noun
    alone (``株式会社``, ``大学``) names nothing."""
    if name in _suffix_set():
        return None
    for suffix, label in class_suffixes():
        if name.endswith(suffix) and len(name) > len(suffix):
            return None if label == "-" else label
    return None


@lru_cache(maxsize=1)
def class_prefixes() -> tuple[tuple[str, str], ...]:
    """(prefix, label), longest prefix first: 株式会社クレハ, FCロリアン."""
    rows = [(prefix, label.strip()) for prefix, label, *_ in rule_rows("entities_prefixes.tsv")]
    return tuple(sorted(rows, key=lambda r: -len(r[0])))


def prefix_label(name: str) -> str | None:
    """The label a name's first word implies (``株式会社…`` -> ORG), if any."""
    for prefix, label in class_prefixes():
        if name.startswith(prefix) and len(name) >= len(prefix) + 2:
            return label
    return None


@lru_cache(maxsize=1)
def work_nouns() -> frozenset[str]:
    return frozenset(row[0].strip() for row in rule_rows("entities_work_nouns.tsv"))


def _fold(s: str) -> str:
    return "".join(ch for ch in s.lower() if ch not in " -‐・")


@lru_cache(maxsize=1)
def generic_words() -> frozenset[str]:
    """Words that name no particular thing (DX, クラウド, Web会議): the products extractor's
    list of generic words, which holds for every kind of name."""
    from pipeline.extractors import products

    try:
        words = products.generic_words()[0]
    except (AttributeError, FileNotFoundError, IndexError):
        return frozenset()
    return frozenset(_fold(w) for w in words)


@lru_cache(maxsize=1)
def ginza_labels() -> dict[str, str]:
    """GiNZA fine label -> coarse label, '-' meaning "not kept"."""
    return {fine: coarse.strip() for fine, coarse, *_ in rule_rows("ginza_labels.tsv")}


def coarse_label(fine: str) -> str | None:
    label = ginza_labels().get(fine, "-")
    return None if label == "-" else label


# ---------------------------------------------------------------- 1. GiNZA


def ginza_spans(analysis, keep_all: bool = False) -> list[Span]:
    """GiNZA's entities with coarse labels; ``keep_all`` also keeps the ones not mapped
    (label None), for the head-noun repair to promote (戊辰 + 戦争)."""
    out = []
    for ent in analysis.entities:
        label = coarse_label(ent.label)
        if label or keep_all:
            out.append(Span(ent.start, ent.end, label, ent.label, "ginza"))
    return out


# ---------------------------------------------------------------- 2. boundary repair


# Labels that name things (the ones the boundary repairs apply to).
NAME_LABELS = frozenset({"PERSON", "ORG", "LOC", "FACILITY", "PRODUCT", "EVENT"})
# GiNZA persons and products made of common nouns only are dropped (ヘッドコーチ, 銀メダル);
# organizations and places often are common nouns (情報政策課, 東北地方).
_NO_COMMON_NOUNS = frozenset({"PERSON", "PRODUCT"})
_LATIN = re.compile(r"[A-Za-z]")
_KATAKANA_OR_LATIN = re.compile(r"^[\u30A0-\u30FFA-Za-z0-9]+$")
_CONNECTORS = frozenset("・=&-")
_EDGE_PUNCT = "・=&-~「」『』\"'()（）[]【】、,. "
# Numbering that belongs to the name after it: 1956年メルボルンオリンピック, 2011 FIFA女子
# ワールドカップ, 第14回全国大会, 昭和31年台風第15号 (events); 第3次吉田内閣 (organizations).
_NUMERAL = r"[\d一二三四五六七八九十百]+"
_EVENT_PREFIX = re.compile(rf"(?:(?:\d{{4}}|(?:明治|大正|昭和|平成|令和){_NUMERAL})年|第{_NUMERAL}回|\d{{4}} ?)$")
_ORG_PREFIX = re.compile(rf"第{_NUMERAL}次$")
# A season or edition written after an event name: 欧州選手権2015, UEFAカップ1978–79.
_EVENT_EDITION = re.compile(r" ?\d{4}(?:[-–]\d{2,4})?(?![\d年])")
# Words that end a name when they follow its first word: particles (but の), verbs,
# sentence punctuation (大会に出場。 -> 大会).
_NAME_BREAK_TAGS = ("助詞", "動詞", "助動詞", "補助記号-句点", "補助記号-読点")
# 「…」 and 『…』 around a title; what follows a quotation that is speech, not a title.
_QUOTED = re.compile(r"[「『]([^「」『』。]{1,30})[」』]")
_SPEECH_AFTER = re.compile(r"^(?:と(?!は)|って)")
_LIST_GAP = re.compile(r"[、・,]?")
_VERBAL_TAGS = ("動詞", "助動詞", "形容詞")
# What continues a person's name: regnal numbers and imperial titles (フセイン1世, 持統天皇).
_PERSON_TAIL = re.compile(r"(?:\d+|[一二三四五六七八九十]+)世|天皇|上皇|法皇|親王|内親王")
_KATAKANA_WORD = re.compile(r"^[\u30A0-\u30FF]+$")
_LONE_NAME = re.compile(r"^[\u30A0-\u30FF]{3,}$")


@dataclass(frozen=True)
class Word:
    """One GiNZA token, normalized coordinates, with its SudachiPy part of speech."""

    start: int
    end: int
    text: str
    tag: str

    @property
    def is_name(self) -> bool:
        return "固有名詞" in self.tag or bool(_LATIN.search(self.text))

    @property
    def is_person_name(self) -> bool:
        return "人名" in self.tag

    @property
    def is_noun(self) -> bool:
        return self.tag.startswith(("名詞", "接頭辞", "接尾辞")) or self.text in _CONNECTORS


def words_of(analysis) -> list[Word]:
    """GiNZA's words (SudachiPy tags) where a sentence was parsed, else fugashi's (unidic
    tags, the same scheme: 名詞-固有名詞-人名-姓)."""
    out = []
    parsed = []
    for offset, doc in analysis.docs:
        parsed.append((offset, offset + len(doc.text)))
        for t in doc:
            if t.text.strip():
                out.append(Word(offset + t.idx, offset + t.idx + len(t.text), t.text, t.tag_))
    if len(parsed) == len(analysis.sentences):
        return out
    starts = [s for s, _ in parsed]
    for t in analysis.tokens:
        i = bisect_right(starts, t.start) - 1
        if (i < 0 or t.end > parsed[i][1]) and t.surface.strip():
            out.append(Word(t.start, t.end, t.surface, t.tag or t.pos))
    return sorted(out, key=lambda w: w.start)


class Words:
    """The document's words with look-ups by character position."""

    def __init__(self, words: list[Word]):
        self.words = words
        self.starts = [w.start for w in words]

    def inside(self, start: int, end: int) -> list[Word]:
        i = bisect_left(self.starts, start)
        out = []
        while i < len(self.words) and self.words[i].end <= end:
            out.append(self.words[i])
            i += 1
        return out

    def at(self, pos: int) -> Word | None:
        i = bisect_left(self.starts, pos)
        return self.words[i] if i < len(self.words) and self.words[i].start == pos else None

    def compound_end(self, pos: int, text: str) -> list[Word]:
        """The noun words that continue a name ending at ``pos`` (``日本産業`` + ``機械工業会``)."""
        out = []
        while True:
            w = self.at(pos)
            if w is None and text[pos:pos + 1] == " ":  # Express Interfracht
                w = self.at(pos + 1)
                if w is None or not (_LATIN.search(w.text) and out and _LATIN.search(out[-1].text)):
                    break
            if w is None or not w.is_noun:
                break
            out.append(w)
            pos = w.end
        while out and out[-1].text in _CONNECTORS:
            out.pop()
        return out


def _trim_edges(text: str, span: Span, words: Words) -> Span | None:
    """Cut glued words off the edges: 第二次世界大戦後, 元宝塚歌劇団, FW大久保."""
    ws = words.inside(span.start, span.end)
    edge = edge_words()
    keep_tail = suffix_label(text[span.start:span.end]) is not None
    while len(ws) > 1 and not keep_tail and ws[-1].text in edge["tail"]:
        if span.label == "EVENT" and ws[-1].text in ("戦", "決勝", "準決勝"):
            break
        ws.pop()
    while len(ws) > 1 and ws[0].text in edge["head"]:
        ws.pop(0)
    if span.label != "PRODUCT":  # titles of works may hold anything
        cut = next((i for i, w in enumerate(ws) if i and w.tag.startswith(_NAME_BREAK_TAGS) and w.text != "の"), None)
        ws = ws[:cut] if cut else ws
    if span.label == "PERSON":
        first = next((i for i, w in enumerate(ws) if w.is_person_name), 0)
        if first and not any("固有名詞" in w.tag for w in ws[:first]):
            ws = ws[first:]
    if not ws:
        return span
    start, end = max(span.start, ws[0].start), min(span.end, ws[-1].end)
    while start < end and (text[start] in _EDGE_PUNCT or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in _EDGE_PUNCT or text[end - 1].isspace()):
        end -= 1
    return replace(span, start=start, end=end) if end > start else None


_SHORT_KANJI_OR_KANA = re.compile(r"^[\u3040-\u309F\u4E00-\u9FFF々]{1,3}$")


def _given_name_after(text: str, span: Span, words: Words) -> Word | None:
    """The word after a lone family name that the tokenizer did not know as a given name
    (須藤 + 元気の): short, kanji or kana, and the name ends right after it."""
    ws = words.inside(span.start, span.end)
    if not ws or len(ws) > 2 or any("人名-名" in w.tag for w in ws):
        return None
    if not _SHORT_KANJI_OR_KANA.match(ws[-1].text) or not ("人名-姓" in ws[-1].tag or span.source == "ginza"):
        return None
    nxt = words.at(span.end)
    if nxt is None or not nxt.tag.startswith("名詞") or "地名" in nxt.tag or not _SHORT_KANJI_OR_KANA.match(nxt.text):
        return None
    if nxt.text in edge_words()["tail"] or suffix_label("x" + nxt.text):
        return None
    after = words.at(nxt.end)
    return nxt if after is None or not after.is_noun else None


def _extend_person(text: str, span: Span, words: Words) -> Span:
    """大久保 + 嘉人, クーデンホーフ + =カレルギー: a name GiNZA stopped short of."""
    given = _given_name_after(text, span, words)
    end = given.end if given else span.end
    while True:
        nxt = words.at(end)
        last = words.inside(span.start, end)[-1:] or [None]
        if nxt and "人名-名" in nxt.tag and last[0] and "人名-姓" in last[0].tag:
            end = nxt.end
            continue
        if text[end:end + 1] in ("・", "=") and end > span.start and _KATAKANA_OR_LATIN.match(text[end - 1]):
            after = words.at(end + 1)
            if after and after.is_noun and _KATAKANA_OR_LATIN.match(after.text):
                end = after.end
                continue
        m = _PERSON_TAIL.match(text, end)
        if m:
            end = m.end()
            continue
        break
    return replace(span, end=end)


def _post_follows(text: str, pos: int, rest: list[Word]) -> bool:
    """Whether a post comes next (…刑事局 + 第六課長, …委員会 + 副委員長, …海軍 + 長官)."""
    after = "".join(w.text for w in rest) or text[pos:pos + 8]
    if any(after.startswith(t) for t in edge_words()["title"]):
        return True
    from pipeline.extractors import titles

    try:
        m = titles.title_core_pattern().search(after[:12])
    except (AttributeError, FileNotFoundError):
        return False
    return m is not None


_MAX_HEAD_WORDS = 8


def _apply_suffix(text: str, span: Span, words: Words) -> Span:
    """Extend a name over the head noun that follows it and take the label it implies.
    A person's name stays as it is: what follows it is their post (太田耐造 司法省刑事局長)."""
    inside = words.inside(span.start, span.end)
    personal = span.label == "PERSON" and any(w.is_person_name or w.text in ("・", "=") for w in inside)
    # a head noun sits within a few words of the name; a longer compound (a table row, a
    # run of one kanji) would make this loop quadratic
    tail = words.compound_end(span.end, text)[:_MAX_HEAD_WORDS]
    for k in range(len(tail), 0, -1):
        end = tail[k - 1].end
        label = suffix_label(text[span.start:end])
        if label and personal and _post_follows(text, end, tail[k:]):
            return span
        if label:
            return replace(span, end=end, label=label)
    last = words.inside(span.start, span.end)[-1:]
    if last and last[0].is_person_name:
        return span
    name = text[span.start:span.end]
    label = suffix_label(name) or prefix_label(name)
    if span.label == "LOC" and label == "ORG" and _head_noun(name) and len(_head_noun(name)) == 1:
        return span  # 湖南省 is a province, 財務省 a ministry: a one-character head does not decide
    return replace(span, label=label) if label else span


def _head_noun(name: str) -> str | None:
    return next((x for x, _ in class_suffixes() if name.endswith(x) and len(name) > len(x)), None)


def _person_runs(text: str, words: Words) -> list[Span]:
    """Names the tokenizer knows are names: 長渕 + 剛 (姓 + 名), ギャビン・ウォード."""
    ws = words.words
    out = []
    i = 0
    while i < len(ws):
        if not ws[i].is_person_name:
            i += 1
            continue
        j = i
        while j + 1 < len(ws) and ws[j + 1].start == ws[j].end:
            nxt = ws[j + 1]
            if nxt.is_person_name and not (_KATAKANA_WORD.match(nxt.text) and not _KATAKANA_WORD.match(ws[j].text)):
                j += 1
            elif (nxt.text in ("・", "=") and j + 2 < len(ws) and ws[j + 2].start == nxt.end
                  and _KATAKANA_WORD.match(ws[j].text) and _KATAKANA_WORD.match(ws[j + 2].text)):
                j += 2
            else:
                break
        run = ws[i:j + 1]
        # A katakana given name before the dot: ギャビン・ウォード.
        if (i >= 2 and ws[i - 1].text in ("・", "=") and ws[i - 1].start == ws[i - 2].end == ws[i - 1].start
                and ws[i - 1].end == ws[i].start and _KATAKANA_WORD.match(ws[i - 2].text)
                and _KATAKANA_WORD.match(ws[i].text)):
            run = ws[i - 2:j + 1]
        tags = " ".join(w.tag for w in run)
        dotted = any(w.text in ("・", "=") for w in run)
        if ("人名-姓" in tags and "人名-名" in tags) or dotted:
            out.append(Span(run[0].start, run[-1].end, "PERSON", None, "rules"))
        i = j + 1
    return out


def _lone_foreign_names(spans: list[Span], words: Words) -> list[Span]:
    """ムバーラク, カブレラ: a katakana word the dictionary knows only as a personal name,
    where GiNZA saw nothing."""
    out = []
    for w in words.words:
        if "人名-一般" in w.tag and _LONE_NAME.match(w.text):
            if not any(s.start < w.end and w.start < s.end for s in spans):
                out.append(Span(w.start, w.end, "PERSON", None, "rules"))
    return out


def _persons_before_titles(text: str, spans: list[Span], words: Words) -> list[Span]:
    """ウィンミン大統領, ナティエ・ペレア国防大臣: a name right before a person's title."""
    titles = edge_words()["title"]
    ws = words.words
    out = []
    for k, w in enumerate(ws):
        if w.text not in titles:
            continue
        j = k
        while (j > 0 and ws[j - 1].end == ws[j].start and "地名" not in ws[j - 1].tag
               and (ws[j - 1].is_person_name or _KATAKANA_WORD.match(ws[j - 1].text) or ws[j - 1].text in ("・", "="))):
            j -= 1
        while j < k and ws[j].text in ("・", "="):
            j += 1
        if j == k or (k - j == 1 and len(ws[j].text) < 2):
            continue
        start, end = ws[j].start, ws[k - 1].end
        if any(s.start < end and start < s.end for s in spans):
            continue
        out.append(Span(start, end, "PERSON", None, "rules"))
    return out


def _with_person_runs(spans: list[Span], runs: list[Span]) -> list[Span]:
    """A name run replaces the pieces GiNZA made of it, unless a longer name holds it."""
    out = list(spans)
    for run in runs:
        holders = [s for s in out if s.start <= run.start and run.end <= s.end and (s.start, s.end) != (run.start, run.end)]
        if holders:
            continue
        pieces = [s for s in out if s.start < run.end and run.start < s.end]
        source = "ginza" if any(p.label == "PERSON" for p in pieces) else "rules"
        fine = next((p.fine for p in pieces if p.label == "PERSON"), None)
        out = [s for s in out if s not in pieces] + [replace(run, source=source, fine=fine)]
    return out


def _only_common_nouns(span: Span, words: Words) -> bool:
    """GiNZA calls some posts and things persons or products (ヘッドコーチ, 書記長, 銀メダル)."""
    ws = words.inside(span.start, span.end)
    return bool(ws) and all("普通名詞" in w.tag or w.text in _CONNECTORS for w in ws)


def _person_by_tag(span: Span, words: Words) -> Span:
    """A place or organization that is one word the tokenizer knows as a person's name
    (GiNZA often calls a bare family name 東郷 or ホーネッカー a City) is a person; a
    "person" that is a place name and more, without any personal name in it, or that is
    made of proper nouns the dictionary knows are neither persons nor places (ビートルズ),
    is an organization."""
    ws = words.inside(span.start, span.end)
    if span.label in ("LOC", "ORG") and len(ws) == 1 and ws[0].is_person_name:
        return replace(span, label="PERSON")
    if (span.label == "PERSON" and len(ws) > 1 and "地名" in ws[0].tag
            and not any(w.is_person_name for w in ws)):
        return replace(span, label="ORG")  # サンフランシスコ・ジャイアンツ, 新京成バス
    if span.label == "PERSON" and ws and all(w.tag == "名詞-固有名詞-一般" or w.text in _CONNECTORS for w in ws):
        return replace(span, label="ORG")  # proper nouns the dictionary knows are no persons or places
    return span


def _extend_left(text: str, span: Span, words: Words) -> Span:
    """ロイヤル + ヨルダン航空, フリーデナー + 貸付基金協会: name words GiNZA left out in
    front of a name that ends in a head noun."""
    if suffix_label(text[span.start:span.end]) is None:
        return span
    start = span.start
    i = bisect_left(words.starts, start) - 1
    while i >= 0:
        w = words.words[i]
        if w.end != start or not w.is_noun or w.text in edge_words()["head"]:
            break
        if not ("固有名詞" in w.tag or _KATAKANA_OR_LATIN.match(w.text)) or w.tag.startswith("名詞-数詞"):
            break
        start = w.start
        i -= 1
    return replace(span, start=start)


def _split_listing(text: str, span: Span) -> list[Span]:
    """大正区・西成区・生野区, 民主党・公明党: a list of names GiNZA took for one. Split at
    the dots when every piece ends in a head noun of its own."""
    name = text[span.start:span.end]
    if "・" not in name or span.label == "PERSON":
        return [span]
    pieces, pos = [], span.start
    for part in name.split("・"):
        pieces.append((pos, pos + len(part), suffix_label(part)))
        pos += len(part) + 1
    if not all(label for _, _, label in pieces):
        return [span]
    return [replace(span, start=s, end=e, label=label) for s, e, label in pieces]


def _split_persons(text: str, span: Span) -> list[Span]:
    """萱野・貝澤, 坂口&小林: two kanji names joined by a dot or an ampersand."""
    name = text[span.start:span.end]
    if span.label != "PERSON":
        return [span]
    m = re.fullmatch(r"([\u4E00-\u9FFF々]{2,})[・&]([\u4E00-\u9FFF々]{2,})", name)
    if not m:
        return [span]
    return [replace(span, end=span.start + m.end(1)), replace(span, start=span.start + m.start(2))]


def _merge_adjacent_persons(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for s in sorted(spans, key=lambda s: (s.start, s.end)):
        if out and out[-1].label == s.label == "PERSON" and out[-1].end == s.start:
            out[-1] = replace(out[-1], end=s.end)
        else:
            out.append(s)
    return out


def _with_numbering(text: str, span: Span) -> Span:
    """The year, ordinal or edition written against an event or cabinet name."""
    prefix = {"EVENT": _EVENT_PREFIX, "ORG": _ORG_PREFIX}.get(span.label)
    if prefix is None:
        return span
    m = prefix.search(text, max(0, span.start - 8), span.start)
    start = m.start() if m else span.start
    end = span.end
    if span.label == "EVENT":
        m = _EVENT_EDITION.match(text, span.end)
        end = m.end() if m else span.end
    return replace(span, start=start, end=end)


def _suffix_starts_a_word(name: str, run: list[Word]) -> bool:
    """A one-character head noun is not the end of a common word: 発展 does not end in 展
    (熱田町, one proper noun, does end in 町)."""
    last = run[-1]
    return len(_head_noun(name) or "") > 1 or len(last.text) == 1 or "普通名詞" not in last.tag


def _suffix_compounds(text: str, spans: list[Span], words: Words) -> list[Span]:
    """Names GiNZA missed: a proper noun followed by a head noun (ヴュルテンベルク鉄道会社)."""
    taken = sorted((s.start, s.end) for s in spans)
    out = []
    i = 0
    ws = words.words
    while i < len(ws):
        if not ws[i].is_noun or ws[i].text in _CONNECTORS:
            i += 1
            continue
        run = [ws[i]] + words.compound_end(ws[i].end, text)
        i += len(run)
        first = next((k for k, w in enumerate(run) if "固有名詞" in w.tag), None)
        # 厚生労働省, 情報政策課: an organization named by common nouns alone (three or more)
        common_org = first is None and len(run) >= 3 and run[0].text not in edge_words()["head"]
        if first is None and not common_org:
            continue
        first = first or 0
        start, end = run[first].start, run[-1].end
        while len(run) > first + 1 and run[-1].text in edge_words()["tail"]:
            run.pop()
            end = run[-1].end
        label = suffix_label(text[start:end])
        if label is None or run[-1].is_person_name or (common_org and label != "ORG"):
            continue
        if not _suffix_starts_a_word(text[start:end], run):
            continue
        if _fold(text[start:end]) in generic_words():
            continue
        if any(s < end and start < e for s, e in taken):
            continue
        out.append(Span(start, end, label, None, "rules"))
    return out


_BRACKET_PAIRS = ("()", "[]", "{}", "<>", "〈〉", "《》", "【】", "〔〕")


def _balanced(s: str) -> bool:
    return all(s.count(a) == s.count(b) for a, b in _BRACKET_PAIRS)


def _announced_work(text: str, quote_start: int, words: Words) -> bool:
    """小説「…」, 番組『…』: a kind of work named right before the quote."""
    i = bisect_left(words.starts, quote_start) - 1
    return i >= 0 and words.words[i].end == quote_start and words.words[i].text in work_nouns()


def _quoted_titles(text: str, spans: list[Span], words: Words) -> list[Span]:
    """「坂の上の雲」: a quoted title that is not speech is a work (PRODUCT)."""
    out = []
    listed_after = -1  # end of the last accepted title: 「A」、「B」 lists titles alike
    for m in _QUOTED.finditer(text):
        start, end = m.span(1)
        if _SPEECH_AFTER.match(text[m.end():]):
            continue
        if not _balanced(text[start:end]):
            continue
        inner = words.inside(start, end)
        listed = listed_after >= 0 and _LIST_GAP.fullmatch(text[listed_after:m.start()]) is not None
        announced = listed or _announced_work(text, m.start(), words)
        if any(w.tag.startswith(_VERBAL_TAGS) for w in inner) and not announced:
            continue
        if any(w.tag.startswith("助詞") for w in inner) and not announced:
            continue
        if len(inner) == 1 and not inner[0].is_name and "普通名詞" in inner[0].tag:
            continue
        same = [s for s in spans if s.start == start and s.end == end]
        if same and same[0].label != "PRODUCT":
            continue
        label = suffix_label(text[start:end])
        out.append(Span(start, end, label or "PRODUCT", None, "rules"))
        listed_after = m.end()
    return out


def _without_covered(spans: list[Span], covers: list[Span]) -> list[Span]:
    """Drop spans that lie inside (or cross) one of ``covers``."""
    return [s for s in spans if not any(c.start < s.end and s.start < c.end and (c.start, c.end) != (s.start, s.end)
                                        for c in covers)] + covers


def _is_post(name: str) -> bool:
    """Whether a GiNZA Position_Vocation is a post (市長, 担当課長) rather than a generic
    noun for staff (職員, 全職員): it must end with a post of the officials' title lexicon."""
    from pipeline.extractors import titles

    try:
        return titles.title_core_at_end("".join(name.split())) is not None
    except (AttributeError, FileNotFoundError):
        return True


def _cleaned(text: str, names: list[Span], words: Words) -> list[Span]:
    """GiNZA's names with glued words cut off, generic words and common nouns dropped."""
    names = [t for s in names if (t := _trim_edges(text, s, words)) is not None]
    names = [s for s in names if _fold(text[s.start:s.end]) not in generic_words()]
    names = [s for s in names if not (s.label in _NO_COMMON_NOUNS and _only_common_nouns(s, words))]
    return [_person_by_tag(s, words) for s in names]


def _with_persons(text: str, spans: list[Span], words: Words) -> list[Span]:
    """Personal names from the dictionary's tags, then GiNZA's persons completed."""
    spans = _with_person_runs(spans, _person_runs(text, words))
    spans += _persons_before_titles(text, spans, words)
    spans += _lone_foreign_names(spans, words)
    spans = _merge_adjacent_persons(spans)
    return [_extend_person(text, s, words) if s.label == "PERSON" else s for s in spans]


def _with_head_nouns(text: str, names: list[Span], words: Words) -> list[Span]:
    """Names completed and relabelled by the nouns around them (…株式会社, 第3次…内閣)."""
    names = [_extend_left(text, _apply_suffix(text, s, words), words) for s in names]
    names = [piece for s in names for piece in _split_listing(text, s)]
    names = [piece for s in names for piece in _split_persons(text, s)]
    return leftmost_longest([_with_numbering(text, s) for s in names])


_WORDS_ONLY = re.compile(r"[\w・=\-]+")


def _promoted(text: str, span: Span, words: Words) -> Span:
    """A GiNZA entity of a kind not kept (an era, an ordinal, a date) that is the start of
    a name with a head noun: 戊辰 + 戦争, 第一次世界大戦中 -> 第一次世界大戦 (EVENT)."""
    if span.label in NAME_LABELS:
        return span
    if span.label == "TITLE":  # a post keeps its unit (情報政策課長), unless all of it is a name
        label = suffix_label(text[span.start:span.end])
        return replace(span, label=label) if label else span
    if not _WORDS_ONLY.fullmatch(text[span.start:span.end]):
        return span  # 1)熊本市: a list number is no part of a name

    def promote(end: int) -> Span | None:
        label = suffix_label(text[span.start:end])
        # numbers and dates start event names only; unkept kinds may start any name
        if label and (label == "EVENT" or span.label is None):
            return replace(span, end=end, label=label)
        return None

    # a head noun sits within a few words of the name; a longer compound (a table row, a
    # run of one kanji) would make this loop quadratic
    tail = words.compound_end(span.end, text)[:_MAX_HEAD_WORDS]
    for k in range(len(tail), 0, -1):
        if promoted := promote(tail[k - 1].end):
            return promoted
    ws = words.inside(span.start, span.end)
    while len(ws) > 1 and ws[-1].text in edge_words()["tail"]:
        ws.pop()
    if len(ws) > 1 and (promoted := promote(ws[-1].end)):
        return promoted
    return span


def _refine(text: str, spans: list[Span], analysis) -> list[Span]:
    """GiNZA's spans repaired with the parse, plus the names GiNZA missed."""
    words = Words(words_of(analysis))
    spans = [_promoted(text, s, words) for s in spans]
    spans = [s for s in spans if s.label]
    names = _cleaned(text, [s for s in spans if s.label in NAME_LABELS], words)
    others = [s for s in spans if s.label not in NAME_LABELS and (s.label != "TITLE" or _is_post(text[s.start:s.end]))]
    both = _with_persons(text, names + others, words)
    names = _with_head_nouns(text, [s for s in both if s.label in NAME_LABELS], words)
    others = [s for s in both if s.label not in NAME_LABELS]
    names += _suffix_compounds(text, names + others, words)
    names = _without_covered(names, _quoted_titles(text, names, words))
    return leftmost_longest(names) + leftmost_longest(others)


# ---------------------------------------------------------------- 3. extractors


def _normalized_span(ctx, start: int, end: int) -> tuple[int, int]:
    """Original [start, end) -> the normalized span of the characters it covers."""
    norm = ctx.norm
    return bisect_left(norm.starts, start), bisect_right(norm.ends, end)


def _loose_pattern(words: str) -> re.Pattern | None:
    """``光延裕司`` also matches ``光延 裕司`` and ``光 延 裕 司`` (spacing from PDF extraction)."""
    chars = [c for c in words if not c.isspace()]
    if not chars:
        return None
    return re.compile(r"\s*".join(re.escape(c) for c in chars))


def _find_inside(text: str, start: int, end: int, words: str | None) -> tuple[int, int] | None:
    if not words:
        return None
    pattern = _loose_pattern(words)
    m = pattern.search(text, start, end) if pattern else None
    return (m.start(), m.end()) if m else None


def official_spans(ctx, officials) -> list[Span]:
    out = []
    for o in officials:
        ns, ne = _normalized_span(ctx, o.start, o.end)
        for words, label in ((o.name, "PERSON"), (o.title, "TITLE"), (o.organization, "ORG")):
            found = _find_inside(ctx.text, ns, ne, words)
            if found is None and label == "TITLE" and words:
                # Two titles joined by a space may stand apart in the text: mark each.
                for part in words.split():
                    piece = _find_inside(ctx.text, ns, ne, part)
                    if piece:
                        out.append(Span(*piece, label, None, "officials"))
                continue
            if found:
                out.append(Span(*found, label, None, "officials"))
    return out


def figure_label(figure) -> str:
    category = (figure.unit_category or "").lower()
    unit = (figure.unit or "").strip()
    if category == "money" or (not category and _MONEY_UNITS.search(unit)):
        return "MONEY"
    if category == "percent" or unit in _PERCENT_UNITS:
        return "PERCENT"
    return "QUANTITY"


def extractor_spans(ctx, found: Mapping[str, list]) -> list[Span]:
    out = official_spans(ctx, found.get("officials", ()))
    for source, records, label_of in (
        ("products", found.get("products", ()), lambda r: "PRODUCT"),
        ("dates", found.get("dates", ()), lambda r: "DATE"),
        ("figures", found.get("figures", ()), figure_label),
    ):
        for r in records:
            ns, ne = _normalized_span(ctx, r.start, r.end)
            if ne > ns:
                out.append(Span(ns, ne, label_of(r), None, source))
    return out


# ---------------------------------------------------------------- 4. overlaps


def leftmost_longest(spans: list[Span]) -> list[Span]:
    """Non-overlapping subset: leftmost first, then longest."""
    out: list[Span] = []
    for s in sorted(spans, key=lambda s: (s.start, -(s.end - s.start))):
        if not out or s.start >= out[-1].end:
            out.append(s)
    return out


def _keepable(text: str, start: int, end: int) -> bool:
    return end - start >= _MIN_REMAINDER and bool(_WORDLIKE.search(text[start:end]))


def trim_against(text: str, span: Span, winners: list[Span]) -> Span | None:
    """``span`` without the parts the ``winners`` cover: the larger outside part, if any."""
    pieces = [(span.start, span.end)]
    for w in winners:
        nxt = []
        for s, e in pieces:
            if w.end <= s or e <= w.start:
                nxt.append((s, e))
                continue
            if s < w.start:
                nxt.append((s, w.start))
            if w.end < e:
                nxt.append((w.end, e))
        pieces = nxt
    if pieces == [(span.start, span.end)]:
        return span
    pieces = [(s, e) for s, e in pieces if _keepable(text, s, e)]
    if not pieces:
        return None
    s, e = max(pieces, key=lambda p: p[1] - p[0])
    if (e - s) * 2 < span.end - span.start:  # most of it was the extractor's: drop it
        return None
    return replace(span, start=s, end=e)


def widen_to_same_label(known: list[Span], ginza: list[Span]) -> list[Span]:
    """An extractor's name that lies inside a longer parsed name of the same label takes
    the longer extent (アダムズ inside ジョン・クインシー・アダムズ): the label is agreed
    on, and the parse saw the whole name."""
    out = []
    for k in known:
        holders = [g for g in ginza if g.label == k.label and g.start <= k.start and k.end <= g.end]
        if holders:
            g = max(holders, key=lambda g: g.end - g.start)
            k = replace(k, start=g.start, end=g.end)
        out.append(k)
    return out


def _nests(span: Span, known: Span) -> bool:
    """A name that holds a date or figure (2006年アジア競技大会, 第14回○○賞) keeps it inside."""
    return (known.source in ("dates", "figures") and span.label in NAME_LABELS
            and span.start <= known.start and known.end <= span.end and span.end - span.start > known.end - known.start)


def resolve(text: str, ginza: list[Span], known: list[Span]) -> list[Span]:
    winners = leftmost_longest(widen_to_same_label(known, ginza))
    kept = []
    for span in ginza:
        trimmed = trim_against(text, span, [w for w in winners if not _nests(span, w)])
        if trimmed is not None:
            kept.append(trimmed)
    return sorted(winners + leftmost_longest(kept), key=lambda s: (s.start, s.end))


# ---------------------------------------------------------------- the extractor


def to_entity(ctx, span: Span) -> Entity | None:
    """The record, in original coordinates; whitespace the normalizer folded into the
    span's edge characters (a joined line break) stays outside."""
    start, end, text = ctx.span(span.start, span.end)
    lead = len(text) - len(text.lstrip())
    text = text.strip()
    if not text:
        return None
    start += lead
    return Entity(start, start + len(text), text, span.label, span.fine, span.source)


def extract(ctx, found: Mapping[str, list]) -> list[Entity]:
    ginza = []
    if ctx.analysis is not None:
        ginza = _refine(ctx.text, ginza_spans(ctx.analysis, keep_all=True), ctx.analysis)
    spans = resolve(ctx.text, ginza, extractor_spans(ctx, found))
    return [e for s in spans if s.end > s.start and (e := to_entity(ctx, s)) is not None]
