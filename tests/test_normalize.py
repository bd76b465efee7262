"""Tests for pipeline/normalize.py: tables of (original, normalized), texts that must not
change, offset-map invariants (hypothesis) and a speed check."""
from __future__ import annotations

import html
import re
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.normalize import normalize


def norm(text: str) -> str:
    return normalize(text).text


# --------------------------------------------------------------------------- NFKC
@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("２０２４年４月１日", "2024年4月1日"),
        ("ＡＢＣ ｘｙｚ", "ABC xyz"),
        ("ﾃﾞｼﾞﾀﾙｶﾞﾊﾞﾒﾝﾄ", "デジタルガバメント"),  # half-width kana, voiced marks compose
        ("（仮称）", "(仮称)"),
        ("㈱日立製作所", "(株)日立製作所"),  # one character becomes three
        ("約１，２００万円", "約1,200万円"),
        ("９８．５％", "98.5%"),
        ("か\u3099き\u3099", "がぎ"),  # combining voiced marks compose
        ("①３年間で②", "①3年間で②"),  # circled numbers are list markers: kept
        ("ﬁle", "file"),
    ],
)
def test_nfkc(original, expected):
    assert norm(original) == expected


# --------------------------------------------------------------------------- variants
@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("4月1日〜3日", "4月1日~3日"),
        ("10時～12時", "10時~12時"),
        ("5∼10人", "5~10人"),
        ("AI‐OCR", "AI-OCR"),
        ("03−1234−5678", "03-1234-5678"),
        ("2020–2024", "2020-2024"),
        ("B—C", "B-C"),
        ("1ー2", "1-2"),  # a long vowel mark between digits is a dash
        ("コンピューター", "コンピューター"),  # but never inside katakana
        ("サーバー―クラウド", "サーバー―クラウド"),  # not between ASCII: untouched
        ("“引用”と‘語’", "\"引用\"と'語'"),
        ("〝強調〟", '"強調"'),
        ("大阪市\u3000総務局", "大阪市 総務局"),
        ("課長\xa0山田", "課長 山田"),
        ("項目\t内容", "項目 内容"),
    ],
)
def test_variants(original, expected):
    assert norm(original) == expected


# --------------------------------------------------------------------------- HTML
@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("研究&amp;開発", "研究&開発"),
        ("a&nbsp;b", "a b"),
        ("1 &lt; 2", "1 < 2"),
        ("&#12354;&#x3044;", "あい"),
        ("第1行<br>第2行", "第1行\n第2行"),
        ("第1行<br />第2行", "第1行\n第2行"),
        ("<p>本文です。</p><p>次です。</p>", "本文です。\n\n次です。"),
        ("<span class=\"x\">強調</span>した", "強調した"),
        ("前<!-- 注釈 -->後", "前後"),
        ("&unknown; と <Teams>", "&unknown; と <Teams>"),  # not HTML: kept
        ("&amp;lt;", "&lt;"),  # decoded once
    ],
)
def test_html_leftovers(original, expected):
    assert norm(original) == expected


