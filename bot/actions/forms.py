"""Answers about one form of violence: definition, signalen, risk and protective factors, what
to do. The form comes from the question, else from the conversation (slot `vorm`)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.common import (
    bullets,
    button,
    latest_text,
    locale_of,
    resolve,
    role_of,
    say,
    store,
)
from bot.actions.faq import answer_faq, confident_faq
from bot.form_inference import guess_form

ONLY_DUTCH = "(This part is only available in Dutch.)\n"
SIGNAL_GROUPS = {
    "algemeen": "Algemeen", "kind": "Bij kinderen", "volwassene": "Bij volwassenen",
    "oudere": "Bij ouderen", "pleger": "Bij de pleger",
}
WHICH_FORM = {
    "nl": "Over welke vorm van geweld gaat je vraag? Kies er een of typ de naam.",
    "en": "Which form of violence is your question about? Choose one or type its name.",
}
COMMON_FORMS = ("huiselijk-geweld", "partnergeweld", "kindermishandeling", "ouderenmishandeling",
                "psychisch-geweld", "seksueel-geweld")
ROLE_LABELS = {
    "slachtoffer": "Als het jou overkomt", "omstander": "Als je je zorgen maakt om een ander",
    "professional": "Als professional",
}


def follow_up_buttons(slug: str, skip: str) -> list[dict[str, str]]:
    options = [
        ("Wat is het?", "ask_definition"), ("Signalen", "ask_signalen"),
        ("Risicofactoren", "ask_risicofactoren"), ("Wat kun je doen?", "ask_what_to_do"),
        ("Waar kan ik terecht?", "ask_where_to_turn"),
    ]
    return [button(t, i, vorm=slug) for t, i in options if i != skip]


class FormAspectAction(Action, ABC):
    """Base: find the form, render one aspect of it, remember the form for follow-ups.
    Abstract, so the action server does not register it."""

    intent = ""

    @abstractmethod
    def render(self, form: dict[str, Any], tracker: Tracker, locale: str) -> str:
        """The answer text for this aspect of the form."""

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        slug = resolve(tracker, "forms", "vorm", slot="vorm")
        locale = locale_of(tracker)
        if slug is None:
            # No form named: the one the message describes; else a practical question the
            # FAQ knows well; else ask, offering the likeliest forms.
            guess = guess_form(latest_text(tracker), store().all("forms"))
            slug = guess.slug
            if slug is None:
                faq = confident_faq(tracker)
                if faq and answer_faq(dispatcher, faq, locale):
                    return [SlotSet("last_topic", f"faq:{faq}")]
                self.ask_which(dispatcher, guess.candidates, locale)
                return []
        form = store().get("forms", slug)
        if form is None:
            self.ask_which(dispatcher, [], locale)
            return []
        say(dispatcher, self.render(form, tracker, locale), sources=form["sources"],
            buttons=follow_up_buttons(slug, self.intent))
        aspect = self.name().removeprefix("action_")
        return [SlotSet("vorm", slug), SlotSet("last_topic", f"forms:{slug}:{aspect}")]


    def ask_which(self, dispatcher: CollectingDispatcher, slugs: list[str], locale: str) -> None:
        forms = [f for f in (store().get("forms", s) for s in slugs) if f]
        forms = forms or [f for f in store().all("forms") if f["slug"] in COMMON_FORMS]
        title = "title_en" if locale == "en" else "title"
        say(dispatcher, WHICH_FORM[locale],
            buttons=[button(f[title], self.intent, vorm=f["slug"]) for f in forms])


class ActionDefinition(FormAspectAction):
    intent = "ask_definition"

    def name(self) -> str:
        return "action_definition"

    def render(self, form: dict[str, Any], tracker: Tracker, locale: str) -> str:
        if locale == "en":
            return f"{form['title_en']}\n{form['definition_en']}"
        return f"{form['title']}\n{form['definition']}"


class ActionSignalen(FormAspectAction):
    intent = "ask_signalen"

    def name(self) -> str:
        return "action_signalen"

    def render(self, form: dict[str, Any], tracker: Tracker, locale: str) -> str:
        parts = [f"Signalen van {form['title'].lower()}:"]
        for group, label in SIGNAL_GROUPS.items():
            if form["signalen"].get(group):
                parts.append(f"{label}:\n{bullets(form['signalen'][group])}")
        parts.append("Eén signaal zegt nog niet alles. Twijfel je? Vraag advies aan Veilig Thuis: "
                     "0800-2000.")
        return (ONLY_DUTCH if locale == "en" else "") + "\n".join(parts)


class ActionRisicofactoren(FormAspectAction):
    intent = "ask_risicofactoren"

    def name(self) -> str:
        return "action_risicofactoren"

    def render(self, form: dict[str, Any], tracker: Tracker, locale: str) -> str:
        text = f"Risicofactoren bij {form['title'].lower()}:\n{bullets(form['risicofactoren'])}"
        return (ONLY_DUTCH if locale == "en" else "") + text


class ActionBeschermendeFactoren(FormAspectAction):
    intent = "ask_beschermende_factoren"

    def name(self) -> str:
        return "action_beschermende_factoren"

    def render(self, form: dict[str, Any], tracker: Tracker, locale: str) -> str:
        factors = form.get("beschermende_factoren") or []
        if not factors:
            text = (f"Voor {form['title'].lower()} heb ik geen beschermende factoren uit een "
                    "betrouwbare bron. Ik noem alleen wat ik kan onderbouwen.")
        else:
            text = f"Beschermende factoren bij {form['title'].lower()}:\n{bullets(factors)}"
        return (ONLY_DUTCH if locale == "en" else "") + text


class ActionWhatToDo(FormAspectAction):
    intent = "ask_what_to_do"

    def name(self) -> str:
        return "action_what_to_do"

    def render(self, form: dict[str, Any], tracker: Tracker, locale: str) -> str:
        role = role_of(tracker)
        todo = form["wat_te_doen"]
        roles = [role] if role in todo else ["slachtoffer", "omstander", "professional"]
        parts = [f"{ROLE_LABELS[r]}:\n{todo[r]}" for r in roles]
        helplines = [store().get("help", h) for h in form["hulp"][:3]]
        numbers = [f"{h['name']}: {h['phone']}" for h in helplines if h and h.get("phone")]
        if numbers:
            parts.append("Hulp: " + "; ".join(numbers) + ".")
        return (ONLY_DUTCH if locale == "en" else "") + "\n\n".join(parts)
