"""Inline grammar: officials written in running text — a name with an honorific, a
name then its post, council-minute speaker headers, a post then a spaced name, credits."""
from __future__ import annotations

import re
from collections.abc import Iterator

from pipeline.extractors.organizations import is_org_unit
from pipeline.extractors.titles import (
    _unit_head,
    head_unit,
    is_title,
    split_post,
    title_category,
    title_core_at_end,
    title_core_pattern,
)
from pipeline.extractors.officials.grammar import (
    INNER_SPEAKER,
    GIVEN,
    HIRA,
    KANJI,
    KATA,
    Mention,
    COLON_SPEAKER_LINE,
    PAREN_SPEAKER,
    SPEAKER_LINE,
    _H_SPACE,
    _ONE_CHAR_PREFIXES,
    _SPEAKER_MARK,
    _honorific_re,
    _line_floor,
)
from pipeline.extractors.officials.names import (
    reads_as_surname,
    _common_noun,
    _family_before,
    _has_person_token,
    _morphs,
    _org_not_name,
    _plausible_name,
    _proper_noun,
    _spaced_name_ok,
    name_before,
    normalize_name,
)
from pipeline.extractors.officials.posts import (
    Affiliation,
    affiliation_after,
    affiliation_line_after,
    affiliation_line_below,
    post_of_person_above,
    _SERVES_AS,
    affiliation_before,
    appositive_before,
)

def find_honorific_mentions(text: str) -> list[Mention]:
    out = []
    for m in _honorific_re().finditer(text):
        got = name_before(text, m.start(), _line_floor(text, m.start()))
        if got is None:
            continue
        name, name_start, evidence = got
        if not _plausible_name(name):
            continue
        if title_core_at_end(text[max(0, name_start - 12): name_start + 1]) and text[name_start - 1: name_start] not in " \u3000":
            continue  # 総務分科会長森多久男君: the name's first letter read would end the post (分科会|長)
        aff = affiliation_before(text, name_start)
        end = m.end()
        if aff is not None and re.search(r"[（(]兼[）)][ \u3000]*\Z", text[max(0, aff.start - 8): aff.start]):
            continue  # 総務課長(兼) 契約検査室長 内田隆生君: the concurrent post; the list reader reads the row
        below = affiliation_line_below(text, name_start, m.end())
        if below is not None and (aff is None or post_of_person_above(text, aff.start)):
            aff, end = Affiliation(below.title, below.organization, name_start), below.start
        if aff is None:
            aff = appositive_before(text, name_start)
        if aff is None:
            after = affiliation_after(text, m.end())
            after = after or affiliation_line_after(text, m.end())
            if after is not None:
                aff, end = Affiliation(after.title, after.organization, name_start), after.start
        title, org, start = (aff.title, aff.organization, aff.start) if aff else ("", "", name_start)
        if m.group(0) == "議員" and not title:
            title = "議員"
        elif m.group(0) == "君" and not title and text[name_start - 1: name_start] not in "(（【" and _CHAIRED_BY_SPEAKER.search(text):
            title = "議員"  # 近藤富男君が遅刻: in minutes the 議長 chairs, a name with 君 and no post is a member's
        described = bool(_SERVES_AS.search(text, start, name_start))
        out.append(Mention(name, title, org, start, end, name_start, evidence or aff is not None, "honorific",
                           described=described))
    return out + _latin_members(text)


# minutes whose chair speaks as ○議長 (議長前田清治君), where members are named with 君
_CHAIRED_BY_SPEAKER = re.compile(r"[○◯〇◎]議長")


# a member's registered name in Latin letters, an item of a list of members (傍聴議員 DELI議員、増田薫議員、…)
_LATIN_MEMBER = re.compile(r"(?:^|(?<=[\s、，,]))(?P<name>[A-Z][A-Za-z]{1,15})議員(?=[、，,]|\s*$)", re.M)


def _latin_members(text: str) -> list[Mention]:
    """``DELI議員、増田薫議員``: a Latin-letter name is a member's only as an item beside other members."""
    out = []
    for m in _LATIN_MEMBER.finditer(text):
        line_end = text.find("\n", m.end())
        rest = text[m.end(): len(text) if line_end < 0 else line_end]
        if re.match(rf"[、，,]\s*[{KANJI}{HIRA}{KATA}]{{2,8}}議員", rest):
            out.append(Mention(m.group("name"), "議員", "", m.start(), m.end(), m.start(), True, "honorific"))
    return out


