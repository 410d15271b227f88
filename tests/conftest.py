"""Fixtures: fresh databases (SQLite always; PostgreSQL when it is there), a clock."""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import pytest

from bot.catalog.importer import import_catalog
from bot.catalog.loading import load_catalog
from storage.database import Database, upgrade

REPO = Path(__file__).resolve().parent.parent
DEMO_CATALOG = REPO / "bot" / "demo" / "catalog.yml"
PG_ADMIN_DSN = os.environ.get("SLOTCHAT_TEST_PG_DSN", "postgresql://postgres@127.0.0.1:5432/test")
REQUIRE_PG = os.environ.get("SLOTCHAT_REQUIRE_PG") == "1"

# Monday 23 November 2026, 09:00 in Vilnius.
NOW = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)


@dataclass
class FakeClock:
    """A clock the test moves by hand."""

    now: datetime = NOW

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def _pg_url(dsn: str, database: str) -> str:
    base = dsn.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://", 1)
    return f"{base}/{database}"


async def _pg_admin(statement: str) -> None:
    connection = await asyncpg.connect(PG_ADMIN_DSN, timeout=5)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    """A migrated PostgreSQL database that each test's database is copied from."""
    try:
        asyncio.run(_pg_admin("SELECT 1"))
    except (OSError, asyncpg.PostgresError) as error:
        reason = f"PostgreSQL is not reachable at {PG_ADMIN_DSN}: {error}"
        if REQUIRE_PG:
            pytest.fail(f"{reason} (SLOTCHAT_REQUIRE_PG=1)")
        pytest.skip(reason)
    name = f"slotchat_tpl_{uuid.uuid4().hex[:12]}"
    asyncio.run(_pg_admin(f'CREATE DATABASE "{name}"'))
    try:
        upgrade(_pg_url(PG_ADMIN_DSN, name))
        yield name
    finally:
        asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
async def pg_url(pg_template: str) -> AsyncIterator[str]:
    """The URL of a fresh, migrated PostgreSQL database, dropped afterwards."""
    name = f"slotchat_test_{uuid.uuid4().hex[:12]}"
    await _pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{pg_template}"')
    try:
        yield _pg_url(PG_ADMIN_DSN, name)
    finally:
        await _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    upgrade(f"sqlite+aiosqlite:///{path}")
    return path


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    """The URL of a fresh, migrated SQLite database file."""
    path = tmp_path / "slotchat.db"
    shutil.copy(sqlite_template, path)
    return f"sqlite+aiosqlite:///{path}"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest) -> str:
    """Each test using it runs once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[Database]:
    database = Database(database_url)
    try:
        yield database
    finally:
        await database.dispose()


@pytest.fixture
async def demo_sqlite(sqlite_url: str) -> AsyncIterator[Database]:
    """A SQLite database holding the demo catalog (where the engine alone is tested)."""
    db = Database(sqlite_url)
    await import_catalog(db, load_catalog(DEMO_CATALOG))
    yield db
    await db.dispose()


@pytest.fixture
async def demo_db(db: Database) -> Database:
    """A database holding the demo catalog."""
    await import_catalog(db, load_catalog(DEMO_CATALOG))
    return db