# --------------------------------------------------------------------------- letter spacing
@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("お は よ う ご ざ い ま す", "おはようございます"),
        ("尾 崎 太", "尾崎太"),
        ("保 坂 展 人", "保坂展人"),
        ("令 和 ４ 年 ７ 月", "令和4年7月"),
        ("３ ６ ６ 人", "366人"),
        ("M i c r o s o f t 3 6 5", "Microsoft 365"),
        ("i P a d", "iPad"),
        ("W i n d o w s 1 1", "Windows 11"),
        ("S u r f a c e P r o 9", "Surface Pro 9"),
        ("M i c r o s o f t T e a m s", "Microsoft Teams"),  # case change starts a word
        ("O n e D r i v e", "OneDrive"),  # unless the word is written that way
        ("O f f i c e 3 6 5 E 3", "Office 365 E3"),
        ("５ G の 活 用", "5Gの活用"),
        ("第 １ 回 、 会 議 を 開 く", "第1回、会議を開く"),
        ("令 和 4 年度の予算", "令和4年度の予算"),  # a run then ordinary text
        ("委員長 佐 々 木 一 郎", "委員長 佐々木一郎"),  # title, then a spaced name
        ("担当課長 山 本", "担当課長 山 本"),  # two kanji alone: could be a byline
        ("委員長 木 下 一 郎 副委員長 森 茂", "委員長 木下一郎 副委員長 森茂"),
        ("整備した i P h o n e を配布", "整備した iPhoneを配布"),
        ("当市では B Y O D を認めた", "当市では BYODを認めた"),  # the space before: the writer's
        ("私物のU S Bの利用", "私物のUSBの利用"),  # single letters glued to other scripts
        ("行政のD Xを進める", "行政のDXを進める"),
        ("「Z o o m」を使う", "「Zoom」を使う"),
        ("I C T 推進課長", "ICT推進課長"),
        ("運 用 費 1 2 0 0 万 円", "運用費1200万円"),
        ("1 視 察 日 程", "1 視察日程"),  # an item number, not part of the word
        ("7 月 2 1 日", "7月21日"),
        # full-width digits spaced out together with their commas and unit
        ("事 業 費 は ４ ７ ２ ， ８ １ ０ 千 円 で あ る 。", "事業費は472,810千円である。"),
        ("総 額 １ ， ０ ５ ０ ， ０ ０ ０ 千 円", "総額1,050,000千円"),
    ],
)
def test_letter_spacing_joined(original, expected):
    assert norm(original) == expected


def test_labels_of_question_and_answer_lines_stay_apart():
    text = "Q B Y O Dの費用は。\nA 職員が負担する。\nQ 研修は。\nA 行っていない。"
    assert norm(text).splitlines()[0] == "Q BYODの費用は。"


def test_ditto_label_in_member_list_stays_apart():
    text = "委員長 山 田 一 郎\n同 中 村 光 男\n同 仁 科 昌 平"
    assert norm(text) == "委員長 山田一郎\n同 中村光男\n同 仁科昌平"


# --------------------------------------------------------------------------- must not change
@pytest.mark.parametrize(
    "text",
    [
        "Microsoft 365 E5",
        "Windows 10",
        "Surface Pro 6",
        "大阪市 ICT戦略室 担当係長 山本早紀氏",
        "総務部 情報政策課 主幹 森田 嘉彦 氏",
        "We use a cloud service for all staff.",
        "I am a member of the IT team.",
        "A 4",  # two characters alone: not enough to call it letter spacing
        "1 2",
        "x = y + 1",
        "Google Workspace と Microsoft 365 を比較",
        "令和 5 年度",
        "サーバー、コンピューター、データベース",
        "第2回定例会",
        "今後の展開\n\n新しい働き方",
        "配布端末:iPad\niPhone",  # a word of its own (lower case, then a capital) starts the line
        "画像認識にAI\nmodelを使う",  # capitals end the line: an acronym, not half a word
        "We moved to the cloud and\nthe staff followed.",  # English prose: a space before the word
    ],
)
def test_must_not_change(text):
    assert norm(text) == text


