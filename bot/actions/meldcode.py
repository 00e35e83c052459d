"""The meldcode: its five steps, one step, the afwegingskader, and who must use it."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.common import (
    bullets,
    button,
    latest_entity,
    latest_text,
    locale_of,
    say,
    store,
)
from bot.i18n import t
from content.text import normalise

NUMBER_WORDS = {"een": 1, "eerste": 1, "twee": 2, "tweede": 2, "drie": 3, "derde": 3,
                "vier": 4, "vierde": 4, "vijf": 5, "vijfde": 5, "one": 1, "first": 1, "two": 2,
                "second": 2, "three": 3, "third": 3, "four": 4, "fourth": 4, "five": 5,
                "fifth": 5, "laatste": 5, "last": 5}


def step_number(said: str | None) -> int | None:
    if not said:
        return None
    words = normalise(said).split()
    for word in words:
        if re.fullmatch(r"[1-5]", word):
            return int(word)
        if word in NUMBER_WORDS:
            return NUMBER_WORDS[word]
    return None


def field(item: dict[str, Any], name: str, locale: str) -> Any:
    """An item's field in the locale's language: content/schema.yaml requires `title_en` and
    `text_en` for every meldcode item, and `vragen_en` wherever there are `vragen`."""
    return (item.get(f"{name}_en") or item.get(name)) if locale == "en" else item.get(name)


def steps() -> list[dict[str, Any]]:
    items = [m for m in store().all("meldcode") if m["kind"] == "stap"]
    return sorted(items, key=lambda m: m["number"])


def step_label(number: int, locale: str) -> str:
    return t(locale, "Stap %(number)d", number=number)


def step_buttons(locale: str = "nl") -> list[dict[str, str]]:
    return [button(step_label(n, locale), "ask_meldcode_step", stap=str(n)) for n in range(1, 6)]


def steps_text(locale: str) -> tuple[str, list[dict[str, Any]]]:
    """The five steps as a list, and their sources."""
    items = steps()
    lines = [f"{m['number']}. {field(m, 'title', locale)}" for m in items]
    intro = t(locale, "De meldcode huiselijk geweld en kindermishandeling heeft vijf stappen:")
    outro = t(locale, "Kies een stap voor uitleg.")
    return f"{intro}\n{chr(10).join(lines)}\n{outro}", [s for m in items for s in m["sources"][:1]]


def step_text(step: dict[str, Any], locale: str) -> str:
    """One step: its title (named "Stap n: ..." once), text and questions."""
    title, text = field(step, "title", locale), field(step, "text", locale)
    label = step_label(step["number"], locale)
    body = f"{title if title.startswith(label) else f'{label}: {title}'}\n{text}"
    questions = field(step, "vragen", locale)
    if questions:
        body += "\n" + t(locale, "Vragen bij deze stap:") + "\n" + bullets(questions)
    return body


class ActionMeldcode(Action):
    def name(self) -> str:
        return "action_meldcode"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        locale = locale_of(tracker)
        text, sources = steps_text(locale)
        say(dispatcher, text, sources=sources, buttons=step_buttons(locale))
        return [SlotSet("last_topic", "meldcode:all")]


class ActionMeldcodeStep(Action):
    def name(self) -> str:
        return "action_meldcode_step"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        locale = locale_of(tracker)
        number = step_number(latest_entity(tracker, "stap")) or step_number(latest_text(tracker))
        if number is None and "volgende" in normalise(latest_text(tracker)):
            number = min(int(tracker.get_slot("stap") or 0) + 1, 5)
        number = number or int(tracker.get_slot("stap") or 0) or None
        if number is None:
            say(dispatcher, t(locale, "Over welke stap van de meldcode gaat je vraag?"),
                buttons=step_buttons(locale))
            return []
        step = next(m for m in steps() if m["number"] == number)
        nav = [button(step_label(n, locale), "ask_meldcode_step", stap=str(n))
               for n in (number - 1, number + 1) if 1 <= n <= 5]
        if number == 4:
            nav.append(button(t(locale, "Het afwegingskader"), "ask_afwegingskader"))
        say(dispatcher, step_text(step, locale), sources=step["sources"], buttons=nav)
        return [SlotSet("stap", str(number)), SlotSet("last_topic", f"meldcode:{number}")]


def titled(item: dict[str, Any], locale: str) -> str:
    """'Title: text' in the locale's language."""
    return f"{field(item, 'title', locale)}: {field(item, 'text', locale)}"


class ActionAfwegingskader(Action):
    def name(self) -> str:
        return "action_afwegingskader"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        locale = locale_of(tracker)
        items = store().all("meldcode")
        afwegingen = sorted((m for m in items if m["kind"] == "afweging"),
                            key=lambda m: m["slug"])
        normen = [m for m in items if m["kind"] == "meldnorm"]
        parts = [t(locale, "Het afwegingskader (stap 4 en 5) helpt je kiezen met vijf "
                           "afwegingen:")]
        parts += [f"{i}. {titled(m, locale)}" for i, m in enumerate(afwegingen, 1)]
        if normen:
            parts.append(t(locale, "Meldnormen:") + "\n"
                         + bullets([titled(m, locale) for m in normen]))
        sources = [s for m in afwegingen + normen for s in m["sources"][:1]]
        say(dispatcher, "\n".join(parts), sources=sources[:4], buttons=step_buttons(locale)[3:])
        return [SlotSet("last_topic", "meldcode:afwegingskader")]


class ActionMeldcodeWho(Action):
    def name(self) -> str:
        return "action_meldcode_who"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        locale = locale_of(tracker)
        who = store().get("meldcode", "wie-moet-meldcode")
        sectors = [m for m in store().all("meldcode") if m["kind"] == "sector"]
        if who is None:
            say(dispatcher, t(locale, "Daar heb ik nog geen betrouwbare informatie over."))
            return []
        text = f"{field(who, 'title', locale)}\n{field(who, 'text', locale)}"
        if sectors:
            text += "\n" + t(locale, "Per sector:") + "\n" + bullets([titled(s, locale)
                                                                     for s in sectors])
        say(dispatcher, text, sources=who["sources"], buttons=step_buttons(locale)[:1])
        return [SlotSet("last_topic", "meldcode:who")]
