"""Our own NER model (pipeline/ner_model.py): the shipped CRF over fugashi tokens."""
from __future__ import annotations

import pytest

from pipeline import analyze as an
from pipeline import ner_model
from pipeline.extractors.entities import coarse_label


def predicted(text: str) -> set[tuple[str, str]]:
    tokens = an.tokenize(text, an.split_sentences(text))
    return {(text[e.start:e.end], coarse_label(e.label)) for e in ner_model.entities(tokens)}


def test_the_model_ships_inside_the_package_and_is_small():
    assert ner_model.MODEL_PATH.parent.name == "models"
    assert ner_model.MODEL_PATH.stat().st_size < 5_000_000


def test_it_emits_labels_the_entities_layer_maps():
    assert {"Person", "Company", "Product_Other", "Facility_Other"} <= set(ner_model.labels())
    assert all(coarse_label(label) for label in ner_model.labels())


@pytest.mark.parametrize("text, expected", [
    # persons: with a post after, in a speaker's bracket of minutes
    ("福岡市の高島宗一郎市長は、新しい庁舎の計画を説明した。", ("高島宗一郎", "PERSON")),
    ("委員長（田中次郎君）　これより委員会を開会いたします。", ("田中次郎", "PERSON")),
    # organizations: a company with its legal form, a political party
    ("本市は日本電気株式会社と包括連携協定を締結した。", ("日本電気株式会社", "ORG")),
    ("自由民主党の議員団が要望書を提出した。", ("自由民主党", "ORG")),
    # products: a Latin product name, a katakana one after a company
    ("全職員にMicrosoft Teamsを導入し、会議の時間を削減した。", ("Microsoft Teams", "PRODUCT")),
    # places and facilities
    ("札幌市の大通公園で雪まつりが開かれた。", ("札幌市", "LOC")),
    ("熊本城の石垣の復旧工事が進んでいる。", ("熊本城", "FACILITY")),
])
def test_it_finds_names_on_lines_of_reports(text, expected):
    assert expected in predicted(text)


@pytest.mark.parametrize("text", [
    "今後とも市民の皆様のご理解とご協力をお願いいたします。",
    "資料を配布し、説明を行った。",
    # generic words are no names, even Latin ones at the head of a compound
    "AIチャットボットの運用を開始した。",
    "AI-OCRを導入し、入力の時間を削減した。",
])
def test_plain_sentences_hold_no_names(text):
    assert not {label for _, label in predicted(text)} & {"PERSON", "ORG", "PRODUCT", "FACILITY"}


def test_predictions_are_deterministic_and_lie_on_token_edges():
    text = "株式会社ニトリホールディングスの似鳥昭雄会長は札幌市で記者会見を開いた。"
    tokens = an.tokenize(text, an.split_sentences(text))
    first, second = ner_model.entities(tokens), ner_model.entities(tokens)
    assert first == second
    starts, ends = {t.start for t in tokens}, {t.end for t in tokens}
    assert all(e.start in starts and e.end in ends for e in first)


def test_each_sentence_is_read_on_its_own():
    text = "山田太郎は京都市に住む。\n鈴木花子は大阪市で働く。"
    sentences = an.split_sentences(text)
    tokens = an.tokenize(text, sentences)
    for e in ner_model.entities(tokens):
        assert any(s <= e.start and e.end <= t for s, t in sentences)


@pytest.mark.parametrize("labels, expected", [
    (["O", "B-Person", "I-Person", "O"], [(1, 3, "Person")]),
    (["B-Company", "B-Company"], [(0, 1, "Company"), (1, 2, "Company")]),
    (["I-Person", "I-City"], [(0, 1, "Person"), (1, 2, "City")]),  # an I- without its B- still counts
    (["O", "O"], []),
    ([], []),
])
def test_bio_labels_become_spans(labels, expected):
    assert ner_model.spans(labels) == expected


@pytest.mark.parametrize("surface, expected", [
    ("山田", "K"), ("ニトリ", "T"), ("Teams", "L"), ("2024年", "DK"), ("おおさか市", "HK"), ("・", "S"),
])
def test_character_types(surface, expected):
    assert ner_model.char_types(surface) == expected


def test_empty_and_blank_inputs():
    assert ner_model.entities([]) == []
    assert predicted("　") == set()


@pytest.mark.slow
def test_analyze_reads_our_entities_by_default(monkeypatch):
    monkeypatch.delenv("JREPORTS_NER", raising=False)
    text = "福岡市の高島宗一郎市長は、新しい庁舎の計画を説明した。"
    a = an.analyze(text)
    assert list(a.entities) == ner_model.entities(a.tokens)
    assert "ner" not in an.nlp().pipe_names
