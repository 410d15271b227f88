"""Finding the catalog's categories, businesses and services in texts of six languages."""

from __future__ import annotations

import pytest

from bot.catalog.loading import load_catalog
from bot.nlu import classifier
from bot.nlu.catalog_facts import facts_from_file
from bot.nlu.names import NameFinder, annotated_terms, catalog_terms, translit
from tests.conftest import DEMO_CATALOG


@pytest.fixture(scope="module")
def catalog_only() -> NameFinder:
    return NameFinder(catalog_terms(load_catalog(DEMO_CATALOG)))


@pytest.fixture(scope="module")
def finder() -> NameFinder:
    """The catalog's names and the training data's annotated forms, as the app has."""
    facts = facts_from_file(load_catalog(DEMO_CATALOG))
    model = classifier.load_or_train()
    return NameFinder([*facts.terms, *annotated_terms(model.annotations, facts.known())])


def found(finder: NameFinder, text: str) -> list[tuple[str, str, str]]:
    return [(f.entity, f.id, text[f.start : f.end]) for f in finder.find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # catalog names, as written and folded
        ("Men's haircut please", [("service", "haircut-men", "Men's haircut")]),
        ("vyru kirpimas", [("service", "haircut-men", "vyru kirpimas")]),
        ("Strzyżenie męskie", [("service", "haircut-men", "Strzyżenie męskie")]),
        ("Мужская стрижка", [("service", "haircut-men", "Мужская стрижка")]),
        ("Herrenhaarschnitt bitte", [("service", "haircut-men", "Herrenhaarschnitt")]),
        ("Prerje flokësh për meshkuj", [("service", "haircut-men", "Prerje flokësh për meshkuj")]),
        # case endings
        ("Noriu į Aušrą", [("business", "ausra-vilnius", "Aušrą")]),
        ("Kirpykloje Aušroje", [("business", "ausra-vilnius", "Kirpykloje Aušroje")]),
        ("moterų kirpimui", [("service", "haircut-women", "moterų kirpimui")]),
        ("na strzyżenie brody", [("service", "beard", "strzyżenie brody")]),
        ("на мужскую стрижку", [("service", "haircut-men", "мужскую стрижку")]),
        ("w Lotusie", [("business", "lotus-krakow", "Lotusie")]),
        # word order, typos, another script
        ("męskie strzyżenie", [("service", "haircut-men", "męskie strzyżenie")]),
        ("mens hiarcut", [("service", "haircut-men", "mens hiarcut")]),
        ("Zahnreinigng", [("service", "cleaning", "Zahnreinigng")]),
        ("в Невском", [("business", "nevsky-riga", "Невском")]),
        # a business and a service in one sentence; longer names win over parts
        (
            "yoga class at Kraftwerk",
            [("service", "yoga-class", "yoga class"), ("business", "kraft-berlin", "Kraftwerk")],
        ),
        ("Haircut and beard", [("service", "haircut-beard", "Haircut and beard")]),
    ],
)
def test_catalog_names(
    catalog_only: NameFinder, text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert found(catalog_only, text) == expected


def test_generic_words_do_not_name_a_business(catalog_only: NameFinder) -> None:
    names = found(catalog_only, "any hotel or salon or clinic will do")
    assert [n for n in names if n[0] == "business"] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I need a haircut", [("category", "hair", "haircut")]),
        ("looking for a dentist", [("category", "health", "dentist")]),
        ("Ich brauche eine Massage", [("service", "massage-60", "Massage")]),
        ("dua nje masazh", [("service", "massage-60", "masazh")]),
        ("стрижку завтра", [("category", "hair", "стрижку")]),
    ],
)
def test_forms_from_the_training_data(
    finder: NameFinder, text: str, expected: list[tuple[str, str, str]]
) -> None:
    assert found(finder, text) == expected


def test_translit() -> None:
    assert translit("невский") == "nevskiy"
    assert translit("Aušra") == "Aušra"
