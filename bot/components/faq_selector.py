"""NLU component that answers practical questions from content/faq/ (issue 9).

DIET learns one intent, `faq`, from generated examples (bot/data/nlu/generated_faq.yml); this
component picks WHICH item with a retrieval model over all phrasings and answers
(bot/faq_index.py) and sets it as the `faq_item` entity, as Rasa's ResponseSelector would.
It also takes over when DIET is unsure and the retrieval model is confident — except where a
dialogue needs a specific intent (crisis, practice, campaigns, small talk) or a named form
asks a knowledge question: a named form still wins.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.faq_index import FaqIndex, faq_items

MODEL_FILE = "faq_index.pkl"
FAQ_INTENT = "faq"
ENTITY = "faq_item"
# The best few items for any free text: "Bedoel je...?" offers them when nothing is sure.
CANDIDATE = "faq_candidate"
CANDIDATES = 3
# Intents a dialogue depends on: never replaced by an FAQ answer.
KEEP = {"crisis_acute", "crisis_suicide", "crisis_child", "crisis_sexual", "crisis_medical",
        "start_quiz", "start_casus", "join_campaign", "stop", "affirm", "deny", "greet",
        "goodbye", "thanks", "inform_role", "ask_meldcode_step", "ask_english", "answer"}
# Small talk is short: a longer message the model calls "goodbye" or "thanks" ("i was hit
# yesterday, do i need to see a doctor") is a question the FAQ may answer.
SHORT_TALK = {"greet", "goodbye", "thanks", "affirm", "deny"}
SHORT_TALK_MAX_WORDS = 5
KNOWLEDGE = {"ask_definition", "ask_signalen", "ask_risicofactoren",
             "ask_beschermende_factoren", "ask_what_to_do", "ask_figures"}


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class FaqSelector(GraphComponent):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        # Take over from another intent when the retrieval model is at least this sure and
        # the model's intent at most this sure (tuned on the FAQ held-out phrasings and the
        # NLU held-out sets; see docs/quality.md).
        # "Sure" also needs a clear lead over the second item; a sure answer is lifted above
        # the FallbackClassifier's threshold, which is set for DIET's scale, not this model's.
        return {"min_faq_confidence": 0.2, "max_intent_confidence": 0.9, "min_lead": 1.5,
                "sure_confidence": 0.6}

    def __init__(self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
                 index: FaqIndex | None = None):
        self.config = {**self.get_default_config(), **config}
        self._model_storage, self._resource = model_storage, resource
        self.index = index

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> FaqSelector:
        return cls(config, model_storage, resource)

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> FaqSelector:
        with model_storage.read_from(resource) as path:
            index = FaqIndex.load(path / MODEL_FILE)
        return cls(config, model_storage, resource, index)

    def train(self, training_data: TrainingData) -> Resource:
        self.index = FaqIndex.fit(faq_items())
        with self._model_storage.write_to(self._resource) as path:
            self.index.dump(path / MODEL_FILE)
        return self._resource

    def process(self, messages: list[Message]) -> list[Message]:
        if self.index is None:
            return messages
        for message in messages:
            text = message.get(TEXT) or ""
            if text.startswith("/"):
                continue  # a button payload names its intent
            self._decide(message, text)
        return messages

    def _decide(self, message: Message, text: str) -> None:
        ranked = self.index.rank(text, limit=CANDIDATES)
        if not ranked:
            return
        best = ranked[0]
        intent = message.get(INTENT) or {}
        name, confidence = intent.get("name"), float(intent.get("confidence") or 0.0)
        entities = [e for e in message.get(ENTITIES) or []
                    if e.get("entity") not in (ENTITY, CANDIDATE)]
        entities += [self._entity(CANDIDATE, r.slug, r.confidence, text) for r in ranked]
        message.set(ENTITIES, entities, add_to_output=True)
        second = ranked[1].confidence if len(ranked) > 1 else 0.0
        sure = (best.confidence >= self.config["min_faq_confidence"]
                and best.confidence >= self.config["min_lead"] * second)
        if name != FAQ_INTENT:
            names_a_form = any(e.get("entity") == "vorm" for e in entities)
            keep = name in KEEP and not (name in SHORT_TALK
                                         and len(text.split()) > SHORT_TALK_MAX_WORDS)
            if (keep or (name in KNOWLEDGE and names_a_form) or not sure
                    or confidence > self.config["max_intent_confidence"]):
                return
        if name != FAQ_INTENT or sure:
            lifted = self.config["sure_confidence"] if sure else 0.0
            chosen = {"name": FAQ_INTENT, "confidence": max(best.confidence, confidence, lifted)}
            ranking = [chosen, *[r for r in message.get(INTENT_RANKING_KEY) or []
                                 if r.get("name") != FAQ_INTENT]]
            message.set(INTENT, chosen, add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
        entities.append(self._entity(ENTITY, best.slug, best.confidence, text))
        message.set(ENTITIES, entities, add_to_output=True)

    @staticmethod
    def _entity(entity: str, slug: str, confidence: float, text: str) -> dict[str, Any]:
        return {"entity": entity, "value": slug, "start": 0, "end": len(text),
                "confidence_entity": round(confidence, 4), "extractor": "FaqSelector"}

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
