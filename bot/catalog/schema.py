"""The catalog file as typed models: categories, businesses, staff, services, rooms.

The models validate one catalog file (see ``docs/catalog.md``). Field-level problems
are raised by pydantic; cross-references (unique ids, a service's staff, a business's
category, lodging needs) are computed by :func:`catalog_problems` on plain data so that
the loader can report them together with the field problems, each with its own path.
Validating the models directly runs the same checks through model validators.

Every wall-clock value (opening hours, closed dates, check-in and check-out) is local
to the business's time zone.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import date, time
from decimal import Decimal
from functools import cache
from itertools import pairwise
from typing import Annotated, Any, Literal, Self
from zoneinfo import ZoneInfo, available_timezones

from babel.numbers import list_currencies
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    StringConstraints,
    ValidationInfo,
    model_validator,
)
from pydantic_core import PydanticCustomError

from bot.booking.calendar import (
    WEEKDAYS,
    TimeRange,
)
from bot.i18n import DEFAULT_LANGUAGE, LANGUAGES

# A path inside the catalog: field names and 0-based list indexes.
Loc = tuple[str | int, ...]
# One problem found by a cross-reference check: where, and what (plain English).
Problem = tuple[Loc, str]

# The error type that carries cross-reference problems out of a model validator.
PROBLEMS_ERROR = "catalog_problems"
# Validation context key: the caller runs :func:`catalog_problems` itself.
SKIP_CROSS_CHECKS = "skip_cross_checks"

ROOT = "catalog"
"""How a problem with the whole catalog (an empty path) is located."""

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"
_TIME = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _problem(message: str) -> PydanticCustomError:
    """A validation error whose message is shown as is."""
    return PydanticCustomError("catalog", "{message}", {"message": message})


def _shown(value: object) -> str:
    """``value`` quoted for a message, shortened when long."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# --- scalar types ---------------------------------------------------------------------

Id = Annotated[str, Field(strict=True, pattern=ID_PATTERN)]
"""A lowercase slug: letters, digits, ``-`` and ``_``, up to 64 characters."""

Reference = Annotated[str, StringConstraints(strict=True, strip_whitespace=True, min_length=1)]
"""The id of another catalog entry (checked by :func:`catalog_problems`)."""

Text = Annotated[str, StringConstraints(strict=True, strip_whitespace=True, min_length=1)]
"""Non-empty text."""

OptionalText = Annotated[str, StringConstraints(strict=True, strip_whitespace=True)]

PositiveInt = Annotated[int, Field(strict=True, gt=0)]
NonNegativeInt = Annotated[int, Field(strict=True, ge=0)]
Count = Annotated[int, Field(strict=True, ge=1)]
Flag = Annotated[bool, Field(strict=True)]


Amount = Annotated[Decimal, Field(ge=0, allow_inf_nan=False)]
"""A price, given as a string (``"35.00"``) or a number; never negative."""


def _check_language(value: str) -> str:
    if value not in LANGUAGES:
        raise _problem(f"{_shown(value)} is not a supported language ({', '.join(LANGUAGES)})")
    return value


Language = Annotated[str, Field(strict=True), AfterValidator(_check_language)]
"""One of the six languages the bot speaks."""


def _require_default_language(names: dict[str, str]) -> dict[str, str]:
    if DEFAULT_LANGUAGE not in names:
        raise _problem(f"the {DEFAULT_LANGUAGE!r} name is required")
    return names


Names = Annotated[dict[Language, Text], AfterValidator(_require_default_language)]
"""Names by language; ``en`` is required and stands in for any missing language."""


def name_in(names: Mapping[str, str], language: str) -> str:
    """The name in ``language``, or the English one when that language has none."""
    return names.get(language) or names[DEFAULT_LANGUAGE]


def _parse_time(value: str) -> time | None:
    match = _TIME.match(value)
    if match is None:
        return None
    hour, minute = int(match[1]), int(match[2])
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def _format_time(value: time) -> str:
    return value.strftime("%H:%M")


def _time_hint(value: Any) -> str:
    # YAML reads an unquoted 15:00 as the base-60 integer 900.
    return ' (put it in quotes, like "15:00")' if type(value) is int else " (HH:MM)"


def _validate_time(value: Any) -> time:
    if isinstance(value, time):
        return value
    parsed = _parse_time(value) if isinstance(value, str) else None
    if parsed is None:
        raise _problem(f"{_shown(value)} is not a time{_time_hint(value)}")
    return parsed


ClockTime = Annotated[time, PlainValidator(_validate_time), PlainSerializer(_format_time)]
"""A wall-clock time given as ``"HH:MM"``."""


def _validate_range(value: Any) -> TimeRange:
    if isinstance(value, TimeRange):
        return value
    parts = value.split("-") if isinstance(value, str) else []
    start = _parse_time(parts[0]) if len(parts) == 2 else None
    end = _parse_time(parts[1]) if len(parts) == 2 else None
    if start is None or end is None:
        raise _problem(f"{_shown(value)} is not a time range{_range_hint(value)}")
    if start >= end:
        raise _problem(f"{_shown(value)} does not end after it starts")
    return TimeRange(start, end)


