"""The regional approach in the five seed regions; a gemeente maps to its region."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.common import bullets, button, dutch_only, locale_of, phone, resolve, say, store
from bot.i18n import t


class ActionRegion(Action):
    def name(self) -> str:
        return "action_region"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        locale = locale_of(tracker)
        slug = resolve(tracker, "regions", "regio")
        region = store().get("regions", slug) if slug else None
        if region is None:
            regions = store().all("regions")
            say(dispatcher, t(locale, "Ik ken de aanpak van deze regio's. Kies er een, of noem je "
                                      "gemeente. Woon je ergens anders? Veilig Thuis "
                                      "(%(phone)s) werkt in heel Nederland.",
                              phone=phone("veilig-thuis")),
                buttons=[button(r["name"], "ask_region", regio=r["name"]) for r in regions])
            return []
        parts = [
            dutch_only(locale) + t(
                locale, "Regio %(name)s (%(count)d gemeenten; centrumgemeente: %(centres)s). "
                "Regiovisie: %(period)s.", name=region["name"], count=len(region["gemeenten"]),
                centres=", ".join(region["centrumgemeenten"]), period=region["periode"]),
        ]
        if region.get("samenvatting"):
            parts.append(region["samenvatting"])
        parts.append(t(locale, "Actielijnen:") + "\n" + bullets(region["actielijnen"]))
        parts.append(t(locale, "Wie doet wat:") + "\n" + bullets(region["structuren"]))
        say(dispatcher, "\n".join(parts), sources=region["sources"])
        return [SlotSet("last_topic", f"regions:{slug}")]
