"""The audit table for docs/content-coverage.md: per collection, how many items cite a public
national page (with the date it was checked) besides the regional seeds."""

from __future__ import annotations

from collections import defaultdict

from content.validate import Corpus


def audit_lines(corpus: Corpus) -> list[str]:
    checked: dict[str, list[str]] = defaultdict(list)
    totals: dict[str, int] = defaultdict(int)
    for item in corpus.items:
        totals[item.collection] += 1
        dates = [s["checked"] for s in item.data["sources"] if "checked" in s]
        if dates:
            checked[item.collection].append(max(dates))
    lines = ["## Audit: checked against a public page", "",
             "Items that cite at least one public national page, with the newest `checked` date "
             "among them (the others rest on the regional seeds alone).", "",
             "| collection | items checked against a page | of | newest check | oldest check |",
             "|---|---|---|---|---|"]
    for collection in sorted(totals):
        dates = checked.get(collection, [])
        lines.append(f"| {collection} | {len(dates)} | {totals[collection]} | "
                     f"{max(dates) if dates else '–'} | {min(dates) if dates else '–'} |")
    return lines
