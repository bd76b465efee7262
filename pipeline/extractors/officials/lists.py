"""List and table reader: roster lines, table rows (``| 課長 | 山田 太郎 |``), runs of
post–name pairs, contact lines (``担当：課長補佐 早川真由美``)."""
from __future__ import annotations

import re
from dataclasses import replace

from pipeline.extractors.organizations import is_org_unit
from pipeline.extractors.titles import split_post, title_category
from pipeline.extractors.officials.grammar import GIVEN, KANJI, Mention, _H_SPACE, _SAME
from pipeline.extractors.officials.names import (
    _has_person_token,
    _morphs,
    _plausible_name,
    _spaced_name_ok,
    name_before,
)
from pipeline.extractors.officials.posts import _BODY_ROLES, affiliation_before

# A post with a bracket at the start of a roster line: ``CIO（最高情報責任者）``, ``委員（教育長職務代理者）``.
_BRACKETED_POST = re.compile(rf"^(?P<lead>{_H_SPACE}*)(?P<head>[^\s（()）]{{2,12}})[（(](?P<inner>[^\s（()）]{{2,20}})[)）]", re.M)


def _read_bracketed_posts(flat: str) -> str:
    """Same-length rewrite of bracketed posts: an abbreviation keeps its head (``CDO（最高デジタル
    責任者）`` → ``CDO``; the bracket spells it out); a role with a post in brackets takes that post
    (``委員（教育長職務代理者）`` → ``教育長職務代理者``: the post the member holds)."""
    def one(m: re.Match) -> str:
        head, inner = m.group("head"), m.group("inner")
        head_post, inner_post = split_post(head), split_post(inner)
        if head_post is None or inner_post is None or head_post.organization or inner_post.organization:
            return m.group(0)
        if re.fullmatch(r"[A-Z]{2,6}", head):
            return m.group("lead") + head + " " * (len(inner) + 2)
        if head in _BODY_ROLES:
            return m.group("lead") + " " * (len(head) + 1) + inner + " "
        return m.group(0)

    return _BRACKETED_POST.sub(one, flat)


def find_list_mentions(text: str) -> list[Mention]:
    """Roster and table lines: ``副委員長 尾 崎 太`` / ``同 中 島 光 徳`` / ``| 課長 | 山田 太郎 |``."""
    flat = _read_bracketed_posts(re.sub(r"[|｜\t]", " ", text))  # same length: offsets stay valid
    out: list[Mention] = []
    last: Mention | None = None
    last_line = -10
    for ln, line in enumerate(re.finditer(r"[^\n]*", flat)):
        bracket = re.search(r"[（(]([^（()）]*)[)）]\s*$", line.group(0))
        body = line.group(0)[: bracket.start()].rstrip() if bracket else line.group(0)  # 佐野 由佳里（内線3421）
        body = _without_contact_tail(body)
        if not body.strip() or not re.search(rf"{_H_SPACE}", body.strip()) or re.search(r"(?:氏|様|君|殿|さん)$", body):
            continue  # lines ending with an honorific are the honorific finder's
        s0 = line.start()
        got = name_before(flat, s0 + len(body), s0)
        if got is None:
            continue
        name, name_start, evidence = got
        if not (evidence and 1 <= len(name) <= 6 and _plausible_name(name)):
            continue
        head = flat[s0:name_start].strip()
        if head == _SAME and last is not None and ln - last_line <= 3:
            out.append(Mention(name, last.title, last.organization, s0 + flat[s0:name_start].index(_SAME),
                               s0 + len(body), name_start, True, "list"))
            last_line = ln
            continue
        aff = affiliation_before(flat, name_start, max_lines=1)
        if aff is None or not aff.title:
            continue
        lead = flat[s0:aff.start].strip()
        if lead and (len(lead) > 12 or re.search(r"[。、,.!?！？]", lead)):
            continue  # the post must start the line, after at most a short label (町村会代表, 担当：)
        if bracket and not aff.organization and title_category(aff.title) == "media" and is_org_unit(bracket.group(1)):
            aff = replace(aff, organization=bracket.group(1))  # 記者 井上 翔（松山支局）: the reporter's bureau
        last = Mention(name, aff.title, aff.organization, aff.start, s0 + len(body), name_start, True, "list")
        out.append(last)
        last_line = ln
    return out


def _roster_post(token: str) -> bool:
    """A roster token that is a post (委員長, 副委員長, 委員, 課長), not a name or a unit."""
    post = split_post(token)
    return post is not None and not post.organization and not _has_person_token(token)


