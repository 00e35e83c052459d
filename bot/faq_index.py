"""Which FAQ item a message asks for: a small retrieval model over the phrasings in content/faq/.

TF-IDF over Dutch stems (word 1-2 grams) and character 3-5 grams (typos, missing spaces,
compounds), then a linear classifier with logistic loss (SGD): trains in seconds on 2 cores
and gives probabilities to decide between "this FAQ item" and "something else".
Held-out `test_phrasings` are never trained on (bot.evaluate measures on them).

Pure Python + scikit-learn on purpose: the NLU component persists it with the model and tests
use it without Rasa.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from scipy.special import expit

from bot.phrase_index import stem
from content.readability import sentences
from content.text import normalise

FAQ_DIR = Path(__file__).resolve().parent.parent / "content" / "faq"


def faq_items(faq_dir: Path = FAQ_DIR) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for path in sorted(faq_dir.glob("*.yaml")):
        items.extend(yaml.safe_load(path.read_text(encoding="utf-8")) or [])
    return items


def training_pairs(items: list[dict[str, Any]]) -> tuple[list[str], list[str]]:
    """(text, slug) pairs: phrasings, both question titles and the answers' sentences (their
    words are what a question about the item tends to use); never test_phrasings."""
    texts, labels = [], []
    for item in items:
        answer = sentences(item["answer"]) + sentences(item["answer_en"])
        for text in [item["question"], item["question_en"], *item["phrasings"], *answer]:
            texts.append(text)
            labels.append(item["slug"])
    return texts, labels


def stemmed(text: str) -> str:
    return " ".join(stem(word) for word in normalise(text).split())


@dataclass
class Ranked:
    slug: str
    confidence: float


class FaqIndex:
    """The vectorizer and the linear model's weights, kept as one contiguous float32 matrix:
    sklearn multiplies the sparse text vector by coef_.T, a strided view (25 ms a message on
    2 cores; 0.02 ms contiguous, docs/benchmarks-chat.md), and float32 halves the 60 MB that
    162 classes x 47 000 features take in float64 (measured: the index took 166 MiB of the
    Rasa process before, 2 copies in float64)."""

    def __init__(self, vectorizer, weights: np.ndarray, intercept: np.ndarray, classes):
        self.vectorizer = vectorizer
        self._weights = np.ascontiguousarray(weights, dtype=np.float32)
        self._intercept = np.asarray(intercept, dtype=np.float32)
        self.classes = [str(c) for c in classes]

    def probabilities(self, text: str) -> np.ndarray:
        """What the classifier's predict_proba gives (one-vs-rest log-loss: the sigmoid of
        each class's score, normalised to sum to 1), in float32."""
        features = self.vectorizer.transform([text]).astype(np.float32)
        scores = np.asarray(features @ self._weights)[0] + self._intercept
        probabilities = expit(scores)
        return probabilities / probabilities.sum()

    @classmethod
    def fit(cls, items: list[dict[str, Any]]) -> FaqIndex:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import SGDClassifier
        from sklearn.pipeline import FeatureUnion

        texts, labels = training_pairs(items)
        vectorizer = FeatureUnion([
            ("words", TfidfVectorizer(preprocessor=stemmed, ngram_range=(1, 2),
                                      sublinear_tf=True,
                                      token_pattern=r"(?u)\b\w+\b")),  # noqa: S106
            ("chars", TfidfVectorizer(preprocessor=normalise, analyzer="char_wb",
                                      ngram_range=(3, 5), sublinear_tf=True, min_df=2)),
        ])
        features = vectorizer.fit_transform(texts)
        classifier = SGDClassifier(loss="log_loss", alpha=1e-5, max_iter=50, tol=1e-4,
                                   random_state=42)
        classifier.fit(features, labels)
        return cls(vectorizer, classifier.coef_.T, classifier.intercept_, classifier.classes_)

    def rank(self, text: str, limit: int = 3) -> list[Ranked]:
        if not normalise(text):
            return []
        probabilities = self.probabilities(text)
        best = probabilities.argsort()[::-1][:limit]
        return [Ranked(self.classes[i], float(probabilities[i])) for i in best]

    def dump(self, path: Path) -> None:
        path.write_bytes(pickle.dumps((self.vectorizer, self._weights, self._intercept,
                                       self.classes)))

    @classmethod
    def load(cls, path: Path) -> FaqIndex:
        # Our own file, written by training into the model archive (never user input).
        return cls(*pickle.loads(path.read_bytes()))  # noqa: S301
