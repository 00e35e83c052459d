"""Where to turn, and the crisis answer that always comes first."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.common import button, latest_text, locale_of, phone, resolve, role_of, say, store
from bot.actions.practice import end_practice
from bot.actions.regions import region_field
from bot.i18n import N_, t
from safety import FALLBACK_MESSAGES, tells_recent_sexual_abuse, told_by_a_child

# Which lines to give, most urgent first, by who is asking.
LINES_BY_ROLE = {
    None: ["veilig-thuis"],
    "slachtoffer": ["veilig-thuis", "huisarts", "slachtofferhulp", "vrouwenopvang"],
    "omstander": ["veilig-thuis", "wijkteam"],
    "professional": ["veilig-thuis"],
    "kind": ["kindertelefoon", "veilig-thuis"],
}
# The first line of each crisis kind (safety/crisis_lexicon.yml explains the kinds and their order).
CRISIS_LINES = {
    "acute": ["112", "veilig-thuis"],
    "suicide": ["113", "112"],
    "child": ["kindertelefoon", "112", "veilig-thuis"],
    "sexual": ["centrum-seksueel-geweld", "112", "veilig-thuis"],
    "medical": ["112"],
}
INTRO = {
    "slachtoffer": N_("Het is goed dat je dit zoekt. Je staat er niet alleen voor."),
    "omstander": N_("Fijn dat je je zorgen serieus neemt. Je hoeft niet zeker te weten dat er "
                    "geweld is om advies te vragen."),
    "professional": N_("Volg de stappen van je meldcode. Bij twijfel kun je altijd (ook anoniem) "
                       "advies vragen aan Veilig Thuis."),
    "kind": N_("Wat er thuis gebeurt is niet jouw schuld. Praat erover met iemand die je "
               "vertrouwt."),
}
ROLE_BUTTONS = [
    (N_("Het gebeurt nu"), "crisis_acute", {}),
    (N_("Het gaat om mij"), "inform_role", {"rol": "slachtoffer"}),
    (N_("Ik maak me zorgen om iemand"), "inform_role", {"rol": "omstander"}),
    (N_("Ik ben professional"), "inform_role", {"rol": "professional"}),
    (N_("Ik ben een kind"), "inform_role", {"rol": "kind"}),
]


def describe(line: dict[str, Any], locale: str) -> str:
    when = line["when_en"] if locale == "en" else line["when"]
    hours = line.get("hours_en", line["hours"]) if locale == "en" else line["hours"]
    name = line.get("name_en", line["name"]) if locale == "en" else line["name"]
    head = f"{name}: {line['phone']}" if line.get("phone") else name
    cost = line.get("cost_en", line["cost"]) if locale == "en" else line["cost"]
    return f"{head}\n{when}\n{hours} {cost}"


def lines_message(slugs: list[str], locale: str) -> tuple[list[str], list[dict[str, Any]]]:
    texts, sources = [], []
    for slug in slugs:
        line = store().get("help", slug)
        if line:
            texts.append(describe(line, locale))
            sources.extend(line["sources"][:1])
    return texts, sources


class ActionCrisis(Action):
    def name(self) -> str:
        return "action_crisis"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        intent = tracker.latest_message.get("intent", {}).get("name", "crisis_acute")
        kind = intent.removeprefix("crisis_")
        kind = kind if kind in CRISIS_LINES else "acute"
        locale = locale_of(tracker)
        # The urgent line first and from code, so it is there even if the store fails.
        first = FALLBACK_MESSAGES[locale][kind]
        slugs = CRISIS_LINES[kind]
        if kind == "sexual" and (role_of(tracker) == "kind"
                                 or told_by_a_child(tracker.latest_message.get("text") or "")):
            slugs = [slugs[0], "kindertelefoon", *slugs[1:]]  # a child: CSG and Kindertelefoon
        if kind == "child" and tells_recent_sexual_abuse(tracker.latest_message.get("text") or ""):
            slugs = [slugs[0], "centrum-seksueel-geweld", *slugs[1:]]
        try:
            texts, sources = lines_message(slugs, locale)
        except Exception:  # noqa: BLE001 - a crisis answer must never fail
            texts, sources = [FALLBACK_MESSAGES[locale]["default"]], []
        say(dispatcher, "\n\n".join([first, *texts]), sources=sources, crisis=kind)
        # A crisis ends any quiz, casus or campaign at once (the rules deactivate the form).
        ended = end_practice() if (tracker.active_loop or {}).get("name") else []
        return [*ended, SlotSet("last_topic", f"crisis:{kind}")]


class ActionWhereToTurn(Action):
    def name(self) -> str:
        return "action_where_to_turn"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        locale = locale_of(tracker)
        role = role_of(tracker)
        first = t(locale, "Is er nu direct gevaar? Bel %(emergency)s.", emergency=phone("112"))
        # A line the person names ("het nummer van de Kindertelefoon") comes first.
        named = store().resolve("help", latest_text(tracker))
        slugs = LINES_BY_ROLE.get(role, LINES_BY_ROLE[None])
        slugs = [named, *(s for s in slugs if s != named)] if named and named != "112" else slugs
        texts, sources = lines_message(slugs, locale)
        parts = [first, *texts]
        if role in INTRO:
            parts.insert(0, t(locale, INTRO[role]))
        region_slug = resolve(tracker, "regions", "regio")
        region = store().get("regions", region_slug) if region_slug else None
        if region:
            name, structures = (region_field(region, f, locale) for f in ("name", "structuren"))
            parts.append(t(locale, "Je woont in regio %(region)s. Daar werken onder meer: "
                                   "%(structures)s.", region=name,
                           structures="; ".join(structures[:3])))
            sources.extend(region["sources"][:1])
        buttons = [] if role else [button(t(locale, title), intent, **entities)
                                   for title, intent, entities in ROLE_BUTTONS]
        say(dispatcher, "\n\n".join(parts), sources=sources, buttons=buttons)
        events = [SlotSet("last_topic", "help")]
        if role:
            events.append(SlotSet("rol", role))
        return events
