"""Small text helpers shared by the loader, the store and the checker."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

_NON_WORD = re.compile(r"[^a-z0-9+]+")


def normalise(text: str) -> str:
    """Lowercase, strip diacritics and punctuation: 'Géweld!' -> 'geweld'."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_WORD.sub(" ", ascii_text).strip()


def strings_in(value: Any) -> Iterator[str]:
    """Every string inside a nested YAML value, in document order."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, inner in value.items():
            if key != "sources":
                yield from strings_in(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from strings_in(inner)