# --------------------------------------------------------------------------- line breaks
@pytest.mark.parametrize(
    ("original", "expected"),
    [
        # a sentence broken after a comma or inside a paragraph line
        ("本市は、令和5年度から\n窓口のデジタル化を進めている。", None),
        ("電子申請を導入した。その結果、窓口の待ち時間が\n大幅に短縮された。",
         "電子申請を導入した。その結果、窓口の待ち時間が大幅に短縮された。"),
        ("住民サービスの向上に向け、\nクラウドを活用する町", "住民サービスの向上に向け、クラウドを活用する町"),
        # closing marks and small kana never start a line
        ("会議を開催した\n。", "会議を開催した。"),
        ("コンピュ\nーター", "コンピューター"),
        ("「新しい働き方\n」について", "「新しい働き方」について"),
        # を, という, に基づき ... never start a sentence
        ("庁内では T e a m s\nを使っている。", "庁内では Teamsを使っている。"),
        ("「推進計画」\nに基づき整備した。", "「推進計画」に基づき整備した。"),
        ("「書かない窓口」\nという取組", "「書かない窓口」という取組"),
        # a Latin word glued to Japanese text, broken at the line end and going on in lower case
        ("会議にはZo\nomを使い、資料はOne\nDriveで共有する。", "会議にはZoomを使い、資料はOne\nDriveで共有する。"),
        ("庁内の文書はすべてSlac\nkで回覧している。", "庁内の文書はすべてSlackで回覧している。"),
        ("全庁でMicro\nsoft 365を使う。", "全庁でMicrosoft 365を使う。"),
        # numbers broken across a line
        ("職員数は1,2\n00人である。", "職員数は1,200人である。"),
        ("職員数は1,\n200人である。", "職員数は1,200人である。"),
        ("研修を行った。受講者は前年の約3倍の\n2,4\n15人となった。", "研修を行った。受講者は前年の約3倍の2,415人となった。"),
        # a figure and its counter on separate lines (slides)
        ("職員数\n 3,456\n 人", "職員数\n3,456人"),
        ("満足度\n 87.5\n ％", "満足度\n87.5%"),
        # a short heading broken after a particle
        ("窓口改革と働き方改革の\n両立を目指す町", "窓口改革と働き方改革の両立を目指す町"),
        # an indented paragraph line ending in a particle
        ("\u3000申請の受付にはフォーム作成サービスを使い、問い合わせには\nチャットを使う。",
         "申請の受付にはフォーム作成サービスを使い、問い合わせにはチャットを使う。"),
        # a word broken by a page break (blank line) inside a long paragraph line
        ("職員は庁内のどこからでも同じ環境で働けるようになり、新しいワ\n\nークスタイルが定着したと担当者は話している。",
         "職員は庁内のどこからでも同じ環境で働けるようになり、新しいワークスタイルが定着したと担当者は話している。"),
        # a date broken between its year and its month, or an era year and 年/年度
        ("東山町では、平成31年\n4月に窓口を統合しました。", None),
        ("新しい制度は2023年\n7月15日から始まる。", None),
        ("本事業は令和元\n年度に開始した。", None),
        ("同課は、令和３年\n１１月から試行している。", "同課は、令和3年11月から試行している。"),
        # ... or between a number and its 日 / 月 (letter-spaced PDF text broken at the page line end)
        ("本 年 １ ０ 月 ２ ０\n日 に 竣 工 し ま し た 。", "本年10月20日に竣工しました。"),
        ("令 和 ６ 年 １ ２\n月 か ら 運 用 を 始 め ま す 。", "令和6年12月から運用を始めます。"),
        ("式典は同年9月1\n日に行われた。", "式典は同年9月1日に行われた。"),
        ("本市では、令和4年10月\n3日から窓口を開く。", None),  # between a sentence's month and its day
        ("竣 工 は 本 年 １ ０\n\n月 ５ 日 で し た 。", "竣工は本年10月5日でした。"),  # across a page break
    ],
)
def test_broken_lines_rejoined(original, expected):
    if expected is None:
        expected = original.replace("\n", "")
    assert norm(original) == expected


