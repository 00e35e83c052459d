"""The regional approach in the five seed regions; a gemeente maps to its region."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.actions.common import bullets, button, resolve, say, store


class ActionRegion(Action):
    def name(self) -> str:
        return "action_region"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: dict[str, Any]) -> list[dict[str, Any]]:
        slug = resolve(tracker, "regions", "regio")
        region = store().get("regions", slug) if slug else None
        if region is None:
            regions = store().all("regions")
            say(dispatcher, "Ik ken de aanpak van deze regio's. Kies er een, of noem je gemeente. "
                "Woon je ergens anders? Veilig Thuis (0800-2000) werkt in heel Nederland.",
                buttons=[button(r["name"], "ask_region", regio=r["name"]) for r in regions])
            return []
        parts = [
            f"Regio {region['name']} ({len(region['gemeenten'])} gemeenten; centrumgemeente: "
            f"{', '.join(region['centrumgemeenten'])}). Regiovisie: {region['periode']}.",
        ]
        if region.get("samenvatting"):
            parts.append(region["samenvatting"])
        parts.append("Actielijnen:\n" + bullets(region["actielijnen"]))
        parts.append("Wie doet wat:\n" + bullets(region["structuren"]))
        say(dispatcher, "\n".join(parts), sources=region["sources"])
        return [SlotSet("last_topic", f"regions:{slug}")]
