"""The intent classifier: its fast ranking equals scikit-learn's, it is trained once per
data and cached, and unclear texts fall back as in Rasa."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import numpy as np
import pytest
from scipy.sparse import hstack
from sklearn.calibration import CalibratedClassifierCV
from sklearn.svm import LinearSVC

from bot.nlu import classifier
from bot.nlu.folding import fold
from bot.nlu.training_data import Example

SMALL = [
    Example(text, intent, (), language)
    for intent, language, texts in (
        ("greet", "en", ["hello", "hi there", "good morning", "hey", "hello again"]),
        ("greet", "lt", ["labas", "sveiki", "laba diena", "labas rytas", "sveikas"]),
        ("book", "en", ["book a haircut", "i want an appointment", "reserve a massage",
                        "book me in tomorrow", "can i book a table"]),
        ("book", "lt", ["noriu užsiregistruoti", "rezervuokit kirpimą", "noriu vizito",
                        "užregistruokit rytojui", "norėčiau rezervuoti"]),
        ("thanks", "en", ["thanks", "thank you", "many thanks", "thx", "thanks a lot"]),
        ("thanks", "lt", ["ačiū", "dėkui", "labai ačiū", "dėkoju", "aciu labai"]),
    )
    for text in texts
]  # fmt: skip


def test_ranking_equals_scikit_learn() -> None:
    """The fast path (fitted parameters used directly) gives scikit-learn's own
    probabilities."""
    texts = [fold(e.text) for e in SMALL]
    vectorizers = classifier._vectorizers()
    features = hstack([v.fit_transform(texts) for v in vectorizers]).tocsr()
    fitted = CalibratedClassifierCV(LinearSVC(C=0.5), method="temperature", cv=2, ensemble=False)
    fitted.fit(features, [e.intent for e in SMALL])
    fast = classifier.LinearTextModel(vectorizers, fitted, folds=True)
    probes = ["hello", "Ačiū!", "noriu kirpimo", "book a massage please", "zzz", ""]
    expected = fitted.predict_proba(
        hstack([v.transform([fold(t) for t in probes]) for v in vectorizers]).tocsr()
    )
    ours = np.array([fast.probabilities(t) for t in probes])
    assert np.allclose(ours, expected, atol=1e-6)
    assert fast.predict(["labas", "thank you so much"]) == ["greet", "thanks"]


def test_the_language_model_learns_the_languages_of_the_examples() -> None:
    model = classifier.load_or_train()
    assert model.languages is not None
    probes = ["noriu pakeisti laiką", "chcę przełożyć wizytę", "dua ta ndryshoj orarin"]
    assert model.languages.predict(probes) == ["lt", "pl", "sq"]


def test_a_model_is_trained_once_per_data_and_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("SLOTCHAT_NLU_CACHE", str(tmp_path / "cache"))
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(classifier.DATA_DIR / "en.yml", data / "en.yml")
    with caplog.at_level(logging.WARNING, logger="bot.nlu.classifier"):
        first = classifier.load_or_train(data)
    assert "Training the language model" in caplog.text
    [cached] = (tmp_path / "cache").iterdir()
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="bot.nlu.classifier"):
        again = classifier.load_or_train(data)
    assert caplog.text == ""  # read from the cache, not trained
    assert again.data_hash == first.data_hash
    # Changed data: a new hash, trained anew beside the old one.
    with (data / "en.yml").open("a", encoding="utf-8") as file:
        file.write("- intent: greet\n  examples: |\n    - howdy partner\n")
    changed = classifier.load_or_train(data)
    assert changed.data_hash != first.data_hash
    assert len(list((tmp_path / "cache").iterdir())) == 2
    assert cached.exists()


def test_a_broken_cache_file_is_trained_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SLOTCHAT_NLU_CACHE", str(tmp_path))
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(classifier.DATA_DIR / "lt.yml", data / "lt.yml")
    digest = classifier.data_hash(classifier.data_files(data))
    (tmp_path / f"nlu-{digest}.joblib").write_bytes(b"not a model")
    model = classifier.load_or_train(data)
    assert model.intents.predict(["labas"]) == ["greet"]