def _family_then_given(first: str, second: str) -> bool:
    """``佐々木 健二郎``: unidic reads the first word whole as a family name and the second as a given
    name only (no family name in it)."""
    fam, given = _morphs(first), _morphs(second)
    return (
        len(fam) == 1 and fam[0][1] and fam[0][2] and len(given) == 1 and given[0][1] and not given[0][2]
        and re.fullmatch(f"[{KANJI}]{{1,3}}", first) is not None and re.fullmatch(GIVEN, second) is not None
    )


def _roster_names(tokens: list[tuple[int, str]]) -> list[tuple[int, str, str]] | None:
    """The names written in a run of roster tokens: spaced ``姓 名`` pairs (山本 達也 杉山 良太)
    or unspaced full names (山本達也 杉山良太); None when the run cannot be read either way."""
    words = [w for _, w in tokens]
    if len(words) == 2 and _family_then_given(*words):
        (p, fam), (_, given) = tokens
        return [(p, fam + given, f"{fam} {given}")]  # 会計管理者 佐々木 健二郎: one person, not two
    if all(re.fullmatch(f"[{KANJI}]{{3,6}}", w) and _has_person_token(w) for w in words):
        return [(p, w, w) for p, w in tokens]
    if len(tokens) % 2 or not all(re.fullmatch(f"[{KANJI}]{{1,3}}", w) for w in words[0::2]):
        return None
    out = []
    for (p, fam), (_, given) in zip(tokens[0::2], tokens[1::2]):
        spaced = f"{fam} {given}"
        if not (re.fullmatch(GIVEN, given) and _spaced_name_ok(spaced) and _plausible_name(fam + given)):
            return None
        if not (_has_person_token(fam) or _has_person_token(given)):
            return None  # 委員 意見 要望: words, not a family and a given name
        out.append((p, fam + given, spaced))
    return out


def find_roster_mentions(text: str) -> list[Mention]:
    """Roster lines of minutes and attendance lists: one post then several spaced names
    (``委員 山本 達也　杉山 良太　鈴木 千尋``, ``委員 山本達也、杉山良太``), or post–name pairs on one
    line (``委員長 中川 俊介　副委員長 望月 美和``): every name takes the post written last before it."""
    out = []
    for line in re.finditer(r"[^\n]+", text):
        tokens = [(line.start() + t.start(), t.group(0)) for t in re.finditer(r"[^\s、，,]+", line.group(0))]
        tokens = [(p, t[:-1] if len(t) > 1 and t.endswith("君") else t) for p, t in tokens]  # minutes: 鈴切 康雄君
        if len(tokens) < 3 or not _roster_post(tokens[0][1]):
            continue
        groups: list[tuple[tuple[int, str], list[tuple[int, str]]]] = []
        for pos, tok in tokens:
            if _roster_post(tok):
                groups.append(((pos, tok), []))
            else:
                groups[-1][1].append((pos, tok))
        read = [(post, _roster_names(names)) for post, names in groups]
        if any(not names for _, names in read) or sum(len(names) for _, names in read) < 2:
            continue  # not a roster: a post with nothing after it, a word that is no name, one name only
        for (post_pos, post), names in read:
            for k, (pos, name, spaced) in enumerate(names):
                start = post_pos if k == 0 else pos
                out.append(Mention(name, post, "", start, pos + len(spaced), pos, True, "roster"))
    return out


# What ends a name on a contact line: an extension, a phone/fax number, a mail address.
# (?<!…): tried only where a run of spaces starts, else a long run is rescanned from each space
_CONTACT_TAIL = re.compile(
    rf"(?<![ \t\u3000]){_H_SPACE}*[（(]?(?:内線|電話番号|電話|直通|代表電話|携帯|TEL|Tel|tel|FAX|Fax|fax|E-?mail|e-?mail|Mail|mail|メール|℡|☎)(?![{KANJI}]).*$"
)


def _without_contact_tail(body: str) -> str:
    """``小島 浩二 内線2201）`` → ``小島 浩二``; ``佐々木 陽介 電話0138-…`` → ``佐々木 陽介``."""
    cut = _CONTACT_TAIL.sub("", body)
    return cut.rstrip().rstrip(")）").rstrip() if cut != body else body


CONTACT_LABEL = re.compile(
    rf"^{_H_SPACE}*[（(【]?(?:担当者?|問(?:い)?合(?:わ)?せ先?|お問(?:い)?合(?:わ)?せ先?|連絡先|照会先)[）)】]?{_H_SPACE}*[:：]?{_H_SPACE}*",
    re.M,
)


