"""What the dialogs ask of the NLU: Rasa's parse result, for one text.

The shape is Rasa's ``POST /model/parse`` answer (DESIGN.md contract 3), so the
embedded model and a remote Rasa server are interchangeable.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

FALLBACK_INTENT = "nlu_fallback"


@dataclass(frozen=True, slots=True)
class Entity:
    """One thing found in the text; ``value`` is normalized (ISO time, minutes, id…)."""

    entity: str
    value: Any
    start: int
    end: int
    confidence: float = 1.0
    extractor: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "entity": self.entity,
            "value": self.value,
            "start": self.start,
            "end": self.end,
            "confidence_entity": self.confidence,
            "extractor": self.extractor,
        }


@dataclass(frozen=True, slots=True)
class Parse:
    """The meaning of one text."""

    text: str
    language: str
    intent: str
    confidence: float
    ranking: tuple[tuple[str, float], ...] = ()
    entities: tuple[Entity, ...] = field(default=())

    def first(self, entity: str) -> Entity | None:
        """The first entity of a kind, if any."""
        return next((e for e in self.entities if e.entity == entity), None)

    def all(self, entity: str) -> list[Entity]:
        return [e for e in self.entities if e.entity == entity]

    def as_json(self) -> dict[str, Any]:
        """Rasa's parse result."""
        return {
            "text": self.text,
            "language": self.language,
            "intent": {"name": self.intent, "confidence": self.confidence},
            "intent_ranking": [{"name": n, "confidence": c} for n, c in self.ranking],
            "entities": [e.as_json() for e in self.entities],
        }


@dataclass(frozen=True, slots=True)
class ParseContext:
    """What helps reading a text: the conversation's language (a hint, not a rule),
    the time zone to read times in, and the moment "now"."""

    language: str | None
    timezone: ZoneInfo
    now: datetime


class Interpreter(Protocol):
    """Anything that turns a text into a :class:`Parse`."""

    async def parse(self, text: str, context: ParseContext) -> Parse: ...
