"""The language of a text: lingua and the domain model, with the conversation's
language deciding short texts."""

from __future__ import annotations

import pytest

from bot.nlu import classifier
from bot.nlu.language import detect
from bot.nlu.training_data import read_training_data
from tests.conftest import REPO


@pytest.mark.parametrize(
    ("text", "hint", "expected"),
    [
        ("ok", "lt", "lt"),  # a word of every language keeps the conversation's
        ("ok", "de", "de"),
        ("po", "sq", "sq"),
        ("tak", "pl", "pl"),
        ("taip", None, "lt"),
        ("да", "en", "ru"),  # Cyrillic is Russian whatever the hint
        ("Chcę umówić strzyżenie jutro o 15", "en", "pl"),  # a sentence beats the hint
        ("übermorgen um 10 Uhr", None, "de"),
        ("🙂👍", "sq", "sq"),  # no letters: the hint
        ("👍", None, "en"),
    ],
)
def test_detect(text: str, hint: str | None, expected: str) -> None:
    assert detect(text, hint) == expected


@pytest.mark.parametrize("language", ["en", "lt", "pl", "sq", "de", "ru"])
def test_the_test_sets_language_without_a_hint(language: str) -> None:
    """On the separately written test set, with no hint at all (a first message)."""
    model = classifier.load_or_train()
    assert model.languages is not None
    examples = read_training_data(REPO / "tests" / "nlu" / "data" / f"{language}.yml").examples
    right = sum(
        detect(e.text, None, second=dict(model.languages.rank(e.text))) == language
        for e in examples
    )
    assert right / len(examples) >= 0.95
