"""Finding the catalog's categories, businesses and services in a text.

What a client may call a thing comes from two places: the catalog's names in every
language (a business also by each distinctive word of its name: "Aušra" for "Kirpykla
Aušra", but not "Kirpykla"), and the training data's annotations, which carry the
inflected and colloquial forms people actually write ("vyrų kirpimą", "w Lotusie",
"a haircut" for the hair category), as Rasa derives synonyms from annotations.

Texts are matched word by word on folded text (see :mod:`bot.nlu.folding`); Cyrillic
is also compared in Latin transliteration ("Невский" finds "Nevsky"). A word of the
text matches a word of a name when it is the same, when it starts with the name word's
stem (case endings: "Aušroje", "kirpimui", "strzyżenia", "стрижку"), or when rapidfuzz
finds them alike despite a typo. All the words of a name must be found, near each
other and in any order; where names overlap, the one matching more words wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Final, Protocol

from rapidfuzz import fuzz, process

from bot.nlu.folding import fold

ENTITY_KINDS: Final = ("category", "business", "service")
TYPO_SCORE: Final = 84  # rapidfuzz ratio (0–100) from which two words count as one
MIN_FUZZY_LENGTH: Final = 5  # shorter words must match exactly or by stem
EXTRACTOR: Final = "names"

_WORD = re.compile(r"\w+")
_STOP_WORDS: Final = frozenset(
    re.findall(
        r"\S+",
        "and und dhe per for the with oder или lub arba ose von der die das des mit nga ili "
        "ir i и в na w u do za po te ne me se",
    )
)
_GENERIC_BUSINESS_WORDS: Final = frozenset(
    re.findall(
        r"\S+",
        "kirpykla salonas salon studija studio klinika clinic klinik dentare barbershop "
        "hotel hotelis center centras centrum zentrum qendra gym sporto club klubas klub spa "
        "fitness",
    )
)
_CYRILLIC_TO_LATIN: Final = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        re.findall(
            r"\S+", "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya"
        ),
        strict=True,
    )
)


def translit(word: str) -> str:
    """A Cyrillic word in Latin letters ("невский" → "nevskiy"); others unchanged."""
    if not any("\u0400" <= c <= "\u04ff" for c in word):
        return word
    return "".join(_CYRILLIC_TO_LATIN.get(c, c) for c in word).replace("_", "")


def stem(word: str) -> str:
    """What the inflected forms of a word share: all but its last three letters
    (at least four letters)."""
    return word[: max(4, len(word) - 3)]


def significant_words(text: str) -> list[str]:
    """The folded words of a name that identify it (no short or function words)."""
    return [w for w in _WORD.findall(fold(text)) if len(w) >= 3 and w not in _STOP_WORDS]


class _Named(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def names(self) -> Mapping[str, str]: ...


class _Business(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def city(self) -> str: ...
    @property
    def services(self) -> Sequence[_Named]: ...


class CatalogLike(Protocol):
    """A validated catalog file, or the stored catalog's rows in the same shape."""

    @property
    def categories(self) -> Sequence[_Named]: ...
    @property
    def businesses(self) -> Sequence[_Business]: ...


@dataclass(frozen=True, slots=True)
class Term:
    """One way of naming one thing of the catalog."""

    entity: str  # category, business or service
    id: str
    words: tuple[str, ...]  # folded significant words


def catalog_terms(catalog: CatalogLike) -> list[Term]:
    """Every name of every category, business and service of ``catalog``.

    A service id shared by several businesses is one thing; a business is also named
    by each distinctive word of its name alone (not generic words such as "Kirpykla"
    or "Hotel", a city, or words of category and service names)."""
    terms: list[Term] = []
    generic = set(_GENERIC_BUSINESS_WORDS)
    for category in catalog.categories:
        for name in category.names.values():
            terms.append(Term("category", category.id, tuple(significant_words(name))))
            generic.update(significant_words(name))
    for business in catalog.businesses:
        generic.update(significant_words(business.city))
        # Rooms are booked like services (by the night): the same entity.
        for service in [*business.services, *getattr(business, "rooms", ())]:
            for name in service.names.values():
                terms.append(Term("service", service.id, tuple(significant_words(name))))
                generic.update(significant_words(name))
    shared: dict[str, int] = {}
    for business in catalog.businesses:
        for word in set(significant_words(business.name)):
            shared[word] = shared.get(word, 0) + 1
    for business in catalog.businesses:
        words = significant_words(business.name)
        terms.append(Term("business", business.id, tuple(words)))
        for word in words:
            distinctive = shared[word] == 1 and not any(
                g.startswith(stem(word)) or word.startswith(stem(g)) for g in generic
            )
            if distinctive:
                terms.append(Term("business", business.id, (word,)))
    return [t for t in dict.fromkeys(terms) if t.words]


