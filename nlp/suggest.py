"""Stance suggestions learned from the user's own tags.

A linear classifier (scikit-learn's ``SGDClassifier`` with logistic loss, class weights
balanced) over TF-IDF word unigrams and bigrams and character 2–5-grams within words. Picked
by measurement (benchmarks/suggest_bench.py): as good as spaCy's bag-of-words ``textcat`` on the
same tags, and ten times faster to train, so it can be retrained after every few tags.

Its quality is cross-validated on the tags themselves and set beside the majority-class
baseline evaluated on the same folds; suggestions are worth showing only when the model beats
the baseline on both accuracy and macro-F1. Plain texts and labels in: no store, no Textual.
scikit-learn is imported on the first training, never at start-up.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

MIN_TAGS = 30  # tagged passages before a model is trained
MIN_STANCES = 2  # of different stances
FOLDS = 5
ALGORITHM = "sgd-tfidf-1"  # changes whenever the features or the learner change


def not_ready(labels: Sequence[str]) -> str | None:
    """Why no model can be trained on these labels yet, or None when it can."""
    stances = len(set(labels))
    if len(labels) < MIN_TAGS or stances < MIN_STANCES:
        return (f"suggestions start after {MIN_TAGS} tagged passages in at least {MIN_STANCES} "
                f"stances ({len(labels)} so far, {stances} stance{'' if stances == 1 else 's'})")
    return None


def version_of(texts: Sequence[str], labels: Sequence[str]) -> str:
    """The model version of these tags: the algorithm, how many tags, and a digest of them,
    so the same tags always give the same version (training is deterministic)."""
    digest = hashlib.sha256(ALGORITHM.encode())
    for text, label in zip(texts, labels):
        digest.update(b"\0" + label.encode() + b"\1" + text.encode())
    return f"{ALGORITHM}:{len(texts)}:{digest.hexdigest()[:8]}"


@dataclass(frozen=True)
class Quality:
    """Cross-validated scores of a model and of the majority-class baseline, on the same
    folds of the user's tags."""

    tags: int
    folds: int
    accuracy: float
    macro_f1: float
    baseline_accuracy: float
    baseline_macro_f1: float

    @property
    def beats_baseline(self) -> bool:
        """Whether the model does better than always answering the commonest stance, on
        accuracy and on macro-F1; otherwise its suggestions are not worth showing."""
        return self.accuracy > self.baseline_accuracy and self.macro_f1 > self.baseline_macro_f1

    def describe(self) -> str:
        """A sentence for the user: "accuracy 78%, macro-F1 0.74 on your 41 tags (5-fold
        cross-validated); always the commonest stance: 52%, 0.17"."""
        return (f"accuracy {self.accuracy:.0%}, macro-F1 {self.macro_f1:.2f} on your "
                f"{self.tags} tags ({self.folds}-fold cross-validated); always the commonest "
                f"stance: {self.baseline_accuracy:.0%}, {self.baseline_macro_f1:.2f}")

    def short(self) -> str:
        """The same in a few words: "41 tags: accuracy 78% F1 0.74, majority 52% 0.17"."""
        return (f"{self.tags} tags: accuracy {self.accuracy:.0%} F1 {self.macro_f1:.2f}, "
                f"majority {self.baseline_accuracy:.0%} {self.baseline_macro_f1:.2f}")


@dataclass(frozen=True)
class Suggestion:
    """The stance a model suggests for one passage."""

    stance: str
    confidence: float  # its probability
    margin: float  # over the runner-up: the smaller, the less sure the model is


class Suggester:
    """A trained model, its version and its cross-validated quality."""

    def __init__(self, pipeline: Any, version: str, quality: Quality) -> None:
        self._pipeline = pipeline
        self.version = version
        self.quality = quality
        self.labels: tuple[str, ...] = tuple(str(label) for label in pipeline.classes_)

    def predict_proba(self, texts: Sequence[str]) -> list[list[float]]:
        """For each text, the probability of each of ``labels``."""
        if not texts:
            return []
        return self._pipeline.predict_proba(list(texts)).tolist()

    def suggest(self, texts: Sequence[str]) -> list[Suggestion]:
        """The likeliest stance of each text, with its probability and margin."""
        found = []
        for row in self.predict_proba(texts):
            ranked = sorted(range(len(row)), key=row.__getitem__, reverse=True)
            second = row[ranked[1]] if len(ranked) > 1 else 0.0
            found.append(Suggestion(self.labels[ranked[0]], row[ranked[0]],
                                    row[ranked[0]] - second))
        return found


def _pipeline() -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import SGDClassifier
    from sklearn.pipeline import make_pipeline, make_union

    return make_pipeline(
        make_union(TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True),
                   TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)),
        SGDClassifier(loss="log_loss", alpha=1e-3, class_weight="balanced", random_state=0))


def fit(texts: Sequence[str], labels: Sequence[str]) -> Any:
    """The classifier fitted on these tags (at least two stances)."""
    return _pipeline().fit(list(texts), list(labels))


def fold_of(labels: Sequence[str], folds: int = FOLDS) -> list[int]:
    """A fold number for each tag: each stance dealt round-robin over the folds in the order
    tagged, so every fold has its share of every stance (deterministic, no shuffling)."""
    seen: Counter[str] = Counter()
    out = []
    for label in labels:
        out.append(seen[label] % folds)
        seen[label] += 1
    return out


def scores(truth: Sequence[str], predicted: Sequence[str]) -> tuple[float, float]:
    """Accuracy and macro-F1 (over the stances in either) of ``predicted``."""
    from sklearn.metrics import accuracy_score, f1_score

    return (float(accuracy_score(truth, predicted)),
            float(f1_score(truth, predicted, average="macro", zero_division=0)))


def cross_validate(texts: Sequence[str], labels: Sequence[str], folds: int = FOLDS) -> Quality:
    """Accuracy and macro-F1 of the model and of the majority class, each trained on all but
    one fold and tested on that fold, the predictions of all folds pooled."""
    assignment = fold_of(labels, folds)
    truth: list[str] = []
    model: list[str] = []
    majority: list[str] = []
    for fold in range(folds):
        train = [i for i, f in enumerate(assignment) if f != fold]
        test = [i for i, f in enumerate(assignment) if f == fold]
        if not test or not train:
            continue
        train_labels = [labels[i] for i in train]
        commonest = Counter(train_labels).most_common(1)[0][0]
        test_texts = [texts[i] for i in test]
        if len(set(train_labels)) < 2:  # a stance tagged once or twice: nothing to learn here
            model += [commonest] * len(test)
        else:
            model += list(fit([texts[i] for i in train], train_labels).predict(test_texts))
        truth += [labels[i] for i in test]
        majority += [commonest] * len(test)
    accuracy, macro_f1 = scores(truth, model)
    base_accuracy, base_f1 = scores(truth, majority)
    return Quality(len(labels), folds, accuracy, macro_f1, base_accuracy, base_f1)


def train(texts: Sequence[str], labels: Sequence[str]) -> Suggester:
    """A model trained on all these tags, with its cross-validated quality.

    Raises ValueError when there are too few tags or stances (see ``not_ready``)."""
    why = not_ready(labels)
    if why:
        raise ValueError(why)
    return Suggester(fit(texts, labels), version_of(texts, labels),
                     cross_validate(texts, labels))


def least_sure(suggestions: Sequence[Suggestion]) -> list[int]:
    """Indexes of ``suggestions``, the one the model is least sure about first."""
    return sorted(range(len(suggestions)), key=lambda i: suggestions[i].margin)