@pytest.mark.parametrize(
    "text",
    [
        # headings, titles and paragraphs
        "市民サービスの向上へ\n本市では、今年度から窓口の手続をオンライン化した。職員の負担も減っている。",
        "今後の課題\n\n本市では職員の確保が課題である。",
        # list items
        "主な取組\n・電子申請の拡大\n・窓口のキャッシュレス化",
        "主な取組は次のとおり\n(1) 電子申請の拡大\n(2) 窓口のキャッシュレス化",
        "次の事業を行う\n1. 電子申請の拡大\n2. 窓口の改善",
        "項目\n① 電子申請\n② 窓口改善",
        "取組として\nア 電子申請の拡大\nイ 窓口の改善",
        # speaker headers in minutes
        "ただいまから会議を開きます\n○議長(田中一郎君) 日程第1を議題とします。",
        "○議長(田中一郎君)\n◆3番(佐藤花子議員) 質問します。",
        # bylines and signatures
        "北海道 総務部 情報政策課\n主幹\n山田 太郎 氏",
        "株式会社サンプル\n代表取締役社長\n鈴木 一郎",
        "令和5年8月1日\n総務常任委員会委員長 小林 誠",
        # table rows
        "款 予算額 決算額\n議会費 402,115 389,760\n総務費 7,514,260 7,102,488",
        "人口\n12,345\n面積\n67.8",
        # a date line after a title ending in a particle
        "研修の実施について\n令和6年3月4日",
        # agenda items and finished predicates without markers
        "新庁舎の建設について\nその他",
        "窓口の手続を見直します\n電子申請の拡大",
        # a Q/A record
        "問 導入の費用は\n答 約300万円である。",
        # a year alone as a heading over its months, and a table of months
        "令和5年\n4月 説明会\n5月 導入",
        "年次 2022年 2023年\n4月 5月",
        # a number ending a line with no month before it, then 日程: not a broken date
        "議席番号 12\n日程第1 会議録署名議員の指名",
        "令和5年度 12\n月別の内訳は次のとおり",  # a cell after a space, not a month cut from its 月
        "令和4年10月\n3日 開会\n7日 一般質問",  # a month heading over its days
        "第3章 12\n\n月次の報告",  # a number after a space, then a page break: no date cut
    ],
)
def test_layout_breaks_kept(text):
    assert norm(text) == text


def test_wrapped_pdf_paragraph_rejoined():
    sentence = (
        "本市では、令和4年度に策定した推進計画に基づき、行政手続のオンライン化を進めて"
        "おります。令和6年度は新たに90の手続をオンライン化し、合計で250手続とする"
        "ことを目指します。あわせて職員の働き方改革として会議資料のペーパーレス化を進め"
        "ます。全職員にアカウントを付与し、オンライン会議を標準といたします。"
    )
    lines = [sentence[i : i + 30] for i in range(0, len(sentence), 30)]
    wrapped = "\n".join(lines)
    # a wrapped line that happens to end a sentence keeps its break: it could end a paragraph
    rejoined = "".join(line + ("\n" if line.endswith("。") else "") for line in lines).rstrip("\n")
    assert rejoined.count("\n") < len(lines) / 2
    doc = f"1 デジタル化の推進\n{wrapped}\n2 子育て支援\n{wrapped}"
    assert norm(doc) == f"1 デジタル化の推進\n{rejoined}\n2 子育て支援\n{rejoined}"


# --------------------------------------------------------------------------- spaces
@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("大阪市    総務局", "大阪市 総務局"),
        ("末尾の空白   \n次の行", "末尾の空白\n次の行"),
        ("\u3000字下げの段落です。", "字下げの段落です。"),
        ("段落1。\n\n\n\n段落2。", "段落1。\n\n段落2。"),
        ("\n\n冒頭と末尾の空行\n\n", "冒頭と末尾の空行"),
        ("改行\r\nと\rページ\x0c区切り", "改行\nと\nページ\n区切り"),
        ("ゼロ幅\u200b空白\ufeff", "ゼロ幅空白"),
    ],
)
def test_spaces_and_line_ends(original, expected):
    assert norm(original) == expected


# --------------------------------------------------------------------------- offsets
@pytest.mark.parametrize(
    ("original", "word", "damaged"),
    [
        ("本日は お は よ う ご ざ い ま す。", "おはよう", "お は よ う"),
        ("導入した M i c r o s o f t 3 6 5 を", "Microsoft 365", "M i c r o s o f t 3 6 5"),
        ("全職員約３，８００人", "3,800人", "３，８００人"),
        ("合計1,2\n00人", "1,200人", "1,2\n00人"),
        ("㈱サンプル", "(株)", "㈱"),
        ("ﾃﾞｼﾞﾀﾙ化", "デジタル", "ﾃﾞｼﾞﾀﾙ"),
        ("研究&amp;開発", "研究&開発", "研究&amp;開発"),
        ("7月1日〜3日", "1日~3日", "1日〜3日"),
    ],
)
def test_found_word_maps_to_damaged_original(original, word, damaged):
    n = normalize(original)
    start = n.text.index(word)
    assert n.original_text(start, start + len(word)) == damaged


