"""The regional approach in the five seed regions; a gemeente maps to its region."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.common import bullets, button, locale_of, phone, resolve, say, store
from bot.i18n import t


def region_field(region: dict[str, Any], field: str, locale: str) -> Any:
    """A region's field in the locale's language (content/schema.yaml requires the English)."""
    return region.get(f"{field}_en", region.get(field)) if locale == "en" else region.get(field)


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
            # The payload keeps the Dutch name: that is what resolves to the region.
            say(dispatcher, t(locale, "Ik ken de aanpak van deze regio's. Kies er een, of noem je "
                                      "gemeente. Woon je ergens anders? Veilig Thuis "
                                      "(%(phone)s) werkt in heel Nederland.",
                              phone=phone("veilig-thuis")),
                buttons=[button(region_field(r, "name", locale), "ask_region", regio=r["name"])
                         for r in regions])
            return []
        parts = [
            t(locale, "Regio %(name)s (%(count)d gemeenten; centrumgemeente: %(centres)s). "
                      "Regiovisie: %(period)s.", name=region_field(region, "name", locale),
              count=len(region["gemeenten"]), centres=", ".join(region["centrumgemeenten"]),
              period=region_field(region, "periode", locale)),
        ]
        summary = region_field(region, "samenvatting", locale)
        if summary:
            parts.append(summary)
        parts.append(t(locale, "Actielijnen:") + "\n"
                     + bullets(region_field(region, "actielijnen", locale)))
        parts.append(t(locale, "Wie doet wat:") + "\n"
                     + bullets(region_field(region, "structuren", locale)))
        say(dispatcher, "\n".join(parts), sources=region["sources"])
        return [SlotSet("last_topic", f"regions:{slug}")]
