"""Deterministic crisis detection, shared by the bot's NLU component and the webchat.

Pure Python (no Rasa import) so the webchat can use it when Rasa is down. Patterns run on
normalised text (lowercase, no diacritics or punctuation), so "m'n" arrives as "m n".
Order matters: suicide before child before acute, because the first help line differs.
"""

from __future__ import annotations

import re
from typing import Literal

from content.text import normalise

CrisisKind = Literal["acute", "suicide", "child"]

_W = r"(?:\w+ ){0,3}"  # up to three words in between
_MY = r"(?:mijn|m n|mn|me|my)"
_ME = r"(?:me|mij|ons|us|me)"
_NOW = r"(?:nu|nou|op dit moment|nu meteen|net|right now|now)"
_HIT = (r"(?:slaat|slaan|schopt|trapt|wurgt|knijpt|steekt|mishandelt|bedreigt|duwt|sleurt|"
        r"bijt|smijt|gooit|aanvalt|valt)")
_RELATIVE = (r"(?:papa|pap|mama|mam|vader|moeder|stiefvader|stiefmoeder|stiefpapa|stiefmama|"
             r"opa|oma|oom|tante|broer|zus|ouders|dad|daddy|mom|mommy|mum|father|mother|"
             r"stepdad|stepfather|stepmother|uncle|parents)")

_PATTERNS: dict[CrisisKind, list[str]] = {
    "suicide": [
        r"zelfmoord", r"suicid", r"zelfdoding", r"zelf doden",
        rf"\bik {_W}(?:wil|wou|ga|zou willen|wil gewoon) {_W}dood\b",
        r"\bdood (?:wil|willen|gaan)\b",
        r"(?:wil|willen) niet meer (?:leven|verder|bestaan|wakker)",
        r"niet meer (?:willen )?(?:leven|bestaan)\b",
        r"(?:wil|wil er) (?:er )?niet meer zijn",
        r"(?:een )?eind(?:e)? aan (?:mijn|m n|mn|me|het) leven",
        r"er een eind(?:e)? aan (?:maken|te maken)",
        r"(?:mezelf|mijzelf) (?:\w+ )?(?:van kant|iets aan|dood|ombrengen|om te brengen|doden|"
        r"ophangen|te doden|pijn doen)",
        r"van kant maken", r"leven beeindigen", r"uit het leven (?:stappen|gaan)",
        r"niet meer wakker (?:worden|te worden)", r"geen zin meer in (?:het|mijn) leven",
        r"kill myself", r"end my life", r"end it all", r"ending it all", r"(?:want|wanna) to die",
        r"wanna die", r"take my (?:own )?life", r"(?:don t|dont|do not) want to (?:live|be alive)",
        r"better off dead", r"hurt myself",
    ],
    "child": [
        rf"\b{_MY} {_RELATIVE} {_W}(?:{_HIT}|doet (?:me|mij) pijn|zit (?:\w+ )?aan (?:me|mij)|"
        r"raakt (?:me|mij) aan|misbruikt|hits|beats|hurts|touches|is hitting|is hurting)",
        rf"\b{_MY} {_RELATIVE} {_W}{_HIT} {_W}{_MY} (?:mama|moeder|papa|vader|mam|pap|broertje|"
        r"zusje|mom|mum|dad)",
        r"\bik ben (?:[4-9]|1[0-7])(?: jaar)?\b.*\b(?:geslagen|slaat|slaan|mishandeld|misbruikt|"
        r"pijn|schopt|bang)",
        r"\b(?:geslagen|slaat|slaan|mishandeld|misbruikt|schopt)\b.*\bik ben (?:[4-9]|1[0-7])"
        r"(?: jaar)?\b",
        r"\bik (?:word|wordt) thuis (?:\w+ ){0,2}(?:geslagen|geschopt|mishandeld|misbruikt|"
        r"pijn gedaan)",
        r"\b(?:i am|i m|im) (?:[4-9]|1[0-7])\b.*\b(?:hit|hits|beat|beats|hurt|hurts|abuse)",
        r"\bthuis (?:\w+ ){0,2}(?:slaan ze|slaat hij|slaat ze) (?:me|mij)",
    ],
    "acute": [
        rf"\b{_HIT} {_W}{_ME} {_W}{_NOW}\b",
        rf"\b{_NOW} {_W}{_HIT} {_W}{_ME}\b",
        rf"\b(?:{_HIT}) (?:me|mij) (?:in elkaar|helemaal)\b",
        rf"\bik (?:word|wordt) {_NOW} {_W}(?:geslagen|geschopt|gewurgd|mishandeld|bedreigd|"
        r"aangevallen|gestoken)",
        r"\b(?:met|heeft|pakt|pakte|houdt|zwaait) (?:\w+ )?(?:een|a|zijn|his|her|het) "
        r"(?:mes|pistool|wapen|geweer|bijl|knife|gun|weapon)",
        r"(?:gaat|wil|zal|dreigt) (?:\w+ ){0,3}(?:vermoorden|doodmaken|dood maken|afmaken|"
        r"doodsteken|doodschieten)",
        r"(?:vermoordt|vermoord|doodt) (?:me|mij|ons)",
        r"\bstaat (?:\w+ ){0,3}(?:voor|aan|bij) (?:de|mijn|m n|onze) deur",
        r"(?:bonkt|bonst|ramt|trapt|beukt|slaat) (?:\w+ ){0,3}(?:op|tegen|in) (?:de|mijn|onze) deur",
        r"probeert (?:\w+ )?binnen te komen", r"breekt (?:\w+ ){0,2}(?:binnen|de deur)",
        r"\bik ben (?:nu |hier )?(?:in )?(?:acuut |levens)?gevaar", r"\bacuut gevaar",
        r"\blevensgevaar", r"niet veilig (?:nu|op dit moment|meer thuis vannacht)",
        r"(?:wurgt|wurgde) (?:me|mij)", r"knijpt (?:mijn|m n|mn) keel", r"krijg geen lucht",
        r"(?:sluit|sloot|heeft) (?:me|mij|ons) (?:\w+ ){0,2}opgesloten", r"sluit (?:me|mij) op",
        r"bang dat (?:hij|zij|ze) (?:me|mij|ons) (?:\w+ ){0,3}(?:vermoordt|doodmaakt|dood maakt|"
        r"iets aandoet|vermoorden)",
        rf"\bhelp+ (?:\w+ ){{0,3}}(?:hij|zij|ze) (?:{_HIT}|staat|heeft|is binnen)",
        r"(?:is|are|s|keeps) (?:hitting|beating|choking|attacking|strangling|stabbing|"
        r"threatening|hurting|kicking) (?:me|us|my)",
        r"(?:going to|gonna|will|wants to|trying to) kill (?:me|us|my)",
        r"\bin danger\b", r"outside my door", r"trying to (?:get|break) in", r"can t breathe",
        r"locked me (?:up|in)",
    ],
}