def test_empty_span_and_empty_text():
    n = normalize("")
    assert n.text == "" and n.to_original(0, 0) == (0, 0)
    n = normalize("あいう")
    assert n.to_original(1, 1) == (1, 1)
    assert n.to_original(3, 3) == (3, 3)


# --------------------------------------------------------------------------- properties
JAPANESE_PIECES = list(
    "あいうえおがぎカキクケコーッャ漢字尾崎太令和年月日人氏、。「」()（）・○"
    "１２３４５０ＡＢｃｄabcXYZ0123 \n\u3000\t～〜－―−ｶﾞﾟ①㈱&;:"
) + ["&amp;", "<br>", "&#12354;", "</span>", "\r\n", "か\u3099", "\n\n", "1,2", "00人",
     "本市では職員の働き方改革を進めており新しいワ", "ークスタイル", "クラウドサービスを導入", "Q ", "A ", "同 "]
JAPANESE_TEXT = st.lists(st.sampled_from(JAPANESE_PIECES), max_size=60).map("".join)
FAST = settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))


def assert_map_invariants(original: str) -> None:
    n = normalize(original)
    assert len(n.starts) == len(n.ends) == len(n.text)
    previous = 0
    for i in range(len(n.text)):
        assert 0 <= n.starts[i] < n.ends[i] <= len(original)
        assert n.starts[i] >= previous
        previous = n.starts[i]


@FAST
@given(JAPANESE_TEXT)
def test_map_invariants_japanese(original):
    assert_map_invariants(original)


@FAST
@given(st.text(max_size=80))
def test_map_invariants_any_text(original):
    assert_map_invariants(original)  # also: normalize never raises


@FAST
@given(JAPANESE_TEXT)
def test_every_character_comes_from_its_source(original):
    """Apart from the canonical space, line break, dash, tilde and quotes, each normalized
    character is in the NFKC form of the original stretch it maps to."""
    n = normalize(original)
    for i, ch in enumerate(n.text):
        if ch in " \n-~\"'":
            continue
        source = original[n.starts[i] : n.ends[i]]
        source = re.sub(r"<[^<>]*>", "", html.unescape(source))  # ワ</span>ﾞ composes to ヷ
        assert ch in source or ch in unicodedata.normalize("NFKC", source), (ch, source)


NFKC_ONLY_PIECES = list("あいうがカキッ漢字年月日人、。「」（）１２３ＡＢｃabc0123ｶﾞﾟ㈱㍻～“”ﬁ①") + ["か\u3099"]


def nfkc_keeping_circled_numbers(text: str) -> str:
    return "①".join(unicodedata.normalize("NFKC", piece) for piece in text.split("①"))


@FAST
@given(st.lists(st.sampled_from(NFKC_ONLY_PIECES), max_size=40).map("".join), st.data())
def test_clean_spans_normalize_alone_to_the_same_text(original, data):
    """Without spaces or line breaks only NFKC and variants act; a span whose ends do not
    cut a group of characters produced together normalizes alone to the same text."""
    n = normalize(original)
    assert n.text == nfkc_keeping_circled_numbers(original).translate(str.maketrans("“”", '""'))
    if not n.text:
        return
    s = data.draw(st.integers(0, len(n.text) - 1))
    e = data.draw(st.integers(s + 1, len(n.text)))
    clean_start = s == 0 or n.starts[s] >= n.ends[s - 1]
    clean_end = e == len(n.text) or n.starts[e] >= n.ends[e - 1]
    if clean_start and clean_end:
        assert norm(n.original_text(s, e)) == n.text[s:e]