def find_contact_mentions(text: str) -> list[Mention]:
    """Contact lines of press releases and reports: ``担当：課長補佐 早川真由美、主任 西尾拓海``,
    ``（問合せ先）総務部職員課 働き方改革推進係長 小 松 由 紀`` — after the label, items of
    post + name separated by 、 (names spaced or not, no honorific)."""
    out = []
    for label in CONTACT_LABEL.finditer(text):
        line_end = text.find("\n", label.end())
        line_end = len(text) if line_end < 0 else line_end
        pos = label.end()
        for item in re.split(r"([、,，/／])", text[label.end():line_end]):
            start, pos = pos, pos + len(item)
            body = _without_contact_tail(re.sub(r"[（(][^（()）]*[)）]\s*$", "", item).rstrip())  # 早川真由美（内線2345）
            if len(body) < 3:
                continue
            got = name_before(text, start + len(body), start)
            if got is None:
                continue
            name, name_start, evidence = got
            if not (evidence and _plausible_name(name)):
                continue
            aff = affiliation_before(text, name_start, max_lines=1)
            if aff is None or not aff.title or aff.start < start or text[start:aff.start].strip():
                continue
            out.append(Mention(name, aff.title, aff.organization, aff.start, start + len(body), name_start, True, "list"))
    return out


# The label of a list of participants: 参加者氏名, 出席者：, 視察参加者 (the names on its line or the next)
_PARTICIPANTS = re.compile(
    r"^[ \t\u3000]*[0-9０-９.．()（）〇○◯●■□◆◇・]*[ \t\u3000]*(?:視察)?(?:参加者|出席者|参加議員|出席議員|参加委員|出席委員|視察者)"
    r"(?:氏名|名簿|名)?[ \t\u3000]*(?:[:：][ \t\u3000]*(?P<rest>[^\n]*))?$",
    re.M,
)
_ITEM = re.compile(r"[^、,，・\n]+")
# a member's post written after each name of the list (山田 太郎議員)
_ITEM_POST = re.compile(r"(?:議員|委員)$")


def find_participant_mentions(text: str) -> list[Mention]:
    """A labelled list of participants written with commas (``参加者氏名`` / ``金子 進、吉田 稔、大野 とし子``,
    ``出席者：山田太郎議員、鈴木花子議員``). Every item must be a name (a spaced 姓 名 or a full name), three
    at least; the post is the one written after the names (議員, 委員), else, in a council's document
    (a 議会 named in its head), 議員: the council's members are who its reports list. Prose never
    reads: a sentence's item is no name."""
    out: list[Mention] = []
    council = "議会" in text[:600]
    for label in _PARTICIPANTS.finditer(text):
        rest_at = label.start("rest") if label.group("rest") else _next_line_start(text, label.end())
        if rest_at is None:
            continue
        line_end = text.find("\n", rest_at)
        line = text[rest_at: len(text) if line_end < 0 else line_end]
        items = [(rest_at + m.start(), m.group(0)) for m in _ITEM.finditer(line) if m.group(0).strip()]
        read = [_participant(pos, item) for pos, item in items]
        if len(read) < 3 or any(r is None for r in read):
            continue
        for name, post, start, end in read:
            title = post or ("議員" if council else "")
            if title:
                out.append(Mention(name, title, "", start, end, start, True, "participants"))
    return out


_NEXT_LINE = re.compile(r"\n[ \t\u3000]*(?=\S)")


def _next_line_start(text: str, pos: int) -> int | None:
    """Where the next line holding something starts, the label's line ending at ``pos``."""
    m = _NEXT_LINE.search(text, pos)
    return m.end() if m and text[pos: m.start()].strip() == "" else None


def _participant(pos: int, item: str) -> tuple[str, str, int, int] | None:
    """(name, post written after it, start, end) of one list item, None if it is no name."""
    body = item.strip()
    start = pos + item.index(body)
    post = _ITEM_POST.search(body)
    name_text = body[: post.start()] if post else body
    spaced = re.fullmatch(rf"[{KANJI}]{{1,3}}{_H_SPACE}+{GIVEN}", name_text)
    name = "".join(name_text.split())
    if not (2 <= len(name) <= 6 and (spaced and _spaced_name_ok(name_text) or re.fullmatch(f"[{KANJI}]{{3,5}}", name))):
        return None
    if not (_plausible_name(name) and _has_person_token(name)):
        return None
    return name, post.group(0) if post else "", start, start + len(body)
