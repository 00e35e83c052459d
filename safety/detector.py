"""Deterministic crisis detection, shared by the bot's NLU component and the webchat.

Pure Python (no Rasa import) so the webchat can use it when Rasa is down. The patterns are
data in safety/crisis_lexicon.yml (its header explains the kinds and their order); they run on
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


def tells_recent_sexual_abuse(text: str) -> bool:
    """Sexual violence in the last days, whichever kind comes first ("ik ben een jongen van 17
    en ben vorige week door een man misbruikt" is `child`: the Kindertelefoon first, and the
    Centrum Seksueel Geweld is needed too, for care and evidence within 7 days)."""
    normalised = normalise(text)
    if not normalised or _NOT_MEANT.search(normalised) or _NOT_A_CASE.search(normalised):
        return False
    return any(p.search(normalised) for group in ("sexual", "sexual_touch")
               for p in _PATTERNS[group])
