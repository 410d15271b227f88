"""The intent classifier: one model for all six languages, trained from Rasa-format data
(and, from the same examples, a classifier of their language).

Features are TF-IDF weights of character n-grams within word boundaries (2 to 5
characters: they carry stems, endings and typos alike), of words and word pairs, and
of word *prefixes* and their pairs (the first five letters: what the inflected forms of
a Lithuanian, Polish or Russian word share). Everything is computed on folded text
(:mod:`bot.nlu.folding`), so "as noriu" and "aš noriu" look the same. A linear support
vector machine separates the intents; its scores are turned into probabilities by
temperature scaling fitted on cross-validated scores, so that confidences can be
compared with a threshold, as Rasa's are.

Training takes seconds; the model is cached on disk keyed by a hash of the training
data and of this module's feature settings, so it is trained once per data change.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import os
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import joblib
import numpy as np
from scipy.sparse import hstack
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

from bot.nlu.folding import fold
from bot.nlu.training_data import Example, TrainingData, read_training_data

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).parent / "data"
# Bump when the features or the model change: cached models then train anew.
MODEL_VERSION = "1"
PREFIX = 5
_WORD = re.compile(r"\w+")


def _prefixes(text: str) -> list[str]:
    """Word prefixes and prefix pairs of a folded text."""
    words = [w[:PREFIX] for w in _WORD.findall(text)]
    return words + [f"{a} {b}" for a, b in itertools.pairwise(words)]


def _vectorizers() -> list[TfidfVectorizer]:
    return [
        TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2),
        TfidfVectorizer(
            analyzer="word", ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"(?u)\b\w+\b"
        ),
        TfidfVectorizer(analyzer=_prefixes, sublinear_tf=True),
    ]


class _Block:
    """One vectorizer's part of the features, computed without sklearn's per-call
    overhead (about a millisecond each for one text): the fitted analyzer,
    vocabulary and idf weights, with sublinear term frequency and l2 normalization,
    exactly as ``TfidfVectorizer.transform`` does."""

    def __init__(self, vectorizer: TfidfVectorizer, offset: int) -> None:
        self.vectorizer = vectorizer
        self.offset = offset
        self._prepare()

    def _prepare(self) -> None:
        self.analyze = self.vectorizer.build_analyzer()
        self.vocabulary: dict[str, int] = self.vectorizer.vocabulary_
        self.idf: np.ndarray[Any, np.dtype[np.float64]] = self.vectorizer.idf_

    def __getstate__(self) -> dict[str, Any]:
        return {"vectorizer": self.vectorizer, "offset": self.offset}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.vectorizer, self.offset = state["vectorizer"], state["offset"]
        self._prepare()

    def add(self, folded: str, indexes: list[int], values: list[float]) -> None:
        counts: dict[int, int] = {}
        vocabulary = self.vocabulary
        for token in self.analyze(folded):
            index = vocabulary.get(token)
            if index is not None:
                counts[index] = counts.get(index, 0) + 1
        if not counts:
            return
        columns = np.fromiter(counts, dtype=np.int64, count=len(counts))
        weights = (1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64))) * self.idf[columns]
        weights /= np.sqrt(weights @ weights)
        indexes.extend((columns + self.offset).tolist())
        values.extend(weights.tolist())


class LinearTextModel:
    """A trained linear classifier of texts. Training uses scikit-learn; ranking one
    text uses the fitted parameters directly (features, SVM weights, temperature),
    which gives the same probabilities in a fraction of a millisecond."""

    def __init__(
        self, vectorizers: list[TfidfVectorizer], model: CalibratedClassifierCV, *, folds: bool
    ) -> None:
        self.folds = folds
        self.labels = [str(c) for c in model.classes_]
        calibrated = model.calibrated_classifiers_[0]
        svm: LinearSVC = calibrated.estimator
        # The inner SVM may have been fitted on the labels' codes (0…n-1, same order).
        inner = [str(c) for c in svm.classes_]
        assert inner in (self.labels, [str(i) for i in range(len(self.labels))])
        self.weights = np.ascontiguousarray(svm.coef_.T, dtype=np.float32)  # features x labels
        self.bias = svm.intercept_.astype(np.float64)
        [temperature] = calibrated.calibrators
        self.beta = float(temperature.beta_)  # the inverse temperature
        self.blocks: list[_Block] = []
        offset = 0
        for vectorizer in vectorizers:
            self.blocks.append(_Block(vectorizer, offset))
            offset += len(vectorizer.vocabulary_)

    def probabilities(self, text: str) -> np.ndarray[Any, np.dtype[np.float64]]:
        """The probability of each label (in ``labels`` order) for one text."""
        prepared = fold(text) if self.folds else text.lower()
        indexes: list[int] = []
        values: list[float] = []
        for block in self.blocks:
            block.add(prepared, indexes, values)
        scores = self.bias.copy()
        if indexes:
            scores += np.asarray(values) @ self.weights[indexes]
        # Temperature scaling: a softmax of the scores times the fitted inverse temperature.
        scaled = self.beta * scores
        scaled -= scaled.max()
        exponentials = np.exp(scaled)
        result: np.ndarray[Any, np.dtype[np.float64]] = exponentials / exponentials.sum()
        return result

    def rank(self, text: str) -> list[tuple[str, float]]:
        """Every label with its probability, most likely first."""
        probabilities = self.probabilities(text)
        order = np.argsort(-probabilities)
        return [(self.labels[i], float(probabilities[i])) for i in order]

    def predict(self, texts: Sequence[str]) -> list[str]:
        return [self.labels[int(self.probabilities(t).argmax())] for t in texts]


@dataclass
class NluModel:
    """What training produces: the intent classifier and a language classifier
    trained on the same examples (the domain's own words: it backs lingua up)."""

    intents: LinearTextModel
    languages: LinearTextModel | None
    data_hash: str
    # (entity, value, annotated text) of the catalog entities the examples mark: the
    # forms people write, looked for as synonyms of the catalog's names.
    annotations: list[tuple[str, str, str]] = field(default_factory=list)


def _fit(
    vectorizers: list[TfidfVectorizer], texts: list[str], labels: list[str], *, folds: bool
) -> LinearTextModel:
    prepared = [fold(t) if folds else t.lower() for t in texts]
    features = hstack([v.fit_transform(prepared) for v in vectorizers]).tocsr()
    # One SVM on all the data (ensemble=False), its scores turned into probabilities by
    # temperature scaling fitted on 2-fold cross-validated scores. Temperature scaling
    # keeps the SVM's ranking (one-vs-rest sigmoids would change the best intent of a
    # few percent of texts and push many more below the fallback threshold), and one
    # parameter needs no more than two folds.
    model = CalibratedClassifierCV(LinearSVC(C=0.5), method="temperature", cv=2, ensemble=False)
    model.fit(features, labels)
    return LinearTextModel(vectorizers, model, folds=folds)


def train(examples: Sequence[Example], *, data_hash: str = "") -> NluModel:
    """Train the models on ``examples``; the language model only if at least two
    languages are known among them."""
    intents = _fit(
        _vectorizers(), [e.text for e in examples], [e.intent for e in examples], folds=True
    )
    known = [e for e in examples if e.language]
    languages = None
    if len({e.language for e in known}) >= 2:
        # Diacritics tell languages apart: this model reads the text unfolded.
        characters = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(1, 4), sublinear_tf=True, min_df=2
        )
        languages = _fit(
            [characters], [e.text for e in known], [str(e.language) for e in known], folds=False
        )
    annotations = [
        (entity.entity, str(entity.value), example.text[entity.start : entity.end])
        for example in examples
        for entity in example.entities
        if entity.value is not None and entity.entity in ("category", "business", "service")
    ]
    return NluModel(intents, languages, data_hash, list(dict.fromkeys(annotations)))


