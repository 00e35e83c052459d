"""Checks for the FAQ collection that JSON Schema cannot express.

Phrasings train the bot and test_phrasings measure it, so a phrasing may belong to one item
only and a held-out phrasing may never also be a training phrasing (that would flatter the
figures). Resident answers are B1; links to help lines and other items must resolve.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from content.readability import measure
from content.text import normalise
from content.validate import ContentError, Corpus, Item

RESIDENTS = {"slachtoffer", "omstander", "kind", "pleger"}


def check_faq_item(item: Item, slugs: dict[str, set[str]]) -> Iterator[ContentError]:
    data, err = item.data, lambda f, m: ContentError(item.file, item.slug, f, m)
    for slug in data.get("help", []):
        if slug not in slugs["help"]:
            yield err("help", f"unknown help line {slug!r}")
    for slug in data.get("follow_up", []):
        if slug not in slugs["faq"] or slug == item.slug:
            yield err("follow_up", f"unknown or own faq item {slug!r}")
    if RESIDENTS & set(data["audience"]):
        for problem in measure(data["answer"]).problems():
            yield err("answer", f"not B1: {problem}")


def check_faq_phrasings(corpus: Corpus) -> Iterator[ContentError]:
    owners: dict[str, set[str]] = defaultdict(set)
    held_out: dict[str, set[str]] = defaultdict(set)
    files = {}
    for item in corpus.of("faq"):
        files[item.slug] = item.file
        for text in item.data["phrasings"]:
            owners[normalise(text)].add(item.slug)
        for text in item.data["test_phrasings"]:
            held_out[normalise(text)].add(item.slug)
    for text, slugs in sorted(owners.items()):
        if len(slugs) > 1:
            first, *rest = sorted(slugs)
            yield ContentError(files[first], first, "phrasings",
                               f"phrasing {text!r} also in {', '.join(rest)}")
    for text, slugs in sorted(held_out.items()):
        if text in owners:
            first = sorted(slugs)[0]
            yield ContentError(files[first], first, "test_phrasings",
                               f"held-out phrasing {text!r} is also a training phrasing")
