"""parse_tree: a spaCy-free ParsedSentence answers what a spaCy Doc answers, and survives
the sentence cache's bytes. The Docs here are made by hand (no GiNZA)."""
from __future__ import annotations

import sqlite3

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from pipeline.analyze import NER, SentenceStore
from pipeline.parse_tree import ParsedSentence

VOCAB = Vocab()

# (word, space after, pos, tag, dep, head) — invented sentences, two with a space in them
SENTENCES = [
    [("本市", False, "PROPN", "名詞-固有名詞-地名-一般", "nmod", 2), ("の", False, "ADP", "助詞-格助詞", "case", 0),
     ("職員", False, "NOUN", "名詞-普通名詞-一般", "nsubj", 5), ("約", False, "NOUN", "接頭辞", "compound", 4),
     ("1,200", False, "NUM", "名詞-数詞", "nummod", 5), ("人", False, "NOUN", "接尾辞-名詞的-助数詞", "ROOT", 5),
     ("が", False, "ADP", "助詞-格助詞", "case", 5), ("参加", False, "VERB", "名詞-普通名詞-サ変可能", "ROOT", 7),
     ("した", False, "AUX", "助動詞", "aux", 7), ("。", False, "PUNCT", "補助記号-句点", "punct", 7)],
    [("Microsoft", True, "PROPN", "名詞-固有名詞-一般", "compound", 1), ("Teams", False, "PROPN", "名詞-固有名詞-一般", "obj", 4),
     ("を", False, "ADP", "助詞-格助詞", "case", 1), ("3", False, "NUM", "名詞-数詞", "nummod", 4),
     ("台", False, "NOUN", "接尾辞-名詞的-助数詞", "ROOT", 4), ("（", False, "PUNCT", "補助記号-括弧開", "punct", 6),
     ("試行", False, "NOUN", "名詞-普通名詞-サ変可能", "appos", 4), ("）", False, "PUNCT", "補助記号-括弧閉", "punct", 6)],
    [("見出し", True, "NOUN", "名詞-普通名詞-一般", "ROOT", 0), (" ", False, "SPACE", "空白", "dep", 0),
     ("五", False, "NUM", "名詞-数詞", "nummod", 3), ("件", False, "NOUN", "接尾辞-名詞的-助数詞", "obl", 0)],
]


def spacy_doc(words) -> Doc:
    return Doc(VOCAB, words=[w[0] for w in words], spaces=[w[1] for w in words], pos=[w[2] for w in words],
               tags=[w[3] for w in words], deps=[w[4] for w in words], heads=[w[5] for w in words])


@pytest.mark.parametrize("words", SENTENCES)
def test_tokens_and_spans_read_as_in_spacy(words):
    doc = spacy_doc(words)
    parsed = ParsedSentence.from_spacy(doc)
    assert parsed.text == doc.text and len(parsed) == len(doc)
    assert parsed.has_annotation("DEP") == doc.has_annotation("DEP")
    for a, b in zip(doc, parsed):
        assert (a.text, a.idx, a.whitespace_, a.pos_, a.tag_, a.dep_, a.head.i, a.like_num, a.is_punct, a.is_space,
                [c.i for c in a.children]) == \
               (b.text, b.idx, b.whitespace_, b.pos_, b.tag_, b.dep_, b.head.i, b.like_num, b.is_punct, b.is_space,
                [c.i for c in b.children])
    for s in range(len(doc)):
        for e in range(s + 1, len(doc) + 1):
            assert (doc[s:e].text, doc[s:e].root.i) == (parsed[s:e].text, parsed[s:e].root.i), (s, e)
    assert doc[-1].text == parsed[-1].text


@pytest.mark.parametrize("words", SENTENCES)
@pytest.mark.parametrize("mode", ["expand", "strict", "contract"])
def test_char_span_aligns_as_in_spacy(words, mode):
    doc = spacy_doc(words)
    parsed = ParsedSentence.from_spacy(doc)
    for s in range(len(doc.text)):
        for e in range(s + 1, len(doc.text) + 1):
            want, got = doc.char_span(s, e, alignment_mode=mode), parsed.char_span(s, e, alignment_mode=mode)
            assert (None if want is None else (want.start, want.end)) == (None if got is None else (got.start, got.end))


@pytest.mark.parametrize("words", SENTENCES)
def test_bytes_round_trip(words):
    doc = spacy_doc(words)
    doc.ents = [doc.char_span(0, len(words[0][0]), label="City")]
    parsed = ParsedSentence.from_spacy(doc)
    again = ParsedSentence.from_bytes(parsed.to_bytes())
    assert again == parsed
    assert [(e.start_char, e.end_char, e.label_) for e in again.ents] == [(0, len(words[0][0]), "City")]


def test_the_spacy_doc_table_of_an_older_cache_is_dropped(tmp_path):
    path = tmp_path / "analysis-cache.sqlite"
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE analyses (key BLOB PRIMARY KEY, parsed INTEGER, doc BLOB) WITHOUT ROWID")
        con.execute("INSERT INTO analyses VALUES (x'00', 1, x'00')")
    store = SentenceStore(path)
    assert store.get(["市は導入した。"]) == {}
    tables = {r[0] for r in sqlite3.connect(path).execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert tables == {"parsed_sentences"}


def test_the_store_gives_back_what_it_kept(tmp_path):
    doc = spacy_doc(SENTENCES[0])
    store = SentenceStore(tmp_path / "cache.sqlite")
    store.put({doc.text: ParsedSentence.from_spacy(doc)}, {doc.text: NER})
    assert store.get([doc.text], [NER]) == {doc.text: ParsedSentence.from_spacy(doc)}
