"""Analyze: sentence splitting, chunking for Sudachi's input limit, tokens, GiNZA entities."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.analyze import MAX_CHUNK_CHARS, SentenceCache, analyze, model_units, split_sentences


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
    sentence = "熊本市の大西一史市長は働き方改革を進めると発表した。"
    text = sentence * 1000  # 25,000 characters, 75 KB of UTF-8
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