_COMPILED = {kind: [re.compile(p) for p in patterns] for kind, patterns in _PATTERNS.items()}


def detect_crisis(text: str) -> CrisisKind | None:
    """The kind of crisis a message discloses, or None."""
    normalised = normalise(text)
    if not normalised:
        return None
    for kind, patterns in _COMPILED.items():
        if any(p.search(normalised) for p in patterns):
            return kind
    return None


# Help-line messages used when the bot cannot answer (Rasa or the action server is down) and as
# the action's last resort. Numbers are checked facts (see content/help/help.yaml sources).
FALLBACK_MESSAGES = {
    "nl": {
        "acute": "Ben je nu in gevaar? Bel direct 112.",
        "suicide": "Denk je aan zelfdoding? Bel gratis 113 via 0800-0113 of chat op 113.nl. "
                   "Dag en nacht. Bij direct gevaar: bel 112.",
        "child": "Ben je een kind en gebeurt er thuis iets wat niet goed voelt? Bel gratis de "
                 "Kindertelefoon: 0800-0432. Ben je nu in gevaar? Bel 112.",
        "default": "Bel 112 als iemand nu in gevaar is. Voor advies of hulp bij huiselijk geweld: "
                   "bel Veilig Thuis, gratis en dag en nacht: 0800-2000.",
    },
    "en": {
        "acute": "Are you in danger right now? Call 112 immediately.",
        "suicide": "Are you thinking about suicide? Call 113 free of charge on 0800-0113 or chat "
                   "at 113.nl, day and night. In immediate danger: call 112.",
        "child": "Are you a child and is something happening at home that does not feel right? "
                 "Call the Kindertelefoon for free: 0800-0432. In danger right now? Call 112.",
        "default": "Call 112 if someone is in danger right now. For advice or help with domestic "
                   "violence: call Veilig Thuis, free and 24/7: 0800-2000.",
    },
}