def _range_hint(value: Any) -> str:
    return "" if isinstance(value, str) else ' (write it like "09:00-18:00")'


def format_range(value: TimeRange) -> str:
    """``value`` as written in the catalog file: ``"09:00-18:00"``."""
    return f"{_format_time(value.start)}-{_format_time(value.end)}"


OpeningRange = Annotated[TimeRange, PlainValidator(_validate_range), PlainSerializer(format_range)]
"""An opening range of a day, given as ``"HH:MM-HH:MM"``, start before end."""


def _check_day(ranges: list[TimeRange]) -> list[TimeRange]:
    ordered = sorted(ranges, key=lambda r: (r.start, r.end))
    for earlier, later in pairwise(ordered):
        if later.start < earlier.end:
            raise _problem(f"ranges {format_range(earlier)!r} and {format_range(later)!r} overlap")
    return ordered


DayHours = Annotated[list[OpeningRange], AfterValidator(_check_day)]
"""The opening ranges of one day, in start order; an empty list means closed."""


def _check_weekday(value: str) -> str:
    if value not in WEEKDAYS:
        raise _problem(f"{_shown(value)} is not a weekday ({', '.join(WEEKDAYS)})")
    return value


Weekday = Annotated[str, Field(strict=True), AfterValidator(_check_weekday)]


def _validate_date(value: Any) -> date:
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    if isinstance(value, str) and _DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise _problem(f"{_shown(value)} is not a date (YYYY-MM-DD)")


CalendarDate = Annotated[date, PlainValidator(_validate_date), PlainSerializer(date.isoformat)]
"""A date given as ``YYYY-MM-DD``."""


@cache
def _known_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def _validate_zone(value: Any) -> ZoneInfo:
    if isinstance(value, ZoneInfo):
        return value
    if not isinstance(value, str) or value not in _known_zones():
        raise _problem(f"{_shown(value)} is not a known time zone")
    return ZoneInfo(value)


TimeZone = Annotated[ZoneInfo, PlainValidator(_validate_zone), PlainSerializer(str)]
"""An IANA time zone name such as ``Europe/Vilnius``."""


def _check_currency(value: str) -> str:
    if value not in list_currencies():
        raise _problem(f"{_shown(value)} is not a known currency code (ISO 4217, like 'EUR')")
    return value


Currency = Annotated[str, Field(strict=True), AfterValidator(_check_currency)]
"""A three-letter ISO 4217 currency code, upper case."""


# --- models ---------------------------------------------------------------------------


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Category(_Model):
    """A kind of business clients choose from first (hair, beauty, ...)."""

    id: Id
    names: Names


class Staff(_Model):
    """Someone who serves clients; services name the staff who can do them."""

    id: Id
    name: Text


class Service(_Model):
    """Something a client books for a time: one staff member, ``minutes`` long."""

    id: Id
    names: Names
    minutes: PositiveInt
    price: Amount
    staff: Annotated[list[Reference], Field(min_length=1)]
    buffer_after_minutes: NonNegativeInt = 0
    capacity: Count = 1


class Room(_Model):
    """A kind of room a lodging business lets by the night."""

    id: Id
    names: Names
    count: Count
    guests: Count
    price_per_night: Amount


class Policies(_Model):
    """A business's rules for holding, changing, cancelling and paying for bookings."""

    free_cancel_hours: NonNegativeInt = 24
    late_tolerance_minutes: NonNegativeInt = 15
    hold_minutes: Count = 10
    client_reschedules: NonNegativeInt = 1
    payment: Annotated[list[Literal["card", "on_site"]], Field(min_length=1)] = ["on_site"]
    needs_confirmation: Flag = False
    min_notice_minutes: NonNegativeInt = 60
    max_days_ahead: Count = 60
    slot_step_minutes: Annotated[int, Field(strict=True, ge=5, le=240)] = 15
    check_in: ClockTime | None = None
    check_out: ClockTime | None = None


class Business(_Model):
    """A place clients book: either services (with hours and staff) or rooms."""

    id: Id
    name: Text
    category: Reference
    city: OptionalText = ""
    timezone: TimeZone
    currency: Currency
    phone: OptionalText = ""
    email: OptionalText = ""
    address: OptionalText = ""
    languages: Annotated[list[Language], Field(min_length=1)]
    policies: Policies = Policies()
    hours: dict[Weekday, DayHours] = {}
    closed: list[CalendarDate] = []
    staff: list[Staff] = []
    services: list[Service] = []
    rooms: list[Room] = []

    @model_validator(mode="after")
    def _cross_check(self, info: ValidationInfo) -> Self:
        if not _skipping(info):
            _raise_problems(business_problems(self.model_dump()))
        return self


class Catalog(_Model):
    """A whole catalog file: categories and the businesses in them."""

    version: Literal[1] = 1
    categories: list[Category]
    businesses: list[Business]

    @model_validator(mode="after")
    def _cross_check(self, info: ValidationInfo) -> Self:
        if not _skipping(info):
            # Each business checked its own content already.
            _raise_problems(catalog_problems(self.model_dump(), with_businesses=False))
        return self


