"""Read content/<collection>/*.yaml and validate each item against schema.yaml.

Errors name file, item and field, so a curator can fix them without reading code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft7Validator

CONTENT_DIR = Path(__file__).resolve().parent
SCHEMA_FILE = CONTENT_DIR / "schema.yaml"


@dataclass(frozen=True)
class ContentError:
    file: str
    item: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: item {self.item}: field {self.field}: {self.message}"


@dataclass
class Item:
    collection: str
    file: str
    data: dict[str, Any]

    @property
    def slug(self) -> str:
        return self.data["slug"]


@dataclass
class Corpus:
    items: list[Item] = field(default_factory=list)
    errors: list[ContentError] = field(default_factory=list)

    def of(self, collection: str) -> list[Item]:
        return [i for i in self.items if i.collection == collection]


class _ContentLoader(yaml.SafeLoader):
    """SafeLoader that keeps dates as strings: `checked: 2026-11-22` stays text."""


_ContentLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse_yaml(text: str) -> Any:
    return yaml.load(text, Loader=_ContentLoader)  # noqa: S506 - a SafeLoader subclass


@cache
def _schema() -> dict[str, Any]:
    return yaml.safe_load(SCHEMA_FILE.read_text(encoding="utf-8"))


@cache
def validator_for(collection: str) -> Draft7Validator:
    schema = _schema()
    if collection not in schema["collections"]:
        raise KeyError(collection)
    spec = dict(schema["collections"][collection], definitions=schema["definitions"])
    return Draft7Validator(spec)


def collections() -> list[str]:
    return list(_schema()["collections"])


def _field_path(error) -> str:
    path = ".".join(str(p) for p in error.absolute_path)
    if error.validator == "required":
        missing = error.message.split("'")[1]
        path = f"{path}.{missing}" if path else missing
    elif error.validator == "additionalProperties":
        path = path or "(item)"
    return path or "(item)"


def read_corpus(content_dir: Path = CONTENT_DIR) -> Corpus:
    """Parse and schema-validate every content file; never raises on bad content."""
    corpus = Corpus()
    for collection in collections():
        for path in sorted((content_dir / collection).glob("*.yaml")):
            rel = str(path.relative_to(content_dir.parent)) if content_dir.parent in path.parents \
                else str(path)
            try:
                raw = parse_yaml(path.read_text(encoding="utf-8"))
            except (yaml.YAMLError, UnicodeDecodeError) as exc:
                corpus.errors.append(ContentError(rel, "-", "-", f"cannot parse: {exc}"))
                continue
            if raw is None:
                continue
            if not isinstance(raw, list):
                corpus.errors.append(ContentError(rel, "-", "-", "file must hold a YAML list"))
                continue
            validator = validator_for(collection)
            for index, data in enumerate(raw):
                label = data.get("slug", f"#{index + 1}") if isinstance(data, dict) \
                    else f"#{index + 1}"
                errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
                for error in errors:
                    corpus.errors.append(
                        ContentError(rel, str(label), _field_path(error), error.message[:200])
                    )
                if not errors:
                    corpus.items.append(Item(collection, rel, data))
    return corpus
