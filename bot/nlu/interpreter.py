"""What the dialogs ask of the NLU: Rasa's parse result, for one text.

The shape is Rasa's ``POST /model/parse`` answer (DESIGN.md contract 3), so the
embedded model and a remote Rasa server are interchangeable.
"""

from __future__ import annotations

from collections.abc import Mapping
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
    # As Rasa's Duckling entities: for a time, its grain ("day", "hour", "minute").
    additional_info: Mapping[str, Any] | None = None

    def as_json(self) -> dict[str, Any]:
        data = {
            "entity": self.entity,
            "value": self.value,
            "start": self.start,
            "end": self.end,
            "confidence_entity": self.confidence,
            "extractor": self.extractor,
        }
        if self.additional_info is not None:
            data["additional_info"] = dict(self.additional_info)
        return data

    @property
    def grain(self) -> str | None:
        """A time's grain: "day" when it names a day without a time of day."""
        return None if self.additional_info is None else self.additional_info.get("grain")


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

    def when(self) -> tuple[str | None, str | None]:
        """The first ``time`` entity as ``(moment, day)``: its ISO value when it has a
        time of day, else the ISO date of the day it names (one of them is None)."""
        found = self.first("time")
        if found is None or not isinstance(found.value, str):
            return None, None
        if found.grain == "day":
            return None, found.value[:10]
        return found.value, None

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
    the time zone to read times in (the business's, when the conversation has one),
    the moment "now", and the country whose phone numbers need no country code."""

    language: str | None
    timezone: ZoneInfo
    now: datetime
    region: str | None = None


class Interpreter(Protocol):
    """Anything that turns a text into a :class:`Parse`."""

    async def parse(self, text: str, context: ParseContext) -> Parse: ...
