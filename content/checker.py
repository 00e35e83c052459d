"""The content checker: fails loudly, naming file, item and field.

`python -m content.checker` (make content-check). Beyond the JSON Schema it checks sources
against the seed files, cross-references, quiz and casus logic, repeated sentences, minimum
coverage, B1 readability, sentences copied from the seeds (8+ words in a row, unless quoted)
and the register of professional texts ("je", never "u"; see content/seed_overlap.py), and
writes docs/content-coverage.md.
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import settings
from content.audit import audit_lines
from content.faq_checks import check_faq_item, check_faq_phrasings
from content.quiz_integrity import quiz_bias_figures, quiz_integrity_errors
from content.readability import measure
from content.readability import sentences as split_sentences
from content.seed_overlap import check_register, check_seed_overlap
from content.text import normalise, strings_in
from content.validate import ContentError, Corpus, Item, read_corpus

ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = settings.current().seeds_dir
COVERAGE_DOC = ROOT / "docs" / "content-coverage.md"

MINIMUMS = {"forms": 20, "meldcode": 5, "help": 13, "regions": 5, "begrippen": 40,
            "figures": 10, "campaigns": 2, "quiz": 150, "casussen": 10, "faq": 150}
REQUIRED_FORMS = [
    "huiselijk-geweld", "partnergeweld", "intieme-terreur", "situationeel-partnergeweld",
    "kindermishandeling", "ouderenmishandeling", "financieel-misbruik", "kind-oudermishandeling",
    "eergerelateerd-geweld", "huwelijksdwang", "achterlating", "vrouwelijke-genitale-verminking",
    "femicide", "stalking", "complexe-scheiding", "seksueel-geweld", "mensenhandel",
    "online-misbruik", "gendergerelateerd-geweld", "psychisch-geweld", "verwaarlozing",
]
REQUIRED_HELP = ["112", "veilig-thuis", "kindertelefoon", "113", "centrum-seksueel-geweld"]
QUIZ_TOPICS = {"meldcode", "hulp", "signalen", "risicofactoren", "begrippen", "campagnes"}
# Resident-facing fields measured for B1 (see content/readability.py).
B1_FIELDS = {"forms": ["definition", "wat_te_doen.slachtoffer", "wat_te_doen.omstander"],
             "help": ["when"]}
MIN_SHARED_SENTENCE_WORDS = 6
# Short labels that may rightly recur (a distractor, a name); prose may not.
NOT_PROSE = {"options", "answer", "synonyms", "title", "title_en", "term", "name"}


def _get(data: dict, dotted: str):
    for key in dotted.split("."):
        data = data.get(key) if isinstance(data, dict) else None
    return data


def _seed_lines(name: str) -> int | None:
    path = SEEDS_DIR / name
    if not path.is_file():
        return None
    with path.open("rb") as handle:
        return sum(1 for _ in handle)


def check_sources(item: Item) -> Iterator[ContentError]:
    for n, source in enumerate(item.data["sources"], 1):
        where = f"sources[{n}]"
        if "seed" in source:
            total = _seed_lines(source["seed"])
            if total is None:
                yield ContentError(item.file, item.slug, where, f"seed file {source['seed']} "
                                   f"not found in {SEEDS_DIR}")
                continue
            start, _, end = source["lines"].partition("-")
            first, last = int(start), int(end or start)
            if not 1 <= first <= last <= total:
                yield ContentError(item.file, item.slug, where, f"lines {source['lines']} lie "
                                   f"outside {source['seed']} (1-{total})")
        else:
            url = urlparse(source["url"])
            if url.scheme not in ("http", "https") or "." not in url.netloc or " " in source["url"]:
                yield ContentError(item.file, item.slug, where, f"malformed URL {source['url']!r}")


def check_chat_hours(item: Item) -> Iterator[ContentError]:
    """Chat hours come as a set: a chat link, text for people and the machine-readable list."""
    data = item.data
    present = {f for f in ("chat_hours", "chat_hours_en", "chat_opening") if f in data}
    if present and (len(present) < 3 or not data.get("chat")):
        missing = sorted({"chat_hours", "chat_hours_en", "chat_opening"} - present)
        yield ContentError(item.file, item.slug, "chat_opening", "chat hours need a chat link "
                           f"and all of chat_hours, chat_hours_en, chat_opening (missing: "
                           f"{', '.join(missing) or 'chat'})")
    for n, span in enumerate(data.get("chat_opening", []), 1):
        if span["from"] >= span["to"]:
            yield ContentError(item.file, item.slug, f"chat_opening[{n}]",
                               f"'to' {span['to']} is not later than 'from' {span['from']}; "
                               "split a night over two days")


def check_item(item: Item, slugs: dict[str, set[str]]) -> Iterator[ContentError]:
    data, err = item.data, lambda f, m: ContentError(item.file, item.slug, f, m)
    yield from check_sources(item)
    yield from check_seed_overlap(item, SEEDS_DIR)
    yield from check_register(item)
    if item.collection == "forms":
        for slug in data["hulp"]:
            if slug not in slugs["help"]:
                yield err("hulp", f"unknown help line {slug!r}")
        for slug in data.get("related", []):
            if slug not in slugs["forms"]:
                yield err("related", f"unknown form {slug!r}")
        if sum(len(v) for v in data["signalen"].values()) < 3:
            yield err("signalen", "needs at least 3 signals")
    elif item.collection == "help":
        yield from check_chat_hours(item)
    elif item.collection == "faq":
        yield from check_faq_item(item, slugs)
    elif item.collection == "quiz":
        options = [normalise(o) for o in data["options"]]
        if len(set(options)) != len(options):
            yield err("options", "options repeat")
        if data["answer"] not in data["options"]:
            yield err("answer", f"answer {data['answer']!r} is not one of the options")
        if data["topic"] not in QUIZ_TOPICS and data["topic"] not in slugs["forms"]:
            yield err("topic", f"unknown topic {data['topic']!r}")
    elif item.collection == "casussen":
        steps = sorted(s["stap"] for s in data["steps"])
        if steps != [1, 2, 3, 4, 5]:
            yield err("steps", f"must walk meldcode steps 1-5 once each, got {steps}")
        for n, step in enumerate(data["steps"], 1):
            if sum(c["correct"] for c in step["choices"]) != 1:
                yield err(f"steps[{n}].choices", "exactly one choice must be correct")
    for dotted in B1_FIELDS.get(item.collection, []):
        text = _get(data, dotted)
        if text:
            for problem in measure(text).problems():
                yield err(dotted, f"not B1: {problem}")
    if item.collection == "quiz" and data["audience"] == "inwoner":
        for field in ("question", "explanation"):
            for problem in measure(data[field]).problems():
                yield err(field, f"not B1: {problem}")


def check_repeated_sentences(corpus: Corpus) -> Iterator[ContentError]:
    owners: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for item in corpus.items:
        prose = {k: v for k, v in item.data.items() if k not in NOT_PROSE}
        for text in strings_in(prose):
            for sentence in split_sentences(text):
                key = normalise(sentence)
                if len(key.split()) >= MIN_SHARED_SENTENCE_WORDS:
                    owners[key].add((item.file, f"{item.collection}/{item.slug}"))
    for sentence, where in sorted(owners.items()):
        if len(where) > 1:
            (file, first), *rest = sorted(where)
            others = ", ".join(w for _, w in rest)
            yield ContentError(file, first, "(text)",
                               f"sentence also in {others}: {sentence[:80]!r}")


def check(corpus: Corpus) -> list[ContentError]:
    errors = list(corpus.errors)
    slugs: dict[str, set[str]] = defaultdict(set)
    for item in corpus.items:
        if item.slug in slugs[item.collection]:
            errors.append(ContentError(item.file, item.slug, "slug",
                                       f"duplicate slug in {item.collection}"))
        slugs[item.collection].add(item.slug)
    for item in corpus.items:
        errors.extend(check_item(item, slugs))
    errors.extend(check_repeated_sentences(corpus))
    errors.extend(check_faq_phrasings(corpus))
    errors.extend(quiz_integrity_errors(corpus))
    for collection, minimum in MINIMUMS.items():
        if len(slugs[collection]) < minimum:
            errors.append(ContentError(f"content/{collection}", "-", "(collection)",
                                       f"{len(slugs[collection])} items, minimum {minimum}"))
    for collection, required in (("forms", REQUIRED_FORMS), ("help", REQUIRED_HELP)):
        for slug in required:
            if slug not in slugs[collection]:
                errors.append(ContentError(f"content/{collection}", slug, "(item)",
                                           "required item is missing"))
    return errors


def coverage_report(corpus: Corpus, errors: list[ContentError]) -> str:
    counts = Counter(i.collection for i in corpus.items)
    lines = ["# Content coverage", "", "Written by `make content-check` (content/checker.py); "
             "do not edit by hand.", "", "| collection | items | minimum |", "|---|---|---|"]
    lines += [f"| {c} | {counts.get(c, 0)} | {m} |" for c, m in MINIMUMS.items()]
    forms = corpus.of("forms")
    aspect_counts = Counter()
    for form in forms:
        for group, signals in form.data["signalen"].items():
            aspect_counts[f"signalen.{group}"] += bool(signals)
        aspect_counts["beschermende_factoren"] += bool(form.data.get("beschermende_factoren"))
    lines += ["", f"## Forms ({len(forms)})", "", "| aspect | forms that have it |", "|---|---|"]
    lines += [f"| {a} | {n} of {len(forms)} |" for a, n in sorted(aspect_counts.items())]
    quiz = corpus.of("quiz")
    by_topic = Counter(q.data["topic"] for q in quiz)
    by_audience = Counter(q.data["audience"] for q in quiz)
    by_level = Counter(q.data["difficulty"] for q in quiz)
    lines += ["", f"## Quiz ({len(quiz)} questions)", "",
              "Audience: " + ", ".join(f"{k} {v}" for k, v in sorted(by_audience.items())),
              "", "Difficulty: " + ", ".join(f"{k}: {v}" for k, v in sorted(by_level.items())),
              "", "| topic | questions |", "|---|---|"]
    lines += [f"| {t} | {n} |" for t, n in sorted(by_topic.items())]
    lines += ["", "### Can the quiz be passed by guessing?", "",
              "The correct option should not stand out by length (at most 30 % strictly "
              "longest, enforced by content/quiz_integrity.py).", "",
              "| figure | value |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in quiz_bias_figures(corpus).items()]
    # Options are shuffled per chat session when shown (content/quiz_order.py): simulate
    # 1,000 quiz starts of five questions with random session ids from a fixed seed.
    import random

    from content.quiz_order import seed_text, shown_order

    rng, shown_at = random.Random(20251125), Counter()
    for _ in range(1000 if quiz else 0):
        session = f"{rng.getrandbits(64):016x}"
        for q in rng.sample(quiz, min(5, len(quiz))):
            order = shown_order(q.data["options"], seed_text(session, q.slug))
            shown_at["ABCD"[order.index(q.data["answer"])]] += 1
    total = sum(shown_at.values()) or 1
    lines += ["", "Correct answer shown at A/B/C/D: " + " / ".join(
        f"{shown_at[letter] / total:.0%}" for letter in "ABCD") + f" ({total} answers shown "
        "in 1,000 simulated quiz starts; a question with three options has no D)."]
    without_quiz = sorted({f.slug for f in forms} - set(by_topic))
    missing_protect = sorted(f.slug for f in forms if not f.data.get("beschermende_factoren"))
    lines += ["", "## Missing", "",
              f"- Forms without quiz questions: {', '.join(without_quiz) or 'none'}",
              f"- Forms without beschermende factoren (no reliable source found): "
              f"{', '.join(missing_protect) or 'none'}",
              f"- Checker errors: {len(errors)}", ""]
    lines += audit_lines(corpus) + [""]
    return "\n".join(lines)


def main() -> int:
    corpus = read_corpus()
    errors = check(corpus)
    COVERAGE_DOC.parent.mkdir(exist_ok=True)
    COVERAGE_DOC.write_text(coverage_report(corpus, errors), encoding="utf-8")
    if errors:
        print(f"Content check FAILED: {len(errors)} problems", file=sys.stderr)
        for error in errors:
            print(f"  {error}", file=sys.stderr)
        return 1
    print(f"Content check passed: {len(corpus.items)} items. Coverage: {COVERAGE_DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