def annotated_terms(
    annotations: Iterable[tuple[str, str, str]], known: Mapping[str, set[str]]
) -> list[Term]:
    """Terms from training-data annotations ``(entity, value, annotated text)``, for
    the values that exist in the catalog (``known``: entity → ids)."""
    terms = []
    for entity, value, text in annotations:
        if entity in ENTITY_KINDS and value in known.get(entity, ()):
            words = significant_words(text)
            if words:
                terms.append(Term(entity, value, tuple(words)))
    return list(dict.fromkeys(terms))


@dataclass(frozen=True, slots=True)
class Found:
    """A thing of the catalog named in a text (offsets into the original text)."""

    entity: str
    id: str
    start: int
    end: int
    score: float  # 0–1: how closely the words matched


class NameFinder:
    """Finds :class:`Term` names in texts (see the module's docstring)."""

    def __init__(self, terms: Iterable[Term]) -> None:
        self.terms = list(dict.fromkeys(terms))
        self._by_word: dict[str, list[int]] = {}
        for number, term in enumerate(self.terms):
            for word in term.words:
                self._by_word.setdefault(word, []).append(number)
        self._vocabulary = list(self._by_word)
        self._latin = [translit(w) for w in self._vocabulary]
        self._by_prefix: dict[str, list[int]] = {}
        for index, word in enumerate(self._vocabulary):
            for key in {word[:3], translit(word)[:3]}:
                self._by_prefix.setdefault(key, []).append(index)

    def find(self, text: str) -> list[Found]:
        """The catalog things named in ``text``, left to right, none overlapping."""
        if not self.terms:
            return []
        words = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]
        folded = [fold(w) for w, _, _ in words]
        # For each word of the text: the vocabulary words it may be, with a score.
        alike: list[dict[str, float]] = [self._alike(w) for w in folded]
        candidates: list[tuple[tuple[float, ...], Term, list[int], float]] = []
        seen_terms: set[int] = set()
        for matches in alike:
            for vocabulary_word in matches:
                for number in self._by_word[vocabulary_word]:
                    if number in seen_terms:
                        continue
                    seen_terms.add(number)
                    placed = self._place(self.terms[number], alike)
                    if placed is not None:
                        used, score = placed
                        term = self.terms[number]
                        rank = (len(term.words), score, -(max(used) - min(used)))
                        candidates.append((rank, term, used, score))
        candidates.sort(key=lambda c: c[0], reverse=True)
        taken: set[int] = set()
        named: set[tuple[str, str]] = set()
        found: list[Found] = []
        for _, term, used, score in candidates:
            if taken.intersection(used) or (term.entity, term.id) in named:
                continue
            taken.update(used)
            named.add((term.entity, term.id))
            start = words[min(used)][1]
            end = words[max(used)][2]
            found.append(Found(term.entity, term.id, start, end, round(score, 3)))
        return sorted(found, key=lambda f: f.start)

    def _alike(self, word: str) -> dict[str, float]:
        """Vocabulary words that ``word`` may be, scored 0–1."""
        if len(word) < 3 or word in _STOP_WORDS:
            return {}
        result: dict[str, float] = {}

        def keep(candidate: str, score: float) -> None:
            result[candidate] = max(result.get(candidate, 0.0), score)

        if word in self._by_word:
            keep(word, 1.0)
        latin = translit(word)
        for key in {word[:3], latin[:3]}:
            for index in self._by_prefix.get(key, ()):
                candidate = self._vocabulary[index]
                for own, target in ((word, candidate), (latin, self._latin[index])):
                    if own == target:
                        keep(candidate, 0.98)
                    elif own.startswith(stem(target)) and len(own) <= len(target) + 4:
                        keep(candidate, 0.95)  # an inflected form
        if len(word) >= MIN_FUZZY_LENGTH:
            for probe, choices in ((word, self._vocabulary), (latin, self._latin)):
                for _, score, index in process.extract(
                    probe, choices, scorer=fuzz.ratio, score_cutoff=TYPO_SCORE, limit=5
                ):
                    if len(self._vocabulary[index]) >= MIN_FUZZY_LENGTH:
                        keep(self._vocabulary[index], 0.9 * score / 100)  # a typo
        return result

    @staticmethod
    def _place(term: Term, alike: list[dict[str, float]]) -> tuple[list[int], float] | None:
        """The text words that name ``term`` (each of its words once, within a window
        a little wider than the name), with the mean word score; None if not there."""
        best: tuple[list[int], float] | None = None
        window = len(term.words) + 2
        for first in range(len(alike)):
            used: list[int] = []
            total = 0.0
            for word in term.words:
                options = [
                    (alike[i][word], i)
                    for i in range(first, min(first + window, len(alike)))
                    if word in alike[i] and i not in used
                ]
                if not options:
                    break
                score, index = max(options)
                used.append(index)
                total += score
            else:
                mean = total / len(term.words)
                if best is None or mean > best[1]:
                    best = (used, mean)
        return best
