"""The trained assistant: crisis routing through the whole NLU pipeline, the intent-F1 floor
on the held-out file, and the Rasa test stories."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.evaluate import (
    CRISIS_SETS,
    HELDOUT_SETS,
    MODEL,
    Parser,
    crisis_scores,
    heldout_examples,
    intent_scores,
    story_test,
)

pytestmark = [pytest.mark.bot,
              pytest.mark.skipif(not MODEL.exists(), reason="no trained model: make train")]
DATA = Path(__file__).parent / "data"
MACRO_F1_FLOOR = 0.88  # catches regressions; the target (0.93) is reported by make eval


@pytest.fixture(scope="module")
def parser():
    return Parser()


@pytest.mark.parametrize("name", list(CRISIS_SETS))
def test_pipeline_routes_every_crisis_and_few_calm_messages(parser, name):
    scores = crisis_scores(parser, DATA / name)
    assert scores["missed"] == [], f"crisis recall below 100 %: {scores['missed']}"
    assert scores["false_alarms"] <= 0.05, scores["alarms"]


@pytest.mark.parametrize("name", list(HELDOUT_SETS))
def test_intent_macro_f1_stays_above_the_floor(parser, name):
    gold = heldout_examples(DATA / name)
    macro, _, confusions = intent_scores(gold, [parser.parse(g.text) for g in gold])
    assert macro >= MACRO_F1_FLOOR, f"macro-F1 {macro:.3f}; top confusions {confusions[:5]}"


def test_every_form_is_recognised_by_name(parser):
    from content.store import ContentStore

    for form in ContentStore().all("forms"):
        parsed = parser.parse(f"wat is {form['title'].lower()}")
        assert ("vorm", form["slug"]) in parsed.entities or parsed.intent == "ask_definition", \
            form["slug"]


def test_story_tests_pass():
    ok, failed = story_test()
    assert ok, failed