def _skipping(info: ValidationInfo) -> bool:
    return bool(info.context and info.context.get(SKIP_CROSS_CHECKS))


def _raise_problems(problems: list[Problem]) -> None:
    if problems:
        details = "; ".join(f"{format_loc(loc)}: {message}" for loc, message in problems)
        raise PydanticCustomError(
            PROBLEMS_ERROR, "{details}", {"details": details, "problems": tuple(problems)}
        )


def format_loc(loc: Loc) -> str:
    """``loc`` as shown in problem lines: ``businesses[2].hours.wed[0]``."""
    parts: list[str] = []
    for index, part in enumerate(loc):
        if part == "[key]":
            continue
        is_key = index + 1 < len(loc) and loc[index + 1] == "[key]"
        if isinstance(part, int) and not is_key:
            parts.append(f"[{part}]")
        else:
            parts.append(f".{part}" if parts else str(part))
    return "".join(parts) or ROOT


# --- cross-reference checks on plain data ---------------------------------------------
# These take the data as loaded from YAML (or dumped from the models) and skip
# whatever is malformed: the field validation reports that.


def _items(value: object) -> Iterator[tuple[int, Mapping[str, Any]]]:
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, Mapping):
                yield index, item


def _ids(entries: object) -> set[str] | None:
    """The ids of a list of entries, or None when some entry is too broken to tell.

    A reference is only reported unknown when the ids it could name are all known.
    """
    if not isinstance(entries, list):
        return None
    ids = [entry.get("id") if isinstance(entry, Mapping) else None for entry in entries]
    return {i for i in ids if isinstance(i, str)} if all(isinstance(i, str) for i in ids) else None


def _repeats(values: Iterator[tuple[Loc, object]]) -> list[Problem]:
    seen: dict[object, int] = {}
    problems = []
    for loc, value in values:
        if not isinstance(value, str):
            continue
        seen[value] = seen.get(value, 0) + 1
        if seen[value] > 1:
            times = "twice" if seen[value] == 2 else f"{seen[value]} times"
            problems.append((loc, f"{_shown(value)} is used {times}"))
    return problems


def _unique_ids(key: str, container: Mapping[str, Any]) -> list[Problem]:
    return _repeats(((key, i, "id"), item.get("id")) for i, item in _items(container.get(key)))


def business_problems(business: Mapping[str, Any]) -> list[Problem]:
    """Cross-reference problems inside one business, with paths relative to it."""
    problems: list[Problem] = []
    for key in ("staff", "services", "rooms"):
        problems += _unique_ids(key, business)
    languages = business.get("languages")
    if isinstance(languages, list):
        problems += _repeats((("languages", i), code) for i, code in enumerate(languages))

    staff_ids = _ids(business.get("staff", []))
    for s, service in _items(business.get("services")):
        names = service.get("staff")
        if not isinstance(names, list):
            continue
        problems += _repeats((("services", s, "staff", i), n) for i, n in enumerate(names))
        for i, name in enumerate(names):
            if staff_ids is not None and isinstance(name, str) and name.strip() not in staff_ids:
                problems.append(
                    (
                        ("services", s, "staff", i),
                        f"{_shown(name)} is not one of this business's staff",
                    )
                )

    has_services = bool(business.get("services"))
    has_rooms = bool(business.get("rooms"))
    if has_services and has_rooms:
        problems.append(((), "has both services and rooms; a business has one or the other"))
    elif not has_services and not has_rooms:
        problems.append(((), "has neither services nor rooms"))
    elif has_rooms:
        policies = business.get("policies")
        policies = policies if isinstance(policies, Mapping) else {}
        for key in ("check_in", "check_out"):
            if policies.get(key) is None:
                problems.append((("policies", key), "required for a business with rooms"))
    else:
        hours = business.get("hours", {})
        if isinstance(hours, Mapping) and not any(hours.values()):
            problems.append((("hours",), "a business with services needs opening hours"))
    return problems


def catalog_problems(catalog: Mapping[str, Any], *, with_businesses: bool = True) -> list[Problem]:
    """Cross-reference problems of a whole catalog, with paths from its top.

    Ids must be unique, each business's category must exist, and (unless
    ``with_businesses`` is false) each business must pass :func:`business_problems`.
    """
    problems = _unique_ids("categories", catalog) + _unique_ids("businesses", catalog)
    category_ids = _ids(catalog.get("categories"))
    for b, business in _items(catalog.get("businesses")):
        category = business.get("category")
        if (
            category_ids is not None
            and isinstance(category, str)
            and category.strip()
            and category.strip() not in category_ids
        ):
            problems.append(
                (("businesses", b, "category"), f"{_shown(category)} is not a category id")
            )
        if with_businesses:
            problems += [
                (("businesses", b, *loc), message) for loc, message in business_problems(business)
            ]
    return problems
