"""Two text rules for the content checker: no copied seed sentences, one register for
professionals.

Copied text. Facts carry over from the seed documents, sentences do not. A sentence in any
content item (every collection, every field except `sources`) fails when it shares a run of
RUN_WORDS (8) or more consecutive words with a seed document in ../shared/seeds/. Both sides are
compared after `content.text.normalise` (lowercase, no diacritics, no punctuation); a word split
over two seed lines with a hyphen ("maatschappe-" / "lijke") is matched joined and split.

Quoting. To quote a seed literally, put the quoted words between double quotation marks
(„…”, “…”, "…" or «…») and name the seed in `sources`. Text between those marks is skipped.
Use this for real quotations and for official names that cannot be reworded (the full title
of a law, a programme or a project). Single quotes are not quotation marks here: Dutch uses
them for 's avonds and for 'scare quotes' around a term, and such text must still be in our
own words. Fields that only hold a proper name (NAME_FIELDS: an organisation's `name`, a
document's `visie_titel`) are not compared at all. A per-item `quotes:` list was considered
and left out: it would need a schema change in every collection, and inline quotation marks
already show the reader what is quoted. A quiz `answer` is skipped because it repeats one of
the `options`, which are checked.

Register. Professional fields address the reader with "je", like the rest of Signaal: formal
"u", "uw" or "uzelf" as a pronoun fails. Checked: meldcode `title`, `text` and `vragen`;
forms `wat_te_doen.professional`; the `answer` of faq items whose audience is only
professional and/or trainer. "u" after a number ("9.00 u") or joined with a hyphen ("U-bocht")
is not a pronoun and passes; so does text between double quotation marks (a quoted source).

The seed index (every 8-word run -> seed file and line) is built once per seeds folder.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from content.readability import sentences as split_sentences
from content.text import normalise
from content.validate import ContentError, Item

RUN_WORDS = 8
QUOTED = re.compile(r"[„“\"«][^„“”\"«»\n]*[”“\"»]")
FORMAL = re.compile(r"(?<![\w\-])(?<!\d\s)(u|uw|uzelf|uwe)(?![\w\-])", re.IGNORECASE)
PROFESSIONAL_FIELDS = {"meldcode": ["title", "text", "vragen"],
                       "forms": ["wat_te_doen.professional"],
                       "faq": ["answer"]}
PROFESSIONAL_AUDIENCES = {"professional", "trainer"}
NAME_FIELDS = {"name", "visie_titel"}
_HYPHEN_BREAK = re.compile(r"[A-Za-zÀ-ÿ]-\s*$")

Where = tuple[str, int]  # seed file name, 1-based line


def _token_streams(lines: list[str]) -> Iterator[list[tuple[str, int]]]:
    """The seed's words with their line numbers: once with line-end hyphens joined, once split."""
    split: list[tuple[str, int]] = []
    joined: list[tuple[str, int]] = []
    carry = ""
    for number, line in enumerate(lines, 1):
        words = normalise(line).split()
        split.extend((w, number) for w in words)
        if carry and words:
            words[0] = carry + words[0]
            carry = ""
        if _HYPHEN_BREAK.search(line) and words:
            carry = words.pop()
        joined.extend((w, number) for w in words)
    yield split
    yield joined


@cache
def seed_index(seeds_dir: Path) -> dict[str, Where]:
    """Every run of RUN_WORDS consecutive seed words, mapped to where it starts."""
    index: dict[str, Where] = {}
    for path in sorted(seeds_dir.glob("*.txt")):
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
        for stream in _token_streams(lines):
            words = [w for w, _ in stream]
            for start in range(len(words) - RUN_WORDS + 1):
                key = " ".join(words[start:start + RUN_WORDS])
                index.setdefault(key, (path.name, stream[start][1]))
    return index


def fields_of(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(dotted field path, string) for every string in an item, skipping `sources`."""
    if isinstance(value, str):
        yield path or "(item)", value
    elif isinstance(value, dict):
        for key, inner in value.items():
            if key != "sources":
                yield from fields_of(inner, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for n, inner in enumerate(value, 1):
            yield from fields_of(inner, f"{path}[{n}]")


def shared_runs(text: str, index: dict[str, Where]) -> Iterator[tuple[str, Where]]:
    """Each maximal run of >= RUN_WORDS words that a sentence of `text` shares with a seed."""
    for sentence in split_sentences(QUOTED.sub(" ", text)):
        words = normalise(sentence).split()
        hits = [index.get(" ".join(words[i:i + RUN_WORDS]))
                for i in range(len(words) - RUN_WORDS + 1)]
        i = 0
        while i < len(hits):
            if hits[i] is None:
                i += 1
                continue
            end = i
            while end + 1 < len(hits) and hits[end + 1] is not None:
                end += 1
            yield " ".join(words[i:end + RUN_WORDS]), hits[i]
            i = end + 1


def check_seed_overlap(item: Item, seeds_dir: Path) -> Iterator[ContentError]:
    index = seed_index(seeds_dir)
    for field, text in fields_of(item.data):
        if field.split(".")[-1].split("[")[0] in NAME_FIELDS:
            continue
        if item.collection == "quiz" and field == "answer":
            continue  # the answer repeats one of the options, which are checked already
        for run, (seed, line) in shared_runs(text, index):
            yield ContentError(item.file, item.slug, field,
                               f"copies {len(run.split())} words from seed {seed} (line {line}); "
                               f"write it in your own words or quote it: {run!r}")


def _professional_fields(item: Item) -> list[str]:
    fields = PROFESSIONAL_FIELDS.get(item.collection, [])
    if item.collection == "faq" and not set(item.data["audience"]) <= PROFESSIONAL_AUDIENCES:
        return []
    return fields


def check_register(item: Item) -> Iterator[ContentError]:
    for dotted in _professional_fields(item):
        value: Any = item.data
        for key in dotted.split("."):
            value = value.get(key) if isinstance(value, dict) else None
        for field, text in fields_of(value, dotted):
            for match in FORMAL.finditer(QUOTED.sub(" ", text)):
                start = max(match.start() - 30, 0)
                yield ContentError(item.file, item.slug, field,
                                   f"formal {match.group(0)!r} in a professional text: address "
                                   f"the reader with 'je' ({text[start:match.end() + 30]!r})")
