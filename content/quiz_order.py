"""The order in which a question's options are shown, and a stable id for each option.

Options are shuffled when shown, per chat session and question, reproducibly: the same session
sees the same order for the same question (so a typed "B" means what the person saw), another
session most likely another order. Answers are scored by the option itself (its text or
`option_id`), never by its position. Pure Python, no Rasa: the chat actions and the content
checker (which simulates many quiz starts) use these same functions.
"""

from __future__ import annotations

import hashlib
import random


def seed_text(session_id: str, question_key: str) -> str:
    """What the order of one question in one session is seeded with."""
    return f"{session_id}\x1f{question_key}"


def shown_order(options: list[str], seed_text: str) -> list[str]:
    """The options in the order they are shown, seeded by `seed_text` (hashlib, not hash():
    the order must not change between processes or restarts)."""
    digest = hashlib.sha256(seed_text.encode("utf-8")).digest()
    order = list(options)
    random.Random(int.from_bytes(digest[:8], "big")).shuffle(order)
    return order


def option_id(text: str) -> str:
    """A short stable id for an option, from its text (case and spacing do not matter)."""
    canonical = " ".join(text.split()).casefold()
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:8]
