"""'Praat met iemand': which people you can phone or chat with right now.

Open or closed is computed from the opening hours in content/help/ (Europe/Amsterdam time), so
the page never sends someone to a chat that is closed.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import gettext

from content.help_lines import help_lines, tel_uri

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# The people behind a line, in the order a resident needs them.
TALK_LINES = ("veilig-thuis", "kindertelefoon", "113", "fier", "centrum-seksueel-geweld")


def _clock(value: str) -> time:
    hours, minutes = (int(part) for part in value.split(":"))
    return time(23, 59, 59) if (hours, minutes) == (24, 0) else time(hours, minutes)


def is_open(opening: list[dict[str, Any]] | None, now: datetime) -> bool | None:
    """True/False from machine-readable hours; None when content gives none (we do not guess)."""
    if not opening:
        return None
    local = now.astimezone(AMSTERDAM)
    day, clock = DAYS[local.weekday()], local.time()
    return any(day in slot["days"] and _clock(slot["from"]) <= clock <= _clock(slot["to"])
               for slot in opening)


def options(now: datetime | None = None, locale: str = "nl") -> list[dict[str, Any]]:
    now = now or datetime.now(AMSTERDAM)
    found = []
    for slug in TALK_LINES:
        line = help_lines().get(slug)
        if not line:
            continue
        english = locale == "en"
        found.append({
            "slug": slug,
            "name": line["name"],
            "phone": line.get("phone"),
            "tel": tel_uri(line["phone"]) if line.get("phone") else None,
            "phone_open": is_open(line.get("phone_opening"), now),
            "chat": line.get("chat"),
            "chat_open": is_open(line.get("chat_opening"), now),
            "hours": line.get("hours_en", line["hours"]) if english else line["hours"],
            "chat_hours": (line.get("chat_hours_en") if english else line.get("chat_hours")),
        })
    return found


def state_label(value: bool | None) -> str:
    if value is None:
        return gettext("bekijk de openingstijden")
    return gettext("nu open") if value else gettext("nu gesloten")
