"""Person names: where a name starts and ends, and whether a run of characters is one
(fugashi/unidic marks 人名/姓/名; the layout marks a spaced ``姓 名``)."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pipeline.extractors.organizations import is_org_unit
from pipeline.extractors.titles import is_title, split_post, title_core_pattern
from pipeline.extractors.officials.grammar import HIRA, KANJI, KATA, NAME_CHAR, _H_SPACE, _SAME, not_names

# ---------------------------------------------------------------- names
@lru_cache(maxsize=4096)
def _morphs(s: str) -> tuple[tuple[str, bool, bool], ...]:
    """fugashi tokens of ``s`` as (surface, is_person_name, is_family_name)."""
    from pipeline.analyze import tagger

    out = []
    for w in tagger()(s):
        f = w.feature
        out.append((w.surface, f.pos3 == "人名", f.pos3 == "人名" and f.pos4 == "姓"))
    return tuple(out)


def _has_person_token(s: str) -> bool:
    return any(is_person for _, is_person, _ in _morphs(s))


def normalize_name(name: str) -> str:
    return "".join(unicodedata.normalize("NFKC", str(name or "")).split())


def _org_not_name(seg: str) -> bool:
    """An organization unit that is not a person's name (木村, 吉田 end like 村/田 units), nor a
    council seat and a family name (十二番田村, 百十三番木村)."""
    return is_org_unit(seg) and not _is_name_like(seg) and not _SEAT_LEAD.match(seg) and not _post_then_name(seg)


def _post_then_name(seg: str) -> bool:
    """財務局長武市: a post and a family name written on (the person's, not a unit)."""
    posts = list(title_core_pattern().finditer(seg))
    tail = seg[posts[-1].end():] if posts else ""
    return bool(tail) and _is_name_like(tail)


_SEAT_LEAD = re.compile(r"^(?:[0-9]+|[一二三四五六七八九十百]+)番")


def _plausible_name(name: str) -> bool:
    return (
        1 <= len(name) <= 8
        and re.fullmatch(f"{NAME_CHAR}+", name) is not None
        and name not in not_names()
        and not re.fullmatch(f"[{HIRA}]+", name)
        and not is_title(name)
        and not _org_not_name(name)
    )


def _ends_with_post(s: str) -> bool:
    """``s`` ends where a post or an organization ends (so a name may start right after)."""
    if not s:
        return True
    for k in range(max(0, len(s) - 12), len(s)):
        tail = s[k:]
        if (split_post(tail) is not None or is_org_unit(tail)) and not _is_name_like(tail):
            return True
    return False


def _is_name_like(s: str) -> bool:
    return all(is_person for _, is_person, _ in _morphs(s)) and _has_person_token(s)


def _split_chunk_name(chunk: str) -> int | None:
    """Where the name starts in an unspaced chunk like 担当係長山本早紀 (→ 4), or None."""
    morphs = _morphs(chunk)
    bounds, pos = [], 0
    for surface, is_person, _ in morphs:
        bounds.append((pos, is_person))
        pos += len(surface)
    best = None
    for idx, (j, starts_person) in enumerate(bounds):
        name = chunk[j:]
        if idx and starts_person and bounds[idx - 1][1]:
            continue  # never split between two name tokens (吉村|洋文)
        if not (2 <= len(name) <= 6 or (starts_person and len(name) >= 1 and len(name) <= 6)):
            continue
        if j and not _ends_with_post(chunk[:j]):
            continue
        score = (starts_person, j)
        if best is None or score > best[0]:
            best = (score, j)
    return None if best is None else best[1]


# How far before an honorific a name and the words that decide it (post, organization,
# spaced-out characters) are looked for.
NAME_REACH = 64


def name_before(text: str, end: int, floor: int) -> tuple[str, int, bool] | None:
    """The name written just before ``end`` (an honorific or the end of a list line):
    (name without spaces, start, whether the layout itself marks it as a name)."""
    floor = max(floor, end - NAME_REACH)  # else a long run (様様様…) is re-tokenized per honorific
    left = text[floor:end]
    m = re.search(rf"((?:{NAME_CHAR}+{_H_SPACE})*{NAME_CHAR}+){_H_SPACE}*$", left)
    if not m:
        return None
    base = floor + m.start(1)
    chunks = [(base + c.start(), c.group(0)) for c in re.finditer(f"{NAME_CHAR}+", m.group(1))]
    # a chunk that mixes particles and kanji (であった吉村洋文) starts after its last kana
    last_start, last = chunks[-1]
    cut = re.search(f"^.*[{HIRA}](?=[{KANJI}{KATA}])", last)
    if cut:
        chunks = [(last_start + cut.end(), last[cut.end():])]
    elif len(chunks) >= 2:  # 主査の坂口 翔太さん: the family name starts after the particle
        prev_start, prev = chunks[-2]
        cut = re.search(f"^.*[{HIRA}](?=[{KANJI}]+$)", prev)
        if cut:
            chunks[-2] = (prev_start + cut.end(), prev[cut.end():])
    # damaged names: every character spaced out (尾 崎 太)
    singles = []
    for s, c in reversed(chunks):
        if len(c) == 1 and re.match(f"[{KANJI}]", c) and c != _SAME:
            singles.insert(0, (s, c))
        else:
            break
    if len(singles) >= 2 and len(singles) <= 6:
        return "".join(c for _, c in singles), singles[0][0], True
    if len(chunks) >= 2:
        (s1, c1), (s2, c2) = chunks[-2], chunks[-1]
        before_c1 = text[s1 - 1: s1] if s1 > 0 else ""
        joinable = (
            not re.match(r"[0-9A-Za-z番号]", before_c1)
            and 1 <= len(c1) <= 3 and 1 <= len(c2) <= 4 and re.fullmatch(f"[{KANJI}]+", c1)
            and not is_title(c1) and split_post(c1) is None and not _org_not_name(c1)
            and c1 != _SAME and split_post(c2) is None and not _two_words(c1, c2)
        )
        if joinable:
            return c1 + c2, s1, True
    s, c = chunks[-1]
    if re.search(f"[{HIRA}]", c):
        return None
    j = _split_chunk_name(c)
    if j is None:
        return None
    name = c[j:]
    return name, s + j, _has_person_token(name)


def _proper_noun(seg: str) -> bool:
    """A company or body written without a suffix (日本マイクロソフト, Google) — never a person."""
    if _has_person_token(seg):
        return False
    if re.fullmatch(rf"[{KATA}A-Za-z0-9・&\-.]{{3,}}", seg):
        return True
    return any(len(s) >= 2 and not _is_generic(s) for s, _, _ in _morphs(seg)) and _is_proper(seg)


@lru_cache(maxsize=4096)
def _common_noun(s: str) -> bool:
    """``s`` is read as common nouns only (情報, 財政, 企画) — no person, place or other proper noun."""
    from pipeline.analyze import tagger

    words = list(tagger()(s))
    return bool(words) and all(w.feature.pos2 == "普通名詞" for w in words)


@lru_cache(maxsize=4096)
def reads_as_surname(word: str) -> bool:
    """A word that is also a family name (馬場, 大橋, 宮内, 納所): read before さん, unidic takes it
    whole as a family name (情報さん, 企画さん stay common nouns). For list cells only, where the
    layout already says a name stands there."""
    if not 2 <= len(word) <= 3:
        return False
    morphs = _morphs(word + "さん")
    return morphs[0][0] == word and morphs[0][1] and morphs[0][2]


@lru_cache(maxsize=4096)
def _is_proper(seg: str) -> bool:
    from pipeline.analyze import tagger

    return any(w.feature.pos2 == "固有名詞" for w in tagger()(seg))


def _is_generic(s: str) -> bool:
    return s in not_names()


def _family_before(text: str, pos: int) -> tuple[str, int] | None:
    """A family name written before a space in front of ``pos`` (山下 聡市長 → 山下)."""
    m = re.search(rf"(?<![{KANJI}{KATA}A-Za-z0-9])([{KANJI}]{{1,3}})[ \u3000]\Z", text[max(0, pos - 6): pos])
    if not m:
        return None
    fam = m.group(1)
    if is_title(fam) or split_post(fam) is not None or _org_not_name(fam) or fam in not_names():
        return None
    return fam, pos - 6 + m.start(1) if pos >= 6 else m.start(1)


def _spaced_name_ok(spaced: str) -> bool:
    fam, _, given = spaced.replace("\u3000", " ").partition(" ")
    return not (is_title(fam) or split_post(fam) is not None or _org_not_name(fam) or fam == _SAME
                or is_title(given) or split_post(given) is not None or _two_words(fam, given))


def _two_words(fam: str, given: str) -> bool:
    """開会 宣言, 質疑 応答: two common nouns side by side, not a family and a given name."""
    return len(fam) >= 2 and len(given) >= 2 and _common_noun(fam) and _common_noun(given)


def has_given_name(name: str) -> bool:
    """The name holds more than a family name: unidic reads a 姓 first and something after it
    (大城保, 森田嘉彦; not 森田, 佐々木)."""
    morphs = _morphs(name)
    return bool(morphs) and morphs[0][2] and len(morphs[0][0]) < len(name)
