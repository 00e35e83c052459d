"""NLU component that routes crisis messages deterministically, whatever the model says."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from safety import detect_crisis, is_not_a_disclosure

CRISIS_INTENTS = ("crisis_acute", "crisis_suicide", "crisis_child", "crisis_sexual",
                  "crisis_medical")
# The model's crisis guess counts from this confidence on (below the fallback threshold too):
# missing a crisis costs more than one extra help-line message.
MODEL_CRISIS_MIN_CONFIDENCE = 0.3


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class CrisisDetector(GraphComponent):
    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> CrisisDetector:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            ranking = message.get(INTENT_RANKING_KEY) or []
            model = message.get(INTENT) or {}
            model_says_crisis = model.get("name") in CRISIS_INTENTS
            kind = detect_crisis(text)
            if kind is not None:
                name = f"crisis_{kind}"
            elif model_says_crisis and is_not_a_disclosure(text):
                # A question about others, the past or a joke: the best non-crisis intent.
                others = [r for r in ranking if r["name"] not in CRISIS_INTENTS]
                if others:
                    message.set(INTENT, others[0], add_to_output=True)
                    message.set(INTENT_RANKING_KEY, others, add_to_output=True)
                continue
            elif model_says_crisis and model.get("confidence", 0) >= MODEL_CRISIS_MIN_CONFIDENCE:
                name = model["name"]
            else:
                continue
            # Halve the rest so the FallbackClassifier never finds the crisis "ambiguous".
            intent = {"name": name, "confidence": 1.0}
            rest = [dict(r, confidence=r["confidence"] / 2) for r in ranking if r["name"] != name]
            message.set(INTENT, intent, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [intent, *rest], add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
