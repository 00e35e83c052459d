"""Read-only access to the content store, used by the bot's actions and the webchat."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import func, select, text
from sqlalchemy.engine import Engine

from content.db import content_items, content_names, get_engine
from content.text import normalise

SEED_TITLES_FILE = Path(__file__).resolve().parent / "seeds.yaml"


@cache
def _seed_titles() -> dict[str, str]:
    return yaml.safe_load(SEED_TITLES_FILE.read_text(encoding="utf-8"))


def cite(source: dict[str, Any]) -> dict[str, str | None]:
    """A source as the chat API shows it: {"title", "url", "checked"} for a web page;
    {"title", "seed", "lines"} for a seed document (the webchat links it to its viewer)."""
    if "url" in source:
        return {"title": source.get("title") or source["url"], "url": source["url"],
                "checked": source.get("checked")}
    title = _seed_titles().get(source["seed"], source["seed"])
    return {"title": f"{title}, regels {source['lines']}", "url": None,
            "seed": source["seed"], "lines": source["lines"]}


class ContentStore:
    def __init__(self, engine: Engine | None = None):
        self.engine = engine or get_engine()

    def get(self, collection: str, slug: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(content_items.c.data).where(
                    content_items.c.collection == collection, content_items.c.slug == slug
                )
            ).first()
        return row.data if row else None

    def many(self, collection: str, slugs: list[str]) -> dict[str, dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(content_items.c.slug, content_items.c.data).where(
                content_items.c.collection == collection, content_items.c.slug.in_(slugs)))
            return {r.slug: r.data for r in rows}

    def all(self, collection: str) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(content_items.c.data)
                .where(content_items.c.collection == collection)
                .order_by(content_items.c.slug)
            )
            return [r.data for r in rows]

    def resolve(self, collection: str, said: str | None) -> str | None:
        """The slug an entity value or free text refers to: exact name first, then the
        longest known name contained in the text."""
        if not said:
            return None
        wanted = normalise(said)
        if not wanted:
            return None
        names = content_names.join(content_items)
        with self.engine.connect() as conn:
            exact = conn.execute(
                select(content_items.c.slug).select_from(names).where(
                    content_names.c.collection == collection, content_names.c.name == wanted
                )
            ).first()
            if exact:
                return exact.slug
            padded = f" {wanted} "
            candidates = conn.execute(
                select(content_items.c.slug, content_names.c.name)
                .select_from(names)
                .where(content_names.c.collection == collection)
                .order_by(func.length(content_names.c.name).desc())
            )
            for slug, name in candidates:
                if len(name) >= 2 and f" {name} " in padded:
                    return slug
        return None

    def search(self, query: str, limit: int = 3) -> list[dict[str, str]]:
        """Full-text search over answerable content (not quiz/casus)."""
        terms = [t for t in normalise(query).split() if len(t) > 2]
        if not terms:
            return []
        with self.engine.connect() as conn:
            if conn.dialect.name == "sqlite":
                match = " OR ".join(f'"{t}"*' for t in terms)
                rows = conn.execute(
                    text("SELECT collection, slug, title FROM content_fts "
                         "WHERE content_fts MATCH :q ORDER BY bm25(content_fts, 0, 0, 5.0, 1.0) "
                         "LIMIT :n"),
                    {"q": match, "n": limit},
                )
            else:
                rows = conn.execute(
                    text("SELECT collection, slug, title FROM content_items "
                         "WHERE collection NOT IN ('quiz', 'casussen') AND "
                         "to_tsvector('dutch', search_text) @@ to_tsquery('dutch', :q) "
                         "ORDER BY ts_rank(to_tsvector('dutch', search_text), "
                         "to_tsquery('dutch', :q)) DESC LIMIT :n"),
                    {"q": " | ".join(terms), "n": limit},
                )
            return [{"collection": r[0], "slug": r[1], "title": r[2]} for r in rows]
