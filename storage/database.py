"""The one database entry point: engine, session factory, and migrations.

On SQLite every transaction starts with ``BEGIN IMMEDIATE``: writers are serialized
by the database file's lock, so a check followed by a write inside one transaction
cannot interleave with another connection's. On PostgreSQL the constraints of the
schema hold the guarantees.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import asyncpg
from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
READ_ONLY = "slotchat_read_only"


def _serialize_sqlite_writes(engine: AsyncEngine) -> None:
    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when a transaction begins.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA busy_timeout = 30000")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Any) -> None:
        # Readers (see Database.reading) need no write lock: WAL lets them run beside
        # the one writer.
        if connection.get_execution_options().get(READ_ONLY):
            connection.exec_driver_sql("BEGIN")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")


class Database:
    """An engine and its session factory for one database URL."""

    def __init__(self, url: str, *, pool_size: int = 10) -> None:
        self.url = url
        self.pool_size = pool_size
        self._driver_pool: asyncpg.Pool | None = None
        self._driver_pool_lock = asyncio.Lock()
        parsed = make_url(url)
        self.dialect = parsed.get_backend_name()
        kwargs: dict[str, Any] = {}
        if self.dialect == "sqlite":
            kwargs["connect_args"] = {"timeout": 30}
        else:
            # No ping before each checkout (a round trip each time): a connection found
            # dead fails its statement once, and SQLAlchemy then recycles every
            # connection older than it, so a database restart costs one failed turn.
            kwargs.update(pool_size=pool_size, max_overflow=pool_size)
        self.engine = create_async_engine(url, **kwargs)
        if self.dialect == "sqlite":
            _serialize_sqlite_writes(self.engine)
        self._autocommitting = self.engine.execution_options(isolation_level="AUTOCOMMIT")
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        # Readers need no transaction of their own: on PostgreSQL each of their few
        # statements runs by itself (no BEGIN, no ROLLBACK round trips); on SQLite
        # they begin a deferred transaction (see _serialize_sqlite_writes).
        readers = (
            self.engine.execution_options(**{READ_ONLY: True})
            if self.dialect == "sqlite"
            else self._autocommitting
        )
        self.readers = async_sessionmaker(readers, expire_on_commit=False)

    def session(self) -> AsyncSession:
        """A new session; use ``async with db.session() as s, s.begin(): ...``."""
        return self.sessions()

    def reading(self) -> AsyncSession:
        """A session that only reads: on SQLite it does not wait for the write lock."""
        return self.readers()

    @asynccontextmanager
    async def autocommit(self) -> AsyncIterator[AsyncConnection]:
        """A connection on which each statement commits by itself: one round trip per
        statement on PostgreSQL (no BEGIN, no COMMIT). For single statements only; on
        SQLite the statements share one immediate transaction, the same for one."""
        if self.dialect == "sqlite":
            async with self.engine.begin() as connection:
                yield connection
            return
        async with self._autocommitting.connect() as connection:
            yield connection

    async def driver_pool(self) -> asyncpg.Pool:
        """On PostgreSQL, a pool of plain asyncpg connections for the two statements
        every turn runs (taking and saving the conversation), where SQLAlchemy's
        execution layer would cost more than the statement. Made on first use."""
        if self.dialect != "postgresql":
            raise RuntimeError("plain driver connections exist only on PostgreSQL")
        if self._driver_pool is None:
            async with self._driver_pool_lock:
                if self._driver_pool is None:
                    dsn = make_url(self.url).set(drivername="postgresql")
                    self._driver_pool = await asyncpg.create_pool(
                        dsn.render_as_string(hide_password=False),
                        min_size=1,
                        max_size=self.pool_size,
                        reset=_keep_session,
                    )
        return self._driver_pool

    async def upgrade(self) -> None:
        """Apply every migration (safe to call on an up-to-date database)."""
        await asyncio.to_thread(upgrade, self.url)

    async def dispose(self) -> None:
        await self.engine.dispose()
        if self._driver_pool is not None:
            await self._driver_pool.close()
            self._driver_pool = None


async def _keep_session(connection: asyncpg.Connection) -> None:
    """No reset when a plain connection goes back to its pool (asyncpg's default is a
    round trip each time): its single statements leave no session state behind."""


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Apply migrations up to ``revision`` (blocking; it runs its own event loop)."""
    command.upgrade(alembic_config(url), revision)
