"""NLU component that routes crisis messages deterministically, whatever the model says."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.components.faq_selector import CANDIDATE, FaqSelector
from safety import detect_crisis, is_not_a_disclosure

CRISIS_INTENTS = ("crisis_acute", "crisis_suicide", "crisis_child", "crisis_sexual",
                  "crisis_medical")
# The model's crisis guess counts from this confidence on (below the fallback threshold too):
# missing a crisis costs more than one extra help-line message.
MODEL_CRISIS_MIN_CONFIDENCE = 0.3
# ...unless the FAQ retrieval is very sure of a practical question ("kan mijn man zien dat ik
# op deze site was?"): the model's crisis guesses without a lexicon match were wrong on such
# questions (e2e v4), and the FAQ answers about danger end with 112 themselves. The lexicon
# always wins over this. "Very sure": this confidence, with the selector's clear lead.
FAQ_VERY_SURE = 0.6


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
            elif model_says_crisis and (slug := _very_sure_faq(message)):
                intent = {"name": "faq", "confidence": 1.0}
                message.set(INTENT, intent, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [intent, *[r for r in ranking if r["name"]
                                                           not in CRISIS_INTENTS + ("faq",)]],
                            add_to_output=True)
                message.set(ENTITIES, [*(message.get(ENTITIES) or []),
                                       {"entity": "faq_item", "value": slug, "start": 0,
                                        "end": len(text), "extractor": "CrisisDetector"}],
                            add_to_output=True)
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


def _very_sure_faq(message: Message) -> str | None:
    """The FAQ item the retrieval model (faq_selector, earlier in the pipeline) is very sure
    of, with a clear lead over the next one."""
    ranked = sorted((float(e.get("confidence_entity") or 0), e["value"])
                    for e in message.get(ENTITIES) or [] if e.get("entity") == CANDIDATE)
    if not ranked:
        return None
    best, slug = ranked[-1]
    second = ranked[-2][0] if len(ranked) > 1 else 0.0
    lead = FaqSelector.get_default_config()["min_lead"]
    return slug if best >= FAQ_VERY_SURE and best >= lead * second else None
