"""The ``slotchat`` command."""

from __future__ import annotations

import asyncio
import json
import sys
from importlib.resources import files
from pathlib import Path
from typing import Annotated

import typer

from bot.booking.service import BookingService
from bot.catalog.importer import ImportReport, import_catalog
from bot.catalog.loading import CatalogInvalid, load_catalog
from bot.config import get_settings
from storage.database import Database, upgrade

app = typer.Typer(help="slotchat: a conversational booking assistant.", no_args_is_help=True)
db_app = typer.Typer(help="The database.", no_args_is_help=True)
catalog_app = typer.Typer(help="The catalog of businesses and services.", no_args_is_help=True)
bookings_app = typer.Typer(help="Bookings.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(catalog_app, name="catalog")
app.add_typer(bookings_app, name="bookings")

DEMO_CATALOG = Path(str(files("bot").joinpath("demo/catalog.yml")))


def _database_url() -> str:
    return get_settings().database_url


async def _import(path: Path) -> ImportReport:
    catalog = load_catalog(path)
    db = Database(_database_url())
    try:
        return await import_catalog(db, catalog)
    finally:
        await db.dispose()


def _import_or_exit(path: Path) -> ImportReport:
    try:
        return asyncio.run(_import(path))
    except CatalogInvalid as invalid:
        for line in invalid.problems:
            typer.echo(line, err=True)
        raise typer.Exit(1) from None


def _serve(host: str, port: int) -> None:
    from bot.channels.web.app import create_app
    from bot.channels.web.server import serve as run_server

    settings = get_settings()
    run_server(create_app(settings.database_url, pool_size=settings.db_pool_size), host, port)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply the database migrations."""
    upgrade(_database_url())
    typer.echo("database is up to date")


@catalog_app.command("import")
def catalog_import(
    file: Annotated[Path, typer.Argument(help="A catalog file (YAML).")],
) -> None:
    """Load or update a catalog file: an upsert by id; what the file drops is deactivated."""
    upgrade(_database_url())
    report = _import_or_exit(file)
    typer.echo(f"imported {file}: {report.summary()}")


@bookings_app.command("list")
def bookings_list(
    as_json: Annotated[bool, typer.Option("--json", help="One JSON array.")] = False,
) -> None:
    """Every booking, oldest start first."""

    async def listing() -> list[dict[str, object]]:
        db = Database(_database_url())
        try:
            return [row.as_json() for row in await BookingService(db).listing()]
        finally:
            await db.dispose()

    upgrade(_database_url())
    rows = asyncio.run(listing())
    if as_json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return
    if not rows:
        typer.echo("no bookings")
        return
    columns = ("id", "business", "service", "staff", "start", "status", "client", "channel")
    table = [
        [
            str(r["id"]),
            str(r["business"]),
            str(r["service"] or r["room"]),
            str(r["staff"] or "-"),
            str(r["start"])[:16].replace("T", " "),
            str(r["status"]),
            str(r["client"]["name"] or r["client"]["email"] or "-"),  # type: ignore[index]
            str(r["channel"] or "-"),
        ]
        for r in rows
    ]
    widths = [max(len(c), *(len(row[i]) for row in table)) for i, c in enumerate(columns)]
    typer.echo("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)))
    for row in table:
        typer.echo("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)))


def _decide(booking_id: int, *, confirm: bool, note: str) -> None:
    """The business's decision on a pending booking, then the client is told in the
    chats that can take a message (the web chat, whether open now or later)."""
    from bot.booking import errors
    from bot.booking.directory import Directory
    from bot.notify.booking_decisions import tell_client
    from bot.notify.outbox import Outbox

    async def deciding() -> tuple[str, int]:
        db = Database(_database_url())
        try:
            service = BookingService(db)
            if confirm:
                booking = await service.business_confirm(booking_id, note=note)
            else:
                booking = await service.business_reject(booking_id, reason=note)
            told = await tell_client(Outbox(db), Directory(db), booking)
            return booking.status, told
        finally:
            await db.dispose()

    upgrade(_database_url())
    try:
        status, told = asyncio.run(deciding())
    except errors.BookingError as error:
        typer.echo(f"booking {booking_id}: {error}", err=True)
        raise typer.Exit(1) from None
    typer.echo(f"booking {booking_id} is {status}; the client was told in {told} chat(s)")


@bookings_app.command("confirm")
def bookings_confirm(
    booking_id: Annotated[int, typer.Argument(help="The booking's number.")],
    note: Annotated[str, typer.Option(help="A note kept with the booking's history.")] = "",
) -> None:
    """Confirm a pending booking as the business; the client hears of it in the chat."""
    _decide(booking_id, confirm=True, note=note)


@bookings_app.command("reject")
def bookings_reject(
    booking_id: Annotated[int, typer.Argument(help="The booking's number.")],
    reason: Annotated[str, typer.Option(help="Why, kept with the booking's history.")] = "",
) -> None:
    """Turn a pending booking down as the business; the client hears of it in the chat."""
    _decide(booking_id, confirm=False, note=reason)


@app.command()
def chat(
    lang: Annotated[str | None, typer.Option("--lang", help="en, lt, pl, sq, de or ru.")] = None,
) -> None:
    """Talk to the bot in the terminal (numbers press buttons)."""
    from bot.booking.directory import Directory
    from bot.channels.terminal import chat as run_chat
    from bot.dialogs.engine import Engine
    from bot.nlu.embedded import default_interpreter

    async def talk() -> None:
        db = Database(_database_url())
        try:
            engine = Engine(db, await default_interpreter(Directory(db)))
            await run_chat(engine, language=lang)
        finally:
            await db.dispose()

    upgrade(_database_url())
    asyncio.run(talk())


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the web app (without loading demo data)."""
    upgrade(_database_url())
    _serve(host, port)


@app.command()
def demo(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Create the database if missing, load the demo catalog and serve on HOST:PORT."""
    upgrade(_database_url())
    report = _import_or_exit(DEMO_CATALOG)
    typer.echo(f"demo catalog loaded ({report.summary()})")
    typer.echo(f"open http://{host}:{port}/")
    _serve(host, port)


if __name__ == "__main__":
    app()
