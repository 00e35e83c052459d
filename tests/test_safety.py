"""Deterministic crisis routing: every crisis phrasing is caught, calm ones are left alone.

These tests run the lexicon alone (what the webchat also uses when Rasa is down). The whole NLU
pipeline is held to the same bar in test_bot.py."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.evaluate import CRISIS_SETS
from bot.safety import detect_crisis

DATA = Path(__file__).parent / "data"
SETS = list(CRISIS_SETS)


def load(name: str) -> dict:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", SETS)
def test_every_crisis_phrasing_is_caught(name):
    missed = [c["text"] for c in load(name)["crisis"] if detect_crisis(c["text"]) is None]
    assert missed == [], f"crisis recall below 100 % in {name}: {missed}"


@pytest.mark.parametrize("name", SETS)
def test_false_alarms_stay_at_or_below_five_percent(name):
    calm = load(name)["no_crisis"]
    alarms = [t for t in calm if detect_crisis(t)]
    assert len(alarms) / len(calm) <= 0.05, alarms


@pytest.mark.parametrize("text,kind", [
    ("hij slaat me nu", "acute"),
    ("ik wil niet meer leven", "suicide"),
    ("mijn papa slaat mij", "child"),
    ("He is hitting me right now", "acute"),
    ("I want to kill myself", "suicide"),
    ("hij zegt dat hij me gaat afmaken", "acute"),
    ("mijn vriend dreigt mijn moeder af te maken", "acute"),
    ("ik ben een jaar geleden bij hem weggegaan en hij staat voor mijn deur", "acute"),
])
def test_the_right_line_comes_first(text, kind):
    assert detect_crisis(text) == kind


@pytest.mark.parametrize("text", ["b", "de tweede", "slachtoffer", "stap 3", "", "   ",
                                  "ik wil het formulier niet afmaken", "ik wil de quiz afmaken",
                                  "mijn vader heeft me vroeger geslagen, kan therapie helpen"])
def test_quiz_answers_and_empty_input_are_not_a_crisis(text):
    assert detect_crisis(text) is None
