"""What the interpreter needs to know of the catalog: the names to look for, each
business's time zone, and who offers each service (from the stored catalog, or a
catalog file)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from bot.booking.directory import Directory
from bot.catalog.schema import Catalog
from bot.nlu.names import ENTITY_KINDS, Term, catalog_terms


@dataclass(frozen=True)
class CatalogFacts:
    """What the interpreter knows of the catalog: the names to look for, each
    business's time zone, and the businesses offering each service."""

    terms: Sequence[Term] = ()
    timezones: Mapping[str, str] = field(default_factory=dict)
    offered_by: Mapping[str, frozenset[str]] = field(default_factory=dict)  # service → businesses

    def known(self) -> dict[str, set[str]]:
        ids: dict[str, set[str]] = {kind: set() for kind in ENTITY_KINDS}
        for term in self.terms:
            ids[term.entity].add(term.id)
        return ids


def facts_from_file(catalog: Catalog) -> CatalogFacts:
    """What the interpreter needs of a catalog file (when no catalog is stored yet)."""
    offered_by: dict[str, set[str]] = {}
    for business in catalog.businesses:
        offered = [s.id for s in business.services] + [r.id for r in business.rooms]
        for service_id in offered:
            offered_by.setdefault(service_id, set()).add(business.id)
    return CatalogFacts(
        terms=catalog_terms(catalog),
        timezones={b.id: str(b.timezone) for b in catalog.businesses},
        offered_by={k: frozenset(v) for k, v in offered_by.items()},
    )


async def catalog_facts(directory: Directory) -> CatalogFacts:
    """What the interpreter needs of the stored catalog."""
    categories = await directory.categories()
    businesses = await directory.businesses()
    services = await directory.services()
    by_business: dict[str, list[_Named]] = {}
    offered_by: dict[str, set[str]] = {}
    for service in services:
        by_business.setdefault(service.business_id, []).append(_Named(service.id, service.names))
        offered_by.setdefault(service.id, set()).add(service.business_id)
    shaped = _Catalog(
        categories=[_Named(c.id, c.names) for c in categories],
        businesses=[_Business(b.id, b.name, b.city, by_business.get(b.id, [])) for b in businesses],
    )
    return CatalogFacts(
        terms=catalog_terms(shaped),
        timezones={b.id: b.timezone for b in businesses},
        offered_by={k: frozenset(v) for k, v in offered_by.items()},
    )


@dataclass(frozen=True)
class _Named:
    id: str
    names: Mapping[str, str]


@dataclass(frozen=True)
class _Business:
    id: str
    name: str
    city: str
    services: Sequence[_Named] = ()


@dataclass(frozen=True)
class _Catalog:
    categories: Sequence[_Named]
    businesses: Sequence[_Business]
