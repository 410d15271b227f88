"""The interpreter the application uses when nothing else is configured."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from bot.booking.directory import Directory
from bot.nlu.keywords import KeywordInterpreter, catalog_terms


@dataclass(frozen=True)
class _Named:
    id: str
    names: Mapping[str, str]


@dataclass(frozen=True)
class _Business:
    id: str
    name: str
    city: str
    services: Sequence[_Named] = field(default_factory=list)


@dataclass(frozen=True)
class _StoredCatalog:
    categories: Sequence[_Named]
    businesses: Sequence[_Business]


async def default_interpreter(directory: Directory) -> KeywordInterpreter:
    """The keyword interpreter, knowing the stored catalog's names in every language."""
    services: dict[str, list[_Named]] = {}
    for service in await directory.services():
        services.setdefault(service.business_id, []).append(_Named(service.id, service.names))
    catalog = _StoredCatalog(
        categories=[_Named(c.id, c.names) for c in await directory.categories()],
        businesses=[
            _Business(b.id, b.name, b.city, services.get(b.id, []))
            for b in await directory.businesses()
        ],
    )
    return KeywordInterpreter(catalog_terms(catalog))
