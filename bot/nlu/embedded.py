"""The embedded interpreter: what the application uses unless a Rasa server is set.

One parse: the intent classifier ranks the intents (below Rasa's thresholds the
intent is ``nlu_fallback``), lingua and the classifier's language model say the
language, and rules find the entities: e-mail and phone, the catalog's categories,
businesses and services, dates and times (in the time zone of the business the text
or the conversation names), durations.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from pathlib import Path
from typing import Final
from zoneinfo import ZoneInfo

from bot.booking.directory import Directory
from bot.nlu import classifier, language
from bot.nlu.catalog_facts import CatalogFacts, catalog_facts
from bot.nlu.classifier import NluModel
from bot.nlu.contacts import find_contacts
from bot.nlu.entities.durations import extract_durations
from bot.nlu.entities.languages import extract_languages
from bot.nlu.entities.times import extract_times
from bot.nlu.interpreter import FALLBACK_INTENT, Entity, Interpreter, Parse, ParseContext
from bot.nlu.names import NameFinder, annotated_terms

# Rasa's FallbackClassifier defaults.
THRESHOLD: Final = 0.3
AMBIGUITY_THRESHOLD: Final = 0.1
RANKING_LENGTH: Final = 10
COURTESY: Final = frozenset({"greet", "thanks", "goodbye"})
# Where a phone number without a country code is most likely from, by language.
LANGUAGE_REGIONS: Final = {"lt": "LT", "pl": "PL", "sq": "AL", "de": "DE", "ru": "RU", "en": "GB"}


class EmbeddedInterpreter:
    """Intents from the trained model, entities from rules (see the module docstring)."""

    def __init__(self, model: NluModel, catalog: CatalogFacts | None = None) -> None:
        self.model = model
        self.catalog = catalog or CatalogFacts()
        terms = list(self.catalog.terms)
        terms += annotated_terms(model.annotations, self.catalog.known())
        self.names = NameFinder(terms)

    async def parse(self, text: str, context: ParseContext) -> Parse:
        return self.parse_now(text, context)

    def parse_now(self, text: str, context: ParseContext) -> Parse:
        """The parse of ``text`` (synchronous: it takes about a millisecond)."""
        ranking = _request_over_courtesy(self.model.intents.rank(text))
        intent, confidence = ranking[0]
        runner_up = ranking[1][1] if len(ranking) > 1 else 0.0
        ranked = [(name, round(p, 4)) for name, p in ranking[:RANKING_LENGTH]]
        if confidence < THRESHOLD or confidence - runner_up < AMBIGUITY_THRESHOLD:
            # As Rasa's FallbackClassifier: the fallback leads with the threshold.
            intent, confidence = FALLBACK_INTENT, THRESHOLD
            ranked.insert(0, (FALLBACK_INTENT, THRESHOLD))
        language = self._language(text, context)
        entities = self._entities(text, context, intent=intent, language=language)
        return Parse(
            text=text,
            language=language,
            intent=intent,
            confidence=round(confidence, 4),
            ranking=tuple(ranked),
            entities=tuple(entities),
        )

    def _language(self, text: str, context: ParseContext) -> str:
        second = None
        if self.model.languages is not None:
            second = dict(self.model.languages.rank(text))
        return language.detect(text, context.language, second=second)

    def _entities(
        self, text: str, context: ParseContext, *, intent: str, language: str
    ) -> list[Entity]:
        found: list[Entity] = []
        masked = text
        # Numbers without a country code: the business's country, else the language's.
        region = context.region or LANGUAGE_REGIONS.get(language)
        for contact in find_contacts(text, region):
            found.append(
                Entity(
                    contact.entity, contact.value, contact.start, contact.end, extractor="contacts"
                )
            )
            masked = _blank(masked, contact.start, contact.end)
        businesses: list[str] = []
        for name in self.names.find(masked):
            found.append(Entity(name.entity, name.id, name.start, name.end, name.score, "names"))
            masked = _blank(masked, name.start, name.end)
            if name.entity == "business":
                businesses.append(name.id)
            elif name.entity == "service":
                offering = self.catalog.offered_by.get(name.id, frozenset())
                if len(offering) == 1:
                    businesses.extend(offering)
        zone = self._zone(businesses, context.timezone)
        for mention in extract_times(masked, now=context.now, tz=zone):
            start = _after_entities(masked, mention.start, mention.end, found)
            found.append(
                Entity(
                    "time",
                    mention.value.isoformat(),
                    start,
                    mention.end,
                    extractor="time_rules",
                    additional_info={"grain": mention.grain},
                )
            )
            masked = _blank(masked, mention.start, mention.end)
        if intent == "change_language":
            # Of several languages named, the one asked for comes last ("I don't
            # understand English, can we speak Polish?").
            mentions = extract_languages(masked)
            if mentions:
                asked = mentions[-1]
                found.append(
                    Entity("language", asked.code, asked.start, asked.end, extractor="languages")
                )
                for named in mentions:
                    masked = _blank(masked, named.start, named.end)
        running_late = intent == "running_late"
        for duration in extract_durations(masked, bare_numbers=running_late):
            found.append(
                Entity(
                    "duration",
                    duration.minutes,
                    duration.start,
                    duration.end,
                    extractor="time_rules",
                )
            )
        return sorted(found, key=lambda e: (e.start, e.end))

    def _zone(self, businesses: Iterable[str], default: ZoneInfo) -> ZoneInfo:
        """The time zone to read times in: a business the text names (or the only
        one offering the service it names), else the conversation's."""
        for business in businesses:
            zone = self.catalog.timezones.get(business)
            if zone:
                return ZoneInfo(zone)
        return default


def _request_over_courtesy(ranking: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """A greeting, thanks or goodbye wrapped around a request ("Dzień dobry, chcę umówić
    wizytę") is the request: when the two lead the ranking nearly tied, the request
    goes first and the courtesy's share is added to it, instead of the tie sending the
    text to the fallback as Rasa's ambiguity rule would."""
    if len(ranking) < 2:
        return ranking
    (first, p1), (second, p2) = ranking[0], ranking[1]
    if first in COURTESY and second not in COURTESY and p2 >= THRESHOLD:
        return [(second, p1 + p2), (first, 0.0), *ranking[2:]]
    if second in COURTESY and first not in COURTESY and p1 >= THRESHOLD:
        return [(first, p1 + p2), (second, 0.0), *ranking[2:]]
    return ranking


def _after_entities(text: str, start: int, end: int, found: list[Entity]) -> int:
    """Where a time mention really starts: after any entity found before it that its
    span reaches over ("w Aušrze jutro o 15" is a time from "jutro")."""
    for entity in found:
        if start <= entity.start and entity.end < end:
            start = entity.end
    while start < end and text[start].isspace():
        start += 1
    return start


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


async def load_model(model_file: Path | None = None) -> NluModel:
    """The trained model (trained now, in a thread, if this data has no cached one)."""
    if model_file is not None:
        return await asyncio.to_thread(classifier.load, model_file)
    return await asyncio.to_thread(classifier.load_or_train)


async def default_interpreter(directory: Directory) -> Interpreter:
    """The interpreter the application uses: a Rasa server when ``SLOTCHAT_RASA_URL``
    is set (backed by the embedded model), else the embedded model, knowing the stored
    catalog's names in every language."""
    from bot.config import get_settings
    from bot.nlu.remote import RasaInterpreter

    embedded = EmbeddedInterpreter(await load_model(), await catalog_facts(directory))
    await asyncio.to_thread(language.warm_up)
    url = get_settings().rasa_url
    return RasaInterpreter(url, fallback=embedded) if url else embedded