def find_name_title_mentions(text: str) -> list[Mention]:
    """熊本市の大西一史市長, 平野社長, 当時の橋下市長, 山下 聡市長, 石原 範子 教育長:
    person-name tokens directly before a post."""
    out = []
    for m in title_core_pattern().finditer(text):
        if text[m.end(): m.end() + 1] in ("部", "室", "局", "課", "級", "職", "会"):
            continue  # 市長部局, 課長級, 社長室: the title word is part of another noun
        left_end = m.start()
        spaced_title = False
        if left_end and text[left_end - 1] in " \u3000" and (left_end < 2 or text[left_end - 2] not in " \u3000"):
            left_end -= 1  # 石原 範子 教育長
            spaced_title = True
        if spaced_title:
            spaced = _spaced_name_before(text, left_end, m)
            if spaced is not None:
                out.append(spaced)
                continue
        run = re.search(rf"[{KANJI}{KATA}]{{1,16}}\Z", text[max(0, left_end - 16): left_end])
        if not run:
            continue
        run_start = left_end - len(run.group(0))
        chunk = text[run_start:left_end] + m.group(0)
        title_at = left_end - run_start
        spans = _spans_of(chunk)
        if title_at >= 3 and not any(e == title_at for _, e, _ in spans):  # 村椿|晃市|長: a token across the post's start
            spans = _spans_of(chunk[:title_at]) + [(title_at, len(chunk), False)]
        found = _person_then_post(chunk, spans, title_at)
        if found is None and title_at <= 3 and re.fullmatch(f"[{KANJI}]+", chunk[:title_at]):
            fam = _family_before(text, run_start)  # 工藤 遼教授: a known family name, a short given name
            post = split_post(m.group(0))
            unit_post = split_post(chunk)
            if fam and _has_person_token(fam[0]) and post is not None and not (unit_post and unit_post.organization):
                found = (0, title_at, post)
        if found is None:
            continue
        ns, ne, post = found
        if spaced_title and ne != title_at:
            continue
        name = chunk[ns:ne]
        name_start = run_start + ns
        if re.match(f"[{KATA}]", name) and re.search(f"[{KATA}]$", text[:name_start]):
            continue  # 株式会社ユイノス 代表取締役: the tail of a katakana word is no name
        if re.fullmatch(f"[{KATA}]+", name) and re.match(f"[{KATA}]", post.title):
            continue  # テレ|キャスター, アイダ|エンジニア: one katakana word, not a name and a post
        family = _family_before(text, name_start) if ns == 0 else None
        if family and _ends_spaced_post(text, family[1], family[0]):
            family = None  # 教 育 長 大山佳代: the letter before the name ends a spaced post
        if family:
            name, name_start = family[0] + name, family[1]
        if not _plausible_name(name) or _is_place_head(text, name, post.title):
            continue
        org, start = post.organization, name_start
        pre = chunk[:ns]
        if _family_letter(pre, name, text, run_start):
            name, name_start, start, pre = pre + name, run_start, run_start, ""  # 魚津市の村椿晃市長: 村 unknown to unidic
        if pre:
            if not _org_not_name(pre):
                continue
            org, start = pre + org, run_start
        else:
            aff = affiliation_before(text, start, has_post=True)
            if aff and not aff.title:
                org, start = aff.organization + org, aff.start
        out.append(Mention(name, post.title, org, start, m.end(), name_start, True, "name_title"))
    return out


_SPACED_TAIL = re.compile(
    rf"(?<![{KANJI}{KATA}A-Za-z0-9])([{KANJI}]{{1,3}}[ \u3000][{KANJI}{HIRA}{KATA}]{{1,4}})\Z"
)


def _spaced_name_before(text: str, end: int, title_match: re.Match) -> Mention | None:
    """宮本 さやか 副本部長: a spaced 姓 名, a space, then the post."""
    m = _SPACED_TAIL.search(text[max(0, end - 12): end])
    if not m:
        return None
    name_start = end - len(m.group(1))
    name = normalize_name(m.group(1))
    if _ends_spaced_post(text, name_start, m.group(1).split()[0]):
        return None  # 教 育 長 植村佳央 理事…: the first piece is a letter-spaced post's last letter
    post = split_post(title_match.group(0))
    if post is None or not (_plausible_name(name) and _spaced_name_ok(m.group(1))):
        return None
    org, start = post.organization, name_start
    aff = affiliation_before(text, name_start, has_post=True)
    if aff and not aff.title:
        org, start = aff.organization + org, aff.start
    return Mention(name, post.title, org, start, title_match.end(), name_start, True, "name_title")


