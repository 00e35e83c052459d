"""NLU component that finds forms of violence by the names the content store gives them.

DIET learns entities from examples and misses inflections and compounds it never saw
("kinderverwaarlozing", "verwaarloosde kleuter"), or tags a stray word ("breuk", "door").
The names themselves are data: content/forms/*.yaml -> bot/data/nlu/generated_content.yml
(lookup table + synonyms) -> this index, persisted with the model. So a mention the index
knows replaces DIET's guess, and a DIET value that is no known form is dropped: the actions
could not use it anyway.
"""

from __future__ import annotations

import json
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import (
    ENTITIES,
    ENTITY_ATTRIBUTE_END,
    ENTITY_ATTRIBUTE_START,
    ENTITY_ATTRIBUTE_TYPE,
    ENTITY_ATTRIBUTE_VALUE,
    TEXT,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.phrase_index import PhraseIndex

INDEX_FILE = "names.json"


def names_from(training_data: TrainingData, entity: str) -> dict[str, str]:
    """The names content/ gives each value of the entity -> that value (its slug).

    Only the generated lookup table and synonyms count, not the spans labelled in hand-written
    examples: "[mishandeld]" labelled as elder abuse in one sentence is no name for it."""
    values = {str(e[ENTITY_ATTRIBUTE_VALUE]) for m in training_data.entity_examples
              for e in m.get(ENTITIES) or [] if e[ENTITY_ATTRIBUTE_TYPE] == entity}
    names = {value: value for value in values}
    for table in training_data.lookup_tables:
        if table["name"] != entity:
            continue
        for element in table["elements"]:
            value = training_data.entity_synonyms.get(element.lower(), element.lower())
            if value in values:
                names[element] = value
    return names


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=True)
class ContentEntityMatcher(GraphComponent, EntityExtractorMixin):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"entity": "vorm"}

    def __init__(self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
                 names: dict[str, str] | None = None):
        self.entity = config["entity"]
        self._model_storage, self._resource = model_storage, resource
        self.names = names or {}
        self.index = PhraseIndex.from_names(self.names)
        self.known = set(self.names.values())

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> ContentEntityMatcher:
        return cls(config, model_storage, resource)

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> ContentEntityMatcher:
        with model_storage.read_from(resource) as path:
            names = json.loads((path / INDEX_FILE).read_text(encoding="utf-8"))
        return cls(config, model_storage, resource, names)

    def train(self, training_data: TrainingData) -> Resource:
        names = names_from(training_data, self.entity)
        with self._model_storage.write_to(self._resource) as path:
            (path / INDEX_FILE).write_text(json.dumps(names, ensure_ascii=False, sort_keys=True),
                                           encoding="utf-8")
        return self._resource

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            matches = self.index.find(message.get(TEXT) or "")
            found = [{ENTITY_ATTRIBUTE_TYPE: self.entity, ENTITY_ATTRIBUTE_START: m.start,
                      ENTITY_ATTRIBUTE_END: m.end, ENTITY_ATTRIBUTE_VALUE: m.value,
                      "confidence_entity": 1.0} for m in matches]
            others = [e for e in message.get(ENTITIES, []) if self._keeps(e, found)]
            entities = sorted(others + self.add_extractor_name(found),
                              key=lambda e: e[ENTITY_ATTRIBUTE_START])
            message.set(ENTITIES, entities, add_to_output=True)
        return messages

    def _keeps(self, entity: dict[str, Any], found: list[dict[str, Any]]) -> bool:
        """Another extractor's entity stays unless it is our type and we know better."""
        if entity[ENTITY_ATTRIBUTE_TYPE] != self.entity:
            return True  # a glossary term may also be a form: both readings stay
        overlaps = any(entity[ENTITY_ATTRIBUTE_START] < f[ENTITY_ATTRIBUTE_END]
                       and f[ENTITY_ATTRIBUTE_START] < entity[ENTITY_ATTRIBUTE_END]
                       for f in found)
        return not overlaps and entity[ENTITY_ATTRIBUTE_VALUE] in self.known

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
