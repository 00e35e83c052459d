"""Help lines as the page shows them: the always-visible help bar and the crisis card.

Numbers come from content/help/ (content.help_lines); only the short labels live here, in the
webchat's message catalogue.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext, lazy_gettext

from content.help_lines import phone, tel_uri

# The four lines a resident needs most, in the order of the help bar.
HELP_BAR = ("112", "veilig-thuis", "kindertelefoon", "113")
SHORT_NAMES = {
    "112": lazy_gettext("Nood"),
    "veilig-thuis": lazy_gettext("Veilig Thuis"),
    # Soft hyphens: on a 320 px phone the long names break where a reader expects it.
    "kindertelefoon": lazy_gettext("Kinder\u00adtelefoon"),
    "113": lazy_gettext("Zelfmoord\u00adpreventie"),
    "centrum-seksueel-geweld": lazy_gettext("Centrum Seksueel Geweld"),
}
# Short numbers people know by heart, shown instead of the long form where one exists.
SHOWN_NUMBER = {"113": "113"}
# What a crisis card offers, most urgent first. The kinds are those of the crisis detector.
CRISIS_CALLS = {
    "acute": ["112", "veilig-thuis"],
    "medical": ["112"],
    "suicide": ["113", "112"],
    "child": ["kindertelefoon", "112"],
    "sexual": ["centrum-seksueel-geweld", "112"],
}


def call(slug: str) -> dict[str, str] | None:
    number = phone(slug)
    if not number:
        return None
    return {"slug": slug, "name": str(SHORT_NAMES.get(slug, slug)),
            "number": SHOWN_NUMBER.get(slug, number), "tel": tel_uri(number)}


def help_bar() -> list[dict[str, str]]:
    return [c for c in (call(slug) for slug in HELP_BAR) if c]


def crisis_card(kind: str) -> dict[str, Any]:
    """The big call buttons for a crisis answer: "Bel 112", "Bel 113", …"""
    calls = []
    for slug in CRISIS_CALLS.get(kind, CRISIS_CALLS["acute"]):
        entry = call(slug)
        if entry:
            label = entry["number"] if slug in ("112", "113") else entry["name"]
            calls.append({**entry, "label": gettext("Bel %(name)s", name=label)})
    return {"kind": kind, "calls": calls}