def _family_letter(pre: str, name: str, text: str, at: int) -> bool:
    """``の村椿晃市長``: one kanji before the person tokens, the run's start after a particle, is the
    first letter of the family name (no prefix such as 前/新/副, no unit)."""
    return (
        len(pre) == 1 and re.fullmatch(f"[{KANJI}]", pre) is not None and pre not in _ONE_CHAR_PREFIXES
        and at > 0 and text[at - 1] in "のはがもと、" and 2 <= len(name) <= 3 and _plausible_name(pre + name)
    )


_SPACED_LETTERS = re.compile(rf"(?:[{KANJI}][ \u3000])+\Z")


def _ends_spaced_post(text: str, at: int, piece: str) -> bool:
    """``教 育 長`` before ``植村佳央``: the piece and the single letters set apart before it read as a post."""
    letters = _SPACED_LETTERS.search(text[max(0, at - 24): at])
    return letters is not None and split_post(re.sub(r"\s", "", letters.group(0)) + piece) is not None


def _spans_of(words: str) -> list[tuple[int, int, bool]]:
    """(start, end, is a person token) of each token of ``words``."""
    spans, pos = [], 0
    for surface, is_person, _ in _morphs(words):
        spans.append((pos, pos + len(surface), is_person))
        pos += len(surface)
    return spans


def _person_then_post(chunk: str, spans, title_at: int):
    """In a chunk ``…[person tokens][post]``: (name start, name end, post)."""
    for i in range(len(spans)):
        if not spans[i][2]:
            continue
        j = i
        while j + 1 < len(spans) and spans[j + 1][2] and spans[j + 1][1] <= title_at:
            j += 1
        ns, ne = spans[i][0], spans[j][1]
        if ne > title_at:
            continue
        nxt = next((sp for sp in spans if sp[0] == ne), None)
        if nxt and nxt[1] - nxt[0] == 1 and chunk[ne] not in _ONE_CHAR_PREFIXES and ne < title_at:
            continue  # 金正|恩党委員長, 加藤寛一|郎名誉教授: the name goes on past the person tokens
        post = split_post(chunk[ne:])
        if post is not None and not _has_person_token(chunk[ne:title_at] or "・"):
            return ns, ne, post
    return None


def _is_place_head(text: str, name: str, title: str) -> bool:
    """吉田町長 is the head of 吉田町, not a Mr 吉田, when the document names 吉田町; 大月市議 is a
    member of 大月市's council when the document names 大月市 (大月市役所, 大月市議会)."""
    unit = head_unit(title)
    if unit is None and title[:1] in "市区町村県" and len(title) <= 3:
        return re.search(rf"{re.escape(name + title[0])}(?!{re.escape(title[1:])})", text) is not None
    if unit is None:
        return False
    units = "県府都道" if unit == "県" else unit
    return any((name + u) in text.replace(name + title, "") for u in units)


def find_speaker_mentions(text: str) -> list[Mention]:
    """Council-minute speaker headers: ○金広保育課長 / ○議長（山田太郎君） / （尾崎 財政課長）."""
    out = []
    for line in re.finditer(r"[^\n]+", text):
        m = SPEAKER_LINE.match(line.group(0)) or COLON_SPEAKER_LINE.match(line.group(0))
        if not m:
            continue
        base = line.start()
        body, paren = m.group("body"), m.group("paren")
        if paren:
            out.extend(_bracketed_speaker(m, base))
            continue
        got = _split_name_post(body)
        if got:
            n, post = got
            s = base + m.start("body")
            out.append(Mention(body[:n], post.title, post.organization, s, s + len(body), s, True, "speaker"))
    for m in INNER_SPEAKER.finditer(text):  # … 開議 ◯委員長(津田 清君)[ 228頁]: a header inside a flattened line
        out.extend(_bracketed_speaker(m, 0))
    out.extend(_bare_colon_speakers(text, [m for m in out if m.layout == "speaker"]))
    for m in _FLAT_SPEAKER.finditer(text):  # 9時58分開会 ○委員長佐々木克敏) ただいまから…
        body = m.group("post") + m.group("name")
        for k in range(len(body) - 2, 1, -1):  # the longest post that leaves a name
            post, name = split_post(body[:k]), body[k:]
            if post and post.title and title_core_at_end(post.title) == post.title and _plausible_name(name) and _has_person_token(name):
                start = m.start("post")
                out.append(Mention(name, post.title, post.organization, start, m.end("name"), start + k, True, "speaker"))
                break
    out.extend(_spaced_speakers(text))
    out.extend(_unmarked_speakers(text))
    for m in PAREN_SPEAKER.finditer(text):
        post = split_post(m.group("post"))
        name = m.group("name")
        if post and _plausible_name(name):
            out.append(Mention(name, post.title, post.organization, m.start("name"), m.end("post"),
                               m.start("name"), True, "speaker"))
    return out


