"""Practical questions: the retrieval model, the NLU component's decisions (real Rasa Message
objects), the answer action (real SDK tracker), language per message and form inference."""

from __future__ import annotations

import numpy as np
import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.actions.faq import ActionAnswerFaq
from bot.components.faq_selector import FaqSelector
from bot.faq_index import FaqIndex, faq_items, training_pairs
from bot.form_inference import guess_form
from content.text import normalise
from tests.conftest import run_action
from webchat.language import detect_language


@pytest.fixture(scope="module")
def index():
    return FaqIndex.fit(faq_items())


def test_held_out_phrasings_are_never_trained_on():
    texts, _ = training_pairs(faq_items())
    trained = {normalise(t) for t in texts}
    held_out = {normalise(t) for item in faq_items() for t in item["test_phrasings"]}
    assert not trained & held_out


def test_the_fast_ranking_gives_exactly_what_the_classifier_gives(index):
    for text in ("wat moet ik meenemen als ik wegga", "kan hij mijn telefoon volgen", "hoi"):
        expected = index.classifier.predict_proba(index.vectorizer.transform([text]))[0]
        assert np.allclose(index.probabilities(text), expected, rtol=0, atol=1e-12)


def test_a_question_title_finds_its_item(index):
    for item in faq_items()[:40]:
        assert index.rank(item["question"])[0].slug == item["slug"], item["question"]


def selector(index) -> FaqSelector:
    return FaqSelector({}, None, None, index)


def message(text: str, intent: str, confidence: float, entities=None) -> Message:
    msg = Message(data={"text": text, "intent": {"name": intent, "confidence": confidence},
                        "intent_ranking": [{"name": intent, "confidence": confidence}],
                        "entities": entities or []})
    return msg


def test_selector_takes_over_an_unsure_intent_but_never_a_crisis(index):
    text = "wat neem ik mee als ik wegga"
    unsure = selector(index).process([message(text, "out_of_scope", 0.4)])[0]
    assert unsure.get("intent")["name"] == "faq"
    assert any(e["entity"] == "faq_item" for e in unsure.get("entities"))
    crisis = selector(index).process([message(text, "crisis_acute", 0.4)])[0]
    assert crisis.get("intent")["name"] == "crisis_acute"


def test_a_named_form_still_wins(index):
    form = [{"entity": "vorm", "value": "stalking", "start": 8, "end": 16}]
    msg = selector(index).process([message("wat is stalking", "ask_definition", 0.5, form)])[0]
    assert msg.get("intent")["name"] == "ask_definition"


def test_answer_in_the_conversations_language():
    slug = faq_items()[0]["slug"]
    entities = [{"entity": "faq_item", "value": slug}]
    nl, _ = run_action(ActionAnswerFaq(), intent="faq", entities=entities)
    en, _ = run_action(ActionAnswerFaq(), intent="faq", entities=entities, locale="en")
    assert nl[0]["text"].replace("\u00a0", "") != en[0]["text"].replace("\u00a0", "")
    assert nl[0]["custom"]["sources"] and en[0]["custom"]["sources"]


@pytest.mark.parametrize(("text", "language"), [
    ("my husband hits me", "en"), ("wat is stalking", "nl"), ("is this anonymous?", "en"),
    ("en de signalen?", "nl"), ("ok", None), ("/start_quiz", None),
])
def test_language_per_message(text, language):
    assert detect_language(text) == language


def test_a_described_form_needs_no_question():
    from content.store import ContentStore

    forms = ContentStore().all("forms")
    guess = guess_form("mijn ex volgt me overal en stuurt me honderden berichten", forms)
    assert guess.slug == "stalking"
    assert guess_form("wat moet ik doen", forms).slug is None
