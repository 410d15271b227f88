"""Reading a catalog file and reporting every problem in it, one line each.

A problem line names where the problem is, then what it is::

    businesses[2].hours.wed[0]: '25:00-26:00' is not a time range
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from bot.catalog.schema import (
    PROBLEMS_ERROR,
    SKIP_CROSS_CHECKS,
    Catalog,
    Problem,
    catalog_problems,
    format_loc,
)


class CatalogInvalid(Exception):
    """A catalog that cannot be used; ``problems`` says why, one line each."""

    def __init__(self, problems: list[str], source: str | None = None) -> None:
        self.problems = problems
        self.source = source
        where = source or "the catalog"
        count = len(problems)
        heading = f"{where} has {count} problem{'s' if count != 1 else ''}:"
        super().__init__("\n".join([heading, *(f"  {line}" for line in problems)]))


def parse_catalog(data: object) -> Catalog:
    """Validate ``data`` (as loaded from YAML) into a :class:`Catalog`.

    Raises :class:`CatalogInvalid` listing every problem found, field problems and
    cross-reference problems alike.
    """
    problems: list[Problem] = []
    catalog: Catalog | None = None
    try:
        catalog = Catalog.model_validate(data, context={SKIP_CROSS_CHECKS: True})
    except ValidationError as error:
        problems += _problems_of(error.errors())
    if isinstance(data, Mapping):
        problems += catalog_problems(data)
    if problems:
        raise CatalogInvalid(_lines(problems))
    assert catalog is not None
    return catalog


def load_catalog(path: str | Path) -> Catalog:
    """Read and validate the catalog file at ``path``.

    Raises :class:`CatalogInvalid` when the file is missing, is not YAML, does not hold
    a mapping, or holds an invalid catalog.
    """
    path = Path(path)
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CatalogInvalid([f"{source}: no such file"], source) from None
    except (OSError, UnicodeDecodeError) as error:
        raise CatalogInvalid([f"{source}: cannot be read ({error})"], source) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise CatalogInvalid([_yaml_problem(source, error)], source) from None
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {_kind(data)}"
        raise CatalogInvalid(
            [f"{source}: the top level must be a mapping of fields, not {kind}"], source
        )
    try:
        return parse_catalog(data)
    except CatalogInvalid as error:
        raise CatalogInvalid(error.problems, source) from None


def _yaml_problem(source: str, error: yaml.YAMLError) -> str:
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None)
    what = f"{context}, {problem}" if context else problem
    if mark is None:
        return f"{source}: not valid YAML: {what}"
    return f"{source}:{mark.line + 1}:{mark.column + 1}: not valid YAML: {what}"


# --- pydantic errors as problem lines -------------------------------------------------


def _problems_of(errors: Iterable[ErrorDetails]) -> list[Problem]:
    problems: list[Problem] = []
    for error in errors:
        loc = tuple(error["loc"])
        if error["type"] == PROBLEMS_ERROR:
            for inner, message in error.get("ctx", {}).get("problems", ()):
                problems.append(((*loc, *inner), message))
        else:
            problems.append((loc, _message(error)))
    return problems


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _kind(value: object) -> str:
    kinds = {
        dict: "mapping",
        list: "list",
        str: "text",
        bool: "true/false value",
        int: "number",
        float: "number",
    }
    return next((name for t, name in kinds.items() if isinstance(value, t)), "value")


def _described(value: object) -> str:
    return "empty" if value is None else f"{_kind(value)} {_shown(value)}"


def _message(error: ErrorDetails) -> str:
    """A plain-English message for one pydantic error."""
    kind = error["type"]
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    value = error.get("input")
    shown = _shown(value)
    if kind == "catalog":
        return str(ctx["message"])
    if kind == "missing":
        return "required"
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "greater_than":
        return f"must be greater than {ctx['gt']}"
    if kind == "greater_than_equal":
        return "must not be negative" if ctx["ge"] == 0 else f"must be at least {ctx['ge']}"
    if kind == "less_than":
        return f"must be less than {ctx['lt']}"
    if kind == "less_than_equal":
        return f"must be at most {ctx['le']}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"{shown} is not a whole number"
    if kind in ("bool_type", "bool_parsing"):
        return f"{shown} is not true or false"
    if kind in ("decimal_type", "decimal_parsing", "finite_number"):
        return f"{shown} is not an amount (write it like '35.00')"
    if kind in ("string_type", "string_sub_type"):
        return f"{shown} is not text"
    if kind == "string_pattern_mismatch":
        return (
            f"{shown} is not a valid id (lowercase letters, digits, '-' and '_', "
            "up to 64 characters, starting with a letter or digit)"
        )
    if kind in ("too_short", "string_too_short"):
        return "must not be empty"
    if kind == "list_type":
        return f"must be a list, not {_described(value)}"
    if kind in ("dict_type", "model_type", "model_attributes_type", "dataclass_type"):
        return f"must be a mapping of fields, not {_described(value)}"
    if kind == "literal_error":
        return f"{shown} is not allowed (expected {ctx['expected']})"
    return f"{shown}: {error['msg']}" if "input" in error else str(error["msg"])


_SECTIONS = ("version", "categories", "businesses")


def _order(problem: Problem) -> tuple[int, int]:
    # Keep problems of one top-level entry together, in file order.
    loc = problem[0]
    section = _SECTIONS.index(loc[0]) if loc and loc[0] in _SECTIONS else len(_SECTIONS)
    index = loc[1] if len(loc) > 1 and isinstance(loc[1], int) else -1
    return section, index


def _lines(problems: list[Problem]) -> list[str]:
    lines = [f"{format_loc(loc)}: {message}" for loc, message in sorted(problems, key=_order)]
    return list(dict.fromkeys(lines))