def _bracketed_speaker(m: re.Match, base: int) -> list[Mention]:
    """``○議長(山田太郎君)``, ``◯2番(長野晋治)``, ``◯議長【二見泰弘君】``: the post before the
    brackets, the name in them (a seat is a council member's)."""
    body, paren = m.group("body"), m.group("paren")
    hon = re.search(r"(?:君|議員|氏|さん)$", paren.strip())
    name = normalize_name(paren.strip()[: hon.start()] if hon else paren)
    post = split_post(body)
    council_seat = re.fullmatch(r"[0-9]+番", body) or (hon and hon.group(0) == "議員")
    title = post.title if post else ("議員" if council_seat else "")
    org = post.organization if post else ""
    kana_member = post is not None and post.title in _MEMBER_POSTS.split("|") and re.fullmatch(f"[{HIRA}]{{2,8}}", name)
    if (_plausible_name(name) or kana_member) and (title or hon):  # 副委員長(たなか君): members in kana
        return [Mention(name, title, org, base + m.start("body"), base + m.end(), base + m.start("paren"), True, "speaker")]
    return []


# a speaker header of minutes flattened onto a line: the mark, the name, a space, the post, a space, the
# speech (``◆小田昌博 委員 私から、…``, ``○小竹ともこ 委員長 ただいまから…``, ``◎槙 行政部長 現在、…``)
_SPACED_SPEAKER = re.compile(
    rf"(?:^|(?<=\s))[○◯◎◆◇](?P<name>[{KANJI}]{{1,4}}(?:[{HIRA}]{{2,4}}|[{KATA}]{{2,5}})?)"
    rf"[ \u3000](?P<post>[{KANJI}{KATA}・]{{2,16}})(?=[ \u3000\n]|$)",
    re.M,
)


def _spaced_speakers(text: str) -> list[Mention]:
    """The mark and the space on both sides of the post are the layout's evidence: a name in kana
    (小竹ともこ) or a family name alone (槙) is read as the speaker's; a post alone (○委員長) is none."""
    out = []
    for m in _SPACED_SPEAKER.finditer(text):
        name, post = m.group("name"), split_post(m.group("post"))
        if post is None or title_core_at_end(m.group("post")) is None or split_post(name) is not None:
            continue
        if _common_noun(name) or is_org_unit(name) or not (len(name) <= 2 or _plausible_name(name) or _kana_given(name)):
            continue
        out.append(Mention(name, post.title, post.organization, m.start("name"), m.end("post"), m.start("name"),
                           True, "speaker"))
    return out


def _kana_given(name: str) -> bool:
    """小竹ともこ: a kanji family name and a given name in kana."""
    return re.fullmatch(rf"[{KANJI}]{{1,3}}[{HIRA}{KATA}]{{2,5}}", name) is not None


# a member speaking, written with no post: ``本間君:議案第44号…`` (the chair wrote ``委員長(相馬君):``)
_BARE_COLON_SPEAKER = re.compile(rf"^[ \t\u3000]*(?P<name>[{KANJI}]{{1,4}})君[:：]", re.M)
_MEMBERS_OF_CHAIR = {"委員長": "委員", "副委員長": "委員", "議長": "議員", "副議長": "議員"}


def _bare_colon_speakers(text: str, speakers: list[Mention]) -> list[Mention]:
    """In minutes whose chair speaks as ``委員長(相馬君):``, a speaker written ``本間君:`` is a member
    of the body the chair chairs: 委員 of a committee, 議員 of a council."""
    chairs = {_MEMBERS_OF_CHAIR[m.title] for m in speakers if m.title in _MEMBERS_OF_CHAIR}
    if len(chairs) != 1:
        return []
    title = chairs.pop()
    out = []
    for m in _BARE_COLON_SPEAKER.finditer(text):
        name = m.group("name")
        if reads_as_surname(name) or _has_person_token(name):
            out.append(Mention(name, title, "", m.start("name"), m.end(), m.start("name"), True, "speaker"))
    return out