@FAST
@given(JAPANESE_TEXT.filter(lambda t: "  " not in t and "\u3000" not in t and "\t" not in t))
def test_idempotent_without_space_runs(original):
    """normalize(normalize(x)) == normalize(x) holds unless x has runs of spaces: a run
    of two spaces separates words, but once collapsed it reads as letter spacing."""
    once = norm(original)
    assert norm(once) == once


# --------------------------------------------------------------------------- letter-spaced reports (issue 9, class 1)

LETTER_SPACED_REPORT = (
    "令 和 ６ 年 第 ４ 回 定 例 会\n\n市 長 行 政 報 告\n\n"
    "　本 年 １ １ 月 ３ ０ 日 に 開 催 さ れ た 会 議 で は 、 ４ 月 １ ８ 日 に 決 定 し た 事 業 に つ い て 報 告 が あ り ま し た 。\n"
    "同 月 ２ ５ 日 に は 、 総 額 ２ 億 ３ ， ５ １ ８ 万 ６ 千\n\n円 の 補 正 予 算 を 専 決 処 分 い た し ま し た 。\n"
)


def test_a_letter_spaced_report_reads_as_text():
    text = normalize(LETTER_SPACED_REPORT).text
    assert "令和6年第4回定例会" in text
    assert "本年11月30日に開催された会議では、4月18日に決定した事業" in text
    assert "同月25日には、総額2億3,518万6千円の補正予算" in text  # the unit a page break moved is back


def test_letter_spaced_dates_and_amounts_are_found():
    from pipeline.extractors.dates import find_dates
    from pipeline.extractors.figures import find_figures

    text = normalize(LETTER_SPACED_REPORT).text
    assert [m.value for m in find_dates(text)] == ["2024", "2024-11-30", "2024-04-18", "2024-04-25"]
    assert [(f.value, f.unit) for f in find_figures(text)] == [(235_186_000, "円")]


@pytest.mark.parametrize("text", [
    "合計 1,200\n\n円滑な運営",  # a number ending a line, then a word beginning with 円: no scale, no join
    "第3章 予算の概要\n\n円安の影響",
])
def test_a_blank_line_is_kept_unless_an_amount_lost_its_unit(text):
    assert "\n\n" in normalize(text).text


@pytest.mark.parametrize("text, joined", [
    # an amount cut between its scales by a line or a page break
    ("　予 算 総 額 を ４ ５ ６ 億\n\n７ ， ８ ９ ０ 万 １ 千 円 と し ま す 。", "予算総額を456億7,890万1千円とします。"),
    ("歳出総額は1兆\n2,345億円である", "歳出総額は1兆2,345億円である"),
    ("基金残高は12億\n3,400万円となった", "基金残高は12億3,400万円となった"),
])
def test_an_amount_cut_between_its_scales_is_joined(text, joined):
    assert normalize(text).text == joined


@pytest.mark.parametrize("text", [
    "歳入は302億\n\n1 総務費",  # an item number after the break
    "款 1億\n2,000千円",  # a cell in thousands is another column
])
def test_a_number_after_an_amount_in_another_layout_stays(text):
    assert "\n" in normalize(text).text


@pytest.mark.parametrize("text", ["Q う ﾞ", "Q う ﾞ え", "あ ﾞ い"])
def test_a_lone_voiced_mark_after_a_space_is_not_letter_spacing(text):
    """Joined to the character before it, a half-width ﾞ would compose only on a second
    pass: normalize must be idempotent."""
    once = normalize(text).text
    assert normalize(once).text == once


@pytest.mark.parametrize("text, joined", [
    # the last letter of a spaced name run together with the next heading's item number
    ("5番 山 田 花 子1 欠席議員 なし", "5番 山田花子1 欠席議員 なし"),
    ("7番 佐 藤 次 郎3 出席説明員", "7番 佐藤次郎3 出席説明員"),
])
def test_a_spaced_name_whose_last_letter_carries_a_number(text, joined):
    assert normalize(text).text == joined


