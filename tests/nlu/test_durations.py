"""The duration extractor (bot.nlu.entities.durations): every form in every language,
bare numbers for running late, what is not a duration, the annotated duration spans of
the training data, and speed."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.nlu.entities.durations import extract_durations
from bot.nlu.training_data import read_training_data

DATA = Path(__file__).resolve().parents[2] / "bot" / "nlu" / "data"

# text → [(amount as written, minutes), …]
CASES: dict[str, list[tuple[str, list[tuple[str, int]]]]] = {
    "en": [
        ("10 min", [("10 min", 10)]),
        ("I'm running 10 minutes late", [("10 minutes", 10)]),
        ("half an hour", [("half an hour", 30)]),
        ("a quarter of an hour", [("a quarter of an hour", 15)]),
        ("an hour", [("an hour", 60)]),
        ("an hour and a half", [("an hour and a half", 90)]),
        ("twenty minutes", [("twenty minutes", 20)]),
        ("15 mins", [("15 mins", 15)]),
        ("2 hours", [("2 hours", 120)]),
        ("1 h 30 min", [("1 h 30 min", 90)]),
        ("1.5 hours", [("1.5 hours", 90)]),
        ("three quarters of an hour", [("three quarters of an hour", 45)]),
        ("24 hours", [("24 hours", 1440)]),
        ("24h", [("24h", 1440)]),
        ("I'll be twenty minutes late for my haircut", [("twenty minutes", 20)]),
        ("1 h 30 min", [("1 h 30 min", 90)]),
        ("delayed by fifteen minutes, sorry", [("fifteen minutes", 15)]),
    ],
    "lt": [
        ("10 min", [("10 min", 10)]),
        ("pusvalandį", [("pusvalandį", 30)]),
        ("pusvalandziu", [("pusvalandziu", 30)]),
        ("dešimt minučių", [("dešimt minučių", 10)]),
        ("penkiolika minučių", [("penkiolika minučių", 15)]),
        ("ketvirčio valandos", [("ketvirčio valandos", 15)]),
        ("ketvirtį valandos", [("ketvirtį valandos", 15)]),
        ("penkiomis minutėmis", [("penkiomis minutėmis", 5)]),
        ("dvidešimties minučių", [("dvidešimties minučių", 20)]),
        ("2 valandas", [("2 valandas", 120)]),
        ("likus 2 val.", [("2 val.", 120)]),
        ("24 val.", [("24 val.", 1440)]),
        ("valanda", [("valanda", 60)]),
        ("pusantros valandos", [("pusantros valandos", 90)]),
        ("3 minutėm", [("3 minutėm", 3)]),
        ("Vėluoju dešimt minučių", [("dešimt minučių", 10)]),
        ("Bėgu, būsiu po ketvirčio valandos", [("ketvirčio valandos", 15)]),
    ],
    "pl": [
        ("10 minut", [("10 minut", 10)]),
        ("pół godziny", [("pół godziny", 30)]),
        ("pół godzinki", [("pół godzinki", 30)]),
        ("kwadrans", [("kwadrans", 15)]),
        ("dziesięć minut", [("dziesięć minut", 10)]),
        ("dwadzieścia minut", [("dwadzieścia minut", 20)]),
        ("o godzinę później", [("godzinę", 60)]),
        ("trzy kwadranse", [("trzy kwadranse", 45)]),
        ("półtorej godziny", [("półtorej godziny", 90)]),
        ("2 godziny", [("2 godziny", 120)]),
        ("15 minutach", [("15 minutach", 15)]),
        ("5 minutek", [("5 minutek", 5)]),
        ("spóźnię się na strzyżenie, będę za dziesięć minut", [("dziesięć minut", 10)]),
        ("za godzinę", [("godzinę", 60)]),
    ],
    "sq": [
        ("10 minuta", [("10 minuta", 10)]),
        ("gjysmë ore", [("gjysmë ore", 30)]),
        ("gjysëm ore", [("gjysëm ore", 30)]),
        ("një çerek ore", [("një çerek ore", 15)]),
        ("cerek ore", [("cerek ore", 15)]),
        ("nje cerek", [("nje cerek", 15)]),
        ("dhjetë minuta", [("dhjetë minuta", 10)]),
        ("pesëmbëdhjetë minuta", [("pesëmbëdhjetë minuta", 15)]),
        ("njëzet minuta", [("njëzet minuta", 20)]),
        ("20 minutash", [("20 minutash", 20)]),
        ("një orë", [("një orë", 60)]),
        ("2 orë", [("2 orë", 120)]),
        ("24 ore", [("24 ore", 1440)]),
        ("një orë e gjysmë", [("një orë e gjysmë", 90)]),
        ("nje dite", [("nje dite", 1440)]),
        ("Fal, po vonohem dhjete minuta", [("dhjete minuta", 10)]),
        ("Do vonohem një çerek ore", [("një çerek ore", 15)]),
    ],
    "de": [
        ("10 Minuten", [("10 Minuten", 10)]),
        ("eine Viertelstunde", [("eine Viertelstunde", 15)]),
        ("eine halbe Stunde", [("eine halbe Stunde", 30)]),
        ("ne halbe Stunde", [("ne halbe Stunde", 30)]),
        ("zehn Minuten", [("zehn Minuten", 10)]),
        ("fünf Minuten", [("fünf Minuten", 5)]),
        ("eine Stunde", [("eine Stunde", 60)]),
        ("eine Dreiviertelstunde", [("eine Dreiviertelstunde", 45)]),
        ("anderthalb Stunden", [("anderthalb Stunden", 90)]),
        ("24 Stunden", [("24 Stunden", 1440)]),
        ("einen Tag", [("einen Tag", 1440)]),
        ("5min", [("5min", 5)]),
        ("fünfundzwanzig Minuten", [("fünfundzwanzig Minuten", 25)]),
        ("zwei Stunden", [("zwei Stunden", 120)]),
        ("Ich komme ca. eine Viertelstunde zu spät", [("eine Viertelstunde", 15)]),
        ("Ich werde mich um etwa 20 Minuten verspäten", [("20 Minuten", 20)]),
    ],
    "ru": [
        ("10 минут", [("10 минут", 10)]),
        ("полчаса", [("полчаса", 30)]),
        ("полчасика", [("полчасика", 30)]),
        ("получаса", [("получаса", 30)]),
        ("четверть часа", [("четверть часа", 15)]),
        ("десять минут", [("десять минут", 10)]),
        ("опаздываю минут на десять", [("минут на десять", 10)]),
        ("минут 15", [("минут 15", 15)]),
        ("минуты на 3", [("минуты на 3", 3)]),
        ("минут через 10", [("минут через 10", 10)]),
        ("сорок минут", [("сорок минут", 40)]),
        ("час", [("час", 60)]),
        ("полтора часа", [("полтора часа", 90)]),
        ("сутки", [("сутки", 1440)]),
        ("пару минут", [("пару минут", 2)]),
        ("пять минуточек", [("пять минуточек", 5)]),
        ("2 часа", [("2 часа", 120)]),
        ("двадцать пять минут", [("двадцать пять минут", 25)]),
        ("Задержусь где-то на полчаса", [("полчаса", 30)]),
        ("Я уже рядом, но минуты на 3 опоздаю", [("минуты на 3", 3)]),
    ],
}


def _read(text: str, *, bare_numbers: bool = False) -> list[tuple[str, int]]:
    return [
        (text[m.start : m.end], m.minutes)
        for m in extract_durations(text, bare_numbers=bare_numbers)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(text, expected, id=f"{lang}:{text}")
        for lang, rows in CASES.items()
        for text, expected in rows
    ],
)
def test_reads_each_form(text: str, expected: list[tuple[str, int]]) -> None:
    assert _read(text) == expected


BARE = [
    ("late, be there in 15", [("15", 15)]),
    ("stuck in traffic, be there in 15", [("15", 15)]),
    ("i'm late by 15", [("15", 15)]),
    ("буду через 15", [("15", 15)]),
    ("just left home, be there in ten", [("in ten", 10)]),
    ("через пять буду", [("через пять", 5)]),
    ("Jam rruges, vij pas 20", [("20", 20)]),
    # an amount with a unit wins; a time of day is no amount
    ("10 min late, sorry, room 12", [("10 min", 10)]),
    ("I'll be there at 3:20 instead of 3", []),
    ("my appointment is at 2 but i'll get there around 2:15", []),
    ("call +370 612 34567", []),
    ("late 500", []),
    ("15% off?", []),
]


@pytest.mark.parametrize(("text", "expected"), BARE)
def test_bare_numbers_when_running_late(text: str, expected: list[tuple[str, int]]) -> None:
    assert _read(text, bare_numbers=True) == expected


def test_bare_numbers_only_when_asked() -> None:
    assert _read("be there in 15") == []
    assert _read("I am 30") == []
    # the caller asks for bare numbers only when the intent is running late
    assert _read("I am 30", bare_numbers=True) == [("30", 30)]


NOT_DURATIONS = [
    "at 10",
    "10:30",
    "10 val.",
    "rytoj 10 val.",
    "o 15",
    "в 12",
    "um 10 Uhr",
    "në orën 10",
    "in 3 days",
    "za 2 dni",
    "2 people",
    "35 EUR",
    "guten Tag",
    "Hallo, guten Tag zusammen",
    "Dua ta anuloj pastrimin e dhembeve",
    "nie ten dzien",
    "не сейчас",
    "Доброго времени суток!",
    "na weekend",
    "o trzeciej",
    "Na jaką godzinę się umówiłam?",
    "Kelintą valandą man reikia būti?",
    "Paç një ditë të bukur",
]


@pytest.mark.parametrize("text", NOT_DURATIONS)
def test_not_durations(text: str) -> None:
    assert _read(text) == []
    assert _read(text, bare_numbers=True) == []


def test_offsets_point_into_the_original_text() -> None:
    text = "Straße gesperrt, ich komme fünfundzwanzig Minuten später"
    [mention] = extract_durations(text)
    assert text[mention.start : mention.end] == "fünfundzwanzig Minuten"
    assert mention.minutes == 25


def _coverage() -> dict[str, tuple[int, int]]:
    out: dict[str, tuple[int, int]] = {}
    for path in sorted(DATA.glob("*.yml")):
        total = found = 0
        for example in read_training_data(path).examples:
            spans = [e for e in example.entities if e.entity == "duration"]
            if not spans:
                continue
            late = example.intent == "running_late"
            mentions = extract_durations(example.text, bare_numbers=late)
            for span in spans:
                total += 1
                found += any(m.start < span.end and span.start < m.end for m in mentions)
        out[path.stem] = (total, found)
    return out


def test_finds_the_annotated_duration_spans_of_the_training_data() -> None:
    coverage = _coverage()
    for language, (total, found) in coverage.items():
        print(f"{language}: {found}/{total} annotated durations found ({found / total:.0%})")
    for language, (total, found) in coverage.items():
        assert found / total >= 0.95, language