# a speaker header of minutes flattened onto one line, its opening bracket lost: ``○委員長佐々木克敏)``
_FLAT_SPEAKER = re.compile(rf"(?<=[ \u3000])[○◯](?P<post>[{KANJI}]{{2,12}}?)(?P<name>[{KANJI}]{{2,5}}?)君?[)）]")  # 議長前田清治君)


# speaker headers of minutes whose mark or bracket is lost or moved: a line opening with
# ``議長(細川一郎君) おはよう…`` (no mark; the 君 in brackets and the speech after a space say it),
# ``○（伊藤よしお議長）　…`` (the name and the post both in the brackets), and a chair's label of a
# flattened record that lost its opening bracket (``開会宣告議長斎藤一郎君) おはよう…``)
_LINE_BRACKET_SPEAKER = re.compile(
    rf"^{_H_SPACE}*(?P<body>[^\s（(【:：、。{_SPEAKER_MARK}]{{1,24}})[（(](?P<paren>[^）)\n:：]{{1,12}}君)[）)](?=[ \u3000])", re.M
)
_MARK_BRACKET_NAME_POST = re.compile(
    rf"^{_H_SPACE}*[{_SPEAKER_MARK}]{_H_SPACE}*[（(](?P<body>[^\s（()）]{{3,24}})[）)]", re.M
)
_FLAT_CHAIR = re.compile(rf"(?<!副)(?P<post>副議長|議長|副委員長|委員長)(?P<name>[{KANJI}]{{2,5}}?)君[)）]")


def _unmarked_speakers(text: str) -> list[Mention]:
    out = []
    for m in _LINE_BRACKET_SPEAKER.finditer(text):
        if split_post(m.group("body")):
            out.extend(_bracketed_speaker(m, 0))
    for m in _MARK_BRACKET_NAME_POST.finditer(text):
        body = m.group("body")
        got = _on_word_boundary(body, _split_name_post(body))  # 伊藤よしのり|議長, 星|教育センター長
        if got and got[1].title:
            n, post = got
            out.append(Mention(body[:n], post.title, post.organization, m.start("body"), m.end("body"),
                               m.start("body"), True, "speaker"))
    for m in _FLAT_CHAIR.finditer(text):
        if _plausible_name(m.group("name")) and _has_person_token(m.group("name")):
            out.append(Mention(m.group("name"), m.group("post"), "", m.start("post"), m.end("name") + 1,
                               m.start("name"), True, "speaker"))
    return out


def _on_word_boundary(body: str, got):
    """A split of ``name+post`` inside a word (星教|育センター長) moves to the first word boundary
    that leaves a whole post (星|教育センター長)."""
    if not got:
        return got
    starts = {s for s, _, _ in _spans_of(body)}
    if got[0] in starts:
        return got
    for n in sorted(starts - {0}):
        post = split_post(body[n:])
        if post and post.title and title_core_at_end(post.title) == post.title and (
            not post.organization or is_org_unit(post.organization)
        ):
            return n, post
    return None


# posts of council members and committee members, whose names minutes often write in kana
_MEMBER_POSTS = "副委員長|委員長|委員|副議長|議長|議員"


def _split_name_post(body: str):
    """金広保育課長 → (2, Post(保育課, 課長)); the name is 1–5 characters, fugashi decides
    where when it can, else the commonest family-name length (2)."""
    kana = re.fullmatch(rf"(?P<name>[{KANJI}{HIRA}]{{2,8}}?)(?P<post>{_MEMBER_POSTS})", body)
    if kana and re.search(f"[{HIRA}]", kana.group("name")):  # ○あおき委員長, ○福田ようすけ委員: members in kana
        return len(kana.group("name")), split_post(kana.group("post"))
    first = _morphs(body)[0][0] if body else ""
    if is_title(body) and body[0] in _ONE_CHAR_PREFIXES:
        return None  # ○副市長, ○前会長: a post with its prefix, no name
    if len(first) >= 2 and _common_noun(first) and not reads_as_surname(first):
        return None  # ○情報政策課長, ○財政課長: a post with no name (情報, 財政 are words, not people)
    morphs = _morphs(body)
    starts = [sum(len(s) for s, _, _ in morphs[:k]) for k in range(len(morphs) + 1)]
    person_at = {p: is_person for p, (_, is_person, _) in zip(starts, morphs)}
    options = []
    for n in range(1, min(6, len(body))):
        post = split_post(body[n:])
        if post is None or not _plausible_name(body[:n]) or not re.fullmatch(f"[{KANJI}]+", body[:n]):
            continue
        # the name ends where fugashi's person tokens end (高橋|佳代子|委員 → 5, not 2)
        person_end = n in person_at and _has_person_token(body[:n]) and not person_at[n]
        # 谷田|川泰委員長, 石橋|保卓委員: 川泰 is no unit, 卓委員 no post; the lexicon post stands alone
        lexicon_post = (not post.organization or is_org_unit(post.organization)) and title_core_at_end(post.title) == post.title
        options.append(((lexicon_post, person_end, n == 2, -n), n, post))
    if not options:
        return None
    _, n, post = max(options, key=lambda o: o[0])
    return n, post


