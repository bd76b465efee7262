"""Organization units and the top-level body they belong to.

A written organization is a chain of units (``京都府 政策企画部 情報政策課``); each unit
ends with a suffix from rules/org_suffixes.tsv (府, 部, 課, 株式会社, 事業本部, …) or is a
company written with a legal form in front (``株式会社セブン-イレブン・ジャパン``).
``organization_body`` gives the chain's top-level body — the municipality, ministry or
company — which identifies a person across documents.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pipeline.rules import rule_column


# Deictic bodies (本市, 同社, 当庁 …) name no organization by themselves.
_DEICTIC = re.compile(r"^(?:本|当|同|弊|貴|各|全|我が|わが|両)(?:市|区|町|村|県|府|都|道|省|庁|局|部|課|室|係|社|センター|本部|事業本部|委員会|議会|会社|法人|団体|機関|組織)$")
# Common nouns that end with a unit suffix (所, 場, 部) but name no unit: 開催場所, 住所, 全部.
_NOT_UNIT_ENDINGS = ("場所", "住所", "箇所", "個所", "近所", "名所", "長所", "短所", "全部", "一部", "内部", "外部", "細部")
# Generic nouns that end like a municipality but are none.
_NOT_MUNICIPALITY = frozenset(
    "都市 政令市 中核市 特例市 指定都市 市区町村 市町村 地区 学区 選挙区 行政区 特別区 区市町村 各区 全区 区区".split()
)
_MUNICIPAL_SUFFIXES = frozenset("都道府県市区町村")
# 都内区部, 県内市町村, 市内各区: "within the …" words, not names
_AREA_WORDS = frozenset("都内 道内 府内 県内 市内 区内 町内 村内 国内 管内 圏内".split())
_COMPANY_FORM = re.compile(r"株式会社|有限会社|合同会社|合資会社|\(株\)|\(有\)|㈱|㈲")
_KANA_KANJI = r"[\u3400-\u9fff々〆ヶぁ-ゖァ-ヺー]"
_MUNICIPALITY = re.compile(rf"{_KANA_KANJI}{{1,6}}?[市区町村]")
_PREFECTURE_LIKE = re.compile(r"[\u3400-\u9fff]{2,3}?[県府]")
_MINISTRY = re.compile(rf"{_KANA_KANJI}{{1,8}}?[省庁]")


def read_rule_column(filename: str, column: int = 0) -> list[str]:
    """One column of a rule file, NFKC-normalized like the text it is matched against."""
    return [unicodedata.normalize("NFKC", cell) for cell in rule_column(filename, column)]


@lru_cache(maxsize=1)
def _suffix_kinds() -> dict[str, str]:
    words = read_rule_column("org_suffixes.tsv")
    kinds = read_rule_column("org_suffixes.tsv", 1)
    return dict(zip(words, kinds))


@lru_cache(maxsize=1)
def org_suffixes() -> tuple[str, ...]:
    return tuple(sorted(_suffix_kinds(), key=len, reverse=True))


@lru_cache(maxsize=1)
def unit_suffixes() -> tuple[str, ...]:
    """Suffixes that can be followed by 長 to name the head of the unit (課→課長, 市→市長)."""
    return tuple(s for s in org_suffixes() if not _COMPANY_FORM.search(s) and _suffix_kinds()[s] != "company")


@lru_cache(maxsize=1)
def prefectures() -> tuple[str, ...]:
    return tuple(read_rule_column("prefectures.tsv"))


@lru_cache(maxsize=1)
def kana_municipalities() -> tuple[str, ...]:
    """Municipalities written with kana (ひたちなか市), longest first."""
    return tuple(sorted(read_rule_column("kana_municipalities.tsv"), key=len, reverse=True))


@lru_cache(maxsize=1)
def kana_municipality_pattern() -> str:
    """A regex alternation of the kana municipalities (for use inside larger patterns)."""
    return "|".join(re.escape(m) for m in kana_municipalities())


@lru_cache(maxsize=1)
def _suffix_at_end_re() -> re.Pattern:
    return re.compile("(?:" + "|".join(re.escape(s) for s in org_suffixes()) + ")$")


def org_suffix_at_end(s: str) -> str | None:
    m = _suffix_at_end_re().search(s)
    return m.group(0) if m else None


def is_org_unit(segment: str) -> bool:
    """A written unit: ends with an organization suffix (情報政策課, 国土交通省, 日本マイクロソフト株式会社)
    or starts with a legal form (株式会社セブン-イレブン・ジャパン)."""
    seg = segment.strip()
    if len(seg) < 2 or _DEICTIC.match(seg) or seg in _NOT_MUNICIPALITY:
        return False
    if _COMPANY_FORM.match(seg):
        return len(_COMPANY_FORM.sub("", seg)) >= 1
    if seg.endswith(_NOT_UNIT_ENDINGS):
        return False
    suffix = org_suffix_at_end(seg)
    if suffix == "道" and not seg.endswith("北海道"):
        return False  # 吉良康道, 川崎治道, 上下水道: the one 道 that is a body is 北海道
    return bool(suffix) and len(seg) > len(suffix)


def heading_organization(heading: str) -> str:
    """The organization a heading starts with: '## デジタル化推進特別委員会行政視察概要' →
    'デジタル化推進特別委員会'; '' if it names none."""
    h = re.sub(r"^[#\s■□◆◇●○【\[［(（]*(?:[0-9０-９]+[.．、)）\s]*)?", "", heading)
    h = re.split(r"[\s】\]］)）:：]", h, maxsplit=1)[0]
    for k in range(len(h), 2, -1):
        if is_org_unit(h[:k]):
            return h[:k]
    return ""


def _strip_company_form(s: str) -> str:
    return _COMPANY_FORM.sub("", s).strip(" ・")


def organization_body(org: str) -> str:
    """The top-level body of an organization: 大阪市ICT戦略室 → 大阪市, 京都府政策企画部 → 京都府,
    大阪府大阪市 → 大阪市, 日本マイクロソフト株式会社パブリック… → 日本マイクロソフト,
    国土交通省中国地方整備局 → 国土交通省. Unknown shapes come back whole."""
    s = "".join(unicodedata.normalize("NFKC", org or "").split())
    if not s:
        return ""
    company = _COMPANY_FORM.search(s)
    if company:
        if company.start() > 0:
            return _strip_company_form(s[: company.start()])
        rest = s[company.end():]
        return _strip_company_form(_first_unit(rest) or rest)
    pref = next((p for p in prefectures() if s.startswith(p)), None)
    if pref:
        muni = _municipality_at(s, len(pref))
        return muni or pref
    muni = _municipality_at(s, 0)
    if muni:
        return muni
    pref_like = _PREFECTURE_LIKE.match(s)  # a 県/府 not in the list (old or foreign names)
    if pref_like:
        return _municipality_at(s, pref_like.end()) or pref_like.group(0)
    m = _MINISTRY.match(s)
    if m:
        return m.group(0)
    return _first_unit(s) or s


def municipality(s: str) -> str:
    """The prefecture or municipality ``s`` starts with ('' if none): 寒川町議会 → 寒川町."""
    s = "".join(unicodedata.normalize("NFKC", s or "").split())
    pref = next((p for p in prefectures() if s.startswith(p)), None)
    if pref:
        return _municipality_at(s, len(pref)) or pref
    return _municipality_at(s, 0) or ""


def _municipality_at(s: str, pos: int) -> str | None:
    kana = next((k for k in kana_municipalities() if s.startswith(k, pos)), None)
    if kana:
        return kana
    m = _MUNICIPALITY.match(s, pos)
    if (
        not m or m.group(0) in _NOT_MUNICIPALITY or set(m.group(0)) <= _MUNICIPAL_SUFFIXES
        or (len(m.group(0)) == 2 and m.group(0)[0] in "副同本当各全他両隣近")
        or m.group(0)[:2] in _AREA_WORDS
        or (m.group(0).endswith("都市") and len(m.group(0)) > 3)
    ):
        return None  # 田園都市, 学園都市 (but 京都市 is a city)
    # 市場, 市民, 区域 …: the 市/区 starts a word, it does not end a name
    nxt = s[m.end(): m.end() + 1]
    if nxt and nxt in "場民立営政税街域内外議長":
        return None
    return m.group(0)


def _first_unit(s: str) -> str | None:
    """The shortest leading part of ``s`` that is a body-level unit (…協会, …大学, …議会)."""
    kinds = _suffix_kinds()
    for k in range(2, len(s) + 1):
        suffix = org_suffix_at_end(s[:k])
        if suffix in _MUNICIPAL_SUFFIXES:  # handled by _municipality_at; 都市 is no body
            continue
        if suffix and kinds.get(suffix) in ("body", "company") and len(s[:k]) > len(suffix):
            return s[:k]
    return None
