"""The ``slotchat`` command."""

from __future__ import annotations

import asyncio
import json
import sys
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bot.booking.service import BookingService
from bot.catalog.importer import ImportReport, import_catalog
from bot.catalog.loading import CatalogInvalid, load_catalog
from bot.config import get_settings
from storage.database import Database, upgrade

if TYPE_CHECKING:
    from bot.nlu.embedded import EmbeddedInterpreter

app = typer.Typer(help="slotchat: a conversational booking assistant.", no_args_is_help=True)
db_app = typer.Typer(help="The database.", no_args_is_help=True)
catalog_app = typer.Typer(help="The catalog of businesses and services.", no_args_is_help=True)
bookings_app = typer.Typer(help="Bookings.", no_args_is_help=True)
nlu_app = typer.Typer(help="Understanding free text: parse, train, test.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(nlu_app, name="nlu")
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
    from bot.channels.telegram.transports import TelegramOptions
    from bot.channels.web.app import create_app
    from bot.channels.web.server import serve as run_server

    settings = get_settings()
    telegram = TelegramOptions.from_settings(settings)
    if telegram is not None:
        typer.echo("Telegram: " + ("webhook" if telegram.webhook_url else "long polling"))
    app = create_app(settings.database_url, pool_size=settings.db_pool_size, telegram=telegram)
    run_server(app, host, port)


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


# -- nlu ---------------------------------------------------------------------------------


def _interpreter(model_file: Path | None = None) -> EmbeddedInterpreter:
    """The embedded interpreter with the stored catalog's names (the demo catalog's when
    no database exists yet: parsing creates none)."""
    from bot.booking.directory import Directory
    from bot.nlu import classifier
    from bot.nlu.catalog_facts import catalog_facts, facts_from_file
    from bot.nlu.embedded import EmbeddedInterpreter

    model = classifier.load(model_file) if model_file else classifier.load_or_train()
    url = _database_url()
    if url.startswith("sqlite") and not _sqlite_file_exists(url):
        return EmbeddedInterpreter(model, facts_from_file(load_catalog(DEMO_CATALOG)))

    async def stored() -> EmbeddedInterpreter:
        db = Database(url)
        try:
            facts = await catalog_facts(Directory(db))
        finally:
            await db.dispose()
        if not facts.terms:
            facts = facts_from_file(load_catalog(DEMO_CATALOG))
        return EmbeddedInterpreter(model, facts)

    return asyncio.run(stored())


def _sqlite_file_exists(url: str) -> bool:
    from sqlalchemy.engine import make_url

    database = make_url(url).database
    return bool(database) and database != ":memory:" and Path(str(database)).exists()


@nlu_app.command("parse")
def nlu_parse(
    text: Annotated[str | None, typer.Argument(help="The text (else each line of stdin).")] = None,
    lang: Annotated[str | None, typer.Option("--lang", help="The conversation's language.")] = None,
    timezone: Annotated[str, typer.Option(help="Time zone for times (IANA name).")] = "UTC",
) -> None:
    """Print Rasa's parse result, one JSON object per text."""
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from bot.nlu.interpreter import ParseContext

    interpreter = _interpreter()
    texts = [text] if text is not None else (line.rstrip("\n") for line in sys.stdin)
    for item in texts:
        context = ParseContext(language=lang, timezone=ZoneInfo(timezone), now=datetime.now(UTC))
        parsed = interpreter.parse_now(item, context)
        sys.stdout.write(json.dumps(parsed.as_json(), ensure_ascii=False) + "\n")
        sys.stdout.flush()


@nlu_app.command("train")
def nlu_train(
    data: Annotated[Path | None, typer.Option(help="A Rasa NLU file or a folder of them.")] = None,
    out: Annotated[Path | None, typer.Option(help="Where to write the model.")] = None,
) -> None:
    """Train the embedded model (on the project's data unless --data is given)."""
    import time

    from bot.nlu import classifier

    source = data or classifier.DATA_DIR
    started = time.perf_counter()
    examples = classifier.read_data(source).examples
    model = classifier.train(
        examples, data_hash=classifier.data_hash(classifier.data_files(source))
    )
    target = out or classifier.cache_dir() / f"nlu-{model.data_hash}.joblib"
    classifier.save(model, target)
    seconds = time.perf_counter() - started
    typer.echo(
        f"trained on {len(examples)} examples, {len(model.intents.labels)} intents, "
        f"in {seconds:.1f} s: {target}"
    )


@nlu_app.command("test")
def nlu_test(
    data: Annotated[Path, typer.Option(help="A Rasa NLU file or a folder of them.")],
    model: Annotated[Path | None, typer.Option(help="A model from `nlu train --out`.")] = None,
    folds: Annotated[
        int, typer.Option(help="Cross-validate: train on the rest of DATA for each of N folds.")
    ] = 0,
) -> None:
    """Print accuracy, per-intent F1, entity F1 and per-language figures as one JSON object."""
    from bot.nlu import classifier
    from bot.nlu.embedded import EmbeddedInterpreter
    from bot.nlu.evaluation import evaluate
    from bot.nlu.evaluation import folds as split

    examples = classifier.read_data(data).examples
    if not examples:
        typer.echo(f"{data}: no examples", err=True)
        raise typer.Exit(1)
    if folds < 2:
        interpreter = _interpreter(model)
        report = evaluate(examples, interpreter.parse_now)
    else:
        facts = _interpreter(model).catalog
        reports = []
        for train_part, test_part in split(examples, folds):
            fold_model = EmbeddedInterpreter(classifier.train(train_part), facts)
            reports.append(evaluate(test_part, fold_model.parse_now))
        report = {
            "folds": folds,
            "accuracy": round(
                sum(r["accuracy"] * r["examples"] for r in reports) / len(examples), 4
            ),
            "fold_accuracy": [r["accuracy"] for r in reports],
            "examples": len(examples),
        }
    json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    app()