SPACED_NAME = re.compile(
    rf"(?<![{KANJI}{KATA}0-9])(?P<name>[{KANJI}]{{1,3}}[ \u3000]{GIVEN})"
    rf"(?=[ \u3000]*(?:$|[（()）、。,」\n×/／]|の|は|が|も|と|から|より))",
    re.M,
)


PAREN_TITLE_NAME = re.compile(
    rf"[（(](?P<post>[^\s（()）:：]{{1,20}})[:：\s]+(?P<name>[{KANJI}]{{1,3}}[ \u3000]?[{KANJI}{HIRA}{KATA}]{{1,4}})[)）]"
)


NAME_PAREN_POST = re.compile(
    rf"(?<![{KANJI}{KATA}])(?P<name>[{KANJI}]{{1,3}}[ \u3000]{GIVEN})(?=[（(])"
)


def find_post_name_mentions(text: str) -> list[Mention]:
    """A post then a spaced 姓 名 with no honorific: ``山梨県知事 小林 正道 のコメント``,
    ``議会事務局 主査 北野 佳奈``, ``部長 戸田 和也``."""
    out = []
    for m in SPACED_NAME.finditer(text):
        name = re.sub(r"(?:氏|様|君|殿|さん)$", "", normalize_name(m.group("name")))
        if not (_plausible_name(name) and _spaced_name_ok(m.group("name"))):
            continue
        aff = affiliation_before(text, m.start("name"))
        if aff is None or not aff.title:
            continue
        out.append(Mention(name, aff.title, aff.organization, aff.start, m.end("name"), m.start("name"), True, "post_name"))
    return out


NAME_SPACE_POST = re.compile(  # zero-width, so that overlapping candidates are all tried
    rf"(?<![{KANJI}{KATA}A-Za-z0-9])(?=(?P<name>[{KANJI}]{{1,3}}[ \u3000][{KANJI}{HIRA}{KATA}]{{1,4}}|[{KANJI}]{{2,5}})"
    rf"[ \u3000](?P<post>[{KANJI}{KATA}A-Za-z・]{{2,20}})"
    rf"(?=[ \u3000]*(?:$|[\s、。,「」（()）]|は|が|の|も|と|に|を|から)))",
    re.M,
)


def find_name_space_post_mentions(text: str) -> list[Mention]:
    """A name, a space, then the post: ``公共営業部 中川浩 営業課長``, ``中川 浩 営業課長`` (the
    units before the name are the organization; a name with a post in front is another layout)."""
    out = []
    for m in NAME_SPACE_POST.finditer(text):
        post = split_post(m.group("post"))
        name = normalize_name(m.group("name"))
        if post is None or not _plausible_name(name) or not _has_person_token(name):
            continue
        core = title_core_at_end(post.title) or post.title
        if _has_person_token(post.title[: len(post.title) - len(core)] or "・"):
            continue  # 竹内 里奈記者: the given name is glued to the post, the family name stands alone
        if " " in m.group("name").replace("\u3000", " ") and not _spaced_name_ok(m.group("name")):
            continue
        if split_post(name) is not None or _org_not_name(name):
            continue
        family = _family_before(text, m.start("name"))
        if family and not _org_not_name(family[0]):
            continue  # 熊谷 浩介 村長: this is the given name of a spaced name
        head = post.organization[:-1] if post.organization and _unit_head(post.title) else ""
        if head and _has_person_token(head):
            continue  # 山下 聡市長, 桑原 拓也課長: the given name, not a unit
        aff = affiliation_before(text, m.start("name"))
        if aff is not None and aff.title:
            continue  # 委員長 山田太郎 副委員長 …: the name's post stands in front of it
        org, start = post.organization, m.start("name")
        if aff is not None:
            org, start = aff.organization + org, aff.start
        out.append(Mention(name, post.title, org, start, m.end("post"), m.start("name"), True, "name_title"))
    return out


