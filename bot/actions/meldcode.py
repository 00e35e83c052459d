"""The meldcode: its five steps, one step, the afwegingskader, and who must use it."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.common import bullets, button, latest_entity, latest_text, locale_of, say, store
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


def steps() -> list[dict[str, Any]]:
    items = [m for m in store().all("meldcode") if m["kind"] == "stap"]
    return sorted(items, key=lambda m: m["number"])


def step_buttons() -> list[dict[str, str]]:
    return [button(f"Stap {n}", "ask_meldcode_step", stap=str(n)) for n in range(1, 6)]


class ActionMeldcode(Action):
    def name(self) -> str:
        return "action_meldcode"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        en = locale_of(tracker) == "en"
        items = steps()
        lines = [f"{m['number']}. {m['title_en'] if en else m['title']}" for m in items]
        intro = ("The reporting code for domestic violence and child abuse has five steps:" if en
                 else "De meldcode huiselijk geweld en kindermishandeling heeft vijf stappen:")
        outro = ("Choose a step for more." if en else "Kies een stap voor uitleg.")
        say(dispatcher, f"{intro}\n{chr(10).join(lines)}\n{outro}",
            sources=[s for m in items for s in m["sources"][:1]], buttons=step_buttons())
        return [SlotSet("last_topic", "meldcode:all")]


class ActionMeldcodeStep(Action):
    def name(self) -> str:
        return "action_meldcode_step"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        number = step_number(latest_entity(tracker, "stap")) or step_number(latest_text(tracker))
        if number is None and "volgende" in normalise(latest_text(tracker)):
            number = min(int(tracker.get_slot("stap") or 0) + 1, 5)
        number = number or int(tracker.get_slot("stap") or 0) or None
        if number is None:
            say(dispatcher, "Over welke stap van de meldcode gaat je vraag?",
                buttons=step_buttons())
            return []
        step = next(m for m in steps() if m["number"] == number)
        en = locale_of(tracker) == "en"
        title, text = (step["title_en"], step["text_en"]) if en else (step["title"], step["text"])
        body = f"Stap {number}: {title}\n{text}" if not en else f"Step {number}: {title}\n{text}"
        if step.get("vragen") and not en:
            body += "\nVragen bij deze stap:\n" + bullets(step["vragen"])
        nav = [button(f"Stap {n}", "ask_meldcode_step", stap=str(n))
               for n in (number - 1, number + 1) if 1 <= n <= 5]
        if number == 4:
            nav.append(button("Het afwegingskader", "ask_afwegingskader"))
        say(dispatcher, body, sources=step["sources"], buttons=nav)
        return [SlotSet("stap", str(number)), SlotSet("last_topic", f"meldcode:{number}")]


class ActionAfwegingskader(Action):
    def name(self) -> str:
        return "action_afwegingskader"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        items = store().all("meldcode")
        afwegingen = sorted((m for m in items if m["kind"] == "afweging"),
                            key=lambda m: m["slug"])
        normen = [m for m in items if m["kind"] == "meldnorm"]
        parts = ["Het afwegingskader (stap 4 en 5) helpt je kiezen met vijf afwegingen:"]
        parts += [f"{i}. {m['title']}: {m['text']}" for i, m in enumerate(afwegingen, 1)]
        if normen:
            parts.append("Meldnormen:\n" + bullets([f"{m['title']}: {m['text']}" for m in normen]))
        sources = [s for m in afwegingen + normen for s in m["sources"][:1]]
        say(dispatcher, "\n".join(parts), sources=sources[:4], buttons=step_buttons()[3:])
        return [SlotSet("last_topic", "meldcode:afwegingskader")]


class ActionMeldcodeWho(Action):
    def name(self) -> str:
        return "action_meldcode_who"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        who = store().get("meldcode", "wie-moet-meldcode")
        sectors = [m for m in store().all("meldcode") if m["kind"] == "sector"]
        if who is None:
            say(dispatcher, "Daar heb ik nog geen betrouwbare informatie over.")
            return []
        text = f"{who['title']}\n{who['text']}"
        if sectors:
            text += "\nPer sector:\n" + bullets([f"{s['title']}: {s['text']}" for s in sectors])
        say(dispatcher, text, sources=who["sources"], buttons=step_buttons()[:1])
        return [SlotSet("last_topic", "meldcode:who")]
