"""Grammar blocks the officials finders share: character classes, the segment a post or
unit is written with, speaker-line shapes, the candidate record, and the closed lists
(honorifics, words that are never names) read from pipeline/rules/."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pipeline.extractors.organizations import kana_municipality_pattern, read_rule_column

# ---------------------------------------------------------------- grammar blocks
KANJI = r"\u3400-\u9fff\uf900-\ufaff々〆ヶ"  # with the compatibility ideographs names use: 塩﨑, 德


HIRA = r"ぁ-ゖ"


KATA = r"ァ-ヺー"


NAME_CHAR = f"[{KANJI}{HIRA}{KATA}]"


_H_SPACE = r"[ \t\u3000]"


# A segment of a written post/organization: kanji, katakana, Latin, digits and the joiners
# companies use (セブン-イレブン・ジャパン, (株)).
# Kana inside a unit name (学び推進課, こども局, 働き方改革推進係, つくば市): a hiragana run that is
# followed by kanji/katakana, is not made of particles only, and does not start with a
# particle right after a kanji (市はつくば市 splits at は; 当時の大阪市長 at の).
_PARTICLE_CHARS = "のはがをにでとやもへか"


_FUNCTION_KANA = (
    r"(?:の|は|が|を|に|で|と|や|も|へ|か|から|まで|より|など|および|ならびに|または|であった|である|だった|"
    r"であり|を務める|を務めた|を務めている|を務め|における|において|について|として|による|により|にて|ほか|ら|"
    r"した|して|する|され|させ|しており|おり|った|って|いた|いて|いる|ある|あった|ない|れた|れる|ます|です|ました|でした|"
    r"ついて|おいて|おける|よる|よって|とって|わたって|わたり|ともに|ため|もと)"
)


# hiragana that may stand inside a name (not the case particles の を が は で に へ)
_NAME_KANA = "".join(c for c in map(chr, range(0x3041, 0x3097)) if c not in "のをがはでにへ")


# A given name written after a spaced family name: kanji (達也), kana (さやか, サヤカ) or kana then
# kanji (あや子) — never kanji then kana, which is a name running into a particle (孝が就く).
GIVEN = rf"(?:[{KANJI}]{{1,4}}|[{HIRA}]{{2,4}}|[{KATA}]{{2,5}}|[{HIRA}]{{1,3}}[{KANJI}])"


_KANA_IN_UNIT = (
    rf"(?!{_FUNCTION_KANA}+(?![{HIRA}]))"
    rf"(?:(?<![{KANJI}{KATA}A-Za-z0-9{HIRA}])[{_NAME_KANA}]+|(?<=[{_PARTICLE_CHARS}])(?![{_PARTICLE_CHARS}])[{_NAME_KANA}]+"
    rf"|(?<=[{KANJI}{KATA}])(?![{_PARTICLE_CHARS}])[{_NAME_KANA}]+)"
    rf"(?=[{KANJI}{KATA}A-Za-z])"
)


# 公立はこだて未来大学, 県立ぐんま天文台, 市立ひばりが丘小学校: a public founder (X立) then a kana name
_KANA_AFTER_FOUNDER = rf"(?<=[公県市区町村国私府都道]立)[{HIRA}]{{2,8}}(?=[{KANJI}{KATA}])"


SEGMENT = re.compile(
    rf"(?:\(株\)|\(有\)|{kana_municipality_pattern()}|[{KANJI}{KATA}A-Za-z0-9・&\-.＆･]|{_KANA_IN_UNIT}|{_KANA_AFTER_FOUNDER})+"
    rf"(?:\([A-Za-z0-9]{{2,8}}\))?"
)


_LATIN_OR_KATAKANA_NAME = re.compile(rf"[{KATA}A-Za-z0-9・&\-.]{{3,}}")


_ABBREVIATION = re.compile(r"\([A-Za-z0-9]{2,8}\)$")


# What may stand between a post and the name (or between an organization and its post).
CONNECTOR = re.compile(
    r"\s*(?:であった|である|だった|を務める|を務めた|を務めている|を務め|で|の|[:：])?\s*(?:[（(][A-Za-z0-9]{2,8}[)）])?\s*"
)


_HONORIFIC_NOT_FOLLOWED = {"氏": "名族神子", "様": "々式相子態", "君": "臨主子", "殿": "堂下様", "さん": ""}


_SPEAKER_MARK = "○◯〇◎●◆◇"  # 〇 (the kanji zero) too: 〇議長(長野勉君)


SPEAKER_LINE = re.compile(
    rf"^{_H_SPACE}*[{_SPEAKER_MARK}]{_H_SPACE}*(?P<body>[^\s（(【]{{1,24}})"
    rf"(?:{_H_SPACE}*[（(【](?P<paren>[^）)】\n]{{1,24}})[）)】])?"
)
# the same header inside a line of minutes flattened onto one line (``… 開議 ◯委員長(津田 清君)[ 228頁]``,
# ``◯議長【二見泰弘君】 皆様、…``): the mark after a space, the name in its brackets
INNER_SPEAKER = re.compile(
    rf"(?<=[ \u3000])[{_SPEAKER_MARK}](?P<body>[^\s（(【)）】]{{1,24}}?)[（(【](?P<paren>[^）)】\n]{{1,12}})[）)】]"
)


# a speaker header with no mark, the post and the name in brackets then a colon:
# ``委員長(相馬君):ただいまより…`` (the colon after the bracket is the layout's evidence)
COLON_SPEAKER_LINE = re.compile(
    rf"^{_H_SPACE}*(?P<body>[^\s（(:：、。]{{1,24}})[（(](?P<paren>[^）)\n:：]{{1,12}})[）)][:：]"
)


PAREN_SPEAKER = re.compile(rf"[（(]{_H_SPACE}*(?P<name>[{KANJI}]{{1,4}}){_H_SPACE}+(?P<post>[^\s（()）]{{2,20}}){_H_SPACE}*[)）]")


HEADING_LINE = re.compile(r"^\s*(?:#{1,6}\s|[【■□◆◇])")


_SAME = "同"


_ONE_CHAR_PREFIXES = frozenset("副元前総新次故現初同旧")


@dataclass(frozen=True)
class Mention:
    name: str
    title: str
    organization: str
    start: int  # normalized span of the whole phrase
    end: int
    name_start: int
    evidence: bool  # the name itself looks like a person's (fugashi/GiNZA/layout)
    layout: str
    inferred_org: bool = False  # organization taken from the document context, not written here
    body: str = ""  # the municipality or public body the official belongs to (see organization.body_of)
    described: bool = False  # the post is told in a clause (…部で課長を務める山田氏), not written as a credit


# ---------------------------------------------------------------- data
@lru_cache(maxsize=1)
def honorifics() -> tuple[str, ...]:
    return tuple(sorted(read_rule_column("honorifics.tsv"), key=len, reverse=True))


@lru_cache(maxsize=1)
def not_names() -> frozenset[str]:
    return frozenset(read_rule_column("not_names.tsv"))


@lru_cache(maxsize=1)
def _honorific_re() -> re.Pattern:
    alts = []
    for h in honorifics():
        bad = _HONORIFIC_NOT_FOLLOWED.get(h, "")
        alts.append(("(?<!皆)" if h in ("さん", "様") else "") + re.escape(h) + (f"(?![{bad}])" if bad else ""))  # 皆さん: everyone
    return re.compile("(?:" + "|".join(alts) + ")")


# ---------------------------------------------------------------- finders, one per layout
def _line_floor(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def lines_at(text: str) -> list[tuple[int, str]]:
    """Every line of ``text`` (empty ones too) with the offset it starts at."""
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out