def find_paren_mentions(text: str) -> list[Mention]:
    """``群馬県（知事：関根 達也）``, ``西粟倉村（村長 青木 正志）``, ``小池 真由美（日経グローカル記者）``."""
    out = []
    for m in PAREN_TITLE_NAME.finditer(text):
        post = split_post(m.group("post"))
        name = normalize_name(m.group("name"))
        if post is None or not _plausible_name(name):
            continue
        org, start = post.organization, m.start()
        seg = re.search(r"(?:\(株\)|[^\s（()）、。「」])+\Z", text[max(0, m.start() - 30): m.start()])
        if seg and _org_not_name(seg.group(0)):
            org, start = seg.group(0) + org, m.start() - len(seg.group(0))
        out.append(Mention(name, post.title, org, start, m.end(), m.start("name"), True, "paren"))
    for m in NAME_PAREN_POST.finditer(text):
        name = normalize_name(m.group("name"))
        if not (_plausible_name(name) and _spaced_name_ok(m.group("name"))):
            continue
        aff = affiliation_after(text, m.end("name"))
        if aff is not None:
            out.append(Mention(name, aff.title, aff.organization, m.start("name"), aff.start, m.start("name"), True, "paren"))
    return out


CREDIT = re.compile(
    r"(?P<role>(?:取材|文|撮影|写真|構成|編集|聞き手|執筆|イラスト|インタビュー)(?:[・/](?:取材|文|撮影|写真|構成|編集|聞き手|執筆))*)"
    rf"{_H_SPACE}*[=＝:：]{_H_SPACE}*"
)


def find_credit_mentions(text: str) -> list[Mention]:
    """Article credits: ``取材・文＝編集部 竹内 玲奈``, ``撮影＝森 拓郎`` (the person is credited
    with a role; the unit before the name is the organization)."""
    out = []
    for m in CREDIT.finditer(text):
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        rest = re.split(r"[、,/／]", text[m.end():line_end], maxsplit=1)[0].rstrip()
        got = name_before(text, m.end() + len(rest), m.end())
        if got is None:
            continue
        name, name_start, evidence = got
        head = text[m.end():name_start].strip()
        if not (evidence and _plausible_name(name)) or (head and not _org_not_name(head)):
            continue
        out.append(Mention(name, "", head, m.start(), m.end() + len(rest), name_start, True, "credit"))
    return out


def find_org_name_lines(text: str) -> list[Mention]:
    """A line that is only a unit and a spaced person's name: ``（浜松支局　阿部 翔）``, also with
    the post glued to the name (``（北陸日報 中島 沙耶記者）``: a newspaper credits its reporter)."""
    out = []
    pattern = (
        rf"^{_H_SPACE}*[(（【]?(?P<org>(?:\(株\)|[{KANJI}{KATA}A-Za-z0-9・&\-]){{2,30}}){_H_SPACE}+"
        rf"(?P<name>[{KANJI}]{{1,3}}{_H_SPACE}(?P<given>[{KANJI}{HIRA}{KATA}]{{1,5}}?))"
        rf"(?P<post>{title_core_pattern().pattern})?[)）】]?{_H_SPACE}*$"
    )
    for line in re.finditer(pattern, text, re.M):
        org, spaced, post = line.group("org"), line.group("name"), line.group("post") or ""
        name = normalize_name(spaced)
        body_ok = _org_not_name(org) or (post and _proper_noun(org))
        if body_ok and re.fullmatch(GIVEN, line.group("given")) and _plausible_name(name) and _spaced_name_ok(spaced) and _has_person_token(name):
            end = line.end("post") if post else line.end("name")
            out.append(Mention(name, post, org, line.start("org"), end, line.start("name"), True, "org_name"))
    return out


def find_bureau_credit_lines(text: str) -> list[Mention]:
    """A press credit line: bureau, press title, name (``（前橋支局 記者 小林翔太）``)."""
    out = []
    pattern = (
        rf"^{_H_SPACE}*[(（](?P<org>[{KANJI}{KATA}A-Za-z0-9・&\-]{{2,20}}){_H_SPACE}+(?P<post>[^\s（()）]{{2,8}}){_H_SPACE}+"
        rf"(?P<name>[{KANJI}{HIRA}{KATA}]{{1,5}}(?:{_H_SPACE}[{KANJI}{HIRA}{KATA}]{{1,5}})?){_H_SPACE}*[)）]{_H_SPACE}*$"
    )
    for line in re.finditer(pattern, text, re.M):
        org, post = line.group("org"), line.group("post")
        if title_category(post) != "media" or not is_org_unit(org):
            continue
        got = name_before(text, line.end("name"), line.start("name"))
        if got is None or got[1] != line.start("name") or not got[2] or not _plausible_name(got[0]):
            continue
        out.append(Mention(got[0], post, org, line.start("org"), line.end("name"), line.start("name"), True, "org_name"))
    return out


