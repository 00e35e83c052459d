"""NLU component: an unsure intent that the message's entities back up is kept.

"wat moet je doen bij stap 2 van de meldcode" gave ask_meldcode_step at 0.52, just under the
FallbackClassifier's threshold, although it names a step: the person got "Ik weet niet zeker
wat je bedoelt". When the model's best intent needs an entity and the message has it, the
intent is lifted to the threshold instead (blind e2e sets, session 5).
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

# The entity each intent is about (bot/domain: the actions read these).
BACKED_BY = {
    "ask_meldcode_step": "stap", "ask_region": "regio", "join_campaign": "code",
    "ask_definition": "vorm", "ask_signalen": "vorm", "ask_risicofactoren": "vorm",
    "ask_beschermende_factoren": "vorm", "ask_figures": "vorm", "ask_term": "term",
}


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class EntityBackedIntent(GraphComponent):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # Lift from `min_confidence` to `lifted` (the FallbackClassifier's threshold + 0.05,
        # so that the ambiguity check sees the lead too).
        return {"min_confidence": 0.4, "lifted": 0.6}

    def __init__(self, config: dict[str, Any]):
        self.config = {**self.get_default_config(), **config}

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> EntityBackedIntent:
        return cls(config)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            intent = message.get(INTENT) or {}
            name, confidence = intent.get("name"), float(intent.get("confidence") or 0.0)
            needed = BACKED_BY.get(name)
            if (not needed or not self.config["min_confidence"] <= confidence
                    < self.config["lifted"]):
                continue
            if not any(e.get("entity") == needed for e in message.get(ENTITIES) or []):
                continue
            lifted = {"name": name, "confidence": self.config["lifted"]}
            # The others shrink in proportion, so the lifted intent also leads clearly.
            scale = (1 - self.config["lifted"]) / max(1e-9, 1 - confidence)
            rest = [dict(r, confidence=r["confidence"] * scale)
                    for r in message.get(INTENT_RANKING_KEY) or [] if r.get("name") != name]
            message.set(INTENT, lifted, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [lifted, *rest], add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
