"""FAQ retrieval on the held-out phrasings (content/faq/*.yaml `test_phrasings`, never trained
on): the whole NLU pipeline (DIET's `faq` intent or the selector taking over, then the right
item) and the retrieval model alone (top 1 and top 3). Part of `make eval`."""

from __future__ import annotations

from bot.faq_index import FaqIndex, faq_items
from content.readability import sentences

CHAT_SET = "faq held-out phrasings through /api/chat"


def faq_chat_cases() -> list[dict]:
    """Each held-out phrasing as a one-turn conversation: what a person gets back must hold
    the start of the item's answer, in the phrasing's language (Dutch when it cannot tell):
    answered directly or as the best guess below the NLU's threshold, either counts."""
    from lingua import Language, LanguageDetectorBuilder  # labels the cases, as a reader would

    detector = LanguageDetectorBuilder.from_languages(Language.DUTCH, Language.ENGLISH).build()
    cases = []
    for item in faq_items():
        for n, text in enumerate(item["test_phrasings"]):
            english = detector.detect_language_of(text) == Language.ENGLISH
            first = sentences(item["answer_en" if english else "answer"])[0]
            cases.append({"id": f"{item['slug']}-{n}", "category": "faq",
                          "lang": "en" if english else "nl",
                          "turns": [{"say": text, "expect_any": [first[:60]]}]})
    return cases


def faq_scores(parser) -> dict[str, float | int | list]:
    items = faq_items()
    index = FaqIndex.fit(items)
    cases = [(text, item["slug"]) for item in items for text in item["test_phrasings"]]
    pipeline = top1 = top3 = 0
    misses = []
    for text, slug in cases:
        parsed = parser.parse(text)
        if parsed.intent == "faq" and ("faq_item", slug) in parsed.entities:
            pipeline += 1
        else:
            misses.append((text, slug, parsed.intent))
        ranked = [r.slug for r in index.rank(text, limit=3)]
        top1 += ranked[:1] == [slug]
        top3 += slug in ranked
    n = len(cases)
    return {"n": n, "pipeline": pipeline / n, "top1": top1 / n, "top3": top3 / n,
            "misses": misses}


def faq_lines(parser, chat: list | None = None) -> list[str]:
    s = faq_scores(parser)
    lines = ["## FAQ retrieval (held-out phrasings)", "",
             f"{s['n']} held-out phrasings of {len(faq_items())} FAQ items (`test_phrasings`, "
             "written with the items, never trained on). Target 0.90.", "",
             "| measure | accuracy |", "|---|---|",
             f"| whole pipeline: intent `faq` and the right item | **{s['pipeline']:.3f}** |",
             *([f"| through /api/chat: the reply holds the right item's answer, in the "
                f"phrasing's language | **{sum(r.passed for r in chat) / len(chat):.3f}** |"]
               if chat else []),
             f"| retrieval model alone, right item first | {s['top1']:.3f} |",
             f"| retrieval model alone, right item in the top 3 (what 'Bedoel je' offers) "
             f"| {s['top3']:.3f} |", "", "Pipeline misses by predicted intent: "]
    counts: dict[str, int] = {}
    for _, _, intent in s["misses"]:
        counts[intent] = counts.get(intent, 0) + 1
    lines[-1] += ", ".join(f"{i} {n}" for i, n in sorted(counts.items(), key=lambda kv: -kv[1]))
    return lines
