"""Analyze: sentence splitting, chunking for Sudachi's input limit, tokens, GiNZA entities."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.analyze import (FULL, MAX_CHUNK_CHARS, NER, NONE, SentenceCache, SentenceStore, analyze, model_units,
                              models_for, split_sentences)


@pytest.mark.parametrize("text,expected", [
    ("大阪市は導入した。京都府も続いた。", ["大阪市は導入した。", "京都府も続いた。"]),
    ("「便利です。」と話した。次に", ["「便利です。」", "と話した。", "次に"]),
    ("見出し\n本文です！本当？", ["見出し", "本文です！", "本当？"]),
    ("  \n\n  ", []),
])
def test_split_sentences(text, expected):
    assert [text[s:e] for s, e in split_sentences(text)] == expected


@given(st.text(alphabet="あいう。！\n 漢字", max_size=200))
def test_sentences_are_ordered_nonempty_and_trimmed(text):
    spans = split_sentences(text)
    for (s, e), (s2, _) in zip(spans, spans[1:]):
        assert e <= s2
    for s, e in spans:
        assert e > s and not text[s].isspace() and not text[e - 1].isspace()


def test_model_units_respect_the_limit_and_cover_every_sentence_exactly():
    sentences = [(i * 100, i * 100 + 90) for i in range(500)] + [(50000, 50000 + 3 * MAX_CHUNK_CHARS + 7)]
    units = model_units("", sentences)
    assert all(0 < e - s <= MAX_CHUNK_CHARS for s, e in units)
    assert sum(e - s for s, e in units) == sum(e - s for s, e in sentences)
    assert len(units) == 500 + 4


def test_tokens_align_with_the_text_without_models():
    text = "令和4年7月21日、山本早紀氏がTeamsを説明した。\n約1,500人が参加。"
    a = analyze(text, with_parse=False)
    assert a.tokens and all(text[t.start:t.end] == t.surface for t in a.tokens)
    assert {t.sent for t in a.tokens} == {0, 1}
    assert any(t.reading for t in a.tokens) and all(t.pos for t in a.tokens)


@pytest.mark.slow
def test_long_document_over_sudachi_limit_is_parsed_in_chunks(ginza):
    sentence = "熊本市の大西一史市長は職員3,500人の働き方改革を進めると発表した。"  # a figure: GiNZA reads it
    text = sentence * 1000  # 35,000 characters, 105 KB of UTF-8
    a = analyze(text)
    assert len(a.docs) > 1
    persons = [e for e in a.entities if e.label == "Person"]
    assert len(persons) > 800
    assert all(text[e.start:e.end] == "大西一史" for e in persons[:50])


@pytest.mark.slow
@pytest.mark.parametrize("texts, parsed, cached", [
    (["大阪市は導入した。", "京都府も続いた。"], 2, 0),
    (["大阪市は導入した。", "大阪市は導入した。", "京都府も続いた。"], 2, 1),
])
def test_sentence_cache_parses_each_distinct_sentence_once(ginza, texts, parsed, cached):
    cache = SentenceCache(size=10)
    docs = cache.parse(texts)
    assert [d.text for d in docs] == texts
    assert (cache.stats["parsed"], cache.stats["cached"]) == (parsed, cached)
    again = cache.parse(texts[:1])
    assert again[0] is docs[0] and cache.stats["cached"] == cached + 1


@pytest.mark.slow
def test_sentence_cache_forgets_the_least_recently_used(ginza):
    cache = SentenceCache(size=2)
    cache.parse(["一つ目。", "二つ目。", "三つ目。"])
    assert list(cache.docs) == ["二つ目。", "三つ目。"]


@pytest.mark.slow
def test_sentence_store_keeps_the_analysis_between_processes(ginza, tmp_path):
    texts = ["大阪市 ICT戦略室 担当係長 山本早紀氏は、Microsoft Teamsを導入した。", "京都府も続いた。"]
    first = SentenceCache(store=SentenceStore(tmp_path / "cache.sqlite"))
    parsed = first.parse(texts)
    second = SentenceCache(store=SentenceStore(tmp_path / "cache.sqlite"))  # a later run
    stored = second.parse(texts)
    assert (second.stats["stored"], second.stats["parsed"]) == (2, 0)
    for a, b in zip(parsed, stored):
        assert [(t.text, t.tag_, t.pos_, t.dep_, t.head.i) for t in a] == [(t.text, t.tag_, t.pos_, t.dep_, t.head.i) for t in b]
        assert [(e.start_char, e.end_char, e.label_) for e in a.ents] == [(e.start_char, e.end_char, e.label_) for e in b.ents]


def test_a_giant_sentence_is_tokenized_in_pieces():
    """MeCab crashes the process (SIGSEGV) on a sentence of 1 MB: it reads pieces of at
    most MAX_CHUNK_CHARS, and every character is still covered."""
    from pipeline.analyze import MAX_CHUNK_CHARS, tokenize

    n = 2 * MAX_CHUNK_CHARS + 5
    tokens = tokenize("漢" * n, [(0, n)])
    assert sum(t.end - t.start for t in tokens) == n
    assert all(t.sent == 0 for t in tokens)


@pytest.mark.parametrize("text, expected", [
    ("職員3,500人が利用している。市は導入した。", [FULL, NER]),
    ("大阪市は導入した。\n今後5年間で47億円をかけて整備する。", [NER, FULL]),
    ("令和2年度に京都府はkintoneを導入した。", [NER]),  # a date is no figure
    ("見出し\n本文です。", [NER, NER]),
])
@pytest.mark.parametrize("ner, rest", [("ginza", NER), ("ours", NONE)])
def test_models_for_gives_the_parse_where_a_figure_is(text, expected, ner, rest, monkeypatch):
    monkeypatch.setenv("JREPORTS_NER", ner)
    expected = [rest if m == NER else m for m in expected]
    assert models_for(text, model_units(text, split_sentences(text))) == expected


def test_a_sentence_needing_no_model_is_not_analyzed(tmp_path):
    cache = SentenceCache(store=SentenceStore(tmp_path / "cache.sqlite"))
    assert cache.parse(["市は導入した。"], [NONE]) == [None]
    assert cache.stats["skipped"] == 1 and cache.stats["parsed"] == cache.stats["ner"] == 0


@pytest.mark.slow
def test_a_sentence_analyzed_for_ner_is_analyzed_again_when_the_parse_is_needed(ginza, tmp_path):
    text = "大阪市は職員3,500人にiPadを配った。"
    cache = SentenceCache(store=SentenceStore(tmp_path / "cache.sqlite"))
    light = cache.parse([text], [NER])[0]
    assert (cache.stats["ner"], cache.stats["parsed"]) == (1, 0)
    assert cache.parse([text], [NER])[0] is light and cache.stats["cached"] == 1
    full = cache.parse([text], [FULL])[0]
    assert cache.stats["parsed"] == 1 and full is not light
    assert [(e.start_char, e.end_char, e.label_) for e in light.ents] == [(e.start_char, e.end_char, e.label_) for e in full.ents]
    assert [t.dep_ for t in light] == [t.dep_ for t in full]  # the parser ran on both
    later = SentenceCache(store=SentenceStore(tmp_path / "cache.sqlite"))
    assert [t.pos_ for t in later.parse([text], [FULL])[0]] == [t.pos_ for t in full]
    assert (later.stats["stored"], later.stats["parsed"]) == (1, 0)


@pytest.mark.slow
def test_a_partial_analysis_on_disk_does_not_serve_the_whole_model(ginza, tmp_path):
    store = SentenceStore(tmp_path / "cache.sqlite")
    SentenceCache(store=store).parse(["市は導入した。"], [NER])
    assert list(store.get(["市は導入した。"], [FULL])) == []
    assert list(store.get(["市は導入した。"], [NER])) == ["市は導入した。"]


@pytest.mark.slow
def test_reading_the_sentence_store_does_not_load_ginza_nor_import_spacy(ginza, tmp_path):
    import subprocess
    import sys

    sentence = "京都府は職員3,500人を配置した。"  # a figure: the parse is needed
    SentenceCache(store=SentenceStore(tmp_path / "cache.sqlite")).parse([sentence])
    code = ("import sys; from pathlib import Path; from pipeline import analyze as an; "
            f"an.use_sentence_store(Path(sys.argv[1])); a = an.analyze('{sentence}'); "
            "print(an.models_loaded(), len(a.docs), a.docs[0][1].has_annotation('DEP'), 'spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "cache.sqlite")], capture_output=True,
                         text=True, check=True).stdout.strip()
    assert out == "False 1 True False"


@pytest.mark.parametrize("lengths, size, chars, expected", [
    ([3, 3, 3], 2, 100, [[3, 3], [3]]),  # at most `size` texts
    ([4, 4, 4], 10, 8, [[4, 4], [4]]),  # at most `chars` characters
    ([12, 2, 2], 10, 8, [[12], [2, 2]]),  # a longer text alone
    ([], 10, 8, []),
])
def test_ginza_batches_hold_a_bounded_number_of_texts_and_characters(lengths, size, chars, expected):
    from pipeline.analyze import _batches

    texts = ["あ" * n for n in lengths]
    assert [[len(t) for t in b] for b in _batches(texts, size, chars)] == expected
