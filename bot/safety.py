"""Deterministic crisis detection, shared by the bot's NLU component and the webchat.

Pure Python (no Rasa import) so the webchat can use it when Rasa is down. The patterns are
data in bot/crisis_lexicon.yml; they run on normalised text (lowercase, no diacritics or
punctuation), so "m'n" arrives as "m n".
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

import yaml

from content.text import normalise

CrisisKind = Literal["acute", "suicide", "child"]

LEXICON = Path(__file__).with_name("crisis_lexicon.yml")


def _load(path: Path = LEXICON) -> dict:
    """The lexicon with every {NAME} fragment filled in and every pattern compiled."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    fragments = data["fragments"]

    def compiled(pattern: str) -> re.Pattern:
        return re.compile(re.sub(r"\{([A-Z_]+)\}", lambda m: fragments[m.group(1)], pattern))

    patterns = {kind: [compiled(p) for p in data["patterns"][kind]]
                for kind in ("suicide", "child", "acute")}  # the order of the first help line
    return {"patterns": patterns,
            **{key: compiled(data[key])
               for key in ("suicide_word", "about_others", "not_meant", "past", "still")}}


# A few hundred small expressions: read and compiled once at import (about 50 ms).
_LEXICON = _load()
_COMPILED: dict[CrisisKind, list[re.Pattern]] = _LEXICON["patterns"]
_SUICIDE_WORD, _ABOUT_OTHERS, _NOT_MEANT, _PAST, _STILL = (
    _LEXICON[key] for key in ("suicide_word", "about_others", "not_meant", "past", "still"))


def detect_crisis(text: str) -> CrisisKind | None:
    """The kind of crisis a message discloses, or None."""
    normalised = normalise(text)
    if not normalised:
        return None
    if _NOT_MEANT.search(normalised):
        return None
    if _SUICIDE_WORD.search(normalised) and not _ABOUT_OTHERS.search(normalised):
        return "suicide"
    told_as_past = bool(_PAST.search(normalised)) and not _STILL.search(normalised)
    for kind, patterns in _COMPILED.items():
        if kind != "suicide" and told_as_past:
            continue
        if any(p.search(normalised) for p in patterns):
            return kind
    return None


def is_not_a_disclosure(text: str) -> bool:
    """A question about others, the past, media, or a joke: the model's crisis guess is
    overruled only for these (a lexicon match never is)."""
    normalised = normalise(text)
    return bool(_ABOUT_OTHERS.search(normalised) or _NOT_MEANT.search(normalised))


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