@pytest.mark.parametrize("text", [
    "議案 第3 号",  # 第3 is no single letter of a spaced word: too short a run to call damage
    "A 案 B3",
])
def test_a_glued_number_alone_does_not_make_a_run(text):
    assert normalize(text).text == text


@pytest.mark.parametrize("text", ["。カ\r\nﾞ", "カ\nﾞ と"])
def test_a_lone_voiced_mark_at_a_line_start_keeps_its_break(text):
    """Joined to the line before, the mark would compose only on a second pass."""
    once = normalize(text).text
    assert normalize(once).text == once


# --------------------------------------------------------------------------- letter-spaced lines with word gaps
# pdftotext/pypdf write a space after every character; a gap the writer made (a space, U+3000,
# a column gap) becomes a wider run of spaces. The repair must give the text the writer wrote.


def letter_spaced(text: str) -> str:
    """A space after every character of every line (what scripts/damage.py --mode all does)."""
    return "\n".join(" ".join(line) if line.strip() else line for line in text.split("\n"))


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("総 務 課 長 　 木 村 　 一 郎", "総務課長 木村 一郎"),
        ("３ 番 　 佐 藤 　 花 子 　 　 ４ 番 　 井 上 　 健", "3番 佐藤 花子 4番 井上 健"),  # two columns on one line
        ("予 算 額 　 　 ５ ６ ， ７ ８ ９ 千 円", "予算額 56,789千円"),
        ("前 年 度 比   ３ ． ４ ％", "前年度比 3.4%"),
        ("G o o g l e   W o r k s p a c e の 利 用", "Google Workspaceの利用"),
        ("１ 番 　 山 　 口 　 美 　 香", "1番 山口美香"),  # a name the writer spaced out, spaced again
        # ... with no single gap left: read so among letter-spaced lines
        ("出 席 者\n会 　 長 　 大 　 西 　 正 　 人", "出席者\n会長大西正人"),
        ("課 長 　 森 　 健", "課長 森 健"),  # a byline stays a byline
    ],
)
def test_letter_spaced_line_with_word_gaps(original, expected):
    assert norm(original) == expected


@pytest.mark.parametrize(
    "clean",
    [
        "総務部長　木村一郎",
        "１番　佐藤花子　　２番　井上健",
        "一般会計　　　　１２３，４５６千円　　前年比　　５．２％",
        "令和６年５月７日（火曜日）　午前１０時開議",
        "４　会期の決定　５　１月定例会会議録の承認",  # item numbers stay apart from the month
        "Microsoft 365 E3 を導入した。",
        "出席委員（８名）\n委員長　大西正人\n副委員長　森　健",
        "市長　中　村　一　夫\n副市長　林　　　茂",  # names the writer spaced out
        "     20          4,560,000",  # a table row of numbers only
    ],
)
def test_letter_spacing_a_clean_text_changes_nothing(clean):
    assert norm(letter_spaced(clean)) == norm(clean)


def test_column_gaps_of_a_letter_spaced_row_keep_it_a_table_row():
    clean = "区分　　　金額\n市税　　　１２３\n交付税　　４５６"
    assert norm(letter_spaced(clean)) == norm(clean) == "区分 金額\n市税 123\n交付税 456"


def test_short_lines_of_a_letter_spaced_document_are_joined():
    text = "会 議 録\n\n議 事\n\n２ ０ ２ ４ / ０ ５ / ０ ７\n\n( 1 )\n\n本 日 の 会 議 を 開 き ま す 。"
    assert norm(text) == "会議録\n\n議事\n\n2024/05/07\n\n(1)\n\n本日の会議を開きます。"


@pytest.mark.parametrize("text", ["議 事", "担当 山 本\n\n本日の会議を開きます。", "1 2\n3 4"])
def test_two_characters_outside_letter_spaced_text_stay(text):
    assert norm(text) == text


