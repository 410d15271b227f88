"""Rasa's NLU training-data format (YAML, version 3.x): reading it into examples.

A file holds ``nlu:`` items of four kinds; this reads all four:

- ``intent`` with ``examples`` (one ``- text`` per line) and optional ``metadata``
  (``language`` here says which language the examples are in);
- ``synonym`` with ``examples``: other ways of writing one entity value;
- ``lookup`` with ``examples``: lists of words of one entity;
- ``regex`` with ``examples``: patterns (kept, not used by the embedded model).

Entity annotations inside examples follow Rasa: ``[text](entity)``,
``[text](entity:value)`` and ``[text]{"entity": "e", "value": "v"}``. The text keeps
the annotated words and loses the brackets; offsets point into that text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

_ANNOTATION = re.compile(
    r"\[(?P<text>[^\[\]]+)\]"
    r"(?:\((?P<short>[^()]+)\)|(?P<json>\{[^{}]*\}))"
)


class TrainingDataError(ValueError):
    """A training-data file that cannot be read, with where and why."""


@dataclass(frozen=True, slots=True)
class AnnotatedEntity:
    entity: str
    start: int
    end: int
    value: Any = None  # None: the annotated text is the value


@dataclass(frozen=True, slots=True)
class Example:
    text: str
    intent: str
    entities: tuple[AnnotatedEntity, ...] = ()
    language: str | None = None


@dataclass
class TrainingData:
    examples: list[Example] = field(default_factory=list)
    synonyms: dict[str, list[str]] = field(default_factory=dict)
    lookups: dict[str, list[str]] = field(default_factory=dict)
    regexes: dict[str, list[str]] = field(default_factory=dict)

    def extend(self, other: TrainingData) -> None:
        self.examples.extend(other.examples)
        for mine, theirs in (
            (self.synonyms, other.synonyms),
            (self.lookups, other.lookups),
            (self.regexes, other.regexes),
        ):
            for key, values in theirs.items():
                mine.setdefault(key, []).extend(values)

    def intents(self) -> list[str]:
        return sorted({e.intent for e in self.examples})


def parse_example(line: str) -> tuple[str, tuple[AnnotatedEntity, ...]]:
    """The plain text of an annotated example and its entities."""
    out: list[str] = []
    entities: list[AnnotatedEntity] = []
    position = 0
    length = 0
    for match in _ANNOTATION.finditer(line):
        before = line[position : match.start()]
        out.append(before)
        length += len(before)
        words = match.group("text")
        entity, value = _annotation(match)
        entities.append(AnnotatedEntity(entity, length, length + len(words), value))
        out.append(words)
        length += len(words)
        position = match.end()
    out.append(line[position:])
    return "".join(out), tuple(entities)


def _annotation(match: re.Match[str]) -> tuple[str, Any]:
    if match.group("short") is not None:
        entity, _, value = match.group("short").partition(":")
        return entity.strip(), (value.strip() or None)
    try:
        data = json.loads(match.group("json"))
    except json.JSONDecodeError as error:
        raise TrainingDataError(f"bad entity annotation {match.group(0)!r}: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("entity"), str):
        raise TrainingDataError(f"entity annotation without 'entity': {match.group(0)!r}")
    return data["entity"], data.get("value")


def _lines(block: Any, where: str) -> Iterator[str]:
    if not isinstance(block, str):
        raise TrainingDataError(f"{where}: 'examples' must be a block of '- ' lines")
    for raw in block.splitlines():
        line = raw.strip()
        if not line:
            continue
        if not line.startswith("- "):
            raise TrainingDataError(f"{where}: line {line!r} does not start with '- '")
        yield line[2:].strip()


def read_training_data(source: str | Path, *, language: str | None = None) -> TrainingData:
    """Read one Rasa NLU YAML file (or a folder of them). ``language`` is the
    examples' language when their intent's ``metadata`` does not say."""
    path = Path(source)
    if path.is_dir():
        data = TrainingData()
        for file in sorted(path.glob("*.yml")) + sorted(path.glob("*.yaml")):
            data.extend(read_training_data(file, language=language))
        return data
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise TrainingDataError(f"{path}: {error}") from None
    if not isinstance(document, dict):
        raise TrainingDataError(f"{path}: the top level must be a mapping with 'nlu:'")
    return _read_items(document.get("nlu") or [], str(path), language)


def _read_items(items: Iterable[Any], where: str, language: str | None) -> TrainingData:
    data = TrainingData()
    for index, item in enumerate(items):
        place = f"{where}: nlu[{index}]"
        if not isinstance(item, dict):
            raise TrainingDataError(f"{place}: not a mapping")
        if "intent" in item:
            intent = str(item["intent"])
            metadata = item.get("metadata") or {}
            lang = metadata.get("language", language) if isinstance(metadata, dict) else language
            for line in _lines(item.get("examples"), f"{place} ({intent})"):
                try:
                    text, entities = parse_example(line)
                except TrainingDataError as error:
                    raise TrainingDataError(f"{place} ({intent}): {error}") from None
                data.examples.append(Example(text, intent, entities, lang))
        else:
            for kind, target in (
                ("synonym", data.synonyms),
                ("lookup", data.lookups),
                ("regex", data.regexes),
            ):
                if kind in item:
                    values = list(_lines(item.get("examples"), f"{place} ({kind})"))
                    target.setdefault(str(item[kind]), []).extend(values)
                    break
            else:
                raise TrainingDataError(f"{place}: expected intent, synonym, lookup or regex")
    return data
