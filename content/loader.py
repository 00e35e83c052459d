"""Load validated content into the database: upsert by (collection, slug), idempotent.

Run as `python -m content.loader`; exits non-zero, naming file, item and field, on bad content.
"""

from __future__ import annotations

import sys
from typing import Any

from sqlalchemy import delete, insert, select, text, update
from sqlalchemy.engine import Connection, Engine

from content.db import content_items, content_names, create_all, get_engine
from content.text import normalise, strings_in
from content.validate import Corpus, Item, read_corpus

TITLE_FIELD = {
    "forms": "title",
    "meldcode": "title",
    "help": "name",
    "regions": "name",
    "begrippen": "term",
    "figures": "text",
    "campaigns": "name",
    "quiz": "question",
    "casussen": "title",
    "faq": "question",
}
# Held-out phrasings measure retrieval; they must not reach the search index either.
NOT_INDEXED = {"test_phrasings"}


class ContentInvalid(Exception):
    def __init__(self, corpus: Corpus):
        self.errors = corpus.errors
        super().__init__("\n".join(str(e) for e in corpus.errors))


def names_for(item: Item) -> set[str]:
    """Everything a person could type to name this item."""
    data = item.data
    names = {data["slug"].replace("-", " "), data[TITLE_FIELD[item.collection]]}
    names.update(data.get("synonyms", []))
    names.update(data.get("title_en", "") and [data["title_en"]] or [])
    if item.collection == "regions":
        names.update(data["gemeenten"])
        names.update(data["centrumgemeenten"])
    if item.collection == "meldcode" and data.get("number") and data["kind"] == "stap":
        names.add(f"stap {data['number']}")
    if item.collection == "help" and data.get("phone"):
        names.add(data["phone"])
    return {n for n in (normalise(x) for x in names) if n}


def _row(item: Item) -> dict[str, Any]:
    data = item.data
    title = str(data[TITLE_FIELD[item.collection]])
    return {
        "collection": item.collection,
        "slug": item.slug,
        "title": title,
        "data": data,
        "search_text": " ".join(strings_in({k: v for k, v in data.items()
                                            if k not in NOT_INDEXED})),
    }


def _rebuild_search_index(conn: Connection) -> None:
    if conn.dialect.name != "sqlite":
        return  # PostgreSQL searches search_text with to_tsvector at query time.
    conn.execute(text(
        "CREATE VIRTUAL TABLE IF NOT EXISTS content_fts USING fts5("
        "collection UNINDEXED, slug UNINDEXED, title, body, "
        "tokenize='unicode61 remove_diacritics 2')"
    ))
    conn.execute(text("DELETE FROM content_fts"))
    conn.execute(text(
        "INSERT INTO content_fts (collection, slug, title, body) "
        "SELECT collection, slug, title, search_text FROM content_items "
        "WHERE collection NOT IN ('quiz', 'casussen')"
    ))


def load(engine: Engine | None = None, corpus: Corpus | None = None) -> dict[str, int]:
    """Validate and upsert all content; remove items that left the YAML. Returns counts."""
    engine = engine or get_engine()
    corpus = corpus or read_corpus()
    if corpus.errors:
        raise ContentInvalid(corpus)
    create_all(engine)
    counts: dict[str, int] = {}
    with engine.begin() as conn:
        existing = {
            (r.collection, r.slug): r.id
            for r in conn.execute(select(content_items.c.id, content_items.c.collection,
                                         content_items.c.slug))
        }
        seen: set[int] = set()
        for item in corpus.items:
            row = _row(item)
            item_id = existing.get((item.collection, item.slug))
            if item_id is None:
                item_id = conn.execute(insert(content_items).values(**row)).inserted_primary_key[0]
            else:
                conn.execute(update(content_items).where(content_items.c.id == item_id)
                             .values(**row))
            seen.add(item_id)
            conn.execute(delete(content_names).where(content_names.c.item_id == item_id))
            conn.execute(insert(content_names), [
                {"item_id": item_id, "collection": item.collection, "name": name}
                for name in sorted(names_for(item))
            ])
            counts[item.collection] = counts.get(item.collection, 0) + 1
        stale = set(existing.values()) - seen
        if stale:
            conn.execute(delete(content_names).where(content_names.c.item_id.in_(stale)))
            conn.execute(delete(content_items).where(content_items.c.id.in_(stale)))
        _rebuild_search_index(conn)
    return counts


def main() -> int:
    try:
        counts = load()
    except ContentInvalid as exc:
        print(f"Content is invalid ({len(exc.errors)} errors):", file=sys.stderr)
        for error in exc.errors:
            print(f"  {error}", file=sys.stderr)
        return 1
    print("Content loaded: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
