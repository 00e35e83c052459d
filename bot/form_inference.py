"""Which form of violence a message describes when it names none ("mijn peuter heeft steeds
blauwe plekken als hij bij zijn vader was" -> kindermishandeling).

The content already says what each form looks like: its synonyms, definition, signals and risk
factors. A TF-IDF over Dutch stems of that text ranks the forms against the message; the best
one is used when it clearly beats the next, otherwise the bot asks, offering the best few.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from bot.faq_index import stemmed
from content.text import strings_in

# Words that say nothing about the kind of violence (stemmed like the text they filter).
STOP = frozenset(stemmed(" ".join("""ik je jij mijn mn zijn haar hun de het een en van in op te
    is was wordt werd heeft heb hebben moet moeten wat hoe als bij met voor naar dat die dit er
    ook nog niet wel steeds altijd soms vaak hij zij ze we wij me mij hem doen doet kan kun
    the a my his her he she is what how""".split())).split())

# Clearly ahead: the best form's similarity is at least this share above the second's.
LEAD = 1.25
MIN_SIMILARITY = 0.08


@dataclass
class FormGuess:
    slug: str | None
    candidates: list[str]
    # Nothing in the message points to any form ("wat zijn risicofactoren?"): the general
    # answer fits better than asking which form.
    no_cue: bool = False


def form_text(form: dict[str, Any]) -> str:
    parts = [form["title"], *form["synonyms"], form["definition"],
             *strings_in(form["signalen"]), *form["risicofactoren"]]
    return " ".join(parts)


@cache
def _index(forms: tuple[tuple[str, str], ...]):
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(preprocessor=stemmed, sublinear_tf=True, stop_words=list(STOP),
                                 token_pattern=r"(?u)\b\w\w+\b")  # noqa: S106
    matrix = vectorizer.fit_transform([text for _, text in forms])
    return vectorizer, matrix, [slug for slug, _ in forms]


def guess_form(text: str, forms: list[dict[str, Any]], limit: int = 4) -> FormGuess:
    vectorizer, matrix, slugs = _index(tuple((f["slug"], form_text(f)) for f in forms))
    scores = (matrix @ vectorizer.transform([text]).T).toarray().ravel()
    order = scores.argsort()[::-1]
    best, second = scores[order[0]], scores[order[1]] if len(order) > 1 else 0.0
    candidates = [slugs[i] for i in order[:limit] if scores[i] > 0]
    if best >= MIN_SIMILARITY and best >= LEAD * second:
        return FormGuess(slugs[order[0]], candidates)
    return FormGuess(None, candidates, no_cue=best < MIN_SIMILARITY)
