"""Quiz integrity: a quiz must not be passable by guessing the longest option.

An audit found the correct option was the longest one in most questions, so a test-wise
reader scored well without knowing the meldcode. `quiz_integrity_errors` fails when the
correct option (or casus choice) is the strictly longest in more than MAX_LONGEST_SHARE of
the questions, per quiz file and overall, and when a question has too few options.
`quiz_bias_figures` returns the same shares (plus answer-position spread) for a report.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator

from content.validate import ContentError, Corpus

MAX_LONGEST_SHARE = 0.30
MIN_OPTIONS = 3


def _strictly_longest(correct: str, options: list[str]) -> bool:
    """True if `correct` is longer (in characters) than every other option."""
    others = [len(o) for o in options if o != correct]
    return bool(others) and len(correct) > max(others)


def _quiz_flags(corpus: Corpus) -> dict[str, list[bool]]:
    """Per quiz file: for each question, is the answer the strictly longest option?"""
    flags: dict[str, list[bool]] = defaultdict(list)
    for item in corpus.of("quiz"):
        flags[item.file].append(_strictly_longest(item.data["answer"], item.data["options"]))
    return flags


def _casus_flags(corpus: Corpus) -> dict[str, list[bool]]:
    """Per casus file: for each step, is the correct choice the strictly longest?"""
    flags: dict[str, list[bool]] = defaultdict(list)
    for item in corpus.of("casussen"):
        for step in item.data["steps"]:
            texts = [c["text"] for c in step["choices"]]
            right = [c["text"] for c in step["choices"] if c["correct"]]
            if len(right) == 1:
                flags[item.file].append(_strictly_longest(right[0], texts))
    return flags


def _longest_or_tied(correct: str, options: list[str]) -> bool:
    """True if no other option is longer: the audit's looser measure (ties count)."""
    return len(correct) >= max(len(o) for o in options)


def _share(values: list[bool]) -> float:
    return sum(values) / len(values) if values else 0.0


def _too_often(scope: str, what: str, values: list[bool]) -> str | None:
    share = _share(values)
    if share > MAX_LONGEST_SHARE:
        return (f"the correct {what} is the strictly longest in {sum(values)} of {len(values)} "
                f"({share:.0%}) {scope}; at most {MAX_LONGEST_SHARE:.0%} allowed - "
                f"lengthen distractors or shorten answers")
    return None


def quiz_integrity_errors(corpus: Corpus) -> Iterator[ContentError]:
    for item in corpus.of("quiz"):
        if len(item.data["options"]) < MIN_OPTIONS:
            yield ContentError(item.file, item.slug, "options",
                               f"{len(item.data['options'])} options; at least {MIN_OPTIONS} "
                               f"needed so guessing is not a coin toss")
    quiz = _quiz_flags(corpus)
    for file, values in sorted(quiz.items()):
        if message := _too_often("questions in this file", "option", values):
            yield ContentError(file, "-", "answer", message)
    every = [v for values in quiz.values() for v in values]
    if message := _too_often("questions over all quiz files", "option", every):
        yield ContentError("content/quiz", "-", "answer", message)
    casus = _casus_flags(corpus)
    for file, values in sorted(casus.items()):
        if message := _too_often("casus steps in this file", "choice", values):
            yield ContentError(file, "-", "steps.choices", message)
    steps = [v for values in casus.values() for v in values]
    if len(casus) > 1 and (message := _too_often("casus steps overall", "choice", steps)):
        yield ContentError("content/casussen", "-", "steps.choices", message)


def quiz_bias_figures(corpus: Corpus) -> dict[str, object]:
    """Longest-answer shares per file and overall, and where the answer sits (A, B, ...)."""
    figures: dict[str, object] = {}
    quiz = _quiz_flags(corpus)
    for file, values in sorted(quiz.items()):
        figures[f"longest_share[{file}]"] = round(_share(values), 3)
        positions = Counter("ABCD"[i.data["options"].index(i.data["answer"])]
                            for i in corpus.of("quiz") if i.file == file
                            and i.data["answer"] in i.data["options"])
        figures[f"answer_positions[{file}]"] = dict(sorted(positions.items()))
    every = [v for values in quiz.values() for v in values]
    figures["longest_share[quiz]"] = round(_share(every), 3)
    figures["longest_count[quiz]"] = f"{sum(every)} of {len(every)}"
    tied = [_longest_or_tied(i.data["answer"], i.data["options"]) for i in corpus.of("quiz")]
    figures["longest_or_tied_count[quiz]"] = f"{sum(tied)} of {len(tied)}"
    steps = [v for values in _casus_flags(corpus).values() for v in values]
    figures["longest_share[casussen]"] = round(_share(steps), 3)
    figures["longest_count[casussen]"] = f"{sum(steps)} of {len(steps)}"
    return figures
