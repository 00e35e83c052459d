"""Forms of violence are found by the names content/ gives them, the way people type them."""

from __future__ import annotations

import pytest
from rapidfuzz.distance import Levenshtein
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

from bot.components.content_entities import names_from
from bot.phrase_index import MAX_TYPOS, PhraseIndex
from content.validate import read_corpus

GENERATED = "bot/data/nlu/generated_content.yml"


@pytest.fixture(scope="module")
def index() -> PhraseIndex:
    names = {}
    for item in read_corpus().of("forms"):
        for name in [item.slug, item.data["title"], *item.data["synonyms"]]:
            names.setdefault(name, item.slug)
    return PhraseIndex.from_names(names)


@pytest.mark.parametrize(("text", "slug"), [
    ("signalen ouderenmishandeling?", "ouderenmishandeling"),
    ("risicofactoren ouderen mishandeling", "ouderenmishandeling"),  # compound written split
    ("Ouderen-mishandeling!", "ouderenmishandeling"),
    ("ouderenmishandling herkennen", "ouderenmishandeling"),  # one typo
    ("wat is financiele uitbuiting", "financieel-misbruik"),  # no diacritics
    ("cijfers over vechtscheidingen", "complexe-scheiding"),  # plural
    ("wat is STALKING precies", "stalking"),
])
def test_a_form_is_found_however_it_is_written(index, text, slug):
    assert [m.value for m in index.find(text)] == [slug]


def test_the_longest_name_wins_and_names_never_overlap(index):
    found = index.find("is huiselijk geweld hetzelfde als seksueel geweld?")
    assert [m.text for m in found] == ["huiselijk geweld", "seksueel geweld"]


@pytest.mark.parametrize("text", [
    "wat is de verwachting voor morgen",  # two edits from "verkrachting"
    "hij wil me vermoorden",  # one edit from "eermoorden", but in the first letter
    "ik heb een vraag over de meldcode",
    "hoe laat is het",
    "wat kan ik doen",
])
def test_ordinary_words_are_not_taken_for_a_form(index, text):
    assert index.find(text) == []


def test_no_two_forms_are_one_typo_apart(index):
    """Typo tolerance must never turn one form into another."""
    keys = sorted(index.keys)
    clashes = [(a, b) for i, a in enumerate(keys) for b in keys[i + 1:]
               if index.keys[a] != index.keys[b] and len(a) >= 8
               and Levenshtein.distance(a, b) <= MAX_TYPOS]
    assert clashes == []


def test_the_model_index_holds_every_form_from_the_content_store():
    """What the NLU component learns comes from content/, through the generated data."""
    data = RasaYAMLReader().read(GENERATED)
    names = names_from(data, "vorm")
    slugs = {item.slug for item in read_corpus().of("forms")}
    assert set(names.values()) == slugs
    index = PhraseIndex.from_names(names)
    for item in read_corpus().of("forms"):
        for synonym in item.data["synonyms"]:
            assert index.find(synonym), synonym


def test_the_component_replaces_a_stray_or_partial_model_guess():
    from rasa.shared.nlu.training_data.message import Message

    from bot.components.content_entities import ContentEntityMatcher

    matcher = ContentEntityMatcher(
        {"entity": "vorm"}, None, None,
        names={"stalking": "stalking", "gestalkt": "stalking", "verwaarlozing": "verwaarlozing",
               "verwaarloosd": "verwaarlozing"})
    text = "wat verhoogt het risico op stalking na een breuk, en bij verwaarloosde kinderen?"
    diet = [  # what DIET said: one right, one stray word, one half a name; plus a role
        {"entity": "vorm", "start": 28, "end": 36, "value": "stalking"},
        {"entity": "vorm", "start": 44, "end": 49, "value": "breuk"},
        {"entity": "vorm", "start": 57, "end": 70, "value": "verwaarloosde"},
        {"entity": "rol", "start": 0, "end": 3, "value": "omstander"},
    ]
    message = Message(data={"text": text, "entities": diet})
    matcher.process([message])
    assert [(e["entity"], e["value"]) for e in message.get("entities")] == [
        ("rol", "omstander"), ("vorm", "stalking"), ("vorm", "verwaarlozing")]


def test_a_typo_counts_in_long_words_only():
    index = PhraseIndex.from_names({"mijn ex slaat mij": "partnergeweld",
                                    "huiselijk geweld": "huiselijk-geweld"})
    assert index.find("mijn ex slaat mijn kind") == []
    assert [m.value for m in index.find("wat is huiselijk gewelt")] == ["huiselijk-geweld"]


def test_articles_and_possessives_do_not_hide_a_name():
    index = PhraseIndex.from_names({"geweld van kinderen tegen ouders": "kind-oudermishandeling",
                                    "mijn vader slaat mij": "kindermishandeling"})
    found = index.find("wat is geweld van kinderen tegen hun ouders precies")
    assert [(m.value, m.text) for m in found] == [
        ("kind-oudermishandeling", "geweld van kinderen tegen hun ouders")]
    assert [m.value for m in index.find("en als vader slaat mij?")] == ["kindermishandeling"]


def test_only_names_from_content_count_not_words_labelled_in_one_example():
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader

    data = RasaYAMLReader().reads(
        'version: "3.1"\n'
        "nlu:\n"
        "- intent: ask_signalen\n"
        "  examples: |\n"
        '    - als oma [mishandeld]{"entity": "vorm", "value": "ouderenmishandeling"} wordt\n'
        "    - signalen [ouderenmishandeling](vorm)\n"
        "- synonym: ouderenmishandeling\n"
        "  examples: |\n"
        "    - ouderen mishandeling\n"
        "- lookup: vorm\n"
        "  examples: |\n"
        "    - Ouderen mishandeling\n")
    assert names_from(data, "vorm") == {"ouderenmishandeling": "ouderenmishandeling",
                                        "Ouderen mishandeling": "ouderenmishandeling"}
