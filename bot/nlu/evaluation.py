"""Measuring an interpreter on Rasa-format data (``slotchat nlu test``).

Intents: accuracy, and precision, recall and F1 per intent. Entities: an entity found
counts as right when the data marks one of the same kind over overlapping characters
and, where the data gives a value (a catalog id, minutes, an E.164 number), with that
value; time values depend on "now" and are not compared. Everything is also reported
per language: the one the data's metadata (or file name) gives, else the detected one,
along with how often the language was detected right.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.nlu.interpreter import Entity, Parse, ParseContext
from bot.nlu.training_data import AnnotatedEntity, Example

Parser = Callable[[str, ParseContext], Parse]


def evaluate(
    examples: Sequence[Example], parse: Parser, *, now: datetime | None = None
) -> dict[str, Any]:
    """The report (a JSON-able dict) of ``parse`` on ``examples``; no language hint is
    given, as a new client's first message has none."""
    context = ParseContext(language=None, timezone=ZoneInfo("UTC"), now=now or datetime.now(UTC))
    results = [(example, parse(example.text, context)) for example in examples]
    report = _report(results)
    by_language: dict[str, list[tuple[Example, Parse]]] = defaultdict(list)
    for example, parsed in results:
        by_language[example.language or parsed.language].append((example, parsed))
    report["languages"] = {
        language: _report(items, summary=True) for language, items in sorted(by_language.items())
    }
    return report


def _report(results: Sequence[tuple[Example, Parse]], *, summary: bool = False) -> dict[str, Any]:
    total = len(results)
    right = sum(e.intent == p.intent for e, p in results)
    report: dict[str, Any] = {
        "examples": total,
        "accuracy": round(right / total, 4) if total else 0.0,
    }
    known = [(e, p) for e, p in results if e.language]
    if known:
        detected = sum(e.language == p.language for e, p in known)
        report["language_accuracy"] = round(detected / len(known), 4)
    entities = _entity_scores(results)
    report["entity_f1"] = entities["f1"]
    if summary:
        return report
    report["intents"] = _intent_scores(results)
    report["entities"] = entities
    report["errors"] = [
        {"text": e.text, "intent": e.intent, "predicted": p.intent}
        for e, p in results
        if e.intent != p.intent
    ]
    return report


def _f1(tp: int, fp: int, fn: int) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def _intent_scores(results: Sequence[tuple[Example, Parse]]) -> dict[str, dict[str, float]]:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for example, parsed in results:
        if example.intent == parsed.intent:
            tp[example.intent] += 1
        else:
            fn[example.intent] += 1
            fp[parsed.intent] += 1
    intents = sorted(set(tp) | set(fn) | set(fp))
    return {
        intent: {**_f1(tp[intent], fp[intent], fn[intent]), "support": tp[intent] + fn[intent]}
        for intent in intents
    }


def _same(found: Entity, marked: AnnotatedEntity) -> bool:
    if found.entity != marked.entity or found.end <= marked.start or marked.end <= found.start:
        return False
    if marked.value is None or found.entity == "time":
        return True
    return str(found.value) == str(marked.value)


def _entity_scores(results: Sequence[tuple[Example, Parse]]) -> dict[str, Any]:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for example, parsed in results:
        unmatched = list(parsed.entities)
        for marked in example.entities:
            match = next((f for f in unmatched if _same(f, marked)), None)
            if match is None:
                fn[marked.entity] += 1
            else:
                tp[marked.entity] += 1
                unmatched.remove(match)
        for found in unmatched:
            fp[found.entity] += 1
    kinds = sorted(set(tp) | set(fp) | set(fn))
    overall = _f1(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    return {
        **overall,
        "by_entity": {
            kind: {**_f1(tp[kind], fp[kind], fn[kind]), "support": tp[kind] + fn[kind]}
            for kind in kinds
        },
    }


def folds(
    examples: Sequence[Example], k: int, *, seed: int = 0
) -> list[tuple[list[Example], list[Example]]]:
    """``k`` (train, test) splits, each intent spread evenly over the folds."""
    by_intent: dict[str, list[Example]] = defaultdict(list)
    for example in examples:
        by_intent[example.intent].append(example)
    parts: list[list[Example]] = [[] for _ in range(k)]
    shuffle = random.Random(seed)
    for intent in sorted(by_intent):
        group = by_intent[intent][:]
        shuffle.shuffle(group)
        for index, example in enumerate(group):
            parts[index % k].append(example)
    return [
        ([e for j, part in enumerate(parts) if j != i for e in part], parts[i]) for i in range(k)
    ]
