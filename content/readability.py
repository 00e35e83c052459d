"""A B1 readability check for resident-facing Dutch text.

No Dutch readability formula ships in a maintained package that works offline here, so we
measure the two things B1 guidance (e.g. Rijksoverheid's 'Direct duidelijk' and Stichting
Makkelijk Lezen) names most: short sentences and few long words.

Thresholds (per text field):
- mean sentence length at most 15 words;
- no sentence longer than 25 words;
- at most 20 % of words longer than 12 letters (Dutch compounds count as long on purpose:
  "ouderenmishandeling" should be explained in short words nearby).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_MEAN_WORDS = 15.0
MAX_SENTENCE_WORDS = 25
MAX_LONG_WORD_SHARE = 0.20
LONG_WORD_LETTERS = 13

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_WORD = re.compile(r"[A-Za-zÀ-ÿ0-9][A-Za-zÀ-ÿ0-9'-]*")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if _WORD.search(s)]


@dataclass(frozen=True)
class Readability:
    mean_words: float
    max_words: int
    long_word_share: float

    def problems(self) -> list[str]:
        found = []
        if self.mean_words > MAX_MEAN_WORDS:
            found.append(f"mean sentence length {self.mean_words:.1f} words > {MAX_MEAN_WORDS}")
        if self.max_words > MAX_SENTENCE_WORDS:
            found.append(f"a sentence of {self.max_words} words > {MAX_SENTENCE_WORDS}")
        if self.long_word_share > MAX_LONG_WORD_SHARE:
            found.append(f"{self.long_word_share:.0%} long words > {MAX_LONG_WORD_SHARE:.0%}")
        return found


def measure(text: str) -> Readability:
    counts = [len(_WORD.findall(s)) for s in sentences(text)] or [0]
    words = _WORD.findall(text)
    long_words = [w for w in words if len(w.replace("-", "")) >= LONG_WORD_LETTERS]
    return Readability(
        mean_words=sum(counts) / len(counts),
        max_words=max(counts),
        long_word_share=len(long_words) / len(words) if words else 0.0,
    )
