"""Find known names (forms of violence and their synonyms) in free text, the way people type
them: inflected ("verwaarloosde"), split or joined compounds ("ouderen mishandeling"),
without diacritics, with one typo.

Pure Python on purpose: the NLU component persists an index built from the training data and
tests use it without a model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from content.text import normalise

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
MAX_WORDS = 8
# One edit is a typo; two edits already turn "verwachting" into "verkrachting".
MAX_TYPOS = 1
MIN_LENGTH_FOR_TYPOS = 8
# Articles and possessives do not change which form is meant: "geweld van kinderen tegen hun
# ouders" is "geweld van kinderen tegen ouders". Pronouns (mij, me) do, so they stay.
FILLERS = frozenset({"de", "het", "een", "hun", "zijn", "haar", "mijn", "mn", "jouw", "je",
                     "onze", "the", "a", "an", "his", "her", "their", "my"})


def content_words(words: list[str]) -> list[str]:
    kept = [w for w in words if w not in FILLERS]
    return kept or words


@lru_cache(maxsize=1)
def _stemmer():
    import snowballstemmer  # imported lazily: the action server imports this package too

    return snowballstemmer.stemmer("dutch")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    # The stemmer makes "ouderen" (the elderly) and "ouders" (parents) both "ouder":
    # two different forms of violence.
    if word.endswith("ouderen"):
        return word
    return _stemmer().stemWord(word)


def key_of(words: list[str]) -> str:
    return " ".join(stem(w) for w in words)


def compound_key_of(words: list[str]) -> str | None:
    """Compounds are written split and joined ('ouderen mishandeling'): two words of four
    letters or more also count as one. Short words never join ('geweld en' is not a name)."""
    if len(words) == 2 and min(len(w) for w in words) >= 4:
        return stem("".join(words))
    return None


def _only_long_words_differ(said: str, known: str) -> bool:
    """A typo counts in a long word only, and not in its first letter (people rarely miss that
    one, and "eermoorden" is one letter from "vermoorden"): "mijn ex slaat mijn kind" is not
    "mijn ex slaat mij", but "huiselijk gewelt" is "huiselijk geweld"."""
    said_words, known_words = said.split(), known.split()
    return len(said_words) == len(known_words) and all(
        a == b or (min(len(a), len(b)) >= 5 and a[0] == b[0])
        for a, b in zip(said_words, known_words, strict=True))


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    value: str
    text: str


class PhraseIndex:
    def __init__(self, keys: dict[str, str]):
        self.keys = keys  # key_of(words) -> canonical value
        self._by_length: dict[int, list[str]] = {}  # a typo changes the length by one at most
        for key in keys:
            if len(key) >= MIN_LENGTH_FOR_TYPOS:
                self._by_length.setdefault(len(key), []).append(key)

    @classmethod
    def from_names(cls, names: dict[str, str]) -> PhraseIndex:
        """names: a phrase as people write it -> its canonical value."""
        keys: dict[str, str] = {}
        for phrase, value in sorted(names.items()):
            words = content_words(normalise(phrase).split())
            if words and len(words) <= MAX_WORDS:
                keys.setdefault(key_of(words), value)
                # Unstemmed too: the stemmer cuts "-ing" off "mishandeling" but not off the
                # typo "mishandelng", which would then be two edits away instead of one.
                keys.setdefault(" ".join(words), value)
                if len(words) > 1:
                    keys.setdefault(stem("".join(words)), value)
        return cls(keys)

    def _lookup(self, key: str) -> str | None:
        if key in self.keys:
            return self.keys[key]
        if len(key) < MIN_LENGTH_FOR_TYPOS:
            return None
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        near = [k for n in range(len(key) - MAX_TYPOS, len(key) + MAX_TYPOS + 1)
                for k in self._by_length.get(n, ())]
        best = process.extractOne(key, near, scorer=Levenshtein.distance, score_cutoff=MAX_TYPOS)
        if not best or not _only_long_words_differ(key, best[0]):
            return None
        return self.keys[best[0]]

    def find(self, text: str) -> list[Match]:
        """Known names in the text, longest first, never overlapping."""
        tokens = [(m.start(), m.end(), normalise(m.group())) for m in _WORD.finditer(text)]
        tokens = [t for t in tokens if t[2]]
        taken = [False] * len(tokens)
        found: list[Match] = []
        for size in range(min(MAX_WORDS, len(tokens)), 0, -1):
            for i in range(len(tokens) - size + 1):
                if any(taken[i:i + size]) or {tokens[i][2], tokens[i + size - 1][2]} & FILLERS:
                    continue  # a name neither starts nor ends with "de" or "mijn"
                words = content_words([t[2] for t in tokens[i:i + size]])
                candidates = [key_of(words), " ".join(words), compound_key_of(words)]
                value = next((v for k in candidates if k
                              and (v := self._lookup(k)) is not None), None)
                if value is not None:
                    start, end = tokens[i][0], tokens[i + size - 1][1]
                    found.append(Match(start, end, value, text[start:end]))
                    taken[i:i + size] = [True] * size
        return sorted(found, key=lambda m: m.start)
