"""Which of the six languages a text is in.

lingua (limited to the six languages) reads the text, and a language classifier
trained on the NLU examples (the words clients use with a booking bot) gives a second
opinion; the two are averaged. Short texts say little about
their language: "ok", "taip", "po", "ne" are words in several of them. So a text of a
word or two keeps the language the conversation already speaks (or, on a first
message, the channel's hint: Telegram's ``language_code``, the browser's
``Accept-Language``, REST ``metadata.language``) unless lingua is sure of another;
longer texts go by lingua, with the hint breaking near ties.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Final

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

LANGUAGES: Final = {
    Language.ENGLISH: "en",
    Language.LITHUANIAN: "lt",
    Language.POLISH: "pl",
    Language.ALBANIAN: "sq",
    Language.GERMAN: "de",
    Language.RUSSIAN: "ru",
}
SHORT_LETTERS: Final = 12  # up to this many letters a text is "short"
SURE: Final = 0.9  # lingua's confidence that overrides the hint on a short text
CLOSE: Final = 0.15  # on a longer text, a hint this close to the best one wins
_LETTER = re.compile(r"[^\W\d_]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@cache
def _detector() -> LanguageDetector:
    return (
        LanguageDetectorBuilder.from_languages(*LANGUAGES).with_preloaded_language_models().build()
    )


def warm_up() -> None:
    """Load lingua's models now rather than on the first client's message."""
    _detector().compute_language_confidence_values("warm up")


def confidences(text: str) -> dict[str, float]:
    """lingua's confidence in each of the six languages (they sum to one)."""
    values = _detector().compute_language_confidence_values(text)
    return {LANGUAGES[v.language]: v.value for v in values}


def detect(text: str, hint: str | None = None, *, second: Mapping[str, float] | None = None) -> str:
    """The language of ``text``; ``hint`` is the conversation's language (or the
    channel's, on a first message); ``second`` another classifier's probabilities,
    averaged with lingua's. Without letters, the hint (else English)."""
    hint = hint if hint in LANGUAGES.values() else None
    letters = len(_LETTER.findall(text))
    if letters == 0:
        return hint or "en"
    if _CYRILLIC.search(text):
        return "ru"  # the only one of the six written in Cyrillic
    scores = confidences(text)
    if second:
        scores = {lang: (p + second.get(lang, 0.0)) / 2 for lang, p in scores.items()}
    best = max(scores, key=lambda language: scores[language])
    if hint is None or best == hint:
        return best
    if letters <= SHORT_LETTERS:
        return best if scores[best] >= SURE else hint
    return hint if scores[best] - scores.get(hint, 0.0) <= CLOSE else best