def find_short_references(text: str, mentions: list[Mention]) -> list[Mention]:
    """``大西市長``, ``平野社長`` after ``大西一史市長``/``平野拓也氏``: the family name of a person
    already named in the document, then a post (unidic reads a lone 大西 as a place)."""
    out = []
    seen = {m.name_start for m in mentions}
    for full in {m.name for m in mentions if m.evidence and len(m.name) >= 3}:
        family = _morphs(full)[0][0]
        if len(family) >= len(full) or len(family) < 2:
            continue
        for start, title in _family_then_post(text, family):
            if start in seen:
                continue
            post = split_post(title.group(0))
            committee = post is not None and post.organization.endswith("委員会")  # 長野建設文教常任委員長
            if post is None or post.organization and not committee or _is_place_head(text, family, post.title):
                continue
            out.append(Mention(full, post.title, post.organization, start, title.end(), start, True, "short_reference"))
    return out


_KANJI_OR_KATA = re.compile(f"[{KANJI}{KATA}]")
# a committee's chair named by its committee, 委員会 shortened (建設文教常任委員長, 決算特別委員長)
_COMMITTEE_CHAIR = re.compile(f"[{KANJI}{KATA}]{{1,12}}?(?:常任|特別)副?委員長")


def _family_then_post(text: str, family: str) -> Iterator[tuple[int, re.Match]]:
    """Where ``family`` stands alone (no kanji/katakana before it) right before a post:
    (start, the post's match). A search, not a regex built per name (that compile is slow)."""
    core = title_core_pattern()
    pos = text.find(family)
    while pos >= 0:
        end = pos + len(family)
        title = None if pos and _KANJI_OR_KATA.match(text, pos - 1) else core.match(text, end) or _COMMITTEE_CHAIR.match(text, end)
        if title:
            yield pos, title
        pos = text.find(family, end if title else pos + 1)


# An attribute of a body written ``post:name`` in the body's list of attributes:
# ``株式会社トラストバンク(本社:東京都渋谷区、代表取締役:川村憲一、以下…)``, ``理事長：山田太郎``.
_COLON_POST_NAME = re.compile(
    rf"(?:^|(?<=[(（、,，\s]))(?P<post>[{KANJI}{KATA}・]{{2,16}})[:：]{_H_SPACE}*"
    rf"(?P<name>[{KANJI}]{{1,3}}{_H_SPACE}?[{KANJI}{HIRA}{KATA}]{{1,4}})(?=[、,，)）\n]|$)",
    re.M,
)


def find_colon_post_mentions(text: str) -> list[Mention]:
    """``代表取締役:川村憲一`` in a body's attributes: a post of a body's head (a company's officers,
    an association's chair) then a colon then a full name, closed by a comma, a bracket or the
    line end. The organization is the body whose attributes these are (resolved later)."""
    out = []
    for m in _COLON_POST_NAME.finditer(text):
        post = split_post(m.group("post"))
        name = normalize_name(m.group("name"))
        if post is None or post.organization or title_category(post.title) != "corporate":
            continue
        if not (3 <= len(name) <= 6 and _plausible_name(name) and _has_person_token(name)):
            continue
        out.append(Mention(name, post.title, "", m.start("post"), m.end("name"), m.start("name"), True, "colon_post"))
    return out


# a body, a dot, then its head's family name glued to the head's post: 阿見町・千葉町長, 青葉市・森市長
_BODY_DOT_HEAD = re.compile(rf"(?P<body>[{KANJI}]{{1,4}}(?P<kind>[市区町村]))[・･](?P<name>[{KANJI}]{{1,3}})(?P=kind)長(?![{KANJI}])")


def find_body_dot_head_mentions(text: str) -> list[Mention]:
    """``山北町・湯川町長``: the head of the body written before the dot (the kinds agree: 町 … 町長);
    the name is the family name between."""
    out = []
    for m in _BODY_DOT_HEAD.finditer(text):
        name = m.group("name")
        if reads_as_surname(name) or _has_person_token(name):
            out.append(Mention(name, m.group("kind") + "長", m.group("body"), m.start(), m.end(), m.start("name"),
                               True, "name_title"))
    return out
