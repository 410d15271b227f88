"""The catalog schema: the demo catalog loads, and each kind of mistake is reported."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date, time
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from bot.catalog.loading import CatalogInvalid, load_catalog, parse_catalog
from bot.catalog.schema import Catalog, name_in

DEMO = Path(__file__).parents[2] / "bot" / "demo" / "catalog.yml"

Data = dict[str, Any]


@cache
def _demo_text() -> str:
    return DEMO.read_text(encoding="utf-8")


def demo_data() -> Data:
    """A fresh copy of the demo catalog as plain data."""
    return copy.deepcopy(yaml.safe_load(_demo_text()))


def problems_of(data: object) -> list[str]:
    with pytest.raises(CatalogInvalid) as raised:
        parse_catalog(data)
    return raised.value.problems


def _by_id(items: Any, item_id: str) -> Any:
    return next((item for item in items if item.id == item_id), None)


# --- the demo catalog -----------------------------------------------------------------


def test_demo_catalog_loads() -> None:
    catalog = load_catalog(DEMO)

    assert catalog.version == 1
    assert [c.id for c in catalog.categories] == ["hair", "beauty", "health", "fitness", "stay"]
    assert len(catalog.businesses) == 6
    hotel = _by_id(catalog.businesses, "linden-hotel")
    assert hotel is not None
    assert len(hotel.rooms) == 3
    assert hotel.rooms and not hotel.services
    assert hotel.policies.check_in == time(15, 0)
    assert hotel.policies.check_out == time(11, 0)
    kraft = _by_id(catalog.businesses, "kraft-berlin")
    assert kraft is not None
    yoga = _by_id(kraft.services, "yoga-class")
    assert yoga is not None
    assert yoga.capacity == 12
    ausra = _by_id(catalog.businesses, "ausra-vilnius")
    assert ausra is not None
    assert len(ausra.hours["wed"]) == 2
    assert ausra.hours["wed"][1].start == time(14, 0)
    assert ausra.hours["sun"] == []
    assert date(2026, 12, 25) in ausra.closed
    assert str(ausra.timezone) == "Europe/Vilnius"


def test_demo_values_are_typed_and_defaulted() -> None:
    catalog = parse_catalog(demo_data())
    ausra = catalog.businesses[0]
    beard = _by_id(ausra.services, "beard")
    assert beard is not None
    assert beard.price == Decimal("12.00")
    assert beard.buffer_after_minutes == 10
    assert beard.capacity == 1
    assert ausra.policies.payment == ["card", "on_site"]
    assert ausra.policies.slot_step_minutes == 15
    assert ausra.policies.min_notice_minutes == 60
    assert ausra.policies.max_days_ahead == 60
    hotel = catalog.businesses[5]
    assert hotel.policies.late_tolerance_minutes == 15
    assert hotel.hours == {}


def test_names_fall_back_to_english() -> None:
    data = demo_data()
    data["categories"][0]["names"] = {"en": "Hair", "lt": "Kirpyklos"}
    catalog = parse_catalog(data)
    names = catalog.categories[0].names
    assert name_in(names, "lt") == "Kirpyklos"
    assert name_in(names, "de") == "Hair"


def test_prices_may_be_numbers() -> None:
    data = demo_data()
    data["businesses"][0]["services"][0]["price"] = 35.5
    data["businesses"][0]["services"][1]["price"] = 20
    services = parse_catalog(data).businesses[0].services
    assert services[0].price == Decimal("35.5")
    assert services[1].price == Decimal(20)


def test_touching_ranges_and_unordered_ranges_are_fine() -> None:
    data = demo_data()
    data["businesses"][0]["hours"]["wed"] = ["13:00-19:00", "09:00-13:00"]
    wed = parse_catalog(data).businesses[0].hours["wed"]
    assert [r.start for r in wed] == [time(9, 0), time(13, 0)]


def test_dumped_catalog_parses_back_to_the_same() -> None:
    catalog = load_catalog(DEMO)
    assert parse_catalog(catalog.model_dump(mode="json")) == catalog


def test_models_check_cross_references_on_their_own() -> None:
    data = demo_data()
    data["businesses"][1]["services"][0]["staff"] = ["ania", "bob"]
    with pytest.raises(ValidationError, match="'bob' is not one of this business's staff"):
        Catalog.model_validate(data)


# --- one mistake at a time ------------------------------------------------------------

Mutation = Callable[[Data], None]


def business(index: int) -> Callable[[Data], Data]:
    return lambda data: data["businesses"][index]


def _set(path: str, value: object) -> Mutation:
    """Set the value at a dotted path (list indexes as numbers)."""

    def mutate(data: Data) -> None:
        *parents, last = path.split(".")
        target: Any = data
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        if last.isdigit():
            target[int(last)] = value
        else:
            target[last] = value

    return mutate


def _delete(path: str) -> Mutation:
    def mutate(data: Data) -> None:
        *parents, last = path.split(".")
        target: Any = data
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        del target[last]

    return mutate


def _append(path: str, value: object) -> Mutation:
    def mutate(data: Data) -> None:
        target: Any = data
        for part in path.split("."):
            target = target[int(part)] if part.isdigit() else target[part]
        target.append(copy.deepcopy(value))

    return mutate


def _copy_item(path: str, index: int) -> Mutation:
    """Append a copy of item ``index`` of the list at ``path`` (a duplicate id)."""

    def mutate(data: Data) -> None:
        target: Any = data
        for part in path.split("."):
            target = target[int(part)] if part.isdigit() else target[part]
        target.append(copy.deepcopy(target[index]))

    return mutate


CASES: list[tuple[str, Mutation, str]] = [
    (
        "time range out of the day",
        _set("businesses.2.hours.wed.0", "25:00-26:00"),
        "businesses[2].hours.wed[0]: '25:00-26:00' is not a time range",
    ),
    (
        "time range not a range",
        _set("businesses.0.hours.mon.0", "nine to six"),
        "businesses[0].hours.mon[0]: 'nine to six' is not a time range",
    ),
    (
        "time range ending before it starts",
        _set("businesses.0.hours.fri.0", "18:00-09:00"),
        "businesses[0].hours.fri[0]: '18:00-09:00' does not end after it starts",
    ),
    (
        "empty time range",
        _set("businesses.0.hours.fri.0", "09:00-09:00"),
        "businesses[0].hours.fri[0]: '09:00-09:00' does not end after it starts",
    ),
    (
        "overlapping ranges",
        _set("businesses.0.hours.wed", ["09:00-13:00", "12:00-19:00"]),
        "businesses[0].hours.wed: ranges '09:00-13:00' and '12:00-19:00' overlap",
    ),
    (
        "unknown weekday",
        _set("businesses.0.hours.monday", ["09:00-18:00"]),
        "businesses[0].hours.monday: 'monday' is not a weekday (mon, tue, wed, thu, fri, sat, sun)",
    ),
    (
        "day not a list",
        _set("businesses.0.hours.sun", None),
        "businesses[0].hours.sun: must be a list, not empty",
    ),
    (
        "unknown time zone",
        _set("businesses.0.timezone", "Europe/Vilnus"),
        "businesses[0].timezone: 'Europe/Vilnus' is not a known time zone",
    ),
    (
        "unknown currency",
        _set("businesses.1.currency", "ZZZ"),
        "businesses[1].currency: 'ZZZ' is not a known currency code (ISO 4217, like 'EUR')",
    ),
    (
        "lower-case currency",
        _set("businesses.1.currency", "pln"),
        "businesses[1].currency: 'pln' is not a known currency code (ISO 4217, like 'EUR')",
    ),
    (
        "unknown category",
        _set("businesses.0.category", "hairr"),
        "businesses[0].category: 'hairr' is not a category id",
    ),
    (
        "duplicate category id",
        _copy_item("categories", 0),
        "categories[5].id: 'hair' is used twice",
    ),
    (
        "duplicate business id",
        _set("businesses.4.id", "ausra-vilnius"),
        "businesses[4].id: 'ausra-vilnius' is used twice",
    ),
    (
        "duplicate service id",
        _set("businesses.1.services.2.id", "massage-60"),
        "businesses[1].services[2].id: 'massage-60' is used twice",
    ),
    (
        "duplicate staff id",
        _append("businesses.0.staff", {"id": "rasa", "name": "Rasa K."}),
        "businesses[0].staff[2].id: 'rasa' is used twice",
    ),
    (
        "duplicate room id",
        _copy_item("businesses.5.rooms", 0),
        "businesses[5].rooms[3].id: 'single' is used twice",
    ),
    (
        "service staff not in the business",
        _set("businesses.1.services.0.staff", ["ania", "bob"]),
        "businesses[1].services[0].staff[1]: 'bob' is not one of this business's staff",
    ),
    (
        "service staff from another business",
        _set("businesses.0.services.0.staff", ["dmitry"]),
        "businesses[0].services[0].staff[0]: 'dmitry' is not one of this business's staff",
    ),
    (
        "service without staff",
        _set("businesses.0.services.0.staff", []),
        "businesses[0].services[0].staff: must not be empty",
    ),
    (
        "negative price",
        _set("businesses.3.services.1.price", "-5.00"),
        "businesses[3].services[1].price: must not be negative",
    ),
    (
        "price not a number",
        _set("businesses.3.services.1.price", "free"),
        "businesses[3].services[1].price: 'free' is not an amount (write it like '35.00')",
    ),
    (
        "negative room price",
        _set("businesses.5.rooms.1.price_per_night", -1),
        "businesses[5].rooms[1].price_per_night: must not be negative",
    ),
    (
        "zero minutes",
        _set("businesses.3.services.1.minutes", 0),
        "businesses[3].services[1].minutes: must be greater than 0",
    ),
    (
        "minutes as text",
        _set("businesses.3.services.1.minutes", "60"),
        "businesses[3].services[1].minutes: '60' is not a whole number",
    ),
    (
        "zero capacity",
        _set("businesses.3.services.1.capacity", 0),
        "businesses[3].services[1].capacity: must be at least 1",
    ),
    (
        "negative buffer",
        _set("businesses.0.services.2.buffer_after_minutes", -10),
        "businesses[0].services[2].buffer_after_minutes: must not be negative",
    ),
    (
        "zero room count",
        _set("businesses.5.rooms.2.count", 0),
        "businesses[5].rooms[2].count: must be at least 1",
    ),
    (
        "slot step too large",
        _set("businesses.0.policies.slot_step_minutes", 300),
        "businesses[0].policies.slot_step_minutes: must be at most 240",
    ),
    (
        "slot step too small",
        _set("businesses.0.policies.slot_step_minutes", 1),
        "businesses[0].policies.slot_step_minutes: must be at least 5",
    ),
    (
        "needs_confirmation not a boolean",
        _set("businesses.0.policies.needs_confirmation", "no"),
        "businesses[0].policies.needs_confirmation: 'no' is not true or false",
    ),
    (
        "unknown payment",
        _set("businesses.0.policies.payment", ["card", "cash"]),
        "businesses[0].policies.payment[1]: 'cash' is not allowed (expected 'card' or 'on_site')",
    ),
    (
        "unknown policy field",
        _set("businesses.0.policies.colour", "red"),
        "businesses[0].policies.colour: unknown field",
    ),
    (
        "unknown business field",
        _set("businesses.2.website", "https://example.com"),
        "businesses[2].website: unknown field",
    ),
    (
        "unknown top-level field",
        _set("owner", "me"),
        "owner: unknown field",
    ),
    (
        "business without time zone",
        _delete("businesses.0.timezone"),
        "businesses[0].timezone: required",
    ),
    (
        "service without price",
        _delete("businesses.1.services.1.price"),
        "businesses[1].services[1].price: required",
    ),
    (
        "no businesses",
        _delete("businesses"),
        "businesses: required",
    ),
    (
        "unsupported version",
        _set("version", 2),
        "version: 2 is not allowed (expected 1)",
    ),
    (
        "unknown language in names",
        _set("categories.0.names.fr", "Coiffure"),
        "categories[0].names.fr: 'fr' is not a supported language (en, lt, pl, sq, de, ru)",
    ),
    (
        "unknown language in a business's languages",
        _set("businesses.0.languages", ["lt", "lv"]),
        "businesses[0].languages[1]: 'lv' is not a supported language (en, lt, pl, sq, de, ru)",
    ),
    (
        "language listed twice",
        _set("businesses.0.languages", ["lt", "en", "lt"]),
        "businesses[0].languages[2]: 'lt' is used twice",
    ),
    (
        "names without en",
        _set("businesses.1.services.1.names", {"pl": "Zabieg na twarz"}),
        "businesses[1].services[1].names: the 'en' name is required",
    ),
    (
        "empty name",
        _set("categories.2.names.de", "  "),
        "categories[2].names.de: must not be empty",
    ),
    (
        "bad closed date",
        _set("businesses.0.closed.1", "2026-12-32"),
        "businesses[0].closed[1]: '2026-12-32' is not a date (YYYY-MM-DD)",
    ),
    (
        "closed date as a number",
        _set("businesses.0.closed.0", 20261224),
        "businesses[0].closed[0]: 20261224 is not a date (YYYY-MM-DD)",
    ),
    (
        "lodging without check-in",
        _delete("businesses.5.policies.check_in"),
        "businesses[5].policies.check_in: required for a business with rooms",
    ),
    (
        "check-out not a time",
        _set("businesses.5.policies.check_out", "11"),
        "businesses[5].policies.check_out: '11' is not a time (HH:MM)",
    ),
    (
        "check-in written without quotes",
        _set("businesses.5.policies.check_in", 900),
        'businesses[5].policies.check_in: 900 is not a time (put it in quotes, like "15:00")',
    ),
    (
        "services and rooms",
        _set(
            "businesses.0.rooms",
            [{"id": "r", "names": {"en": "R"}, "count": 1, "guests": 1, "price_per_night": 1}],
        ),
        "businesses[0]: has both services and rooms; a business has one or the other",
    ),
    (
        "neither services nor rooms",
        _delete("businesses.5.rooms"),
        "businesses[5]: has neither services nor rooms",
    ),
    (
        "services without hours",
        _delete("businesses.2.hours"),
        "businesses[2].hours: a business with services needs opening hours",
    ),
    (
        "bad id slug",
        _set("businesses.0.id", "Ausra Vilnius"),
        "businesses[0].id: 'Ausra Vilnius' is not a valid id (lowercase letters, digits, "
        "'-' and '_', up to 64 characters, starting with a letter or digit)",
    ),
    (
        "staff entry not a mapping",
        _set("businesses.0.staff.1", "tomas"),
        "businesses[0].staff[1]: must be a mapping of fields, not text 'tomas'",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [pytest.param(mutate, expected, id=name) for name, mutate, expected in CASES],
)
def test_one_mistake_is_reported_exactly(mutate: Mutation, expected: str) -> None:
    data = demo_data()
    mutate(data)

    assert problems_of(data) == [expected]


def test_every_problem_is_reported_in_file_order() -> None:
    data = demo_data()
    data["categories"].append({"id": "hair", "names": {"en": "Hair again"}})
    data["businesses"][0]["timezone"] = "Mars/Olympus"
    data["businesses"][0]["hours"]["wed"][0] = "25:00-26:00"
    data["businesses"][1]["services"][0]["staff"] = ["ania", "bob"]
    data["businesses"][1]["services"][1]["minutes"] = 0
    data["businesses"][3]["category"] = "gym"
    del data["businesses"][5]["policies"]["check_out"]

    assert problems_of(data) == [
        "categories[5].id: 'hair' is used twice",
        "businesses[0].timezone: 'Mars/Olympus' is not a known time zone",
        "businesses[0].hours.wed[0]: '25:00-26:00' is not a time range",
        "businesses[1].services[1].minutes: must be greater than 0",
        "businesses[1].services[0].staff[1]: 'bob' is not one of this business's staff",
        "businesses[3].category: 'gym' is not a category id",
        "businesses[5].policies.check_out: required for a business with rooms",
    ]


def test_the_exception_text_lists_the_problems() -> None:
    data = demo_data()
    data["businesses"][0]["timezone"] = "Europe/Vilnus"
    data["businesses"][0]["currency"] = "ZZZ"
    with pytest.raises(CatalogInvalid) as raised:
        parse_catalog(data)
    assert str(raised.value).splitlines() == [
        "the catalog has 2 problems:",
        "  businesses[0].timezone: 'Europe/Vilnus' is not a known time zone",
        "  businesses[0].currency: 'ZZZ' is not a known currency code (ISO 4217, like 'EUR')",
    ]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ([1, 2], "catalog: must be a mapping of fields, not list [1, 2]"),
        ("catalog", "catalog: must be a mapping of fields, not text 'catalog'"),
        (None, "catalog: must be a mapping of fields, not empty"),
    ],
)
def test_data_that_is_not_a_mapping(data: object, expected: str) -> None:
    assert problems_of(data) == [expected]


# --- files ----------------------------------------------------------------------------


def _load_problems(path: Path) -> list[str]:
    with pytest.raises(CatalogInvalid) as raised:
        load_catalog(path)
    return raised.value.problems


def test_yaml_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "catalog.yml"
    path.write_text("version: 1\ncategories: [\n  - id: hair\n", encoding="utf-8")

    assert _load_problems(path) == [
        f"{path}:3:3: not valid YAML: while parsing a flow node, "
        "expected the node content, but found '-'"
    ]


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.yml"
    assert _load_problems(path) == [f"{path}: no such file"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [("- hair\n- beauty\n", "a list"), ("just text\n", "a text"), ("", "empty")],
)
def test_top_level_not_a_mapping(tmp_path: Path, text: str, kind: str) -> None:
    path = tmp_path / "catalog.yml"
    path.write_text(text, encoding="utf-8")

    assert _load_problems(path) == [
        f"{path}: the top level must be a mapping of fields, not {kind}"
    ]


def test_problems_in_a_file_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "catalog.yml"
    path.write_text(_demo_text().replace("currency: PLN", "currency: ZZZ"), encoding="utf-8")

    with pytest.raises(CatalogInvalid) as raised:
        load_catalog(path)
    assert raised.value.problems == [
        "businesses[1].currency: 'ZZZ' is not a known currency code (ISO 4217, like 'EUR')"
    ]
    assert str(raised.value).startswith(f"{path} has 1 problem:")


def test_unquoted_dates_in_yaml_are_dates(tmp_path: Path) -> None:
    path = tmp_path / "catalog.yml"
    path.write_text(_demo_text().replace('"2026-12-24"', "2026-12-24"), encoding="utf-8")

    assert date(2026, 12, 24) in load_catalog(path).businesses[0].closed
