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


def test_the_fast_float32_ranking_gives_what_the_classifier_gives():
    from sklearn.linear_model import SGDClassifier

    items = faq_items()
    texts, labels = training_pairs(items)
    index = FaqIndex.fit(items)
    classifier = SGDClassifier(loss="log_loss", alpha=1e-5, max_iter=50, tol=1e-4,
                               random_state=42).fit(index.vectorizer.transform(texts), labels)
    for text in ("wat moet ik meenemen als ik wegga", "kan hij mijn telefoon volgen", "hoi"):
        expected = classifier.predict_proba(index.vectorizer.transform([text]))[0]
        assert np.allclose(index.probabilities(text), expected, rtol=0, atol=1e-5)
        assert index.rank(text)[0].slug == classifier.classes_[expected.argmax()]


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


def test_a_long_question_the_model_calls_small_talk_can_be_an_faq(index):
    text = "ik ben gisteren geslagen door mijn partner, moet ik naar de huisarts"
    msg = selector(index).process([message(text, "goodbye", 0.58)])[0]
    assert msg.get("intent")["name"] == "faq"
    short = selector(index).process([message("doei dank je", "goodbye", 0.58)])[0]
    assert short.get("intent")["name"] == "goodbye"


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
    # A Dutch name inside English says nothing about the language around it.
    ("is calling veilig thuis free", "en"), ("is it free?", "en"),
    ("how does the meldcode work", "en"), ("wat doet veilig thuis", "nl"),
    ("hello", "en"), ("hoi", "nl"), ("hi", None),
])
def test_language_per_message(text, language):
    assert detect_language(text) == language


def test_a_described_form_needs_no_question():
    from content.store import ContentStore

    forms = ContentStore().all("forms")
    guess = guess_form("mijn ex volgt me overal en stuurt me honderden berichten", forms)
    assert guess.slug == "stalking"
    assert guess_form("wat moet ik doen", forms).slug is None
    assert guess_form("wat zijn risicofactoren", forms).no_cue


def test_a_very_sure_faq_overrules_a_crisis_only_the_model_saw():
    from bot.components.crisis import CrisisDetector

    def candidates(*pairs):
        return [{"entity": "faq_candidate", "value": slug, "confidence_entity": c}
                for slug, c in pairs]

    sure = candidates(("bezoek-site-verbergen", 0.77), ("social-media-locatie", 0.01))
    unsure = candidates(("bezoek-site-verbergen", 0.3), ("social-media-locatie", 0.2))
    question = "kan mn man zien dat ik op deze site ben geweest?"
    msg = CrisisDetector().process([message(question, "crisis_child", 0.8, sure)])[0]
    assert msg.get("intent")["name"] == "faq"
    assert {"entity": "faq_item", "value": "bezoek-site-verbergen"}.items() <= next(
        e for e in msg.get("entities") if e["entity"] == "faq_item").items()
    msg = CrisisDetector().process([message(question, "crisis_child", 0.8, unsure)])[0]
    assert msg.get("intent")["name"] == "crisis_child"
    # The lexicon always wins: a disclosure stays a crisis however sure the FAQ is.
    msg = CrisisDetector().process([message("hij slaat me nu", "crisis_acute", 0.8, sure)])[0]
    assert msg.get("intent")["name"] == "crisis_acute"


def test_an_unsure_intent_that_its_entity_backs_up_is_kept():
    from bot.components.entity_backed import EntityBackedIntent

    step = [{"entity": "stap", "value": "2", "start": 27, "end": 33}]
    text = "wat moet je doen bij stap 2 van de meldcode"
    msg = EntityBackedIntent({}).process([message(text, "ask_meldcode_step", 0.52, step)])[0]
    assert msg.get("intent") == {"name": "ask_meldcode_step", "confidence": 0.6}
    bare = EntityBackedIntent({}).process([message(text, "ask_meldcode_step", 0.52)])[0]
    assert bare.get("intent")["confidence"] == 0.52  # no step named: the fallback decides
    vague = EntityBackedIntent({}).process([message(text, "ask_meldcode_step", 0.3, step)])[0]
    assert vague.get("intent")["confidence"] == 0.3