def data_hash(paths: Sequence[Path]) -> str:
    """A hash of training-data files and of the model's version."""
    digest = hashlib.sha256(MODEL_VERSION.encode())
    for path in sorted(paths):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def data_files(source: Path = DATA_DIR) -> list[Path]:
    """The training-data files of a folder (or the one file given)."""
    if source.is_file():
        return [source]
    return sorted(p for p in source.iterdir() if p.suffix in (".yml", ".yaml"))


def read_data(source: Path = DATA_DIR) -> TrainingData:
    """Every example of the files of a folder (the language comes from the file name
    when an intent's metadata does not give it)."""
    data = TrainingData()
    for path in data_files(source):
        data.extend(read_training_data(path, language=_language_of(path)))
    return data


def _language_of(path: Path) -> str | None:
    stem = path.stem.split("_")[0].split(".")[0]
    return stem if len(stem) == 2 else None


def cache_dir() -> Path:
    """Where trained models are kept: ``SLOTCHAT_NLU_CACHE``, else the user's cache."""
    configured = os.environ.get("SLOTCHAT_NLU_CACHE")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "slotchat"


def load_or_train(source: Path = DATA_DIR, *, model_file: Path | None = None) -> NluModel:
    """The model for the data in ``source``: from the cache when it was trained on
    exactly this data, else trained now (with a line on standard error) and cached."""
    files = data_files(source)
    digest = data_hash(files)
    path = model_file or cache_dir() / f"nlu-{digest}.joblib"
    if path.exists():
        try:
            cached = joblib.load(path)
            if isinstance(cached, NluModel) and cached.data_hash == digest:
                return cached
        except Exception:  # a cache written by another version: train again
            log.warning("could not read the cached model %s; training again", path)
    started = time.perf_counter()
    log.warning("Training the language model on %d files (first use)...", len(files))
    model = train(read_data(source).examples, data_hash=digest)
    save(model, path)
    log.warning("Trained in %.1f s; cached in %s", time.perf_counter() - started, path)
    return model


def save(model: NluModel, path: Path) -> None:
    """Write a model atomically (a half-written file is never read)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.part")
    joblib.dump(model, partial)
    partial.replace(path)


def load(path: Path) -> NluModel:
    """A model written by :func:`save` (``slotchat nlu train --out``)."""
    model: Any = joblib.load(path)
    if not isinstance(model, NluModel):
        raise ValueError(f"{path} is not a slotchat intent model")
    return model