def test_a_word_of_a_gapped_line_maps_to_its_spaced_original():
    n = normalize("総 務 課 長 　 木 村 　 一 郎")
    start = n.text.index("木村")
    assert n.original_text(start, start + 2) == "木 村"
    assert n.original_text(0, len(n.text)) == "総 務 課 長 　 木 村 　 一 郎"


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        # a spaced name glued to the mark before it and the honorific or title after it
        ("○中 島 由 紀 子委員 質問します。", "○中島由紀子委員 質問します。"),
        ("三番大 野 ま り え君", "三番大野まりえ君"),
        ("(松 永 健 二 郎君登壇)", "(松永健二郎君登壇)"),
        ("出席者:石 井 和 夫(副会長)", "出席者:石井和夫(副会長)"),
        (",森 下 正 之副委員長", ",森下正之副委員長"),
        # only the name is letter-spaced, its surname/given-name gap wider
        ("七番松   英 樹君", "七番松 英樹君"),
        ("5番 川 井   智 恵 美 6番 森本一", "5番 川井 智恵美 6番 森本一"),
        # a roster or item number after a name starts the next entry
        ("1番 大 西 　 聡 2番 今 井 　 隆", "1番 大西 聡 2番 今井 隆"),
        ("1 . 開 　 会 　 2 . 議 　 事", "1.開 会 2.議 事"),
        # spaced numbers join on their own
        ("歳 入 合 計\n3 2 1 , 0 0 0", "歳入合計\n321,000"),
        ("9 8 . 7", "98.7"),
    ],
)
def test_spaced_names_and_numbers_in_ordinary_lines(original, expected):
    assert norm(original) == expected


@pytest.mark.parametrize(
    "text",
    [
        "副市長 佐藤 一郎",  # a title that is a whole token is no name's last letter
        "委員長 木村 副委員長 林",
        "1 , 2",  # one digit on each side: not a spaced number
        "x = y + 1",
    ],
)
def test_titles_and_short_numbers_stay(text):
    assert norm(text) == text


def test_an_ordinary_line_among_letter_spaced_lines_keeps_its_numbers_apart():
    text = "議 事 日 程\n3 会期の決定 4 2月定例会の承認\n出 席 委 員"
    assert norm(text) == "議事日程\n3 会期の決定 4 2月定例会の承認\n出席委員"


@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("出席:森 田会長、井 上副会長", "出席:森田会長、井上副会長"),  # two letters, title glued after
        ("委員長、西 村 和 夫、北 野 誠、", "委員長、西村和夫、北野誠、"),  # a list of names
    ],
)
def test_spaced_names_in_a_list_of_names(original, expected):
    assert norm(original) == expected


def test_a_line_with_written_words_is_not_read_as_spaced_after_every_character():
    # 課長 and 係長 are written whole: the single spaces around them are the writer's
    assert norm("課長 北 野 　 実 係長 南 　 花 子") == "課長 北野 実 係長 南 花子"


def test_a_word_left_unspaced_at_a_word_gap_does_not_stop_the_repair():
    assert norm("総 務 課 長  西 田 和 夫      地 域 振興  東 野 三千夫") == "総務課長 西田和夫 地域振興 東野三千夫"


# --------------------------------------------------------------------------- spread posts
# a two-letter post spread to the width of the column's longer posts (書     記 under 事 務 局 長)
# is one word; a one-letter given name beside it stays apart (新 井   耐 is 新井 耐)
@pytest.mark.parametrize(
    ("original", "expected"),
    [
        ("事 務 局 長  大 島   渉     書     記  片 桐 直 人", "事務局長 大島 渉 書記 片桐直人"),
        ("書     記  林 田 和 夫  書     記  高 松 由 美", "書記 林田和夫 書記 高松由美"),
        ("出席事務局職員  事 務 局 長  大 島   渉     書     記  片 桐 直 人  書     記  林 田 和 夫",
         "出席事務局職員 事務局長 大島 渉 書記 片桐直人 書記 林田和夫"),
    ],
)
def test_spread_two_letter_post(original, expected):
    assert norm(original) == expected
