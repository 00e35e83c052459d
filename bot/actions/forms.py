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
    dutch_only,
    latest_text,
    locale_of,
    localised,
    phone,
    resolve,
    role_of,
    say,
    store,
)
from bot.actions.faq import answer_faq, confident_faq
from bot.form_inference import guess_form
from bot.i18n import N_, t

SIGNAL_GROUPS = {
    "algemeen": N_("Algemeen"), "kind": N_("Bij kinderen"), "volwassene": N_("Bij volwassenen"),
    "oudere": N_("Bij ouderen"), "pleger": N_("Bij de pleger"),
}
GENERAL_FORM = "huiselijk-geweld"
COMMON_FORMS = ("huiselijk-geweld", "partnergeweld", "kindermishandeling", "ouderenmishandeling",
                "psychisch-geweld", "seksueel-geweld")
ROLE_LABELS = {
    "slachtoffer": N_("Als het jou overkomt"),
    "omstander": N_("Als je je zorgen maakt om een ander"),
    "professional": N_("Als professional"),
}
FOLLOW_UPS = [
    (N_("Wat is het?"), "ask_definition"), (N_("Signalen"), "ask_signalen"),
    (N_("Risicofactoren"), "ask_risicofactoren"), (N_("Wat kun je doen?"), "ask_what_to_do"),
    (N_("Waar kan ik terecht?"), "ask_where_to_turn"),
]


def follow_up_buttons(slug: str, skip: str, locale: str = "nl") -> list[dict[str, str]]:
    return [button(t(locale, title), i, vorm=slug) for title, i in FOLLOW_UPS if i != skip]


def form_name(form: dict[str, Any], locale: str) -> str:
    """The form's name inside a sentence ("Signalen van kindermishandeling:"); English keeps
    an abbreviation's capitals ("female genital mutilation (FGM)")."""
    if locale != "en" or not form.get("title_en"):
        return form["title"].lower()
    return " ".join(w if w.isupper() else w.lower() for w in form["title_en"].split())


def recent_text(tracker: Tracker, turns: int = 3) -> str:
    """What the person said in the last few turns: "mijn buurvrouw wordt geslagen" then "wat
    moet ik doen?" is one question about one form."""
    said = [e.get("text") or "" for e in tracker.events or [] if e.get("event") == "user"]
    return " ".join([*said[-turns:], latest_text(tracker)] if not said else said[-turns:])


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
            guess = guess_form(recent_text(tracker), store().all("forms"))
            slug = guess.slug
            # "Wat is grooming?" names something, just no form we know: not the general answer.
            general = guess.no_cue and self.intent != "ask_definition"
            if slug is None and not general:
                faq = confident_faq(tracker)
                if faq and answer_faq(dispatcher, faq, locale):
                    return [SlotSet("last_topic", f"faq:{faq}")]
                if self.intent != "ask_what_to_do":
                    self.ask_which(dispatcher, guess.candidates, locale)
                    return []
            # "What can I do?" about violence at home, or a question that points to no form
            # at all ("wat zijn risicofactoren?"), gets the general answer.
            slug = slug or GENERAL_FORM
        form = store().get("forms", slug)
        if form is None:
            self.ask_which(dispatcher, [], locale)
            return []
        say(dispatcher, self.render(form, tracker, locale), sources=form["sources"],
            buttons=follow_up_buttons(slug, self.intent, locale))
        aspect = self.name().removeprefix("action_")
        return [SlotSet("vorm", slug), SlotSet("last_topic", f"forms:{slug}:{aspect}")]


    def ask_which(self, dispatcher: CollectingDispatcher, slugs: list[str], locale: str) -> None:
        forms = [f for f in (store().get("forms", s) for s in slugs) if f]
        forms = forms or [f for f in store().all("forms") if f["slug"] in COMMON_FORMS]
        title = "title_en" if locale == "en" else "title"
        say(dispatcher, t(locale, "Over welke vorm van geweld gaat je vraag? Kies er een of typ "
                                  "de naam."),
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
        signalen, dutch = localised(form, "signalen", locale)
        parts = [t(locale, "Signalen van %(form)s:", form=form_name(form, locale))]
        for group, label in SIGNAL_GROUPS.items():
            if signalen.get(group):
                parts.append(f"{t(locale, label)}:\n{bullets(signalen[group])}")
        parts.append(t(locale, "Eén signaal zegt nog niet alles. Twijfel je? Vraag advies aan "
                               "Veilig Thuis: %(phone)s.", phone=phone("veilig-thuis")))
        return (dutch_only(locale) if dutch else "") + "\n".join(parts)


class ActionRisicofactoren(FormAspectAction):
    intent = "ask_risicofactoren"

    def name(self) -> str:
        return "action_risicofactoren"

    def render(self, form: dict[str, Any], tracker: Tracker, locale: str) -> str:
        factors, dutch = localised(form, "risicofactoren", locale)
        text = t(locale, "Risicofactoren bij %(form)s:", form=form_name(form, locale))
        return (dutch_only(locale) if dutch else "") + f"{text}\n{bullets(factors)}"


class ActionBeschermendeFactoren(FormAspectAction):
    intent = "ask_beschermende_factoren"

    def name(self) -> str:
        return "action_beschermende_factoren"

    def render(self, form: dict[str, Any], tracker: Tracker, locale: str) -> str:
        factors, dutch = localised(form, "beschermende_factoren", locale)
        name = form_name(form, locale)
        if not factors:
            return t(locale, "Voor %(form)s heb ik geen beschermende factoren uit een "
                             "betrouwbare bron. Ik noem alleen wat ik kan onderbouwen.", form=name)
        text = t(locale, "Beschermende factoren bij %(form)s:", form=name)
        return (dutch_only(locale) if dutch else "") + f"{text}\n{bullets(factors)}"


class ActionWhatToDo(FormAspectAction):
    intent = "ask_what_to_do"

    def name(self) -> str:
        return "action_what_to_do"

    def render(self, form: dict[str, Any], tracker: Tracker, locale: str) -> str:
        role = role_of(tracker)
        todo, dutch = localised(form, "wat_te_doen", locale)
        roles = [role] if role in todo else ["slachtoffer", "omstander", "professional"]
        parts = [f"{t(locale, ROLE_LABELS[r])}:\n{todo[r]}" for r in roles]
        helplines = [store().get("help", h) for h in form["hulp"][:3]]
        numbers = [f"{h['name']}: {h['phone']}" for h in helplines if h and h.get("phone")]
        if numbers:
            parts.append(t(locale, "Hulp: %(lines)s.", lines="; ".join(numbers)))
        return (dutch_only(locale) if dutch else "") + "\n\n".join(parts)
