"""Deterministic crisis detection, shared by the bot's NLU component and the webchat.

Pure Python (no Rasa import) so the webchat can use it when Rasa is down. The patterns are
data in bot/crisis_lexicon.yml (its header explains the kinds and their order); they run on
normalised text (lowercase, no diacritics or punctuation), so "m'n" arrives as "m n".
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

import yaml

from content.text import normalise

CrisisKind = Literal["suicide", "medical", "sexual", "child", "acute"]

LEXICON = Path(__file__).with_name("crisis_lexicon.yml")
GUARDS = ("about_others", "not_a_case", "not_meant", "past", "still", "calm", "child_age")


def _load(path: Path = LEXICON) -> dict:
    """The lexicon with every {NAME} fragment filled in and every pattern compiled."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    fragments = data["fragments"]

    def expand(pattern: str) -> str:  # a fragment may use another one
        return re.sub(r"\{([A-Z_]+)\}", lambda m: expand(fragments[m.group(1)]), pattern)

    guards = {key: re.compile(expand(data[key])) for key in GUARDS}
    # (group, kind, guards that cancel the group) in the order of the first help line.
    order = [(group, group.split("_")[0], [guards[g] for g in data["unless"].get(group, [])])
             for group in data["order"]]
    patterns = {group: [re.compile(expand(p)) for p in data["patterns"][group]]
                for group, _, _ in order}
    return {"order": order, "patterns": patterns, **guards}


# A few hundred small expressions: read and compiled once at import (about 50 ms).
_LEXICON = _load()
_ORDER: list[tuple[str, CrisisKind, list[re.Pattern]]] = _LEXICON["order"]
_PATTERNS: dict[str, list[re.Pattern]] = _LEXICON["patterns"]
_ABOUT_OTHERS, _NOT_A_CASE, _NOT_MEANT, _PAST, _STILL, _CALM, _CHILD_AGE = (
    _LEXICON[key] for key in GUARDS)


def _told_as_past(normalised: str) -> bool:
    return bool(_PAST.search(normalised)) and not _STILL.search(normalised)


def detect_crisis(text: str) -> CrisisKind | None:
    """The kind of crisis a message discloses, or None."""
    normalised = normalise(text)
    if not normalised or _NOT_MEANT.search(normalised):
        return None
    # Violence told as the past is no emergency now; suicidal thoughts always count.
    told_as_past = _told_as_past(normalised)
    for group, kind, unless in _ORDER:
        if kind != "suicide" and told_as_past:
            continue
        if any(guard.search(normalised) for guard in unless):
            continue
        if any(p.search(normalised) for p in _PATTERNS[group]):
            return kind
    return None


def is_not_a_disclosure(text: str) -> bool:
    """A question about others, the past, media, a professional's case, a joke, or "geen
    paniek": the model's crisis guess is overruled only for these (a lexicon match never is)."""
    normalised = normalise(text)
    return _told_as_past(normalised) or any(
        g.search(normalised) for g in (_ABOUT_OTHERS, _NOT_MEANT, _NOT_A_CASE, _CALM))


def told_by_a_child(text: str) -> bool:
    """The writer gives a child's age or school year ("ik ben 13", "groep 7", "im 14")."""
    return bool(_CHILD_AGE.search(normalise(text)))


# Help-line messages used when the bot cannot answer (Rasa or the action server is down) and as
# the action's first line. Numbers are checked facts (see content/help/help.yaml sources).
FALLBACK_MESSAGES = {
    "nl": {
        "acute": "Ben je nu in gevaar? Bel direct 112.",
        "suicide": "Denk je aan zelfdoding? Bel gratis 113 via 0800-0113 of chat op 113.nl. "
        "Dag en nacht. Maak je je zorgen om iemand anders? Ook dan kun je 113 bellen. "
        "Bij direct gevaar: bel 112.",
        "child": "Ben je een kind en gebeurt er thuis iets wat niet goed voelt? Bel gratis de "
        "Kindertelefoon: 0800-0432. Ben je nu in gevaar? Bel 112.",
        "sexual": "Ben je kort geleden verkracht of aangerand? Bel gratis het Centrum Seksueel "
        "Geweld: 0800-0188. Dag en nacht. Bel liefst binnen 7 dagen: dan kan een arts je "
        "helpen en sporen bewaren. Aangifte doen hoeft niet. Gaat het om iemand anders? Ook "
        "dan kun je bellen. Ben je nu in gevaar? Bel 112.",
        "medical": "Is iemand bewusteloos, ademt iemand slecht of bloedt iemand veel? Bel nu "
        "112 en vraag om een ambulance. Blijf bij de persoon tot de hulp er is.",
        "default": "Bel 112 als iemand nu in gevaar is. Voor advies of hulp bij huiselijk geweld: "
        "bel Veilig Thuis, gratis en dag en nacht: 0800-2000.",
    },
    "en": {
        "acute": "Are you in danger right now? Call 112 immediately.",
        "suicide": "Are you thinking about suicide? Call 113 free of charge on 0800-0113 or chat "
        "at 113.nl, day and night. Worried about someone else? You can call 113 too. "
        "In immediate danger: call 112.",
        "child": "Are you a child and is something happening at home that does not feel right? "
        "Call the Kindertelefoon for free: 0800-0432. In danger right now? Call 112.",
        "sexual": "Were you raped or sexually assaulted recently? Call the Centrum Seksueel "
        "Geweld (sexual violence centre) for free: 0800-0188, day and night. Call within 7 days "
        "if you can: then a doctor can help you and keep evidence. You do not have to report "
        "it to the police. Is it about someone else? You can call too. In danger right now? "
        "Call 112.",
        "medical": "Is someone unconscious, not breathing well or bleeding a lot? Call 112 now "
        "and ask for an ambulance. Stay with the person until help arrives.",
        "default": "Call 112 if someone is in danger right now. For advice or help with domestic "
        "violence: call Veilig Thuis, free and 24/7: 0800-2000.",
    },
}
