"""The first line of crisis help, in Dutch and English: said by the bot's crisis action, and by
the webchat itself when the bot cannot answer (Rasa or the action server down or too slow).

The sentences are safety-critical and must work without the bot's catalogue or the database, so
they live here; every phone number comes from content/help/ (the checked facts, with sources).
"""

from __future__ import annotations

import re

from content.help_lines import phone

# {slug}: the phone number of that help line in content/help/ (filled in below).
_TEMPLATES = {
    "nl": {
        "acute": "Ben je nu in gevaar? Bel direct {112}.",
        "suicide": "Denk je aan zelfdoding? Bel gratis 113 via {113} of chat op 113.nl. Dag en "
        "nacht. Maak je je zorgen om iemand anders? Ook dan kun je 113 bellen. Bij direct "
        "gevaar: bel {112}.",
        "child": "Ben je een kind en gebeurt er thuis iets wat niet goed voelt? Bel gratis de "
        "Kindertelefoon: {kindertelefoon}. Ben je nu in gevaar? Bel {112}.",
        "sexual": "Ben je kort geleden verkracht of aangerand? Bel gratis het Centrum Seksueel "
        "Geweld: {centrum-seksueel-geweld}. Dag en nacht. Bel liefst binnen 7 dagen: dan kan "
        "een arts je helpen en sporen bewaren. Aangifte doen hoeft niet. Gaat het om iemand "
        "anders? Ook dan kun je bellen. Ben je nu in gevaar? Bel {112}.",
        "medical": "Is iemand bewusteloos, ademt iemand slecht of bloedt iemand veel? Bel nu "
        "{112} en vraag om een ambulance. Blijf bij de persoon tot de hulp er is.",
        "default": "Bel {112} als iemand nu in gevaar is. Voor advies of hulp bij huiselijk "
        "geweld: bel Veilig Thuis, gratis en dag en nacht: {veilig-thuis}.",
    },
    "en": {
        "acute": "Are you in danger right now? Call {112} immediately.",
        "suicide": "Are you thinking about suicide? Call 113 free of charge on {113} or chat at "
        "113.nl, day and night. Worried about someone else? You can call 113 too. In immediate "
        "danger: call {112}.",
        "child": "Are you a child and is something happening at home that does not feel right? "
        "Call the Kindertelefoon for free: {kindertelefoon}. In danger right now? Call {112}.",
        "sexual": "Were you raped or sexually assaulted recently? Call the Centrum Seksueel "
        "Geweld (sexual violence centre) for free: {centrum-seksueel-geweld}, day and night. "
        "Call within 7 days if you can: then a doctor can help you and keep evidence. You do "
        "not have to report it to the police. Is it about someone else? You can call too. In "
        "danger right now? Call {112}.",
        "medical": "Is someone unconscious, not breathing well or bleeding a lot? Call {112} now "
        "and ask for an ambulance. Stay with the person until help arrives.",
        "default": "Call {112} if someone is in danger right now. For advice or help with "
        "domestic violence: call Veilig Thuis, free and 24/7: {veilig-thuis}.",
    },
}


def _with_numbers(text: str) -> str:
    def number(match: re.Match) -> str:
        found = phone(match.group(1))
        if not found:
            raise KeyError(f"no phone number for help line {match.group(1)!r} in content/help/")
        return found
    return re.sub(r"\{([a-z0-9-]+)\}", number, text)


FALLBACK_MESSAGES = {lang: {kind: _with_numbers(text) for kind, text in texts.items()}
                     for lang, texts in _TEMPLATES.items()}
