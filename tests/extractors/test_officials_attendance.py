"""officials: attendance and staff lists read cell by cell (pipeline/extractors/officials/attendance.py).

The layouts are those of published minutes and 説明員 lists (seats, letter-spaced names and
posts, post–name cells glued or spaced, name then post, 同); every name and post is invented.
"""
from __future__ import annotations

import pytest

from pipeline.extractors.officials.attendance import find_attendance_mentions
from pipeline.normalize import normalize
from tests.extractors.officials_support import found_officials


def _read(text: str) -> dict[str, tuple[str, str]]:
    norm = normalize(text).text
    return {m.name: (m.title, m.organization) for m in find_attendance_mentions(norm)}


# (list text, {name: (title, organization)})
LISTS = [
    # seats, two columns a line, names letter-spaced with a wider gap between family and given name
    ("1.出席議員(4名)\n    1番  森 本  和 久         11番  矢加部  茂 晴\n    2番  五十嵐  多喜子\n",
     {"森本和久": ("議員", ""), "矢加部茂晴": ("議員", ""), "五十嵐多喜子": ("議員", "")}),
    ("○出席議員　１番 松田由理子　２番 西村正樹\n", {"松田由理子": ("議員", ""), "西村正樹": ("議員", "")}),
    # post then name; a 兼 note after the post; the name wrapped onto the next line
    ("    市長                 中 村  征 二\n    総務部長(兼企画財政課長)      木 庭  雄 三\n"
     "    介護保険課長\n                       小 野  美 穂\n",
     {"中村征二": ("市長", ""), "木庭雄三": ("部長", "総務部"), "小野美穂": ("課長", "介護保険課")}),
    # letter-spaced posts, the rank in brackets a note
    ("出席説明員  市     長  石井由紀夫     教  育  長  小泉 克明  市 民 生活部長  兼田 幸典\n"
     "出席事務局職員  書 記 (次長)  小坂  充\n",
     {"石井由紀夫": ("市長", ""), "小泉克明": ("教育長", ""), "兼田幸典": ("部長", "市民生活部"),
      "小坂充": ("書記", "")}),
    # post and name glued, post(name), a unit labelling the line
    ("市長石丸伸一副市長米田公男\n総務課長田中太郎総務係長日野貴子\n",
     {"石丸伸一": ("市長", ""), "米田公男": ("副市長", ""), "田中太郎": ("課長", "総務課"), "日野貴子": ("係長", "総務係")}),
    ("議会事務局 局長(門脇 孝),庶務議事課長(中山善男)\n",
     {"門脇孝": ("局長", "議会事務局"), "中山善男": ("課長", "議会事務局庶務議事課")}),
    # name then post, on one line; 同 repeating the department above
    ("鈴木一郎区長　佐藤次郎助役　田中三郎企画部長\n同財政課長　高橋四郎\n",
     {"鈴木一郎": ("区長", ""), "佐藤次郎": ("助役", ""), "田中三郎": ("部長", "企画部"), "高橋四郎": ("課長", "企画部財政課")}),
    ("出席委員 谷田川泰委員長,大和田寛樹副委員長,石橋保卓委員\n",
     {"谷田川泰": ("委員長", ""), "大和田寛樹": ("副委員長", ""), "石橋保卓": ("委員", "")}),
    ("出席委員    原 口 亮 司 委員長    園 川 良 一 副委員長\n         くつき 信 也 議長\n",
     {"原口亮司": ("委員長", ""), "園川良一": ("副委員長", ""), "くつき信也": ("議長", "")}),
]


@pytest.mark.parametrize("text,expected", LISTS)
def test_attendance_lists(text, expected):
    got = _read(text)
    for name, value in expected.items():
        assert got.get(name) == value, (name, got)


# Lines that are no list: prose, two words side by side, a byline with two posts, an honorific.
NOT_LISTS = [
    "委員長 開会 宣言 委員 質疑 応答\n",
    "課長 説明 資料\n",
    "市長は、本日の会議で説明した。\n",
    "北海電算株式会社 常務執行役員 公共営業本部長 今村 剛 氏\n",
    "1.出席議員(19名)\n2.欠席議員(なし)\n",
]


@pytest.mark.parametrize("text", NOT_LISTS)
def test_not_a_list(text):
    assert _read(text) == {}


def test_list_rows_in_the_whole_extractor_quote_the_source(make_context):
    text = "平成23年 臨時会\n\n4.地方自治法第121条により出席した者\n    税務課長               木 本  吉 彦\n"
    assert found_officials(make_context, text)["木本吉彦"] == ("課長", "税務課")
